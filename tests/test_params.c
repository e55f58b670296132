/* test_params.c - parameters: the reference scenario equals the defaults, cross-key
 * checks, and range errors with positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"
#include <string.h>

#include "edusim/scenario.h"

static void test_reference_equals_defaults(void **state)
{
    (void)state;
    es_diag d;
    es_diag_init(&d);
    es_scenario ref, def;
    assert_int_equal(es_scenario_load(EDUSIM_SOURCE_DIR "/scenarios/reference.yaml", NULL, 0, &ref, &d), ES_OK);
    assert_int_equal(es_scenario_load(NULL, NULL, 0, &def, &d), ES_OK);
    /* Everything but the documented policy list equals the defaults: the resolved
     * reference is the resolved default followed by `policies:`. */
    size_t n = strlen(def.resolved_yaml);
    assert_true(strncmp(ref.resolved_yaml, def.resolved_yaml, n) == 0);
    assert_true(strncmp(ref.resolved_yaml + n, "policies:", 9) == 0);
    assert_int_equal(ref.par.pol.n, ES_N_POL_TYPES);
    for (int k = 0; k < ES_N_POL_TYPES; k++) assert_int_equal(ref.par.pol.p[k].type, k);
    ref.par.pol.n = 0;
    memset(ref.par.pol.p, 0, sizeof ref.par.pol.p);
    memset(def.par.pol.p, 0, sizeof def.par.pol.p);
    assert_true(memcmp(&ref.par, &def.par, sizeof ref.par) == 0);
    es_scenario_free(&ref);
    es_scenario_free(&def);
    es_diag_free(&d);
}

static void test_cross_key_checks(void **state)
{
    (void)state;
    es_diag d;
    es_diag_init(&d);
    es_params p;
    int n = test_load_params("x.yaml",
                      "years: {start: 2010, end: 2005}\n"
                      "primary:\n  advice_share: [0.2, 0.2, 0.2, 0.2, 0.1]\n"
                      "transitions: {vwo_to_wo: 0.9, vwo_to_hbo: 0.2}\n"
                      "regions:\n  - {name: a}\n  - {name: a}\n",
                      &p, &d);
    assert_int_equal(n, 4);
    assert_true(test_has(&d, "x.yaml:1:") && test_has(&d, "error: years.end"));
    assert_true(test_has(&d, "primary.advice_share: shares sum to 0.9"));
    assert_true(test_has(&d, "transitions.vwo_to_hbo"));
    assert_true(test_has(&d, "duplicate region name 'a'"));
    es_diag_free(&d);
}

static void test_ranges_and_counts(void **state)
{
    (void)state;
    es_diag d;
    es_diag_init(&d);
    es_params p;
    int n = test_load_params("r.yaml",
                      "scale: 0\n"
                      "regions:\n  - name: a\n    population: -5\n    schools_po: 2.5\n"
                      "secondary:\n  repeat_rate: [0.1, 0.1, 0.1]\n",
                      &p, &d);
    assert_int_equal(n, 4);
    assert_true(test_has(&d, "r.yaml:1:") && test_has(&d, "error: scale"));
    assert_true(test_has(&d, "regions.0.population"));
    assert_true(test_has(&d, "regions.0.schools_po"));
    assert_true(test_has(&d, "secondary.repeat_rate"));
    es_diag_free(&d);
    /* valid minimal scenario: defaults fill in, one region */
    es_diag_init(&d);
    assert_int_equal(test_load_params("ok.yaml", "name: ok\n", &p, &d), 0);
    assert_int_equal(p.nregions, 1);
    assert_true(p.region[0].population == 500000);
    es_diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_equals_defaults),
        cmocka_unit_test(test_cross_key_checks),
        cmocka_unit_test(test_ranges_and_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
