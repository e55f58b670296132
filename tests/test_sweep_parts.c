/* test_sweep_parts.c - sweeps in parts and in rounds: shards merged equal one process,
 * merge refuses files it cannot use and leaves them unchanged, Latin hypercube
 * strata, design points paired with the baseline at the same point, failed runs
 * retried, and replicates added until a target interval width is reached. */
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

#include "edusim/indicators.h"
#include "edusim/sweep.h"
#include "edusim/world.h"

#define T EDUSIM_TEST_TMP
#define HEAD "seed: 11\nbaseline: base\n" \
             "set: [\"regions.0.population=20000\", \"years.start=2006\", \"years.end=2009\", \"years.burn_in=8\"]\n"
#define TWO "scenarios:\n  - {name: base}\n  - {name: more_wo, set: [\"transitions.vwo_to_wo=0.85\", \"transitions.vwo_to_hbo=0.05\"]}\n"

static const char *const groups[4] = {"/indicators", "/effects", "/runs", "/cohorts"};

static void assert_same(const char *a, const char *b)
{
    char out[4096];
    for (int g = 0; g < 4; g++) {
        int rc = sh(out, sizeof out, "h5diff -q %s %s %s %s", a, b, groups[g], groups[g]);
        if (rc != 0) fprintf(stderr, "%s differs between %s and %s: %s\n", groups[g], a, b, out);
        assert_int_equal(rc, 0);
    }
}

static void test_lhs_strata(void **state)
{
    (void)state;
    enum { N = 17, D = 3 };
    double u[N * D], v[N * D], w[N * D];
    es_lhs(5, N, D, u);
    es_lhs(5, N, D, v);
    es_lhs(6, N, D, w);
    assert_memory_equal(u, v, sizeof u);
    int differ = 0;
    for (int j = 0; j < D; j++) {
        int seen[N] = {0};
        for (int i = 0; i < N; i++) {
            double x = u[i * D + j];
            assert_true(x >= 0 && x < 1);
            seen[(int)(x * N)]++;
            differ += fabs(x - w[i * D + j]) > 1e-12;
        }
        for (int k = 0; k < N; k++) assert_int_equal(seen[k], 1); /* one point per stratum */
    }
    assert_true(differ > N);
}

static void test_pairing(void **state)
{
    (void)state;
    const char *names[6] = {"base@0", "base@1", "a@0", "a@1", "b@1", "c"};
    int b[6];
    assert_int_equal(es_sweep_pairing(names, 6, "base", b), 0);
    int want[6] = {0, 1, 0, 1, 1, -1};
    assert_memory_equal(b, want, sizeof b);
    const char *plain[3] = {"x", "base", "y"};
    assert_int_equal(es_sweep_pairing(plain, 3, "base", b), 0);
    assert_int_equal(b[0], 1);
    assert_int_equal(b[1], 1);
    assert_int_equal(es_sweep_pairing(plain, 3, "nothere", b), -1);
}

/* Three shards merged equal one process; a missing shard or a file of another sweep is
 * refused, the inputs are left byte for byte as they were. */
