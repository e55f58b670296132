/* results.c - a whole results file into memory, for `compare` and tools. */
#include <hdf5.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/sweep.h"
#include "output_internal.h"

static char *dupstr(const char *s)
{
    size_t n = strlen(s ? s : "");
    char *d = malloc(n + 1);
    if (d) memcpy(d, s ? s : "", n + 1);
    return d;
}

typedef struct walk {
    es_results *r;
    hid_t file;
    int cap, fail;
} walk;

static herr_t add_sub(hid_t grp, const char *sub, const H5L_info_t *li, void *op)
{
    (void)li;
    walk *w = op;
    es_results *r = w->r;
    char gname[512];
    H5Iget_name(grp, gname, sizeof gname);
    const char *ind = strrchr(gname, '/') ? strrchr(gname, '/') + 1 : gname;
    if (r->nind == w->cap) {
        int cap = w->cap ? 2 * w->cap : 256;
        char **a = realloc(r->ind_name, (size_t)cap * sizeof *a), **b = a ? realloc(r->ind_sub, (size_t)cap * sizeof *b) : NULL;
        char **c = b ? realloc(r->ind_units, (size_t)cap * sizeof *c) : NULL;
        if (a) r->ind_name = a;
        if (b) r->ind_sub = b;
        if (c) r->ind_units = c;
        if (!a || !b || !c) { w->fail = 1; return -1; }
        w->cap = cap;
    }
    hid_t ds = H5Dopen2(grp, sub, H5P_DEFAULT);
    if (ds < 0) { w->fail = 1; return -1; }
    char *u = NULL;
    es_h5_attr_get_str(ds, "units", &u);
    H5Dclose(ds);
    r->ind_name[r->nind] = dupstr(ind);
    r->ind_sub[r->nind] = dupstr(sub);
    r->ind_units[r->nind] = u ? u : dupstr("");
    r->nind++;
    return 0;
}

static herr_t add_ind(hid_t grp, const char *name, const H5L_info_t *li, void *op)
{
    (void)li;
    hid_t g = H5Gopen2(grp, name, H5P_DEFAULT);
    if (g < 0) return -1;
    herr_t rc = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, add_sub, op);
    H5Gclose(g);
    return rc;
}

typedef struct run_mem {
    char scenario[ES_RUN_NAME_LEN];
    int32_t replicate, status;
    char error[ES_RUN_ERROR_LEN];
    uint32_t checksum;
} run_mem;

/* The cohort table as doubles (HDF5 converts the integer columns). */
static int read_cohorts(hid_t f, es_results *r)
{
    if (H5Lexists(f, "cohorts", H5P_DEFAULT) <= 0) return 0;
    hid_t ds = H5Dopen2(f, "cohorts", H5P_DEFAULT), ft = ds >= 0 ? H5Dget_type(ds) : -1;
    if (ft < 0) { if (ds >= 0) H5Dclose(ds); return -1; }
    int nc = H5Tget_nmembers(ft);
    hid_t mt = H5Tcreate(H5T_COMPOUND, (size_t)(nc > 0 ? nc : 1) * sizeof(double));
    for (int j = 0; j < nc; j++) {
        char *nm = H5Tget_member_name(ft, (unsigned)j);
        H5Tinsert(mt, nm, (size_t)j * sizeof(double), H5T_NATIVE_DOUBLE);
        H5free_memory(nm);
    }
    hid_t sp = H5Dget_space(ds);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(sp, &n, NULL);
    r->ncohort_cols = nc;
    r->ncohort_rows = (int)n;
    r->cohort_rows = malloc((size_t)(n ? n : 1) * (size_t)(nc ? nc : 1) * sizeof(double));
    int rc = r->cohort_rows && (n == 0 || H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->cohort_rows) >= 0) ? 0 : -1;
    H5Sclose(sp);
    H5Tclose(mt);
    H5Tclose(ft);
    H5Dclose(ds);
    return rc;
}

/* Root attributes and datasets of a sweep beyond the indicators: seed, part, status,
 * each scenario's resolved YAML and the swept parameters. */
