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
#include "edusim/indicators.h"
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

/* Two policies of every type (budgets, costs per unit with fractions of a euro, and
 * one of each pair at zero cost where the type has a cost key): the spending of each
 * named policy adds up exactly to its type's, in every region and year, at 1 and 3
 * threads alike; a policy without cost spends exactly 0; the table's indicators and
 * the checksum are those of the same run with unnamed policies. */
#define TWO_OF_EACH                                                                                            \
    "  - {type: cofinancing, name: centres, start: 2005, centres_per_million: 40, public_per_centre: 400000.4}\n" \
    "  - {type: cofinancing, name: rif, start: 2006, centres_per_million: 30, public_per_centre: 0, reward: results}\n" \
    "  - {type: benchmarking, name: bench_a, start: 2005, cost_per_partnership: 1234.56}\n"                  \
    "  - {type: benchmarking, name: bench_b, start: 2007, cost_per_partnership: 789.01}\n"                   \
    "  - {type: hybrid_teachers, name: hyb_a, start: 2005, share: 0.05, public_per_fte: 2000.7}\n"           \
    "  - {type: hybrid_teachers, name: hyb_b, start: 2005, share: 0.02, public_per_fte: 0, private_per_fte: 0}\n" \
    "  - {type: eerst_de_klas, name: edk_a, start: 2005, trainees_per_million: 200}\n"                       \
    "  - {type: eerst_de_klas, name: edk_b, start: 2006, trainees_per_million: 100, public_per_trainee: 0, private_per_trainee: 0}\n" \
    "  - {type: knowledge_programme, name: know_a, start: 2005, budget_per_million: 33333.3}\n"              \
    "  - {type: knowledge_programme, name: know_b, start: 2005, budget_per_million: 0}\n"                    \
    "  - {type: regional_pact, name: pact_a, start: 2005, budget_per_million: 12345.6}\n"                    \
    "  - {type: regional_pact, name: pact_b, start: 2008, budget_per_million: 7777.7, intensity: 0.5}\n"     \
    "  - {type: chain_collaboration, name: chain_a, start: 2005}\n"                                          \
    "  - {type: chain_collaboration, name: chain_b, start: 2005, budget_per_million: 0}\n"                   \
    "  - {type: network_support, name: net_a, start: 2005, budget_per_million: 55555.5}\n"                   \
    "  - {type: network_support, name: net_b, start: 2005, budget_per_million: 44444.4}\n"                   \
    "  - {type: lifelong_learning, name: llo_a, start: 2005, participation_boost: 5, public_per_participant: 333.3}\n" \
    "  - {type: lifelong_learning, name: llo_b, start: 2005, participation_boost: 5, public_per_participant: 666.7}\n"
#define TWO_WORLD "name: t\nyears: {start: 2004, end: 2010, burn_in: 12}\nregions:\n" \
                  "  - {name: a, population: 60000}\n  - {name: b, population: 40000}\n" \
                  "partnerships: {initial_networks: 60, capacity: 200}\n"

static void run_threads(const char *yaml, int threads, es_params *p, es_run_result *r)
{
    assert_int_equal(test_params_ok(yaml, p), 0);
    p->seed = 5;
    es_diag d;
    es_diag_init(&d);
    es_run_opts o = {threads, NULL, NULL, NULL, 0};
    assert_int_equal(es_sim_run(p, &o, r, &d), ES_OK);
    es_diag_free(&d);
}

