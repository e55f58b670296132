/* test_economy.c - the ecosystem mechanisms: teachers, the labour market, partnerships,
 * lifelong learning and STEM interest, with exact and statistical cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "edusim/cfg.h"
#include "edusim/demography.h"
#include "edusim/education.h"
#include "edusim/indicators.h"
#include "edusim/labour.h"
#include "edusim/params.h"
#include "edusim/partnerships.h"
#include "edusim/policy.h"
#include "edusim/sim.h"
#include "edusim/teachers.h"
#include "edusim/world.h"

#define BASE "name: t\nyears: {start: 2004, end: 2010, burn_in: 12}\nregions:\n  - {name: a, population: 40000}\n"

static void load(const char *yaml, es_params *p) { assert_int_equal(test_params_ok(yaml, p), 0); }

/* A world stepped through `years` full years (count, education, teachers, labour,
 * partnerships, demography), ready for a phase under test. */
static void world_after(const es_params *p, int years, es_world *w)
{
    es_diag d;
    es_diag_init(&d);
    assert_int_equal(es_world_create(w, p, &d), ES_OK);
    int64_t *t = calloc((size_t)w->nregions * ES_N_TALLY, sizeof *t);
    for (int y = w->year; y < w->year + years; y++) {
        memset(t, 0, (size_t)w->nregions * ES_N_TALLY * sizeof *t);
        assert_int_equal(es_phase_count(w, y, 2, t), ES_OK);
        assert_int_equal(es_phase_education(w, y, 2, t), ES_OK);
        assert_int_equal(es_phase_teachers(w, y, 2, t), ES_OK);
        assert_int_equal(es_phase_labour(w, y, 2, t), ES_OK);
        assert_int_equal(es_phase_partnerships(w, y, 2, t), ES_OK);
        assert_int_equal(es_phase_demography(w, y, 2, t), ES_OK);
    }
    w->year += years;
    free(t);
    es_diag_free(&d);
}

static int64_t *tally_new(const es_world *w) { return calloc((size_t)w->nregions * ES_N_TALLY, sizeof(int64_t)); }

/* No vacancies means no hires; hires never exceed vacancies. */
static void test_no_vacancies_no_hires(void **state)
{
    (void)state;
    es_params p;
    load(BASE "labour: {job_growth: [0, 0, 0], separation_rate: 0, job_change_rate: 0, layoff_rate: 0}\n", &p);
    es_world w;
    world_after(&p, 3, &w);
    /* Jobs wanted = jobs filled: nothing is open. */
    es_companies *c = &w.comp;
    memset(c->staff, 0, (size_t)c->n * ES_N_CELLS * sizeof *c->staff);
    for (int64_t i = 0; i < w.pop.n; i++)
        if (w.pop.stage[i] == ES_ST_WORK && w.pop.occ[i] == ES_OCC_EMPLOYEE)
            c->staff[(int64_t)w.pop.employer[i] * ES_N_CELLS + w.pop.job[i]]++;
    for (int64_t k = 0; k < (int64_t)c->n * ES_N_CELLS; k++) c->target[k] = c->staff[k];
    int64_t *t = tally_new(&w);
    assert_int_equal(es_phase_labour(&w, w.year, 2, t), ES_OK);
    assert_int_equal(t[ES_T_VAC], 0);
    assert_int_equal(t[ES_T_VACF], 0);
    assert_true(t[ES_T_UNEMP] > 0); /* there were seekers, and none was hired */
    free(t);
    es_world_free(&w);
}

static void test_hires_within_vacancies(void **state)
{
    (void)state;
    es_params p;
    load(BASE, &p);
    es_world w;
    world_after(&p, 4, &w);
    es_companies *c = &w.comp;
    int32_t *before = malloc((size_t)c->n * ES_N_CELLS * sizeof *before);
    int64_t *t = tally_new(&w);
    assert_int_equal(es_phase_labour(&w, w.year, 2, t), ES_OK);
    /* staff after matching <= staff before matching + vacancies, per company and cell */
    memcpy(before, c->staff, (size_t)c->n * ES_N_CELLS * sizeof *before);
    int32_t *now = calloc((size_t)c->n * ES_N_CELLS, sizeof *now);
    for (int64_t i = 0; i < w.pop.n; i++)
        if (w.pop.stage[i] == ES_ST_WORK && w.pop.occ[i] == ES_OCC_EMPLOYEE)
            now[(int64_t)w.pop.employer[i] * ES_N_CELLS + w.pop.job[i]]++;
    for (int64_t k = 0; k < (int64_t)c->n * ES_N_CELLS; k++) assert_int_equal(now[k], before[k]);
    assert_true(t[ES_T_VACF] <= t[ES_T_VAC]);
    assert_true(t[ES_T_VACF] > 0);
    for (int s = 0; s < 3; s++) assert_true(t[ES_T_VACF_TECH + s] <= t[ES_T_VAC_TECH + s]);
    free(before);
    free(now);
    free(t);
    es_world_free(&w);
}