static int read_extras(hid_t f, es_results *r)
{
    char *s = NULL;
    if (es_h5_attr_get_str(f, "sweep", &s) == 0 && s) snprintf(r->sweep, sizeof r->sweep, "%s", s);
    free(s);
    s = NULL;
    if (es_h5_attr_get_str(f, "part", &s) == 0 && s) snprintf(r->part, sizeof r->part, "%s", s);
    free(s);
    s = NULL;
    if (es_h5_attr_get_str(f, "status", &s) == 0 && s) r->complete = !strcmp(s, "complete");
    free(s);
    if (es_h5_attr_get_str(f, "sweep_file", &r->sweep_yaml) < 0) r->sweep_yaml = NULL;
    if (H5Aexists(f, "seed") > 0) {
        hid_t a = H5Aopen(f, "seed", H5P_DEFAULT);
        if (a < 0 || H5Aread(a, H5T_NATIVE_UINT64, &r->seed) < 0) r->seed = 0;
        if (a >= 0) H5Aclose(a);
    }
    r->scen_yaml = calloc((size_t)(r->nscen ? r->nscen : 1), sizeof *r->scen_yaml);
    if (!r->scen_yaml) return -1;
    for (int k = 0; k < r->nscen; k++) {
        char p[600];
        snprintf(p, sizeof p, "scenarios/%s", r->scen_names[k]);
        if (!es_output_valid_name(r->scen_names[k]) || H5Lexists(f, "scenarios", H5P_DEFAULT) <= 0 ||
            H5Lexists(f, p, H5P_DEFAULT) <= 0)
            continue;
        hid_t ds = H5Dopen2(f, p, H5P_DEFAULT);
        char **txt = NULL; /* a scalar fixed-length string (checked by es_output_open_checked) */
        if (ds >= 0 && es_h5_read_strings(ds, 1, &txt) == 0) {
            r->scen_yaml[k] = txt[0];
            free(txt);
        }
        if (ds >= 0) H5Dclose(ds);
    }
    if (H5Lexists(f, "parameters", H5P_DEFAULT) <= 0) return 0;
    hid_t ds = H5Dopen2(f, "parameters", H5P_DEFAULT), sp = ds >= 0 ? H5Dget_space(ds) : -1;
    hsize_t dims[2] = {0, 0};
    int rc = -1;
    if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 2 && H5Sget_simple_extent_dims(sp, dims, NULL) == 2 &&
        dims[0] == (hsize_t)r->nruns && dims[1] >= 1 && dims[1] <= 64 && H5Aexists(ds, "names") > 0) {
        r->naxes = (int)dims[1];
        r->params = malloc((size_t)r->nruns * r->naxes * sizeof *r->params + 1);
        r->axis_names = calloc((size_t)r->naxes, sizeof *r->axis_names);
        hid_t a = H5Aopen(ds, "names", H5P_DEFAULT), ast = a >= 0 ? H5Aget_space(a) : -1;
        hid_t at = a >= 0 ? H5Aget_type(a) : -1;
        hssize_t na = ast >= 0 ? H5Sget_simple_extent_npoints(ast) : -1;
        size_t w = at >= 0 && H5Tget_class(at) == H5T_STRING && H5Tis_variable_str(at) == 0 ? H5Tget_size(at) : 0;
        char *tmp = na == r->naxes && w && w < 4096 ? calloc((size_t)na, w) : NULL;
        if (r->params && r->axis_names && tmp && H5Aread(a, at, tmp) >= 0 &&
            H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->params) >= 0) {
            rc = 0;
            for (int k = 0; k < r->naxes; k++) {
                r->axis_names[k] = malloc(w + 1);
                if (!r->axis_names[k]) rc = -1;
                else {
                    memcpy(r->axis_names[k], tmp + (size_t)k * w, w);
                    r->axis_names[k][w] = 0;
                }
            }
        }
        free(tmp);
        if (at >= 0) H5Tclose(at);
        if (ast >= 0) H5Sclose(ast);
        if (a >= 0) H5Aclose(a);
    }
    if (sp >= 0) H5Sclose(sp);
    if (ds >= 0) H5Dclose(ds);
    return rc;
}

enum { LOAD_COMPLETE, LOAD_PARTIAL, LOAD_OPEN };
static es_status load(const char *path, int mode, es_results *r, es_diag *d);

es_status es_results_load(const char *path, es_results *r, es_diag *d) { return load(path, LOAD_COMPLETE, r, d); }
es_status es_results_load_partial(const char *path, es_results *r, es_diag *d) { return load(path, LOAD_PARTIAL, r, d); }
es_status es_results_open(const char *path, es_results *r, es_diag *d) { return load(path, LOAD_OPEN, r, d); }

