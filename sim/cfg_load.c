/* cfg_load.c - libyaml text to the cfg tree: an event pass for syntax and depth, the
 * document API, a counting walk (aliases counted at each use) and a building walk,
 * all without recursion. See cfg.c for the policy on aliases. */
#include "cfg_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- loading ---------------------------------------------------------------- */

typedef struct ld {
    const char *src;
    const es_cfg_limits *lim;
    int colofs;
    es_diag *d;
    es_status st;
    char *path; /* dotted path of the node being built */
    size_t plen, pcap;
    /* explicit tags seen by the event pass, in document order: the document API gives
     * every node a tag (the default ones too), so only the events tell a written one */
    struct ld_tag {
        size_t line, col;
        int used;
        char tag[48];
    } *tags;
    size_t ntags, tcap;
} ld;

static void ld_fail(ld *L, es_status st)
{
    if (L->st == ES_OK || L->st == ES_ERR_INPUT) L->st = st;
}

static int col_of(const ld *L, size_t line, size_t col)
{
    return (int)col + 1 + (line == 0 ? L->colofs : 0);
}

static void ld_err(ld *L, yaml_mark_t m, es_status st, const char *key, size_t keylen,
                   const char *what)
{
    es_cfg_add_err(L->d, L->src, (int)m.line + 1, col_of(L, m.line, m.column), key, keylen, "%s",
                what);
    ld_fail(L, st);
}

/* 0-based line and column (in characters) of byte offset off. */
static void text_pos(const char *text, size_t len, size_t off, size_t *line, size_t *col)
{
    *line = *col = 0;
    if (off > len) off = len;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n' || (ch == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
            ++*line;
            *col = 0;
        } else if ((ch & 0xC0) != 0x80 && ch != '\r') {
            ++*col;
        }
    }
}

static es_status yaml_err(ld *L, const yaml_parser_t *p, const char *text, size_t len)
{
    if (p->error == YAML_MEMORY_ERROR) {
        es_diag_add(L->d, "%s: error: out of memory while parsing", L->src);
        return ES_ERR_NOMEM;
    }
    size_t line = p->problem_mark.line, col = p->problem_mark.column, eline, ecol;
    char extra[64] = "";
    if (p->error == YAML_READER_ERROR) {
        /* The reader gives a byte offset only. */
        text_pos(text, len, p->problem_offset, &line, &col);
        if (p->problem_value >= 0) snprintf(extra, sizeof extra, " (byte 0x%02x)", p->problem_value & 0xff);
    }
    /* libyaml puts the end of a text without a final newline on a line of its own. */
    text_pos(text, len, len, &eline, &ecol);
    if (line > eline || (line == eline && col > ecol)) line = eline, col = ecol;
    const char *problem = p->problem ? p->problem : "cannot parse the YAML";
    /* libyaml refuses plain keys longer than 1024 characters (the YAML limit on
     * implicit keys) with a puzzling message: name the limit. */
    if (p->error == YAML_SCANNER_ERROR && col > 1024 && !strcmp(problem, "mapping values are not allowed in this context"))
        snprintf(extra, sizeof extra, " (key longer than 1024 characters?)");
    if (p->context)
        es_cfg_add_err(L->d, L->src, (int)line + 1, col_of(L, line, col), NULL, 0, "%s%s (%s)", problem,
                    extra, p->context);
    else
        es_cfg_add_err(L->d, L->src, (int)line + 1, col_of(L, line, col), NULL, 0, "%s%s", problem, extra);
    return ES_ERR_INPUT;
}

static void depth_err(ld *L, yaml_mark_t m)
{
    char what[96];
    snprintf(what, sizeof what, "nesting deeper than %d levels (limit max_depth)", L->lim->max_depth);
    ld_err(L, m, ES_ERR_LIMIT, NULL, 0, what);
}

/* Records an explicit tag at m (at most one per node, so bounded by max_nodes). */
static int tag_add(ld *L, yaml_mark_t m, const unsigned char *tag)
{
    if (!tag || L->ntags > L->lim->max_nodes) return 0;
    if (L->ntags == L->tcap) {
        size_t cap = L->tcap ? 2 * L->tcap : 16;
        struct ld_tag *t = realloc(L->tags, cap * sizeof *t);
        if (!t) return -1;
        L->tags = t;
        L->tcap = cap;
    }
    struct ld_tag *t = &L->tags[L->ntags++];
    t->line = m.line;
    t->col = m.column;
    t->used = 0;
    /* shown as written: "tag:yaml.org,2002:str" was "!!str" */
    const char *g = (const char *)tag;
    if (!strncmp(g, "tag:yaml.org,2002:", 18)) snprintf(t->tag, sizeof t->tag, "!!%s", g + 18);
    else snprintf(t->tag, sizeof t->tag, "%s", g);
    return 0;
}