/* Coordination friction. Vacancies only in cell 0 (low-level, non-STEM jobs) and no
 * on-the-job search: every seeker of level 0 or 1 sends exactly one application into
 * cell 0, and no one else applies anywhere. With labour.applications = 1 this is the
 * urn-ball process: A applications drawn uniformly over V vacancies fill
 * V (1 - (1 - 1/V)^A) of them in expectation, with the classical occupancy variance
 * (Feller, An Introduction to Probability Theory I, II.11). With 0, the old perfect
 * matching: exactly min(V, A). */
static int64_t cell0_hires(int applications, int64_t *apps, int64_t *vac)
{
    const char *yaml =
        "name: t\nyears: {start: 2004, end: 2010, burn_in: 12}\nregions:\n  - {name: a, population: 200000}\n"
        "labour: {job_growth: [0, 0, 0], separation_rate: 0, job_change_rate: 0, layoff_rate: 0, match_rate: 1}\n"
        "llo: {participation: 0}\n";
    es_params p;
    load(yaml, &p);
    es_world w;
    world_after(&p, 3, &w);
    p.labour.applications = applications; /* the same world for every setting: only this year's matching differs */
    es_companies *c = &w.comp;
    es_pop *q = &w.pop;
    memset(c->staff, 0, (size_t)c->n * ES_N_CELLS * sizeof *c->staff);
    int64_t a = 0;
    for (int64_t i = 0; i < q->n; i++) {
        if (q->stage[i] != ES_ST_WORK) continue;
        if (q->occ[i] == ES_OCC_EMPLOYEE) c->staff[(int64_t)q->employer[i] * ES_N_CELLS + q->job[i]]++;
        if (q->occ[i] == ES_OCC_NONE && !(q->flags[i] & ES_F_INACTIVE) &&
            w.year - q->birth_year[i] < p.retirement_age && es_pop_job_level(q->qual[i]) <= 1)
            a++;
    }
    for (int64_t k = 0; k < (int64_t)c->n * ES_N_CELLS; k++) c->target[k] = c->staff[k];
    /* As many vacancies as applications (the most friction), spread over the companies. */
    for (int64_t v = 0; v < a; v++) c->target[(v % c->n) * ES_N_CELLS] += 1.0;
    int64_t *t = tally_new(&w);
    assert_int_equal(es_phase_labour(&w, w.year, 2, t), ES_OK);
    *apps = a;
    *vac = t[ES_T_VAC];
    int64_t hires = t[ES_T_VACF];
    free(t);
    es_world_free(&w);
    return hires;
}

static void test_urn_ball_matching(void **state)
{
    (void)state;
    int64_t a, v;
    int64_t f0 = cell0_hires(0, &a, &v);
    assert_true(a > 1000);
    assert_int_equal(v, a);
    assert_int_equal(f0, a); /* perfect matching fills every vacancy */
    int64_t f1 = cell0_hires(1, &a, &v);
    assert_int_equal(v, a);
    double V = (double)v, A = (double)a;
    double empty = V * pow(1 - 1 / V, A);
    double var = empty + V * (V - 1) * pow(1 - 2 / V, A) - V * V * pow(1 - 1 / V, 2 * A);
    double expect = V - empty; /* 0.632 V when A = V */
    assert_true(fabs((double)f1 - expect) < 4 * sqrt(var));
    int64_t f8 = cell0_hires(8, &a, &v);
    assert_true(f8 > f1 && f8 < f0); /* more applications, fewer collisions; the same world */
    print_message("urn-ball: %lld vacancies and applications; filled %lld (expected %.1f, sd %.1f), "
                  "with 8 applications %lld, without the friction %lld\n",
                  (long long)v, (long long)f1, expect, sqrt(var), (long long)f8, (long long)f0);
}