es_status es_results_read_run(const es_results *r, int k, int run, double *out)
{
    if (r->h5file <= 0 || k < 0 || k >= r->nind || run < 0 || run >= r->nruns) return ES_ERR_INTERNAL;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    char p[600];
    snprintf(p, sizeof p, "indicators/%s/%s", r->ind_name[k], r->ind_sub[k]);
    hsize_t start[3] = {(hsize_t)run, 0, 0}, count[3] = {1, (hsize_t)r->nyears, (hsize_t)r->nregions};
    hid_t ds = H5Dopen2((hid_t)r->h5file, p, H5P_DEFAULT), fs = ds >= 0 ? H5Dget_space(ds) : -1;
    hid_t ms = H5Screate_simple(3, count, NULL);
    es_status st = ds >= 0 && fs >= 0 && ms >= 0 && H5Sget_simple_extent_ndims(fs) == 3 &&
                           H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
                           H5Dread(ds, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, out) >= 0
                       ? ES_OK
                       : ES_ERR_IO;
    if (ms >= 0) H5Sclose(ms);
    if (fs >= 0) H5Sclose(fs);
    if (ds >= 0) H5Dclose(ds);
    es_h5_quiet_off(&q);
    return st;
}

static es_status load(const char *path, int mode, es_results *r, es_diag *d)
{
    memset(r, 0, sizeof *r);
    r->h5file = -1;
    es_status st = ES_OK;
    int complete = mode == LOAD_COMPLETE;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    hid_t f = es_output_open_checked(path, complete, &st, d);
    if (f < 0) {
        es_h5_quiet_off(&q);
        return st != ES_OK ? st : ES_ERR_INPUT;
    }
    st = ES_ERR_INPUT;
    hid_t str = es_h5_fixed_str(ES_RUN_NAME_LEN - 1), estr = es_h5_fixed_str(ES_RUN_ERROR_LEN - 1);
    hid_t dy = H5Dopen2(f, "axes/year", H5P_DEFAULT), dr = H5Dopen2(f, "axes/region", H5P_DEFAULT);
    hid_t dn = H5Dopen2(f, "runs", H5P_DEFAULT);
    if (dy < 0 || dr < 0 || dn < 0) {
        es_diag_add(d, "'%s' lacks /axes or /runs", path);
        goto done;
    }
    hsize_t n;
    hid_t sp = H5Dget_space(dy);
    H5Sget_simple_extent_dims(sp, &n, NULL);
    H5Sclose(sp);
    r->nyears = (int)n;
    r->years = malloc((n ? n : 1) * sizeof *r->years);
    sp = H5Dget_space(dr);
    H5Sget_simple_extent_dims(sp, &n, NULL);
    H5Sclose(sp);
    r->nregions = (int)n;
    sp = H5Dget_space(dn);
    H5Sget_simple_extent_dims(sp, &n, NULL);
    H5Sclose(sp);
    r->nruns = (int)n;
    run_mem *rm = calloc(n ? n : 1, sizeof *rm);
    hid_t rt = H5Tcreate(H5T_COMPOUND, sizeof(run_mem));
    H5Tinsert(rt, "scenario", HOFFSET(run_mem, scenario), str);
    H5Tinsert(rt, "replicate", HOFFSET(run_mem, replicate), H5T_NATIVE_INT32);
    H5Tinsert(rt, "status", HOFFSET(run_mem, status), H5T_NATIVE_INT32);
    H5Tinsert(rt, "error", HOFFSET(run_mem, error), estr);
    H5Tinsert(rt, "checksum", HOFFSET(run_mem, checksum), H5T_NATIVE_UINT32);
    r->run_crc = calloc(n ? n : 1, sizeof *r->run_crc);
    r->run_status = calloc(n ? n : 1, sizeof *r->run_status);
    r->run_error = calloc(n ? n : 1, sizeof *r->run_error);
    r->run_scen = calloc(n ? n : 1, sizeof *r->run_scen);
    r->run_rep = calloc(n ? n : 1, sizeof *r->run_rep);
    r->run_ok = calloc(n ? n : 1, sizeof *r->run_ok);
    r->scen_names = calloc(n ? n : 1, sizeof *r->scen_names);
    if (!r->years || !rm || !r->run_crc || es_h5_read_strings(dr, (size_t)r->nregions, &r->regions) < 0 || !r->run_status || !r->run_error || !r->run_scen || !r->run_rep || !r->run_ok || !r->scen_names ||
        H5Dread(dy, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->years) < 0 ||
        H5Dread(dn, rt, H5S_ALL, H5S_ALL, H5P_DEFAULT, rm) < 0) {
        es_diag_add(d, "cannot read the axes or runs of '%s'", path);
        H5Tclose(rt);
        free(rm);
        goto done;
    }
    for (int k = 0; k < r->nruns; k++) {
        int s = -1;
        for (int j = 0; j < r->nscen; j++)
            if (!strcmp(r->scen_names[j], rm[k].scenario)) s = j;
        if (s < 0) {
            s = r->nscen++;
            r->scen_names[s] = dupstr(rm[k].scenario);
        }
        r->run_scen[k] = s;
        r->run_rep[k] = rm[k].replicate < 0 ? 0 : rm[k].replicate;
        r->run_ok[k] = rm[k].status == 0;
        r->run_status[k] = rm[k].status;
        r->run_error[k] = dupstr(rm[k].error);
        r->run_crc[k] = rm[k].checksum;
    }
    H5Tclose(rt);
    free(rm);
    char *b = NULL;
    if (es_h5_attr_get_str(f, "baseline", &b) == 0 && b) {
        snprintf(r->baseline, sizeof r->baseline, "%s", b);
        free(b);
    }
    walk w = {r, f, 0, 0};
    hid_t g = H5Gopen2(f, "indicators", H5P_DEFAULT);
    if (g < 0 || H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, add_ind, &w) < 0 || w.fail) {
        if (g >= 0) H5Gclose(g);
        es_diag_add(d, "cannot list the indicators of '%s'", path);
        goto done;
    }
    H5Gclose(g);
    if (!complete && read_cohorts(f, r) < 0) {
        es_diag_add(d, "cannot read /cohorts of '%s'", path);
        goto done;
    }
    if (read_extras(f, r) < 0) {
        es_diag_add(d, "cannot read the scenarios or /parameters of '%s'", path);
        goto done;
    }
    if (mode == LOAD_OPEN) {
        st = ES_OK;
        r->h5file = f;
        f = -1;
        goto done;
    }
    size_t block = (size_t)r->nruns * r->nyears * r->nregions;
    if (r->nind > 0 && block > SIZE_MAX / sizeof *r->values / (size_t)r->nind) {
        es_diag_add(d, "'%s': %d indicators x %d runs x %d years x %d regions do not fit in memory (limit: SIZE_MAX bytes)",
                    path, r->nind, r->nruns, r->nyears, r->nregions);
        st = ES_ERR_LIMIT;
        goto done;
    }
    r->values = malloc((size_t)r->nind * (block ? block : 1) * sizeof *r->values);
    if (!r->values) {
        es_diag_add(d, "'%s': out of memory for %d indicators x %d runs x %d years x %d regions", path, r->nind,
                    r->nruns, r->nyears, r->nregions);
        st = ES_ERR_NOMEM;
        goto done;
    }
    for (int k = 0; k < r->nind; k++) {
        char p[600];
        snprintf(p, sizeof p, "indicators/%s/%s", r->ind_name[k], r->ind_sub[k]);
        hid_t ds = H5Dopen2(f, p, H5P_DEFAULT);
        if (ds < 0 || H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->values + (size_t)k * block) < 0) {
            if (ds >= 0) H5Dclose(ds);
            es_diag_add(d, "cannot read /%s of '%s'", p, path);
            goto done;
        }
        H5Dclose(ds);
    }
    st = ES_OK;
