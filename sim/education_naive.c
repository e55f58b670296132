/* education_naive.c - the naive reference of the education step (see
 * education_internal.h): array-of-structs persons, a single thread, and one keyed
 * generator call per decision (the key of (seed, year, purpose, person) is rebuilt
 * for every draw instead of once per person). The decision logic is that of
 * education.c line by line, so both must give the same bits; only the data layout
 * and the cost differ. Selected by es_run_opts.naive_education; used by the benchmark
 * (speed-up of the optimised step) and tests/test_naive.c (same results). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "education_internal.h"
#include "edusim/indicators.h"
#include "edusim/policy.h"
#include "edusim/rng.h"
#include "edusim/stats.h"


/* One person with every column of es_pop, as an obvious implementation stores it. */
typedef struct es_naive_person {
    int64_t id;
    int16_t region, birth_year;
    uint8_t sex, stage, track, year, field, qual, qual_stem;
    uint32_t flags;
    int16_t vo_entry, degree_year;
    int32_t school, employer;
    uint8_t occ, job;
    float fte, skill, ability, interest;
} es_naive_person;

struct edu_ctx;
static double draw(const struct edu_ctx *c, int64_t i, uint32_t k);
static double draw_normal(const struct edu_ctx *c, int64_t i, uint32_t k);

typedef struct edu_ctx {
    const es_params *p;
    const es_schools *sch;
    const double *eff;   /* policy intensities [npolicies][nregions] */
    int nregions;
    es_naive_person *a; /* [n] persons as structs */
    int year;
    double cut[ES_N_VO_TRACKS - 1]; /* advice score cut points */
} edu_ctx;


static void move(edu_ctx *c, int64_t i, int st, int64_t *t)
{
    es_naive_person *p = c->a;
    int r = p[i].region;
    ES_TL(t, r, ES_T_OUT + p[i].stage)++;
    ES_TL(t, r, ES_T_IN + st)++;
    p[i].stage = (uint8_t)st;
    p[i].year = 1;
    p[i].school = -1;
    p[i].employer = -1;
    p[i].occ = ES_OCC_NONE;
    p[i].fte = 0;
    p[i].flags = (uint32_t)((p[i].flags | ES_F_NEW) & ~(ES_F_RETRY | ES_F_BBL | ES_F_TT | ES_F_PABO |
                                                          ES_F_TRAINEE | ES_F_HYBRID | ES_F_TL));
    if (st == ES_ST_WORK) p[i].flags |= ES_F_NEWGRAD;
}

/* Leave education for the labour force; an early school leaver if under 23 without a
 * basic qualification (Dutch vsv definition). */
static void leave(edu_ctx *c, int64_t i, int from_mbo, int64_t *t)
{
    es_naive_person *p = c->a;
    int age = c->year - p[i].birth_year;
    int early = p[i].qual < ES_Q_START && age < 23;
    if (early && !(p[i].flags & ES_F_LEFT_EARLY)) {
        ES_TL(t, p[i].region, from_mbo ? ES_T_ESL_MBO : ES_T_ESL_VO)++;
        p[i].flags |= ES_F_LEFT_EARLY;
    }
    move(c, i, ES_ST_WORK, t);
    /* Some leavers without a basic qualification do not seek work. */
    uint64_t lkey = es_rng_key(c->p->seed, c->year, ES_RNG_LABOUR, (uint64_t)p[i].id);
    if (early && es_rng_u01(lkey, 7) < c->p->labour.inactive_rate) p[i].flags |= ES_F_INACTIVE;
}

static void award(edu_ctx *c, int64_t i, int q, int stem)
{
    es_naive_person *p = c->a;
    if (q >= p[i].qual) {
        p[i].qual = (uint8_t)q;
        p[i].qual_stem = (uint8_t)stem;
        p[i].degree_year = (int16_t)c->year;
    }
}

static double pol(const edu_ctx *c, int type, int64_t i, size_t field)
{
    return c->p->pol.n ? es_pol_sum(&c->p->pol, c->eff, c->nregions, type, c->a[i].region, field) : 0.0;
}

