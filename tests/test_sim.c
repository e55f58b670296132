/* test_sim.c - whole runs: stock-flow conservation, thread determinism, exact zero
 * cases, sampled rates within 4 standard errors, common random numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "edusim/cfg.h"
#include "edusim/params.h"
#include "edusim/sim.h"

#define SMALL "name: t\nyears: {start: 2004, end: 2012, burn_in: 12}\n" \
              "regions:\n  - {name: a, population: 30000}\n  - {name: b, population: 20000, birth_rate: 12}\n"

static void load(const char *yaml, es_params *p) { assert_int_equal(test_params_ok(yaml, p), 0); }

static void run(const es_params *p, int threads, es_run_result *r)
{
    es_diag d;
    es_diag_init(&d);
    es_run_opts o = {threads, NULL, NULL, NULL, 0};
    assert_int_equal(es_sim_run(p, &o, r, &d), ES_OK);
    es_diag_free(&d);
}

static int64_t T(const es_run_result *r, int y, int reg, int id)
{
    return r->tally[((int64_t)y * r->nregions + reg) * ES_N_TALLY + id];
}

/* A tally summed over the years, for the whole country. */
static int64_t total(const es_run_result *r, int id)
{
    int64_t n = 0;
    for (int y = 0; y < r->nyears; y++) n += T(r, y, r->nregions - 1, id);
    return n;
}

/* SMALL with the scenario lines of fmt added, loaded into p and run at 2 threads. */
__attribute__((format(printf, 3, 4))) static void run_small(es_params *p, es_run_result *r, const char *fmt, ...)
{
    char yaml[2048];
    int n = snprintf(yaml, sizeof yaml, "%s", SMALL);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(yaml + n, sizeof yaml - (size_t)n, fmt, ap);
    va_end(ap);
    load(yaml, p);
    run(p, 2, r);
}

/* persons(Y+1) = persons(Y) + entries(Y) - exits(Y), every stage, region and year. */
static void test_stock_flow_conservation(void **state)
{
    (void)state;
    es_params p;
    load(SMALL, &p);
    es_run_result r;
    run(&p, 2, &r);
    int checked = 0;
    for (int y = 0; y + 1 < r.nyears; y++)
        for (int reg = 0; reg < r.nregions; reg++) {
            int64_t all0 = 0, all1 = 0;
            for (int s = 0; s < ES_N_STAGES; s++) {
                if (s == ES_ST_GONE) continue;
                int64_t s0 = T(&r, y, reg, ES_T_STOCK + s), s1 = T(&r, y + 1, reg, ES_T_STOCK + s);
                int64_t in = T(&r, y, reg, ES_T_IN + s), out = T(&r, y, reg, ES_T_OUT + s);
                assert_int_equal(s1, s0 + in - out);
                all0 += s0;
                all1 += s1;
                checked++;
            }
            assert_int_equal(all0, T(&r, y, reg, ES_T_POP));
            assert_int_equal(all1, all0 + T(&r, y, reg, ES_T_BIRTHS) + T(&r, y, reg, ES_T_IMMIGRANTS) -
                                       T(&r, y, reg, ES_T_DEATHS) - T(&r, y, reg, ES_T_EMIGRANTS));
        }
    assert_true(checked > 100);
    /* The national total is the sum of the regions. */
    for (int k = 0; k < ES_N_TALLY; k++)
        assert_int_equal(T(&r, 3, 2, k), T(&r, 3, 0, k) + T(&r, 3, 1, k));
    es_run_result_free(&r);
}

static int same_doubles(const double *a, const double *b, int64_t n)
{
    return memcmp(a, b, (size_t)n * sizeof *a) == 0;
}

