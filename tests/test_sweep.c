/* test_sweep.c - sweeps and paired effects: hand-computed effects and intervals,
 * Student t quantiles, common random numbers narrowing the interval, identical files
 * for 1 and 2 threads, and a failing run recorded while the others complete. */
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
#include <sys/wait.h>

#include "edusim/effects.h"
#include "edusim/indicators.h"
#include "edusim/sweep.h"

/* Two scenarios x 3 replicates, one indicator, one year, one region. Scenario 1 minus
 * scenario 0 per replicate: 2, 4, 9 -> mean 5, sd sqrt(13), se sqrt(13/3),
 * CI 5 +- 4.303 se. */
static void test_effects_hand_computed(void **state)
{
    (void)state;
    double v[6] = {10, 20, 30, 12, 24, 39}; /* runs: s0r0 s0r1 s0r2 s1r0 s1r1 s1r2 */
    int scen[6] = {0, 0, 0, 1, 1, 1}, rep[6] = {0, 1, 2, 0, 1, 2}, ok[6] = {1, 1, 1, 1, 1, 1};
    es_effects e;
    assert_int_equal(es_effects_compute(v, 1, 6, 1, 1, scen, rep, ok, 2, 0, &e), ES_OK);
    assert_int_equal(e.nscen, 1);
    assert_int_equal(e.scen[0], 1);
    double se = sqrt(13.0 / 3.0);
    assert_true(fabs(e.v[ES_EF_MEAN] - 5.0) < 1e-12);
    assert_true(fabs(e.v[ES_EF_SE] - se) < 1e-12);
    assert_true(fabs(e.v[ES_EF_LO] - (5.0 - 4.303 * se)) < 1e-9);
    assert_true(fabs(e.v[ES_EF_HI] - (5.0 + 4.303 * se)) < 1e-9);
    assert_true(e.v[ES_EF_N] == 3);
    es_effects_free(&e);
    /* a failed run drops its pair; NaN drops the pair too */
    ok[4] = 0;
    v[5] = NAN;
    assert_int_equal(es_effects_compute(v, 1, 6, 1, 1, scen, rep, ok, 2, 0, &e), ES_OK);
    assert_true(e.v[ES_EF_N] == 1);
    assert_true(fabs(e.v[ES_EF_MEAN] - 2.0) < 1e-12);
    assert_true(isnan(e.v[ES_EF_SE]));
    es_effects_free(&e);
}

static void test_t_quantiles(void **state)
{
    (void)state;
    assert_true(fabs(es_t975(1) - 12.706) < 1e-3);
    assert_true(fabs(es_t975(19) - 2.093) < 1e-3);
    assert_true(fabs(es_t975(60) - 2.000) < 2e-3);
    assert_true(fabs(es_t975(100000) - 1.960) < 1e-3);
    assert_true(es_t975(40) < es_t975(30) && es_t975(40) > es_t975(60));
}

#define SWEEP_HEAD "seed: 7\nreplicates: 5\nbaseline: base\n" \
                   "set: [\"regions.0.population=30000\", \"years.start=2006\", \"years.end=2012\", \"years.burn_in=12\"]\n"

/* Same sweep with 1 and 2 threads: identical indicators and effects. Common random
 * numbers: the paired standard error is smaller than the unpaired one. */