/* Matching gives the same result when persons are listed in another order. */
static void reverse_persons(es_pop *p)
{
    for (int64_t a = 0, b = p->n - 1; a < b; a++, b--) {
#define SW(f) { __typeof__(p->f[0]) x = p->f[a]; p->f[a] = p->f[b]; p->f[b] = x; }
        SW(id) SW(region) SW(birth_year) SW(sex) SW(stage) SW(track) SW(year) SW(field) SW(qual)
        SW(qual_stem) SW(flags) SW(vo_entry) SW(degree_year) SW(school) SW(ability) SW(interest)
        SW(employer) SW(occ) SW(job) SW(fte) SW(skill)
#undef SW
    }
}

static void test_matching_order_independent(void **state)
{
    (void)state;
    /* Perfect matching within a cell, and the urn-ball process (labour.applications). */
    for (int applications = 0; applications <= 1; applications++) {
        char yaml[256];
        snprintf(yaml, sizeof yaml, BASE "labour: {applications: %d}\n", applications);
        es_params p;
        load(yaml, &p);
        es_world a, b;
        world_after(&p, 4, &a);
        world_after(&p, 4, &b);
        reverse_persons(&b.pop);
        int64_t *ta = tally_new(&a), *tb = tally_new(&b);
        assert_int_equal(es_phase_labour(&a, a.year, 1, ta), ES_OK);
        assert_int_equal(es_phase_labour(&b, b.year, 2, tb), ES_OK);
        assert_true(memcmp(ta, tb, ES_N_TALLY * sizeof *ta) == 0);
        if (applications) assert_true(ta[ES_T_VACF] < ta[ES_T_VAC]); /* the friction leaves some open */
        int64_t n = a.pop.n;
        for (int64_t i = 0; i < n; i++) {
            int64_t j = n - 1 - i;
            assert_int_equal(a.pop.id[i], b.pop.id[j]);
            assert_int_equal(a.pop.employer[i], b.pop.employer[j]);
            assert_int_equal(a.pop.occ[i], b.pop.occ[j]);
            assert_int_equal(a.pop.job[i], b.pop.job[j]);
        }
        free(ta);
        free(tb);
        es_world_free(&a);
        es_world_free(&b);
    }
}

/* Teachers: FTE is conserved between persons and schools; a school without pupils
 * needs nothing and has no unqualified lessons; schools with all STEM posts filled
 * have quality 1. */
static void test_teacher_fte_conservation(void **state)
{
    (void)state;
    es_params p;
    load(BASE, &p);
    es_world w;
    world_after(&p, 14, &w);
    int64_t *t = tally_new(&w);
    assert_int_equal(es_phase_teachers(&w, w.year, 2, t), ES_OK);
    int64_t fte_persons = 0, fte_schools = 0, unf = 0;
    for (int64_t i = 0; i < w.pop.n; i++)
        if (w.pop.stage[i] == ES_ST_WORK && w.pop.occ[i] == ES_OCC_TEACHER)
            fte_persons += lround(w.pop.fte[i] * 1000.0);
    const es_schools *s = &w.schools;
    int full = 0;
    for (int32_t k = 0; k < s->n; k++) {
        for (int j = 0; j < ES_N_SUBJECTS; j++) {
            int64_t at = (int64_t)k * ES_N_SUBJECTS + j;
            fte_schools += s->fte_filled[at];
            unf += s->fte_demand[at] > s->fte_filled[at] ? s->fte_demand[at] - s->fte_filled[at] : 0;
        }
        if (s->sector[k] == ES_SEC_VO) {
            int64_t at = (int64_t)k * ES_N_SUBJECTS + ES_SUBJ_VO_STEM;
            if (s->fte_filled[at] >= s->fte_demand[at]) {
                assert_true(s->stem_quality[k] == 1.0f);
                full++;
            } else {
                assert_true(s->stem_quality[k] < 1.0f);
            }
        }
        if (s->pupils[k] == 0)
            for (int j = 0; j < ES_N_SUBJECTS; j++) assert_int_equal(s->fte_demand[(int64_t)k * ES_N_SUBJECTS + j], 0);
    }
    assert_int_equal(fte_persons, fte_schools);
    assert_int_equal(fte_schools, t[ES_T_FTE_FIL]);
    assert_int_equal(unf, t[ES_T_FTE_UNF]);
    assert_true(t[ES_T_FTE_DEM] > 0);
    (void)full;
    free(t);
    es_world_free(&w);
}