static void test_threads_bitwise_identical(void **state)
{
    (void)state;
    es_params p;
    load(SMALL, &p);
    es_run_result a, b;
    run(&p, 1, &a);
    run(&p, 2, &b);
    assert_int_equal(a.checksum, b.checksum);
    assert_true(same_doubles(a.values, b.values, (int64_t)a.nind * a.nyears * a.nregions));
    assert_int_equal(a.ncohort_rows, b.ncohort_rows);
    assert_true(a.ncohort_rows > 0);
    assert_true(same_doubles(a.cohort_rows, b.cohort_rows, (int64_t)a.ncohort_rows * ES_N_COHORT_COLS));
    /* ... and a different seed gives different results. */
    p.seed = 2;
    es_run_result c;
    run(&p, 2, &c);
    assert_true(c.checksum != a.checksum);
    es_run_result_free(&a);
    es_run_result_free(&b);
    es_run_result_free(&c);
}

static void test_zero_rates_give_zero(void **state)
{
    (void)state;
    es_params p;
    load(SMALL "transitions: {vwo_to_wo: 0, teacher_training_share_hbo: 0}\n"
               "demography: {mortality_a: 0, emigration_rate: 0, immigration_rate: 0}\n"
               "secondary: {dropout_rate: 0}\n", &p);
    es_run_result r;
    run(&p, 2, &r);
    int64_t dipl = 0;
    for (int y = 0; y < r.nyears; y++) {
        int nat = r.nregions - 1;
        assert_int_equal(T(&r, y, nat, ES_T_VWO_TO_WO), 0);
        assert_int_equal(T(&r, y, nat, ES_T_ENT_WO), 0);
        assert_int_equal(T(&r, y, nat, ES_T_ENT_TT_VO) + T(&r, y, nat, ES_T_ENT_TT_PABO), 0);
        assert_int_equal(T(&r, y, nat, ES_T_DEATHS), 0);
        assert_int_equal(T(&r, y, nat, ES_T_EMIGRANTS), 0);
        assert_int_equal(T(&r, y, nat, ES_T_IMMIGRANTS), 0);
        dipl += T(&r, y, nat, ES_T_DIPL_VWO);
    }
    assert_true(dipl > 0); /* the zero is not for lack of vwo graduates */
    es_run_result_free(&r);
}

/* Sampled transition shares lie within 4 binomial standard errors of the parameter. */
static void test_sampled_rates_within_4se(void **state)
{
    (void)state;
    es_params p;
    load(SMALL, &p);
    es_run_result r;
    run(&p, 2, &r);
    int nat = r.nregions - 1;
    int64_t n_vwo = 0, to_wo = 0, to_hbo = 0, n_havo = 0, havo_hbo = 0;
    for (int y = 0; y < r.nyears; y++) {
        n_vwo += T(&r, y, nat, ES_T_DIPL_VWO);
        to_wo += T(&r, y, nat, ES_T_VWO_TO_WO);
        to_hbo += T(&r, y, nat, ES_T_VWO_TO_HBO);
        n_havo += T(&r, y, nat, ES_T_DIPL_HAVO);
        havo_hbo += T(&r, y, nat, ES_T_HAVO_TO_HBO);
    }
    struct { int64_t k, n; double p; } c[] = {
        {to_wo, n_vwo, p.vwo_to_wo}, {to_hbo, n_vwo, p.vwo_to_hbo}, {havo_hbo, n_havo, p.havo_to_hbo}};
    for (int i = 0; i < 3; i++) {
        assert_true(c[i].n > 1000);
        double se = sqrt(c[i].p * (1 - c[i].p) / (double)c[i].n);
        assert_true(fabs((double)c[i].k / (double)c[i].n - c[i].p) < 4 * se);
    }
    /* Births: the keyed rounding of population x rate / 1000 is within 1 per region-year. */
    for (int y = 0; y < r.nyears; y++)
        for (int reg = 0; reg < p.nregions; reg++) {
            double expect = (double)T(&r, y, reg, ES_T_POP) * p.region[reg].birth_rate / 1000.0;
            assert_true(fabs((double)T(&r, y, reg, ES_T_BIRTHS) - expect) < 1.0);
        }
    es_run_result_free(&r);
}