/* A STEM field: interest, the profile or sector of the previous stage (more with
 * chain collaboration), and a regional pact aligning mbo/hbo capacity to demand. */
static int choose_stem(edu_ctx *c, int64_t i, double base, double u, int aligned)
{
    const es_params *p = c->p;
    int np = (c->a[i].flags & ES_F_NPROFILE) != 0;
    double x = base + p->field_stem_interest * c->a[i].interest +
               (np ? p->field_n_profile + pol(c, ES_POL_CHAIN, i, ES_POL_FIELD(chain.field_bonus)) : 0.0) +
               (aligned ? pol(c, ES_POL_PACT, i, ES_POL_FIELD(pact.alignment)) : 0.0);
    return u < es_logistic(x);
}

/* A pupil entering vmbo gl/tl is in the theoretical track (tl) with probability tl_share. */
static void set_tl(edu_ctx *c, int64_t i)
{
    if (draw(c, i, 12) < c->p->tl_share) c->a[i].flags |= ES_F_TL;
}

/* Choices on entering vmbo year 3 (sector) or havo/vwo year 4 (profile). */
static void vo_choices(edu_ctx *c, int64_t i)
{
    es_naive_person *p = c->a;
    const es_params *q = c->p;
    int tr = p[i].track, y = p[i].year;
    if (tr <= ES_VO_GL && y >= 3 && !(p[i].flags & ES_F_SECTOR_DONE)) {
        double x = es_edu_vmbo_tech_base(q, tr, p[i].flags) + q->vmbo_tech_interest * p[i].interest;
        int tech = draw(c, i, 10) < es_logistic(x);
        p[i].flags |= ES_F_SECTOR_DONE;
        p[i].flags = es_flags_put(p[i].flags, ES_F_NPROFILE, tech);
        p[i].field = (uint8_t)tech;
    }
    if (tr >= ES_VO_HAVO && y >= 4 && !(p[i].flags & ES_F_PROFILE_DONE)) {
        double x = q->profile_n_base[tr - ES_VO_HAVO] + q->profile_n_interest * p[i].interest +
                   q->profile_n_ability * p[i].ability;
        int n = draw(c, i, 11) < es_logistic(x);
        p[i].flags |= ES_F_PROFILE_DONE;
        p[i].flags = es_flags_put(p[i].flags, ES_F_NPROFILE, n);
        p[i].field = (uint8_t)n;
    }
}

/* A level change in years 1-3: see education.c. */
static void change_track(edu_ctx *c, int64_t i, int to)
{
    es_naive_person *p = c->a;
    p[i].track = (uint8_t)to;
    p[i].flags &= (uint32_t)~ES_F_TL;
    if (to == ES_VO_GL) set_tl(c, i);
    p[i].year = (uint8_t)(p[i].year + 1);
    vo_choices(c, i);
}

static void enter_mbo(edu_ctx *c, int64_t i, int level, int64_t *t)
{
    es_naive_person *p = c->a;
    move(c, i, ES_ST_MBO, t);
    p[i].track = (uint8_t)level;
    if (draw(c, i, 20) < c->p->bbl_share[level - 1]) p[i].flags |= ES_F_BBL;
    p[i].field = (uint8_t)choose_stem(c, i, c->p->field_stem_base_mbo, draw(c, i, 21), 1);
}

static void enter_hbo(edu_ctx *c, int64_t i, int64_t *t)
{
    es_naive_person *p = c->a;
    const es_params *q = c->p;
    int tt = draw(c, i, 23) < q->tt_share_hbo;
    int pabo = tt && draw(c, i, 24) < q->tt_pabo_share;
    double base = q->field_stem_base_hbo + (tt ? q->field_stem_tt_hbo : 0.0);
    int stem = !pabo && choose_stem(c, i, base, draw(c, i, 22), !tt); /* pact alignment: not teacher training */
    move(c, i, ES_ST_HBO, t);
    p[i].field = (uint8_t)stem;
    if (tt) p[i].flags |= ES_F_TT;
    if (pabo) p[i].flags |= ES_F_PABO;
}

