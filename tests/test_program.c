/* test_program.c - the edusim program end to end: runs, files, errors, exit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SMALL "--set years.start=2010 --set years.end=2014 --set years.burn_in=10 " \
              "--set regions.0.population=20000"

static void test_default_run_opens_with_h5dump(void **state)
{
    (void)state;
    char out[16384];
    const char *f = EDUSIM_TEST_TMP "/prog_default.h5";
    remove(f);
    assert_int_equal(sh(out, sizeof out, "%s run -o %s", EDUSIM_BIN, f), 0);
    assert_non_null(strstr(out, "person-years"));
    assert_int_equal(access(f, R_OK), 0);
    char part[512];
    snprintf(part, sizeof part, "%s.partial", f);
    assert_int_not_equal(access(part, F_OK), 0);
    assert_int_equal(sh(out, sizeof out, "h5dump -a /status %s", f), 0);
    assert_non_null(strstr(out, "complete"));
    assert_int_equal(sh(out, sizeof out, "h5ls -r %s | grep -c 'share_n_profile_y4/havo '", f), 0);
    assert_int_equal(atoi(out), 1);
    assert_int_equal(sh(NULL, 0, "h5dump -H %s > /dev/null", f), 0);
    assert_int_equal(sh(out, sizeof out, "%s info %s", EDUSIM_BIN, f), 0);
    assert_non_null(strstr(out, "share_n_profile_y4"));
}

static void test_threads_identical_files(void **state)
{
    (void)state;
    char out[8192];
    const char *a = EDUSIM_TEST_TMP "/prog_t1.h5", *b = EDUSIM_TEST_TMP "/prog_t2.h5";
    assert_int_equal(sh(out, sizeof out, "%s run -q --threads 1 " SMALL " -o %s", EDUSIM_BIN, a), 0);
    assert_int_equal(sh(out, sizeof out, "%s run -q --threads 2 " SMALL " -o %s", EDUSIM_BIN, b), 0);
    assert_int_equal(sh(out, sizeof out, "h5diff -q %s %s /indicators /indicators", a, b), 0);
    assert_int_equal(sh(out, sizeof out, "h5diff -q %s %s /cohorts /cohorts", a, b), 0);
    /* A different seed must differ (the comparison above can fail). */
    const char *c = EDUSIM_TEST_TMP "/prog_s2.h5";
    assert_int_equal(sh(out, sizeof out, "%s run -q --seed 2 " SMALL " -o %s", EDUSIM_BIN, c), 0);
    assert_int_not_equal(sh(out, sizeof out, "h5diff -q %s %s /indicators /indicators", a, c), 0);
}

static void test_validate_reports_positions(void **state)
{
    (void)state;
    char out[8192];
    const char *f = EDUSIM_TEST_TMP "/prog_bad.yaml";
    /* several errors of a file in one pass */
    write_file(f, "name: x\nyears:\n  start: 2004\n  ned: 2010\nscale: 2\nseed: -1\n");
    assert_int_equal(sh(out, sizeof out, "%s validate %s", EDUSIM_BIN, f), 2);
    assert_non_null(strstr(out, "prog_bad.yaml:4:3"));  /* unknown key years.ned */
    assert_non_null(strstr(out, "did you mean 'end'"));
    assert_non_null(strstr(out, "prog_bad.yaml:5:8"));  /* scale out of range */
    assert_non_null(strstr(out, "prog_bad.yaml:6:7"));  /* negative seed */
    assert_non_null(strstr(out, "3 errors"));
    /* duplicate keys are found while reading the document */
    const char *g = EDUSIM_TEST_TMP "/prog_dup.yaml";
    write_file(g, "seed: 1\nscale: 0.5\nseed: 2\n");
    assert_int_equal(sh(out, sizeof out, "%s validate %s", EDUSIM_BIN, g), 2);
    assert_non_null(strstr(out, "prog_dup.yaml:3:1: error: seed: duplicate key (first at line 1)"));
    /* run refuses it too, and leaves no file */
    const char *o = EDUSIM_TEST_TMP "/prog_bad.h5";
    remove(o);
    assert_int_equal(sh(out, sizeof out, "%s run %s -o %s", EDUSIM_BIN, f, o), 2);
    assert_int_not_equal(access(o, F_OK), 0);
    /* a good file validates */
    write_file(f, "name: ok\nregions:\n  - name: r\n    population: 1000\n");
    assert_int_equal(sh(out, sizeof out, "%s validate %s", EDUSIM_BIN, f), 0);
}

/* validate tells sweep and calibration files from scenarios and checks each fully;
 * sweep --dry-run lists the runs without running or writing anything */
