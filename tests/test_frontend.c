/* test_frontend.c - what the program tells its user: compare's errors (one message per
 * mistake, with the closest valid choice and the valid ones, no rows printed) and its
 * refusal of a file with nothing to compare; progress off a terminal (a line per tenth
 * with elapsed time and time left) and its modes; --version's provenance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edusim_build_info.h"

#define DIR EDUSIM_TEST_TMP
#define SMALL "--set years.start=2010 --set years.end=2019 --set years.burn_in=10 --set regions.0.population=10000"

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what)) n++;
    return n;
}

static int setup(void **state)
{
    (void)state;
    char out[4096];
    write_file(DIR "/fe_sweep.yaml",
               "name: fe\nseed: 3\nreplicates: 2\nbaseline: base\n"
               "set: [\"regions.0.population=10000\", \"years.start=2010\", \"years.end=2011\", \"years.burn_in=3\"]\n"
               "scenarios:\n  - {name: base}\n  - {name: alt, set: [\"transitions.vwo_to_wo=0.9\", \"transitions.vwo_to_hbo=0.05\"]}\n");
    if (sh(out, sizeof out, "%s sweep -q %s -o %s", EDUSIM_BIN, DIR "/fe_sweep.yaml", DIR "/fe_sweep.h5")) return -1;
    return sh(out, sizeof out, "%s run -q --set years.start=2010 --set years.end=2011 --set years.burn_in=3 "
                               "--set regions.0.population=10000 -o %s", EDUSIM_BIN, DIR "/fe_one.h5") ? -1 : 0;
}

static void test_compare_errors_once(void **state)
{
    (void)state;
    static char out[1 << 15];
    /* two years and three indicators requested, one of each wrong: two messages, no rows */
    int rc = sh(out, sizeof out,
                "%s compare %s --indicator pupils/po+v --indicator births/all --indicator he_first_years/wo "
                "--year 2011 --year 2031",
                EDUSIM_BIN, DIR "/fe_sweep.h5");
    print_message("%s", out);
    assert_int_equal(rc, 2);
    assert_int_equal(count(out, "edusim compare:"), 2);
    assert_non_null(strstr(out, "indicator 'pupils' has no subgroup 'po+v'"));
    assert_non_null(strstr(out, "(did you mean 'po+vo'?)"));
    assert_non_null(strstr(out, "(valid: havo, po, po+vo,"));
    assert_non_null(strstr(out, "year 2031 is not in"));
    assert_non_null(strstr(out, "(valid: 2010 to 2011)"));
    assert_null(strstr(out, "paired effects"));
    assert_null(strstr(out, "alt"));
    /* an unknown name: the closest, and where the valid ones are listed */
    assert_int_equal(sh(out, sizeof out, "%s compare %s --indicator birth/all", EDUSIM_BIN, DIR "/fe_sweep.h5"), 2);
    assert_non_null(strstr(out, "no indicator 'birth/all'"));
    assert_non_null(strstr(out, "did you mean 'births/all'?"));
    assert_int_equal(sh(out, sizeof out, "%s compare %s --region nationl", EDUSIM_BIN, DIR "/fe_sweep.h5"), 2);
    assert_non_null(strstr(out, "did you mean 'national'?) (valid: midregion, national)"));
    assert_int_equal(sh(out, sizeof out, "%s compare %s --baseline bas", EDUSIM_BIN, DIR "/fe_sweep.h5"), 2);
    assert_non_null(strstr(out, "did you mean 'base'?) (valid: base, alt)"));
    /* and the right request still works */
    assert_int_equal(sh(out, sizeof out, "%s compare %s --indicator births/all --year 2011 --csv", EDUSIM_BIN,
                        DIR "/fe_sweep.h5"), 0);
    assert_non_null(strstr(out, "\nalt,base,births,all,count,2011,national,"));
}

static void test_compare_single_run(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(sh(out, sizeof out, "%s compare %s", EDUSIM_BIN, DIR "/fe_one.h5"), 2);
    assert_non_null(strstr(out, "nothing to compare"));
    assert_int_equal(count(out, "edusim compare:"), 1);
}

/* Progress lines of stderr (a pipe here, not a terminal): "edusim:  NN % (...), elapsed M:SS,
 * about M:SS left", about one per tenth, in order, the last at 100 %. */
