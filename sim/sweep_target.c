/* sweep_target.c - the widest paired-effect interval of a results file, for sweeps
 * that add replicates until their intervals are narrow enough (--target-ci). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/sweep.h"

es_status es_sweep_widest_ci(const char *path, const char *const *inds, int ninds, const int *years, int nyears,
                             const char *region, double *width, char *where, size_t wn, es_diag *d)
{
    es_results r;
    es_status st = es_results_load(path, &r, d);
    if (st != ES_OK) return st;
    int *base_of = malloc((size_t)(r.nscen ? r.nscen : 1) * sizeof *base_of), g = -1;
    for (int k = 0; k < r.nregions; k++)
        if (r.regions[k] && !strcmp(r.regions[k], region)) g = k;
    if (!base_of) st = ES_ERR_NOMEM;
    else if (g < 0) {
        es_diag_add(d, "region '%s' is not in '%s'", region, path);
        st = ES_ERR_INPUT;
    } else if (es_sweep_pairing((const char *const *)r.scen_names, r.nscen, r.baseline, base_of) < 0) {
        es_diag_add(d, "'%s' has no baseline scenario '%s'", path, r.baseline);
        st = ES_ERR_INPUT;
    }
    es_effects e;
    memset(&e, 0, sizeof e);
    if (st == ES_OK)
        st = es_effects_compute_paired(r.values, r.nind, r.nruns, r.nyears, r.nregions, r.run_scen, r.run_rep, r.run_ok,
                                       r.nscen, base_of, &e);
    *width = 0;
    if (where && wn) where[0] = 0;
    for (int q = 0; st == ES_OK && q < ninds; q++) {
        int k = -1;
        const char *slash = strchr(inds[q], '/');
        for (int j = 0; slash && j < r.nind; j++)
            if (strlen(r.ind_name[j]) == (size_t)(slash - inds[q]) && !strncmp(r.ind_name[j], inds[q], (size_t)(slash - inds[q])) &&
                !strcmp(r.ind_sub[j], slash + 1))
                k = j;
        if (k < 0) {
            es_diag_add(d, "no indicator '%s' in '%s' (valid: NAME/SUBGROUP as listed by edusim info)", inds[q], path);
            st = ES_ERR_INPUT;
            break;
        }
        for (int y = 0; y < r.nyears; y++) {
            int want = nyears == 0;
            for (int i = 0; i < nyears; i++) want |= years[i] == r.years[y];
            for (int j = 0; want && j < e.nscen; j++) {
                const double *v = e.v + ((((size_t)k * e.nscen + j) * r.nyears + y) * r.nregions + g) * ES_N_EFFECT_STATS;
                double w = isnan(v[ES_EF_HI]) || isnan(v[ES_EF_LO]) ? INFINITY : v[ES_EF_HI] - v[ES_EF_LO];
                if (w > *width || (where && !where[0])) {
                    if (w > *width) *width = w;
                    if (where) snprintf(where, wn, "%s, %s, %d, %s", inds[q], r.scen_names[e.scen[j]], r.years[y], region);
                }
            }
        }
    }
    for (int i = 0; st == ES_OK && i < nyears; i++) {
        int found = 0;
        for (int y = 0; y < r.nyears; y++) found |= years[i] == r.years[y];
        if (!found) {
            es_diag_add(d, "year %d is not in '%s' (%d-%d)", years[i], path, r.years[0], r.years[r.nyears - 1]);
            st = ES_ERR_INPUT;
        }
    }
    es_effects_free(&e);
    free(base_of);
    es_results_free(&r);
    return st;
}
