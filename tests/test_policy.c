/* test_policy.c - policies: each type moves its target indicator in the documented
 * direction by more than its noise (common random numbers, several seeds); zero
 * intensity and years outside the run leave the results bitwise identical; synergy
 * zero adds effects up and positive synergy gives more than the sum; invalid policy
 * parameters fail validation with position and range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/cfg.h"
#include "edusim/params.h"
#include "edusim/sim.h"

#define WORLD "name: t\nyears: {start: 2004, end: 2012, burn_in: 12}\nregions:\n  - {name: a, population: 60000}\n" \
              "partnerships: {initial_networks: 60, capacity: 200}\n"
#define NSEEDS 4

static void run_yaml(const char *yaml, uint64_t seed, es_run_result *r)
{
    es_params p;
    es_diag d;
    es_diag_init(&d);
    int n = test_load_params("p.yaml", yaml, &p, &d);
    for (int i = 0; i < d.n; i++) fprintf(stderr, "%s\n", d.msg[i]);
    assert_int_equal(n, 0);
    p.seed = seed;
    es_run_opts o = {2, NULL, NULL, NULL, 0};
    assert_int_equal(es_sim_run(&p, &o, r, &d), ES_OK);
    es_diag_free(&d);
}

/* Sum over reported years of a national indicator. */
static double total(const es_run_result *r, const char *name, const char *sub)
{
    int k = es_indicator_find(name, sub);
    assert_true(k >= 0);
    double s = 0;
    for (int y = 0; y < r->nyears; y++) {
        double v = r->values[((int64_t)k * r->nyears + y) * r->nregions + r->nregions - 1];
        if (!isnan(v)) s += v;
    }
    return s;
}

static uint64_t checksum(const char *yaml)
{
    es_run_result r;
    run_yaml(yaml, 1, &r);
    uint64_t c = r.checksum;
    es_run_result_free(&r);
    return c;
}

static const char *const TYPES[] = {"cofinancing", "benchmarking", "hybrid_teachers", "eerst_de_klas",
                                    "knowledge_programme", "regional_pact", "chain_collaboration",
                                    "network_support", "lifelong_learning"};

static void test_zero_intensity_and_outside_years(void **state)
{
    (void)state;
    uint64_t base = checksum(WORLD);
    for (int t = 0; t < 9; t++) {
        char y[1024];
        snprintf(y, sizeof y, WORLD "policies:\n  - {type: %s, intensity: 0}\n", TYPES[t]);
        assert_true(checksum(y) == base);
        snprintf(y, sizeof y, WORLD "policies:\n  - {type: %s, start: 2040, end: 2045}\n", TYPES[t]);
        assert_true(checksum(y) == base);
    }
    /* ...and an active policy does change the results (the comparison can fail). */
    assert_true(checksum(WORLD "policies:\n  - {type: network_support, start: 2005}\n") != base);
}

typedef struct effect_case {
    const char *policy;    /* YAML flow mapping of the policy */
    const char *ind, *sub; /* target indicator */
    int sign;              /* documented direction */
} effect_case;

/* Paired differences over seeds: same sign in every seed, and the mean more than
 * 3 standard errors from zero (or every difference strictly signed when they are
 * all equal). */
static void expect_effect(const char *base_yaml, const char *with_yaml, const char *ind, const char *sub, int sign)
{
    double diff[NSEEDS], mean = 0, var = 0;
    for (int s = 0; s < NSEEDS; s++) {
        es_run_result a, b;
        run_yaml(base_yaml, 100 + (uint64_t)s, &a);
        run_yaml(with_yaml, 100 + (uint64_t)s, &b);
        diff[s] = sign * (total(&b, ind, sub) - total(&a, ind, sub));
        es_run_result_free(&a);
        es_run_result_free(&b);
        mean += diff[s] / NSEEDS;
    }
    for (int s = 0; s < NSEEDS; s++) var += (diff[s] - mean) * (diff[s] - mean) / (NSEEDS - 1);
    double se = sqrt(var / NSEEDS);
    for (int s = 0; s < NSEEDS; s++) {
        if (!(diff[s] > 0)) fprintf(stderr, "%s/%s: seed %d paired difference %g\n", ind, sub, s, diff[s]);
        assert_true(diff[s] > 0);
    }
    if (!(mean > 3 * se)) fprintf(stderr, "%s/%s: mean paired difference %g, se %g\n", ind, sub, mean, se);
    assert_true(mean > 3 * se);
}

