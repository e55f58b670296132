/* education.c - end-of-year transitions through the Dutch education chain.
 *
 * Each person's transition depends only on their own state, the parameters and
 * random numbers keyed on (seed, year, purpose, person id), so the loop over persons
 * runs in parallel in any order. School places are then assigned per region and
 * sector in order of a keyed priority (see es_edu_assign_schools). */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/education.h"

#include "education_internal.h"
#include "edusim/indicators.h"
#include "edusim/par.h"
#include "edusim/policy.h"
#include "edusim/rng.h"
#include "edusim/stats.h"



typedef struct edu_ctx {
    const es_params *p;
    const es_schools *sch;
    const double *eff;   /* policy intensities [npolicies][nregions] */
    int nregions;
    es_pop *pop;
    int year;
    double cut[ES_N_VO_TRACKS - 1]; /* advice score cut points */
    uint64_t kb_prog, kb_int, kb_lab; /* es_rng_base of this year's purposes */
} edu_ctx;


static void move(edu_ctx *c, int64_t i, int st, int64_t *t)
{
    es_pop *p = c->pop;
    int r = p->region[i];
    ES_TL(t, r, ES_T_OUT + p->stage[i])++;
    ES_TL(t, r, ES_T_IN + st)++;
    p->stage[i] = (uint8_t)st;
    p->year[i] = 1;
    p->school[i] = -1;
    p->employer[i] = -1;
    p->occ[i] = ES_OCC_NONE;
    p->fte[i] = 0;
    p->flags[i] = (uint32_t)((p->flags[i] | ES_F_NEW) & ~(ES_F_RETRY | ES_F_BBL | ES_F_TT | ES_F_PABO |
                                                          ES_F_TRAINEE | ES_F_HYBRID | ES_F_TL));
    if (st == ES_ST_WORK) p->flags[i] |= ES_F_NEWGRAD;
}

/* Leave education for the labour force; an early school leaver if under 23 without a
 * basic qualification (Dutch vsv definition). */
static void leave(edu_ctx *c, int64_t i, int from_mbo, int64_t *t)
{
    es_pop *p = c->pop;
    int age = c->year - p->birth_year[i];
    int early = p->qual[i] < ES_Q_START && age < 23;
    if (early && !(p->flags[i] & ES_F_LEFT_EARLY)) {
        ES_TL(t, p->region[i], from_mbo ? ES_T_ESL_MBO : ES_T_ESL_VO)++;
        p->flags[i] |= ES_F_LEFT_EARLY;
    }
    move(c, i, ES_ST_WORK, t);
    /* Some leavers without a basic qualification do not seek work. */
    uint64_t key = es_rng_key_at(c->kb_lab, (uint64_t)p->id[i]);
    if (early && es_rng_u01(key, 7) < c->p->labour.inactive_rate) p->flags[i] |= ES_F_INACTIVE;
}

static void award(edu_ctx *c, int64_t i, int q, int stem)
{
    es_pop *p = c->pop;
    if (q >= p->qual[i]) {
        p->qual[i] = (uint8_t)q;
        p->qual_stem[i] = (uint8_t)stem;
        p->degree_year[i] = (int16_t)c->year;
    }
}

static double pol(const edu_ctx *c, int type, int64_t i, size_t field)
{
    return c->p->pol.n ? es_pol_sum(&c->p->pol, c->eff, c->nregions, type, c->pop->region[i], field) : 0.0;
}

/* A STEM field: interest, the profile or sector of the previous stage (more with
 * chain collaboration), and a regional pact aligning mbo/hbo capacity to demand. */
static int choose_stem(edu_ctx *c, int64_t i, double base, double u, int aligned)
{
    const es_params *p = c->p;
    int np = (c->pop->flags[i] & ES_F_NPROFILE) != 0;
    double x = base + p->field_stem_interest * c->pop->interest[i] +
               (np ? p->field_n_profile + pol(c, ES_POL_CHAIN, i, ES_POL_FIELD(chain.field_bonus)) : 0.0) +
               (aligned ? pol(c, ES_POL_PACT, i, ES_POL_FIELD(pact.alignment)) : 0.0);
    return u < es_logistic(x);
}