static void test_shards_merge(void **state)
{
    (void)state;
    char out[8192];
    write_file(T "/sp.yaml", "name: sp\nreplicates: 4\n" HEAD TWO);
    write_file(T "/sq.yaml", "name: sp\nreplicates: 4\nseed: 12\nbaseline: base\n"
                             "set: [\"regions.0.population=20000\", \"years.start=2006\", \"years.end=2009\", \"years.burn_in=8\"]\n" TWO);
    assert_int_equal(sh(out, sizeof out, "rm -f %s/sp*.h5*; %s sweep %s/sp.yaml -q --threads 2 -o %s/sp_one.h5", T, EDUSIM_BIN, T, T), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(sh(out, sizeof out, "%s sweep %s/sp.yaml -q --threads 1 --shard %d/3 -o %s/sp_s%d.h5", EDUSIM_BIN, T, i, T, i), 0);
    assert_int_equal(sh(out, sizeof out, "md5sum %s/sp_s*.h5 > %s/sp_md5", T, T), 0);
    assert_int_equal(sh(out, sizeof out, "%s merge -q -o %s/sp_m.h5 %s/sp_s2.h5 %s/sp_s0.h5 %s/sp_s1.h5", EDUSIM_BIN, T, T, T, T), 0);
    assert_same(T "/sp_one.h5", T "/sp_m.h5");
    /* a shard is a part: its other runs are not run */
    assert_int_equal(sh(out, sizeof out, "h5dump -a /part %s/sp_s1.h5 | grep -c 'shard 1/3'", T), 0);
    /* one shard missing: refused, no complete file */
    assert_int_equal(sh(out, sizeof out, "%s merge -q -o %s/sp_x.h5 %s/sp_s0.h5 %s/sp_s1.h5", EDUSIM_BIN, T, T, T), 2);
    assert_non_null(strstr(out, "runs are in none of the files"));
    assert_int_equal(sh(out, sizeof out, "test ! -f %s/sp_x.h5 && test -f %s/sp_x.h5.partial", T, T), 0);
    /* a shard of a sweep with another seed: refused */
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/sq.yaml -q --shard 0/3 -o %s/sp_other.h5", EDUSIM_BIN, T, T), 0);
    assert_int_equal(sh(out, sizeof out, "%s merge -q -o %s/sp_y.h5 %s/sp_s0.h5 %s/sp_other.h5", EDUSIM_BIN, T, T, T), 2);
    assert_non_null(strstr(out, "belongs to another sweep"));
    /* the output may not be an input; foreign and missing files are refused */
    assert_int_equal(sh(out, sizeof out, "%s merge -o %s/sp_s0.h5 %s/sp_s0.h5", EDUSIM_BIN, T, T), 2);
    write_file(T "/sp_foreign.h5", "this is not HDF5\n");
    assert_int_equal(sh(out, sizeof out, "%s merge -o %s/sp_z.h5 %s/sp_s0.h5 %s/sp_foreign.h5", EDUSIM_BIN, T, T, T), 2);
    assert_non_null(strstr(out, "not an HDF5 file"));
    /* a truncated shard (a copy cut to half its size) */
    assert_int_equal(sh(out, sizeof out, "head -c $(( $(stat -c %%s %s/sp_s1.h5) / 2 )) %s/sp_s1.h5 > %s/sp_cut.h5", T, T, T), 0);
    assert_int_equal(sh(out, sizeof out, "%s merge -o %s/sp_w.h5 %s/sp_s0.h5 %s/sp_cut.h5 %s/sp_s2.h5", EDUSIM_BIN, T, T, T, T), 2);
    assert_non_null(strstr(out, "sp_cut.h5' is truncated"));
    assert_null(strstr(out, "HDF5-DIAG")); /* one clear message, not HDF5's error stack */
    assert_int_equal(sh(out, sizeof out, "test ! -f %s/sp_w.h5", T), 0);
    assert_int_equal(sh(out, sizeof out, "md5sum -c --quiet %s/sp_md5", T), 0);
}

/* Axes: scenarios x design points, /parameters per run, each point compared with the
 * baseline at the same point; the Latin hypercube values are in their range. */
static void test_axes(void **state)
{
    (void)state;
    char out[8192];
    write_file(T "/sa.yaml", "name: sa\nreplicates: 2\n" HEAD TWO
                             "axes:\n  - {key: transitions.havo_to_hbo, values: [0.6, 0.7]}\n"
                             "  - {key: interest.teacher, range: [0.0, 0.3]}\nsamples: 3\n");
    assert_int_equal(sh(out, sizeof out, "rm -f %s/sa.h5*; %s sweep %s/sa.yaml -q -o %s/sa.h5", T, EDUSIM_BIN, T, T), 0);
    es_diag d;
    es_diag_init(&d);
    es_results r;
    assert_int_equal(es_results_load(T "/sa.h5", &r, &d), ES_OK);
    assert_int_equal(r.nruns, 2 * 6 * 2);
    assert_int_equal(r.nscen, 12);
    assert_int_equal(r.naxes, 2);
    assert_string_equal(r.axis_names[0], "transitions.havo_to_hbo");
    assert_string_equal(r.scen_names[0], "base@0");
    assert_string_equal(r.scen_names[11], "more_wo@5");
    int third[3] = {0, 0, 0};
    for (int run = 0; run < r.nruns; run++) {
        int point = (run / 2) % 6;
        double a = r.params[run * 2], b = r.params[run * 2 + 1];
        assert_true(a == (point < 3 ? 0.6 : 0.7));
        assert_true(b >= 0 && b < 0.3);
        if (run < 6) third[(int)(b / 0.1)]++;
    }
    for (int k = 0; k < 3; k++) assert_int_equal(third[k], 2); /* one sample per third, two replicates */
    es_results_free(&r);
    es_diag_free(&d);
    assert_int_equal(sh(out, sizeof out, "h5dump -d /effects/baselines %s/sa.h5 | grep -c '\"base@5\"'", T), 0);
    assert_int_equal(sh(out, sizeof out, "%s compare %s/sa.h5 --indicator he_first_years/wo --csv", EDUSIM_BIN, T), 0);
    assert_non_null(strstr(out, "more_wo@4,base@4,he_first_years,wo,"));
    /* a range without samples, and an axis with both values and range: errors with positions */
    write_file(T "/sb.yaml", "name: sb\nreplicates: 2\n" HEAD TWO
                             "axes:\n  - {key: interest.teacher, range: [0.0, 0.3]}\n"
                             "  - {key: interest.peer, range: [0.3, 0.1]}\n");
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/sb.yaml -q -o %s/sb.h5", EDUSIM_BIN, T, T), 2);
    assert_non_null(strstr(out, "needs `samples:`"));
    assert_non_null(strstr(out, "sb.yaml:"));
    assert_non_null(strstr(out, "is empty (valid: [lo, hi] with lo < hi)"));
}

/* Failed runs (here: too little memory) are run again by --retry-failed, keeping the
 * others; the file then equals a sweep that never failed. */
static void test_retry_failed(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip(); /* AddressSanitizer reserves more address space than the ulimit allows */
#endif
    char out[8192];
    write_file(T "/sr.yaml", "name: sr\nreplicates: 2\nseed: 3\nbaseline: base\n"
                             "set: [\"years.start=2006\", \"years.end=2007\", \"years.burn_in=3\"]\n"
                             "scenarios:\n  - {name: base, set: [\"regions.0.population=20000\"]}\n"
                             "  - {name: big, set: [\"regions.0.population=1500000\"]}\n");
    assert_int_equal(sh(out, sizeof out, "rm -f %s/sr*.h5*; ulimit -v 150000; %s sweep %s/sr.yaml -q --threads 1 -o %s/sr.h5", T,
                        EDUSIM_BIN, T, T), 0);
    assert_int_equal(sh(out, sizeof out, "h5dump -d /runs %s/sr.h5 | grep -c 'cannot allocate the population'", T), 0);
    assert_int_equal(atoi(out), 2);
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/sr.yaml -q --threads 1 --retry-failed -o %s/sr.h5", EDUSIM_BIN, T, T), 0);
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/sr.yaml -q --threads 1 -o %s/sr_one.h5", EDUSIM_BIN, T, T), 0);
    assert_same(T "/sr_one.h5", T "/sr.h5");
}

/* --target-ci adds replicates until the interval is narrow enough, keeping the runs
 * done; the file equals a plain sweep with the final number of replicates. */
static void test_target_ci(void **state)
{
    (void)state;
    char out[8192];
    write_file(T "/st.yaml", "name: st\nreplicates: 2\n" HEAD TWO);
    assert_int_equal(sh(out, sizeof out, "rm -f %s/st*.h5*; %s sweep %s/st.yaml --target-ci 1e-9 --indicator he_first_years/wo "
                                         "--year 2009 --max-replicates 5 -o %s/st.h5", T, EDUSIM_BIN, T, T), 0);
    assert_non_null(strstr(out, "was not reached with the maximum of 5 replicates"));
    es_diag d;
    es_diag_init(&d);
    es_results r;
    assert_int_equal(es_results_load(T "/st.h5", &r, &d), ES_OK);
    assert_int_equal(r.nruns, 10);
    es_results_free(&r);
    write_file(T "/st5.yaml", "name: st\nreplicates: 5\n" HEAD TWO);
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/st5.yaml -q -o %s/st5.h5", EDUSIM_BIN, T, T), 0);
    assert_same(T "/st5.h5", T "/st.h5");
    /* a wide target is met at once */
    double w = 0;
    char where[256];
    const char *ind[1] = {"he_first_years/wo"};
    assert_int_equal(es_sweep_widest_ci(T "/st5.h5", ind, 1, NULL, 0, "national", &w, where, sizeof where, &d), ES_OK);
    assert_true(w > 0 && isfinite(w));
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/st.yaml --target-ci %.17g --indicator he_first_years/wo -o %s/stw.h5", EDUSIM_BIN,
                        T, w * 100, T), 0);
    assert_non_null(strstr(out, "2 replicates: widest"));
    assert_null(strstr(out, "3 replicates"));
    es_diag_free(&d);
}

