/* scenario.c - from a file name to validated parameters and resolved text. */
#include "edusim/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

es_status es_scenario_load(const char *path, const char *const *sets, int nsets,
                           es_scenario *s, es_diag *d)
{
    memset(s, 0, sizeof *s);
    es_cfg_limits lim = es_cfg_default_limits();
    es_cfg *c = NULL;
    es_status st;
    if (path) {
        snprintf(s->source, sizeof s->source, "%s", path);
        st = es_cfg_load_file(path, &lim, &c, d);
    } else {
        snprintf(s->source, sizeof s->source, "<default>");
        const char *txt = es_params_default_yaml();
        st = es_cfg_load_string("<default>", txt, strlen(txt), &lim, &c, d);
    }
    if (st != ES_OK) return st;
    for (int i = 0; i < nsets; i++) {
        if (es_cfg_set(c, sets[i], d) != ES_OK) st = ES_ERR_INPUT;
    }
    if (st == ES_OK) {
        (void)es_params_read(c, &s->par);
        es_cfg_check_unknown(c);
        es_diag_append(d, es_cfg_diag(c));
        if (es_cfg_error_count(c) > 0) st = ES_ERR_INPUT;
    }
    if (st == ES_OK) {
        s->resolved_yaml = es_cfg_resolved_yaml(c);
        if (!s->resolved_yaml) st = ES_ERR_NOMEM;
    }
    es_cfg_free(c);
    return st;
}

void es_scenario_free(es_scenario *s)
{
    if (!s) return;
    free(s->resolved_yaml);
    s->resolved_yaml = NULL;
}
