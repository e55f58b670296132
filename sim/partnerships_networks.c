/* partnerships_networks.c - secondary schools joining school-company networks (Jet-Net, TechNet).
 *
 * Membership spreads as a Bass diffusion (Bass 1969, Management Science 15:215): while
 * a network programme runs in a region, the member share A of its secondary schools
 * grows each year by (m - A)(1 - exp(-(p + q A/m))), where p is the programmes' own
 * recruitment (network_support `adoption`, times the policy's effective intensity),
 * q `networks.imitation` (schools follow schools they know) and m
 * `networks.potential`, the share of schools that would ever join. Members stay members;
 * while a programme runs, its company contact (`contact_boost`: guest lessons,
 * excursions, career orientation) reaches a share A of each school's pupils, so every
 * school's contact rises by A times the boost. The share is followed per region rather
 * than as a draw per school: a scaled world has few schools (about 60 at 1:20), and
 * drawing their membership would make each replicate's national trend hinge on a
 * handful of schools. Deterministic, so it does not depend on threads or seeds. */
#include <math.h>

#include "edusim/partnerships.h"

#include "edusim/indicators.h"
#include "edusim/policy.h"


es_status es_phase_networks(es_world *w, int64_t *tally)
{
    const es_params *q = w->par;
    es_schools *s = &w->schools;
    for (int r = 0; r < w->nregions; r++) {
        int32_t first = s->first[r][ES_SEC_VO], n = s->count[r][ES_SEC_VO];
        double *a = &w->network_share[r];
        if (q->pol.n && es_pol_active(&q->pol, w->pol_eff, w->nregions, ES_POL_NETWORK, r)) {
            double own = es_pol_sum(&q->pol, w->pol_eff, w->nregions, ES_POL_NETWORK, r, ES_POL_FIELD(network.adoption));
            double m = q->network_potential;
            if (*a < m) *a += (m - *a) * (1.0 - exp(-(own + q->network_imitation * *a / m)));
            double add = *a * es_pol_sum(&q->pol, w->pol_eff, w->nregions, ES_POL_NETWORK, r, ES_POL_FIELD(network.contact_boost));
            for (int32_t k = first; k < first + n; k++) s->contact[k] = (float)fmin(1.0, s->contact[k] + add);
        }
        ES_TL(tally, r, ES_T_NETWORK_SCHOOLS) += llround(*a * n);
    }
    return ES_OK;
}
