/* cfg_internal.h - private types shared by cfg.c, cfg_get.c and cfg_check.c. */
#ifndef EDUSIM_CFG_INTERNAL_H
#define EDUSIM_CFG_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "edusim/cfg.h"

typedef enum cn_kind { CN_SCALAR, CN_MAP, CN_SEQ } cn_kind;

/* One node of the loaded document. A mapping holds its values in kid[], each child
 * carrying its own key; a sequence holds its items (key == NULL). */
typedef struct cn cn;
struct cn {
    cn_kind kind;
    int plain;         /* scalar written without quotes (numbers, booleans, null) */
    int line, col;     /* 1-based start of the node */
    const char *src;   /* file name for messages (owned by the cfg) */
    char *text;        /* scalar text, NUL-terminated */
    size_t len;
    char *key;         /* key in the parent mapping, NULL for items and the root */
    size_t klen;
    int kline, kcol;
    const char *ksrc;
    cn **kid;
    int n, cap;
    int reported;      /* a type error about this node was already reported */
    int *hix;          /* mappings of many keys: hash index of kid (-1: empty), built by
                          the first lookup and dropped by es_cfg_node_add; NULL otherwise */
    size_t hcap;
    cn *next_free;     /* work list used by es_cfg_node_free (no recursion) */
};

/* Open-addressing string hash map to an int (flags or an index). */
typedef struct cfg_hash {
    char **key;
    int *val;
    size_t cap, n;
} cfg_hash;

/* Asked-key flags. */
enum { ASK_PREFIX = 1, ASK_VALUE = 2, ASK_DECLARED = 4 };

typedef enum rec_type { REC_DBL, REC_INT, REC_BOOL, REC_STR, REC_LIST } rec_type;

typedef struct cfg_rec {
    char *key;
    rec_type type;
    double d;
    int64_t i;
    const char *s; /* arena string */
    double *v;
    int nv;
} cfg_rec;

struct es_cfg {
    char *name;
    es_cfg_limits lim;
    cn *root;
    es_diag diag;
    cfg_hash asked;   /* every asked path and all its prefixes -> ASK_* flags */
    cfg_hash recidx;  /* asked path -> index into rec */
    cfg_rec *rec;
    int nrec, caprec;
    char **arena;     /* strings handed out (get_string) and --set source names */
    int narena, caparena;
    int nomem;
};

/* cfg.c */
void es_cfg_node_free(cn *n);
cn *es_cfg_node_new(cn_kind kind, const char *src, int line, int col);
int es_cfg_node_add(cn *parent, cn *kid);
int es_cfg_node_is_null(const cn *n);
char *es_cfg_strndup(const char *s, size_t n);
const char *es_cfg_arena_add(es_cfg *c, char *s); /* takes s; NULL (and s freed) on failure */
void es_cfg_nomem(es_cfg *c);
/* Loads text into a tree. top_map: the top level must be a mapping and an empty text
 * is an error; else any node is accepted and an empty text gives a null scalar.
 * colofs is added to the columns of line 1 (for --set values). */
es_status es_cfg_load_tree(const char *src, const char *text, size_t len, const es_cfg_limits *lim,
                        int colofs, int top_map, cn **out, es_diag *d);
void es_cfg_add_err(es_diag *d, const char *src, int line, int col, const char *key, size_t keylen,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* "'text'" shortened and cleaned of control characters, for messages. */
void es_cfg_show(char *buf, size_t n, const char *s, size_t len);
const char *es_cfg_got(const cn *n, char *buf, size_t bufsize);

typedef enum { LK_FOUND, LK_ABSENT, LK_BLOCKED } cfg_lk;
/* Finds a dotted key. LK_BLOCKED: *out is the scalar in the way and *plen the length
 * of its path within key. */
cfg_lk es_cfg_lookup(const es_cfg *c, const char *key, cn **out, size_t *plen);
int es_cfg_is_index(const char *s, size_t len, long *idx);

/* cfg_get.c */
void es_cfg_hash_free(cfg_hash *h);
int es_cfg_hash_find(const cfg_hash *h, const char *key, size_t len); /* value or -1 */
/* The value slot of key, created as 0 if absent; NULL on allocation failure. The
 * pointer is valid until the next insertion. */
int *es_cfg_hash_slot(cfg_hash *h, const char *key, size_t len);
int es_cfg_mark_asked(es_cfg *c, const char *key, int flag);
void es_cfg_fmt_double(char *buf, size_t n, double v);

#endif