/* Exact zero cases of partnerships, lifelong learning and interest. */
static void test_zero_partnerships_and_training(void **state)
{
    (void)state;
    es_params p;
    load(BASE "partnerships: {formation_rate: 0, initial_networks: 0}\nllo: {participation: 0}\n"
              "interest: {teacher: 0, contact: 0, peer: 0, chain: 0, image: 0, noise: 0, reversion: 0}\n", &p);
    es_world w;
    world_after(&p, 2, &w);
    assert_int_equal(w.pps.n, 0);
    for (int32_t k = 0; k < w.comp.n; k++) assert_int_equal(w.comp.pps[k], -1);
    float *before = malloc((size_t)w.pop.n * sizeof *before);
    memcpy(before, w.pop.interest, (size_t)w.pop.n * sizeof *before);
    int64_t *t = tally_new(&w);
    int64_t n = w.pop.n;
    assert_int_equal(es_phase_education(&w, w.year, 2, t), ES_OK);
    for (int64_t i = 0; i < n; i++) assert_true(w.pop.interest[i] == before[i]);
    assert_int_equal(es_phase_labour(&w, w.year, 2, t), ES_OK);
    assert_int_equal(t[ES_T_LLO_PART], 0);
    assert_true(t[ES_T_EMPLOYEES] > 0);
    free(before);
    free(t);
    es_world_free(&w);
}

/* Training participation of employees matches llo.participation (large firms) and
 * llo.sme_factor (SMEs) within 4 standard errors. */
static void test_llo_participation_rate(void **state)
{
    (void)state;
    es_params p;
    load(BASE "llo: {participation: 0.3, sme_factor: 0.5, pps_boost: 0}\n", &p);
    es_world w;
    world_after(&p, 2, &w);
    int64_t emp = 0, expect_num = 0;
    double expect = 0;
    for (int64_t i = 0; i < w.pop.n; i++)
        if (w.pop.stage[i] == ES_ST_WORK && w.pop.occ[i] == ES_OCC_EMPLOYEE) {
            emp++;
            expect += w.comp.size[w.pop.employer[i]] == ES_SZ_SME ? 0.15 : 0.3;
        }
    (void)expect_num;
    int64_t *t = tally_new(&w);
    assert_int_equal(es_phase_labour(&w, w.year, 2, t), ES_OK);
    double mean = expect / (double)emp, se = sqrt(mean * (1 - mean) / (double)emp);
    assert_true(emp > 10000);
    assert_true(fabs((double)t[ES_T_LLO_PART] / (double)emp - mean) < 4 * se);
    free(t);
    es_world_free(&w);
}

/* School-company networks spread as a Bass diffusion: from no members the member share
 * is m (1 - exp(-adoption)) after a year and grows by (m - A)(1 - exp(-(adoption +
 * imitation A/m))) the next; every secondary school gets exactly A times the programme's
 * contact; after the programme the share stays and the contact stops; without a running
 * programme nothing spreads. */
#define NET_WORLD "name: t\nyears: {start: 2004, end: 2010, burn_in: 0}\n"                       \
                  "regions:\n  - {name: a, population: 20000}\n  - {name: b, population: 20000}\n" \
                  "partnerships: {formation_rate: 0, initial_networks: 0}\n"

static double net_step(es_world *w, int year, int64_t *tally0)
{
    es_policy_year(&w->par->pol, year, w->nregions, w->pol_eff);
    memset(w->schools.contact, 0, (size_t)w->schools.n * sizeof *w->schools.contact);
    int64_t *t = tally_new(w);
    assert_int_equal(es_phase_networks(w, t), ES_OK);
    *tally0 = t[ES_T_NETWORK_SCHOOLS];
    free(t);
    return w->network_share[0];
}