static void enter_wo(edu_ctx *c, int64_t i, int64_t *t)
{
    int stem = choose_stem(c, i, c->p->field_stem_base_wo, draw(c, i, 25), 0);
    move(c, i, ES_ST_WO, t);
    c->a[i].field = (uint8_t)stem;
}

/* A hbo bachelor continuing in a wo master: see education.c. */
static void enter_wo_master(edu_ctx *c, int64_t i, int64_t *t)
{
    es_naive_person *p = c->a;
    move(c, i, ES_ST_WO, t);
    p[i].year = ES_WO_LEN - 1;
    ES_TL(t, p[i].region, ES_T_HBO_TO_WO)++;
    p[i].flags &= (uint32_t)~ES_F_NEW;
}

/* An mbo graduate stacking the next level: see education.c. */
static void stack_mbo(edu_ctx *c, int64_t i, int lvl, int64_t *t)
{
    es_naive_person *p = c->a;
    move(c, i, ES_ST_MBO, t);
    p[i].track = (uint8_t)(lvl + 1);
    ES_TL(t, p[i].region, ES_T_MBO_STACK)++;
    if (draw(c, i, 32) < c->p->bbl_share[lvl]) p[i].flags |= ES_F_BBL;
}

/* Entry to education from work (late higher education, adult BBL): see education.c. */
static void from_work(edu_ctx *c, int64_t i, int64_t *t)
{
    es_naive_person *p = c->a;
    const es_params *q = c->p;
    int age = c->year - p[i].birth_year, qual = p[i].qual;
    if (qual >= ES_Q_HBO || p[i].occ == ES_OCC_TEACHER || (p[i].flags & ES_F_INACTIVE)) return;
    int vwo = (p[i].flags & ES_F_VWO_DIPL) != 0;
    int he = vwo || (p[i].flags & ES_F_HAVO_DIPL) || (qual == ES_Q_MBO34 && p[i].track == 4);
    if (he && age < ES_LATE_HE_MAX_AGE && draw(c, i, 33) < q->he_late_entry_rate) {
        ES_TL(t, p[i].region, vwo ? ES_T_HE_LATE_WO : ES_T_HE_LATE_HBO)++;
        if (vwo) enter_wo(c, i, t);
        else enter_hbo(c, i, t);
    } else if (qual < ES_Q_MBO34 && age >= ES_ADULT_MBO_MIN_AGE && age < ES_ADULT_MBO_MAX_AGE &&
               draw(c, i, 34) < q->mbo_adult_entry_rate) {
        move(c, i, ES_ST_MBO, t);
        p[i].track = (uint8_t)(qual < ES_Q_START ? 2 : 3);
        ES_TL(t, p[i].region, ES_T_MBO_ADULT)++;
        p[i].flags |= ES_F_BBL;
        p[i].field = (uint8_t)choose_stem(c, i, q->field_stem_base_mbo, draw(c, i, 35), 1);
    }
}

static void vo_diploma(edu_ctx *c, int64_t i, int64_t *t)
{
    es_naive_person *p = c->a;
    const es_params *q = c->p;
    int tr = p[i].track, r = p[i].region;
    double u = draw(c, i, 3);
    static const int dipl[ES_N_VO_TRACKS] = {ES_T_DIPL_VMBO_BB, ES_T_DIPL_VMBO_KB, ES_T_DIPL_VMBO_GL,
                                             ES_T_DIPL_HAVO, ES_T_DIPL_VWO};
    ES_TL(t, r, (p[i].flags & ES_F_TL) ? ES_T_DIPL_VMBO_TL : dipl[tr])++;
    p[i].flags &= (uint32_t)~ES_F_RETRY;
    if (tr <= ES_VO_GL) {
        award(c, i, ES_Q_VMBO, p[i].field);
        if (tr == ES_VO_GL && u < q->gl_to_havo) {
            p[i].track = ES_VO_HAVO;
            p[i].year = 4;
            p[i].flags &= (uint32_t)~(ES_F_PROFILE_DONE | ES_F_TL);
            vo_choices(c, i);
        } else if (u < (tr == ES_VO_GL ? q->gl_to_havo : 0.0) + q->vmbo_to_mbo) {
            enter_mbo(c, i, tr == ES_VO_BB ? 2 : tr == ES_VO_KB ? 3 : 4, t);
        } else {
            leave(c, i, 0, t);
        }
    } else if (tr == ES_VO_HAVO) {
        award(c, i, ES_Q_START, p[i].field);
        p[i].flags |= ES_F_HAVO_DIPL;
        if (u < q->havo_to_hbo) {
            ES_TL(t, r, ES_T_HAVO_TO_HBO)++;
            enter_hbo(c, i, t);
        } else if (u < q->havo_to_hbo + q->havo_to_mbo) {
            enter_mbo(c, i, 4, t);
        } else {
            move(c, i, ES_ST_WORK, t);
        }
    } else {
        award(c, i, ES_Q_START, p[i].field);
        p[i].flags |= ES_F_VWO_DIPL;
        if (u < q->vwo_to_wo) {
            ES_TL(t, r, ES_T_VWO_TO_WO)++;
            enter_wo(c, i, t);
        } else if (u < q->vwo_to_wo + q->vwo_to_hbo) {
            ES_TL(t, r, ES_T_VWO_TO_HBO)++;
            enter_hbo(c, i, t);
        } else {
            move(c, i, ES_ST_WORK, t);
        }
    }
}