static void check_lines(const char *out, const char *what)
{
    int n = 0, last = -1;
    for (const char *p = out; (p = strstr(p, "edusim: ")); p++) {
        int pct;
        char unit[64] = "";
        if (sscanf(p, "edusim: %d %% (%*d of %*d %63[a-z]", &pct, unit) != 2) continue;
        const char *eol = strchr(p, '\n');
        assert_non_null(eol);
        const char *el = strstr(p, "elapsed "), *left = strstr(p, " left");
        assert_true(el && el < eol && left && left < eol);
        assert_string_equal(unit, what);
        assert_true(pct > last);
        last = pct;
        n++;
    }
    print_message("%d progress lines of %s, the last at %d %%\n", n, what, last);
    assert_true(n >= 5 && n <= 11);
    assert_int_equal(last, 100);
    assert_null(strchr(out, '\r')); /* no bar */
}

static void test_progress_off_a_terminal(void **state)
{
    (void)state;
    static char out[1 << 15];
    assert_int_equal(sh(out, sizeof out, "{ %s run " SMALL " -o %s 2>&1 >/dev/null; }", EDUSIM_BIN, DIR "/fe_p.h5"), 0);
    check_lines(out, "years");
    /* --quiet and never: nothing; --quiet with an explicit mode: the lines */
    assert_int_equal(sh(out, sizeof out, "%s run -q " SMALL " -o %s", EDUSIM_BIN, DIR "/fe_p.h5"), 0);
    assert_string_equal(out, "");
    assert_int_equal(sh(out, sizeof out, "{ %s run --progress never " SMALL " -o %s 2>&1 >/dev/null; }", EDUSIM_BIN,
                        DIR "/fe_p.h5"), 0);
    assert_null(strstr(out, "elapsed"));
    assert_int_equal(sh(out, sizeof out, "%s run -q --progress auto " SMALL " -o %s", EDUSIM_BIN, DIR "/fe_p.h5"), 0);
    check_lines(out, "years");
    /* always: the bar, even into a pipe (for wrappers that show it on a terminal) */
    assert_int_equal(sh(out, sizeof out, "%s run -q --progress always " SMALL " -o %s", EDUSIM_BIN, DIR "/fe_p.h5"), 0);
    assert_non_null(strchr(out, '\r'));
    assert_non_null(strstr(out, "100%"));
    assert_int_equal(sh(out, sizeof out, "%s run --progress sometimes", EDUSIM_BIN), 2);
    assert_non_null(strstr(out, "(valid: auto, always, never)"));
    /* a sweep of 10 runs: a line per run's tenth */
    write_file(DIR "/fe_p.yaml",
               "name: fep\nseed: 3\nreplicates: 5\n"
               "set: [\"regions.0.population=5000\", \"years.start=2010\", \"years.end=2010\", \"years.burn_in=2\"]\n"
               "scenarios:\n  - {name: base}\n  - {name: alt}\n");
    assert_int_equal(sh(out, sizeof out, "{ %s sweep %s --threads 1 -o %s 2>&1 >/dev/null; }", EDUSIM_BIN, DIR "/fe_p.yaml",
                        DIR "/fe_p_sweep.h5"), 0);
    check_lines(out, "runs");
    assert_int_equal(sh(out, sizeof out, "%s sweep %s --progress bar", EDUSIM_BIN, DIR "/fe_p.yaml"), 2);
}

static void test_version(void **state)
{
    (void)state;
    char out[4096], want[256];
    assert_int_equal(sh(out, sizeof out, "%s --version", EDUSIM_BIN), 0);
    snprintf(want, sizeof want, "(git %s)", EDUSIM_GIT_REVISION);
    assert_non_null(strstr(out, want));
    assert_true(strcmp(EDUSIM_GIT_REVISION, "") != 0);
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    snprintf(want, sizeof want, "HDF5 %u.%u.%u", maj, min, rel);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "compiler: %s", EDUSIM_COMPILER);
    assert_non_null(strstr(out, want));
    print_message("%s", out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_errors_once),
        cmocka_unit_test(test_compare_single_run),
        cmocka_unit_test(test_progress_off_a_terminal),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