static void test_sweep_threads_and_crn(void **state)
{
    (void)state;
    const char *sf = EDUSIM_TEST_TMP "/sweep_a.yaml";
    write_file(sf, "name: a\n" SWEEP_HEAD "scenarios:\n  - {name: base}\n"
                   "  - {name: more_wo, set: [\"transitions.vwo_to_wo=0.8\", \"transitions.vwo_to_hbo=0.1\"]}\n");
    char cmd[2048], out[8192];
    snprintf(cmd, sizeof cmd, "%s sweep %s -q --threads 1 -o %s/sw1.h5", EDUSIM_BIN, sf, EDUSIM_TEST_TMP);
    assert_int_equal(sh(out, sizeof out, "%s", cmd), 0);
    snprintf(cmd, sizeof cmd, "%s sweep %s -q --threads 2 -o %s/sw2.h5", EDUSIM_BIN, sf, EDUSIM_TEST_TMP);
    assert_int_equal(sh(out, sizeof out, "%s", cmd), 0);
    snprintf(cmd, sizeof cmd, "h5diff -q %s/sw1.h5 %s/sw2.h5 /indicators /indicators && h5diff -q %s/sw1.h5 %s/sw2.h5 /effects /effects",
             EDUSIM_TEST_TMP, EDUSIM_TEST_TMP, EDUSIM_TEST_TMP, EDUSIM_TEST_TMP);
    assert_int_equal(sh(out, sizeof out, "%s", cmd), 0);
    snprintf(cmd, sizeof cmd, "%s compare %s/sw1.h5 --indicator he_first_years/wo --csv", EDUSIM_BIN, EDUSIM_TEST_TMP);
    assert_int_equal(sh(out, sizeof out, "%s", cmd), 0);
    assert_non_null(strstr(out, "more_wo,base,he_first_years,wo,count,2012,national,"));
    /* paired against unpaired, on the results in memory */
    es_diag d;
    es_diag_init(&d);
    es_results r;
    char path[512];
    snprintf(path, sizeof path, "%s/sw1.h5", EDUSIM_TEST_TMP);
    assert_int_equal(es_results_load(path, &r, &d), ES_OK);
    assert_int_equal(r.nruns, 10);
    assert_int_equal(r.nscen, 2);
    es_effects e;
    assert_int_equal(es_effects_compute(r.values, r.nind, r.nruns, r.nyears, r.nregions, r.run_scen, r.run_rep, r.run_ok,
                                        r.nscen, 0, &e), ES_OK);
    int k = -1;
    for (int j = 0; j < r.nind; j++)
        if (!strcmp(r.ind_name[j], "pupils") && !strcmp(r.ind_sub[j], "po+vo")) k = j;
    assert_true(k >= 0);
    int y = r.nyears - 1, g = r.nregions - 1, narrower = 0;
    size_t cells = (size_t)r.nyears * r.nregions;
    for (int yy = 0; yy <= y; yy++) {
        double ma = 0, mb = 0, va = 0, vb = 0;
        for (int rep = 0; rep < 5; rep++) {
            ma += r.values[((size_t)k * r.nruns + rep) * cells + (size_t)yy * r.nregions + g] / 5;
            mb += r.values[((size_t)k * r.nruns + 5 + rep) * cells + (size_t)yy * r.nregions + g] / 5;
        }
        for (int rep = 0; rep < 5; rep++) {
            double a = r.values[((size_t)k * r.nruns + rep) * cells + (size_t)yy * r.nregions + g] - ma;
            double b = r.values[((size_t)k * r.nruns + 5 + rep) * cells + (size_t)yy * r.nregions + g] - mb;
            va += a * a / 4;
            vb += b * b / 4;
        }
        double unpaired = sqrt(va / 5 + vb / 5);
        double paired = e.v[(((size_t)k * e.nscen + 0) * cells + (size_t)yy * r.nregions + g) * ES_N_EFFECT_STATS + ES_EF_SE];
        narrower += paired < unpaired;
    }
    assert_int_equal(narrower, y + 1);
    es_effects_free(&e);
    es_results_free(&r);
    es_diag_free(&d);
}

/* A sweep interrupted twice and resumed gives the same file as an uninterrupted one,
 * and no finished run is computed again. */
