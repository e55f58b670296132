/* test_output.c - HDF5 results files: round trip of values and attributes (through
 * es_output_read_indicator and the raw HDF5 API), dimension scales, the .partial
 * protocol, failed and unwritten runs, cohort rows, large scenario texts, `info`, and
 * refusal of missing, foreign, truncated, non-HDF5 and incomplete files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edusim/output.h"

#define TMP EDUSIM_TEST_TMP "/"
#define NIND 3
#define NRUN 2
#define NYEAR 3
#define NREG 3

static const es_ind_desc IND[NIND] = {
    {"share_n_profile", "havo", "pct", "share of havo pupils with an N-profile"},
    {"pupils", "po+vo", "count", "pupils in primary and secondary education"},
    {"teacher_shortage", "all", "fte", "vacancies not filled"},
};
static const es_col_desc COLS[4] = {
    {"run", "index", "run index", 1},
    {"cohort", "school year", "school year of entry", 1},
    {"hbo", "pct", "share with an hbo bachelor", 0},
    {"region", "index", "region index", 1},
};
static const int32_t YEARS[NYEAR] = {2010, 2011, 2012};
static const char *const REGIONS[NREG] = {"Noord", "Zuid", "national"};
static const es_provenance PROV = {"0.1.0", "abc123def456", "GNU 12.2.0", "-O2 -g", "edusim run x.yaml", 4,
                                   UINT64_C(12345678901234567)};

static es_layout layout(int nruns)
{
    es_layout l = {NIND, IND, NYEAR, YEARS, NREG, REGIONS, nruns, 4, COLS};
    return l;
}

/* Known value of indicator k, run r, year y, region g. */
static double val(int k, int r, int y, int g) { return 1000.0 * k + 100.0 * r + 10.0 * y + g + 0.125; }

static int exists(const char *p) { return access(p, F_OK) == 0; }

static void partial_of(const char *path, char *buf, size_t n) { snprintf(buf, n, "%s.partial", path); }

static void remove_both(const char *path)
{
    char part[512];
    partial_of(path, part, sizeof part);
    remove(path);
    remove(part);
}

static void fill_values(double *v, int r)
{
    for (int k = 0; k < NIND; k++)
        for (int y = 0; y < NYEAR; y++)
            for (int g = 0; g < NREG; g++) v[(k * NYEAR + y) * NREG + g] = val(k, r, y, g);
}

/* Create PATH with NRUN runs written; finish (1) or abort (0). */
static void write_file(const char *path, int finish, const char *scenario_text)
{
    es_diag d;
    es_diag_init(&d);
    es_layout l = layout(NRUN);
    es_output *o = NULL;
    char part[512];
    partial_of(path, part, sizeof part);
    remove_both(path);
    assert_int_equal(es_output_create(path, &l, &PROV, &o, &d), ES_OK);
    assert_non_null(o);
    assert_int_equal(d.n, 0);
    assert_true(exists(part));
    assert_false(exists(path));
    assert_int_equal(es_output_add_scenario(o, "base", scenario_text), ES_OK);
    double v[NIND * NYEAR * NREG];
    for (int r = 0; r < NRUN; r++) {
        fill_values(v, r);
        double rows[2 * 4] = {r, 2001, 10.5 + r, 0, r, 2002, 20.25 + r, 2};
        es_run_info info = {r, "base", r, 42 + (uint64_t)r, 0, ""};
        assert_int_equal(es_output_write_run(o, &info, v, 2, rows), ES_OK);
        assert_true(exists(part));
        assert_false(exists(path));
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
    assert_int_equal(d.n, 0);
    es_diag_free(&d);
}

/* ---- raw HDF5 helpers ---- */

/* Strings are fixed-length (format 2): n of them from an attribute or a dataset, read
 * with its own type into one block of n * (size + 1) bytes; string k at k * (size + 1). */
static char *read_fixed(hid_t obj, int is_attr, int n, size_t *width)
{
    hid_t t = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
    assert_true(t >= 0);
    assert_int_equal(H5Tis_variable_str(t), 0);
    size_t w = H5Tget_size(t);
    char *raw = calloc((size_t)n, w), *out = calloc((size_t)n, w + 1);
    assert_true(raw && out);
    assert_true((is_attr ? H5Aread(obj, t, raw) : H5Dread(obj, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw)) >= 0);
    for (int k = 0; k < n; k++) memcpy(out + (size_t)k * (w + 1), raw + (size_t)k * w, w);
    free(raw);
    H5Tclose(t);
    *width = w + 1;
    return out;
}

static char *attr_str(hid_t obj, const char *name)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    assert_true(a >= 0);
    size_t w;
    char *c = read_fixed(a, 1, 1, &w);
    H5Aclose(a);
    return c;
}

