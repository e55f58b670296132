/* policy.h - interventions as parameterised, composable policies.
 *
 * A scenario lists any number of policies under `policies:`. Each has a type, start
 * and end school year, target regions, an intensity (0 = no effect; effects scale
 * with it) and type-specific parameters. Several policies of one type may run at
 * once. Each year es_policy_year() computes every policy's effective intensity per
 * region: intensity x (1 + knowledge-programme multipliers) x (1 + synergy when a
 * top-down and a bottom-up policy are active together). With `policy_synergy: 0`
 * the effects of policies add up. The mechanisms read the effective intensities
 * through the es_pol_* accessors below. */
#ifndef EDUSIM_POLICY_H
#define EDUSIM_POLICY_H

#include <stdint.h>

#include "edusim/cfg.h"
#include "edusim/common.h"

#define ES_MAX_POLICIES 64

typedef enum es_pol_type {
    ES_POL_COFINANCING = 0, /* I: public money for centres, matched by private money */
    ES_POL_BENCHMARKING,    /* II: monitoring and benchmarking rounds */
    ES_POL_HYBRID,          /* III: hybrid teachers (company staff teaching part-time) */
    ES_POL_EDK,             /* III: Eerst De Klas trainees */
    ES_POL_KNOWLEDGE,       /* IV: knowledge programme */
    ES_POL_PACT,            /* V: regional pact */
    ES_POL_CHAIN,           /* VI: chain collaboration */
    ES_POL_NETWORK,         /* VII: network support */
    ES_POL_LLO,             /* lifelong learning offered by partnerships */
    ES_N_POL_TYPES
} es_pol_type;

extern const char *const es_pol_type_names[ES_N_POL_TYPES];

typedef struct es_policy {
    char name[64];
    int type;               /* es_pol_type */
    int start, end;         /* school years, inclusive */
    uint64_t regions;       /* bit r: region r targeted */
    double intensity;
    /* type-specific (see params in policy.c and scenarios/reference.yaml) */
    double a, b, c, d;      /* meanings per type, named in policy.c */
    int reward_results;     /* cofinancing: 1 = reward on results, 0 = on activities */
    int llo_type;           /* lifelong_learning: -1 any, else es_llo_type */
    double public_cost;     /* EUR per unit (per centre, FTE, trainee, participant, or per year) */
    double private_cost;    /* EUR per unit, private */
} es_policy;

typedef struct es_policies {
    int n;
    es_policy p[ES_MAX_POLICIES];
    double synergy;         /* policy_synergy */
    double phase_gain[ES_N_POL_TYPES][5]; /* effect by phase of the partnership acted on */
} es_policies;

/* Read `policies` and `policy_synergy` (region names resolve against regions[]). */
struct es_params;
es_status es_policies_read(es_cfg *c, struct es_params *par);

/* Effective intensity of every policy in every region for a year: eff[k * nregions + r]
 * (0 when inactive). */
void es_policy_year(const es_policies *pp, int year, int nregions, double *eff);

/* Sum over active policies of type t in region r of eff x the given field (a..d). */
double es_pol_sum(const es_policies *pp, const double *eff, int nregions, int t, int r, int field);
/* Public cost rate of the active policies of type t in region r: sum of public_cost x
 * intensity (synergy and knowledge multipliers change effects, not budgets). */
double es_pol_cost(const es_policies *pp, const double *eff, int nregions, int t, int r);
/* 1 if a policy of type t is active in region r. */
int es_pol_active(const es_policies *pp, const double *eff, int nregions, int t, int r);

#endif