done:
    if (dy >= 0) H5Dclose(dy);
    if (dr >= 0) H5Dclose(dr);
    if (dn >= 0) H5Dclose(dn);
    if (str >= 0) H5Tclose(str);
    if (estr >= 0) H5Tclose(estr);
    if (f >= 0) H5Fclose(f);
    es_h5_quiet_off(&q);
    if (st != ES_OK) es_results_free(r);
    return st;
}

void es_results_free(es_results *r)
{
    if (!r) return;
    for (int k = 0; k < r->nind; k++) {
        free(r->ind_name[k]);
        free(r->ind_sub[k]);
        free(r->ind_units[k]);
    }
    if (r->regions) {
        /* region strings were allocated by HDF5 */
        for (int k = 0; k < r->nregions; k++) free(r->regions[k]);
    }
    for (int k = 0; k < r->nscen; k++) {
        free(r->scen_names[k]);
        if (r->scen_yaml) free(r->scen_yaml[k]);
    }
    for (int k = 0; k < r->naxes; k++)
        if (r->axis_names) free(r->axis_names[k]);
    free(r->axis_names);
    free(r->params);
    free(r->scen_yaml);
    free(r->sweep_yaml);
    if (r->h5file > 0) {
        es_h5_quiet q;
        es_h5_quiet_on(&q);
        H5Fclose((hid_t)r->h5file);
        es_h5_quiet_off(&q);
    }
    for (int k = 0; r->run_error && k < r->nruns; k++) free(r->run_error[k]);
    free(r->run_error); free(r->run_status); free(r->run_crc); free(r->cohort_rows);
    free(r->ind_name); free(r->ind_sub); free(r->ind_units); free(r->years); free(r->regions);
    free(r->values); free(r->scen_names); free(r->run_scen); free(r->run_rep); free(r->run_ok);
    memset(r, 0, sizeof *r);
    r->h5file = -1;
}
