/* output.c - write the self-describing HDF5 results file (layout in output.h).
 *
 * Every HDF5 call is checked; the first failure is kept as a message naming the
 * operation and the object. Strings are variable-length UTF-8 (no size limit on the
 * resolved scenario text). The file is PATH.partial until es_output_finish() sets
 * status="complete" and renames it. */
#include "edusim/output.h"

#include <errno.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output_internal.h"

struct es_output {
    char *path, *tmp;
    hid_t file;
    int nind, nyears, nregions, nruns, ncols;
    hid_t *ind;          /* [nind] open indicator datasets */
    hid_t cohorts, runs;
    hid_t cohort_type;   /* packed compound of the cohort columns */
    size_t cohort_size;
    size_t *cohort_off;  /* [ncols] */
    const es_col_desc *cols;
    int nscen;
    char err[512];
};

/* Runs table row in memory (and in the file, through the same compound type). */
typedef struct run_row {
    int32_t run;
    char *scenario;
    int32_t replicate;
    uint64_t seed;
    int32_t status;
    char *error;
} run_row;

static int fail(es_output *o, const char *fmt, ...)
{
    if (o->err[0]) return -1; /* keep the first cause */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->err, sizeof o->err, fmt, ap);
    va_end(ap);
    return -1;
}

#define CHK(expr, ...) do { if ((expr) < 0) return fail(o, __VA_ARGS__); } while (0)

hid_t es_h5_vlen_str(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

int es_h5_attr_str(hid_t obj, const char *name, const char *value)
{
    hid_t t = es_h5_vlen_str(), sp = H5Screate(H5S_SCALAR), a = -1;
    int rc = -1;
    if (t >= 0 && sp >= 0) {
        if (H5Aexists(obj, name) > 0) a = H5Aopen(obj, name, H5P_DEFAULT);
        else a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
        if (a >= 0 && H5Awrite(a, t, &value) >= 0) rc = 0;
    }
    if (a >= 0) H5Aclose(a);
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    return rc;
}

static int attr_num(hid_t obj, const char *name, hid_t type, const void *v)
{
    hid_t sp = H5Screate(H5S_SCALAR), a = sp >= 0 ? H5Acreate2(obj, name, type, sp, H5P_DEFAULT, H5P_DEFAULT) : -1;
    int rc = (a >= 0 && H5Awrite(a, type, v) >= 0) ? 0 : -1;
    if (a >= 0) H5Aclose(a);
    if (sp >= 0) H5Sclose(sp);
    return rc;
}

static int attr_str_array(hid_t obj, const char *name, const char **v, int n)
{
    hsize_t dim = (hsize_t)n;
    hid_t t = es_h5_vlen_str(), sp = H5Screate_simple(1, &dim, NULL);
    hid_t a = (t >= 0 && sp >= 0) ? H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT) : -1;
    int rc = (a >= 0 && H5Awrite(a, t, v) >= 0) ? 0 : -1;
    if (a >= 0) H5Aclose(a);
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    return rc;
}

