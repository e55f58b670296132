/* test_output.c - HDF5 results files: round trip of data and attributes, dimension
 * scales, the .partial protocol, and refusal of foreign, truncated and incomplete files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edusim/output.h"

static const es_ind_desc IND[2] = {{"share_n_profile_y4", "havo", "pct", "share with an N-profile"},
                                   {"pupils", "po+vo", "count", "pupils"}};
static const es_col_desc COLS[3] = {{"run", "index", "run", 1}, {"cohort", "year", "cohort", 1},
                                    {"hbo", "pct", "share hbo", 0}};
static const int32_t YEARS[3] = {2010, 2011, 2012};
static const char *const REGIONS[3] = {"a", "b", "national"};

static es_layout layout(void)
{
    es_layout l = {2, IND, 3, YEARS, 3, REGIONS, 2, 3, COLS};
    return l;
}

static const es_provenance PROV = {"0.1.0", "abc123", "GNU 12", "-O2", "edusim run", 2, 42};

static int exists(const char *p) { return access(p, F_OK) == 0; }

static void write_file(const char *path, int finish, const char *scenario_text)
{
    es_diag d;
    es_diag_init(&d);
    es_layout l = layout();
    es_output *o = NULL;
    char part[512];
    snprintf(part, sizeof part, "%s.partial", path);
    remove(path);
    assert_int_equal(es_output_create(path, &l, &PROV, &o, &d), ES_OK);
    assert_true(exists(part));
    assert_false(exists(path));
    assert_int_equal(es_output_add_scenario(o, "base", scenario_text), ES_OK);
    double v[2 * 3 * 3];
    for (int r = 0; r < 2; r++) {
        for (int k = 0; k < 18; k++) v[k] = 100.0 * r + k + 0.25;
        double rows[2 * 3] = {r, 2001, 10.5 + r, r, 2002, 20.5 + r};
        es_run_info info = {r, "base", r, 42 + (uint64_t)r, 0, ""};
        assert_int_equal(es_output_write_run(o, &info, v, 2, rows), ES_OK);
    }
    if (finish) {
        assert_int_equal(es_output_finish(o, &d), ES_OK);
        assert_true(exists(path));
        assert_false(exists(part));
    } else {
        es_output_abort(o);
        assert_true(exists(part));
        assert_false(exists(path));
    }
    es_diag_free(&d);
}

static void test_round_trip(void **state)
{
    (void)state;
    const char *f = EDUSIM_TEST_TMP "/out_rt.h5";
    write_file(f, 1, "name: base\nseed: 42\n");
    es_diag d;
    es_diag_init(&d);
    double *v = NULL;
    int nr, ny, ng;
    assert_int_equal(es_output_read_indicator(f, "pupils", "po+vo", &v, &nr, &ny, &ng, &d), ES_OK);
    assert_int_equal(nr, 2);
    assert_int_equal(ny, 3);
    assert_int_equal(ng, 3);
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 9; k++) assert_true(v[r * 9 + k] == 100.0 * r + 9 + k + 0.25);
    free(v);
    /* raw HDF5: attributes, scales, cohort rows */
    hid_t h = H5Fopen(f, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(h >= 0);
    hid_t ds = H5Dopen2(h, "indicators/share_n_profile_y4/havo", H5P_DEFAULT);
    hid_t sc = H5Dopen2(h, "axes/year", H5P_DEFAULT);
    assert_true(ds >= 0 && sc >= 0);
    assert_true(H5DSis_attached(ds, sc, 1) > 0);
    int32_t yrs[3];
    H5Dread(sc, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, yrs);
    assert_int_equal(yrs[2], 2012);
    hid_t a = H5Aopen(ds, "units", H5P_DEFAULT), t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    char *s = NULL;
    assert_true(H5Aread(a, t, &s) >= 0);
    assert_string_equal(s, "pct");
    H5free_memory(s);
    H5Aclose(a);
    a = H5Aopen(h, "status", H5P_DEFAULT);
    assert_true(H5Aread(a, t, &s) >= 0);
    assert_string_equal(s, "complete");
    H5free_memory(s);
    H5Aclose(a);
    uint64_t seed = 0;
    a = H5Aopen(h, "seed", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_UINT64, &seed);
    H5Aclose(a);
    assert_true(seed == 42);
    hid_t co = H5Dopen2(h, "cohorts", H5P_DEFAULT), ct = H5Tcreate(H5T_COMPOUND, sizeof(double));
    H5Tinsert(ct, "hbo", 0, H5T_NATIVE_DOUBLE);
    double hbo[4];
    assert_true(H5Dread(co, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, hbo) >= 0);
    assert_true(hbo[0] == 10.5 && hbo[3] == 21.5);
    hid_t it = H5Tcreate(H5T_COMPOUND, sizeof(int32_t));
    H5Tinsert(it, "cohort", 0, H5T_NATIVE_INT32);
    int32_t coh[4];
    assert_true(H5Dread(co, it, H5S_ALL, H5S_ALL, H5P_DEFAULT, coh) >= 0);
    assert_int_equal(coh[1], 2002);
    H5Tclose(it); H5Tclose(ct); H5Dclose(co); H5Tclose(t); H5Dclose(sc); H5Dclose(ds); H5Fclose(h);
    /* info on a good file */
    FILE *tf = tmpfile();
    assert_int_equal(es_output_info(f, tf, &d), ES_OK);
    rewind(tf);
    char buf[8192] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, tf);
    buf[n] = 0;
    fclose(tf);
    assert_non_null(strstr(buf, "share_n_profile_y4/havo"));
    es_diag_free(&d);
}

