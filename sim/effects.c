/* effects.c - paired differences over replicates with standard errors and 95 % CIs. */
#include "edusim/effects.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const es_effect_stat_names[ES_N_EFFECT_STATS] = {"mean_diff", "se", "ci_low", "ci_high", "n"};

double es_t975(int df)
{
    /* Quantiles t(0.975, df), df = 1..30, from the standard tables. */
    static const double t[31] = {0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1) return NAN;
    if (df <= 30) return t[df];
    /* Beyond 30: the Cornish-Fisher expansion around z = 1.959964 (error < 1e-3). */
    double z = 1.959963985, g1 = (z * z * z + z) / 4.0, g2 = (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / 96.0;
    return z + g1 / df + g2 / ((double)df * df);
}

es_status es_effects_compute(const double *values, int nind, int nruns, int nyears, int nregions,
                             const int *run_scen, const int *run_rep, const int *run_ok, int nscen_total,
                             int baseline, es_effects *out)
{
    int *base_of = malloc((size_t)(nscen_total ? nscen_total : 1) * sizeof *base_of);
    if (!base_of) return ES_ERR_NOMEM;
    for (int s = 0; s < nscen_total; s++) base_of[s] = baseline;
    es_status st = es_effects_compute_paired(values, nind, nruns, nyears, nregions, run_scen, run_rep, run_ok,
                                             nscen_total, base_of, out);
    out->baseline = baseline;
    free(base_of);
    return st;
}

es_status es_effects_compute_paired(const double *values, int nind, int nruns, int nyears, int nregions,
                                    const int *run_scen, const int *run_rep, const int *run_ok, int nscen_total,
                                    const int *base_of, es_effects *out)
{
    memset(out, 0, sizeof *out);
    out->baseline = -1;
    out->nind = nind;
    out->nyears = nyears;
    out->nregions = nregions;
    int maxrep = 0;
    for (int r = 0; r < nruns; r++)
        if (run_rep[r] + 1 > maxrep) maxrep = run_rep[r] + 1;
    /* run index of (scenario, replicate), -1 when absent or failed */
    int *idx = malloc((size_t)(nscen_total * (maxrep ? maxrep : 1)) * sizeof *idx);
    out->scen = malloc((size_t)(nscen_total ? nscen_total : 1) * sizeof *out->scen);
    out->base = malloc((size_t)(nscen_total ? nscen_total : 1) * sizeof *out->base);
    if (!idx || !out->scen || !out->base) { free(idx); es_effects_free(out); return ES_ERR_NOMEM; }
    for (int k = 0; k < nscen_total * maxrep; k++) idx[k] = -1;
    for (int r = 0; r < nruns; r++)
        if (run_ok[r] && run_scen[r] >= 0 && run_scen[r] < nscen_total) idx[run_scen[r] * maxrep + run_rep[r]] = r;
    for (int s = 0; s < nscen_total; s++)
        if (base_of[s] != s && base_of[s] >= 0 && base_of[s] < nscen_total) {
            out->base[out->nscen] = base_of[s];
            out->scen[out->nscen++] = s;
        }
    size_t cells = (size_t)nyears * nregions;
    out->v = malloc((size_t)nind * (out->nscen ? out->nscen : 1) * cells * ES_N_EFFECT_STATS * sizeof *out->v);
    if (!out->v) { free(idx); es_effects_free(out); return ES_ERR_NOMEM; }
    for (int k = 0; k < nind; k++)
        for (int j = 0; j < out->nscen; j++)
            for (size_t c = 0; c < cells; c++) {
                /* Welford's running mean and variance, replicates in order. */
                double mean = 0, m2 = 0;
                int n = 0;
                for (int rep = 0; rep < maxrep; rep++) {
                    int a = idx[out->scen[j] * maxrep + rep], b = idx[out->base[j] * maxrep + rep];
                    if (a < 0 || b < 0) continue;
                    double va = values[((size_t)k * nruns + a) * cells + c];
                    double vb = values[((size_t)k * nruns + b) * cells + c];
                    if (isnan(va) || isnan(vb)) continue;
                    double d = va - vb, delta = d - mean;
                    n++;
                    mean += delta / n;
                    m2 += delta * (d - mean);
                }
                double *o = out->v + (((size_t)k * out->nscen + j) * cells + c) * ES_N_EFFECT_STATS;
                double se = n > 1 ? sqrt(m2 / (n - 1) / n) : NAN;
                double h = n > 1 ? es_t975(n - 1) * se : NAN;
                o[ES_EF_MEAN] = n > 0 ? mean : NAN;
                o[ES_EF_SE] = se;
                o[ES_EF_LO] = n > 1 ? mean - h : NAN;
                o[ES_EF_HI] = n > 1 ? mean + h : NAN;
                o[ES_EF_N] = n;
            }
    free(idx);
    return ES_OK;
}

void es_effects_free(es_effects *e)
{
    if (!e) return;
    free(e->scen);
    free(e->base);
    free(e->v);
    e->base = NULL;
    e->scen = NULL;
    e->v = NULL;
}