static void test_validate_kinds_and_dry_run(void **state)
{
    (void)state;
    char out[65536];
    const char *src = EDUSIM_SOURCE_DIR;
    assert_int_equal(sh(out, sizeof out, "%s validate %s/scenarios/sweeps/a_small_example.yaml "
                                         "%s/scenarios/calibration/nl_teachers_fit.yaml %s/scenarios/reference.yaml",
                        EDUSIM_BIN, src, src, src), 0);
    assert_non_null(strstr(out, "ok (sweep: 3 scenario variants x 4 replicates = 12 runs, 2010-2020)"));
    assert_non_null(strstr(out, "ok (calibration: 8 parameters"));
    assert_non_null(strstr(out, "reference.yaml: ok (1 region"));
    /* a sweep whose scenario has an error: found through the sweep, with its position */
    const char *sc = EDUSIM_TEST_TMP "/kind_bad_scen.yaml", *sw = EDUSIM_TEST_TMP "/kind_sweep.yaml";
    write_file(sc, "name: s\nscale: 7\n");
    write_file(sw, "name: k\nreplicates: 2\nscenarios:\n  - {name: a, file: kind_bad_scen.yaml}\n");
    assert_int_equal(sh(out, sizeof out, "%s validate %s", EDUSIM_BIN, sw), 2);
    assert_non_null(strstr(out, "kind_bad_scen.yaml:2:8"));
    assert_non_null(strstr(out, "read as a sweep file"));
    /* a sweep-level typo is a sweep error, not a scenario's unknown key */
    write_file(sw, "name: k\nreplicats: 2\nscenarios:\n  - {name: a, file: kind_bad_scen.yaml}\n");
    assert_int_equal(sh(out, sizeof out, "%s validate %s", EDUSIM_BIN, sw), 2);
    assert_non_null(strstr(out, "did you mean 'replicates'"));
    /* a calibration file with a parameter key the scenario does not have */
    const char *cf = EDUSIM_TEST_TMP "/kind_calib.yaml";
    char text[8192];
    snprintf(text, sizeof text, "name: c\nparameters:\n  - {key: teachers.quit_rat, range: [0.01, 0.05]}\n"
                                "targets:\n  file: %s/scenarios/data/nl_targets.csv\n  ids: [s10]\n", src);
    write_file(cf, text);
    assert_int_equal(sh(out, sizeof out, "%s validate %s", EDUSIM_BIN, cf), 2);
    assert_non_null(strstr(out, "read as a calibration file"));
    /* --as forces the kind */
    assert_int_equal(sh(out, sizeof out, "%s validate --as sweep %s/scenarios/reference.yaml", EDUSIM_BIN, src), 2);
    assert_non_null(strstr(out, "read as a sweep file"));
    assert_int_equal(sh(out, sizeof out, "%s validate --as swep %s/scenarios/reference.yaml", EDUSIM_BIN, src), 2);
    /* the dry run: every run with its seed, the memory, no file */
    write_file(sc, "name: s\nregions:\n  - {name: r, population: 5000}\n");
    write_file(sw, "name: kdry\nseed: 50\nreplicates: 2\nscenarios:\n  - {name: a, file: kind_bad_scen.yaml}\n"
                   "  - {name: b, file: kind_bad_scen.yaml, set: [\"scale=0.5\"]}\n"
                   "axes:\n  - {key: teachers.quit_rate, values: [0.02, 0.04]}\n");
    const char *o = EDUSIM_TEST_TMP "/kind_dry.h5";
    remove(o);
    assert_int_equal(sh(out, sizeof out, "%s sweep %s --dry-run -o %s", EDUSIM_BIN, sw, o), 0);
    assert_non_null(strstr(out, "= 8 runs"));
    assert_non_null(strstr(out, "teachers.quit_rate"));
    assert_non_null(strstr(out, "memory: one run needs about"));
    int rows = 0;
    for (const char *p = out; (p = strstr(p, "\n")) != NULL; p++)
        if (p[1] >= '0' && p[1] <= '7' && p[2] == ' ') rows++;
    assert_int_equal(rows, 8);
    assert_non_null(strstr(out, "\n7        b@1"));
    assert_non_null(strstr(out, "51 "));  /* replicate 1: seed + 1 */
    assert_int_not_equal(access(o, F_OK), 0);
    char part[512];
    snprintf(part, sizeof part, "%s.partial", o);
    assert_int_not_equal(access(part, F_OK), 0);
}

/* --set regions.0.KEY on a file without regions sets the default region's value, as
 * with no file; --seed and --set seed= accept the same range */
