/* cfg_get.c - typed getters with strict number parsing, the asked-key set and the
 * records of resolved values. */
#include "cfg_internal.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string hash map ------------------------------------------------------- */

static uint64_t hstr(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

void es_cfg_hash_free(cfg_hash *h)
{
    for (size_t i = 0; i < h->cap; i++) free(h->key[i]);
    free(h->key);
    free(h->val);
    memset(h, 0, sizeof *h);
}

static size_t hash_pos(const cfg_hash *h, const char *key, size_t len)
{
    size_t i = (size_t)hstr(key, len) & (h->cap - 1);
    while (h->key[i] && !(strlen(h->key[i]) == len && memcmp(h->key[i], key, len) == 0))
        i = (i + 1) & (h->cap - 1);
    return i;
}

int es_cfg_hash_find(const cfg_hash *h, const char *key, size_t len)
{
    if (!h->cap) return -1;
    size_t i = hash_pos(h, key, len);
    return h->key[i] ? h->val[i] : -1;
}

int *es_cfg_hash_slot(cfg_hash *h, const char *key, size_t len)
{
    if (2 * (h->n + 1) > h->cap) {
        cfg_hash g = {NULL, NULL, h->cap ? 2 * h->cap : 64, h->n};
        g.key = calloc(g.cap, sizeof *g.key);
        g.val = calloc(g.cap, sizeof *g.val);
        if (!g.key || !g.val) {
            free(g.key);
            free(g.val);
            return NULL;
        }
        for (size_t i = 0; i < h->cap; i++) {
            if (!h->key[i]) continue;
            size_t j = hash_pos(&g, h->key[i], strlen(h->key[i]));
            g.key[j] = h->key[i];
            g.val[j] = h->val[i];
        }
        free(h->key);
        free(h->val);
        *h = g;
    }
    size_t i = hash_pos(h, key, len);
    if (!h->key[i]) {
        if (!(h->key[i] = es_cfg_strndup(key, len))) return NULL;
        h->val[i] = 0;
        h->n++;
    }
    return &h->val[i];
}

int es_cfg_mark_asked(es_cfg *c, const char *key, int flag)
{
    size_t len = strlen(key);
    for (size_t i = 0; i < len; i++) {
        if (key[i] != '.') continue;
        int *s = es_cfg_hash_slot(&c->asked, key, i);
        if (!s) goto nomem;
        *s |= ASK_PREFIX;
    }
    int *s = es_cfg_hash_slot(&c->asked, key, len);
    if (!s) goto nomem;
    *s |= flag;
    return 0;
nomem:
    es_cfg_nomem(c);
    return -1;
}

/* ---- records of resolved values ------------------------------------------------ */

static cfg_rec *rec_get(es_cfg *c, const char *key, rec_type t)
{
    int *s = es_cfg_hash_slot(&c->recidx, key, strlen(key));
    if (!s) {
        es_cfg_nomem(c);
        return NULL;
    }
    if (*s) {
        cfg_rec *r = &c->rec[*s - 1];
        r->type = t;
        return r;
    }
    if (c->nrec == c->caprec) {
        int cap = c->caprec ? 2 * c->caprec : 32;
        cfg_rec *r = realloc(c->rec, (size_t)cap * sizeof *r);
        if (!r) {
            es_cfg_nomem(c);
            return NULL;
        }
        c->rec = r;
        c->caprec = cap;
    }
    cfg_rec *r = &c->rec[c->nrec];
    memset(r, 0, sizeof *r);
    if (!(r->key = es_cfg_strndup(key, strlen(key)))) {
        es_cfg_nomem(c);
        return NULL;
    }
    r->type = t;
    *s = ++c->nrec;
    return r;
}

static es_status fin(es_cfg *c, es_status st, cfg_rec *r)
{
    (void)c;
    if (!r) return ES_ERR_NOMEM;
    return st;
}

/* An arena copy of s (reusing the record's string when equal). */
static const char *rec_str(es_cfg *c, cfg_rec *r, const char *s)
{
    if (!s) return NULL;
    if (r && r->s && strcmp(r->s, s) == 0) return r->s;
    const char *a = es_cfg_arena_add(c, es_cfg_strndup(s, strlen(s)));
    if (r && a) r->s = a;
    return a;
}

/* ---- messages ------------------------------------------------------------------ */

static void node_err(es_cfg *c, const cn *n, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void node_err(es_cfg *c, const cn *n, const char *key, const char *fmt, ...)
{
    char msg[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    es_cfg_add_err(&c->diag, n->src, n->line, n->col, key, strlen(key), "%s", msg);
}

void es_cfg_fmt_double(char *buf, size_t n, double v)
{
    if (isnan(v)) {
        snprintf(buf, n, ".nan");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, n, v < 0 ? "-.inf" : ".inf");
        return;
    }
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v) return;
    }
}

