/* education_rules.h - the decision rules of the education step, written once and
 * compiled twice: over the structure-of-arrays population with one key per person
 * (education.c) and over the naive reference's array of structs with a key rebuilt
 * for every draw (education_naive.c), so the two cannot drift apart.
 *
 * The including file defines, before including this file:
 *   edu_ctx              with members p (params), sch (schools), eff (policy
 *                        intensities [npolicies][nregions]), nregions, year, cut[]
 *   P(f)                 column f of person i (an lvalue)
 *   EDU_KEY()            the person's key of ES_RNG_EDUCATION for this year (or 0
 *                        where every draw rebuilds it)
 *   EDU_DRAW(slot)       uniform draw of the education purpose, slot es_edu_slot
 *   EDU_NORMAL(slot)     normal draw of the same stream
 *   EDU_DRAW_LABOUR(s)   uniform draw of ES_RNG_LABOUR, slot es_edu_slot
 *   EDU_NORMAL_INTEREST(s) normal draw of ES_RNG_INTEREST
 * Every function has the context c and the person index i in scope; those that draw
 * also take the key. Not a public header: included by those two files only. */

static void move(edu_ctx *c, int64_t i, int st, int64_t *t)
{
    int r = P(region);
    ES_TL(t, r, ES_T_OUT + P(stage))++;
    ES_TL(t, r, ES_T_IN + st)++;
    P(stage) = (uint8_t)st;
    P(year) = 1;
    P(school) = -1;
    P(employer) = -1;
    P(occ) = ES_OCC_NONE;
    P(fte) = 0;
    P(flags) = (uint32_t)((P(flags) | ES_F_NEW) & ~(ES_F_RETRY | ES_F_BBL | ES_F_TT | ES_F_PABO |
                                                          ES_F_TRAINEE | ES_F_HYBRID | ES_F_TL));
    if (st == ES_ST_WORK) P(flags) |= ES_F_NEWGRAD;
}

/* Leave education for the labour force; an early school leaver if under 23 without a
 * basic qualification (Dutch vsv definition). */
static void leave(edu_ctx *c, int64_t i, int from_mbo, int64_t *t)
{
    int age = c->year - P(birth_year);
    int early = P(qual) < ES_Q_START && age < 23;
    if (early && !(P(flags) & ES_F_LEFT_EARLY)) {
        ES_TL(t, P(region), from_mbo ? ES_T_ESL_MBO : ES_T_ESL_VO)++;
        P(flags) |= ES_F_LEFT_EARLY;
    }
    move(c, i, ES_ST_WORK, t);
    /* Some leavers without a basic qualification do not seek work. */
    if (early && EDU_DRAW_LABOUR(ES_EDU_LAB_INACTIVE) < c->p->labour.inactive_rate) P(flags) |= ES_F_INACTIVE;
}

static void award(edu_ctx *c, int64_t i, int q, int stem)
{
    if (q >= P(qual)) {
        P(qual) = (uint8_t)q;
        P(qual_stem) = (uint8_t)stem;
        P(degree_year) = (int16_t)c->year;
    }
}

static double pol(const edu_ctx *c, int type, int64_t i, size_t field)
{
    return c->p->pol.n ? es_pol_sum(&c->p->pol, c->eff, c->nregions, type, P(region), field) : 0.0;
}

/* A STEM field: interest, the profile or sector of the previous stage (more with
 * chain collaboration), and a regional pact aligning mbo/hbo capacity to demand. */
static int choose_stem(edu_ctx *c, int64_t i, double base, double u, int aligned)
{
    const es_params *p = c->p;
    int np = (P(flags) & ES_F_NPROFILE) != 0;
    double x = base + p->field_stem_interest * P(interest) +
               (np ? p->field_n_profile + pol(c, ES_POL_CHAIN, i, ES_POL_FIELD(chain.field_bonus)) : 0.0) +
               (aligned ? pol(c, ES_POL_PACT, i, ES_POL_FIELD(pact.alignment)) : 0.0);
    return u < es_logistic(x);
}