static const unsigned char *event_tag(const yaml_event_t *e)
{
    if (e->type == YAML_SCALAR_EVENT) return e->data.scalar.tag;
    if (e->type == YAML_SEQUENCE_START_EVENT) return e->data.sequence_start.tag;
    if (e->type == YAML_MAPPING_START_EVENT) return e->data.mapping_start.tag;
    return NULL;
}

/* The explicit tag written at a node's start, or NULL. */
static struct ld_tag *tag_at(ld *L, yaml_mark_t m)
{
    size_t lo = 0, hi = L->ntags;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        struct ld_tag *t = &L->tags[mid];
        if (t->line == m.line && t->col == m.column) return t;
        if (t->line < m.line || (t->line == m.line && t->col < m.column)) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* Event pass: syntax errors, depth (stopping early), a second document and the
 * positions of explicit tags. */
static es_status prepass(ld *L, const char *text, size_t len)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        es_diag_add(L->d, "%s: error: out of memory while parsing", L->src);
        return ES_ERR_NOMEM;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int depth = 0, docs = 0;
    es_status st = ES_OK;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            st = yaml_err(L, &p, text, len);
            break;
        }
        yaml_event_type_t t = e.type;
        yaml_mark_t m = e.start_mark;
        int tr = tag_add(L, m, event_tag(&e));
        yaml_event_delete(&e);
        if (tr < 0) {
            es_diag_add(L->d, "%s: error: out of memory while parsing", L->src);
            st = ES_ERR_NOMEM;
            break;
        }
        if (t == YAML_STREAM_END_EVENT) break;
        if (t == YAML_DOCUMENT_START_EVENT && ++docs == 2) {
            ld_err(L, m, ES_ERR_INPUT, NULL, 0,
                   "a second document is not supported (valid: one document, no second '---')");
            st = L->st;
            break;
        }
        if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT) {
            if (++depth > L->lim->max_depth) {
                depth_err(L, m);
                st = L->st;
                break;
            }
        } else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT) {
            depth--;
        }
    }
    yaml_parser_delete(&p);
    return st;
}

static yaml_node_t *ynode(yaml_document_t *doc, int id)
{
    if (id < 1 || id > doc->nodes.top - doc->nodes.start) return NULL;
    return doc->nodes.start + id - 1;
}

static int ykids(const yaml_node_t *y)
{
    if (y->type == YAML_SEQUENCE_NODE) return (int)(y->data.sequence.items.top - y->data.sequence.items.start);
    if (y->type == YAML_MAPPING_NODE) return (int)(y->data.mapping.pairs.top - y->data.mapping.pairs.start);
    return 0;
}

static int is_coll(const yaml_node_t *y)
{
    return y->type == YAML_SEQUENCE_NODE || y->type == YAML_MAPPING_NODE;
}

typedef struct cfr {
    int id, idx;
} cfr;