/* A write that fails mid-sweep (as on a full disk) stops the sweep with the error and
 * no complete file; the partial file keeps every run finished before the fault, and
 * --resume completes it to the uninterrupted result. An unwritable output path is
 * refused before any run. */
static void test_write_fault(void **state)
{
    (void)state;
    char out[8192];
    write_file(T "/sw.yaml", "name: sw\nreplicates: 3\n" HEAD TWO);
    assert_int_equal(sh(out, sizeof out, "rm -f %s/swf*.h5*; %s sweep %s/sw.yaml -q --threads 1 -o %s/swf_one.h5", T, EDUSIM_BIN, T, T), 0);
    assert_int_equal(sh(out, sizeof out, "EDUSIM_FAIL_WRITE_AFTER=4 %s sweep %s/sw.yaml -q --threads 1 -o %s/swf.h5", EDUSIM_BIN, T, T), 1);
    assert_non_null(strstr(out, "simulated write failure"));
    assert_int_equal(sh(out, sizeof out, "test ! -f %s/swf.h5 && test -f %s/swf.h5.partial", T, T), 0);
    es_diag d;
    es_diag_init(&d);
    es_results r;
    assert_int_equal(es_results_load_partial(T "/swf.h5.partial", &r, &d), ES_OK);
    assert_int_equal(r.complete, 0);
    for (int run = 0; run < r.nruns; run++) assert_int_equal(r.run_status[run], run < 3 ? 0 : -1);
    es_results_free(&r);
    es_diag_free(&d);
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/sw.yaml -q --resume -o %s/swf.h5", EDUSIM_BIN, T, T), 0);
    assert_same(T "/swf_one.h5", T "/swf.h5");
    /* a single run whose write fails: the error, and no complete file */
    assert_int_equal(sh(out, sizeof out, "rm -f %s/rf.h5*; EDUSIM_FAIL_WRITE_AFTER=1 %s run -q --set regions.0.population=20000 "
                                         "--set years.start=2006 --set years.end=2007 --set years.burn_in=3 -o %s/rf.h5", T, EDUSIM_BIN, T), 1);
    assert_non_null(strstr(out, "simulated write failure"));
    assert_non_null(strstr(out, "no complete file was left"));
    assert_int_equal(sh(out, sizeof out, "test ! -f %s/rf.h5 && h5dump -a /status %s/rf.h5.partial | grep -c incomplete", T, T), 0);
    /* unwritable: a missing directory, and a directory that is a regular file */
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/sw.yaml -q -o %s/no/such/dir/x.h5", EDUSIM_BIN, T, T), 1);
    assert_non_null(strstr(out, "cannot create results file"));
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/sw.yaml -q -o %s/sw.yaml/x.h5", EDUSIM_BIN, T, T), 1);
    assert_non_null(strstr(out, "cannot create results file"));
}