/* Common random numbers: a change in the wo transition leaves everything upstream of
 * it (primary and secondary enrolment and choices) identical, person for person, once
 * the feedbacks from the teacher market to pupils (teaching quality, peers) are off. */
static void test_common_random_numbers(void **state)
{
    (void)state;
    es_params p, q;
#define DECOUPLED SMALL "interest: {teacher: 0, peer: 0}\nteachers: {quality_success: 0}\n"
    load(DECOUPLED, &p);
    load(DECOUPLED "transitions: {vwo_to_wo: 0.6}\n", &q);
    es_run_result a, b;
    run(&p, 2, &a);
    run(&q, 1, &b);
    int nat = a.nregions - 1, differ = 0;
    for (int y = 0; y < a.nyears; y++) {
        assert_int_equal(T(&a, y, nat, ES_T_PUP_PO), T(&b, y, nat, ES_T_PUP_PO));
        assert_int_equal(T(&a, y, nat, ES_T_PUP_VO), T(&b, y, nat, ES_T_PUP_VO));
        assert_int_equal(T(&a, y, nat, ES_T_Y4_VWO_N), T(&b, y, nat, ES_T_Y4_VWO_N));
        differ += T(&a, y, nat, ES_T_ENT_WO) != T(&b, y, nat, ES_T_ENT_WO);
    }
    assert_true(differ > 0);
    es_run_result_free(&a);
    es_run_result_free(&b);
}

/* A published births series replaces the birth rates: each region gets the national
 * births times the scale times its share of the regions' population (whole numbers
 * here, so exact), and years outside the series take its nearest year. */
static void test_births_series(void **state)
{
    (void)state;
    es_params p;
    load(SMALL "scale: 0.5\ndemography: {births_first_year: 2006, births: [1000, 2000, 3000]}\n", &p);
    es_run_result r;
    run(&p, 2, &r);
    static const int want[9] = {1000, 1000, 1000, 2000, 3000, 3000, 3000, 3000, 3000};
    assert_int_equal(r.nyears, 9);
    for (int y = 0; y < r.nyears; y++) {
        assert_int_equal(T(&r, y, 0, ES_T_BIRTHS), want[y] * 3 / 10);
        assert_int_equal(T(&r, y, 1, ES_T_BIRTHS), want[y] * 2 / 10);
    }
    es_run_result_free(&r);
}

/* mbo level 4 is entered from vmbo, from havo graduates, by leavers without a diploma
 * and from havo/vwo year 4 on: with the first three shut, mbo entrants exist exactly
 * when upper_to_mbo is above zero. */
static void test_upper_years_to_mbo(void **state)
{
    (void)state;
    int64_t ent[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        es_params p;
        es_run_result r;
        run_small(&p, &r, "transitions: {vmbo_to_mbo: 0, havo_to_mbo: 0, dropout_to_mbo1: 0, gl_to_havo: 0}\n"
                          "secondary: {upper_to_mbo: [%g, %g]}\n", 0.3 * k, 0.3 * k);
        ent[k] = total(&r, ES_T_ENT_MBO);
        es_run_result_free(&r);
    }
    assert_int_equal(ent[0], 0);
    assert_true(ent[1] > 100);
}

/* Teacher training's own STEM propensities: with teacher_training_stem_factor_wo 0 no
 * STEM wo graduate enters university teacher training (others still do); the
 * exact/technical share of hbo subject teacher training rises with
 * field_stem_teacher_training_hbo, and at a shift of -5 it is below 3 %. */
