/* test_export.c - `edusim export`: every CSV row of a sweep with a parameter axis
 * against the file read back independently (es_output_read_indicator, the library's
 * per-dataset reader, not the whole-file reader export uses), the design points joined
 * in as the sweep file set them, the effects equal to `edusim compare --csv`, the
 * filters and the errors. */
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
#include <unistd.h>

#include "edusim/indicators.h"
#include "edusim/output.h"

#define DIR EDUSIM_TEST_TMP
#define H5 DIR "/exp_sweep.h5"

static const char *const SWEEP =
    "name: exp\nseed: 7\nreplicates: 2\nbaseline: base\n"
    "set: [\"regions.0.population=15000\", \"years.start=2010\", \"years.end=2012\", \"years.burn_in=5\"]\n"
    "scenarios:\n  - {name: base}\n  - {name: more_wo, set: [\"transitions.vwo_to_wo=0.9\", \"transitions.vwo_to_hbo=0.05\"]}\n"
    "axes:\n  - {key: transitions.havo_to_hbo, values: [0.55, 0.75]}\n";

static int setup(void **state)
{
    (void)state;
    char out[4096];
    write_file(DIR "/exp_sweep.yaml", SWEEP);
    remove(H5);
    return sh(out, sizeof out, "%s sweep -q %s -o %s", EDUSIM_BIN, DIR "/exp_sweep.yaml", H5) == 0 ? 0 : -1;
}

/* Split a CSV line without quoted fields (none in these files) in place. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *c = strchr(p, ',');
        if (!c) break;
        *c = 0;
        p = c + 1;
    }
    return n;
}

static void test_indicators_match_the_file(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(sh(out, sizeof out, "%s export %s -o %s", EDUSIM_BIN, H5, DIR "/exp_ind.csv"), 0);
    assert_int_not_equal(access(DIR "/exp_ind.csv.partial", F_OK), 0);
    FILE *f = fopen(DIR "/exp_ind.csv", "r");
    assert_non_null(f);
    static char line[4096], head[4096];
    char *h[32], *v[32];
    assert_non_null(fgets(head, sizeof head, f));
    int nh = split(head, h, 32);
    const char *want[] = {"scenario", "point", "transitions.havo_to_hbo", "replicate", "run", "year",
                          "region", "indicator", "subgroup", "units", "value"};
    assert_int_equal(nh, 11);
    for (int i = 0; i < nh; i++) assert_string_equal(h[i], want[i]);
    /* runs 0-7: scenario x point x replicate; 3 years; 2 regions. Every indicator the
     * program writes, read once. */
    int nind = es_indicators_count(), nr = 0, ny = 0, ng = 0;
    const es_indicator *ind = es_indicators();
    double **all = calloc((size_t)nind, sizeof *all);
    assert_non_null(all);
    es_diag d;
    es_diag_init(&d);
    for (int k = 0; k < nind; k++) {
        assert_int_equal(es_output_read_indicator(H5, ind[k].desc.name, ind[k].desc.subgroup, &all[k], &nr, &ny, &ng, &d),
                         ES_OK);
        assert_int_equal(nr, 8);
        assert_int_equal(ny, 3);
        assert_int_equal(ng, 2);
    }
    long rows = 0, matched = 0, nan_rows = 0;
    int seen_scen[2][2][2] = {{{0}}};
    while (fgets(line, sizeof line, f)) {
        assert_int_equal(split(line, v, 32), nh);
        int k = es_indicator_find(v[7], v[8]);
        assert_true(k >= 0);
        const double *vals = all[k];
        int run = atoi(v[4]), y = atoi(v[5]) - 2010, g = !strcmp(v[6], "national") ? 1 : 0;
        int s = !strcmp(v[0], "more_wo"), p = atoi(v[1]), rep = atoi(v[3]);
        assert_true(!strcmp(v[0], "base") || s);
        /* run index = (scenario x points + point) x replicates + replicate (sweep.h) */
        assert_int_equal(run, (s * 2 + p) * 2 + rep);
        assert_true(fabs(atof(v[2]) - (p ? 0.75 : 0.55)) < 1e-12);
        seen_scen[s][p][rep] = 1;
        double want_v = vals[((size_t)run * ny + y) * ng + g];
        if (!v[10][0]) {
            assert_true(isnan(want_v));
            nan_rows++;
        } else {
            assert_true(atof(v[10]) == want_v); /* %.17g reads back exactly */
            matched++;
        }
        rows++;
    }
    fclose(f);
    for (int k = 0; k < nind; k++) free(all[k]);
    free(all);
    es_diag_free(&d);
    for (int s = 0; s < 2; s++)
        for (int p = 0; p < 2; p++)
            for (int r = 0; r < 2; r++) assert_true(seen_scen[s][p][r]);
    print_message("exported %ld rows (%ld values, %ld missing) of %d indicators\n", rows, matched, nan_rows, nind);
    assert_int_equal(rows, (long)nind * 8 * 3 * 2);
    assert_true(matched > rows / 2);
}