/* A pupil entering vmbo gl/tl is in the theoretical track (tl) with probability tl_share. */
static void set_tl(edu_ctx *c, int64_t i, uint64_t key)
{
    if (es_rng_u01(key, 12) < c->p->tl_share) c->pop->flags[i] |= ES_F_TL;
}

/* Choices on entering vmbo year 3 (sector) or havo/vwo year 4 (profile). */
static void vo_choices(edu_ctx *c, int64_t i, uint64_t key)
{
    es_pop *p = c->pop;
    const es_params *q = c->p;
    int tr = p->track[i], y = p->year[i];
    if (tr <= ES_VO_GL && y >= 3 && !(p->flags[i] & ES_F_SECTOR_DONE)) {
        double x = es_edu_vmbo_tech_base(q, tr, p->flags[i]) + q->vmbo_tech_interest * p->interest[i];
        int tech = es_rng_u01(key, 10) < es_logistic(x);
        p->flags[i] |= ES_F_SECTOR_DONE;
        p->flags[i] = es_flags_put(p->flags[i], ES_F_NPROFILE, tech);
        p->field[i] = (uint8_t)tech;
    }
    if (tr >= ES_VO_HAVO && y >= 4 && !(p->flags[i] & ES_F_PROFILE_DONE)) {
        double x = q->profile_n_base[tr - ES_VO_HAVO] + q->profile_n_interest * p->interest[i] +
                   q->profile_n_ability * p->ability[i];
        int n = es_rng_u01(key, 11) < es_logistic(x);
        p->flags[i] |= ES_F_PROFILE_DONE;
        p->flags[i] = es_flags_put(p->flags[i], ES_F_NPROFILE, n);
        p->field[i] = (uint8_t)n;
    }
}

/* A level change in years 1-3, into the next year: tl is left with gl/tl, and drawn
 * (tl_share) on entering it. */
static void change_track(edu_ctx *c, int64_t i, int to, uint64_t key)
{
    es_pop *p = c->pop;
    p->track[i] = (uint8_t)to;
    p->flags[i] &= (uint32_t)~ES_F_TL;
    if (to == ES_VO_GL) set_tl(c, i, key);
    p->year[i] = (uint8_t)(p->year[i] + 1);
    vo_choices(c, i, key);
}

static void enter_mbo(edu_ctx *c, int64_t i, int level, uint64_t key, int64_t *t)
{
    es_pop *p = c->pop;
    move(c, i, ES_ST_MBO, t);
    p->track[i] = (uint8_t)level;
    if (es_rng_u01(key, 20) < c->p->bbl_share[level - 1]) p->flags[i] |= ES_F_BBL;
    p->field[i] = (uint8_t)choose_stem(c, i, c->p->field_stem_base_mbo, es_rng_u01(key, 21), 1);
}

static void enter_hbo(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    es_pop *p = c->pop;
    const es_params *q = c->p;
    /* Teacher training is chosen with the programme: subject teacher training has its
     * own STEM propensity (field_stem_tt_hbo), pabo no field. A regional pact's
     * alignment with the labour market's demand reaches vocational programmes, not
     * teacher training, whose places follow the teacher labour market. */
    int tt = es_rng_u01(key, 23) < q->tt_share_hbo;
    int pabo = tt && es_rng_u01(key, 24) < q->tt_pabo_share;
    double base = q->field_stem_base_hbo + (tt ? q->field_stem_tt_hbo : 0.0);
    int stem = !pabo && choose_stem(c, i, base, es_rng_u01(key, 22), !tt);
    move(c, i, ES_ST_HBO, t);
    p->field[i] = (uint8_t)stem;
    if (tt) p->flags[i] |= ES_F_TT;
    if (pabo) p->flags[i] |= ES_F_PABO;
}

static void enter_wo(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    int stem = choose_stem(c, i, c->p->field_stem_base_wo, es_rng_u01(key, 25), 0);
    move(c, i, ES_ST_WO, t);
    c->pop->field[i] = (uint8_t)stem;
}

/* A hbo bachelor continuing in a wo master (after a pre-master): the master years of
 * the wo stage, in the same field (move keeps it), not a wo first-year
 * (he_first_years counts bachelor entrants). */
static void enter_wo_master(edu_ctx *c, int64_t i, int64_t *t)
{
    es_pop *p = c->pop;
    move(c, i, ES_ST_WO, t);
    p->year[i] = ES_WO_LEN - 1;
    ES_TL(t, p->region[i], ES_T_HBO_TO_WO)++;
    p->flags[i] &= (uint32_t)~ES_F_NEW;
}