static void test_resume_equals_uninterrupted(void **state)
{
    (void)state;
    const char *sf = EDUSIM_TEST_TMP "/sweep_r.yaml";
    write_file(sf, "name: r\n" SWEEP_HEAD "scenarios:\n  - {name: base}\n"
                   "  - {name: more_wo, set: [\"transitions.vwo_to_wo=0.8\", \"transitions.vwo_to_hbo=0.1\"]}\n");
    char out[8192];
    const char *t = EDUSIM_TEST_TMP;
    assert_int_equal(sh(out, sizeof out, "rm -f %s/swr*.h5*; %s sweep %s -q -o %s/swu.h5", t, EDUSIM_BIN, sf, t), 0);
    assert_int_equal(sh(out, sizeof out, "EDUSIM_STOP_AFTER_RUNS=3 %s sweep %s -q --threads 1 -o %s/swr.h5", EDUSIM_BIN, sf, t), 130);
    assert_non_null(strstr(out, "--resume"));
    assert_int_equal(sh(out, sizeof out, "test -f %s/swr.h5.partial && test ! -f %s/swr.h5", t, t), 0);
    assert_int_equal(sh(out, sizeof out, "EDUSIM_STOP_AFTER_RUNS=4 %s sweep %s -q --resume --threads 2 -o %s/swr.h5", EDUSIM_BIN, sf, t), 130);
    assert_non_null(strstr(out, "7 of 10 runs finished"));
    assert_int_equal(sh(out, sizeof out, "%s sweep %s -q --resume -o %s/swr.h5", EDUSIM_BIN, sf, t), 0);
    assert_int_equal(sh(out, sizeof out, "test -f %s/swr.h5 && test ! -f %s/swr.h5.partial && test ! -f %s/swr.h5.partial.resume", t, t, t), 0);
    for (int g = 0; g < 4; g++) {
        static const char *const grp[4] = {"/indicators", "/effects", "/runs", "/cohorts"};
        assert_int_equal(sh(out, sizeof out, "h5diff -q %s/swu.h5 %s/swr.h5 %s %s", t, t, grp[g], grp[g]), 0);
    }
    /* nothing left to do */
    assert_int_equal(sh(out, sizeof out, "%s sweep %s -q --resume -o %s/swr.h5", EDUSIM_BIN, sf, t), 0);
    assert_non_null(strstr(out, "nothing to resume"));
}

/* Indicator k of run `run`, year y, national, of a results file in memory. */
static double nat(const es_results *r, int k, int run, int y)
{
    size_t cells = (size_t)r->nyears * r->nregions;
    return r->values[((size_t)k * r->nruns + run) * cells + (size_t)y * r->nregions + r->nregions - 1];
}

static int ind_of(const es_results *r, const char *name, const char *sub)
{
    for (int j = 0; j < r->nind; j++)
        if (!strcmp(r->ind_name[j], name) && !strcmp(r->ind_sub[j], sub)) return j;
    return -1;
}

/* Scenarios with different named policies: the file carries the union of the names,
 * 0 for a run whose scenario lacks the policy; resumed and merged files are the same
 * as one uninterrupted sweep. */