static void unit_sfx(char *buf, size_t n, const char *unit)
{
    size_t l = strlen(buf);
    if (unit && *unit && l < n) snprintf(buf + l, n - l, " %s", unit);
}

static void range_dbl(char *buf, size_t n, double lo, double hi, const char *unit)
{
    char a[40], b[40];
    es_cfg_fmt_double(a, sizeof a, lo);
    es_cfg_fmt_double(b, sizeof b, hi);
    int nolo = !(lo > -DBL_MAX), nohi = !(hi < DBL_MAX);
    if (nolo && nohi)
        snprintf(buf, n, "any number");
    else if (nolo)
        snprintf(buf, n, "at most %s", b);
    else if (nohi)
        snprintf(buf, n, "at least %s", a);
    else
        snprintf(buf, n, "%s to %s", a, b);
    unit_sfx(buf, n, unit);
}

static void range_int(char *buf, size_t n, int64_t lo, int64_t hi, const char *unit)
{
    if (lo == INT64_MIN && hi == INT64_MAX)
        snprintf(buf, n, "any integer");
    else if (lo == INT64_MIN)
        snprintf(buf, n, "at most %" PRId64, hi);
    else if (hi == INT64_MAX)
        snprintf(buf, n, "at least %" PRId64, lo);
    else
        snprintf(buf, n, "%" PRId64 " to %" PRId64, lo, hi);
    unit_sfx(buf, n, unit);
}

/* ---- lookups for getters --------------------------------------------------------- */

/* Marks key as asked and finds it: 1 present (*n), 0 absent, -1 error reported. */
static int fetch(es_cfg *c, const char *key, int flag, cn **n)
{
    es_cfg_mark_asked(c, key, flag);
    size_t pl;
    switch (es_cfg_lookup(c, key, n, &pl)) {
    case LK_FOUND: return 1;
    case LK_ABSENT: return 0;
    default: break;
    }
    cn *b = *n;
    if (!b->reported) {
        char shown[64];
        const char *comp = key + pl + 1;
        size_t cl = strcspn(comp, ".");
        b->reported = 1;
        es_cfg_add_err(&c->diag, b->src, b->line, b->col, key, pl,
                    "expected a mapping with key '%.*s', got %s", (int)(cl > 60 ? 60 : cl), comp,
                    es_cfg_got(b, shown, sizeof shown));
    }
    return -1;
}

/* ---- strict numbers ------------------------------------------------------------ */

typedef enum { NUM_OK, NUM_TYPE, NUM_JUNK, NUM_NONFINITE, NUM_RANGE } numres;

static int is_nonfinite_word(const char *s, size_t len)
{
    char w[16];
    size_t i = 0, o = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) i++;
    if (i < len && s[i] == '.') i++;
    if (len - i >= sizeof w) return 0;
    for (; i < len; i++) {
        char ch = s[i];
        w[o++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    w[o] = '\0';
    return strcmp(w, "nan") == 0 || strcmp(w, "inf") == 0 || strcmp(w, "infinity") == 0;
}

/* YAML 1.2 core numbers: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static numres parse_num(const cn *n, int *is_int, double *v)
{
    if (n->kind != CN_SCALAR || !n->plain || es_cfg_node_is_null(n)) return NUM_TYPE;
    const char *s = n->text;
    size_t len = n->len, p = 0, d1 = 0, d2 = 0, de = 0;
    if (is_nonfinite_word(s, len)) return NUM_NONFINITE;
    if (p < len && (s[p] == '+' || s[p] == '-')) p++;
    while (p < len && s[p] >= '0' && s[p] <= '9') p++, d1++;
    int dot = 0, ex = 0;
    if (p < len && s[p] == '.') {
        dot = 1;
        p++;
        while (p < len && s[p] >= '0' && s[p] <= '9') p++, d2++;
    }
    if (d1 + d2 == 0) return NUM_JUNK;
    if (p < len && (s[p] == 'e' || s[p] == 'E')) {
        ex = 1;
        p++;
        if (p < len && (s[p] == '+' || s[p] == '-')) p++;
        while (p < len && s[p] >= '0' && s[p] <= '9') p++, de++;
        if (!de) return NUM_JUNK;
    }
    if (p != len) return NUM_JUNK;
    *is_int = !dot && !ex;
    errno = 0;
    double x = strtod(s, NULL);
    if (isinf(x) || isnan(x)) return NUM_RANGE;
    *v = x; /* underflow to 0 or a denormal is accepted */
    return NUM_OK;
}

