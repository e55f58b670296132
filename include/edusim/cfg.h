/* cfg.h - strict reader of YAML scenario, sweep and calibration files.
 *
 * Built on libyaml's document API with the project's own strict layer: numbers are
 * parsed completely ("10abc" and "2.4e5" for an integer that is not integral are
 * errors), duplicate keys are errors, every error names file:line:col and the key,
 * unknown keys get a "did you mean", and several errors are reported in one pass.
 *
 * Use: load, apply --set overrides, read every parameter with a getter (each getter
 * records the key as known and its resolved value), then es_cfg_check_unknown()
 * reports keys present in the file that no getter asked for. Keys are dotted paths;
 * a numeric component indexes a sequence: "policies.0.type". */
#ifndef EDUSIM_CFG_H
#define EDUSIM_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "edusim/common.h"

typedef struct es_cfg es_cfg;

/* Limits checked while reading, before anything large is allocated. */
typedef struct es_cfg_limits {
    size_t max_file_bytes;  /* whole file; default 16 MiB */
    int max_depth;          /* nesting of maps/sequences; default 64 */
    size_t max_scalar_len;  /* bytes in one key or value; default 65536 */
    size_t max_nodes;       /* nodes visited, aliases counted each time; default 1e6 */
} es_cfg_limits;

es_cfg_limits es_cfg_default_limits(void);

/* Load a file or a string (name is used in messages). On failure returns non-OK, *out
 * is NULL and the errors are in d. An empty document is an error. */
es_status es_cfg_load_file(const char *path, const es_cfg_limits *lim, es_cfg **out, es_diag *d);
es_status es_cfg_load_string(const char *name, const char *text, size_t len,
                             const es_cfg_limits *lim, es_cfg **out, es_diag *d);
void es_cfg_free(es_cfg *c); /* accepts NULL */

/* Apply "dotted.key=value" from the command line (value parsed as a YAML scalar);
 * creates intermediate maps as needed. Errors name "--set" and the argument. */
es_status es_cfg_set(es_cfg *c, const char *assignment, es_diag *d);

/* Errors found by the getters accumulate in the cfg; read them at the end. */
const es_diag *es_cfg_diag(const es_cfg *c);
int es_cfg_error_count(const es_cfg *c);
const char *es_cfg_name(const es_cfg *c);

/* Getters. Absent key: *out = def and the default is recorded as resolved.
 * Present but invalid (wrong type, junk, out of [lo,hi], not a choice): an error with
 * position is added, *out = def, and the function returns non-OK.
 * unit is documentation only (may be NULL); it appears in range messages. */
es_status es_cfg_get_double(es_cfg *c, const char *key, double def, double lo, double hi,
                            const char *unit, double *out);
es_status es_cfg_get_int(es_cfg *c, const char *key, int64_t def, int64_t lo, int64_t hi,
                         const char *unit, int64_t *out);
es_status es_cfg_get_bool(es_cfg *c, const char *key, int def, int *out);
/* *out is the index into choices[0..n). */
es_status es_cfg_get_choice(es_cfg *c, const char *key, int def, const char *const *choices,
                            int n, int *out);
/* *out points into the cfg (valid until es_cfg_free); max_len in bytes. */
es_status es_cfg_get_string(es_cfg *c, const char *key, const char *def, size_t max_len,
                            const char **out);
/* Names. ES_NAME_SAFE: a name that becomes part of a file name or an HDF5 path
 * (scenario, sweep, sweep scenario and calibration names): 1 to 63 bytes of
 * [A-Za-z0-9_.+-], not starting with '.' or '-' (so never "..", a hidden file or an
 * option). ES_NAME_TEXT: a name that is only data (regions, policies): 1 to 63 bytes,
 * no control characters; spaces and UTF-8 letters are allowed ("Noord-Holland",
 * "Fryslân"). ES_NAME_KEY: a dotted parameter key (sweep axes, calibration
 * parameters): 1 to 127 bytes of [A-Za-z0-9_.], each component non-empty. */
typedef enum es_name_kind { ES_NAME_SAFE, ES_NAME_TEXT, ES_NAME_KEY } es_name_kind;
/* NULL when s is a valid name of that kind, else what is wrong ("contains '/'"). */
const char *es_name_problem(const char *s, es_name_kind kind, char *buf, size_t bufsize);
/* The valid set of a kind in words, for messages. */
const char *es_name_rule(es_name_kind kind);
/* A string getter that also checks the name (an error names the key, the problem and
 * the valid set; *out = def then). */
es_status es_cfg_get_name(es_cfg *c, const char *key, const char *def, es_name_kind kind,
                          const char **out);
/* A sequence of numbers; absent: copies def[0..ndef). Length must be in [min_n, max_n]. */
es_status es_cfg_get_double_list(es_cfg *c, const char *key, const double *def, int ndef,
                                 int min_n, int max_n, double lo, double hi, const char *unit,
                                 double *out, int *n);

/* Structure queries. es_cfg_seq_len: -1 if absent, else the length (error, -1, if the
 * node is not a sequence). es_cfg_has: 1 if present. es_cfg_is_map: 1 if a mapping.
 * es_cfg_declare: mark a key (and a map/sequence) as known without reading a value. */
int es_cfg_seq_len(es_cfg *c, const char *key);
int es_cfg_has(const es_cfg *c, const char *key);
int es_cfg_is_map(const es_cfg *c, const char *key);
int es_cfg_is_seq(const es_cfg *c, const char *key);
void es_cfg_declare(es_cfg *c, const char *key);
/* Position "file:line:col" of a key (or of the file when absent) for custom messages. */
void es_cfg_where(const es_cfg *c, const char *key, char *buf, size_t bufsize);
/* Add a custom error about a key with its position (for checks across several keys). */
void es_cfg_error(es_cfg *c, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Report every key present that no getter asked for, with a "did you mean" among
 * the known keys of the same map. Returns the number of unknown keys. */
int es_cfg_check_unknown(es_cfg *c);

/* The resolved document: every key asked for, in the order asked, with its value
 * (defaults filled in), as YAML text. Caller frees. NULL on allocation failure. */
char *es_cfg_resolved_yaml(const es_cfg *c);

#endif