static void test_network_diffusion(void **state)
{
    (void)state;
    es_params p;
    es_diag d;
    es_diag_init(&d);
    load(NET_WORLD "networks: {imitation: 1.5, potential: 0.8}\npolicies:\n"
                   "  - {type: network_support, start: 2004, end: 2010, regions: [a], adoption: 0.1, contact_boost: 0.3}\n", &p);
    es_world w;
    assert_int_equal(es_world_create(&w, &p, &d), ES_OK);
    int64_t members;
    double a1 = net_step(&w, 2004, &members);
    assert_true(fabs(a1 - 0.8 * (1.0 - exp(-0.1))) < 1e-12);
    double a2 = net_step(&w, 2005, &members);
    assert_true(fabs(a2 - (a1 + (0.8 - a1) * (1.0 - exp(-(0.1 + 1.5 * a1 / 0.8))))) < 1e-12);
    int32_t n0 = w.schools.count[0][ES_SEC_VO];
    assert_true(n0 > 0);
    assert_int_equal(members, llround(a2 * n0));
    for (int32_t k = 0; k < w.schools.n; k++) {
        int in_a = w.schools.region[k] == 0 && w.schools.sector[k] == ES_SEC_VO;
        assert_true(w.schools.contact[k] == (in_a ? (float)(0.3 * a2) : 0.0f));
    }
    assert_true(w.network_share[1] == 0.0); /* region b: no programme */
    /* After the programme: the share stays, the contact stops. */
    assert_true(net_step(&w, 2011, &members) == a2);
    for (int32_t k = 0; k < w.schools.n; k++) assert_true(w.schools.contact[k] == 0.0f);
    es_world_free(&w);

    /* No programme, one at intensity 0, or none recruiting: nothing spreads. */
    const char *none[] = {NET_WORLD "networks: {imitation: 5.0}\n",
                          NET_WORLD "networks: {imitation: 5.0}\npolicies:\n"
                                    "  - {type: network_support, intensity: 0, adoption: 1}\n",
                          NET_WORLD "networks: {imitation: 5.0}\npolicies:\n"
                                    "  - {type: network_support, adoption: 0}\n"};
    for (size_t c = 0; c < sizeof none / sizeof none[0]; c++) {
        load(none[c], &p);
        assert_int_equal(es_world_create(&w, &p, &d), ES_OK);
        for (int y = 2004; y < 2008; y++) assert_true(net_step(&w, y, &members) == 0.0);
        es_world_free(&w);
    }
    es_diag_free(&d);
}