/* A pupil entering vmbo gl/tl is in the theoretical track (tl) with probability tl_share. */
static void set_tl(edu_ctx *c, int64_t i, uint64_t key)
{
    if (EDU_DRAW(ES_EDU_TL) < c->p->tl_share) P(flags) |= ES_F_TL;
}

/* Choices on entering vmbo year 3 (sector) or havo/vwo year 4 (profile). */
static void vo_choices(edu_ctx *c, int64_t i, uint64_t key)
{
    const es_params *q = c->p;
    int tr = P(track), y = P(year);
    if (tr <= ES_VO_GL && y >= 3 && !(P(flags) & ES_F_SECTOR_DONE)) {
        double x = es_edu_vmbo_tech_base(q, tr, P(flags)) + q->vmbo_tech_interest * P(interest);
        int tech = EDU_DRAW(ES_EDU_VMBO_SECTOR) < es_logistic(x);
        P(flags) |= ES_F_SECTOR_DONE;
        P(flags) = es_flags_put(P(flags), ES_F_NPROFILE, tech);
        P(field) = (uint8_t)tech;
    }
    if (tr >= ES_VO_HAVO && y >= 4 && !(P(flags) & ES_F_PROFILE_DONE)) {
        double x = q->profile_n_base[tr - ES_VO_HAVO] + q->profile_n_interest * P(interest) +
                   q->profile_n_ability * P(ability);
        int n = EDU_DRAW(ES_EDU_PROFILE) < es_logistic(x);
        P(flags) |= ES_F_PROFILE_DONE;
        P(flags) = es_flags_put(P(flags), ES_F_NPROFILE, n);
        P(field) = (uint8_t)n;
    }
}

/* A level change in years 1-3, into the next year: tl is left with gl/tl, and drawn
 * (tl_share) on entering it. */
static void change_track(edu_ctx *c, int64_t i, int to, uint64_t key)
{
    P(track) = (uint8_t)to;
    P(flags) &= (uint32_t)~ES_F_TL;
    if (to == ES_VO_GL) set_tl(c, i, key);
    P(year) = (uint8_t)(P(year) + 1);
    vo_choices(c, i, key);
}

static void enter_mbo(edu_ctx *c, int64_t i, int level, uint64_t key, int64_t *t)
{
    move(c, i, ES_ST_MBO, t);
    P(track) = (uint8_t)level;
    if (EDU_DRAW(ES_EDU_BBL) < c->p->bbl_share[level - 1]) P(flags) |= ES_F_BBL;
    P(field) = (uint8_t)choose_stem(c, i, c->p->field_stem_base_mbo, EDU_DRAW(ES_EDU_MBO_FIELD), 1);
}

static void enter_hbo(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    const es_params *q = c->p;
    /* Teacher training is chosen with the programme: subject teacher training has its
     * own STEM propensity (field_stem_tt_hbo), pabo no field. A regional pact's
     * alignment with the labour market's demand reaches vocational programmes, not
     * teacher training, whose places follow the teacher labour market. */
    int tt = EDU_DRAW(ES_EDU_HBO_TT) < q->tt_share_hbo;
    int pabo = tt && EDU_DRAW(ES_EDU_PABO) < q->tt_pabo_share;
    double base = q->field_stem_base_hbo + (tt ? q->field_stem_tt_hbo : 0.0);
    int stem = !pabo && choose_stem(c, i, base, EDU_DRAW(ES_EDU_HBO_FIELD), !tt);
    move(c, i, ES_ST_HBO, t);
    P(field) = (uint8_t)stem;
    if (tt) P(flags) |= ES_F_TT;
    if (pabo) P(flags) |= ES_F_PABO;
}

static void enter_wo(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    int stem = choose_stem(c, i, c->p->field_stem_base_wo, EDU_DRAW(ES_EDU_WO_FIELD), 0);
    move(c, i, ES_ST_WO, t);
    P(field) = (uint8_t)stem;
}