static void num_err(es_cfg *c, const cn *n, const char *key, numres r, const char *what,
                    const char *rng)
{
    char shown[64];
    const char *got = es_cfg_got(n, shown, sizeof shown);
    if (r == NUM_NONFINITE)
        node_err(c, n, key, "not a finite number: %s (valid: %s)", got, rng);
    else if (r == NUM_RANGE)
        node_err(c, n, key, "number out of range: %s (valid: %s)", got, rng);
    else
        node_err(c, n, key, "expected %s, got %s (valid: %s)", what, got, rng);
}

es_status es_cfg_get_double(es_cfg *c, const char *key, double def, double lo, double hi,
                            const char *unit, double *out)
{
    if (!out) return ES_ERR_INTERNAL;
    *out = def;
    if (!c || !key) return ES_ERR_INTERNAL;
    cn *n;
    es_status st = ES_OK;
    int r = fetch(c, key, ASK_VALUE, &n);
    if (r > 0) {
        char rng[256];
        range_dbl(rng, sizeof rng, lo, hi, unit);
        int isint;
        double v = def;
        numres nr = parse_num(n, &isint, &v);
        if (nr != NUM_OK) {
            num_err(c, n, key, nr, "a number", rng);
            st = ES_ERR_INPUT;
        } else if (!(v >= lo && v <= hi)) {
            node_err(c, n, key, "%.40s is out of range (valid: %s)", n->text, rng);
            st = ES_ERR_INPUT;
        } else {
            *out = v;
        }
    } else if (r < 0) {
        st = ES_ERR_INPUT;
    }
    cfg_rec *rc = rec_get(c, key, REC_DBL);
    if (rc) rc->d = *out;
    return fin(c, st, rc);
}

es_status es_cfg_get_int(es_cfg *c, const char *key, int64_t def, int64_t lo, int64_t hi,
                         const char *unit, int64_t *out)
{
    if (!out) return ES_ERR_INTERNAL;
    *out = def;
    if (!c || !key) return ES_ERR_INTERNAL;
    cn *n;
    es_status st = ES_OK;
    int r = fetch(c, key, ASK_VALUE, &n);
    if (r > 0) {
        char rng[256];
        range_int(rng, sizeof rng, lo, hi, unit);
        int isint = 0;
        double v = 0;
        int64_t iv = 0;
        numres nr = parse_num(n, &isint, &v);
        if (nr == NUM_OK && isint) {
            errno = 0;
            long long ll = strtoll(n->text, NULL, 10);
            if (errno == ERANGE) nr = NUM_RANGE;
            iv = (int64_t)ll;
        } else if (nr == NUM_OK) {
            if (v != floor(v)) {
                nr = NUM_JUNK;
            } else if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) {
                nr = NUM_RANGE;
            } else {
                iv = (int64_t)v;
            }
        }
        if (nr != NUM_OK) {
            num_err(c, n, key, nr, "an integer", rng);
            st = ES_ERR_INPUT;
        } else if (iv < lo || iv > hi) {
            node_err(c, n, key, "%.40s is out of range (valid: %s)", n->text, rng);
            st = ES_ERR_INPUT;
        } else {
            *out = iv;
        }
    } else if (r < 0) {
        st = ES_ERR_INPUT;
    }
    cfg_rec *rc = rec_get(c, key, REC_INT);
    if (rc) rc->i = *out;
    return fin(c, st, rc);
}

es_status es_cfg_get_bool(es_cfg *c, const char *key, int def, int *out)
{
    if (!out) return ES_ERR_INTERNAL;
    *out = def ? 1 : 0;
    if (!c || !key) return ES_ERR_INTERNAL;
    cn *n;
    es_status st = ES_OK;
    int r = fetch(c, key, ASK_VALUE, &n);
    if (r > 0) {
        if (n->kind == CN_SCALAR && n->plain && strcmp(n->text, "true") == 0) {
            *out = 1;
        } else if (n->kind == CN_SCALAR && n->plain && strcmp(n->text, "false") == 0) {
            *out = 0;
        } else {
            char shown[64];
            node_err(c, n, key, "expected true or false, got %s (valid: true or false)",
                     es_cfg_got(n, shown, sizeof shown));
            st = ES_ERR_INPUT;
        }
    } else if (r < 0) {
        st = ES_ERR_INPUT;
    }
    cfg_rec *rc = rec_get(c, key, REC_BOOL);
    if (rc) rc->i = *out;
    return fin(c, st, rc);
}

