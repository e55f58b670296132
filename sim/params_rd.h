/* params_rd.h - typed readers shared by the parameter sections (library-internal). */
#ifndef EDUSIM_PARAMS_RD_H
#define EDUSIM_PARAMS_RD_H

#include "edusim/params.h"

/* A reader remembers the first failure so every key is still read (all errors in one
 * pass) and the section reports one status. */
typedef struct es_rd {
    es_cfg *c;
    es_status st;
} es_rd;

void es_rd_dbl(es_rd *r, const char *key, double def, double lo, double hi, const char *unit,
               double *out);
void es_rd_int(es_rd *r, const char *key, int64_t def, int64_t lo, int64_t hi, const char *unit,
               int *out);
/* A count kept as a double (persons): read by the integer getter, so that a fraction
 * ("population: 20000.7") is an error like any other count's. */
void es_rd_count(es_rd *r, const char *key, int64_t def, int64_t lo, int64_t hi, const char *unit,
                 double *out);
void es_rd_vec(es_rd *r, const char *key, const double *def, int n, double lo, double hi,
               const char *unit, double *out);

/* `policies` and `policy_synergy` (region names resolve against par->region[]). */
es_status es_policies_read(es_cfg *c, es_params *par);

#endif