/* Hand-counted indicators on a small world equal what the program reports. */
static void test_indicators_by_hand(void **state)
{
    (void)state;
    es_params p;
    load("name: h\nscale: 0.05\nyears: {start: 2004, end: 2005, burn_in: 15}\nregions:\n  - {name: a, population: 60000}\n", &p);
    es_world w;
    world_after(&p, 15, &w);
    int64_t *t = tally_new(&w);
    assert_int_equal(es_phase_count(&w, w.year, 2, t), ES_OK);
    int64_t y4h = 0, y4hn = 0, vo = 0, hbo_new = 0, hbo_new_stem = 0;
    /* By sex: [sex] havo/vwo year 4 and N-profile, vmbo year 3 (tl apart) and
     * technology, first-year hbo+wo and STEM. */
    int64_t hv[2][2] = {{0}}, hvn[2][2] = {{0}}, y3[2] = {0}, y3t[2] = {0}, he[2] = {0}, hes[2] = {0};
    const es_pop *pp = &w.pop;
    for (int64_t i = 0; i < pp->n; i++) {
        int sx = pp->sex[i];
        if (pp->stage[i] == ES_ST_VO && pp->year[i] == 4 && pp->track[i] >= ES_VO_HAVO) {
            hv[pp->track[i] - ES_VO_HAVO][sx]++;
            if (pp->flags[i] & ES_F_NPROFILE) hvn[pp->track[i] - ES_VO_HAVO][sx]++;
        }
        if (pp->stage[i] == ES_ST_VO && pp->year[i] == 3 && pp->track[i] <= ES_VO_GL && !(pp->flags[i] & ES_F_TL)) {
            y3[sx]++;
            y3t[sx] += pp->field[i] != 0;
        }
        if ((pp->stage[i] == ES_ST_HBO || pp->stage[i] == ES_ST_WO) && (pp->flags[i] & ES_F_NEW)) {
            he[sx]++;
            hes[sx] += pp->field[i] != 0;
        }
        if (pp->stage[i] == ES_ST_VO) {
            vo++;
            if (pp->track[i] == ES_VO_HAVO && pp->year[i] == 4) {
                y4h++;
                if (pp->flags[i] & ES_F_NPROFILE) y4hn++;
            }
        }
        if (pp->stage[i] == ES_ST_HBO && (pp->flags[i] & ES_F_NEW)) {
            hbo_new++;
            hbo_new_stem += pp->field[i];
        }
    }
    double *iv = malloc((size_t)es_indicators_count() * sizeof *iv);
    es_indicators_compute(t, p.scale, iv);
    assert_true(y4h > 0 && hbo_new > 0);
    assert_true(iv[es_indicator_find("share_n_profile_y4", "havo")] == 100.0 * (double)y4hn / (double)y4h);
    assert_true(iv[es_indicator_find("pupils", "vo")] == (double)vo / 0.05);
    assert_true(iv[es_indicator_find("share_stem_he_intake", "hbo")] == 100.0 * (double)hbo_new_stem / (double)hbo_new);
    static const char *const sexes[2] = {"girls", "boys"}, *const adults[2] = {"women", "men"};
    for (int sx = 0; sx < 2; sx++) {
        char sg[32];
        assert_true(hv[0][sx] > 0 && hv[1][sx] > 0 && y3[sx] > 0 && he[sx] > 0);
        for (int k = 0; k < 2; k++) {
            snprintf(sg, sizeof sg, "%s_%s", k ? "vwo" : "havo", sexes[sx]);
            assert_true(iv[es_indicator_find("share_n_profile_y4", sg)] == 100.0 * (double)hvn[k][sx] / (double)hv[k][sx]);
        }
        snprintf(sg, sizeof sg, "bb+kb+gl_%s", sexes[sx]);
        assert_true(iv[es_indicator_find("share_tech_vmbo_y3", sg)] == 100.0 * (double)y3t[sx] / (double)y3[sx]);
        assert_true(iv[es_indicator_find("share_stem_he_intake", adults[sx])] == 100.0 * (double)hes[sx] / (double)he[sx]);
    }
    free(iv);
    free(t);
    es_world_free(&w);
}

/* Funded centres are awarded in national rounds: each year the country gets the floor
 * or the ceiling of its expected number (centres_per_million of all residents
 * simulated), however it is spread over the regions; members never exceed a
 * partnership's capacity (none with centre_capacity 0, at most capacity in a network). */
static void test_centres_national_rounds_and_capacity(void **state)
{
    (void)state;
    es_params p;
    load("name: t\nyears: {start: 2004, end: 2010, burn_in: 12}\nregions:\n"
         "  - {name: a, population: 30000}\n  - {name: b, population: 25000}\n  - {name: c, population: 20000}\n"
         "partnerships: {formation_rate: 5, kind_share: [0, 0, 0, 1, 0], initial_networks: 50, capacity: 2, centre_capacity: 0}\n"
         "policies:\n  - {type: cofinancing, start: 1990, end: 2030, centres_per_million: 30, join_boost: 8}\n", &p);
    es_diag d;
    es_diag_init(&d);
    es_world w;
    assert_int_equal(es_world_create(&w, &p, &d), ES_OK);
    int64_t *t = tally_new(&w);
    for (int y = w.year; y < w.year + 6; y++) {
        memset(t, 0, (size_t)w.nregions * ES_N_TALLY * sizeof *t);
        es_policy_year(&p.pol, y, w.nregions, w.pol_eff);
        assert_int_equal(es_phase_count(&w, y, 2, t), ES_OK);
        int32_t before = 0;
        for (int32_t j = 0; j < w.pps.n; j++) before += w.pps.kind[j] <= ES_PK_CENTRE_MBO;
        double expect = 0;
        for (int r = 0; r < w.nregions; r++) expect += 30.0 * (double)t[(int64_t)r * ES_N_TALLY + ES_T_POP] / 1e6;
        assert_int_equal(es_phase_partnerships(&w, y, 2, t), ES_OK);
        int32_t after = 0;
        for (int32_t j = 0; j < w.pps.n; j++) after += w.pps.kind[j] <= ES_PK_CENTRE_MBO;
        assert_true(expect > 1.0);
        assert_true(after - before == (int32_t)floor(expect) || after - before == (int32_t)ceil(expect));
    }
    int64_t *members = calloc((size_t)w.pps.n, sizeof *members);
    for (int32_t k = 0; k < w.comp.n; k++)
        if (w.comp.pps[k] >= 0) members[w.comp.pps[k]]++;
    int64_t in_networks = 0;
    for (int32_t j = 0; j < w.pps.n; j++) {
        assert_true(members[j] <= es_pps_capacity(&p.pps, w.pps.kind[j]));
        if (es_pps_vocational(w.pps.kind[j])) assert_int_equal(members[j], 0);
        else in_networks += members[j];
    }
    assert_true(in_networks > 0);
    free(members);
    free(t);
    es_world_free(&w);
    es_diag_free(&d);
}