static void test_set_default_region_and_seed(void **state)
{
    (void)state;
    char out[65536];
    const char *f = EDUSIM_TEST_TMP "/noregions.yaml";
    write_file(f, "name: noregions\nscale: 1\n");
    assert_int_equal(sh(out, sizeof out, "%s validate %s --set regions.0.population=1234 --resolved", EDUSIM_BIN, f), 0);
    assert_non_null(strstr(out, "population: 1234"));
    assert_non_null(strstr(out, "midregion"));
    assert_int_equal(sh(out, sizeof out, "%s validate %s --set regions.1.population=1234", EDUSIM_BIN, f), 2);
    assert_non_null(strstr(out, "valid: 0 to 0"));
    /* without the override the file still runs the default region */
    assert_int_equal(sh(out, sizeof out, "%s validate %s", EDUSIM_BIN, f), 0);
    assert_non_null(strstr(out, "ok (1 region"));
    /* the largest seed the key takes, through both doors */
    assert_int_equal(sh(out, sizeof out, "%s validate %s --set seed=9223372036854775807", EDUSIM_BIN, f), 0);
    assert_int_equal(sh(out, sizeof out, "%s run %s --seed 9223372036854775807 --set regions.0.population=2000 "
                                         "--set years.start=2010 --set years.end=2010 --set years.burn_in=1 -q -o %s/seedmax.h5",
                        EDUSIM_BIN, f, EDUSIM_TEST_TMP), 0);
    assert_int_equal(sh(out, sizeof out, "%s run %s --seed 9223372036854775808 -q -o %s/seedmax2.h5", EDUSIM_BIN, f,
                        EDUSIM_TEST_TMP), 2);
    assert_non_null(strstr(out, "valid: 0 to 9223372036854775807"));
    /* a mistyped option gets the closest one; a missing value is said as such */
    assert_int_equal(sh(out, sizeof out, "%s run --sed 3", EDUSIM_BIN), 2);
    assert_non_null(strstr(out, "did you mean '--seed'"));
    assert_int_equal(sh(out, sizeof out, "%s run --seed", EDUSIM_BIN), 2);
    assert_non_null(strstr(out, "'--seed' needs a value"));
    assert_int_equal(sh(out, sizeof out, "%s sweep %s --dryrun", EDUSIM_BIN, f), 2);
    assert_non_null(strstr(out, "did you mean '--dry-run'"));
    assert_int_equal(sh(out, sizeof out, "%s validate %s --resolve", EDUSIM_BIN, f), 2);
    assert_non_null(strstr(out, "did you mean '--resolved'"));
    assert_int_equal(sh(out, sizeof out, "%s compare x.h5 --zzzzzz", EDUSIM_BIN), 2);
    assert_null(strstr(out, "did you mean"));
}

static void test_set_and_options_errors(void **state)
{
    (void)state;
    char out[8192];
    assert_int_equal(sh(out, sizeof out, "%s run --set scale=abc -o /dev/null", EDUSIM_BIN), 2);
    assert_non_null(strstr(out, "scale"));
    assert_int_equal(sh(out, sizeof out, "%s run --threads 0", EDUSIM_BIN), 2);
    assert_non_null(strstr(out, "--threads"));
    assert_int_equal(sh(out, sizeof out, "%s nosuchcommand", EDUSIM_BIN), 2);
    assert_int_equal(sh(out, sizeof out, "%s run --help", EDUSIM_BIN), 0);
    assert_non_null(strstr(out, "--set"));
    /* an unwritable output directory fails before the run, with the path */
    assert_int_equal(sh(out, sizeof out, "%s run " SMALL " -o /nonexistent/dir/x.h5", EDUSIM_BIN), 1);
    assert_non_null(strstr(out, "/nonexistent/dir/x.h5"));
}

/* A set element of a list the scenario does not spell out: with havo's exam pass
 * probability (element 3 of secondary.exam_pass) at 0 no havo diploma is awarded in any
 * year (exact), while vwo's (element 4, left at its default) are; an index beyond the
 * list stops with the valid range. */
static void test_set_list_element(void **state)
{
    (void)state;
    char out[8192], f[512];
    snprintf(f, sizeof f, "%s/elem.h5", EDUSIM_TEST_TMP);
    const char *sum = "sed -n '/DATA {/,/}/p' | tr -c '0-9.\\n' ' ' | awk '{for(i=1;i<=NF;i++)s+=$i} END{print s+0}'";
    assert_int_equal(sh(out, sizeof out, "%s run " SMALL " --set secondary.exam_pass.3=0 -q -o %s", EDUSIM_BIN, f), 0);
    assert_int_equal(sh(out, sizeof out, "h5dump -A 0 -d /indicators/diplomas/havo -y -w 0 %s | %s", f, sum), 0);
    assert_int_equal(atoi(out), 0);
    assert_int_equal(sh(out, sizeof out, "h5dump -A 0 -d /indicators/diplomas/vwo -y -w 0 %s | %s", f, sum), 0);
    assert_true(atoi(out) > 0);
    assert_int_equal(sh(out, sizeof out, "%s run " SMALL " --set secondary.exam_pass.5=0 -o /dev/null", EDUSIM_BIN), 2);
    assert_non_null(strstr(out, "secondary.exam_pass: '5' is not an element of the list (valid: an index 0 to 4"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_run_opens_with_h5dump),
        cmocka_unit_test(test_threads_identical_files),
        cmocka_unit_test(test_validate_reports_positions),
        cmocka_unit_test(test_validate_kinds_and_dry_run),
        cmocka_unit_test(test_set_default_region_and_seed),
        cmocka_unit_test(test_set_and_options_errors),
        cmocka_unit_test(test_set_list_element),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
