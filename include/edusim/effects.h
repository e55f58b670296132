/* effects.h - paired effects of scenarios against a baseline over replicates.
 *
 * Replicate r of every scenario runs with the same seed (common random numbers), so
 * the difference scenario - baseline of replicate r measures the intervention, not
 * the noise. For each indicator, year and region: the mean paired difference over
 * replicates, its standard error (sd / sqrt(n)) and the 95 % confidence interval
 * mean +- t(0.975, n-1) x se. Replicates where either value is NaN are left out. */
#ifndef EDUSIM_EFFECTS_H
#define EDUSIM_EFFECTS_H

#include "edusim/common.h"

enum { ES_EF_MEAN = 0, ES_EF_SE, ES_EF_LO, ES_EF_HI, ES_EF_N, ES_N_EFFECT_STATS };
extern const char *const es_effect_stat_names[ES_N_EFFECT_STATS];

typedef struct es_effects {
    int nscen;        /* scenarios compared with the baseline */
    int *scen;        /* [nscen] their scenario indices */
    int *base;        /* [nscen] the baseline each is compared with */
    int baseline;     /* scenario index of the one baseline (es_effects_compute), else -1 */
    int nind, nyears, nregions;
    double *v;        /* [nind][nscen][nyears][nregions][ES_N_EFFECT_STATS] */
} es_effects;

/* values: [nind][nruns][nyears][nregions]; run r belongs to scenario run_scen[r] and
 * replicate run_rep[r] (run_ok[r] = 0 for failed runs, which are left out). */
es_status es_effects_compute(const double *values, int nind, int nruns, int nyears, int nregions,
                             const int *run_scen, const int *run_rep, const int *run_ok, int nscen_total,
                             int baseline, es_effects *out);
/* The same with a baseline per scenario (base_of[s] = s: s is a baseline, not compared),
 * e.g. each design point of a sweep against the baseline at that point. */
es_status es_effects_compute_paired(const double *values, int nind, int nruns, int nyears, int nregions,
                                    const int *run_scen, const int *run_rep, const int *run_ok, int nscen_total,
                                    const int *base_of, es_effects *out);
void es_effects_free(es_effects *e);

/* Two-sided 95 % quantile of Student's t with df degrees of freedom (df >= 1). */
double es_t975(int df);

#endif