static void run_status(const char *path, const int *want, int n)
{
    es_diag d;
    es_diag_init(&d);
    es_results r;
    assert_int_equal(es_results_load_partial(path, &r, &d), ES_OK);
    assert_int_equal(r.nruns, n);
    for (int run = 0; run < n; run++) {
        if (r.run_status[run] != want[run]) fprintf(stderr, "run %d: status %d, want %d\n", run, r.run_status[run], want[run]);
        assert_int_equal(r.run_status[run], want[run]);
    }
    es_results_free(&r);
    es_diag_free(&d);
}

/* A write that fails while resuming keeps the runs of the partial file and those
 * computed before the fault (they were lost: the old partial file came back without
 * them); a fault before the old runs are all rewritten brings the old file back. A
 * later --resume completes the sweep to the uninterrupted result, computing only the
 * runs that were never finished. */
static void test_resume_write_fault(void **state)
{
    (void)state;
    char out[8192];
    write_file(T "/rw.yaml", "name: rw\nreplicates: 3\n" HEAD TWO);
    assert_int_equal(sh(out, sizeof out, "rm -f %s/rw*.h5*; %s sweep %s/rw.yaml -q --threads 1 -o %s/rw_one.h5", T, EDUSIM_BIN, T, T), 0);
    /* runs 0 and 1 finished, the third write fails */
    assert_int_equal(sh(out, sizeof out, "EDUSIM_FAIL_WRITE_AFTER=3 %s sweep %s/rw.yaml -q --threads 1 -o %s/rw.h5", EDUSIM_BIN, T, T), 1);
    const int two[6] = {0, 0, -1, -1, -1, -1}, four[6] = {0, 0, 0, 0, -1, -1}, five[6] = {0, 0, 0, 0, 0, -1};
    run_status(T "/rw.h5.partial", two, 6);
    /* resume: runs 0, 1 rewritten, 2 and 3 computed and written, the write of run 4 fails */
    assert_int_equal(sh(out, sizeof out, "EDUSIM_FAIL_WRITE_AFTER=5 %s sweep %s/rw.yaml -q --threads 1 --resume -o %s/rw.h5", EDUSIM_BIN, T, T), 1);
    assert_non_null(strstr(out, "writing run 4"));
    assert_int_equal(sh(out, sizeof out, "test ! -f %s/rw.h5 && test ! -f %s/rw.h5.partial.resume", T, T), 0);
    run_status(T "/rw.h5.partial", four, 6);
    /* a fault on the first rewritten run: the partial file comes back as it was */
    assert_int_equal(sh(out, sizeof out, "md5sum < %s/rw.h5.partial > %s/rw_md5; EDUSIM_FAIL_WRITE_AFTER=1 %s sweep %s/rw.yaml -q "
                                         "--threads 1 --resume -o %s/rw.h5", T, T, EDUSIM_BIN, T, T), 1);
    assert_int_equal(sh(out, sizeof out, "md5sum < %s/rw.h5.partial | cmp - %s/rw_md5", T, T), 0);
    run_status(T "/rw.h5.partial", four, 6);
    /* the next resume computes only run 4 before its stop, then the last run */
    assert_int_equal(sh(out, sizeof out, "EDUSIM_STOP_AFTER_RUNS=1 %s sweep %s/rw.yaml -q --threads 1 --resume -o %s/rw.h5", EDUSIM_BIN, T, T), 130);
    run_status(T "/rw.h5.partial", five, 6);
    assert_int_equal(sh(out, sizeof out, "%s sweep %s/rw.yaml -q --threads 1 --resume -o %s/rw.h5", EDUSIM_BIN, T, T), 0);
    assert_same(T "/rw_one.h5", T "/rw.h5");
}