static void expect_refused(const char *path, const char *needle)
{
    es_diag d;
    es_diag_init(&d);
    FILE *tf = tmpfile();
    assert_int_not_equal(es_output_info(path, tf, &d), ES_OK);
    fclose(tf);
    assert_true(d.n >= 1);
    assert_non_null(strstr(d.msg[0], needle));
    double *v = NULL;
    int a, b, c;
    es_diag_clear(&d);
    assert_int_not_equal(es_output_read_indicator(path, "pupils", "po+vo", &v, &a, &b, &c, &d), ES_OK);
    es_diag_free(&d);
}

static void test_refusals(void **state)
{
    (void)state;
    /* foreign HDF5 */
    const char *foreign = EDUSIM_TEST_TMP "/out_foreign.h5";
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t h = H5Fcreate(foreign, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t n = 4;
    hid_t sp = H5Screate_simple(1, &n, NULL), ds = H5Dcreate2(h, "x", H5T_NATIVE_INT, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(ds); H5Sclose(sp); H5Fclose(h);
    expect_refused(foreign, "not an edusim results file");
    /* truncated copy of a complete file */
    const char *good = EDUSIM_TEST_TMP "/out_good.h5", *trunc = EDUSIM_TEST_TMP "/out_trunc.h5";
    write_file(good, 1, "name: base\n");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp %s %s", good, trunc);
    assert_int_equal(system(cmd), 0);
    FILE *f = fopen(trunc, "r+");
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fclose(f);
    assert_int_equal(truncate(trunc, sz / 2), 0);
    expect_refused(trunc, "cannot be read as HDF5");
    /* a text file, a missing file */
    const char *txt = EDUSIM_TEST_TMP "/out_text.h5";
    f = fopen(txt, "w");
    fputs("not hdf5\n", f);
    fclose(f);
    expect_refused(txt, "cannot be read as HDF5");
    expect_refused(EDUSIM_TEST_TMP "/no_such_file.h5", "cannot read");
    /* an incomplete file: abort leaves only .partial with status incomplete */
    const char *inc = EDUSIM_TEST_TMP "/out_inc.h5";
    write_file(inc, 0, "name: base\n");
    char part[512];
    snprintf(part, sizeof part, "%s.partial", inc);
    es_diag d;
    es_diag_init(&d);
    assert_int_not_equal(es_output_info(part, stdout, &d), ES_OK);
    assert_non_null(strstr(d.msg[0], "incomplete"));
    es_diag_free(&d);
}

static void test_unwritable_and_large_scenario(void **state)
{
    (void)state;
    es_diag d;
    es_diag_init(&d);
    es_layout l = layout();
    es_output *o = NULL;
    assert_int_equal(es_output_create("/nonexistent/dir/x.h5", &l, &PROV, &o, &d), ES_ERR_IO);
    assert_null(o);
    assert_non_null(strstr(d.msg[0], "does not exist"));
    es_diag_free(&d);
    /* a 200 KB scenario text round-trips through the root attribute */
    size_t big = 200000;
    char *text = malloc(big + 1);
    for (size_t k = 0; k < big; k++) text[k] = (char)('a' + k % 26);
    text[big] = 0;
    const char *f = EDUSIM_TEST_TMP "/out_big.h5";
    write_file(f, 1, text);
    hid_t h = H5Fopen(f, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t a = H5Aopen(h, "scenario", H5P_DEFAULT), t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    char *s = NULL;
    assert_true(H5Aread(a, t, &s) >= 0);
    assert_int_equal(strlen(s), big);
    assert_true(memcmp(s, text, big) == 0);
    H5free_memory(s);
    H5Tclose(t); H5Aclose(a); H5Fclose(h);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_unwritable_and_large_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