static void test_teacher_training_stem(void **state)
{
    (void)state;
    int64_t wo[2] = {0, 0}, wo_stem[2] = {0, 0}, vo[3] = {0, 0, 0}, vo_stem[3] = {0, 0, 0};
    static const double shift[3] = {-5, 0, 2};
    for (int k = 0; k < 3; k++) {
        es_params p;
        es_run_result r;
        run_small(&p, &r, "transitions: {teacher_training_share_wo: 0.3, teacher_training_stem_factor_wo: %g,"
                          " teacher_training_share_hbo: 0.3, pabo_share: 0.2, field_stem_teacher_training_hbo: %g}\n",
                  k == 0 ? 0.0 : 1.0, shift[k]);
        if (k < 2) {
            wo[k] = total(&r, ES_T_ENT_TT_WO);
            wo_stem[k] = total(&r, ES_T_ENT_TT_WO_STEM);
        }
        vo[k] = total(&r, ES_T_ENT_TT_VO);
        vo_stem[k] = total(&r, ES_T_ENT_TT_VO_STEM);
        es_run_result_free(&r);
    }
    assert_int_equal(wo_stem[0], 0);
    assert_true(wo[0] > 20 && wo_stem[1] > 0);
    for (int k = 0; k < 3; k++) assert_true(vo[k] > 200);
    double sh[3];
    for (int k = 0; k < 3; k++) sh[k] = (double)vo_stem[k] / (double)vo[k];
    assert_true(sh[0] < 0.03 && sh[0] < sh[1] && sh[1] < sh[2]);
}

/* The flows that fill mbo, hbo and wo beyond the direct transitions from school: none
 * at rate 0 (the defaults), some of each at positive rates; hbo graduates enter a wo
 * master at their rate (4 standard errors) and international first-years arrive at
 * their rate per 1000 residents (rounding: at most 1 per region and year). */
static void test_volume_flows(void **state)
{
    (void)state;
    static const int ids[] = {ES_T_MBO_STACK, ES_T_MBO_ADULT, ES_T_HE_LATE_HBO, ES_T_HE_LATE_WO,
                              ES_T_HBO_TO_WO, ES_T_INTL_HBO, ES_T_INTL_WO};
    enum { NF = sizeof ids / sizeof ids[0] };
    for (int k = 0; k < 2; k++) {
        es_params p;
        es_run_result r;
        run_small(&p, &r, "transitions: {mbo_stack_rate: %g, hbo_to_wo: %g, he_late_entry_rate: %g, mbo_adult_entry_rate: %g}\n"
                          "demography: {intl_students_hbo: %g, intl_students_wo: %g}\n",
                  0.5 * k, 0.3 * k, 0.05 * k, 0.02 * k, 1.0 * k, 0.5 * k);
        int64_t sum[NF], dipl_hbo = total(&r, ES_T_DIPL_HBO), pop = total(&r, ES_T_POP);
        for (int f = 0; f < NF; f++) sum[f] = total(&r, ids[f]);
        for (int f = 0; f < NF; f++) {
            if (k == 0) assert_int_equal(sum[f], 0);
            else assert_true(sum[f] > 10);
        }
        if (k == 1) {
            double ph = p.hbo_to_wo, se = sqrt(ph * (1 - ph) / (double)dipl_hbo);
            assert_true(dipl_hbo > 1000);
            assert_true(fabs((double)sum[4] / (double)dipl_hbo - ph) < 4 * se);
            double slack = (double)(r.nyears * (r.nregions - 1));
            assert_true(fabs((double)sum[5] - (double)pop * p.intl_students_hbo / 1000.0) <= slack);
            assert_true(fabs((double)sum[6] - (double)pop * p.intl_students_wo / 1000.0) <= slack);
        }
        es_run_result_free(&r);
    }
}

/* Level changes in secondary: none at rate 0, some at positive rates, and more vwo
 * pupils in year 4 when havo pupils move up. */