static void step_vo(edu_ctx *c, int64_t i, int64_t *t)
{
    es_naive_person *p = c->a;
    const es_params *q = c->p;
    int tr = p[i].track, y = p[i].year, r = p[i].region;
    int age = c->year - p[i].birth_year;
    int len = es_vo_len[tr];
    if (tr >= ES_VO_HAVO && y >= 4 && draw(c, i, 5) < q->vo_upper_to_mbo[tr - ES_VO_HAVO]) {
        /* Leaving havo/vwo for mbo level 4 without a diploma (not an early leaver). */
        enter_mbo(c, i, 4, t);
        return;
    }
    if (y >= len) {
        double pass = q->vo_exam_pass[tr];
        if ((p[i].flags & ES_F_NPROFILE) && p[i].school >= 0)
            pass -= q->teach.quality_success * (1.0 - c->sch->stem_quality[p[i].school]);
        if (draw(c, i, 0) < pass) {
            vo_diploma(c, i, t);
        } else if (p[i].flags & ES_F_RETRY) {
            leave(c, i, 0, t);
        } else {
            p[i].flags |= ES_F_RETRY;
            ES_TL(t, r, ES_T_REPEAT_VO)++;
        }
        return;
    }
    if (age >= 16 && draw(c, i, 0) < q->vo_dropout_rate) {
        /* Some pupils leaving without a diploma continue at mbo entry level. */
        if (draw(c, i, 4) < q->dropout_to_mbo1) enter_mbo(c, i, 1, t);
        else leave(c, i, 0, t);
        return;
    }
    double pd = es_edu_vo_down_rate(q, tr, y), pu = es_edu_vo_up_rate(q, tr, y);
    int down = pd > 0 && draw(c, i, 1) < pd, up = pu > 0 && draw(c, i, 6) < pu;
    if (up && (!down || tr == ES_VO_GL)) {
        change_track(c, i, tr + 1);
        ES_TL(t, r, ES_T_VO_UP)++;
        return;
    }
    if (down) {
        change_track(c, i, tr - 1);
        return;
    }
    if (tr == ES_VO_VWO && (y == 4 || y == 5) && draw(c, i, 7) < q->vo_upper_down_rate) {
        p[i].track = ES_VO_HAVO;
        p[i].year = (uint8_t)es_vo_len[ES_VO_HAVO];
        ES_TL(t, r, ES_T_VO_UPPER_DOWN)++;
        return;
    }
    if (draw(c, i, 2) < es_edu_vo_repeat_rate(q, tr, y)) {
        ES_TL(t, r, ES_T_REPEAT_VO)++;
        return;
    }
    p[i].year = (uint8_t)(y + 1);
    vo_choices(c, i);
}

