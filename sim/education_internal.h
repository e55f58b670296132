/* education_internal.h - the optimised education step (education.c) and its naive
 * reference (education_naive.c). */
#ifndef EDUSIM_EDUCATION_INTERNAL_H
#define EDUSIM_EDUCATION_INTERNAL_H

#include <math.h>

#include "edusim/education.h"
#include "edusim/indicators.h"
#include "edusim/rng.h"
#include "edusim/stats.h"

/* Stage lengths in years, shared by both implementations so they cannot drift apart. */
static const int es_vo_len[ES_N_VO_TRACKS] = {4, 4, 4, 5, 6};
static const int es_mbo_len[5] = {0, 1, 2, 3, 3};
#define ES_HBO_LEN 4
#define ES_WO_LEN 5    /* bachelor 3 + master 1-2 */
#define ES_MAX_DELAY 3 /* extra years in a final stage before leaving without a diploma */
/* Entry to education from work: late higher-education entrants are under this age
 * (most gap-year and work-first entrants start before 30), adult BBL entrants are
 * from 23 (past the early-school-leaver age) and under this age. */
#define ES_LATE_HE_MAX_AGE 30
#define ES_ADULT_MBO_MIN_AGE 23
#define ES_ADULT_MBO_MAX_AGE 45

/* Draw slots of a person's yearly stream of ES_RNG_EDUCATION (and the two of
 * ES_RNG_LABOUR and ES_RNG_INTEREST the education step uses): one per decision.
 * Decisions that exclude each other in a year share a slot. The numbers are the
 * stream's counters: renumbering one changes every result, so never renumber. */
typedef enum es_edu_slot {
    /* 0: the stage's own event of the year */
    ES_EDU_PO_REPEAT = 0,     /* po: repeat a year */
    ES_EDU_VO_EXAM = 0,       /* vo final year: pass the exam */
    ES_EDU_VO_DROPOUT = 0,    /* vo other years, 16 and over: leave without a diploma */
    ES_EDU_MBO_DROPOUT = 0,   /* mbo before the final year: leave */
    ES_EDU_MBO_PASS = 0,      /* mbo final year: diploma */
    ES_EDU_HE_DROPOUT = 0,    /* hbo/wo: first-year or later drop-out */
    ES_EDU_TT_WO_PASS = 0,    /* university teacher training: pass */
    /* 1 */
    ES_EDU_ADVICE_NOISE = 1,  /* po year 8: noise of the advice score (normal) */
    ES_EDU_VO_DOWN = 1,       /* vo: down a level */
    ES_EDU_MBO4_TO_HBO = 1,   /* mbo-4 graduate: on to hbo */
    ES_EDU_HE_PASS = 1,       /* hbo/wo final year: diploma */
    /* 2 */
    ES_EDU_VO_REPEAT = 2,     /* vo: repeat a year */
    ES_EDU_WO_TO_TT = 2,      /* wo graduate: university teacher training */
    ES_EDU_VO_NEXT = 3,       /* vo diploma: havo, mbo or work after it */
    ES_EDU_DROPOUT_TO_MBO1 = 4, /* vo drop-out: on to mbo entry level */
    ES_EDU_UPPER_TO_MBO = 5,  /* havo/vwo upper years: to mbo-4 without a diploma */
    ES_EDU_VO_UP = 6,         /* vo: up a level */
    ES_EDU_VWO_TO_HAVO = 7,   /* vwo 4-5: to the havo exam year */
    ES_EDU_VMBO_SECTOR = 10,  /* vmbo year 3: technology sector */
    ES_EDU_PROFILE = 11,      /* havo/vwo year 4: N-profile */
    ES_EDU_TL = 12,           /* entering vmbo gl/tl: tl */
    ES_EDU_BBL = 20,          /* entering mbo: work-based (BBL) */
    ES_EDU_MBO_FIELD = 21,    /* entering mbo: STEM field */
    ES_EDU_HBO_FIELD = 22,    /* entering hbo: STEM field */
    ES_EDU_HBO_TT = 23,       /* entering hbo: teacher training */
    ES_EDU_PABO = 24,         /* hbo teacher training: pabo */
    ES_EDU_WO_FIELD = 25,     /* entering wo: STEM field */
    ES_EDU_HBO_TO_WO = 30,    /* hbo graduate: on to a wo master */
    ES_EDU_MBO_STACK = 31,    /* mbo graduate: the next level */
    ES_EDU_STACK_BBL = 32,    /* stacking: BBL at the next level */
    ES_EDU_LATE_HE = 33,      /* worker: late entry to higher education */
    ES_EDU_ADULT_MBO = 34,    /* worker: adult BBL entry */
    ES_EDU_ADULT_FIELD = 35,  /* adult BBL: STEM field */
    /* ES_RNG_LABOUR */
    ES_EDU_LAB_INACTIVE = 7,  /* early school leaver: not seeking work */
    /* ES_RNG_INTEREST */
    ES_EDU_INT_NOISE = 0      /* idiosyncratic change of STEM interest (normal) */
} es_edu_slot;