/* Counting walk over the graph: aliases are counted at each use. */
static es_status count_pass(ld *L, yaml_document_t *doc)
{
    size_t count = 1, cap = 16;
    int sp = 0;
    yaml_node_t *root = ynode(doc, 1);
    if (!is_coll(root)) return ES_OK;
    if (L->lim->max_depth < 1) {
        depth_err(L, root->start_mark);
        return L->st;
    }
    cfr *stk = malloc(cap * sizeof *stk);
    if (!stk) return ES_ERR_NOMEM;
    stk[sp++] = (cfr){1, 0};
    while (sp > 0) {
        cfr *f = &stk[sp - 1];
        yaml_node_t *y = ynode(doc, f->id);
        int nk = ykids(y) * (y->type == YAML_MAPPING_NODE ? 2 : 1);
        if (f->idx >= nk) {
            sp--;
            continue;
        }
        int i = f->idx++, cid;
        if (y->type == YAML_SEQUENCE_NODE)
            cid = y->data.sequence.items.start[i];
        else
            cid = (i & 1) ? y->data.mapping.pairs.start[i / 2].value : y->data.mapping.pairs.start[i / 2].key;
        yaml_node_t *ch = ynode(doc, cid);
        if (!ch) continue;
        if (++count > L->lim->max_nodes) {
            char what[160];
            snprintf(what, sizeof what,
                     "more than %zu nodes (limit max_nodes; an alias counts again at each use)",
                     L->lim->max_nodes);
            ld_err(L, ch->start_mark, ES_ERR_LIMIT, NULL, 0, what);
            break;
        }
        if (!is_coll(ch)) continue;
        if (sp + 1 > L->lim->max_depth) {
            depth_err(L, ch->start_mark);
            break;
        }
        if ((size_t)sp == cap) {
            cfr *s2 = realloc(stk, 2 * cap * sizeof *s2);
            if (!s2) {
                free(stk);
                return ES_ERR_NOMEM;
            }
            stk = s2;
            cap *= 2;
        }
        stk[sp++] = (cfr){cid, 0};
    }
    free(stk);
    return L->st;
}

static int path_set(ld *L, size_t plen, const char *comp, size_t clen)
{
    size_t need = plen + 1 + clen + 1;
    if (need > L->pcap) {
        size_t cap = L->pcap ? L->pcap : 128;
        while (cap < need) cap *= 2;
        char *p = realloc(L->path, cap);
        if (!p) return -1;
        L->path = p;
        L->pcap = cap;
    }
    L->plen = plen;
    if (plen) L->path[L->plen++] = '.';
    memcpy(L->path + L->plen, comp, clen);
    L->plen += clen;
    L->path[L->plen] = '\0';
    return 0;
}

static const char *ydesc(const yaml_node_t *y)
{
    if (y->type == YAML_MAPPING_NODE) return "a mapping";
    if (y->type == YAML_SEQUENCE_NODE) return "a sequence";
    return "a single value";
}

/* A node of the tree for y (children are added by the walk). NULL on no memory. */
static cn *mk(ld *L, yaml_node_t *y)
{
    static const cn_kind kinds[] = {CN_SCALAR, CN_SCALAR, CN_SEQ, CN_MAP};
    int t = (int)y->type;
    cn *n = es_cfg_node_new(kinds[t >= 0 && t <= 3 ? t : 1], L->src, (int)y->start_mark.line + 1,
                   col_of(L, y->start_mark.line, y->start_mark.column));
    if (!n) return NULL;
    /* Every explicit tag is refused, the core schema's too: a key has one type, so
     * "seed: !!str 7" can only be a mistake, and honouring some tags but not others
     * would make the same text mean two things. */
    struct ld_tag *tg = tag_at(L, y->start_mark);
    if (tg && !tg->used) {
        char what[200], shown[64];
        tg->used = 1;
        es_cfg_show(shown, sizeof shown, tg->tag, strlen(tg->tag));
        snprintf(what, sizeof what,
                 "unsupported tag %s (valid: no tags; each key has one type, and quotes make a value text)", shown);
        ld_err(L, y->start_mark, ES_ERR_INPUT, L->path, L->plen, what);
    } else if (tg) {
        ld_fail(L, ES_ERR_INPUT); /* an alias of a tagged node: reported at its anchor */
    }
    if (y->type != YAML_SCALAR_NODE) return n;
    size_t len = y->data.scalar.length;
    n->plain = y->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (len > L->lim->max_scalar_len) {
        char what[160];
        snprintf(what, sizeof what,
                 "value of %zu bytes is longer than the limit of %zu bytes (limit max_scalar_len)",
                 len, L->lim->max_scalar_len);
        ld_err(L, y->start_mark, ES_ERR_LIMIT, L->path, L->plen, what);
        len = 0;
    }
    n->text = es_cfg_strndup((const char *)y->data.scalar.value, len);
    n->len = len;
    if (!n->text) {
        free(n);
        return NULL;
    }
    return n;
}

typedef struct dupent {
    const cn *k;
    int i;
} dupent;