static void test_vo_level_changes(void **state)
{
    (void)state;
    int64_t up[2] = {0, 0}, down[2] = {0, 0}, y4vwo[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        es_params p;
        es_run_result r;
        run_small(&p, &r, "secondary: {up_rate: %g, upper_down_rate: %g}\n", 0.1 * k, 0.05 * k);
        up[k] = total(&r, ES_T_VO_UP);
        down[k] = total(&r, ES_T_VO_UPPER_DOWN);
        y4vwo[k] = total(&r, ES_T_Y4_VWO);
        es_run_result_free(&r);
    }
    assert_int_equal(up[0], 0);
    assert_int_equal(down[0], 0);
    assert_true(up[1] > 100);
    assert_true(down[1] > 10);
    assert_true(y4vwo[1] > y4vwo[0]);
}

/* vmbo gl and tl: with tl_share 0 no pupil is in tl, with 1 none in gl (exact, year-3
 * counts and diplomas); at 0.5 tl takes half the gl/tl diplomas (4 standard errors);
 * tl has its own technology base. */
static void test_gl_tl_split(void **state)
{
    (void)state;
    static const double share[3] = {0, 1, 0.5};
    for (int k = 0; k < 3; k++) {
        es_params p;
        es_run_result r;
        run_small(&p, &r, "secondary: {tl_share: %g, vmbo_tech_base: [-1, -1, -3], vmbo_tech_base_tl: 3}\n", share[k]);
        int64_t gl = total(&r, ES_T_Y3_GL), gl_t = total(&r, ES_T_Y3_GL_T), tl = total(&r, ES_T_Y3_TL),
                tl_t = total(&r, ES_T_Y3_TL_T), dgl = total(&r, ES_T_DIPL_VMBO_GL), dtl = total(&r, ES_T_DIPL_VMBO_TL);
        es_run_result_free(&r);
        if (k == 0) {
            assert_int_equal(tl, 0);
            assert_int_equal(dtl, 0);
            assert_true(gl > 500 && dgl > 500);
        } else if (k == 1) {
            assert_int_equal(gl, 0);
            assert_int_equal(dgl, 0);
            assert_true(tl > 500 && dtl > 500);
        } else {
            double n = (double)(dgl + dtl), f = (double)dtl / n, se = sqrt(0.25 / n);
            assert_true(fabs(f - 0.5) < 4 * se);
            assert_true((double)tl_t / (double)tl > 0.8 && (double)gl_t / (double)gl < 0.2);
        }
    }
}

/* The year before the exam has its own repetition: with no repetition, every exam
 * passed and no teacher-quality penalty on it, nobody repeats (exact); repetition in
 * havo 4 alone raises year-4 havo counts. */
static void test_pre_exam_repeat(void **state)
{
    (void)state;
    int64_t rep[2] = {0, 0}, y4[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        es_params p;
        es_run_result r;
        run_small(&p, &r, "secondary: {repeat_rate: [0, 0, 0, 0, 0], exam_pass: [1, 1, 1, 1, 1],"
                          " pre_exam_repeat_rate: [0, 0, 0, %g, 0]}\nteachers: {quality_success: 0}\n", 0.3 * k);
        rep[k] = total(&r, ES_T_REPEAT_VO);
        y4[k] = total(&r, ES_T_Y4_HAVO);
        es_run_result_free(&r);
    }
    assert_int_equal(rep[0], 0);
    assert_true(rep[1] > 100);
    assert_true(y4[1] > y4[0]);
}

/* Moves within vmbo in years 1-2: off, every kb pupil stays in kb (exact); down (or
 * up) at 0.2 a year with no repetition puts 1 - 0.8^2 = 36 % of the year-3 pupils in
 * bb (or gl/tl) within 4 standard errors, and up moves into gl/tl draw tl by tl_share. */
