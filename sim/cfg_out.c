/* cfg_out.c - the resolved document: every asked key with the value used, as YAML
 * that es_cfg_load_string reads back to the same values. */
#include "cfg_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sb {
    char *p;
    size_t n, cap;
    int fail;
} sb;

static void sb_put(sb *b, const char *s, size_t len)
{
    if (b->fail) return;
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + len + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->fail = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

static void sb_str(sb *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_pad(sb *b, int indent)
{
    for (int i = 0; i < indent; i++) sb_put(b, " ", 1);
}

static void sb_quoted(sb *b, const char *s, size_t len)
{
    sb_put(b, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        char esc[8];
        if (ch == '"') sb_put(b, "\\\"", 2);
        else if (ch == '\\') sb_put(b, "\\\\", 2);
        else if (ch == '\n') sb_put(b, "\\n", 2);
        else if (ch == '\t') sb_put(b, "\\t", 2);
        else if (ch == '\r') sb_put(b, "\\r", 2);
        else if (ch < 0x20 || ch == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", ch);
            sb_str(b, esc);
        } else {
            sb_put(b, (const char *)&ch, 1);
        }
    }
    sb_put(b, "\"", 1);
}

static void sb_key(sb *b, const char *s, size_t len)
{
    int plain = len > 0 && s[0] != '-';
    for (size_t i = 0; i < len && plain; i++) {
        char ch = s[i];
        plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                ch == '_' || ch == '-';
    }
    if (plain) sb_put(b, s, len);
    else sb_quoted(b, s, len);
}

/* Output tree: one node per path component. */
typedef struct on on;
struct on {
    const char *name;
    size_t nlen;
    int rec;
    on **kid;
    int n, cap;
};

static void on_free(on *o)
{
    if (!o) return;
    for (int i = 0; i < o->n; i++) on_free(o->kid[i]);
    free(o->kid);
    free(o);
}

static on *on_child(on *o, const char *name, size_t nlen)
{
    for (int i = 0; i < o->n; i++)
        if (o->kid[i]->nlen == nlen && memcmp(o->kid[i]->name, name, nlen) == 0) return o->kid[i];
    if (o->n == o->cap) {
        int cap = o->cap ? 2 * o->cap : 4;
        on **k = realloc(o->kid, (size_t)cap * sizeof *k);
        if (!k) return NULL;
        o->kid = k;
        o->cap = cap;
    }
    on *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    k->name = name;
    k->nlen = nlen;
    k->rec = -1;
    o->kid[o->n++] = k;
    return k;
}

static void r_value(sb *b, const cfg_rec *r)
{
    char num[48];
    switch (r->type) {
    case REC_DBL:
        es_cfg_fmt_double(num, sizeof num, r->d);
        sb_str(b, num);
        break;
    case REC_INT:
        snprintf(num, sizeof num, "%" PRId64, r->i);
        sb_str(b, num);
        break;
    case REC_BOOL: sb_str(b, r->i ? "true" : "false"); break;
    case REC_STR: sb_quoted(b, r->s, strlen(r->s)); break;
    case REC_LIST:
        sb_put(b, "[", 1);
        for (int i = 0; i < r->nv; i++) {
            es_cfg_fmt_double(num, sizeof num, r->v[i]);
            if (i) sb_put(b, ", ", 2);
            sb_str(b, num);
        }
        sb_put(b, "]", 1);
        break;
    }
}

/* Kids in index order when they are exactly 0..n-1, else NULL. */
static on **seq_order(const on *o)
{
    if (o->n == 0) return NULL;
    on **ord = calloc((size_t)o->n, sizeof *ord);
    if (!ord) return NULL;
    for (int i = 0; i < o->n; i++) {
        long idx;
        if (!es_cfg_is_index(o->kid[i]->name, o->kid[i]->nlen, &idx) || idx >= o->n || ord[idx]) {
            free(ord);
            return NULL;
        }
        ord[idx] = o->kid[i];
    }
    return ord;
}

static void r_coll(sb *b, const es_cfg *c, const on *o, int indent, int inl);

/* After "key:" or "-": a value on the same line, or a nested collection. */
static void r_after(sb *b, const es_cfg *c, const on *k, int indent, int item)
{
    if (k->rec >= 0 || k->n == 0) {
        sb_put(b, " ", 1);
        if (k->rec >= 0) r_value(b, &c->rec[k->rec]);
        else sb_str(b, "{}");
        sb_put(b, "\n", 1);
    } else if (item) {
        sb_put(b, " ", 1);
        r_coll(b, c, k, indent + 2, 1);
    } else {
        sb_put(b, "\n", 1);
        r_coll(b, c, k, indent + 2, 0);
    }
}

/* A collection at indent; inl: the first line's indentation is already written. */
static void r_coll(sb *b, const es_cfg *c, const on *o, int indent, int inl)
{
    on **ord = seq_order(o);
    for (int i = 0; i < o->n; i++) {
        if (i || !inl) sb_pad(b, indent);
        if (ord) {
            sb_put(b, "-", 1);
            r_after(b, c, ord[i], indent, 1);
        } else {
            sb_key(b, o->kid[i]->name, o->kid[i]->nlen);
            sb_put(b, ":", 1);
            r_after(b, c, o->kid[i], indent, 0);
        }
    }
    free(ord);
}

char *es_cfg_resolved_yaml(const es_cfg *c)
{
    if (!c || c->nomem) return NULL;
    on *root = calloc(1, sizeof *root);
    if (!root) return NULL;
    root->rec = -1;
    int fail = 0;
    for (int r = 0; r < c->nrec && !fail; r++) {
        const cfg_rec *rc = &c->rec[r];
        if (rc->type == REC_STR && !rc->s) continue;
        on *o = root;
        const char *p = rc->key;
        for (;;) {
            size_t cl = strcspn(p, ".");
            if (!(o = on_child(o, p, cl))) {
                fail = 1;
                break;
            }
            if (!p[cl]) break;
            p += cl + 1;
        }
        if (o) o->rec = r;
    }
    sb b = {NULL, 0, 0, 0};
    if (!fail) {
        if (root->n == 0)
            sb_str(&b, "{}\n");
        else
            r_coll(&b, c, root, 0, 0);
        /* Top-level keys that look like indices must still be a mapping. */
        if (b.p && b.p[0] == '-') {
            free(b.p);
            b = (sb){NULL, 0, 0, 0};
            for (int i = 0; i < root->n; i++) {
                sb_key(&b, root->kid[i]->name, root->kid[i]->nlen);
                sb_put(&b, ":", 1);
                r_after(&b, c, root->kid[i], 0, 0);
            }
        }
    }
    on_free(root);
    if (fail || b.fail) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