/* The private share that decides whether a partnership sustains itself is taken
 * against the public money it ran on while funded, not against none after funding. */
static void test_private_share_exact(void **state)
{
    (void)state;
    es_params p;
    load(BASE "policies:\n  - {type: cofinancing, start: 2004, public_per_centre: 500000}\n", &p);
    es_pps pp;
    memset(&pp, 0, sizeof pp);
    assert_int_equal(es_pps_reserve(&pp, 4), ES_OK);
    int32_t a = es_pps_add(&pp), b = es_pps_add(&pp);
    pp.policy[a] = 0;
    pp.policy[b] = -1;
    assert_true(es_pps_private_share(&p, &pp, a, 500000.0) == 0.5);
    assert_true(es_pps_private_share(&p, &pp, a, 0.0) == 0.0);
    assert_true(es_pps_private_share(&p, &pp, b, 1000.0) == 1.0); /* public_per_year 0 */
    assert_true(es_pps_private_share(&p, &pp, b, 0.0) == 0.0);
    es_pps_free(&pp);
}

/* Hybrid teachers stay company employees; their teaching FTE is counted by their
 * flag: the tally equals the FTE of the persons flagged hybrid, by hand, and is above
 * 0 with a hybrid-teacher policy (and exactly 0 without one). */
static void test_hybrid_fte_counted(void **state)
{
    (void)state;
    for (int on = 0; on <= 1; on++) {
        es_params p;
        load(on ? BASE "policies:\n  - {type: hybrid_teachers, share: 0.05, fte: 0.3}\n" : BASE, &p);
        es_world w;
        world_after(&p, 14, &w);
        es_policy_year(&p.pol, w.year, w.nregions, w.pol_eff);
        int64_t *t = tally_new(&w);
        assert_int_equal(es_phase_teachers(&w, w.year, 2, t), ES_OK);
        int64_t milli = 0, flagged = 0;
        for (int64_t i = 0; i < w.pop.n; i++)
            if (w.pop.stage[i] == ES_ST_WORK && (w.pop.flags[i] & ES_F_HYBRID)) {
                assert_int_not_equal(w.pop.occ[i], ES_OCC_TEACHER);
                milli += lround(w.pop.fte[i] * 1000.0);
                flagged++;
            }
        assert_int_equal(t[ES_T_FTE_HYBRID], milli);
        assert_int_equal(t[ES_T_HYBRIDS], flagged);
        if (on) {
            assert_true(flagged > 0);
            assert_int_equal(milli, 300 * flagged);
        } else {
            assert_int_equal(milli, 0);
        }
        free(t);
        es_world_free(&w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_vacancies_no_hires),
        cmocka_unit_test(test_hires_within_vacancies),
        cmocka_unit_test(test_matching_order_independent),
        cmocka_unit_test(test_urn_ball_matching),
        cmocka_unit_test(test_teacher_fte_conservation),
        cmocka_unit_test(test_hybrid_fte_counted),
        cmocka_unit_test(test_zero_partnerships_and_training),
        cmocka_unit_test(test_llo_participation_rate),
        cmocka_unit_test(test_indicators_by_hand),
        cmocka_unit_test(test_network_diffusion),
        cmocka_unit_test(test_centres_national_rounds_and_capacity),
        cmocka_unit_test(test_private_share_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