/* An mbo graduate stacking the next level (2 -> 3 -> 4) keeps the field (move keeps
 * it); work-based learning is drawn again with the next level's share. */
static void stack_mbo(edu_ctx *c, int64_t i, int lvl, uint64_t key, int64_t *t)
{
    es_pop *p = c->pop;
    move(c, i, ES_ST_MBO, t);
    p->track[i] = (uint8_t)(lvl + 1);
    ES_TL(t, p->region[i], ES_T_MBO_STACK)++;
    if (es_rng_u01(key, 32) < c->p->bbl_share[lvl]) p->flags[i] |= ES_F_BBL;
}

/* Entry to education from work: a late start in higher education (gap years, work
 * first, a second try after leaving) for holders of a havo, vwo or mbo-4 diploma
 * without a degree, vwo holders in wo and the others in hbo; and work-based mbo (BBL)
 * for adults without an mbo-3/4 qualification, at level 2 without a basic
 * qualification and level 3 with one. Teachers and persons not seeking work stay.
 * An mbo-4 diploma is recognised by the level kept in track after mbo. */
static void from_work(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    const es_params *q = c->p;
    /* Every worker passes here every year: nothing to look at when both flows are off. */
    if (q->he_late_entry_rate <= 0 && q->mbo_adult_entry_rate <= 0) return;
    es_pop *p = c->pop;
    int age = c->year - p->birth_year[i], qual = p->qual[i];
    if (qual >= ES_Q_HBO || p->occ[i] == ES_OCC_TEACHER || (p->flags[i] & ES_F_INACTIVE)) return;
    int vwo = (p->flags[i] & ES_F_VWO_DIPL) != 0;
    int he = vwo || (p->flags[i] & ES_F_HAVO_DIPL) || (qual == ES_Q_MBO34 && p->track[i] == 4);
    if (he && age < ES_LATE_HE_MAX_AGE && es_rng_u01(key, 33) < q->he_late_entry_rate) {
        ES_TL(t, p->region[i], vwo ? ES_T_HE_LATE_WO : ES_T_HE_LATE_HBO)++;
        if (vwo) enter_wo(c, i, key, t);
        else enter_hbo(c, i, key, t);
    } else if (qual < ES_Q_MBO34 && age >= ES_ADULT_MBO_MIN_AGE && age < ES_ADULT_MBO_MAX_AGE &&
               es_rng_u01(key, 34) < q->mbo_adult_entry_rate) {
        move(c, i, ES_ST_MBO, t);
        p->track[i] = (uint8_t)(qual < ES_Q_START ? 2 : 3);
        ES_TL(t, p->region[i], ES_T_MBO_ADULT)++;
        p->flags[i] |= ES_F_BBL;
        p->field[i] = (uint8_t)choose_stem(c, i, q->field_stem_base_mbo, es_rng_u01(key, 35), 1);
    }
}

static void vo_diploma(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    es_pop *p = c->pop;
    const es_params *q = c->p;
    int tr = p->track[i], r = p->region[i];
    double u = es_rng_u01(key, 3);
    static const int dipl[ES_N_VO_TRACKS] = {ES_T_DIPL_VMBO_BB, ES_T_DIPL_VMBO_KB, ES_T_DIPL_VMBO_GL,
                                             ES_T_DIPL_HAVO, ES_T_DIPL_VWO};
    ES_TL(t, r, (p->flags[i] & ES_F_TL) ? ES_T_DIPL_VMBO_TL : dipl[tr])++;
    p->flags[i] &= (uint32_t)~ES_F_RETRY;
    if (tr <= ES_VO_GL) {
        award(c, i, ES_Q_VMBO, p->field[i]);
        if (tr == ES_VO_GL && u < q->gl_to_havo) {
            p->track[i] = ES_VO_HAVO;
            p->year[i] = 4;
            p->flags[i] &= (uint32_t)~(ES_F_PROFILE_DONE | ES_F_TL);
            vo_choices(c, i, key);
        } else if (u < (tr == ES_VO_GL ? q->gl_to_havo : 0.0) + q->vmbo_to_mbo) {
            enter_mbo(c, i, tr == ES_VO_BB ? 2 : tr == ES_VO_KB ? 3 : 4, key, t);
        } else {
            leave(c, i, 0, t);
        }
    } else if (tr == ES_VO_HAVO) {
        award(c, i, ES_Q_START, p->field[i]);
        p->flags[i] |= ES_F_HAVO_DIPL;
        if (u < q->havo_to_hbo) {
            ES_TL(t, r, ES_T_HAVO_TO_HBO)++;
            enter_hbo(c, i, key, t);
        } else if (u < q->havo_to_hbo + q->havo_to_mbo) {
            enter_mbo(c, i, 4, key, t);
        } else {
            move(c, i, ES_ST_WORK, t);
        }
    } else {
        award(c, i, ES_Q_START, p->field[i]);
        p->flags[i] |= ES_F_VWO_DIPL;
        if (u < q->vwo_to_wo) {
            ES_TL(t, r, ES_T_VWO_TO_WO)++;
            enter_wo(c, i, key, t);
        } else if (u < q->vwo_to_wo + q->vwo_to_hbo) {
            ES_TL(t, r, ES_T_VWO_TO_HBO)++;
            enter_hbo(c, i, key, t);
        } else {
            move(c, i, ES_ST_WORK, t);
        }
    }
}

