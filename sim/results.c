/* results.c - a whole results file into memory, for `compare` and tools. */
#include <hdf5.h>
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
    char *scenario;
    int32_t replicate, status;
    char *error;
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

static es_status load(const char *path, int complete, es_results *r, es_diag *d);

es_status es_results_load(const char *path, es_results *r, es_diag *d) { return load(path, 1, r, d); }
es_status es_results_load_partial(const char *path, es_results *r, es_diag *d) { return load(path, 0, r, d); }

static es_status load(const char *path, int complete, es_results *r, es_diag *d)
{
    memset(r, 0, sizeof *r);
    es_status st = ES_OK;
    hid_t f = es_output_open_checked(path, complete, &st, d);
    if (f < 0) return st != ES_OK ? st : ES_ERR_INPUT;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    st = ES_ERR_INPUT;
    hid_t str = es_h5_vlen_str();
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
    r->regions = calloc(n ? n : 1, sizeof *r->regions);
    sp = H5Dget_space(dn);
    H5Sget_simple_extent_dims(sp, &n, NULL);
    H5Sclose(sp);
    r->nruns = (int)n;
    run_mem *rm = calloc(n ? n : 1, sizeof *rm);
    hid_t rt = H5Tcreate(H5T_COMPOUND, sizeof(run_mem));
    H5Tinsert(rt, "scenario", HOFFSET(run_mem, scenario), str);
    H5Tinsert(rt, "replicate", HOFFSET(run_mem, replicate), H5T_NATIVE_INT32);
    H5Tinsert(rt, "status", HOFFSET(run_mem, status), H5T_NATIVE_INT32);
    H5Tinsert(rt, "error", HOFFSET(run_mem, error), str);
    r->run_status = calloc(n ? n : 1, sizeof *r->run_status);
    r->run_error = calloc(n ? n : 1, sizeof *r->run_error);
    r->run_scen = calloc(n ? n : 1, sizeof *r->run_scen);
    r->run_rep = calloc(n ? n : 1, sizeof *r->run_rep);
    r->run_ok = calloc(n ? n : 1, sizeof *r->run_ok);
    r->scen_names = calloc(n ? n : 1, sizeof *r->scen_names);
    if (!r->years || !r->regions || !rm || !r->run_status || !r->run_error || !r->run_scen || !r->run_rep || !r->run_ok || !r->scen_names ||
        H5Dread(dy, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->years) < 0 ||
        H5Dread(dr, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->regions) < 0 ||
        H5Dread(dn, rt, H5S_ALL, H5S_ALL, H5P_DEFAULT, rm) < 0) {
        es_diag_add(d, "cannot read the axes or runs of '%s'", path);
        H5Tclose(rt);
        free(rm);
        goto done;
    }
    for (int k = 0; k < r->nruns; k++) {
        int s = -1;
        for (int j = 0; j < r->nscen; j++)
            if (!strcmp(r->scen_names[j], rm[k].scenario ? rm[k].scenario : "")) s = j;
        if (s < 0) {
            s = r->nscen++;
            r->scen_names[s] = dupstr(rm[k].scenario);
        }
        r->run_scen[k] = s;
        r->run_rep[k] = rm[k].replicate < 0 ? 0 : rm[k].replicate;
        r->run_ok[k] = rm[k].status == 0;
        r->run_status[k] = rm[k].status;
        r->run_error[k] = dupstr(rm[k].error);
    }
    hid_t rsp = H5Dget_space(dn);
    if (rsp >= 0) {
        H5Dvlen_reclaim(rt, rsp, H5P_DEFAULT, rm);
        H5Sclose(rsp);
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
    size_t block = (size_t)r->nruns * r->nyears * r->nregions;
    r->values = malloc((size_t)r->nind * (block ? block : 1) * sizeof *r->values);
    if (!r->values) { st = ES_ERR_NOMEM; goto done; }
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
    H5Fclose(f);
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
        for (int k = 0; k < r->nregions; k++) if (r->regions[k]) H5free_memory(r->regions[k]);
    }
    for (int k = 0; k < r->nscen; k++) free(r->scen_names[k]);
    for (int k = 0; r->run_error && k < r->nruns; k++) free(r->run_error[k]);
    free(r->run_error); free(r->run_status); free(r->cohort_rows);
    free(r->ind_name); free(r->ind_sub); free(r->ind_units); free(r->years); free(r->regions);
    free(r->values); free(r->scen_names); free(r->run_scen); free(r->run_rep); free(r->run_ok);
    memset(r, 0, sizeof *r);
}
