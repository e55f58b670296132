/* test_naive.c - the naive reference of the education step (education_naive.c:
 * array of structs, one thread, a fresh generator call per decision) gives the same
 * bits as the optimised step, over whole runs with and without policies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "edusim/cfg.h"
#include "edusim/params.h"
#include "edusim/sim.h"

#define SMALL "name: t\nyears: {start: 2004, end: 2012, burn_in: 12}\n" \
              "regions:\n  - {name: a, population: 30000}\n  - {name: b, population: 20000, birth_rate: 12}\n"
/* Chain collaboration and a pact reach the policy terms of the field choices and the
 * first-year drop-out; network support the school contact term of STEM interest. */
#define POLICIES "policies:\n" \
    "  - {type: chain_collaboration, name: chain, start: 2000, end: 2012, leak_reduction: 0.5, school_share: 0.5, field_bonus: 0.3}\n" \
    "  - {type: network_support, name: net, start: 1995, end: 2012, formation_boost: 2}\n"

static void load(const char *yaml, es_params *p) { assert_int_equal(test_params_ok(yaml, p), 0); }

static void run(const es_params *p, int threads, int naive, es_run_result *r)
{
    es_diag d;
    es_diag_init(&d);
    es_run_opts o = {threads, NULL, NULL, NULL, naive};
    assert_int_equal(es_sim_run(p, &o, r, &d), ES_OK);
    es_diag_free(&d);
}

/* Every tally, indicator value and cohort row equal bit for bit. */
static void same_bits(const char *yaml)
{
    es_params p;
    load(yaml, &p);
    es_run_result fast, naive;
    run(&p, 2, 0, &fast);
    run(&p, 1, 1, &naive);
    assert_int_equal(fast.nyears, naive.nyears);
    assert_int_equal(fast.nregions, naive.nregions);
    size_t nt = (size_t)fast.nyears * (size_t)fast.nregions * ES_N_TALLY;
    assert_memory_equal(fast.tally, naive.tally, nt * sizeof *fast.tally);
    size_t nv = (size_t)fast.nind * (size_t)fast.nyears * (size_t)fast.nregions;
    assert_memory_equal(fast.values, naive.values, nv * sizeof *fast.values);
    assert_int_equal(fast.ncohort_rows, naive.ncohort_rows);
    assert_memory_equal(fast.cohort_rows, naive.cohort_rows,
                        (size_t)fast.ncohort_rows * ES_N_COHORT_COLS * sizeof(double));
    assert_true(fast.checksum == naive.checksum);
    assert_true(fast.person_years == naive.person_years);
    es_run_result_free(&fast);
    es_run_result_free(&naive);
}

static void test_naive_equals_optimised(void **state)
{
    (void)state;
    same_bits(SMALL);
}

static void test_naive_equals_optimised_with_policies(void **state)
{
    (void)state;
    same_bits(SMALL POLICIES);
}

/* The flows from work, mbo stacking, hbo to wo, the secondary level changes and
 * teacher training's own STEM propensities are off by default: switched on here so
 * both implementations are compared on them. */
#define FLOWS "transitions: {mbo_stack_rate: 0.5, hbo_to_wo: 0.2, he_late_entry_rate: 0.05, mbo_adult_entry_rate: 0.02,"  \
              " teacher_training_stem_factor_wo: 2.5, field_stem_teacher_training_hbo: -0.7}\n" \
              "secondary: {up_rate: 0.05, upper_down_rate: 0.05, vmbo_down_rate: 0.05, vmbo_up_rate: 0.04}\n" \
              "demography: {intl_students_hbo: 0.5, intl_students_wo: 0.5}\n"

static void test_naive_equals_optimised_with_flows(void **state)
{
    (void)state;
    same_bits(SMALL POLICIES FLOWS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_naive_equals_optimised),
        cmocka_unit_test(test_naive_equals_optimised_with_policies),
        cmocka_unit_test(test_naive_equals_optimised_with_flows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
