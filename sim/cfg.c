/* cfg.c - the cfg object: loading files and strings, positions, lookups, messages.
 *
 * Files: cfg.c (this), cfg_load.c (libyaml to tree), cfg_get.c (getters, strict
 * numbers, records), cfg_check.c (unknown keys, --set), cfg_out.c (resolved YAML),
 * cfg_name.c (valid names), cfg_internal.h (private types).
 *
 * Loading runs libyaml twice over the text. A first pass over the event stream
 * reports syntax errors and stops at the first collection deeper than max_depth, so
 * a file of 50,000 '[' fails in microseconds (libyaml's scanner is quadratic in the
 * flow depth, and yaml_parser_load would take seconds to reach its own error). The
 * second pass is the document API (yaml_parser_load); its node graph is then walked
 * twice without recursion: a counting walk that visits every node as often as it is
 * reachable (an alias counts again at each use; keys count too) and stops at
 * max_nodes or max_depth, and a building walk that copies the graph into the cfg's
 * own tree. Nothing in the module recurses on the input's depth.
 *
 * Aliases are supported by copy: each use of *name becomes an independent copy of
 * the anchored node, so a later --set changes one place only. Positions of copied
 * nodes are those of the anchored definition (libyaml keeps no position for the use).
 * Exponential alias chains ("billion laughs") stop at the counting walk before the
 * copy is made; an alias to its own ancestor stops at max_depth. YAML 1.1 merge keys
 * ("<<: *base") are not supported: "<<" is an ordinary key and is reported as unknown.
 * Every explicit tag ("!foo", and the core "!!str" too) is an error (cfg_load.c).
 *
 * Values: numbers and booleans come only from plain (unquoted) scalars. A plain null
 * ("", "~", "null") is a value of its own for getters ("got null"), but a null
 * section ("years:" with nothing below) is absent for the keys inside it, and
 * es_cfg_seq_len gives 0 for it. A key path through a plain value ("years: 5",
 * asking years.start) is an error, reported once per node. */
#include "cfg_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

es_cfg_limits es_cfg_default_limits(void)
{
    es_cfg_limits l = {(size_t)16 << 20, 64, 65536, 1000000};
    return l;
}

char *es_cfg_strndup(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (!r) return NULL;
    if (n) memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

cn *es_cfg_node_new(cn_kind kind, const char *src, int line, int col)
{
    cn *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->src = src;
    n->line = line;
    n->col = col;
    return n;
}

int es_cfg_node_add(cn *parent, cn *kid)
{
    if (parent->n == parent->cap) {
        int cap = parent->cap ? 2 * parent->cap : 4;
        cn **k = realloc(parent->kid, (size_t)cap * sizeof *k);
        if (!k) return -1;
        parent->kid = k;
        parent->cap = cap;
    }
    parent->kid[parent->n++] = kid;
    free(parent->hix); /* rebuilt by the next lookup */
    parent->hix = NULL;
    parent->hcap = 0;
    return 0;
}

void es_cfg_node_free(cn *n)
{
    /* Intrusive work list: no recursion and no allocation, whatever the depth. */
    if (!n) return;
    n->next_free = NULL;
    cn *head = n;
    while (head) {
        cn *x = head;
        head = x->next_free;
        for (int i = 0; i < x->n; i++) {
            if (!x->kid[i]) continue;
            x->kid[i]->next_free = head;
            head = x->kid[i];
        }
        free(x->kid);
        free(x->hix);
        free(x->text);
        free(x->key);
        free(x);
    }
}

int es_cfg_node_is_null(const cn *n)
{
    if (!n || n->kind != CN_SCALAR || !n->plain) return 0;
    const char *t = n->text;
    return n->len == 0 || strcmp(t, "~") == 0 || strcmp(t, "null") == 0 ||
           strcmp(t, "Null") == 0 || strcmp(t, "NULL") == 0;
}

void es_cfg_add_err(es_diag *d, const char *src, int line, int col, const char *key, size_t keylen,
                 const char *fmt, ...)
{
    if (d && d->n >= ES_DIAG_MAX) { /* not stored anyway: count it without formatting */
        d->dropped++;
        return;
    }
    char small[512];
    char *msg = small;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < 0) len = 0, small[0] = '\0';
    if ((size_t)len >= sizeof small) {
        char *big = malloc((size_t)len + 1);
        if (big) {
            va_start(ap, fmt);
            vsnprintf(big, (size_t)len + 1, fmt, ap);
            va_end(ap);
            msg = big;
        }
    }
    char pos[64] = "";
    if (line > 0) snprintf(pos, sizeof pos, ":%d:%d", line, col);
    /* bounded output: a key path (megabyte keys, deep nesting) or a message is shown
     * with its middle elided beyond CFG_SHOW_MAX (CFG_MSG_MAX) bytes */
    enum { CFG_SHOW_MAX = 512, CFG_SHOW_END = 128, CFG_MSG_MAX = 2048 };
    size_t ml = strlen(msg);
    int mh = ml > CFG_MSG_MAX ? CFG_MSG_MAX - CFG_SHOW_END : (int)ml, mt = ml > CFG_MSG_MAX ? CFG_SHOW_END : 0;
    const char *mdots = mt ? " ... " : "";
    if (key && keylen) {
        int kh = keylen > CFG_SHOW_MAX ? CFG_SHOW_MAX - CFG_SHOW_END : (int)keylen;
        int kt = keylen > CFG_SHOW_MAX ? CFG_SHOW_END : 0;
        es_diag_add(d, "%s%s: error: %.*s%s%.*s: %.*s%s%.*s", src, pos, kh, key, kt ? "..." : "", kt,
                    key + keylen - (size_t)kt, mh, msg, mdots, mt, msg + ml - (size_t)mt);
    } else {
        es_diag_add(d, "%s%s: error: %.*s%s%.*s", src, pos, mh, msg, mdots, mt, msg + ml - (size_t)mt);
    }
    if (msg != small) free(msg);
}