static void test_vmbo_level_moves(void **state)
{
    (void)state;
    static const double rate[3][2] = {{0, 0}, {0.2, 0}, {0, 0.2}};
    for (int k = 0; k < 3; k++) {
        es_params p;
        es_run_result r;
        run_small(&p, &r, "primary: {advice_share: [0, 1, 0, 0, 0]}\n"
                          "secondary: {repeat_rate: [0, 0, 0, 0, 0], pre_exam_repeat_rate: [0, 0, 0, 0, 0],"
                          " vmbo_down_rate: %g, vmbo_up_rate: %g, tl_share: 0.8}\n", rate[k][0], rate[k][1]);
        int64_t bb = total(&r, ES_T_Y3_BB), kb = total(&r, ES_T_Y3_KB),
                gl = total(&r, ES_T_Y3_GL) + total(&r, ES_T_Y3_TL), tl = total(&r, ES_T_Y3_TL);
        es_run_result_free(&r);
        assert_true(kb > 1000);
        if (k == 0) {
            assert_int_equal(bb, 0);
            assert_int_equal(gl, 0);
            continue;
        }
        int64_t moved = k == 1 ? bb : gl, other = k == 1 ? gl : bb;
        double n = (double)(moved + kb), f = (double)moved / n, se = sqrt(0.36 * 0.64 / n);
        assert_int_equal(other, 0);
        assert_true(fabs(f - 0.36) < 4 * se);
        if (k == 2) assert_true(fabs((double)tl / (double)gl - 0.8) < 4 * sqrt(0.16 / (double)gl));
    }
}

/* Stepping a run year by year through es_sim_step, looking at the world and the
 * year's tallies in between, gives the checksum and the indicators of es_sim_run. */
static void test_step_by_step_equals_run(void **state)
{
    (void)state;
    es_params p;
    load(SMALL, &p);
    es_run_result whole;
    run(&p, 2, &whole);
    es_diag d;
    es_diag_init(&d);
    es_run_opts o = {2, NULL, NULL, NULL, 0};
    es_sim s;
    assert_int_equal(es_sim_create(&s, &p, &o, &d), ES_OK);
    assert_int_equal(s.year, p.start_year - p.burn_in);
    int steps = 0;
    while (!es_sim_done(&s)) {
        int year = s.year;
        int64_t before = s.world.pop.n;
        assert_int_equal(es_sim_step(&s, &d), ES_OK);
        steps++;
        assert_int_equal(s.year, year + 1);
        /* The year's count saw the population the year started with. */
        int64_t counted = 0;
        for (int r = 0; r < p.nregions; r++) counted += ES_TL(s.tally, r, ES_T_POP);
        assert_int_equal(counted, before);
    }
    assert_int_equal(steps, p.burn_in + p.end_year - p.start_year + 1);
    /* Past the last year there is nothing to step. */
    assert_int_not_equal(es_sim_step(&s, &d), ES_OK);
    es_run_result stepped;
    assert_int_equal(es_sim_finish(&s, &stepped, &d), ES_OK);
    es_sim_free(&s);
    assert_true(stepped.checksum == whole.checksum);
    assert_int_equal(stepped.ncohort_rows, whole.ncohort_rows);
    assert_memory_equal(stepped.values, whole.values,
                        (size_t)whole.nind * (size_t)whole.nyears * (size_t)whole.nregions * sizeof(double));
    es_run_result_free(&stepped);
    es_run_result_free(&whole);
    es_diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_by_step_equals_run),
        cmocka_unit_test(test_stock_flow_conservation),
        cmocka_unit_test(test_threads_bitwise_identical),
        cmocka_unit_test(test_zero_rates_give_zero),
        cmocka_unit_test(test_sampled_rates_within_4se),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_births_series),
        cmocka_unit_test(test_upper_years_to_mbo),
        cmocka_unit_test(test_volume_flows),
        cmocka_unit_test(test_vo_level_changes),
        cmocka_unit_test(test_teacher_training_stem),
        cmocka_unit_test(test_gl_tl_split),
        cmocka_unit_test(test_pre_exam_repeat),
        cmocka_unit_test(test_vmbo_level_moves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