static void step_vo(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    es_pop *p = c->pop;
    const es_params *q = c->p;
    int tr = p->track[i], y = p->year[i], r = p->region[i];
    int age = c->year - p->birth_year[i];
    int len = es_vo_len[tr];
    if (tr >= ES_VO_HAVO && y >= 4 && es_rng_u01(key, 5) < q->vo_upper_to_mbo[tr - ES_VO_HAVO]) {
        /* Leaving havo/vwo for mbo level 4 without a diploma (not an early leaver). */
        enter_mbo(c, i, 4, key, t);
        return;
    }
    if (y >= len) {
        double pass = q->vo_exam_pass[tr];
        if ((p->flags[i] & ES_F_NPROFILE) && p->school[i] >= 0)
            pass -= q->teach.quality_success * (1.0 - c->sch->stem_quality[p->school[i]]);
        if (es_rng_u01(key, 0) < pass) {
            vo_diploma(c, i, key, t);
        } else if (p->flags[i] & ES_F_RETRY) {
            leave(c, i, 0, t);
        } else {
            p->flags[i] |= ES_F_RETRY;
            ES_TL(t, r, ES_T_REPEAT_VO)++;
        }
        return;
    }
    if (age >= 16 && es_rng_u01(key, 0) < q->vo_dropout_rate) {
        /* Some pupils leaving without a diploma continue at mbo entry level. */
        if (es_rng_u01(key, 4) < q->dropout_to_mbo1) enter_mbo(c, i, 1, key, t);
        else leave(c, i, 0, t);
        return;
    }
    /* Down or up a level in the bridge years: pupils below or above their advice. Where
     * both happen, down wins, except in gl/tl, where the move up to havo does. */
    double pd = es_edu_vo_down_rate(q, tr, y), pu = es_edu_vo_up_rate(q, tr, y);
    int down = pd > 0 && es_rng_u01(key, 1) < pd, up = pu > 0 && es_rng_u01(key, 6) < pu;
    if (up && (!down || tr == ES_VO_GL)) {
        change_track(c, i, tr + 1, key);
        ES_TL(t, r, ES_T_VO_UP)++;
        return;
    }
    if (down) {
        change_track(c, i, tr - 1, key);
        return;
    }
    if (tr == ES_VO_VWO && (y == 4 || y == 5) && es_rng_u01(key, 7) < q->vo_upper_down_rate) {
        /* From vwo 4 or 5 to the havo exam year, the profile kept. */
        p->track[i] = ES_VO_HAVO;
        p->year[i] = (uint8_t)es_vo_len[ES_VO_HAVO];
        ES_TL(t, r, ES_T_VO_UPPER_DOWN)++;
        return;
    }
    if (es_rng_u01(key, 2) < es_edu_vo_repeat_rate(q, tr, y)) {
        ES_TL(t, r, ES_T_REPEAT_VO)++;
        return;
    }
    p->year[i] = (uint8_t)(y + 1);
    vo_choices(c, i, key);
}

