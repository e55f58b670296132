/* scenario.h - load a scenario file (or the embedded default), apply --set overrides,
 * read and validate every parameter, and keep the resolved text. */
#ifndef EDUSIM_SCENARIO_H
#define EDUSIM_SCENARIO_H

#include "edusim/cfg.h"
#include "edusim/params.h"

typedef struct es_scenario {
    es_params par;
    char *resolved_yaml; /* every key with the value used, defaults filled in */
    char source[512];    /* file name, or "<default>" */
} es_scenario;

/* path NULL: the embedded default. sets: "key=value" overrides applied in order.
 * On failure every problem found is in d (one line each, with file:line:col). */
es_status es_scenario_load(const char *path, const char *const *sets, int nsets,
                           es_scenario *s, es_diag *d);
void es_scenario_free(es_scenario *s);

#endif
