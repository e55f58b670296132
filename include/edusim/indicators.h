/* indicators.h - yearly tallies (integer counts per region) and the indicators
 * derived from them.
 *
 * Phases count persons and events into int64 tallies; integer sums do not depend on
 * thread count or order, so every indicator is bitwise reproducible. Indicators are
 * declared once in a table (name, subgroup, units, description, formula) that the
 * HDF5 writer and the documentation both use. */
#ifndef EDUSIM_INDICATORS_H
#define EDUSIM_INDICATORS_H

#include <stdint.h>

#include "edusim/desc.h"
#include "edusim/policy.h"
#include "edusim/pop.h"
#include "edusim/world.h"

/* Tallies: one int64 per region. Append only (tests and tools refer to them). */
#define ES_TALLIES(X)                                                                      \
    X(POP) X(BIRTHS) X(DEATHS) X(EMIGRANTS) X(IMMIGRANTS)                                  \
    X(PUP_PO) X(PUP_BB) X(PUP_KB) X(PUP_GL) X(PUP_HAVO) X(PUP_VWO)                         \
    X(STU_MBO1) X(STU_MBO2) X(STU_MBO3) X(STU_MBO4) X(STU_MBO_BBL)                         \
    X(STU_HBO) X(STU_HBO_TT) X(STU_WO) X(STU_TT_WO)                                        \
    X(ENT_PO) X(ENT_VO) X(ENT_MBO) X(ENT_HBO) X(ENT_WO) X(ENT_HBO_STEM) X(ENT_WO_STEM)     \
    X(ENT_TT_PABO) X(ENT_TT_VO) X(ENT_TT_VO_STEM) X(ENT_TT_WO) X(ENT_TT_WO_STEM)           \
    X(Y4_HAVO) X(Y4_HAVO_N) X(Y4_VWO) X(Y4_VWO_N)                                          \
    X(Y3_BB) X(Y3_BB_T) X(Y3_KB) X(Y3_KB_T) X(Y3_GL) X(Y3_GL_T)                            \
    X(DIPL_VMBO_BB) X(DIPL_VMBO_KB) X(DIPL_VMBO_GL) X(DIPL_HAVO) X(DIPL_VWO)               \
    X(DIPL_MBO) X(DIPL_MBO_STEM) X(DIPL_HBO) X(DIPL_HBO_STEM) X(DIPL_WO) X(DIPL_WO_STEM)   \
    X(DIPL_TT)                                                                             \
    X(HAVO_TO_HBO) X(VWO_TO_WO) X(VWO_TO_HBO)                                              \
    X(ESL_VO) X(ESL_MBO) X(REPEAT_VO)                                                      \
    X(SCHOOLS_PO) X(SCHOOLS_VO) X(CAPACITY_VO) X(WORKFORCE) X(RETIRED)                     \
    X(Y3_VMBO) X(Y3_VMBO_T) X(STU_MBO) X(PUP_VO) X(PUP_POVO)                               \
    X(FTE_DEM_PO) X(FTE_DEM_VO_STEM) X(FTE_DEM_VO_OTHER) X(FTE_DEM_MBO_STEM) X(FTE_DEM_MBO_OTHER) \
    X(FTE_FIL_PO) X(FTE_FIL_VO_STEM) X(FTE_FIL_VO_OTHER) X(FTE_FIL_MBO_STEM) X(FTE_FIL_MBO_OTHER) \
    X(FTE_UNF_PO) X(FTE_UNF_VO_STEM) X(FTE_UNF_VO_OTHER) X(FTE_UNF_MBO_STEM) X(FTE_UNF_MBO_OTHER) \
    X(FTE_DEM) X(FTE_FIL) X(FTE_UNF) X(FTE_DEM_STEM) X(FTE_FIL_STEM) X(FTE_UNF_STEM)           \
    X(FTE_DEM_VO) X(FTE_UNF_VO) X(FTE_HYBRID) X(FTE_TRAINEE)                                 \
    X(TEACHERS) X(TEACHER_HIRES) X(TEACHER_QUITS) X(TEACHER_SIDE_ENTRY)                      \
    X(LF_L0) X(LF_L1) X(LF_L2) X(LF_L3) X(UNEMP_L0) X(UNEMP_L1) X(UNEMP_L2) X(UNEMP_L3)      \
    X(LF) X(UNEMP) X(EMPLOYEES)                                                              \
    X(VAC_TECH) X(VAC_CARE) X(VAC_OTHER) X(VACF_TECH) X(VACF_CARE) X(VACF_OTHER)             \
    X(VAC) X(VACF) X(VAC_STEM) X(VACF_STEM) X(HIRES_NEWGRAD)                                 \
    X(STEM_GRAD_EMP) X(STEM_GRAD_STEM_JOB) X(BBL_PLACED) X(BBL_NO_PLACE)                     \
    X(LLO_PART) X(LLO_FORMAL) X(LLO_UPGRADE) X(SKILL_MILLI)                                  \
    X(PPS_ACTIVE) X(PPS_CENTRES) X(PPS_COMPANIES) X(PPS_CENTRE_COMPANIES)                    \
    X(PPS_PRIVATE_EUR) X(PPS_INKIND_EUR) X(PPS_PUBLIC_EUR) X(PPS_FORMED) X(PPS_DISSOLVED)    \
    X(PPS_K0) X(PPS_K1) X(PPS_K2) X(PPS_K3) X(PPS_K4)                                        \
    X(PPS_P0) X(PPS_P1) X(PPS_P2) X(PPS_P3) X(PPS_P4)                                        \
    X(COMPANIES) X(PPS_CENTRE_EUR) X(PPS_KATAPULT)                                           \
    X(POL_PUB0) X(POL_PUB1) X(POL_PUB2) X(POL_PUB3) X(POL_PUB4) X(POL_PUB5) X(POL_PUB6) X(POL_PUB7) X(POL_PUB8) \
    X(POL_PRIV0) X(POL_PRIV1) X(POL_PRIV2) X(POL_PRIV3) X(POL_PRIV4) X(POL_PRIV5) X(POL_PRIV6) X(POL_PRIV7) X(POL_PRIV8) \
    X(HYBRIDS) X(TRAINEES_NEW) X(CHAIN_SCHOOLS) X(NETWORK_SCHOOLS)                          \
    X(MBO_STACK) X(MBO_ADULT) X(HE_LATE_HBO) X(HE_LATE_WO) X(HBO_TO_WO) X(INTL_HBO) X(INTL_WO) \
    X(VO_UP) X(VO_UPPER_DOWN) X(STU_MBO_U23) X(Y3_TL) X(Y3_TL_T) X(DIPL_VMBO_TL) \
    X(PPS_VOC_COMPANIES)                                                                     \
    X(Y4_HAVO_SX0) X(Y4_HAVO_SX1) X(Y4_HAVO_N_SX0) X(Y4_HAVO_N_SX1)                          \
    X(Y4_VWO_SX0) X(Y4_VWO_SX1) X(Y4_VWO_N_SX0) X(Y4_VWO_N_SX1)                              \
    X(Y3_VMBO_SX0) X(Y3_VMBO_SX1) X(Y3_VMBO_T_SX0) X(Y3_VMBO_T_SX1)                          \
    X(ENT_HE_SX0) X(ENT_HE_SX1) X(ENT_HE_STEM_SX0) X(ENT_HE_STEM_SX1)