static void assert_attr_str(hid_t obj, const char *name, const char *want)
{
    char *s = attr_str(obj, name);
    assert_string_equal(s, want);
    free(s);
}

static int64_t attr_i64(hid_t obj, const char *name)
{
    int64_t v = -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Aread(a, H5T_NATIVE_INT64, &v) >= 0);
    H5Aclose(a);
    return v;
}

static char *slurp(FILE *f)
{
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    rewind(f);
    char *buf = calloc((size_t)n + 1, 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    return buf;
}

static void copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    assert_non_null(a);
    assert_non_null(b);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, a)) > 0) assert_int_equal(fwrite(buf, 1, n, b), n);
    fclose(a);
    assert_int_equal(fclose(b), 0);
}

/* ---- tests ---- */

static void test_round_trip_values(void **state)
{
    (void)state;
    const char *f = TMP "out_rt.h5";
    write_file(f, 1, "name: base\nseed: 42\n");
    es_diag d;
    es_diag_init(&d);
    for (int k = 0; k < NIND; k++) {
        double *v = NULL;
        int nr = 0, ny = 0, ng = 0;
        assert_int_equal(es_output_read_indicator(f, IND[k].name, IND[k].subgroup, &v, &nr, &ny, &ng, &d), ES_OK);
        assert_int_equal(nr, NRUN);
        assert_int_equal(ny, NYEAR);
        assert_int_equal(ng, NREG);
        for (int r = 0; r < NRUN; r++)
            for (int y = 0; y < NYEAR; y++)
                for (int g = 0; g < NREG; g++) assert_true(v[(r * NYEAR + y) * NREG + g] == val(k, r, y, g));
        free(v);
    }
    double *v = NULL;
    int nr, ny, ng;
    assert_int_equal(es_output_read_indicator(f, "no_such", "all", &v, &nr, &ny, &ng, &d), ES_ERR_INPUT);
    assert_null(v);
    assert_non_null(strstr(d.msg[0], "no indicator no_such/all"));
    es_diag_free(&d);
}