/* A hbo bachelor continuing in a wo master (after a pre-master): the master years of
 * the wo stage, in the same field (move keeps it), not a wo first-year
 * (he_first_years counts bachelor entrants). */
static void enter_wo_master(edu_ctx *c, int64_t i, int64_t *t)
{
    move(c, i, ES_ST_WO, t);
    P(year) = ES_WO_LEN - 1;
    ES_TL(t, P(region), ES_T_HBO_TO_WO)++;
    P(flags) &= (uint32_t)~ES_F_NEW;
}

/* An mbo graduate stacking the next level (2 -> 3 -> 4) keeps the field (move keeps
 * it); work-based learning is drawn again with the next level's share. */
static void stack_mbo(edu_ctx *c, int64_t i, int lvl, uint64_t key, int64_t *t)
{
    move(c, i, ES_ST_MBO, t);
    P(track) = (uint8_t)(lvl + 1);
    ES_TL(t, P(region), ES_T_MBO_STACK)++;
    if (EDU_DRAW(ES_EDU_STACK_BBL) < c->p->bbl_share[lvl]) P(flags) |= ES_F_BBL;
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
    int age = c->year - P(birth_year), qual = P(qual);
    if (qual >= ES_Q_HBO || P(occ) == ES_OCC_TEACHER || (P(flags) & ES_F_INACTIVE)) return;
    int vwo = (P(flags) & ES_F_VWO_DIPL) != 0;
    int he = vwo || (P(flags) & ES_F_HAVO_DIPL) || (qual == ES_Q_MBO34 && P(track) == 4);
    if (he && age < ES_LATE_HE_MAX_AGE && EDU_DRAW(ES_EDU_LATE_HE) < q->he_late_entry_rate) {
        ES_TL(t, P(region), vwo ? ES_T_HE_LATE_WO : ES_T_HE_LATE_HBO)++;
        if (vwo) enter_wo(c, i, key, t);
        else enter_hbo(c, i, key, t);
    } else if (qual < ES_Q_MBO34 && age >= ES_ADULT_MBO_MIN_AGE && age < ES_ADULT_MBO_MAX_AGE &&
               EDU_DRAW(ES_EDU_ADULT_MBO) < q->mbo_adult_entry_rate) {
        move(c, i, ES_ST_MBO, t);
        P(track) = (uint8_t)(qual < ES_Q_START ? 2 : 3);
        ES_TL(t, P(region), ES_T_MBO_ADULT)++;
        P(flags) |= ES_F_BBL;
        P(field) = (uint8_t)choose_stem(c, i, q->field_stem_base_mbo, EDU_DRAW(ES_EDU_ADULT_FIELD), 1);
    }
}