static void step_mbo(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    es_pop *p = c->pop;
    const es_params *q = c->p;
    int lvl = p->track[i], y = p->year[i];
    if (y < es_mbo_len[lvl]) {
        if (es_rng_u01(key, 0) < q->mbo_dropout_rate) leave(c, i, 1, t);
        else p->year[i] = (uint8_t)(y + 1);
        return;
    }
    if (es_rng_u01(key, 0) < q->mbo_pass_rate) {
        int stem = p->field[i];
        ES_TL(t, p->region[i], ES_T_DIPL_MBO)++;
        if (stem) ES_TL(t, p->region[i], ES_T_DIPL_MBO_STEM)++;
        award(c, i, lvl == 1 ? ES_Q_MBO1 : lvl == 2 ? ES_Q_START : ES_Q_MBO34, stem);
        /* A STEM mbo diploma counts like an N-profile for the next field choice. */
        p->flags[i] = es_flags_put(p->flags[i], ES_F_NPROFILE, stem);
        if (lvl == 4 && es_rng_u01(key, 1) < q->mbo4_to_hbo) enter_hbo(c, i, key, t);
        else if (lvl < 4 && es_rng_u01(key, 31) < q->mbo_stack_rate) stack_mbo(c, i, lvl, key, t);
        else move(c, i, ES_ST_WORK, t);
    } else if (y >= es_mbo_len[lvl] + 1) {
        leave(c, i, 1, t);
    } else {
        p->year[i] = (uint8_t)(y + 1);
    }
}

/* hbo and wo share their shape: first-year drop-out, later drop-out, final exam with
 * delays of up to ES_MAX_DELAY years. Returns 1 when the diploma is awarded. */
static int step_he(edu_ctx *c, int64_t i, uint64_t key, int len, double first, double later,
                   double pass, int64_t *t)
{
    es_pop *p = c->pop;
    int y = p->year[i];
    double u = es_rng_u01(key, 0);
    if (y == 1) {
        /* Chain collaboration removes part of the extra first-year STEM drop-out. */
        double leak = 1.0 - fmin(1.0, pol(c, ES_POL_CHAIN, i, ES_POL_FIELD(chain.leak_reduction)));
        double d = first + (p->field[i] ? c->p->stem_first_year_extra_dropout * leak : 0.0);
        if (u < d) { leave(c, i, 0, t); return 0; }
    } else if (y < len && u < later) {
        leave(c, i, 0, t);
        return 0;
    }
    if (y < len) { p->year[i] = (uint8_t)(y + 1); return 0; }
    if (es_rng_u01(key, 1) < pass) return 1;
    if (y >= len + ES_MAX_DELAY) leave(c, i, 0, t);
    else p->year[i] = (uint8_t)(y + 1);
    return 0;
}

/* The year's change of STEM interest of a pupil: exposure at their school (qualified
 * STEM teachers, company contact, peers, chain activities), the region's image, an
 * idiosyncratic change, and reversion towards the person's base interest. */
static void update_interest(edu_ctx *c, int64_t i)
{
    es_pop *p = c->pop;
    const es_params *q = c->p;
    const es_interest_params *I = &q->interest;
    int32_t sc = p->school[i];
    int r = p->region[i];
    double base = q->region[r].stem_image + (p->sex[i] ? 0.5 : -0.5) * q->interest_sex_gap;
    double d = I->reversion * (base - p->interest[i]) + I->image * q->region[r].stem_image;
    if (sc >= 0) {
        const es_schools *s = c->sch;
        double peers = s->pupils[sc] > 0 ? (double)s->stem_pupils[sc] / s->pupils[sc] : 0.5;
        d += I->teacher * (s->stem_quality[sc] - 1.0) + I->contact * s->contact[sc] +
             I->peer * (peers - 0.5) + (s->chain[sc] ? I->chain : 0.0);
    }
    uint64_t key = es_rng_key_at(c->kb_int, (uint64_t)p->id[i]);
    d += I->noise * es_rng_normal(key, 0);
    p->interest[i] = (float)(p->interest[i] + d);
}