/* Runs side by side need K times the memory of one: with memory for two of four, two
 * run side by side (a note says so) and the file equals one thread's; with memory for
 * none, the sweep is refused before anything runs (EDUSIM_AVAILABLE_MEMORY: a test
 * hook for the available memory). */
static void test_memory_side_by_side(void **state)
{
    (void)state;
    char out[8192];
    write_file(T "/ms.yaml", "name: ms\nreplicates: 3\n" HEAD TWO);
    es_diag d;
    es_diag_init(&d);
    es_sweep sw;
    assert_int_equal(es_sweep_load(T "/ms.yaml", NULL, 0, &sw, &d), ES_OK);
    double need = es_world_memory_need(&sw.scen[0].par);
    for (int v = 1; v < sw.nscen; v++)
        if (es_world_memory_need(&sw.scen[v].par) > need) need = es_world_memory_need(&sw.scen[v].par);
    double table = (double)es_indicators_count() * es_sweep_nruns(&sw) * sw.nyears * sw.nregions * sizeof(double);
    es_sweep_free(&sw);
    es_diag_free(&d);
    assert_int_equal(sh(out, sizeof out, "rm -f %s/ms*.h5*; %s sweep %s/ms.yaml -q --threads 1 -o %s/ms_one.h5", T, EDUSIM_BIN, T, T), 0);
    assert_int_equal(sh(out, sizeof out, "EDUSIM_AVAILABLE_MEMORY=%.0f %s sweep %s/ms.yaml -q --threads 4 -o %s/ms.h5",
                        (table + 2.5 * need) / ES_MEMORY_SHARE, EDUSIM_BIN, T, T), 0);
    assert_non_null(strstr(out, "note: 2 runs side by side instead of 4"));
    assert_non_null(strstr(out, "(limit: available memory)"));
    assert_same(T "/ms_one.h5", T "/ms.h5");
    assert_int_equal(sh(out, sizeof out, "EDUSIM_AVAILABLE_MEMORY=%.0f %s sweep %s/ms.yaml -q --threads 4 -o %s/ms_no.h5",
                        (table + 0.5 * need) / ES_MEMORY_SHARE, EDUSIM_BIN, T, T), 2);
    assert_non_null(strstr(out, "for one run of 'base'"));
    assert_non_null(strstr(out, "(limit: available memory)"));
    assert_int_equal(sh(out, sizeof out, "ls %s/ms_no.h5* 2>/dev/null | wc -l | grep -qx 0", T), 0);
}