void es_cfg_show(char *buf, size_t n, const char *s, size_t len)
{
    const size_t maxshow = 40;
    size_t o = 0, i = 0;
    if (n < 8) {
        if (n) buf[0] = '\0';
        return;
    }
    buf[o++] = '\'';
    for (; i < len && i < maxshow && o + 6 < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        buf[o++] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
    }
    if (i < len) {
        while (o > 1 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80) o--; /* whole characters */
        if (o > 1 && ((unsigned char)buf[o - 1] & 0xC0) == 0xC0) o--;
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
}

const char *es_cfg_got(const cn *n, char *buf, size_t bufsize)
{
    if (n->kind == CN_MAP) return "a mapping";
    if (n->kind == CN_SEQ) return "a sequence";
    if (!n->plain) return "a string";
    if (es_cfg_node_is_null(n)) return "null (an empty value)";
    es_cfg_show(buf, bufsize, n->text, n->len);
    return buf;
}

const char *es_cfg_arena_add(es_cfg *c, char *s)
{
    if (!s) {
        es_cfg_nomem(c);
        return NULL;
    }
    if (c->narena == c->caparena) {
        int cap = c->caparena ? 2 * c->caparena : 16;
        char **a = realloc(c->arena, (size_t)cap * sizeof *a);
        if (!a) {
            free(s);
            es_cfg_nomem(c);
            return NULL;
        }
        c->arena = a;
        c->caparena = cap;
    }
    c->arena[c->narena++] = s;
    return s;
}

void es_cfg_nomem(es_cfg *c)
{
    if (c->nomem) return;
    c->nomem = 1;
    es_diag_add(&c->diag, "%s: error: out of memory", c->name);
}

es_status es_cfg_load_string(const char *name, const char *text, size_t len,
                             const es_cfg_limits *lim, es_cfg **out, es_diag *d)
{
    if (!out) return ES_ERR_INTERNAL;
    *out = NULL;
    if (!name) name = "<string>";
    if (!text && len) return ES_ERR_INTERNAL;
    es_cfg_limits L = lim ? *lim : es_cfg_default_limits();
    if (len > L.max_file_bytes) {
        es_diag_add(d, "%s: error: file of %zu bytes is larger than the limit of %zu bytes (limit max_file_bytes)",
                    name, len, L.max_file_bytes);
        return ES_ERR_LIMIT;
    }
    es_cfg *c = calloc(1, sizeof *c);
    if (!c || !(c->name = es_cfg_strndup(name, strlen(name)))) {
        free(c);
        es_diag_add(d, "%s: error: out of memory", name);
        return ES_ERR_NOMEM;
    }
    c->lim = L;
    es_diag_init(&c->diag);
    es_status st = es_cfg_load_tree(c->name, text ? text : "", len, &c->lim, 0, 1, &c->root, d);
    if (st != ES_OK) {
        es_cfg_free(c);
        return st;
    }
    *out = c;
    return ES_OK;
}

es_status es_cfg_load_file(const char *path, const es_cfg_limits *lim, es_cfg **out, es_diag *d)
{
    if (!out || !path) return ES_ERR_INTERNAL;
    *out = NULL;
    es_cfg_limits L = lim ? *lim : es_cfg_default_limits();
    /* Opened without blocking and checked on the descriptor: a FIFO or a device named
     * here would make the reader wait forever. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        es_diag_add(d, "%s: error: cannot open the file: %s", path, strerror(errno));
        return ES_ERR_IO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        es_diag_add(d, "%s: error: cannot read the file: it is %s (valid: a regular file)", path,
                    S_ISDIR(sb.st_mode) ? "a directory" : S_ISFIFO(sb.st_mode) ? "a FIFO (named pipe)"
                    : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "a device" : "not a regular file");
        close(fd);
        return S_ISDIR(sb.st_mode) ? ES_ERR_IO : ES_ERR_INPUT;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        es_diag_add(d, "%s: error: cannot open the file: %s", path, strerror(errno));
        close(fd);
        return ES_ERR_IO;
    }
    {
        if (S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > (uintmax_t)L.max_file_bytes) {
            es_diag_add(d, "%s: error: file of %jd bytes is larger than the limit of %zu bytes (limit max_file_bytes)",
                        path, (intmax_t)sb.st_size, L.max_file_bytes);
            fclose(f);
            return ES_ERR_LIMIT;
        }
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    es_status st = ES_OK;
    while (buf) {
        if (len == cap) {
            char *b2 = realloc(buf, cap * 2);
            if (!b2) break;
            buf = b2;
            cap *= 2;
        }
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (len > L.max_file_bytes) {
            es_diag_add(d, "%s: error: file is larger than the limit of %zu bytes (limit max_file_bytes)",
                        path, L.max_file_bytes);
            st = ES_ERR_LIMIT;
            break;
        }
        if (r == 0) {
            if (ferror(f)) {
                es_diag_add(d, "%s: error: cannot read the file: %s", path, strerror(errno));
                st = ES_ERR_IO;
            }
            break;
        }
    }
    fclose(f);
    if (st == ES_OK && !buf) {
        es_diag_add(d, "%s: error: out of memory reading the file", path);
        st = ES_ERR_NOMEM;
    }
    if (st == ES_OK) st = es_cfg_load_string(path, buf, len, &L, out, d);
    free(buf);
    return st;
}

void es_cfg_free(es_cfg *c)
{
    if (!c) return;
    es_cfg_node_free(c->root);
    es_diag_free(&c->diag);
    es_cfg_hash_free(&c->asked);
    es_cfg_hash_free(&c->recidx);
    for (int i = 0; i < c->nrec; i++) {
        free(c->rec[i].key);
        free(c->rec[i].v);
    }
    free(c->rec);
    for (int i = 0; i < c->narena; i++) free(c->arena[i]);
    free(c->arena);
    free(c->name);
    free(c);
}

const es_diag *es_cfg_diag(const es_cfg *c) { return c ? &c->diag : NULL; }
int es_cfg_error_count(const es_cfg *c) { return c ? es_diag_count(&c->diag) : 0; }
const char *es_cfg_name(const es_cfg *c) { return c ? c->name : ""; }

/* ---- lookups ------------------------------------------------------------------ */

int es_cfg_is_index(const char *s, size_t len, long *idx)
{
    if (len == 0 || len > 9) return 0;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (len > 1 && s[0] == '0') return 0;
    *idx = v;
    return 1;
}

static size_t key_hash(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 1099511628211ULL;
    return (size_t)h;
}

/* The kid of mapping m with key k (the first of that name), or NULL: a linear search
 * for small mappings, a hash index for large ones (450,000 keys made every lookup of
 * a known key a scan of them all). */
static cn *map_find(cn *m, const char *k, size_t kl)
{
    enum { LINEAR_MAX = 32 };
    if (m->n > LINEAR_MAX && !m->hix) {
        size_t cap = 64;
        while (cap < 2 * (size_t)m->n) cap *= 2;
        int *h = malloc(cap * sizeof *h);
        if (h) {
            for (size_t i = 0; i < cap; i++) h[i] = -1;
            for (int i = 0; i < m->n; i++) {
                const cn *x = m->kid[i];
                size_t j = key_hash(x->key, x->klen) & (cap - 1);
                while (h[j] >= 0 && !(m->kid[h[j]]->klen == x->klen && memcmp(m->kid[h[j]]->key, x->key, x->klen) == 0))
                    j = (j + 1) & (cap - 1);
                if (h[j] < 0) h[j] = i; /* a duplicate keeps the first */
            }
            m->hix = h;
            m->hcap = cap;
        }
    }
    if (m->hix) {
        for (size_t j = key_hash(k, kl) & (m->hcap - 1); m->hix[j] >= 0; j = (j + 1) & (m->hcap - 1)) {
            cn *x = m->kid[m->hix[j]];
            if (x->klen == kl && memcmp(x->key, k, kl) == 0) return x;
        }
        return NULL;
    }
    for (int i = 0; i < m->n; i++)
        if (m->kid[i]->klen == kl && memcmp(m->kid[i]->key, k, kl) == 0) return m->kid[i];
    return NULL;
}

cfg_lk es_cfg_lookup(const es_cfg *c, const char *key, cn **out, size_t *plen)
{
    cn *cur = c ? c->root : NULL;
    const char *p = key;
    if (!cur || !key) return LK_ABSENT;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t cl = dot ? (size_t)(dot - p) : strlen(p);
        cn *next = NULL;
        long idx;
        if (cur->kind == CN_MAP) {
            if (!(next = map_find(cur, p, cl))) return LK_ABSENT;
        } else if (cur->kind == CN_SEQ && es_cfg_is_index(p, cl, &idx)) {
            if (idx >= cur->n) return LK_ABSENT;
            next = cur->kid[idx];
        } else if (es_cfg_node_is_null(cur)) {
            return LK_ABSENT;
        } else {
            *out = cur;
            *plen = p > key ? (size_t)(p - key - 1) : 0;
            return LK_BLOCKED;
        }
        cur = next;
        if (!dot) {
            *out = cur;
            return LK_FOUND;
        }
        p = dot + 1;
    }
}

int es_cfg_has(const es_cfg *c, const char *key)
{
    cn *n;
    size_t pl;
    return es_cfg_lookup(c, key, &n, &pl) == LK_FOUND;
}

int es_cfg_is_map(const es_cfg *c, const char *key)
{
    cn *n;
    size_t pl;
    return es_cfg_lookup(c, key, &n, &pl) == LK_FOUND && n->kind == CN_MAP;
}

int es_cfg_is_seq(const es_cfg *c, const char *key)
{
    cn *n;
    size_t pl;
    return es_cfg_lookup(c, key, &n, &pl) == LK_FOUND && n->kind == CN_SEQ;
}

void es_cfg_where(const es_cfg *c, const char *key, char *buf, size_t bufsize)
{
    if (!buf || !bufsize) return;
    cn *n;
    size_t pl;
    if (es_cfg_lookup(c, key, &n, &pl) != LK_FOUND)
        snprintf(buf, bufsize, "%s", c ? c->name : "?");
    else if (n->key)
        snprintf(buf, bufsize, "%s:%d:%d", n->ksrc, n->kline, n->kcol);
    else
        snprintf(buf, bufsize, "%s:%d:%d", n->src, n->line, n->col);
}

void es_cfg_error(es_cfg *c, const char *key, const char *fmt, ...)
{
    if (!c || !fmt) return;
    if (!key) key = "";
    char pos[512], small[512];
    es_cfg_where(c, key, pos, sizeof pos);
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    char *msg = small;
    if (len >= (int)sizeof small) {
        char *big = malloc((size_t)len + 1);
        if (big) {
            va_start(ap, fmt);
            vsnprintf(big, (size_t)len + 1, fmt, ap);
            va_end(ap);
            msg = big;
        }
    }
    if (*key)
        es_diag_add(&c->diag, "%s: error: %s: %s", pos, key, msg);
    else
        es_diag_add(&c->diag, "%s: error: %s", pos, msg);
    if (msg != small) free(msg);
}