static hid_t axis(es_output *o, hid_t grp, const char *name, hid_t type, hsize_t n, const void *data)
{
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t ds = sp >= 0 ? H5Dcreate2(grp, name, type, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    H5Sclose(sp);
    if (ds < 0 || (n > 0 && H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) ||
        H5DSset_scale(ds, name) < 0) {
        if (ds >= 0) H5Dclose(ds);
        fail(o, "HDF5 error creating /axes/%s in %s", name, o->tmp);
        return -1;
    }
    return ds;
}

static int create_runs(es_output *o, int nruns)
{
    hid_t str = es_h5_vlen_str(), t = H5Tcreate(H5T_COMPOUND, sizeof(run_row));
    if (str < 0 || t < 0) return fail(o, "HDF5 error creating the runs type");
    H5Tinsert(t, "run", HOFFSET(run_row, run), H5T_NATIVE_INT32);
    H5Tinsert(t, "scenario", HOFFSET(run_row, scenario), str);
    H5Tinsert(t, "replicate", HOFFSET(run_row, replicate), H5T_NATIVE_INT32);
    H5Tinsert(t, "seed", HOFFSET(run_row, seed), H5T_NATIVE_UINT64);
    H5Tinsert(t, "status", HOFFSET(run_row, status), H5T_NATIVE_INT32);
    H5Tinsert(t, "error", HOFFSET(run_row, error), str);
    hsize_t n = (hsize_t)nruns;
    hid_t sp = H5Screate_simple(1, &n, NULL);
    o->runs = H5Dcreate2(o->file, "runs", t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    run_row *rows = calloc((size_t)nruns, sizeof *rows);
    int rc = 0;
    if (o->runs < 0 || !rows) rc = fail(o, "HDF5 error creating /runs in %s", o->tmp);
    else {
        for (int k = 0; k < nruns; k++) rows[k] = (run_row){k, "", -1, 0, -1, ""};
        if (H5Dwrite(o->runs, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0)
            rc = fail(o, "HDF5 error writing /runs in %s", o->tmp);
        else if (attr_str_array(o->runs, "status_codes", (const char *[]){"-1 not run", "0 ok", "1 failed"}, 3) < 0)
            rc = fail(o, "HDF5 error writing /runs attributes in %s", o->tmp);
    }
    free(rows);
    H5Sclose(sp);
    H5Tclose(t);
    H5Tclose(str);
    return rc;
}

static int create_cohorts(es_output *o, const es_layout *lay)
{
    o->ncols = lay->ncohort_cols;
    o->cols = lay->cohort_cols;
    o->cohort_off = calloc((size_t)(o->ncols ? o->ncols : 1), sizeof *o->cohort_off);
    if (!o->cohort_off) return fail(o, "out of memory");
    size_t off = 0;
    for (int j = 0; j < o->ncols; j++) {
        o->cohort_off[j] = off;
        off += o->cols[j].is_int ? 4 : 8;
    }
    o->cohort_size = off ? off : 1;
    o->cohort_type = H5Tcreate(H5T_COMPOUND, o->cohort_size);
    if (o->cohort_type < 0) return fail(o, "HDF5 error creating the cohort type");
    for (int j = 0; j < o->ncols; j++)
        CHK(H5Tinsert(o->cohort_type, o->cols[j].name, o->cohort_off[j],
                      o->cols[j].is_int ? H5T_NATIVE_INT32 : H5T_NATIVE_DOUBLE),
            "HDF5 error: cohort column %s", o->cols[j].name);
    hsize_t zero = 0, unl = H5S_UNLIMITED, chunk = 1024;
    hid_t sp = H5Screate_simple(1, &zero, &unl), pl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(pl, 1, &chunk);
    o->cohorts = H5Dcreate2(o->file, "cohorts", o->cohort_type, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    H5Pclose(pl);
    H5Sclose(sp);
    if (o->cohorts < 0) return fail(o, "HDF5 error creating /cohorts in %s", o->tmp);
    const char **u = malloc((size_t)(o->ncols ? o->ncols : 1) * 3 * sizeof *u);
    if (!u) return fail(o, "out of memory");
    for (int j = 0; j < o->ncols; j++) {
        u[j] = o->cols[j].name;
        u[o->ncols + j] = o->cols[j].units;
        u[2 * o->ncols + j] = o->cols[j].description;
    }
    int rc = 0;
    if (attr_str_array(o->cohorts, "columns", u, o->ncols) < 0 ||
        attr_str_array(o->cohorts, "units", u + o->ncols, o->ncols) < 0 ||
        attr_str_array(o->cohorts, "description", u + 2 * o->ncols, o->ncols) < 0 ||
        es_h5_attr_str(o->cohorts, "about", "one row per (run, cohort, sex, region); outcomes at age 25") < 0)
        rc = fail(o, "HDF5 error writing /cohorts attributes in %s", o->tmp);
    free(u);
    return rc;
}

static int create_indicators(es_output *o, const es_layout *lay, hid_t sc[3])
{
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE), dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t dims[3] = {(hsize_t)lay->nruns, (hsize_t)lay->nyears, (hsize_t)lay->nregions};
    hsize_t chunk[3] = {1, dims[1] ? dims[1] : 1, dims[2] ? dims[2] : 1};
    double nan = NAN;
    H5Pset_create_intermediate_group(lcpl, 1);
    H5Pset_chunk(dcpl, 3, chunk);
    H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan);
    hid_t sp = H5Screate_simple(3, dims, NULL);
    int rc = 0;
    for (int k = 0; k < lay->nind && rc == 0; k++) {
        const es_ind_desc *x = &lay->ind[k];
        char name[256];
        snprintf(name, sizeof name, "indicators/%s/%s", x->name, x->subgroup);
        o->ind[k] = H5Dcreate2(o->file, name, H5T_IEEE_F64LE, sp, lcpl, dcpl, H5P_DEFAULT);
        if (o->ind[k] < 0 || es_h5_attr_str(o->ind[k], "units", x->units) < 0 ||
            es_h5_attr_str(o->ind[k], "description", x->description) < 0 ||
            H5DSattach_scale(o->ind[k], sc[0], 0) < 0 || H5DSattach_scale(o->ind[k], sc[1], 1) < 0 ||
            H5DSattach_scale(o->ind[k], sc[2], 2) < 0)
            rc = fail(o, "HDF5 error creating /%s in %s", name, o->tmp);
    }
    H5Sclose(sp);
    H5Pclose(lcpl);
    H5Pclose(dcpl);
    return rc;
}

static int create_all(es_output *o, const es_layout *lay, const es_provenance *prov)
{
    hid_t root = o->file;
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    char h5v[32], when[32];
    snprintf(h5v, sizeof h5v, "%u.%u.%u", maj, min, rel);
    time_t tt = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&tt));
    int32_t fv = 1, th = prov->threads;
    if (es_h5_attr_str(root, "format", "edusim-results") < 0 || attr_num(root, "format_version", H5T_NATIVE_INT32, &fv) < 0 ||
        es_h5_attr_str(root, "status", "incomplete") < 0 ||
        es_h5_attr_str(root, "program_version", prov->program_version) < 0 ||
        es_h5_attr_str(root, "git_revision", prov->git_revision) < 0 ||
        es_h5_attr_str(root, "compiler", prov->compiler) < 0 ||
        es_h5_attr_str(root, "compiler_flags", prov->compiler_flags) < 0 ||
        es_h5_attr_str(root, "hdf5_version", h5v) < 0 || attr_num(root, "threads", H5T_NATIVE_INT32, &th) < 0 ||
        attr_num(root, "seed", H5T_NATIVE_UINT64, &prov->seed) < 0 ||
        es_h5_attr_str(root, "command_line", prov->command_line ? prov->command_line : "") < 0 ||
        es_h5_attr_str(root, "created", when) < 0)
        return fail(o, "HDF5 error writing the attributes of %s", o->tmp);
    hid_t axes = H5Gcreate2(root, "axes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t g2 = H5Gcreate2(root, "scenarios", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (axes < 0 || g2 < 0) return fail(o, "HDF5 error creating groups in %s", o->tmp);
    H5Gclose(g2);
    int32_t *runs = malloc((size_t)(lay->nruns ? lay->nruns : 1) * sizeof *runs);
    if (!runs) { H5Gclose(axes); return fail(o, "out of memory"); }
    for (int k = 0; k < lay->nruns; k++) runs[k] = k;
    hid_t str = es_h5_vlen_str();
    hid_t sc[3] = {axis(o, axes, "run", H5T_NATIVE_INT32, (hsize_t)lay->nruns, runs),
                   axis(o, axes, "year", H5T_NATIVE_INT32, (hsize_t)lay->nyears, lay->years),
                   axis(o, axes, "region", str, (hsize_t)lay->nregions, lay->regions)};
    free(runs);
    H5Tclose(str);
    int rc = (sc[0] < 0 || sc[1] < 0 || sc[2] < 0) ? -1 : create_indicators(o, lay, sc);
    for (int k = 0; k < 3; k++) if (sc[k] >= 0) H5Dclose(sc[k]);
    H5Gclose(axes);
    if (rc == 0) rc = create_cohorts(o, lay);
    if (rc == 0) rc = create_runs(o, lay->nruns);
    return rc;
}

static void close_all(es_output *o)
{
    for (int k = 0; k < o->nind; k++) if (o->ind && o->ind[k] >= 0) H5Dclose(o->ind[k]);
    if (o->cohorts >= 0) H5Dclose(o->cohorts);
    if (o->runs >= 0) H5Dclose(o->runs);
    if (o->cohort_type >= 0) H5Tclose(o->cohort_type);
    if (o->file >= 0) H5Fclose(o->file);
    o->cohorts = o->runs = o->cohort_type = o->file = -1;
    for (int k = 0; k < o->nind; k++) if (o->ind) o->ind[k] = -1;
}

static void destroy(es_output *o)
{
    if (!o) return;
    close_all(o);
    free(o->ind);
    free(o->cohort_off);
    free(o->path);
    free(o->tmp);
    free(o);
}

const char *es_output_last_error(const es_output *o) { return o && o->err[0] ? o->err : ""; }

es_status es_output_create(const char *path, const es_layout *lay, const es_provenance *prov,
                           es_output **out, es_diag *d)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    es_output *o = calloc(1, sizeof *o);
    if (!o) return ES_ERR_NOMEM;
    o->file = o->cohorts = o->runs = o->cohort_type = -1;
    size_t n = strlen(path);
    o->path = malloc(n + 1);
    o->tmp = malloc(n + 9);
    o->ind = malloc((size_t)(lay->nind ? lay->nind : 1) * sizeof *o->ind);
    if (!o->path || !o->tmp || !o->ind) { destroy(o); return ES_ERR_NOMEM; }
    memcpy(o->path, path, n + 1);
    snprintf(o->tmp, n + 9, "%s.partial", path);
    o->nind = lay->nind;
    o->nyears = lay->nyears;
    o->nregions = lay->nregions;
    o->nruns = lay->nruns;
    for (int k = 0; k < o->nind; k++) o->ind[k] = -1;
    char reason[300];
    if (es_output_check_dir(path, reason, sizeof reason) != 0) {
        es_diag_add(d, "cannot create results file '%s': %s", o->tmp, reason);
        destroy(o);
        return ES_ERR_IO;
    }
    o->file = H5Fcreate(o->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (o->file < 0) {
        es_diag_add(d, "cannot create results file '%s': %s", o->tmp, errno ? strerror(errno) : "HDF5 error");
        destroy(o);
        return ES_ERR_IO;
    }
    if (create_all(o, lay, prov) < 0 || H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) {
        es_diag_add(d, "%s", o->err[0] ? o->err : "HDF5 error creating the results file");
        close_all(o);
        remove(o->tmp);
        destroy(o);
        return ES_ERR_IO;
    }
    *out = o;
    return ES_OK;
}

es_status es_output_add_scenario(es_output *o, const char *name, const char *yaml)
{
    char p[256];
    snprintf(p, sizeof p, "scenarios/%s", name);
    if (H5Lexists(o->file, p, H5P_DEFAULT) > 0) return ES_OK;
    hid_t t = es_h5_vlen_str(), sp = H5Screate(H5S_SCALAR);
    hid_t ds = H5Dcreate2(o->file, p, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int ok = ds >= 0 && H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &yaml) >= 0;
    if (ds >= 0) H5Dclose(ds);
    H5Sclose(sp);
    H5Tclose(t);
    if (ok && o->nscen++ == 0) ok = es_h5_attr_str(o->file, "scenario", yaml) == 0;
    if (!ok) {
        fail(o, "HDF5 error writing /%s in %s", p, o->tmp);
        return ES_ERR_IO;
    }
    return ES_OK;
}

es_status es_output_write_run(es_output *o, const es_run_info *info, const double *values,
                              int nrows, const double *rows)
{
    if (info->run < 0 || info->run >= o->nruns) {
        fail(o, "run %d outside the file's %d runs", info->run, o->nruns);
        return ES_ERR_INTERNAL;
    }
    hsize_t start[3] = {(hsize_t)info->run, 0, 0}, count[3] = {1, (hsize_t)o->nyears, (hsize_t)o->nregions};
    hid_t mem = H5Screate_simple(3, count, NULL);
    for (int k = 0; values && k < o->nind; k++) {
        hid_t fs = H5Dget_space(o->ind[k]);
        int ok = fs >= 0 && H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
                 H5Dwrite(o->ind[k], H5T_NATIVE_DOUBLE, mem, fs, H5P_DEFAULT,
                          values + (size_t)k * o->nyears * o->nregions) >= 0;
        if (fs >= 0) H5Sclose(fs);
        if (!ok) {
            H5Sclose(mem);
            fail(o, "HDF5 error writing indicator %d of run %d in %s", k, info->run, o->tmp);
            return ES_ERR_IO;
        }
    }
    H5Sclose(mem);
    if (nrows > 0 && es_output_append_rows(o->cohorts, o->cohort_type, o->cohort_size, o->cohort_off,
                                           o->cols, o->ncols, nrows, rows) < 0) {
        fail(o, "HDF5 error appending %d cohort rows in %s", nrows, o->tmp);
        return ES_ERR_IO;
    }
    run_row row = {info->run, (char *)(info->scenario ? info->scenario : ""), info->replicate, info->seed,
                   info->status, (char *)(info->error ? info->error : "")};
    if (es_output_write_run_row(o->runs, &row, sizeof row, info->run) < 0 ||
        H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) {
        fail(o, "HDF5 error writing /runs row %d in %s", info->run, o->tmp);
        return ES_ERR_IO;
    }
    return ES_OK;
}

es_status es_output_finish(es_output *o, es_diag *d)
{
    if (es_h5_attr_str(o->file, "status", "complete") < 0 || H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) {
        es_diag_add(d, "HDF5 error completing %s", o->tmp);
        es_output_abort(o);
        return ES_ERR_IO;
    }
    close_all(o);
    if (rename(o->tmp, o->path) != 0) {
        es_diag_add(d, "cannot rename '%s' to '%s': %s", o->tmp, o->path, strerror(errno));
        destroy(o);
        return ES_ERR_IO;
    }
    destroy(o);
    return ES_OK;
}

void es_output_abort(es_output *o) { destroy(o); }