static void step_mbo(edu_ctx *c, int64_t i, int64_t *t)
{
    es_naive_person *p = c->a;
    const es_params *q = c->p;
    int lvl = p[i].track, y = p[i].year;
    if (y < es_mbo_len[lvl]) {
        if (draw(c, i, 0) < q->mbo_dropout_rate) leave(c, i, 1, t);
        else p[i].year = (uint8_t)(y + 1);
        return;
    }
    if (draw(c, i, 0) < q->mbo_pass_rate) {
        int stem = p[i].field;
        ES_TL(t, p[i].region, ES_T_DIPL_MBO)++;
        if (stem) ES_TL(t, p[i].region, ES_T_DIPL_MBO_STEM)++;
        award(c, i, lvl == 1 ? ES_Q_MBO1 : lvl == 2 ? ES_Q_START : ES_Q_MBO34, stem);
        /* A STEM mbo diploma counts like an N-profile for the next field choice. */
        p[i].flags = es_flags_put(p[i].flags, ES_F_NPROFILE, stem);
        if (lvl == 4 && draw(c, i, 1) < q->mbo4_to_hbo) enter_hbo(c, i, t);
        else if (lvl < 4 && draw(c, i, 31) < q->mbo_stack_rate) stack_mbo(c, i, lvl, t);
        else move(c, i, ES_ST_WORK, t);
    } else if (y >= es_mbo_len[lvl] + 1) {
        leave(c, i, 1, t);
    } else {
        p[i].year = (uint8_t)(y + 1);
    }
}

/* hbo and wo share their shape: first-year drop-out, later drop-out, final exam with
 * delays of up to ES_MAX_DELAY years. Returns 1 when the diploma is awarded. */
static int step_he(edu_ctx *c, int64_t i, int len, double first, double later,
                   double pass, int64_t *t)
{
    es_naive_person *p = c->a;
    int y = p[i].year;
    double u = draw(c, i, 0);
    if (y == 1) {
        /* Chain collaboration removes part of the extra first-year STEM drop-out. */
        double leak = 1.0 - fmin(1.0, pol(c, ES_POL_CHAIN, i, ES_POL_FIELD(chain.leak_reduction)));
        double d = first + (p[i].field ? c->p->stem_first_year_extra_dropout * leak : 0.0);
        if (u < d) { leave(c, i, 0, t); return 0; }
    } else if (y < len && u < later) {
        leave(c, i, 0, t);
        return 0;
    }
    if (y < len) { p[i].year = (uint8_t)(y + 1); return 0; }
    if (draw(c, i, 1) < pass) return 1;
    if (y >= len + ES_MAX_DELAY) leave(c, i, 0, t);
    else p[i].year = (uint8_t)(y + 1);
    return 0;
}

/* The year's change of STEM interest of a pupil: exposure at their school (qualified
 * STEM teachers, company contact, peers, chain activities), the region's image, an
 * idiosyncratic change, and reversion towards the person's base interest. */
static void update_interest(edu_ctx *c, int64_t i)
{
    es_naive_person *p = c->a;
    const es_params *q = c->p;
    const es_interest_params *I = &q->interest;
    int32_t sc = p[i].school;
    int r = p[i].region;
    double base = q->region[r].stem_image + (p[i].sex ? 0.5 : -0.5) * q->interest_sex_gap;
    double d = I->reversion * (base - p[i].interest) + I->image * q->region[r].stem_image;
    if (sc >= 0) {
        const es_schools *s = c->sch;
        double peers = s->pupils[sc] > 0 ? (double)s->stem_pupils[sc] / s->pupils[sc] : 0.5;
        d += I->teacher * (s->stem_quality[sc] - 1.0) + I->contact * s->contact[sc] +
             I->peer * (peers - 0.5) + (s->chain[sc] ? I->chain : 0.0);
    }
    uint64_t ikey = es_rng_key(q->seed, c->year, ES_RNG_INTEREST, (uint64_t)p[i].id);
    d += I->noise * es_rng_normal(ikey, 0);
    p[i].interest = (float)(p[i].interest + d);
}