typedef enum es_tally_id {
#define X(t) ES_T_##t,
    ES_TALLIES(X)
#undef X
    ES_T_STOCK,                         /* ES_T_STOCK + stage: persons per stage at the count */
    ES_T_IN = ES_T_STOCK + ES_N_STAGES, /* entries into each stage during the year */
    ES_T_OUT = ES_T_IN + ES_N_STAGES,   /* exits from each stage during the year */
    /* Spending of each policy of the scenario (es_policies.p[k]): ES_T_POLK_PUB + k and
     * ES_T_POLK_PRIV + k. They split ES_T_POL_PUB0 + type and ES_T_POL_PRIV0 + type
     * into the same rounded EUR, so they add up to them exactly; the checksum leaves
     * them out (it covers the tallies before ES_T_POLK_PUB, as before they existed). */
    ES_T_POLK_PUB = ES_T_OUT + ES_N_STAGES,
    ES_T_POLK_PRIV = ES_T_POLK_PUB + ES_MAX_POLICIES,
    ES_N_TALLY = ES_T_POLK_PRIV + ES_MAX_POLICIES
} es_tally_id;

/* Tallies split by sex follow each other: _SX0 women and girls, _SX1 men and boys
 * (es_pop.sex), so ES_T_X_SX0 + sex counts a person. */

/* Tally `id` of region r in a block of ES_N_TALLY counts per region (the phases' and
 * the runs' tally layout). */
#define ES_TL(t, r, id) (t)[(int64_t)(r) * ES_N_TALLY + (id)]

/* How an indicator is computed from the tallies of one region and year. */
typedef enum es_formula {
    ES_FX_COUNT,   /* a (+ b + c where >= 0), scaled to 1:1 (divided by `scale`) */
    ES_FX_DIFF,    /* a - b, scaled */
    ES_FX_PCT,     /* 100 * a / b (NaN when b = 0) */
    ES_FX_PCT_SUM, /* 100 * (a + c) / (b + d) */
    ES_FX_RAW,     /* a (+ b where >= 0), unscaled */
    ES_FX_MILLI,   /* a (+ b), stored in thousandths (FTE), scaled */
    ES_FX_MEGA,    /* a (+ b), stored in units, reported in millions (EUR), scaled */
    ES_FX_RATIO    /* a / b (NaN when b = 0) */
} es_formula;

typedef struct es_indicator {
    es_ind_desc desc;
    es_formula fx;
    int a, b, c, d;
    double mult; /* applied to ES_FX_RATIO results (0 means 1) */
} es_indicator;

