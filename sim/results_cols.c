/* results_cols.c - what es_results_load leaves out (it reads the cohort rows as bare
 * numbers and the runs without seeds): the cohort columns' names and units and each
 * run's seed, for `edusim export`. */
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/sweep.h"
#include "output_internal.h"

static char *dup_or_empty(const char *s)
{
    size_t n = strlen(s ? s : "");
    char *o = malloc(n + 1);
    if (o) memcpy(o, s ? s : "", n + 1);
    return o;
}

/* The string array attribute `name` of ds, if it has exactly n fixed-length entries:
 * out[k] copied. Variable-length strings are never read (their data sit in HDF5's
 * global heap, whose reader crashes on damage); edusim writes fixed-length ones. */
static void attr_strings(hid_t ds, const char *name, int n, char **out)
{
    if (H5Aexists(ds, name) <= 0) return;
    hid_t a = H5Aopen(ds, name, H5P_DEFAULT), sp = a >= 0 ? H5Aget_space(a) : -1, ft = a >= 0 ? H5Aget_type(a) : -1;
    size_t w = ft >= 0 && H5Tget_class(ft) == H5T_STRING && H5Tis_variable_str(ft) == 0 ? H5Tget_size(ft) : 0;
    char *buf = w && w < (1u << 20) && sp >= 0 && H5Sget_simple_extent_npoints(sp) == n ? calloc((size_t)(n ? n : 1), w) : NULL;
    if (buf && H5Aread(a, ft, buf) >= 0)
        for (int k = 0; k < n; k++) {
            char *o = malloc(w + 1);
            if (!o) break;
            memcpy(o, buf + (size_t)k * w, w);
            o[w] = 0;
            out[k] = o;
        }
    free(buf);
    if (ft >= 0) H5Tclose(ft);
    if (sp >= 0) H5Sclose(sp);
    if (a >= 0) H5Aclose(a);
}

static es_status read_columns(hid_t f, const char *path, es_results_extra *x, es_diag *d)
{
    if (H5Lexists(f, "cohorts", H5P_DEFAULT) <= 0) return ES_OK;
    es_status st = ES_OK;
    hid_t ds = H5Dopen2(f, "cohorts", H5P_DEFAULT), ft = ds >= 0 ? H5Dget_type(ds) : -1;
    int n = ft >= 0 ? H5Tget_nmembers(ft) : -1;
    if (n < 0) {
        es_diag_add(d, "cannot read the columns of /cohorts in '%s'", path);
        st = ES_ERR_INPUT;
    } else {
        x->ncols = n;
        x->col_name = calloc((size_t)(n ? n : 1), sizeof *x->col_name);
        x->col_units = calloc((size_t)(n ? n : 1), sizeof *x->col_units);
        if (!x->col_name || !x->col_units) st = ES_ERR_NOMEM;
        for (int j = 0; st == ES_OK && j < n; j++) {
            char *nm = H5Tget_member_name(ft, (unsigned)j);
            x->col_name[j] = dup_or_empty(nm);
            if (nm) H5free_memory(nm);
        }
        if (st == ES_OK) attr_strings(ds, "units", n, x->col_units);
        for (int j = 0; st == ES_OK && j < n; j++)
            if (!x->col_name[j] || (!x->col_units[j] && !(x->col_units[j] = dup_or_empty("")))) st = ES_ERR_NOMEM;
    }
    if (ft >= 0) H5Tclose(ft);
    if (ds >= 0) H5Dclose(ds);
    return st;
}

static es_status read_seeds(hid_t f, const char *path, es_results_extra *x, es_diag *d)
{
    hid_t ds = H5Dopen2(f, "runs", H5P_DEFAULT), sp = ds >= 0 ? H5Dget_space(ds) : -1;
    hsize_t n = 0;
    es_status st = ES_ERR_INPUT;
    if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, &n, NULL) == 1) {
        hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(uint64_t));
        x->nruns = (int)n;
        x->run_seed = calloc(n ? n : 1, sizeof *x->run_seed);
        if (!x->run_seed) st = ES_ERR_NOMEM;
        else if (mt >= 0 && H5Tinsert(mt, "seed", 0, H5T_NATIVE_UINT64) >= 0 &&
                 (n == 0 || H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, x->run_seed) >= 0))
            st = ES_OK;
        if (mt >= 0) H5Tclose(mt);
    }
    if (st == ES_ERR_INPUT) es_diag_add(d, "cannot read the seeds of /runs in '%s'", path);
    if (sp >= 0) H5Sclose(sp);
    if (ds >= 0) H5Dclose(ds);
    return st;
}

es_status es_results_extra_load(const char *path, es_results_extra *x, es_diag *d)
{
    memset(x, 0, sizeof *x);
    es_status st = ES_OK;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    hid_t f = es_output_open_checked(path, 1, &st, d);
    if (f < 0) {
        es_h5_quiet_off(&q);
        return st != ES_OK ? st : ES_ERR_INPUT;
    }
    st = read_columns(f, path, x, d);
    if (st == ES_OK) st = read_seeds(f, path, x, d);
    H5Fclose(f);
    es_h5_quiet_off(&q);
    if (st != ES_OK) es_results_extra_free(x);
    return st;
}

void es_results_extra_free(es_results_extra *x)
{
    for (int j = 0; j < x->ncols; j++) {
        if (x->col_name) free(x->col_name[j]);
        if (x->col_units) free(x->col_units[j]);
    }
    free(x->col_name);
    free(x->col_units);
    free(x->run_seed);
    memset(x, 0, sizeof *x);
}