static void test_sweep_named_policies(void **state)
{
    (void)state;
    const char *t = EDUSIM_TEST_TMP;
    char path[512], out[8192];
    snprintf(path, sizeof path, "%s/np_a.yaml", t);
    write_file(path, "name: np_a\nregions:\n  - {name: a, population: 30000}\n"
                     "policies:\n  - {type: cofinancing, name: centres, start: 2006, centres_per_million: 40}\n");
    snprintf(path, sizeof path, "%s/np_b.yaml", t);
    write_file(path, "name: np_b\nregions:\n  - {name: a, population: 30000}\n"
                     "policies:\n  - {type: cofinancing, name: rif, start: 2006, centres_per_million: 30}\n"
                     "  - {type: network_support, name: net, start: 2006}\n");
    snprintf(path, sizeof path, "%s/np.yaml", t);
    write_file(path, "name: np\nseed: 3\nreplicates: 2\nbaseline: a\n"
                     "set: [\"years.start=2006\", \"years.end=2009\", \"years.burn_in=10\"]\n"
                     "scenarios:\n  - {name: a, file: np_a.yaml}\n  - {name: b, file: np_b.yaml}\n");
    assert_int_equal(sh(out, sizeof out, "rm -f %s/np*.h5*; %s sweep %s -q -o %s/np.h5", t, EDUSIM_BIN, path, t), 0);
    es_diag d;
    es_diag_init(&d);
    es_results r;
    snprintf(path, sizeof path, "%s/np.h5", t);
    assert_int_equal(es_results_load(path, &r, &d), ES_OK);
    assert_int_equal(r.nind, es_indicators_count() + 6);
    int cent = ind_of(&r, "policy_public_spending", "centres"), rif = ind_of(&r, "policy_public_spending", "rif");
    int net = ind_of(&r, "policy_public_spending", "net"), cof = ind_of(&r, "policy_public_spending", "cofinancing");
    int netp = ind_of(&r, "policy_private_spending", "net");
    assert_true(cent >= 0 && rif >= 0 && net >= 0 && cof >= 0 && netp >= 0);
    double ca = 0, rb = 0, nb = 0;
    for (int run = 0; run < 4; run++)
        for (int y = 0; y < r.nyears; y++) {
            int inb = r.run_scen[run] == 1;
            /* absent policies spend exactly 0; the one policy of a type spends its type's */
            assert_true(nat(&r, inb ? cent : rif, run, y) == 0.0);
            assert_true(nat(&r, inb ? rif : cent, run, y) == nat(&r, cof, run, y));
            if (!inb) assert_true(nat(&r, net, run, y) == 0.0 && nat(&r, netp, run, y) == 0.0);
            if (inb) rb += nat(&r, rif, run, y), nb += nat(&r, net, run, y);
            else ca += nat(&r, cent, run, y);
        }
    assert_true(ca > 0 && rb > 0 && nb > 0);
    es_results_free(&r);
    es_diag_free(&d);
    /* compare and effects see them as indicators */
    assert_int_equal(sh(out, sizeof out, "%s compare %s/np.h5 --indicator policy_public_spending/net --csv", EDUSIM_BIN, t), 0);
    assert_non_null(strstr(out, "b,a,policy_public_spending,net,eur_mln,2009,national,"));
    /* interrupted and resumed; in shards and merged: the same file */
    snprintf(path, sizeof path, "%s/np.yaml", t);
    assert_int_equal(sh(out, sizeof out, "EDUSIM_STOP_AFTER_RUNS=1 %s sweep %s -q --threads 1 -o %s/npr.h5", EDUSIM_BIN, path, t), 130);
    assert_int_equal(sh(out, sizeof out, "%s sweep %s -q --resume -o %s/npr.h5", EDUSIM_BIN, path, t), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(sh(out, sizeof out, "%s sweep %s -q --shard %d/2 -o %s/nps%d.h5", EDUSIM_BIN, path, i, t, i), 0);
    assert_int_equal(sh(out, sizeof out, "%s merge -q -o %s/npm.h5 %s/nps1.h5 %s/nps0.h5", EDUSIM_BIN, t, t, t), 0);
    for (int g = 0; g < 2; g++) {
        static const char *const grp[2] = {"/indicators", "/effects"};
        assert_int_equal(sh(out, sizeof out, "h5diff -q %s/np.h5 %s/npr.h5 %s %s", t, t, grp[g], grp[g]), 0);
        assert_int_equal(sh(out, sizeof out, "h5diff -q %s/np.h5 %s/npm.h5 %s %s", t, t, grp[g], grp[g]), 0);
    }
}

/* A real SIGTERM (not the test hook): the sweep stops at a run boundary with status
 * 130, leaves only the .partial file, and --resume completes it to the same file as an
 * uninterrupted sweep. The signal is sent half a second after the partial file
 * appears; the sweep has enough runs that it cannot finish first. */
static void test_real_signal(void **state)
{
    (void)state;
    const char *sf = EDUSIM_TEST_TMP "/sweep_k.yaml";
    write_file(sf, "name: k\nseed: 7\nreplicates: 20\nbaseline: base\n"
                   "set: [\"regions.0.population=30000\", \"years.start=2006\", \"years.end=2012\", \"years.burn_in=12\"]\n"
                   "scenarios:\n  - {name: base}\n  - {name: more_wo, set: [\"transitions.vwo_to_wo=0.8\"]}\n");
    char out[8192];
    const char *t = EDUSIM_TEST_TMP;
    assert_int_equal(sh(out, sizeof out, "rm -f %s/swk*.h5*; %s sweep %s -q --threads 1 -o %s/swk_one.h5", t, EDUSIM_BIN, sf, t), 0);
    int rc = sh(out, sizeof out,
                "%s sweep %s -q --threads 1 -o %s/swk.h5 >%s/swk.log 2>&1 & pid=$!; "
                "for i in $(seq 600); do "
                "  test -f %s/swk.h5.partial && break; sleep 0.05; done; "
                "sleep 0.5; kill -TERM $pid; wait $pid; rc=$?; cat %s/swk.log; exit $rc", EDUSIM_BIN, sf, t, t, t, t);
    if (rc != 130) fprintf(stderr, "rc %d: %s\n", rc, out);
    assert_int_equal(rc, 130);
    assert_non_null(strstr(out, "--resume"));
    assert_int_equal(sh(out, sizeof out, "test -f %s/swk.h5.partial && test ! -f %s/swk.h5", t, t), 0);
    assert_int_equal(sh(out, sizeof out, "%s sweep %s -q --resume -o %s/swk.h5", EDUSIM_BIN, sf, t), 0);
    for (int g = 0; g < 4; g++) {
        static const char *const grp[4] = {"/indicators", "/effects", "/runs", "/cohorts"};
        assert_int_equal(sh(out, sizeof out, "h5diff -q %s/swk_one.h5 %s/swk.h5 %s %s", t, t, grp[g], grp[g]), 0);
    }
}

/* A run that cannot be simulated (its population does not fit in the memory the
 * process may use) is recorded with its error; the other runs complete and the file
 * is complete. */
static void test_failing_run_recorded(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip(); /* AddressSanitizer reserves more address space than the ulimit allows */
#endif
    const char *sf = EDUSIM_TEST_TMP "/sweep_fail.yaml";
    write_file(sf, "name: f\n" SWEEP_HEAD "scenarios:\n  - {name: base}\n"
                   "  - {name: huge, set: [\"regions.0.population=8000000\"]}\n");
    char cmd[2048], out[8192];
    snprintf(cmd, sizeof cmd, "ulimit -v 600000; %s sweep %s -q --threads 1 -o %s/swf.h5", EDUSIM_BIN, sf, EDUSIM_TEST_TMP);
    assert_int_equal(sh(out, sizeof out, "%s", cmd), 0);
    es_diag d;
    es_diag_init(&d);
    es_results r;
    char path[512];
    snprintf(path, sizeof path, "%s/swf.h5", EDUSIM_TEST_TMP);
    assert_int_equal(es_results_load(path, &r, &d), ES_OK);
    assert_int_equal(r.nruns, 10);
    for (int k = 0; k < 10; k++) assert_int_equal(r.run_ok[k], k < 5);
    es_results_free(&r);
    es_diag_free(&d);
    snprintf(cmd, sizeof cmd, "h5dump -d /runs %s/swf.h5 | grep -c 'cannot allocate the population'", EDUSIM_TEST_TMP);
    assert_int_equal(sh(out, sizeof out, "%s", cmd), 0);
    assert_int_equal(atoi(out), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_effects_hand_computed),
        cmocka_unit_test(test_t_quantiles),
        cmocka_unit_test(test_sweep_threads_and_crn),
        cmocka_unit_test(test_resume_equals_uninterrupted), cmocka_unit_test(test_real_signal),
        cmocka_unit_test(test_failing_run_recorded),
        cmocka_unit_test(test_sweep_named_policies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
