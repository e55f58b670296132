/* cfg_check.c - unknown keys with "did you mean", and --set overrides. */
#include "cfg_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- unknown keys ------------------------------------------------------------ */

typedef struct cand {
    char *nparent;    /* parent path with indices replaced by '#' */
    const char *last; /* last component (in the hash key) */
    size_t lastlen;
} cand;

/* path with every numeric component replaced by '#'. */
static char *norm_path(const char *p, size_t len)
{
    char *o = malloc(len + 1);
    if (!o) return NULL;
    size_t n = 0, i = 0;
    while (i < len) {
        size_t cl = 0;
        while (i + cl < len && p[i + cl] != '.') cl++;
        long idx;
        if (es_cfg_is_index(p + i, cl, &idx)) {
            o[n++] = '#';
        } else {
            memcpy(o + n, p + i, cl);
            n += cl;
        }
        i += cl;
        if (i < len) o[n++] = p[i++];
    }
    o[n] = '\0';
    return o;
}

static size_t lev(const char *a, size_t la, const char *b, size_t lb)
{
    enum { MAXL = 128 };
    size_t row[MAXL + 1];
    if (la > MAXL || lb > MAXL) return (size_t)-1;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static int cand_cmp(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    size_t l = a->lastlen < b->lastlen ? a->lastlen : b->lastlen;
    int c = memcmp(a->last, b->last, l);
    return c ? c : (a->lastlen > b->lastlen) - (a->lastlen < b->lastlen);
}

static void report_unknown(es_cfg *c, const cn *k, const char *path, size_t plen, size_t parlen,
                           const cand *cs, int nc)
{
    char *np = norm_path(path, parlen);
    if (!np) {
        es_cfg_nomem(c);
        return;
    }
    size_t thr = k->klen / 3 < 2 ? 2 : k->klen / 3, best = (size_t)-1;
    const cand *bc = NULL;
    char list[400] = "";
    size_t o = 0;
    int listed = 0, more = 0;
    const cand *prev = NULL;
    for (int i = 0; i < nc; i++) {
        if (strcmp(cs[i].nparent, np) != 0) continue;
        size_t dd = lev(k->key, k->klen, cs[i].last, cs[i].lastlen);
        if (dd < best) best = dd, bc = &cs[i];
        if (prev && cand_cmp(prev, &cs[i]) == 0) continue; /* sorted: same name under another index */
        prev = &cs[i];
        if (listed == 8 || cs[i].lastlen > 60) {
            more = 1;
            continue;
        }
        int w = snprintf(list + o, sizeof list - o, "%s%.*s", listed ? ", " : "", (int)cs[i].lastlen, cs[i].last);
        if (w > 0 && (size_t)w < sizeof list - o) o += (size_t)w;
        listed++;
    }
    free(np);
    if (bc && best <= thr)
        es_cfg_add_err(&c->diag, k->ksrc, k->kline, k->kcol, path, plen, "unknown key (did you mean '%.*s'?)",
                    (int)bc->lastlen, bc->last);
    else if (listed)
        es_cfg_add_err(&c->diag, k->ksrc, k->kline, k->kcol, path, plen, "unknown key (known keys here: %s%s)",
                    list, more ? ", ..." : "");
    else
        es_cfg_add_err(&c->diag, k->ksrc, k->kline, k->kcol, path, plen, "unknown key");
}

/* Unknown keys reported one by one, each with a "did you mean" search over the known
 * keys; the rest are counted in one summary message without searching (a file of
 * 450,000 unknown keys took 21 s when each was searched). */
#define CFG_UNKNOWN_LISTED 100

/* n with thousands separators ("449,900"). */
static void group_digits(char *buf, size_t n, long v)
{
    char raw[32];
    int len = snprintf(raw, sizeof raw, "%ld", v), o = 0;
    for (int i = 0; i < len && (size_t)o + 2 < n; i++) {
        if (i > 0 && raw[i - 1] != '-' && (len - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
}

typedef struct ufr {
    const cn *node;
    int idx;
    size_t plen;
} ufr;

int es_cfg_check_unknown(es_cfg *c)
{
    if (!c || !c->root) return 0;
    cand *cs = calloc(c->asked.n + 1, sizeof *cs);
    size_t pcap = 256, scap = 16;
    char *path = malloc(pcap);
    ufr *stk = malloc(scap * sizeof *stk);
    int nc = 0, count = 0, sp = 0, unlisted = 0, upos_line = 0, upos_col = 0;
    const char *upos_src = NULL;
    if (!cs || !path || !stk) goto nomem;
    for (size_t i = 0; i < c->asked.cap; i++) {
        const char *k = c->asked.key[i];
        if (!k) continue;
        const char *dot = strrchr(k, '.');
        const char *last = dot ? dot + 1 : k;
        long idx;
        if (es_cfg_is_index(last, strlen(last), &idx)) continue;
        cs[nc].last = last;
        cs[nc].lastlen = strlen(last);
        if (!(cs[nc].nparent = norm_path(k, dot ? (size_t)(dot - k) : 0))) goto nomem;
        nc++;
    }
    qsort(cs, (size_t)nc, sizeof *cs, cand_cmp);
    stk[sp++] = (ufr){c->root, 0, 0};
    while (sp > 0) {
        ufr *f = &stk[sp - 1];
        if (f->idx >= f->node->n) {
            sp--;
            continue;
        }
        const cn *parent = f->node, *k = parent->kid[f->idx++];
        size_t parlen = f->plen;
        char num[24];
        const char *comp = k->key;
        size_t cl = k->klen;
        if (parent->kind == CN_SEQ) {
            cl = (size_t)snprintf(num, sizeof num, "%d", f->idx - 1);
            comp = num;
        }
        size_t need = parlen + cl + 2;
        if (need > pcap) {
            while (pcap < need) pcap *= 2;
            char *p2 = realloc(path, pcap);
            if (!p2) goto nomem;
            path = p2;
        }
        size_t plen = parlen;
        if (plen) path[plen++] = '.';
        memcpy(path + plen, comp, cl);
        plen += cl;
        path[plen] = '\0';
        if (parent->kind == CN_MAP) {
            int flags = es_cfg_hash_find(&c->asked, path, plen);
            if (flags < 0) {
                if (count < CFG_UNKNOWN_LISTED && c->diag.n < ES_DIAG_MAX - 1) {
                    report_unknown(c, k, path, plen, parlen, cs, nc);
                } else if (unlisted++ == 0) {
                    upos_src = k->ksrc, upos_line = k->kline, upos_col = k->kcol;
                }
                count++;
                continue;
            }
            if (!(flags & ASK_PREFIX)) continue; /* read whole, or declared without children */
        } else {
            int flags = es_cfg_hash_find(&c->asked, path, plen);
            if (flags >= 0 && !(flags & ASK_PREFIX)) continue; /* an item read whole or declared */
        }
        if (k->kind == CN_SCALAR) continue;
        if ((size_t)sp == scap) {
            ufr *s2 = realloc(stk, 2 * scap * sizeof *s2);
            if (!s2) goto nomem;
            stk = s2;
            scap *= 2;
        }
        stk[sp++] = (ufr){k, 0, plen};
    }
    if (unlisted > 0) {
        char num[32];
        int stored = c->diag.n;
        group_digits(num, sizeof num, unlisted);
        es_cfg_add_err(&c->diag, upos_src, upos_line, upos_col, NULL, 0,
                    "and %s more unknown key%s from here on (not listed; limit: the first %d unknown "
                    "keys are reported one by one)",
                    num, unlisted == 1 ? "" : "s", count - unlisted);
        /* the summary message stands for all of them */
        if (c->diag.n > stored) c->diag.summarized += unlisted - 1;
        else c->diag.dropped += unlisted - 1;
    }
    goto done;
nomem:
    es_cfg_nomem(c);
done:
    for (int i = 0; cs && i < nc; i++) free(cs[i].nparent);
    free(cs);
    free(path);
    free(stk);
    return count;
}

/* ---- --set ---------------------------------------------------------------------- */

static const char *kind_name(const cn *n)
{
    return n->kind == CN_MAP ? "mapping" : n->kind == CN_SEQ ? "sequence" : "single value";
}

es_status es_cfg_set(es_cfg *c, const char *a, es_diag *d)
{
    if (!c || !a || !c->root) return ES_ERR_INTERNAL;
    const char *eq = strchr(a, '=');
    if (!eq) {
        es_diag_add(d, "--set %s: error: missing '=' (valid: --set key.path=value)", a);
        return ES_ERR_INPUT;
    }
    size_t klen = (size_t)(eq - a), vlen = strlen(eq + 1);
    int ncomp = 1;
    for (size_t i = 0, start = 0; i <= klen; i++) {
        if (i < klen && a[i] != '.') continue;
        if (i == start) {
            es_diag_add(d, "--set %s: error: %s (valid: --set key.path=value)", a,
                        klen ? "empty key component" : "empty key");
            return ES_ERR_INPUT;
        }
        start = i + 1;
        if (i < klen) ncomp++;
    }
    if (ncomp > c->lim.max_depth) {
        es_diag_add(d, "--set %s: error: nesting deeper than %d levels (limit max_depth)", a,
                    c->lim.max_depth);
        return ES_ERR_LIMIT;
    }
    if (klen > c->lim.max_scalar_len || vlen > c->lim.max_scalar_len) {
        es_diag_add(d, "--set %s: error: longer than the limit of %zu bytes (limit max_scalar_len)", a,
                    c->lim.max_scalar_len);
        return ES_ERR_LIMIT;
    }
    size_t al = strlen(a);
    char *s = malloc(al + 7);
    if (s) snprintf(s, al + 7, "--set %s", a);
    const char *src = es_cfg_arena_add(c, s);
    if (!src) return ES_ERR_NOMEM;
    const char *val = eq + 1;
    int voff = (int)klen + 1;
    cn *nv = NULL;
    if (vlen && strchr("[{\"'", val[0])) {
        es_cfg_limits lim = c->lim;
        lim.max_depth -= ncomp;
        es_status st = es_cfg_load_tree(src, val, vlen, &lim, voff, 0, &nv, d);
        if (st != ES_OK) return st;
    } else {
        nv = es_cfg_node_new(CN_SCALAR, src, 1, voff + 1);
        if (nv && !(nv->text = es_cfg_strndup(val, vlen))) {
            free(nv);
            nv = NULL;
        }
        if (!nv) {
            es_cfg_nomem(c);
            return ES_ERR_NOMEM;
        }
        nv->len = vlen;
        nv->plain = 1;
    }
    cn *cur = c->root;
    const char *p = a;
    for (int i = 0; i < ncomp; i++) {
        size_t cl = strcspn(p, ".=");
        int col = (int)(p - a) + 1, at = -1, last = i == ncomp - 1;
        size_t pathlen = (size_t)(p - a) + cl;
        long idx;
        if (cur->kind == CN_MAP) {
            for (int j = 0; j < cur->n && at < 0; j++)
                if (cur->kid[j]->klen == cl && memcmp(cur->kid[j]->key, p, cl) == 0) at = j;
        } else if (!es_cfg_is_index(p, cl, &idx) || idx >= cur->n) {
            size_t ql = p > a ? (size_t)(p - a - 1) : 0;
            if (!es_cfg_is_index(p, cl, &idx))
                es_diag_add(d, "--set %s: error: %.*s: a sequence has no key '%.*s' (valid: an index 0 to %d)",
                            a, (int)ql, a, (int)cl, p, cur->n - 1);
            else if (cur->n == 0)
                es_diag_add(d, "--set %s: error: %.*s: index %ld is out of range (valid: none, the sequence is empty)",
                            a, (int)ql, a, idx);
            else
                es_diag_add(d, "--set %s: error: %.*s: index %ld is out of range (valid: 0 to %d)", a,
                            (int)ql, a, idx, cur->n - 1);
            es_cfg_node_free(nv);
            return ES_ERR_INPUT;
        } else {
            at = (int)idx;
        }
        cn *kid = at >= 0 ? cur->kid[at] : NULL;
        if (last) {
            if (kid && kid->kind != CN_SCALAR && nv->kind == CN_SCALAR) {
                es_diag_add(d, "--set %s: error: %.*s: cannot replace the %s at %s:%d:%d by a single value "
                               "(valid: set a key inside it, e.g. %.*s.KEY=value)",
                            a, (int)klen, a, kind_name(kid), kid->src, kid->line, kid->col, (int)klen, a);
                es_cfg_node_free(nv);
                return ES_ERR_INPUT;
            }
            if (kid) {
                nv->key = kid->key, nv->klen = kid->klen, nv->kline = kid->kline;
                nv->kcol = kid->kcol, nv->ksrc = kid->ksrc;
                kid->key = NULL;
                cur->kid[at] = nv;
                es_cfg_node_free(kid);
            } else {
                nv->key = es_cfg_strndup(p, cl);
                nv->klen = cl, nv->kline = 1, nv->kcol = col, nv->ksrc = src;
                if (!nv->key || es_cfg_node_add(cur, nv) != 0) {
                    es_cfg_node_free(nv);
                    es_cfg_nomem(c);
                    return ES_ERR_NOMEM;
                }
            }
            return ES_OK;
        }
        if (!kid) {
            kid = es_cfg_node_new(CN_MAP, src, 1, col);
            if (kid) kid->key = es_cfg_strndup(p, cl);
            if (!kid || !kid->key || es_cfg_node_add(cur, kid) != 0) {
                es_cfg_node_free(kid);
                es_cfg_node_free(nv);
                es_cfg_nomem(c);
                return ES_ERR_NOMEM;
            }
            kid->klen = cl, kid->kline = 1, kid->kcol = col, kid->ksrc = src;
        } else if (es_cfg_node_is_null(kid)) {
            free(kid->text);
            kid->text = NULL;
            kid->kind = CN_MAP;
            kid->plain = 0;
            kid->len = 0;
        } else if (kid->kind == CN_SCALAR) {
            es_diag_add(d, "--set %s: error: %.*s: is a single value at %s:%d:%d, not a mapping "
                           "(valid: set %.*s=value)",
                        a, (int)pathlen, a, kid->src, kid->line, kid->col, (int)pathlen, a);
            es_cfg_node_free(nv);
            return ES_ERR_INPUT;
        }
        cur = kid;
        p += cl + 1;
    }
    es_cfg_node_free(nv);
    return ES_ERR_INTERNAL;
}