/* The school sector of an education stage, -1 outside education. */
static inline int es_edu_stage_sector(int st)
{
    switch (st) {
    case ES_ST_PO: return ES_SEC_PO;
    case ES_ST_VO: return ES_SEC_VO;
    case ES_ST_MBO: return ES_SEC_MBO;
    case ES_ST_HBO: return ES_SEC_HBO;
    case ES_ST_WO: case ES_ST_TT_WO: return ES_SEC_WO;
    default: return -1;
    }
}

/* flags with `bit` set when on, cleared otherwise. */
static inline uint32_t es_flags_put(uint32_t flags, uint32_t bit, int on)
{
    return on ? flags | bit : flags & ~bit;
}

/* Repetition of a non-final secondary year: its own rate in the year before the exam. */
static inline double es_edu_vo_repeat_rate(const es_params *p, int track, int year)
{
    return year == es_vo_len[track] - 1 ? p->vo_pre_exam_repeat[track] : p->vo_repeat_rate[track];
}

/* Yearly probability of moving down a level (to track - 1): havo and vwo in years 1-3,
 * vmbo kb and gl/tl in the bridge years 1-2, before the sector choice. */
static inline double es_edu_vo_down_rate(const es_params *p, int track, int year)
{
    if (track >= ES_VO_HAVO) return year <= 3 ? p->vo_down_rate : 0.0;
    return track >= ES_VO_KB && year <= 2 ? p->vo_vmbo_down_rate : 0.0;
}

/* Yearly probability of moving up a level (to track + 1) in years 1-2: gl/tl and havo
 * with up_rate, bb and kb with vmbo_up_rate. */
static inline double es_edu_vo_up_rate(const es_params *p, int track, int year)
{
    if (year > 2 || track == ES_VO_VWO) return 0.0;
    return track >= ES_VO_GL ? p->vo_up_rate : p->vo_vmbo_up_rate;
}

/* Logit base of the technology sector in vmbo year 3; tl pupils have their own. */
static inline double es_edu_vmbo_tech_base(const es_params *p, int track, uint32_t flags)
{
    return (flags & ES_F_TL) ? p->vmbo_tech_base_tl : p->vmbo_tech_base[track];
}

/* Advice cut points: the score ability + noise*N(0,1) has sd sqrt(1 + noise^2), cut
 * at the cumulative advice shares. */
static inline void es_edu_advice_cuts(const es_params *p, double cut[ES_N_VO_TRACKS - 1])
{
    double sd = sqrt(1.0 + p->advice_noise * p->advice_noise), cum = 0;
    for (int k = 0; k < ES_N_VO_TRACKS - 1; k++) {
        cum += p->advice_share[k];
        cut[k] = sd * es_probit(cum);
    }
}

/* The school an applicant takes among the `cnt` schools from `first`: the first of
 * three keyed choices with a place left, else the school with most places left. Both
 * implementations share the rule so they cannot drift apart. */
static inline int32_t es_edu_pick_school(uint64_t key, int32_t first, int32_t cnt, const int32_t *left)
{
    int32_t pick = -1;
    for (uint32_t ch = 0; ch < 3 && pick < 0; ch++) {
        int32_t sc = first + (int32_t)(es_rng_u01(key, ch) * cnt);
        if (left[sc] > 0) pick = sc;
    }
    if (pick < 0) {
        pick = first;
        for (int32_t sc = first + 1; sc < first + cnt; sc++)
            if (left[sc] > left[pick]) pick = sc;
    }
    return pick;
}

/* School places for everyone in education without a school (keyed priority). */
es_status es_edu_assign_schools(es_world *w, int year, int threads);

/* The education step written the obvious way, kept as the reference the optimised
 * step is measured and tested against: persons copied into an array of structs,
 * one thread, and a fresh keyed generator for every single decision. Results are
 * bitwise identical to es_phase_education (tests/test_naive.c). */
es_status es_phase_education_naive(es_world *w, int year, int64_t *tally);

#endif