static void test_each_type_moves_its_indicator(void **state)
{
    (void)state;
    static const effect_case cases[] = {
        {"{type: cofinancing, start: 2005, centres_per_million: 50}", "n_centres", "all", +1},
        {"{type: benchmarking, start: 2005, effect: 10}", "n_companies_in_partnerships", "all_kinds", +1},
        {"{type: hybrid_teachers, start: 2005, share: 0.05}", "teacher_fte_filled", "stem", +1},
        {"{type: eerst_de_klas, start: 2005, trainees_per_million: 200}", "teacher_fte_filled", "stem", +1},
        {"{type: regional_pact, start: 2005, join_boost: 5}", "n_companies_in_partnerships", "all_kinds", +1},
        {"{type: chain_collaboration, start: 2005, field_bonus: 2}", "share_stem_he_intake", "all", +1},
        {"{type: network_support, start: 2005, formation_boost: 20}", "n_partnerships", "all_kinds", +1},
        {"{type: lifelong_learning, start: 2005, participation_boost: 10}", "llo_participation", "all", +1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char with[1024];
        snprintf(with, sizeof with, WORLD "policies:\n  - %s\n", cases[k].policy);
        expect_effect(WORLD, with, cases[k].ind, cases[k].sub, cases[k].sign);
    }
    /* The knowledge programme multiplies a concurrent policy's effect. */
    expect_effect(WORLD "policies:\n  - {type: cofinancing, start: 2005, centres_per_million: 50}\n",
                  WORLD "policies:\n  - {type: cofinancing, start: 2005, centres_per_million: 50}\n"
                        "  - {type: knowledge_programme, start: 2005, multiplier: 1}\n",
                  "n_centres", "all", +1);
    /* Spending is reported per policy type. */
    es_run_result r;
    run_yaml(WORLD "policies:\n  - {type: cofinancing, start: 2005, centres_per_million: 50}\n", 1, &r);
    assert_true(total(&r, "policy_public_spending", "cofinancing") > 0);
    assert_true(total(&r, "policy_public_spending", "network_support") == 0);
    es_run_result_free(&r);
}

/* Synergy: top-down co-financing with bottom-up chain collaboration. Chain
 * collaboration alone does not touch the centres, so without synergy the effects on
 * the number of centres add up exactly; with synergy the pair does more. */
static void test_synergy(void **state)
{
    (void)state;
    const char *A = "  - {type: cofinancing, start: 2005, centres_per_million: 20}\n";
    const char *B = "  - {type: chain_collaboration, start: 2005}\n";
    for (int syn = 0; syn <= 1; syn++) {
        double inter[NSEEDS];
        for (int s = 0; s < NSEEDS; s++) {
            char y0[512], ya[1024], yb[1024], yab[1024];
            snprintf(y0, sizeof y0, WORLD "policy_synergy: %d\n", syn * 2);
            snprintf(ya, sizeof ya, "%spolicies:\n%s", y0, A);
            snprintf(yb, sizeof yb, "%spolicies:\n%s", y0, B);
            snprintf(yab, sizeof yab, "%spolicies:\n%s%s", y0, A, B);
            es_run_result r0, ra, rb, rab;
            run_yaml(y0, 200 + (uint64_t)s, &r0);
            run_yaml(ya, 200 + (uint64_t)s, &ra);
            run_yaml(yb, 200 + (uint64_t)s, &rb);
            run_yaml(yab, 200 + (uint64_t)s, &rab);
            double c0 = total(&r0, "n_centres", "all"), ca = total(&ra, "n_centres", "all");
            double cb = total(&rb, "n_centres", "all"), cab = total(&rab, "n_centres", "all");
            inter[s] = (cab - c0) - ((ca - c0) + (cb - c0));
            assert_true(ca > c0);
            es_run_result_free(&r0);
            es_run_result_free(&ra);
            es_run_result_free(&rb);
            es_run_result_free(&rab);
        }
        for (int s = 0; s < NSEEDS; s++) {
            if (syn == 0) assert_true(fabs(inter[s]) < 1e-9);
            else assert_true(inter[s] > 0);
        }
    }
}

static void test_invalid_policies(void **state)
{
    (void)state;
    es_params p;
    es_diag d;
    es_diag_init(&d);
    int n = test_load_params("p.yaml", WORLD "policies:\n"
                       "  - {type: cofinancing, match_ratio: 20}\n"
                       "  - {type: cofinancin}\n"
                       "  - {type: network_support, regions: [nowhere]}\n"
                       "  - {type: hybrid_teachers, start: 2010, end: 2008, sahre: 0.1}\n"
                       "  - {type: lifelong_learning, llo_type: teacher}\n",
                 &p, &d);
    assert_int_equal(n, 6);
    assert_true(test_has(&d, "p.yaml:7:38: error: policies.0.match_ratio"));
    assert_true(test_has(&d, "(valid: 0 to 10"));
    assert_true(test_has(&d, "policies.1.type") && test_has(&d, "one of: cofinancing"));
    assert_true(test_has(&d, "unknown region 'nowhere'"));
    assert_true(test_has(&d, "policies.3.end"));
    assert_true(test_has(&d, "did you mean 'share'"));
    assert_true(test_has(&d, "policies.4.llo_type"));
    es_diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_intensity_and_outside_years),
        cmocka_unit_test(test_each_type_moves_its_indicator),
        cmocka_unit_test(test_synergy),
        cmocka_unit_test(test_invalid_policies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