/* Class 6 of issue 22: an integer axis draws whole numbers within [lo, hi] only, every
 * value of a small range is drawn, and bounds that are not whole are refused (they
 * would round outside the range). */
static void test_integer_axis_in_range(void **state)
{
    (void)state;
    static const int lohi[3][2] = {{4, 6}, {-3, 2}, {0, 1}};
    for (int r = 0; r < 3; r++) {
        char y[1024];
        snprintf(y, sizeof y,
                 "name: ia\nreplicates: 1\n" HEAD "scenarios:\n  - {name: base}\naxes:\n"
                 "  - {key: %s, range: [%d, %d], integer: true}\n  - {key: transitions.vwo_to_wo, range: [0.6, 0.8]}\n"
                 "samples: 64\nsample_seed: %d\n",
                 r == 0 ? "primary.entry_age" : "partnerships.initial_networks", lohi[r][0], lohi[r][1], 5 + r);
        write_file(T "/ia.yaml", y);
        es_diag d;
        es_diag_init(&d);
        es_sweep sw;
        es_status st = es_sweep_load(T "/ia.yaml", NULL, 0, &sw, &d);
        for (int i = 0; st != ES_OK && i < d.n; i++) fprintf(stderr, "%s\n", d.msg[i]);
        if (r == 1) { /* a count below 0 is refused by the scenario: the draws reach lo */
            assert_int_not_equal(st, ES_OK);
            assert_true(strstr(d.msg[0], "partnerships.initial_networks") != NULL);
            es_sweep_free(&sw);
            es_diag_free(&d);
            continue;
        }
        assert_int_equal(st, ES_OK);
        assert_int_equal(sw.npoints, 64);
        int seen[8] = {0};
        for (int p = 0; p < sw.npoints; p++) {
            double v = sw.point[(size_t)p * sw.naxes];
            assert_true(v == floor(v));
            assert_true(v >= lohi[r][0] && v <= lohi[r][1]);
            seen[(int)v - lohi[r][0]] = 1;
        }
        for (int v = 0; v <= lohi[r][1] - lohi[r][0]; v++) assert_true(seen[v]);
        es_sweep_free(&sw);
        es_diag_free(&d);
    }
    write_file(T "/ia.yaml", "name: ia\n" HEAD "scenarios:\n  - {name: base}\naxes:\n"
                             "  - {key: primary.entry_age, range: [3.5, 6], integer: true}\nsamples: 8\n");
    es_diag d;
    es_diag_init(&d);
    es_sweep sw;
    assert_int_equal(es_sweep_load(T "/ia.yaml", NULL, 0, &sw, &d), ES_ERR_INPUT);
    assert_non_null(strstr(d.msg[0], "ia.yaml:8:30: error: axes.0.range: range [3.5, 6] of an integer axis"));
    es_sweep_free(&sw);
    es_diag_free(&d);
}