static void vo_diploma(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    const es_params *q = c->p;
    int tr = P(track), r = P(region);
    double u = EDU_DRAW(ES_EDU_VO_NEXT);
    static const int dipl[ES_N_VO_TRACKS] = {ES_T_DIPL_VMBO_BB, ES_T_DIPL_VMBO_KB, ES_T_DIPL_VMBO_GL,
                                             ES_T_DIPL_HAVO, ES_T_DIPL_VWO};
    ES_TL(t, r, (P(flags) & ES_F_TL) ? ES_T_DIPL_VMBO_TL : dipl[tr])++;
    P(flags) &= (uint32_t)~ES_F_RETRY;
    if (tr <= ES_VO_GL) {
        award(c, i, ES_Q_VMBO, P(field));
        if (tr == ES_VO_GL && u < q->gl_to_havo) {
            P(track) = ES_VO_HAVO;
            P(year) = 4;
            P(flags) &= (uint32_t)~(ES_F_PROFILE_DONE | ES_F_TL);
            vo_choices(c, i, key);
        } else if (u < (tr == ES_VO_GL ? q->gl_to_havo : 0.0) + q->vmbo_to_mbo) {
            enter_mbo(c, i, tr == ES_VO_BB ? 2 : tr == ES_VO_KB ? 3 : 4, key, t);
        } else {
            leave(c, i, 0, t);
        }
    } else if (tr == ES_VO_HAVO) {
        award(c, i, ES_Q_START, P(field));
        P(flags) |= ES_F_HAVO_DIPL;
        if (u < q->havo_to_hbo) {
            ES_TL(t, r, ES_T_HAVO_TO_HBO)++;
            enter_hbo(c, i, key, t);
        } else if (u < q->havo_to_hbo + q->havo_to_mbo) {
            enter_mbo(c, i, 4, key, t);
        } else {
            move(c, i, ES_ST_WORK, t);
        }
    } else {
        award(c, i, ES_Q_START, P(field));
        P(flags) |= ES_F_VWO_DIPL;
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
    const es_params *q = c->p;
    int tr = P(track), y = P(year), r = P(region);
    int age = c->year - P(birth_year);
    int len = es_vo_len[tr];
    if (tr >= ES_VO_HAVO && y >= 4 && EDU_DRAW(ES_EDU_UPPER_TO_MBO) < q->vo_upper_to_mbo[tr - ES_VO_HAVO]) {
        /* Leaving havo/vwo for mbo level 4 without a diploma (not an early leaver). */
        enter_mbo(c, i, 4, key, t);
        return;
    }
    if (y >= len) {
        double pass = q->vo_exam_pass[tr];
        if ((P(flags) & ES_F_NPROFILE) && P(school) >= 0)
            pass -= q->teach.quality_success * (1.0 - c->sch->stem_quality[P(school)]);
        if (EDU_DRAW(ES_EDU_VO_EXAM) < pass) {
            vo_diploma(c, i, key, t);
        } else if (P(flags) & ES_F_RETRY) {
            leave(c, i, 0, t);
        } else {
            P(flags) |= ES_F_RETRY;
            ES_TL(t, r, ES_T_REPEAT_VO)++;
        }
        return;
    }
    if (age >= 16 && EDU_DRAW(ES_EDU_VO_DROPOUT) < q->vo_dropout_rate) {
        /* Some pupils leaving without a diploma continue at mbo entry level. */
        if (EDU_DRAW(ES_EDU_DROPOUT_TO_MBO1) < q->dropout_to_mbo1) enter_mbo(c, i, 1, key, t);
        else leave(c, i, 0, t);
        return;
    }
    /* Down or up a level in the bridge years: pupils below or above their advice. Where
     * both happen, down wins, except in gl/tl, where the move up to havo does. */
    double pd = es_edu_vo_down_rate(q, tr, y), pu = es_edu_vo_up_rate(q, tr, y);
    int down = pd > 0 && EDU_DRAW(ES_EDU_VO_DOWN) < pd, up = pu > 0 && EDU_DRAW(ES_EDU_VO_UP) < pu;
    if (up && (!down || tr == ES_VO_GL)) {
        change_track(c, i, tr + 1, key);
        ES_TL(t, r, ES_T_VO_UP)++;
        return;
    }
    if (down) {
        change_track(c, i, tr - 1, key);
        return;
    }
    if (tr == ES_VO_VWO && (y == 4 || y == 5) && EDU_DRAW(ES_EDU_VWO_TO_HAVO) < q->vo_upper_down_rate) {
        /* From vwo 4 or 5 to the havo exam year, the profile kept. */
        P(track) = ES_VO_HAVO;
        P(year) = (uint8_t)es_vo_len[ES_VO_HAVO];
        ES_TL(t, r, ES_T_VO_UPPER_DOWN)++;
        return;
    }
    if (EDU_DRAW(ES_EDU_VO_REPEAT) < es_edu_vo_repeat_rate(q, tr, y)) {
        ES_TL(t, r, ES_T_REPEAT_VO)++;
        return;
    }
    P(year) = (uint8_t)(y + 1);
    vo_choices(c, i, key);
}

static void step_mbo(edu_ctx *c, int64_t i, uint64_t key, int64_t *t)
{
    const es_params *q = c->p;
    int lvl = P(track), y = P(year);
    if (y < es_mbo_len[lvl]) {
        if (EDU_DRAW(ES_EDU_MBO_DROPOUT) < q->mbo_dropout_rate) leave(c, i, 1, t);
        else P(year) = (uint8_t)(y + 1);
        return;
    }
    if (EDU_DRAW(ES_EDU_MBO_PASS) < q->mbo_pass_rate) {
        int stem = P(field);
        ES_TL(t, P(region), ES_T_DIPL_MBO)++;
        if (stem) ES_TL(t, P(region), ES_T_DIPL_MBO_STEM)++;
        award(c, i, lvl == 1 ? ES_Q_MBO1 : lvl == 2 ? ES_Q_START : ES_Q_MBO34, stem);
        /* A STEM mbo diploma counts like an N-profile for the next field choice. */
        P(flags) = es_flags_put(P(flags), ES_F_NPROFILE, stem);
        if (lvl == 4 && EDU_DRAW(ES_EDU_MBO4_TO_HBO) < q->mbo4_to_hbo) enter_hbo(c, i, key, t);
        else if (lvl < 4 && EDU_DRAW(ES_EDU_MBO_STACK) < q->mbo_stack_rate) stack_mbo(c, i, lvl, key, t);
        else move(c, i, ES_ST_WORK, t);
    } else if (y >= es_mbo_len[lvl] + 1) {
        leave(c, i, 1, t);
    } else {
        P(year) = (uint8_t)(y + 1);
    }
}

/* hbo and wo share their shape: first-year drop-out, later drop-out, final exam with
 * delays of up to ES_MAX_DELAY years. Returns 1 when the diploma is awarded. */
static int step_he(edu_ctx *c, int64_t i, uint64_t key, int len, double first, double later,
                   double pass, int64_t *t)
{
    int y = P(year);
    double u = EDU_DRAW(ES_EDU_HE_DROPOUT);
    if (y == 1) {
        /* Chain collaboration removes part of the extra first-year STEM drop-out. */
        double leak = 1.0 - fmin(1.0, pol(c, ES_POL_CHAIN, i, ES_POL_FIELD(chain.leak_reduction)));
        double d = first + (P(field) ? c->p->stem_first_year_extra_dropout * leak : 0.0);
        if (u < d) { leave(c, i, 0, t); return 0; }
    } else if (y < len && u < later) {
        leave(c, i, 0, t);
        return 0;
    }
    if (y < len) { P(year) = (uint8_t)(y + 1); return 0; }
    if (EDU_DRAW(ES_EDU_HE_PASS) < pass) return 1;
    if (y >= len + ES_MAX_DELAY) leave(c, i, 0, t);
    else P(year) = (uint8_t)(y + 1);
    return 0;
}

/* The year's change of STEM interest of a pupil: exposure at their school (qualified
 * STEM teachers, company contact, peers, chain activities), the region's image, an
 * idiosyncratic change, and reversion towards the person's base interest. */
static void update_interest(edu_ctx *c, int64_t i)
{
    const es_params *q = c->p;
    const es_interest_params *I = &q->interest;
    int32_t sc = P(school);
    int r = P(region);
    double base = q->region[r].stem_image + (P(sex) ? 0.5 : -0.5) * q->interest_sex_gap;
    double d = I->reversion * (base - P(interest)) + I->image * q->region[r].stem_image;
    if (sc >= 0) {
        const es_schools *s = c->sch;
        double peers = s->pupils[sc] > 0 ? (double)s->stem_pupils[sc] / s->pupils[sc] : 0.5;
        d += I->teacher * (s->stem_quality[sc] - 1.0) + I->contact * s->contact[sc] +
             I->peer * (peers - 0.5) + (s->chain[sc] ? I->chain : 0.0);
    }
    d += I->noise * EDU_NORMAL_INTEREST(ES_EDU_INT_NOISE);
    P(interest) = (float)(P(interest) + d);
}

static void person_transition(edu_ctx *c, int64_t i, int64_t *t)
{
    const es_params *q = c->p;
    int st = P(stage);
    if (st == ES_ST_GONE || st == ES_ST_RETIRED) return;
    P(flags) &= (uint32_t)~(ES_F_NEW | ES_F_NEWGRAD | ES_F_TT_GRAD);
    if (st == ES_ST_VO || (st == ES_ST_PO && P(year) >= 7)) update_interest(c, i);
    uint64_t key = EDU_KEY();
    int age_next = c->year + 1 - P(birth_year);
    int r = P(region);
    switch (st) {
    case ES_ST_CHILD:
        if (age_next >= q->po_entry_age) move(c, i, ES_ST_PO, t);
        break;
    case ES_ST_PO:
        if (P(year) < 8) {
            if (EDU_DRAW(ES_EDU_PO_REPEAT) >= q->po_repeat_rate) P(year)++;
        } else {
            double score = P(ability) + q->advice_noise * EDU_NORMAL(ES_EDU_ADVICE_NOISE);
            int tr = 0;
            while (tr < ES_N_VO_TRACKS - 1 && score >= c->cut[tr]) tr++;
            move(c, i, ES_ST_VO, t);
            P(track) = (uint8_t)tr;
            P(field) = 0;
            if (tr == ES_VO_GL) set_tl(c, i, key);
            P(flags) &= (uint32_t)~(ES_F_NPROFILE | ES_F_SECTOR_DONE | ES_F_PROFILE_DONE);
            P(vo_entry) = (int16_t)(c->year + 1);
        }
        break;
    case ES_ST_VO: step_vo(c, i, key, t); break;
    case ES_ST_MBO: step_mbo(c, i, key, t); break;
    case ES_ST_HBO: {
        int tt = (P(flags) & ES_F_TT) != 0;
        double later = tt ? q->tt_dropout_rate : q->hbo_dropout_rate;
        if (step_he(c, i, key, ES_HBO_LEN, tt ? q->tt_dropout_rate : q->hbo_first_year_dropout,
                    later, q->hbo_pass_rate, t)) {
            int stem = P(field), pabo = (P(flags) & ES_F_PABO) != 0;
            ES_TL(t, r, tt ? ES_T_DIPL_TT : ES_T_DIPL_HBO)++;
            if (!tt && stem) ES_TL(t, r, ES_T_DIPL_HBO_STEM)++;
            award(c, i, ES_Q_HBO, stem);
            if (!tt && EDU_DRAW(ES_EDU_HBO_TO_WO) < q->hbo_to_wo) {
                enter_wo_master(c, i, t);
                break;
            }
            move(c, i, ES_ST_WORK, t);
            if (tt) P(flags) |= (uint32_t)(ES_F_TT_GRAD | (pabo ? ES_F_PABO : 0));
        }
        break;
    }
    case ES_ST_WO:
        if (step_he(c, i, key, ES_WO_LEN, q->wo_first_year_dropout, q->wo_dropout_rate,
                    q->wo_pass_rate, t)) {
            int stem = P(field);
            ES_TL(t, r, ES_T_DIPL_WO)++;
            if (stem) ES_TL(t, r, ES_T_DIPL_WO_STEM)++;
            award(c, i, ES_Q_WO, stem);
            /* STEM graduates enter teacher training at their own relative rate. */
            if (EDU_DRAW(ES_EDU_WO_TO_TT) < q->tt_share_wo * (stem ? q->tt_stem_factor_wo : 1.0)) {
                move(c, i, ES_ST_TT_WO, t);
                P(field) = (uint8_t)stem;
            } else {
                move(c, i, ES_ST_WORK, t);
            }
        }
        break;
    case ES_ST_TT_WO: {
        int pass = EDU_DRAW(ES_EDU_TT_WO_PASS) >= q->tt_dropout_rate;
        if (pass) ES_TL(t, r, ES_T_DIPL_TT)++;
        move(c, i, ES_ST_WORK, t);
        if (pass) P(flags) |= ES_F_TT_GRAD;
        break;
    }
    case ES_ST_WORK:
        if (age_next >= q->retirement_age) move(c, i, ES_ST_RETIRED, t);
        else from_work(c, i, key, t);
        break;
    default: break;
    }
}