es_status es_cfg_get_choice(es_cfg *c, const char *key, int def, const char *const *choices,
                            int n, int *out)
{
    if (!out) return ES_ERR_INTERNAL;
    *out = def;
    if (!c || !key || !choices || n < 1) return ES_ERR_INTERNAL;
    cn *x;
    es_status st = ES_OK;
    int r = fetch(c, key, ASK_VALUE, &x);
    if (r > 0) {
        int found = -1;
        if (x->kind == CN_SCALAR && !es_cfg_node_is_null(x)) {
            for (int i = 0; i < n && found < 0; i++)
                if (choices[i] && strlen(choices[i]) == x->len && memcmp(choices[i], x->text, x->len) == 0)
                    found = i;
        }
        if (found >= 0) {
            *out = found;
        } else {
            char list[1024] = "", shown[64];
            size_t o = 0;
            for (int i = 0; i < n && o + 1 < sizeof list; i++) {
                int w = snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", choices[i] ? choices[i] : "");
                if (w < 0) break;
                o += (size_t)w;
            }
            if (x->kind == CN_SCALAR && !es_cfg_node_is_null(x)) {
                es_cfg_show(shown, sizeof shown, x->text, x->len);
                node_err(c, x, key, "unknown choice %s (valid: one of: %s)", shown, list);
            } else {
                node_err(c, x, key, "expected one of the choices, got %s (valid: one of: %s)",
                         es_cfg_got(x, shown, sizeof shown), list);
            }
            st = ES_ERR_INPUT;
        }
    } else if (r < 0) {
        st = ES_ERR_INPUT;
    }
    cfg_rec *rc = rec_get(c, key, REC_STR);
    if (rc && *out >= 0 && *out < n && choices[*out]) {
        if (!rec_str(c, rc, choices[*out])) rc = NULL;
    } else if (rc) {
        rc->s = NULL;
    }
    return fin(c, st, rc);
}

es_status es_cfg_get_string(es_cfg *c, const char *key, const char *def, size_t max_len,
                            const char **out)
{
    if (!out) return ES_ERR_INTERNAL;
    *out = def;
    if (!c || !key) return ES_ERR_INTERNAL;
    cn *n;
    es_status st = ES_OK;
    const char *use = def;
    int r = fetch(c, key, ASK_VALUE, &n);
    if (r > 0) {
        char shown[64];
        if (n->kind != CN_SCALAR || es_cfg_node_is_null(n)) {
            node_err(c, n, key, "expected a string, got %s (valid: text of at most %zu bytes)",
                     es_cfg_got(n, shown, sizeof shown), max_len);
            st = ES_ERR_INPUT;
        } else if (n->len > max_len) {
            node_err(c, n, key, "text of %zu bytes is too long (valid: text of at most %zu bytes)",
                     n->len, max_len);
            st = ES_ERR_INPUT;
        } else if (strlen(n->text) != n->len) {
            node_err(c, n, key, "text contains a NUL character (valid: text without \\0)");
            st = ES_ERR_INPUT;
        } else {
            use = n->text;
        }
    } else if (r < 0) {
        st = ES_ERR_INPUT;
    }
    cfg_rec *rc = rec_get(c, key, REC_STR);
    if (rc) {
        if (use) {
            const char *a = rec_str(c, rc, use);
            if (!a) rc = NULL;
            else *out = a;
        } else {
            rc->s = NULL;
        }
    }
    return fin(c, st, rc);
}

/* The numbers of a list node into tmp[0..n): a sequence item by item, or a mapping of
 * indices to numbers that sets single elements of a list of fixed length n (`--set
 * key.3=v` on a scenario that does not spell the list out). */
