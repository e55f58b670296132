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

#include <stddef.h>
#include <stdint.h>

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

/* The parameters of each policy type, read by name from `policies.N.KEY` (the key
 * table of params_policy.c gives each key's default, range and unit). */
typedef struct es_pol_cofinancing {
    double centres_per_million; /* new funded centres per million residents per year */
    double join_boost;          /* logit for companies joining a funded centre */
    double match_ratio;         /* private EUR committed per public EUR */
    double funding_years;       /* years of public funding per centre */
    int reward_results;         /* 1: public money rewards results, 0: activities */
} es_pol_cofinancing;
typedef struct es_pol_benchmarking {
    double effect; /* relative gain in trust growth and effectiveness of mature partnerships */
} es_pol_benchmarking;
typedef struct es_pol_hybrid {
    double share; /* share of STEM employees (hbo/wo) of technology companies teaching */
    double fte;   /* teaching FTE per hybrid teacher */
} es_pol_hybrid;
typedef struct es_pol_edk {
    double trainees_per_million; /* trainees per million residents per year */
    double retention;            /* quit hazard of trainees relative to other teachers */
} es_pol_edk;
typedef struct es_pol_knowledge {
    double multiplier; /* relative gain of concurrent policies in the same regions */
} es_pol_knowledge;
typedef struct es_pol_pact {
    double join_boost; /* logit for companies joining partnerships */
    double alignment;  /* logit bonus of a STEM field in mbo and hbo */
} es_pol_pact;
typedef struct es_pol_chain {
    double leak_reduction; /* share of the extra first-year STEM drop-out removed */
    double school_share;   /* share of secondary schools in the chain */
    double field_bonus;    /* logit bonus of a STEM field after an N-profile or technology sector */
} es_pol_chain;
typedef struct es_pol_network {
    double formation_boost; /* relative increase of partnership formation */
    double survival;        /* relative reduction of partnership dissolution */
    double contact_boost;   /* company contact per pupil at member schools */
    double adoption;        /* recruitment of secondary schools (innovation term) */
} es_pol_network;
typedef struct es_pol_llo {
    double participation_boost; /* relative training participation of partnership companies' employees */
    int llo_type;               /* -1 any, else es_llo_type */
} es_pol_llo;

typedef struct es_policy {
    char name[64];
    int type;               /* es_pol_type: which member of u holds the parameters */
    int start, end;         /* school years, inclusive */
    uint64_t regions;       /* bit r: region r targeted */
    double intensity;
    double public_cost;     /* EUR per unit (per centre, FTE, trainee, participant, or per year) */
    double private_cost;    /* EUR per unit, private */
    union {
        es_pol_cofinancing cofinancing;
        es_pol_benchmarking benchmarking;
        es_pol_hybrid hybrid;
        es_pol_edk edk;
        es_pol_knowledge knowledge;
        es_pol_pact pact;
        es_pol_chain chain;
        es_pol_network network;
        es_pol_llo llo;
    } u;
} es_policy;

/* The byte offset of a type's parameter in es_policy, for es_pol_sum:
 * ES_POL_FIELD(chain.field_bonus). */
#define ES_POL_FIELD(member) offsetof(es_policy, u.member)

typedef struct es_policies {
    int n;
    es_policy p[ES_MAX_POLICIES];
    double synergy;         /* policy_synergy */
    double phase_gain[ES_N_POL_TYPES][5]; /* effect by phase of the partnership acted on */
} es_policies;

/* The default effect of each policy type by the phase of the partnership acted on. */
void es_policies_default_gain(double gain[ES_N_POL_TYPES][5]);

/* Effective intensity of every policy in every region for a year: eff[k * nregions + r]
 * (0 when inactive). */
void es_policy_year(const es_policies *pp, int year, int nregions, double *eff);

/* Sum over active policies of type t in region r of eff x the parameter at byte
 * offset `field` (ES_POL_FIELD). */
double es_pol_sum(const es_policies *pp, const double *eff, int nregions, int t, int r, size_t field);
/* Sum over active policies of type t in region r of eff: the weight of their mix. */
double es_pol_weight(const es_policies *pp, const double *eff, int nregions, int t, int r);
/* Public cost rate of the active policies of type t in region r: sum of public_cost x
 * intensity (synergy and knowledge multipliers change effects, not budgets). */
double es_pol_cost(const es_policies *pp, const double *eff, int nregions, int t, int r);
/* Split llround(es_pol_cost(pp, eff, nregions, t, r) * mul / div) into the active
 * policies' shares, share[k] += llround(c_k * mul / div) - llround(c_j * mul / div),
 * with c_k the cost summed up to policy k as es_pol_cost sums it and j the active
 * policy before k: the shares add up to the rounded total exactly (a policy with no
 * cost gets 0), and a policy alone gets the rounded total. */
void es_pol_cost_split(const es_policies *pp, const double *eff, int nregions, int t, int r, double mul, double div,
                       int64_t *share);
/* 1 if a policy of type t is active in region r. */
int es_pol_active(const es_policies *pp, const double *eff, int nregions, int t, int r);

#endif
