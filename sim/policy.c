/* policy.c - the policy types and their effective intensities per year and region.
 * Reading them from a scenario is params_policy.c. */
#include "edusim/policy.h"

#include <math.h>
#include <string.h>

const char *const es_pol_type_names[ES_N_POL_TYPES] = {
    "cofinancing", "benchmarking", "hybrid_teachers", "eerst_de_klas", "knowledge_programme",
    "regional_pact", "chain_collaboration", "network_support", "lifelong_learning"};

/* Effect of a policy on a partnership by the partnership's phase (initiation, pilot,
 * early adopters, scaling, sustained): pilots and co-financing act early,
 * benchmarking only on mature partnerships (PBT publication, lesson II). */
static const double es_default_gain[ES_N_POL_TYPES][5] = {
    {1, 1, 1, 0.6, 0.3}, {0, 0.1, 0.2, 1, 1}, {1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {1, 1, 0.7, 0.3, 0.3},
    {1, 1, 1, 1, 1},     {1, 1, 1, 1, 1},     {1, 1, 0.8, 0.5, 0.3}, {0.3, 0.5, 1, 1, 1}};

void es_policies_default_gain(double gain[ES_N_POL_TYPES][5]) { memcpy(gain, es_default_gain, sizeof es_default_gain); }

static int is_top_down(int t) { return t == ES_POL_COFINANCING || t == ES_POL_BENCHMARKING; }
static int is_bottom_up(int t) { return t == ES_POL_NETWORK || t == ES_POL_PACT || t == ES_POL_CHAIN; }

void es_policy_year(const es_policies *pp, int year, int nregions, double *eff)
{
    for (int r = 0; r < nregions; r++) {
        int td = 0, bu = 0;
        double know = 0;
        for (int k = 0; k < pp->n; k++) {
            const es_policy *p = &pp->p[k];
            int on = year >= p->start && year <= p->end && ((p->regions >> r) & 1ULL) && p->intensity > 0;
            eff[k * nregions + r] = on ? p->intensity : 0.0;
            if (!on) continue;
            td |= is_top_down(p->type);
            bu |= is_bottom_up(p->type);
            if (p->type == ES_POL_KNOWLEDGE) know += p->u.knowledge.multiplier * p->intensity;
        }
        double mult = (td && bu) ? 1.0 + pp->synergy : 1.0;
        for (int k = 0; k < pp->n; k++) {
            double *e = &eff[k * nregions + r];
            if (*e == 0) continue;
            *e *= mult;
            if (pp->p[k].type != ES_POL_KNOWLEDGE) *e *= 1.0 + know;
        }
    }
}

double es_pol_sum(const es_policies *pp, const double *eff, int nregions, int t, int r, size_t field)
{
    double s = 0;
    for (int k = 0; k < pp->n; k++) {
        const es_policy *p = &pp->p[k];
        double e = eff[k * nregions + r];
        if (p->type != t || e == 0) continue;
        double v;
        memcpy(&v, (const char *)p + field, sizeof v);
        s += e * v;
    }
    return s;
}

double es_pol_weight(const es_policies *pp, const double *eff, int nregions, int t, int r)
{
    double s = 0;
    for (int k = 0; k < pp->n; k++) {
        double e = eff[k * nregions + r];
        if (pp->p[k].type == t && e != 0) s += e;
    }
    return s;
}

double es_pol_cost(const es_policies *pp, const double *eff, int nregions, int t, int r)
{
    double s = 0;
    for (int k = 0; k < pp->n; k++)
        if (pp->p[k].type == t && eff[k * nregions + r] > 0) s += pp->p[k].public_cost * pp->p[k].intensity;
    return s;
}

void es_pol_cost_split(const es_policies *pp, const double *eff, int nregions, int t, int r, double mul, double div,
                       int64_t *share)
{
    double s = 0;
    long long prev = 0;
    for (int k = 0; k < pp->n; k++)
        if (pp->p[k].type == t && eff[k * nregions + r] > 0) {
            s += pp->p[k].public_cost * pp->p[k].intensity;
            long long now = llround(s * mul / div);
            share[k] += now - prev;
            prev = now;
        }
}

int es_pol_active(const es_policies *pp, const double *eff, int nregions, int t, int r)
{
    for (int k = 0; k < pp->n; k++)
        if (pp->p[k].type == t && eff[k * nregions + r] > 0) return 1;
    return 0;
}