static void person_transition(edu_ctx *c, int64_t i, int64_t *t)
{
    es_pop *p = c->pop;
    const es_params *q = c->p;
    int st = p->stage[i];
    if (st == ES_ST_GONE || st == ES_ST_RETIRED) return;
    p->flags[i] &= (uint32_t)~(ES_F_NEW | ES_F_NEWGRAD | ES_F_TT_GRAD);
    if (st == ES_ST_VO || (st == ES_ST_PO && p->year[i] >= 7)) update_interest(c, i);
    uint64_t key = es_rng_key_at(c->kb_prog, (uint64_t)p->id[i]);
    int age_next = c->year + 1 - p->birth_year[i];
    int r = p->region[i];
    switch (st) {
    case ES_ST_CHILD:
        if (age_next >= q->po_entry_age) move(c, i, ES_ST_PO, t);
        break;
    case ES_ST_PO:
        if (p->year[i] < 8) {
            if (es_rng_u01(key, 0) >= q->po_repeat_rate) p->year[i]++;
        } else {
            double score = p->ability[i] + q->advice_noise * es_rng_normal(key, 1);
            int tr = 0;
            while (tr < ES_N_VO_TRACKS - 1 && score >= c->cut[tr]) tr++;
            move(c, i, ES_ST_VO, t);
            p->track[i] = (uint8_t)tr;
            p->field[i] = 0;
            if (tr == ES_VO_GL) set_tl(c, i, key);
            p->flags[i] &= (uint32_t)~(ES_F_NPROFILE | ES_F_SECTOR_DONE | ES_F_PROFILE_DONE);
            p->vo_entry[i] = (int16_t)(c->year + 1);
        }
        break;
    case ES_ST_VO: step_vo(c, i, key, t); break;
    case ES_ST_MBO: step_mbo(c, i, key, t); break;
    case ES_ST_HBO: {
        int tt = (p->flags[i] & ES_F_TT) != 0;
        double later = tt ? q->tt_dropout_rate : q->hbo_dropout_rate;
        if (step_he(c, i, key, ES_HBO_LEN, tt ? q->tt_dropout_rate : q->hbo_first_year_dropout,
                    later, q->hbo_pass_rate, t)) {
            int stem = p->field[i], pabo = (p->flags[i] & ES_F_PABO) != 0;
            ES_TL(t, r, tt ? ES_T_DIPL_TT : ES_T_DIPL_HBO)++;
            if (!tt && stem) ES_TL(t, r, ES_T_DIPL_HBO_STEM)++;
            award(c, i, ES_Q_HBO, stem);
            if (!tt && es_rng_u01(key, 30) < q->hbo_to_wo) {
                enter_wo_master(c, i, t);
                break;
            }
            move(c, i, ES_ST_WORK, t);
            if (tt) p->flags[i] |= (uint32_t)(ES_F_TT_GRAD | (pabo ? ES_F_PABO : 0));
        }
        break;
    }
    case ES_ST_WO:
        if (step_he(c, i, key, ES_WO_LEN, q->wo_first_year_dropout, q->wo_dropout_rate,
                    q->wo_pass_rate, t)) {
            int stem = p->field[i];
            ES_TL(t, r, ES_T_DIPL_WO)++;
            if (stem) ES_TL(t, r, ES_T_DIPL_WO_STEM)++;
            award(c, i, ES_Q_WO, stem);
            /* STEM graduates enter teacher training at their own relative rate. */
            if (es_rng_u01(key, 2) < q->tt_share_wo * (stem ? q->tt_stem_factor_wo : 1.0)) {
                move(c, i, ES_ST_TT_WO, t);
                p->field[i] = (uint8_t)stem;
            } else {
                move(c, i, ES_ST_WORK, t);
            }
        }
        break;
    case ES_ST_TT_WO: {
        int pass = es_rng_u01(key, 0) >= q->tt_dropout_rate;
        if (pass) ES_TL(t, r, ES_T_DIPL_TT)++;
        move(c, i, ES_ST_WORK, t);
        if (pass) p->flags[i] |= ES_F_TT_GRAD;
        break;
    }
    case ES_ST_WORK:
        if (age_next >= q->retirement_age) move(c, i, ES_ST_RETIRED, t);
        else from_work(c, i, key, t);
        break;
    default: break;
    }
}

/* Serial dictatorship with keyed priorities: applicants of one region and sector take,
 * in order of a random priority, the first of three keyed choices with a free place,
 * else the school with most places left. The result does not depend on the order of
 * the population or on threads: applicants are listed in parallel, sorted per
 * (region, sector) bucket into a total order (es_par_bucket_sort), and the buckets,
 * which share no schools (every region has at least one school per sector), are
 * filled in parallel, each in its own order. */