static void person_transition(edu_ctx *c, int64_t i, int64_t *t)
{
    es_naive_person *p = c->a;
    const es_params *q = c->p;
    int st = p[i].stage;
    if (st == ES_ST_GONE || st == ES_ST_RETIRED) return;
    p[i].flags &= (uint32_t)~(ES_F_NEW | ES_F_NEWGRAD | ES_F_TT_GRAD);
    if (st == ES_ST_VO || (st == ES_ST_PO && p[i].year >= 7)) update_interest(c, i);
    int age_next = c->year + 1 - p[i].birth_year;
    int r = p[i].region;
    switch (st) {
    case ES_ST_CHILD:
        if (age_next >= q->po_entry_age) move(c, i, ES_ST_PO, t);
        break;
    case ES_ST_PO:
        if (p[i].year < 8) {
            if (draw(c, i, 0) >= q->po_repeat_rate) p[i].year++;
        } else {
            double score = p[i].ability + q->advice_noise * draw_normal(c, i, 1);
            int tr = 0;
            while (tr < ES_N_VO_TRACKS - 1 && score >= c->cut[tr]) tr++;
            move(c, i, ES_ST_VO, t);
            p[i].track = (uint8_t)tr;
            p[i].field = 0;
            if (tr == ES_VO_GL) set_tl(c, i);
            p[i].flags &= (uint32_t)~(ES_F_NPROFILE | ES_F_SECTOR_DONE | ES_F_PROFILE_DONE);
            p[i].vo_entry = (int16_t)(c->year + 1);
        }
        break;
    case ES_ST_VO: step_vo(c, i, t); break;
    case ES_ST_MBO: step_mbo(c, i, t); break;
    case ES_ST_HBO: {
        int tt = (p[i].flags & ES_F_TT) != 0;
        double later = tt ? q->tt_dropout_rate : q->hbo_dropout_rate;
        if (step_he(c, i, ES_HBO_LEN, tt ? q->tt_dropout_rate : q->hbo_first_year_dropout,
                    later, q->hbo_pass_rate, t)) {
            int stem = p[i].field, pabo = (p[i].flags & ES_F_PABO) != 0;
            ES_TL(t, r, tt ? ES_T_DIPL_TT : ES_T_DIPL_HBO)++;
            if (!tt && stem) ES_TL(t, r, ES_T_DIPL_HBO_STEM)++;
            award(c, i, ES_Q_HBO, stem);
            if (!tt && draw(c, i, 30) < q->hbo_to_wo) {
                enter_wo_master(c, i, t);
                break;
            }
            move(c, i, ES_ST_WORK, t);
            if (tt) p[i].flags |= (uint32_t)(ES_F_TT_GRAD | (pabo ? ES_F_PABO : 0));
        }
        break;
    }
    case ES_ST_WO:
        if (step_he(c, i, ES_WO_LEN, q->wo_first_year_dropout, q->wo_dropout_rate,
                    q->wo_pass_rate, t)) {
            int stem = p[i].field;
            ES_TL(t, r, ES_T_DIPL_WO)++;
            if (stem) ES_TL(t, r, ES_T_DIPL_WO_STEM)++;
            award(c, i, ES_Q_WO, stem);
            if (draw(c, i, 2) < q->tt_share_wo * (stem ? q->tt_stem_factor_wo : 1.0)) {
                move(c, i, ES_ST_TT_WO, t);
                p[i].field = (uint8_t)stem;
            } else {
                move(c, i, ES_ST_WORK, t);
            }
        }
        break;
    case ES_ST_TT_WO: {
        int pass = draw(c, i, 0) >= q->tt_dropout_rate;
        if (pass) ES_TL(t, r, ES_T_DIPL_TT)++;
        move(c, i, ES_ST_WORK, t);
        if (pass) p[i].flags |= ES_F_TT_GRAD;
        break;
    }
    case ES_ST_WORK:
        if (age_next >= q->retirement_age) move(c, i, ES_ST_RETIRED, t);
        else from_work(c, i, t);
        break;
    default: break;
    }
}

/* School assignment the obvious way: one list of all applicants, one qsort by
 * (region and sector, priority, id), places taken in that order on one thread. */
typedef struct appl {
    int32_t bucket; /* region * ES_N_SECTORS + sector */
    uint64_t prio;
    int64_t id;
    int64_t idx;
} appl;