static void test_round_trip_raw(void **state)
{
    (void)state;
    const char *f = TMP "out_raw.h5";
    write_file(f, 1, "name: base\n");
    hid_t h = H5Fopen(f, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(h >= 0);
    /* root attributes */
    assert_attr_str(h, "format", "edusim-results");
    assert_attr_str(h, "status", "complete");
    assert_attr_str(h, "program_version", "0.1.0");
    assert_attr_str(h, "git_revision", "abc123def456");
    assert_attr_str(h, "compiler", "GNU 12.2.0");
    assert_attr_str(h, "compiler_flags", "-O2 -g");
    assert_attr_str(h, "command_line", "edusim run x.yaml");
    assert_attr_str(h, "scenario", "name: base\n");
    assert_int_equal(attr_i64(h, "format_version"), 2);
    assert_int_equal(attr_i64(h, "threads"), 4);
    uint64_t seed = 0;
    hid_t a = H5Aopen(h, "seed", H5P_DEFAULT);
    assert_true(H5Aread(a, H5T_NATIVE_UINT64, &seed) >= 0);
    H5Aclose(a);
    assert_true(seed == UINT64_C(12345678901234567));
    char *s = attr_str(h, "hdf5_version");
    unsigned maj, min, rel;
    char want[48];
    H5get_libversion(&maj, &min, &rel);
    snprintf(want, sizeof want, "%u.%u.%u", maj, min, rel);
    assert_string_equal(s, want);
    free(s);
    s = attr_str(h, "created"); /* YYYY-MM-DDTHH:MM:SSZ */
    assert_int_equal(strlen(s), 20);
    assert_true(s[4] == '-' && s[10] == 'T' && s[19] == 'Z');
    free(s);
    /* axes */
    hid_t sc[3] = {H5Dopen2(h, "axes/run", H5P_DEFAULT), H5Dopen2(h, "axes/year", H5P_DEFAULT),
                   H5Dopen2(h, "axes/region", H5P_DEFAULT)};
    for (int j = 0; j < 3; j++) {
        assert_true(sc[j] >= 0);
        assert_true(H5DSis_scale(sc[j]) > 0);
    }
    int32_t runs[NRUN], yrs[NYEAR];
    assert_true(H5Dread(sc[0], H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, runs) >= 0);
    assert_true(H5Dread(sc[1], H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, yrs) >= 0);
    for (int r = 0; r < NRUN; r++) assert_int_equal(runs[r], r);
    for (int y = 0; y < NYEAR; y++) assert_int_equal(yrs[y], YEARS[y]);
    size_t w;
    char *reg = read_fixed(sc[2], 0, NREG, &w);
    for (int g = 0; g < NREG; g++) assert_string_equal(reg + (size_t)g * w, REGIONS[g]);
    free(reg);
    hid_t st = H5Tcopy(H5T_C_S1);
    H5Tset_size(st, 80);
    H5Tset_cset(st, H5T_CSET_UTF8);
    char name[16];
    assert_true(H5DSget_scale_name(sc[1], name, sizeof name) > 0);
    assert_string_equal(name, "year");
    /* indicators: attributes, layout, scales attached */
    for (int k = 0; k < NIND; k++) {
        char p[128];
        snprintf(p, sizeof p, "indicators/%s/%s", IND[k].name, IND[k].subgroup);
        hid_t ds = H5Dopen2(h, p, H5P_DEFAULT);
        assert_true(ds >= 0);
        assert_attr_str(ds, "units", IND[k].units);
        assert_attr_str(ds, "description", IND[k].description);
        for (unsigned j = 0; j < 3; j++) assert_true(H5DSis_attached(ds, sc[j], j) > 0);
        assert_true(H5DSis_attached(ds, sc[1], 0) == 0);
        hid_t t = H5Dget_type(ds), pl = H5Dget_create_plist(ds);
        assert_true(H5Tequal(t, H5T_IEEE_F64LE) > 0);
        hsize_t chunk[3];
        assert_int_equal(H5Pget_chunk(pl, 3, chunk), 3);
        assert_true(chunk[0] == 1 && chunk[1] == NYEAR && chunk[2] == NREG);
        double fill = 0;
        assert_true(H5Pget_fill_value(pl, H5T_NATIVE_DOUBLE, &fill) >= 0);
        assert_true(isnan(fill));
        H5Pclose(pl);
        H5Tclose(t);
        H5Dclose(ds);
    }
    /* runs table */
    typedef struct {
        int32_t status;
        uint64_t seed;
        char scenario[80];
    } rrow;
    hid_t rt = H5Tcreate(H5T_COMPOUND, sizeof(rrow));
    H5Tinsert(rt, "status", HOFFSET(rrow, status), H5T_NATIVE_INT32);
    H5Tinsert(rt, "seed", HOFFSET(rrow, seed), H5T_NATIVE_UINT64);
    H5Tinsert(rt, "scenario", HOFFSET(rrow, scenario), st);
    rrow rr[NRUN];
    hid_t rd = H5Dopen2(h, "runs", H5P_DEFAULT);
    assert_true(H5Dread(rd, rt, H5S_ALL, H5S_ALL, H5P_DEFAULT, rr) >= 0);
    for (int r = 0; r < NRUN; r++) {
        assert_int_equal(rr[r].status, 0);
        assert_true(rr[r].seed == 42 + (uint64_t)r);
        assert_string_equal(rr[r].scenario, "base");
    }
    H5Dclose(rd);
    H5Tclose(rt);
    H5Tclose(st);
    for (int j = 0; j < 3; j++) H5Dclose(sc[j]);
    assert_true(H5Fclose(h) >= 0);
}

static void test_cohort_rows(void **state)
{
    (void)state;
    const char *f = TMP "out_cohorts.h5";
    es_diag d;
    es_diag_init(&d);
    es_layout l = layout(NRUN);
    es_output *o = NULL;
    remove_both(f);
    assert_int_equal(es_output_create(f, &l, &PROV, &o, &d), ES_OK);
    double v[NIND * NYEAR * NREG];
    for (int r = 0; r < NRUN; r++) {
        fill_values(v, r);
        /* run 1 has three rows, the last with a NaN in the integer column "cohort" */
        double rows[3 * 4] = {r, 2001, 10.5 + r, 0, r, 2002.4, 20.25 + r, 2, r, NAN, 30.0, 1};
        es_run_info info = {r, "base", 0, 7, 0, ""};
        assert_int_equal(es_output_write_run(o, &info, v, r ? 3 : 2, rows), ES_OK);
    }
    assert_int_equal(es_output_finish(o, &d), ES_OK);
    hid_t h = H5Fopen(f, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t co = H5Dopen2(h, "cohorts", H5P_DEFAULT);
    assert_true(co >= 0);
    hid_t sp = H5Dget_space(co);
    assert_int_equal(H5Sget_simple_extent_npoints(sp), 5);
    H5Sclose(sp);
    hid_t ft = H5Dget_type(co);
    assert_int_equal(H5Tget_nmembers(ft), 4);
    hid_t m = H5Tget_member_type(ft, 1);
    assert_true(H5Tget_class(m) == H5T_INTEGER && H5Tget_size(m) == 4);
    H5Tclose(m);
    m = H5Tget_member_type(ft, 2);
    assert_true(H5Tget_class(m) == H5T_FLOAT && H5Tget_size(m) == 8);
    H5Tclose(m);
    H5Tclose(ft);
    typedef struct {
        int32_t cohort;
        double hbo;
        int32_t run;
    } crow;
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(crow));
    H5Tinsert(t, "cohort", HOFFSET(crow, cohort), H5T_NATIVE_INT32);
    H5Tinsert(t, "hbo", HOFFSET(crow, hbo), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "run", HOFFSET(crow, run), H5T_NATIVE_INT32);
    crow c[5];
    assert_true(H5Dread(co, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, c) >= 0);
    const int32_t want_cohort[5] = {2001, 2002, 2001, 2002, INT32_MIN};
    const double want_hbo[5] = {10.5, 20.25, 11.5, 21.25, 30.0};
    const int32_t want_run[5] = {0, 0, 1, 1, 1};
    for (int k = 0; k < 5; k++) {
        assert_int_equal(c[k].cohort, want_cohort[k]);
        assert_true(c[k].hbo == want_hbo[k]);
        assert_int_equal(c[k].run, want_run[k]);
    }
    /* string-array attributes in column order */
    hid_t a = H5Aopen(co, "units", H5P_DEFAULT);
    size_t w;
    char *u = read_fixed(a, 1, 4, &w);
    for (int k = 0; k < 4; k++) assert_string_equal(u + (size_t)k * w, COLS[k].units);
    free(u);
    H5Aclose(a);
    a = H5Aopen(co, "columns", H5P_DEFAULT);
    u = read_fixed(a, 1, 4, &w);
    for (int k = 0; k < 4; k++) assert_string_equal(u + (size_t)k * w, COLS[k].name);
    free(u);
    H5Aclose(a);
    H5Tclose(t);
    H5Dclose(co);
    H5Fclose(h);
    es_diag_free(&d);
}

static void test_failed_and_unwritten_runs(void **state)
{
    (void)state;
    const char *f = TMP "out_failed.h5";
    es_diag d;
    es_diag_init(&d);
    es_layout l = layout(3);
    es_output *o = NULL;
    remove_both(f);
    assert_int_equal(es_output_create(f, &l, &PROV, &o, &d), ES_OK);
    double v[NIND * NYEAR * NREG];
    fill_values(v, 0);
    es_run_info ok = {0, "base", 0, 1, 0, ""}, bad = {1, "high", 1, 2, 1, "population died out in 2011"};
    /* every scenario a run names is stored (readers check it) */
    assert_int_equal(es_output_add_scenario(o, "base", "name: base\n"), ES_OK);
    assert_int_equal(es_output_add_scenario(o, "high", "name: high\n"), ES_OK);
    assert_int_equal(es_output_write_run(o, &ok, v, 0, NULL), ES_OK);
    /* run 1 is first written, then rewritten as failed: its values become NaN again */
    assert_int_equal(es_output_write_run(o, &ok, v, 0, NULL), ES_OK);
    bad.run = 1;
    es_run_info first = ok;
    first.run = 1;
    assert_int_equal(es_output_write_run(o, &first, v, 0, NULL), ES_OK);
    assert_int_equal(es_output_write_run(o, &bad, NULL, 0, NULL), ES_OK);
    assert_string_equal(es_output_last_error(o), "");
    assert_int_equal(es_output_finish(o, &d), ES_OK);
    double *x = NULL;
    int nr, ny, ng;
    assert_int_equal(es_output_read_indicator(f, "pupils", "po+vo", &x, &nr, &ny, &ng, &d), ES_OK);
    assert_int_equal(nr, 3);
    for (int i = 0; i < NYEAR * NREG; i++) {
        assert_true(x[i] == val(1, 0, i / NREG, i % NREG));
        assert_true(isnan(x[NYEAR * NREG + i]));
        assert_true(isnan(x[2 * NYEAR * NREG + i]));
    }
    free(x);
    hid_t h = H5Fopen(f, H5F_ACC_RDONLY, H5P_DEFAULT);
    typedef struct {
        int32_t status;
        char error[256];
    } rrow;
    hid_t st = H5Tcopy(H5T_C_S1), t = H5Tcreate(H5T_COMPOUND, sizeof(rrow));
    H5Tset_size(st, 256);
    H5Tset_cset(st, H5T_CSET_UTF8);
    H5Tinsert(t, "status", HOFFSET(rrow, status), H5T_NATIVE_INT32);
    H5Tinsert(t, "error", HOFFSET(rrow, error), st);
    rrow rr[3];
    hid_t ds = H5Dopen2(h, "runs", H5P_DEFAULT);
    assert_true(H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rr) >= 0);
    assert_int_equal(rr[0].status, 0);
    assert_int_equal(rr[1].status, 1);
    assert_int_equal(rr[2].status, -1);
    assert_string_equal(rr[1].error, "population died out in 2011");
    assert_string_equal(rr[2].error, "");
    H5Dclose(ds);
    H5Tclose(t);
    H5Tclose(st);
    H5Fclose(h);
    FILE *tf = tmpfile();
    assert_int_equal(es_output_info(f, tf, &d), ES_OK);
    char *out = slurp(tf);
    fclose(tf);
    assert_non_null(strstr(out, "ok 1, failed 1, not run 1"));
    free(out);
    es_diag_free(&d);
}