/* The indicator table. */
int es_indicators_count(void);
const es_indicator *es_indicators(void);
/* Copy the descriptors into out[es_indicators_count()] for an output layout. */
void es_indicator_descs(es_ind_desc *out);
/* Index of an indicator by name and subgroup, -1 if none. */
int es_indicator_find(const char *name, const char *subgroup);

/* Compute every indicator of the table for one region-year from its tallies.
 * out: [es_indicators_count()]. */
void es_indicators_compute(const int64_t *tally, double scale, double *out);

/* ---- spending per named policy ------------------------------------------ */

/* Whether policy p gets indicators of its own: every policy not named after its type
 * (the default name). A policy named after its type is the only one of its type in
 * its scenario (es_policies_read refuses anything else), so its spending is the
 * table's policy_public_spending/TYPE. */
int es_policy_named(const es_policy *p);

/* The indicators of a run or a sweep: the table (es_indicators()), then for each
 * named policy policy_public_spending/NAME and policy_private_spending/NAME, in the
 * order the names were added. A sweep adds the names of all its scenarios (the
 * union, in scenario order); a run without a policy of that name reports 0 for it. */
typedef struct es_indset {
    int n;    /* es_indicators_count() + 2 * npol */
    int npol, cap;
    char (*pol)[64];       /* [npol] policy names */
    char (*text)[2][160];  /* [npol] their descriptions (public, private) */
} es_indset;

/* An empty set: the table only (allocates nothing). */
void es_indset_init(es_indset *s);
void es_indset_free(es_indset *s);
/* Add a policy name unless the set has it. */
es_status es_indset_add(es_indset *s, const char *name);
/* Add the named policies of a scenario (es_policy_named), in their order. */
es_status es_indset_add_policies(es_indset *s, const es_policies *pp);
/* The descriptors into out[s->n]; they point into s (valid while s is unchanged). */
void es_indset_descs(const es_indset *s, es_ind_desc *out);
/* Index of an indicator by name and subgroup in the set, -1 if none. */
int es_indset_find(const es_indset *s, const char *name, const char *subgroup);

/* The per-policy indicators of one region-year of a run whose policies are pp: for
 * each named policy k in order, out[0] public and out[1] private spending (eur_mln,
 * as policy_public_spending/TYPE), out += 2. */
void es_indicators_compute_policies(const int64_t *tally, double scale, const es_policies *pp, double *out);

/* Copy a run's indicator values ([es_indicators_count() + 2 x its named policies]
 * blocks of `cells`, as es_run_result.values) into the layout of set s: the table's
 * as they are, each policy of s from the run's policy of that name, or 0 (no
 * spending) when the run has none. */
void es_indset_expand(const es_indset *s, const es_policies *pp, const double *run_values, size_t cells,
                      double *out);

/* ---- the count phase (indicators_count.c) ------------------------------ */

/* The yearly count of school year `year`, before its transitions: persons per stage,
 * enrolment and the year-3/year-4 choices into tally [nregions][ES_N_TALLY], and the
 * pupils per school (and their STEM share) that teacher demand and peers read. */
es_status es_phase_count(es_world *w, int year, int threads, int64_t *tally);

/* Cohort outcomes (cohort = school year of entry into secondary, sex, region),
 * measured in the year the cohort's members turn ES_COHORT_AGE. */
#define ES_COHORT_AGE 25
enum {
    ES_CC_RUN = 0, ES_CC_COHORT, ES_CC_SEX, ES_CC_REGION, ES_CC_PERSONS,
    ES_CC_NO_BASIC, ES_CC_BASIC, ES_CC_MBO34, ES_CC_HBO, ES_CC_WO, ES_CC_STEM_DEGREE,
    ES_CC_YEARS_TO_DEGREE, ES_CC_EMPLOYED, ES_CC_STEM_JOB,
    ES_N_COHORT_COLS
};
const es_col_desc *es_cohort_columns(void);

/* Integer accumulators per (thread, cohort, sex, region) of the cohorts entering
 * secondary from school year `first`, `ncoh` of them. */
typedef struct es_cohort_acc {
    int first;
    int ncoh;
    int nregions; /* without the national total */
    int threads;
    int64_t stride; /* counts per thread */
    int64_t *a;     /* [threads][ncoh][2][nregions][ES_CA_COUNT] */
} es_cohort_acc;
es_status es_cohort_init(es_cohort_acc *ca, int first, int ncoh, int nregions, int threads);
void es_cohort_free(es_cohort_acc *ca);
/* Adds the persons who turn ES_COHORT_AGE in `year`. */
void es_cohort_count(es_cohort_acc *ca, const es_world *w, int year);
/* The cohort table: *rows is malloc'd [*nrows][ES_N_COHORT_COLS] (run column 0), one
 * row per (cohort, sex incl. both, region incl. national) with members; counts scaled
 * to 1:1 by 1 / scale. */
es_status es_cohort_rows(const es_cohort_acc *ca, double scale, double **rows, int *nrows);

#endif