static es_status list_items(es_cfg *c, const cn *x, const char *key, int n, double lo, double hi,
                            const char *rng, double *tmp)
{
    es_status st = ES_OK;
    size_t kl = strlen(key) + 24;
    char *ek = malloc(kl);
    if (!ek) {
        es_cfg_nomem(c);
        return ES_ERR_NOMEM;
    }
    for (int i = 0; i < x->n; i++) {
        const cn *e = x->kid[i];
        long idx = i;
        if (x->kind == CN_MAP && (!es_cfg_is_index(e->key, e->klen, &idx) || idx >= n)) {
            node_err(c, e, key, "'%.*s' is not an element of the list (valid: an index 0 to %d, or a list of %d values)",
                     (int)(e->klen > 40 ? 40 : e->klen), e->key, n - 1, n);
            st = ES_ERR_INPUT;
            continue;
        }
        int isint;
        double v = 0;
        numres nr = parse_num(e, &isint, &v);
        snprintf(ek, kl, "%s.%ld", key, idx);
        if (nr != NUM_OK) {
            num_err(c, e, ek, nr, "a number", rng);
            st = ES_ERR_INPUT;
        } else if (!(v >= lo && v <= hi)) {
            node_err(c, e, ek, "%.40s is out of range (valid: %s)", e->text, rng);
            st = ES_ERR_INPUT;
        }
        tmp[idx] = v;
    }
    free(ek);
    return st;
}

es_status es_cfg_get_double_list(es_cfg *c, const char *key, const double *def, int ndef,
                                 int min_n, int max_n, double lo, double hi, const char *unit,
                                 double *out, int *n)
{
    if (!out || !n || (ndef > 0 && !def) || max_n < 0) return ES_ERR_INTERNAL;
    if (ndef < 0) ndef = 0;
    if (ndef > max_n) ndef = max_n;
    for (int i = 0; i < ndef; i++) out[i] = def[i];
    *n = ndef;
    if (!c || !key) return ES_ERR_INTERNAL;
    cn *x;
    es_status st = ES_OK;
    int r = fetch(c, key, ASK_VALUE, &x);
    if (r > 0) {
        char rng[256], cnt[64], shown[64];
        range_dbl(rng, sizeof rng, lo, hi, unit);
        if (min_n == max_n)
            snprintf(cnt, sizeof cnt, "%d value%s", max_n, max_n == 1 ? "" : "s");
        else
            snprintf(cnt, sizeof cnt, "%d to %d values", min_n, max_n);
        /* a mapping only for a fixed-length list with defaults, whose elements it sets */
        int elems = x->kind == CN_MAP && min_n == max_n && ndef == max_n && ndef > 0;
        if (!elems && x->kind != CN_SEQ) {
            node_err(c, x, key, "expected a list of numbers, got %s (valid: %s, each %s)",
                     es_cfg_got(x, shown, sizeof shown), cnt, rng);
            st = ES_ERR_INPUT;
        } else if (!elems && (x->n < min_n || x->n > max_n)) {
            node_err(c, x, key, "%d value%s (valid: %s)", x->n, x->n == 1 ? "" : "s", cnt);
            st = ES_ERR_INPUT;
        } else {
            int m = elems ? ndef : x->n;
            double *tmp = malloc(((size_t)m + 1) * sizeof *tmp);
            if (!tmp) {
                es_cfg_nomem(c);
                return ES_ERR_NOMEM;
            }
            for (int i = 0; elems && i < m; i++) tmp[i] = out[i];
            st = list_items(c, x, key, m, lo, hi, rng, tmp);
            if (st == ES_OK) {
                for (int i = 0; i < m; i++) out[i] = tmp[i];
                *n = m;
            }
            free(tmp);
        }
    } else if (r < 0) {
        st = ES_ERR_INPUT;
    }
    cfg_rec *rc = rec_get(c, key, REC_LIST);
    if (rc) {
        double *v = malloc(((size_t)*n + 1) * sizeof *v);
        if (!v) {
            es_cfg_nomem(c);
            rc = NULL;
        } else {
            for (int i = 0; i < *n; i++) v[i] = out[i];
            free(rc->v);
            rc->v = v;
            rc->nv = *n;
        }
    }
    return fin(c, st, rc);
}

int es_cfg_seq_len(es_cfg *c, const char *key)
{
    if (!c || !key) return -1;
    cn *n;
    int r = fetch(c, key, ASK_DECLARED, &n);
    if (r <= 0) return -1;
    if (n->kind == CN_SEQ) return n->n;
    if (es_cfg_node_is_null(n)) return 0;
    if (!n->reported) {
        char shown[64];
        n->reported = 1;
        node_err(c, n, key, "expected a sequence, got %s (valid: a list of items)",
                 es_cfg_got(n, shown, sizeof shown));
    }
    return -1;
}

void es_cfg_declare(es_cfg *c, const char *key)
{
    if (c && key) es_cfg_mark_asked(c, key, ASK_DECLARED);
}