/* --resume never takes a damaged or foreign partial file, and leaves it as it was. */
static void test_resume_refuses(void **state)
{
    (void)state;
    char out[8192];
    write_file(T "/sv.yaml", "name: sv\nreplicates: 2\n" HEAD TWO);
    const char *bad[3] = {"head -c 3000 %s/swf_one.h5 > %s/sv.h5.partial", "printf 'not hdf5' > %s/sv.h5.partial%s",
                          "cp %s/swf_one.h5 %s/sv.h5.partial"};
    const char *want[3] = {"is truncated", "not an HDF5 file", "sv.h5.partial': run 2 is 'base' replicate 2, which this sweep does not have"};
    for (int i = 0; i < 3; i++) {
        if (i == 1) assert_int_equal(sh(out, sizeof out, bad[i], T, ""), 0);
        else assert_int_equal(sh(out, sizeof out, bad[i], T, T), 0);
        assert_int_equal(sh(out, sizeof out, "md5sum %s/sv.h5.partial > %s/sv_md5", T, T), 0);
        int rc = sh(out, sizeof out, "%s sweep %s/sv.yaml -q --resume -o %s/sv.h5", EDUSIM_BIN, T, T);
        if (rc != 2 || !strstr(out, want[i])) fprintf(stderr, "case %d: rc %d: %s\n", i, rc, out);
        assert_int_equal(rc, 2);
        assert_non_null(strstr(out, want[i]));
        assert_null(strstr(out, "HDF5-DIAG"));
        assert_int_equal(sh(out, sizeof out, "md5sum -c --quiet %s/sv_md5 && test ! -f %s/sv.h5", T, T), 0);
    }
    /* compare refuses a truncated and an incomplete file with one message */
    assert_int_equal(sh(out, sizeof out, "head -c 3000 %s/swf_one.h5 > %s/sv_cut.h5", T, T), 0);
    assert_int_equal(sh(out, sizeof out, "%s compare %s/sv_cut.h5", EDUSIM_BIN, T), 2);
    assert_non_null(strstr(out, "is truncated"));
    assert_null(strstr(out, "HDF5-DIAG"));
    assert_int_equal(sh(out, sizeof out, "rm -f %s/sv2.h5*; EDUSIM_STOP_AFTER_RUNS=1 %s sweep %s/sv.yaml -q --threads 1 -o %s/sv2.h5", T,
                        EDUSIM_BIN, T, T), 130);
    assert_int_equal(sh(out, sizeof out, "%s compare %s/sv2.h5.partial", EDUSIM_BIN, T), 2);
    assert_non_null(strstr(out, "is incomplete"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lhs_strata),   cmocka_unit_test(test_pairing),      cmocka_unit_test(test_shards_merge),
        cmocka_unit_test(test_axes),         cmocka_unit_test(test_retry_failed), cmocka_unit_test(test_target_ci),
        cmocka_unit_test(test_write_fault),  cmocka_unit_test(test_resume_write_fault), cmocka_unit_test(test_memory_side_by_side),  cmocka_unit_test(test_resume_refuses),
        cmocka_unit_test(test_integer_axis_in_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