static void test_abort_and_replace(void **state)
{
    (void)state;
    es_output_abort(NULL);
    const char *f = TMP "out_abort.h5";
    char part[512];
    partial_of(f, part, sizeof part);
    write_file(f, 0, "name: base\n");
    hid_t h = H5Fopen(part, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(h >= 0);
    assert_attr_str(h, "status", "incomplete");
    H5Fclose(h);
    /* the partial file holds the runs written so far */
    es_diag d;
    es_diag_init(&d);
    double *v = NULL;
    int nr, ny, ng;
    assert_int_equal(es_output_read_indicator(part, "pupils", "po+vo", &v, &nr, &ny, &ng, &d), ES_OK);
    assert_true(v[NYEAR * NREG] == val(1, 1, 0, 0));
    free(v);
    /* finish replaces an existing PATH */
    const char *g = TMP "out_replace.h5";
    remove_both(g);
    FILE *old = fopen(g, "w");
    fputs("old results\n", old);
    fclose(old);
    es_layout l = layout(NRUN);
    es_output *o = NULL;
    assert_int_equal(es_output_create(g, &l, &PROV, &o, &d), ES_OK);
    assert_true(exists(g)); /* the old file stays until finish */
    assert_int_equal(es_output_finish(o, &d), ES_OK);
    assert_true(H5Fis_hdf5(g) > 0);
    partial_of(g, part, sizeof part);
    assert_false(exists(part));
    es_diag_free(&d);
}

static void test_info_good(void **state)
{
    (void)state;
    const char *f = TMP "out_info.h5";
    write_file(f, 1, "name: base\n");
    es_diag d;
    es_diag_init(&d);
    FILE *tf = tmpfile();
    assert_int_equal(es_output_info(f, tf, &d), ES_OK);
    assert_int_equal(d.n, 0);
    char *out = slurp(tf);
    fclose(tf);
    assert_non_null(strstr(out, "share_n_profile/havo"));
    assert_non_null(strstr(out, "teacher_shortage/all"));
    assert_non_null(strstr(out, "abc123def456"));
    assert_non_null(strstr(out, "2010-2012"));
    assert_non_null(strstr(out, "Noord, Zuid, national"));
    assert_non_null(strstr(out, "12345678901234567"));
    char want[64]; /* pupils, national, last year, run 0 */
    snprintf(want, sizeof want, "%.6g", val(1, 0, NYEAR - 1, NREG - 1));
    const char *row = strstr(out, "pupils/po+vo");
    assert_non_null(row);
    assert_non_null(strstr(row, want));
    free(out);
    es_diag_free(&d);
}

static void expect_refused(const char *path, es_status want_st, const char *needle, int read_too)
{
    es_diag d;
    es_diag_init(&d);
    FILE *tf = tmpfile();
    assert_int_equal(es_output_info(path, tf, &d), want_st);
    assert_int_equal(ftell(tf), 0); /* nothing printed */
    fclose(tf);
    assert_int_equal(d.n, 1);
    if (!strstr(d.msg[0], needle) || !strstr(d.msg[0], path)) fail_msg("message '%s' lacks '%s'", d.msg[0], needle);
    es_diag_clear(&d);
    if (read_too) {
        double *v = NULL;
        int a, b, c;
        assert_int_equal(es_output_read_indicator(path, "pupils", "po+vo", &v, &a, &b, &c, &d), want_st);
        assert_null(v);
        assert_non_null(strstr(d.msg[0], needle));
    }
    es_diag_free(&d);
}

static herr_t counting_handler(hid_t stack, void *data)
{
    (void)stack;
    (*(int *)data)++;
    return 0;
}

static void test_refusals(void **state)
{
    (void)state;
    /* a caller's HDF5 error handler is neither called nor replaced */
    int calls = 0;
    H5E_auto2_t old_func;
    void *old_data;
    assert_true(H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data) >= 0);
    assert_true(H5Eset_auto2(H5E_DEFAULT, counting_handler, &calls) >= 0);
    /* a foreign HDF5 file */
    const char *foreign = TMP "out_foreign.h5";
    hid_t h = H5Fcreate(foreign, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t n = 4;
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t ds = H5Dcreate2(h, "x", H5T_NATIVE_INT, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(ds);
    H5Sclose(sp);
    H5Fclose(h);
    expect_refused(foreign, ES_ERR_INPUT, "is not an edusim results file", 1);
    /* a complete file truncated to half its size */
    const char *good = TMP "out_good.h5", *trunc = TMP "out_trunc.h5";
    write_file(good, 1, "name: base\n");
    copy_file(good, trunc);
    struct stat sb;
    assert_int_equal(stat(trunc, &sb), 0);
    assert_int_equal(truncate(trunc, sb.st_size / 2), 0);
    expect_refused(trunc, ES_ERR_INPUT, "is truncated", 1);
    /* one flipped bit anywhere after the header: refused before HDF5 reads it */
    const char *flip = TMP "out_flip.h5";
    struct stat gs;
    assert_int_equal(stat(good, &gs), 0);
    for (int k = 0; k < 8; k++) {
        copy_file(good, flip);
        FILE *fp = fopen(flip, "r+b");
        long at = 512 + (long)(((gs.st_size - 512) / 8) * k + 17 * k) % (gs.st_size - 512);
        fseek(fp, at, SEEK_SET);
        int c = fgetc(fp);
        fseek(fp, at, SEEK_SET);
        fputc(c ^ (1 << (k % 8)), fp);
        fclose(fp);
        expect_refused(flip, ES_ERR_INPUT, "is damaged: its CRC-32", 1);
    }
    /* a text file, a missing file, a directory */
    const char *txt = TMP "out_text.h5";
    FILE *f = fopen(txt, "w");
    fputs("run: not hdf5\n", f);
    fclose(f);
    expect_refused(txt, ES_ERR_INPUT, "is not an HDF5 file", 1);
    expect_refused(TMP "out_no_such_file.h5", ES_ERR_IO, "No such file", 1);
    expect_refused(EDUSIM_TEST_TMP, ES_ERR_INPUT, "is a directory", 1);
    /* an incomplete file (aborted): info refuses it */
    const char *inc = TMP "out_inc.h5";
    char part[512];
    partial_of(inc, part, sizeof part);
    write_file(inc, 0, "name: base\n");
    expect_refused(part, ES_ERR_INPUT, "is incomplete (status=incomplete)", 0);
    assert_int_equal(calls, 0);
    H5E_auto2_t now_func;
    void *now_data;
    assert_true(H5Eget_auto2(H5E_DEFAULT, &now_func, &now_data) >= 0);
    assert_true(now_func == counting_handler && now_data == &calls);
    assert_true(H5Eset_auto2(H5E_DEFAULT, old_func, old_data) >= 0);
    /* the checks never modify the file */
    struct stat before, after;
    assert_int_equal(stat(good, &before), 0);
    es_diag d;
    es_diag_init(&d);
    FILE *tf = tmpfile();
    assert_int_equal(es_output_info(good, tf, &d), ES_OK);
    fclose(tf);
    assert_int_equal(stat(good, &after), 0);
    assert_true(before.st_mtime == after.st_mtime && before.st_size == after.st_size);
    es_diag_free(&d);
}

static void test_create_fails(void **state)
{
    (void)state;
    es_diag d;
    es_diag_init(&d);
    es_layout l = layout(NRUN);
    es_output *o = NULL;
    const char *p = TMP "no_such_dir/x.h5";
    assert_int_equal(es_output_create(p, &l, &PROV, &o, &d), ES_ERR_IO);
    assert_null(o);
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.msg[0], "cannot create results file '" TMP "no_such_dir/x.h5.partial'"));
    assert_non_null(strstr(d.msg[0], "does not exist"));
    es_diag_clear(&d);
    /* the "directory" is a regular file */
    const char *file = TMP "out_plainfile";
    FILE *f = fopen(file, "w");
    fclose(f);
    assert_int_equal(es_output_create(TMP "out_plainfile/x.h5", &l, &PROV, &o, &d), ES_ERR_IO);
    assert_non_null(strstr(d.msg[0], "not a directory"));
    es_diag_clear(&d);
    /* an unwritable directory (not testable as root, who may write anywhere) */
    if (geteuid() != 0) {
        const char *ro = TMP "out_readonly";
        mkdir(ro, 0700);
        assert_int_equal(chmod(ro, 0500), 0);
        assert_int_equal(es_output_create(TMP "out_readonly/x.h5", &l, &PROV, &o, &d), ES_ERR_IO);
        assert_non_null(strstr(d.msg[0], "permission denied"));
        assert_false(exists(TMP "out_readonly/x.h5.partial"));
        chmod(ro, 0700);
        es_diag_clear(&d);
    }
    /* invalid layouts and calls */
    es_layout bad = layout(0);
    assert_int_equal(es_output_create(TMP "out_bad.h5", &bad, &PROV, &o, &d), ES_ERR_INTERNAL);
    assert_false(exists(TMP "out_bad.h5.partial"));
    es_ind_desc slash[1] = {{"a/b", "all", "pct", "x"}};
    bad = layout(1);
    bad.nind = 1;
    bad.ind = slash;
    assert_int_equal(es_output_create(TMP "out_bad.h5", &bad, &PROV, &o, &d), ES_ERR_INTERNAL);
    assert_non_null(strstr(d.msg[1], "invalid layout"));
    es_diag_clear(&d);
    assert_int_equal(es_output_create(TMP "out_args.h5", &l, &PROV, &o, &d), ES_OK);
    es_run_info info = {NRUN, "base", 0, 1, 0, ""};
    assert_int_equal(es_output_write_run(o, &info, NULL, 0, NULL), ES_ERR_INTERNAL);
    assert_non_null(strstr(es_output_last_error(o), "invalid run 2"));
    assert_int_equal(es_output_add_scenario(o, "a/b", "x: 1\n"), ES_ERR_INPUT);
    es_output_abort(o);
    remove(TMP "out_args.h5.partial");
    es_diag_free(&d);
}