static int appl_cmp(const void *a, const void *b)
{
    const appl *x = a, *y = b;
    if (x->bucket != y->bucket) return x->bucket < y->bucket ? -1 : 1;
    if (x->prio != y->prio) return x->prio < y->prio ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static es_status naive_assign_schools(es_world *w, int year)
{
    es_pop *p = &w->pop;
    es_schools *s = &w->schools;
    const es_params *q = w->par;
    int64_t napp = 0;
    for (int64_t i = 0; i < p->n; i++)
        if (p->school[i] < 0 && es_edu_stage_sector(p->stage[i]) >= 0) napp++;
    if (!napp) return ES_OK;
    int32_t *left = malloc((size_t)s->n * sizeof *left);
    appl *a = malloc((size_t)napp * sizeof *a);
    if (!left || !a) { free(left); free(a); return ES_ERR_NOMEM; }
    /* Places left = capacity minus pupils staying on. */
    memcpy(left, s->capacity, (size_t)s->n * sizeof *left);
    int64_t m = 0;
    for (int64_t i = 0; i < p->n; i++) {
        int sec = es_edu_stage_sector(p->stage[i]);
        if (sec < 0) continue;
        if (p->school[i] >= 0) { left[p->school[i]]--; continue; }
        a[m].bucket = p->region[i] * ES_N_SECTORS + sec;
        a[m].prio = es_mix64(es_rng_key(q->seed, year, ES_RNG_SCHOOL, (uint64_t)p->id[i]));
        a[m].id = p->id[i];
        a[m].idx = i;
        m++;
    }
    qsort(a, (size_t)m, sizeof *a, appl_cmp);
    for (int64_t k = 0; k < m; k++) {
        int r = a[k].bucket / ES_N_SECTORS, sec = a[k].bucket % ES_N_SECTORS;
        int32_t first = s->first[r][sec], cnt = s->count[r][sec];
        uint64_t key = es_rng_key(q->seed, year, ES_RNG_SCHOOL, (uint64_t)a[k].id);
        int32_t pick = es_edu_pick_school(key, first, cnt, left);
        left[pick]--;
        p->school[a[k].idx] = pick;
    }
    free(left);
    free(a);
    return ES_OK;
}

/* The k-th progress draw of person i: the key is built again for every decision. */
static double draw(const edu_ctx *c, int64_t i, uint32_t k)
{
    return es_rng_u01(es_rng_key(c->p->seed, c->year, ES_RNG_VO_PROGRESS, (uint64_t)c->a[i].id), k);
}

static double draw_normal(const edu_ctx *c, int64_t i, uint32_t k)
{
    return es_rng_normal(es_rng_key(c->p->seed, c->year, ES_RNG_VO_PROGRESS, (uint64_t)c->a[i].id), k);
}

/* Columns to structs and back: part of the naive step's cost, as it would be for a
 * model that kept its persons as structs throughout. */
#define NAIVE_FIELDS(X) \
    X(id) X(region) X(birth_year) X(sex) X(stage) X(track) X(year) X(field) X(qual) \
    X(qual_stem) X(flags) X(vo_entry) X(degree_year) X(school) X(employer) X(occ) X(job) \
    X(fte) X(skill) X(ability) X(interest)

es_status es_phase_education_naive(es_world *w, int year, int64_t *tally)
{
    es_pop *pop = &w->pop;
    int64_t n = pop->n;
    es_naive_person *a = malloc((size_t)(n ? n : 1) * sizeof *a);
    if (!a) return ES_ERR_NOMEM;
    for (int64_t i = 0; i < n; i++) {
#define TO(f) a[i].f = pop->f[i];
        NAIVE_FIELDS(TO)
#undef TO
    }
    edu_ctx c;
    c.p = w->par;
    c.sch = &w->schools;
    c.eff = w->pol_eff;
    c.nregions = w->nregions;
    c.a = a;
    c.year = year;
    es_edu_advice_cuts(w->par, c.cut);
    for (int64_t i = 0; i < n; i++) person_transition(&c, i, tally);
    for (int64_t i = 0; i < n; i++) {
#define BACK(f) pop->f[i] = a[i].f;
        NAIVE_FIELDS(BACK)
#undef BACK
    }
    free(a);
    return naive_assign_schools(w, year);
}