static int dup_cmp(const void *a, const void *b)
{
    const dupent *x = a, *y = b;
    size_t l = x->k->klen < y->k->klen ? x->k->klen : y->k->klen;
    int c = memcmp(x->k->key, y->k->key, l);
    if (c) return c;
    if (x->k->klen != y->k->klen) return x->k->klen < y->k->klen ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Duplicate keys of one mapping, found by sorting (n log n for huge maps). */
static es_status dup_check(ld *L, const cn *m, size_t plen)
{
    if (m->n < 2) return ES_OK;
    dupent *e = malloc((size_t)m->n * sizeof *e);
    int *first = calloc((size_t)m->n, sizeof *first);
    if (!e || !first) {
        free(e);
        free(first);
        return ES_ERR_NOMEM;
    }
    for (int i = 0; i < m->n; i++) e[i] = (dupent){m->kid[i], i};
    qsort(e, (size_t)m->n, sizeof *e, dup_cmp);
    for (int i = 1, f = 0; i < m->n; i++) {
        if (e[i].k->klen == e[f].k->klen && memcmp(e[i].k->key, e[f].k->key, e[f].k->klen) == 0)
            first[e[i].i] = e[f].k->kline;
        else
            f = i;
    }
    es_status st = ES_OK;
    for (int i = 0; i < m->n && st == ES_OK; i++) {
        if (!first[i]) continue;
        const cn *k = m->kid[i];
        if (path_set(L, plen, k->key, k->klen) != 0) {
            st = ES_ERR_NOMEM;
            break;
        }
        es_cfg_add_err(L->d, L->src, k->kline, k->kcol, L->path, L->plen,
                    "duplicate key (first at line %d)", first[i]);
        ld_fail(L, ES_ERR_INPUT);
    }
    free(e);
    free(first);
    return st;
}

typedef struct bfr {
    yaml_node_t *y;
    cn *node;
    int idx;
    size_t plen;
} bfr;

/* Building walk: copies the graph (aliases expanded) into the tree. */
static es_status build(ld *L, yaml_document_t *doc, cn **out)
{
    size_t cap = 16;
    int sp = 0;
    es_status nomem = ES_OK;
    yaml_node_t *ry = ynode(doc, 1);
    L->plen = 0;
    cn *root = mk(L, ry);
    bfr *stk = malloc(cap * sizeof *stk);
    if (!root || !stk) {
        es_cfg_node_free(root);
        free(stk);
        return ES_ERR_NOMEM;
    }
    if (is_coll(ry)) stk[sp++] = (bfr){ry, root, 0, 0};
    while (sp > 0 && nomem == ES_OK) {
        bfr *f = &stk[sp - 1];
        if (f->idx >= ykids(f->y)) {
            if (f->node->kind == CN_MAP) nomem = dup_check(L, f->node, f->plen);
            sp--;
            continue;
        }
        int i = f->idx++;
        yaml_node_t *vy;
        cn *ch;
        if (f->y->type == YAML_SEQUENCE_NODE) {
            char num[24];
            int nl = snprintf(num, sizeof num, "%d", i);
            vy = ynode(doc, f->y->data.sequence.items.start[i]);
            if (!vy) continue;
            if (path_set(L, f->plen, num, (size_t)nl) != 0 || !(ch = mk(L, vy))) {
                nomem = ES_ERR_NOMEM;
                break;
            }
        } else {
            yaml_node_pair_t *pr = &f->y->data.mapping.pairs.start[i];
            yaml_node_t *ky = ynode(doc, pr->key);
            vy = ynode(doc, pr->value);
            if (!ky || !vy) continue;
            L->plen = f->plen;
            if (L->path) L->path[L->plen] = '\0';
            if (ky->type != YAML_SCALAR_NODE) {
                char what[128];
                snprintf(what, sizeof what, "a key must be a single value, got %s (valid: key: value)",
                         ydesc(ky));
                ld_err(L, ky->start_mark, ES_ERR_INPUT, L->path, L->plen, what);
                continue;
            }
            size_t klen = ky->data.scalar.length;
            if (klen > L->lim->max_scalar_len) {
                char what[160];
                snprintf(what, sizeof what,
                         "key of %zu bytes is longer than the limit of %zu bytes (limit max_scalar_len)",
                         klen, L->lim->max_scalar_len);
                ld_err(L, ky->start_mark, ES_ERR_LIMIT, L->path, L->plen, what);
                continue;
            }
            if (klen == 0) {
                ld_err(L, ky->start_mark, ES_ERR_INPUT, L->path, L->plen, "empty key (valid: key: value)");
                continue;
            }
            if (path_set(L, f->plen, (const char *)ky->data.scalar.value, klen) != 0 ||
                !(ch = mk(L, vy))) {
                nomem = ES_ERR_NOMEM;
                break;
            }
            ch->key = es_cfg_strndup((const char *)ky->data.scalar.value, klen);
            ch->klen = klen;
            ch->kline = (int)ky->start_mark.line + 1;
            ch->kcol = col_of(L, ky->start_mark.line, ky->start_mark.column);
            ch->ksrc = L->src;
            if (!ch->key) {
                es_cfg_node_free(ch);
                nomem = ES_ERR_NOMEM;
                break;
            }
        }
        cn *parent = f->node;
        if (es_cfg_node_add(parent, ch) != 0) {
            es_cfg_node_free(ch);
            nomem = ES_ERR_NOMEM;
            break;
        }
        if (!is_coll(vy)) continue;
        if ((size_t)sp == cap) {
            bfr *s2 = realloc(stk, 2 * cap * sizeof *s2);
            if (!s2) {
                nomem = ES_ERR_NOMEM;
                break;
            }
            stk = s2;
            cap *= 2;
        }
        stk[sp++] = (bfr){vy, ch, 0, L->plen};
    }
    free(stk);
    if (nomem != ES_OK) L->st = nomem;
    if (L->st != ES_OK) {
        if (L->st == ES_ERR_NOMEM) es_diag_add(L->d, "%s: error: out of memory while loading", L->src);
        es_cfg_node_free(root);
        return L->st;
    }
    *out = root;
    return ES_OK;
}

es_status es_cfg_load_tree(const char *src, const char *text, size_t len, const es_cfg_limits *lim,
                        int colofs, int top_map, cn **out, es_diag *d)
{
    *out = NULL;
    ld L = {src, lim, colofs, d, ES_OK, NULL, 0, 0, NULL, 0, 0};
    es_status st = prepass(&L, text, len);
    if (st != ES_OK) {
        free(L.tags);
        return st;
    }
    yaml_parser_t p;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&p)) {
        es_diag_add(d, "%s: error: out of memory while parsing", src);
        return ES_ERR_NOMEM;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &doc)) {
        st = yaml_err(&L, &p, text, len);
        yaml_parser_delete(&p);
        free(L.tags);
        return st;
    }
    yaml_node_t *r = yaml_document_get_root_node(&doc);
    int empty = !r || (r->type == YAML_SCALAR_NODE && r->data.scalar.length == 0 &&
                       r->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
    if (empty && top_map) {
        es_cfg_add_err(d, src, 1, 1, NULL, 0, "empty file (write `{}` for a scenario of all defaults)");
        st = ES_ERR_INPUT;
    } else if (empty) {
        cn *n = es_cfg_node_new(CN_SCALAR, src, 1, 1 + colofs);
        if (n) n->text = es_cfg_strndup("", 0);
        if (!n || !n->text) {
            es_cfg_node_free(n);
            es_diag_add(d, "%s: error: out of memory while loading", src);
            st = ES_ERR_NOMEM;
        } else {
            n->plain = 1;
            *out = n;
        }
    } else if (top_map && r->type != YAML_MAPPING_NODE) {
        char what[160];
        snprintf(what, sizeof what, "the top level must be a mapping of keys, got %s (valid: key: value lines)",
                 ydesc(r));
        ld_err(&L, r->start_mark, ES_ERR_INPUT, NULL, 0, what);
        st = L.st;
    } else {
        st = count_pass(&L, &doc);
        if (st == ES_ERR_NOMEM) es_diag_add(d, "%s: error: out of memory while loading", src);
        if (st == ES_OK) st = build(&L, &doc, out);
    }
    /* tags on keys (the walk builds values only) */
    for (size_t i = 0; st == ES_OK && i < L.ntags; i++) {
        if (L.tags[i].used) continue;
        char shown[64];
        es_cfg_show(shown, sizeof shown, L.tags[i].tag, strlen(L.tags[i].tag));
        es_cfg_add_err(d, src, (int)L.tags[i].line + 1, col_of(&L, L.tags[i].line, L.tags[i].col), NULL, 0,
                       "unsupported tag %s on a key (valid: no tags)", shown);
        st = ES_ERR_INPUT;
        es_cfg_node_free(*out);
        *out = NULL;
    }
    free(L.tags);
    free(L.path);
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    return st;
}