static void test_large_scenario(void **state)
{
    (void)state;
    size_t big = 200 * 1024;
    char *text = malloc(big + 1);
    assert_non_null(text);
    for (size_t k = 0; k < big; k++) text[k] = (k % 64 == 63) ? '\n' : (char)('a' + k % 26);
    text[big] = 0;
    const char *f = TMP "out_big.h5";
    es_diag d;
    es_diag_init(&d);
    es_layout l = layout(NRUN);
    es_output *o = NULL;
    remove_both(f);
    assert_int_equal(es_output_create(f, &l, &PROV, &o, &d), ES_OK);
    assert_int_equal(es_output_add_scenario(o, "big", text), ES_OK);
    assert_int_equal(es_output_add_scenario(o, "big", "ignored: 1\n"), ES_OK);
    assert_int_equal(es_output_add_scenario(o, "second", "name: second\n"), ES_OK);
    assert_int_equal(es_output_finish(o, &d), ES_OK);
    hid_t h = H5Fopen(f, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(h >= 0);
    char *s = attr_str(h, "scenario");
    assert_int_equal(strlen(s), big);
    assert_true(memcmp(s, text, big) == 0);
    free(s);
    const char *names[2] = {"scenarios/big", "scenarios/second"};
    for (int k = 0; k < 2; k++) {
        hid_t ds = H5Dopen2(h, names[k], H5P_DEFAULT);
        assert_true(ds >= 0);
        size_t w;
        char *y = read_fixed(ds, 0, 1, &w);
        assert_string_equal(y, k ? "name: second\n" : text);
        free(y);
        H5Dclose(ds);
    }
    H5Fclose(h);
    FILE *tf = tmpfile();
    assert_int_equal(es_output_info(f, tf, &d), ES_OK);
    char *out = slurp(tf);
    fclose(tf);
    assert_non_null(strstr(out, "big, second"));
    free(out);
    free(text);
    es_diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_values),
        cmocka_unit_test(test_round_trip_raw),
        cmocka_unit_test(test_cohort_rows),
        cmocka_unit_test(test_failed_and_unwritten_runs),
        cmocka_unit_test(test_abort_and_replace),
        cmocka_unit_test(test_info_good),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_create_fails),
        cmocka_unit_test(test_large_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