typedef struct appl {
    uint64_t prio;
    int64_t id;
    int64_t idx;
    int32_t bucket; /* region * ES_N_SECTORS + sector */
} appl;

es_status es_edu_assign_schools(es_world *w, int year, int threads)
{
    es_pop *p = &w->pop;
    es_schools *s = &w->schools;
    const es_params *q = w->par;
    int64_t n = p->n;
    int nb = w->nregions * ES_N_SECTORS, th = threads < 1 ? 1 : threads;
    /* Places left = capacity minus pupils staying on, counted per thread. */
    int32_t *stay = calloc((size_t)th * (size_t)s->n, sizeof *stay);
    int32_t *left = malloc((size_t)s->n * sizeof *left);
    es_par_list pl;
    const uint64_t kb = es_rng_base(q->seed, year, ES_RNG_SCHOOL);
    if (!stay || !left || es_par_list_init(&pl, th, sizeof(appl)) != ES_OK) {
        free(stay); free(left);
        return ES_ERR_NOMEM;
    }
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(th)
#endif
    for (int64_t i = 0; i < n; i++) {
        int sec = es_edu_stage_sector(p->stage[i]);
        if (sec < 0) continue;
        if (p->school[i] >= 0) {
            stay[(int64_t)es_par_thread() * s->n + p->school[i]]++;
            continue;
        }
        appl *e = es_par_list_push(&pl);
        if (!e) continue;
        *e = (appl){es_mix64(es_rng_key_at(kb, (uint64_t)p->id[i])), p->id[i], i, p->region[i] * ES_N_SECTORS + sec};
    }
    for (int32_t k = 0; k < s->n; k++) {
        int32_t v = s->capacity[k];
        for (int t = 0; t < th; t++) v -= stay[(int64_t)t * s->n + k];
        left[k] = v;
    }
    free(stay);
    int64_t m = 0;
    appl *a = es_par_list_join(&pl, &m);
    int64_t *bfirst = malloc((size_t)(nb + 1) * sizeof *bfirst);
    int fail = !a || !bfirst;
    if (!fail && es_par_bucket_sort(a, m, sizeof *a, offsetof(appl, bucket), offsetof(appl, prio), offsetof(appl, id), nb,
                                    th, bfirst) != ES_OK)
        fail = 1;
    if (!fail) {
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(th)
#endif
        for (int b = 0; b < nb; b++) {
            int r = b / ES_N_SECTORS, sec = b % ES_N_SECTORS;
            int32_t first = s->first[r][sec], cnt = s->count[r][sec];
            for (int64_t k = bfirst[b]; k < bfirst[b + 1]; k++) {
                int32_t pick = es_edu_pick_school(es_rng_key_at(kb, (uint64_t)a[k].id), first, cnt, left);
                left[pick]--;
                p->school[a[k].idx] = pick;
            }
        }
    }
    free(left);
    free(a);
    free(bfirst);
    return fail ? ES_ERR_NOMEM : ES_OK;
}

es_status es_phase_education(es_world *w, int year, int threads, int64_t *tally)
{
    if (w->naive_education) return es_phase_education_naive(w, year, tally);
    edu_ctx c;
    c.p = w->par;
    c.sch = &w->schools;
    c.eff = w->pol_eff;
    c.nregions = w->nregions;
    c.pop = &w->pop;
    c.year = year;
    c.kb_prog = es_rng_base(w->par->seed, year, ES_RNG_VO_PROGRESS);
    c.kb_int = es_rng_base(w->par->seed, year, ES_RNG_INTEREST);
    c.kb_lab = es_rng_base(w->par->seed, year, ES_RNG_LABOUR);
    es_edu_advice_cuts(w->par, c.cut);
    es_par_tally pt;
    if (es_par_tally_init(&pt, threads, (int64_t)w->nregions * ES_N_TALLY) != ES_OK) return ES_ERR_NOMEM;
    int64_t n = w->pop.n;
#ifdef _OPENMP
#pragma omp parallel num_threads(pt.threads)
#endif
    {
        int64_t *t = es_par_tally_mine(&pt); /* once per thread, not per person */
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (int64_t i = 0; i < n; i++) person_transition(&c, i, t);
    }
    es_par_tally_reduce(&pt, tally);
    return es_edu_assign_schools(w, year, threads);
}