static void test_indicator_filter_and_errors(void **state)
{
    (void)state;
    static char out[1 << 16];
    assert_int_equal(sh(out, sizeof out, "%s export %s --indicator pupils/po+vo --indicator births | sort | uniq -c | wc -l",
                        EDUSIM_BIN, H5), 0);
    assert_int_equal(atoi(out), 1 + 2 * 8 * 3 * 2); /* header + 2 indicators, all rows distinct */
    assert_int_equal(sh(out, sizeof out, "%s export %s --indicator pupils/po+vo | cut -d, -f8,9 | sort -u", EDUSIM_BIN, H5), 0);
    assert_string_equal(out, "indicator,subgroup\npupils,po+vo\n");
    /* an unknown indicator: one error with the closest name, nothing written */
    remove(DIR "/exp_bad.csv");
    assert_int_equal(sh(out, sizeof out, "%s export %s --indicator pupils/po+v -o %s", EDUSIM_BIN, H5, DIR "/exp_bad.csv"), 2);
    assert_non_null(strstr(out, "no indicator 'pupils/po+v'"));
    assert_non_null(strstr(out, "did you mean 'pupils/po+vo'?"));
    assert_int_not_equal(access(DIR "/exp_bad.csv", F_OK), 0);
    assert_int_not_equal(access(DIR "/exp_bad.csv.partial", F_OK), 0);
    assert_int_equal(sh(out, sizeof out, "%s export %s --what indicator", EDUSIM_BIN, H5), 2);
    assert_non_null(strstr(out, "did you mean 'indicators'?"));
    assert_int_equal(sh(out, sizeof out, "%s export %s --what cohorts --indicator births", EDUSIM_BIN, H5), 2);
    assert_int_equal(sh(out, sizeof out, "%s export %s.nope", EDUSIM_BIN, H5), 1);
    assert_non_null(strstr(out, "exp_sweep.h5.nope"));
    assert_int_equal(sh(out, sizeof out, "%s export %s -o /nonexistent/dir/x.csv", EDUSIM_BIN, H5), 1);
    assert_non_null(strstr(out, "/nonexistent/dir/x.csv"));
}

static void test_effects_equal_compare_and_runs(void **state)
{
    (void)state;
    static char a[1 << 16], b[1 << 16];
    /* compare --csv: scenario,baseline,indicator,subgroup,units,year,region,mean_diff,se,ci_low,ci_high,n;
     * export: scenario,baseline,point,PARAM,year,region,indicator,subgroup,units,mean_diff,...,n */
    assert_int_equal(sh(a, sizeof a, "%s compare %s --csv --indicator pupils/po+vo --indicator he_first_years/wo --year 2012 "
                                     "| tail -n +2 | awk -F, '{print $1\",\"$2\",\"$3\",\"$4\",\"$6\",\"$8\",\"$9\",\"$10\",\"$11\",\"$12}' | sort",
                        EDUSIM_BIN, H5), 0);
    assert_int_equal(sh(b, sizeof b, "%s export %s --what effects --indicator pupils/po+vo --indicator he_first_years/wo "
                                     "| awk -F, '$5 == 2012 && $6 == \"national\" {print $1\"@\"$3\",\"$2\"@\"$3\",\"$7\",\"$8\",\"$5\",\"$10\",\"$11\",\"$12\",\"$13\",\"$14}' | sort",
                        EDUSIM_BIN, H5), 0);
    print_message("compare:\n%sexport:\n%s", a, b);
    assert_true(strlen(a) > 40);
    assert_string_equal(a, b);
    assert_int_equal(sh(a, sizeof a, "%s export %s --what runs", EDUSIM_BIN, H5), 0);
    assert_non_null(strstr(a, "run,scenario,point,transitions.havo_to_hbo,replicate,seed,status,error\n"));
    assert_non_null(strstr(a, "\n7,more_wo,1,0.75,1,8,ok,\n")); /* replicate 1: seed 7 + 1 */
}

static void test_single_run_has_no_effects(void **state)
{
    (void)state;
    char out[4096];
    const char *f = DIR "/exp_one.h5";
    assert_int_equal(sh(out, sizeof out, "%s run -q --set years.start=2010 --set years.end=2011 --set years.burn_in=3 "
                                         "--set regions.0.population=10000 -o %s", EDUSIM_BIN, f), 0);
    assert_int_equal(sh(out, sizeof out, "%s export %s --what effects", EDUSIM_BIN, f), 2);
    assert_non_null(strstr(out, "no paired effects"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indicators_match_the_file),
        cmocka_unit_test(test_indicator_filter_and_errors),
        cmocka_unit_test(test_effects_equal_compare_and_runs),
        cmocka_unit_test(test_single_run_has_no_effects),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