static void test_spending_per_named_policy(void **state)
{
    (void)state;
    es_params p, p3;
    es_run_result r, r3;
    run_threads(TWO_WORLD "policies:\n" TWO_OF_EACH, 1, &p, &r);
    run_threads(TWO_WORLD "policies:\n" TWO_OF_EACH, 3, &p3, &r3);
    int nt = es_indicators_count();
    assert_int_equal(p.pol.n, 18);
    assert_int_equal(r.nind, nt + 36);
    es_indset set;
    es_indset_init(&set);
    assert_int_equal(es_indset_add_policies(&set, &p.pol), ES_OK);
    assert_int_equal(set.n, r.nind);
    size_t cells = (size_t)r.nyears * r.nregions;
    assert_memory_equal(r.values, r3.values, (size_t)r.nind * cells * sizeof *r.values);
    assert_memory_equal(r.tally, r3.tally, cells * ES_N_TALLY * sizeof *r.tally);
    int spent[ES_N_POL_TYPES] = {0};
    for (size_t b = 0; b < cells; b++) {
        const int64_t *t = r.tally + b * ES_N_TALLY;
        for (int ty = 0; ty < ES_N_POL_TYPES; ty++) {
            int64_t pub = 0, priv = 0;
            for (int k = 0; k < p.pol.n; k++)
                if (p.pol.p[k].type == ty) {
                    pub += t[ES_T_POLK_PUB + k];
                    priv += t[ES_T_POLK_PRIV + k];
                }
            assert_true(pub == t[ES_T_POL_PUB0 + ty]);
            assert_true(priv == t[ES_T_POL_PRIV0 + ty]);
            spent[ty] += t[ES_T_POL_PUB0 + ty] > 0;
        }
    }
    /* every type spent something somewhere (the sums above compare non-zeros) */
    for (int ty = 0; ty < ES_N_POL_TYPES; ty++) assert_true(spent[ty] > 0);
    /* the indicators: zero-cost policies exactly 0, a paying one more than 0, a policy
     * alone of its type in a year equal to its type's */
    static const char *const zero[] = {"rif", "hyb_b", "edk_b", "know_b", "chain_b"};
    for (size_t z = 0; z < sizeof zero / sizeof zero[0]; z++) {
        int k = es_indset_find(&set, "policy_public_spending", zero[z]);
        assert_true(k >= nt);
        for (size_t c = 0; c < cells; c++) assert_true(r.values[(size_t)k * cells + c] == 0.0);
    }
    int pk = es_indset_find(&set, "policy_public_spending", "pact_a");
    int pt = es_indset_find(&set, "policy_public_spending", "regional_pact");
    int cent = es_indset_find(&set, "policy_public_spending", "centres");
    assert_true(pk >= nt && pt >= 0 && pt < nt && cent >= nt);
    assert_int_equal(es_indset_find(&set, "policy_private_spending", "centres"), cent + 1);
    double cent_total = 0;
    for (int y = 0; y < r.nyears; y++)
        for (int g = 0; g < r.nregions; g++) {
            size_t c = (size_t)y * r.nregions + g;
            cent_total += r.values[(size_t)cent * cells + c];
            if (r.years[y] < 2008) assert_true(r.values[(size_t)pk * cells + c] == r.values[(size_t)pt * cells + c]);
        }
    assert_true(cent_total > 0);
    /* unnamed (one policy of each type: the default names): the same table and checksum */
    es_params pu;
    es_run_result ru;
    run_threads(TWO_WORLD "policies:\n"
                          "  - {type: cofinancing, start: 2005, centres_per_million: 40, public_per_centre: 400000.4}\n"
                          "  - {type: lifelong_learning, start: 2005, participation_boost: 5}\n",
                1, &pu, &ru);
    es_params pn;
    es_run_result rn;
    run_threads(TWO_WORLD "policies:\n"
                          "  - {type: cofinancing, name: c1, start: 2005, centres_per_million: 40, public_per_centre: 400000.4}\n"
                          "  - {type: lifelong_learning, name: l1, start: 2005, participation_boost: 5}\n",
                1, &pn, &rn);
    assert_int_equal(ru.nind, nt);
    assert_int_equal(rn.nind, nt + 4);
    assert_true(ru.checksum == rn.checksum);
    assert_memory_equal(ru.values, rn.values, (size_t)nt * cells * sizeof *ru.values);
    es_indset_free(&set);
    es_run_result_free(&r);
    es_run_result_free(&r3);
    es_run_result_free(&ru);
    es_run_result_free(&rn);
}

/* Without policies the run has the table's indicators only. */
static void test_no_policies_no_named(void **state)
{
    (void)state;
    es_params p;
    es_run_result r;
    run_threads(TWO_WORLD, 2, &p, &r);
    assert_int_equal(r.nind, es_indicators_count());
    es_indset set;
    es_indset_init(&set);
    assert_int_equal(es_indset_add_policies(&set, &p.pol), ES_OK);
    assert_int_equal(set.n, es_indicators_count());
    assert_int_equal(es_indset_find(&set, "policy_public_spending", "cofinancing"),
                     es_indicator_find("policy_public_spending", "cofinancing"));
    es_indset_free(&set);
    es_run_result_free(&r);
}

/* Policy names are indicator subgroups: duplicates, "all", another type's name, bad
 * characters and a type's name shared by two policies of the type are refused with
 * file, line, key and the valid choice. */
static void test_policy_names(void **state)
{
    (void)state;
    static const struct {
        const char *policies, *msg;
    } bad[] = {
        {"  - {type: cofinancing, name: x}\n  - {type: network_support, name: x}\n",
         "p.yaml:8:29: error: policies.1.name: 'x' is also the name of policies.0"},
        {"  - {type: cofinancing}\n  - {type: cofinancing, start: 2006}\n", "p.yaml:8:5: error: policies.1: 'cofinancing' is also the name of policies.0"},
        {"  - {type: cofinancing, name: all}\n", "policies.0.name: 'all' is a subgroup"},
        {"  - {type: cofinancing, name: benchmarking}\n", "policies.0.name: 'benchmarking' is the name of another policy type"},
        {"  - {type: cofinancing, name: a/b}\n", "policies.0.name: 'a/b' is not usable as an indicator subgroup"},
        {"  - {type: cofinancing, name: .x}\n", "policies.0.name: '.x' is not usable"},
        {"  - {type: cofinancing}\n  - {type: cofinancing, name: rif}\n",
         "policies.0: 'cofinancing' is its type's name, the subgroup of the spending of all cofinancing policies, and policies.1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char y[2048];
        snprintf(y, sizeof y, WORLD "policies:\n%s", bad[i].policies);
        es_params p;
        es_diag d;
        es_diag_init(&d);
        int n = test_load_params("p.yaml", y, &p, &d);
        if (n != 1 || !test_has(&d, bad[i].msg))
            for (int j = 0; j < d.n; j++) fprintf(stderr, "case %zu: %s\n", i, d.msg[j]);
        assert_int_equal(n, 1);
        assert_true(test_has(&d, bad[i].msg));
        assert_true(test_has(&d, "(valid: "));
        es_diag_free(&d);
    }
    /* accepted: a type's own name for the one policy of the type, and the others named */
    es_params p;
    assert_int_equal(test_params_ok(WORLD "policies:\n  - {type: cofinancing}\n  - {type: network_support, name: net-1.b+c}\n"
                                          "  - {type: network_support, name: net_2}\n", &p), 0);
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
        cmocka_unit_test(test_spending_per_named_policy),
        cmocka_unit_test(test_no_policies_no_named),
        cmocka_unit_test(test_policy_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
