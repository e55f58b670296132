/* output.c - write the self-describing HDF5 results file (layout in output.h).
 *
 * Every HDF5 call is checked; the first failure is kept as a message naming the
 * operation and the object, with HDF5's own innermost reason appended. Strings are
 * variable-length UTF-8 (no size limit: the resolved scenario text can be large). The
 * file is PATH.partial until es_output_finish() sets status="complete", syncs it and
 * renames it to PATH. HDF5's automatic error printing is off during our calls and the
 * previous handler is restored afterwards. */
#include "edusim/output.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "edusim/effects.h"
#include "output_internal.h"

#define COHORT_CHUNK 1024 /* rows per chunk of /cohorts */

struct es_output {
    char *path, *tmp;
    hid_t file;
    int nind, nyears, nregions, nruns, ncols;
    hid_t *ind;         /* [nind] open indicator datasets */
    char **ind_name;    /* [nind] "/indicators/NAME/SUBGROUP" */
    int *order;         /* [nind] the indicators by NAME, then SUBGROUP: the order of the run checksums */
    hid_t cohorts;      /* -1 when the layout has no cohort columns */
    hid_t cohort_mem;   /* packed native compound of the cohort columns */
    size_t cohort_size;
    size_t *cohort_off; /* [ncols] */
    int *cohort_int;    /* [ncols] */
    hsize_t cohort_rows;
    hid_t runs, run_mem;
    int nscen;
    int broken;         /* an HDF5 write failed: the file must not be completed */
    int fail_after;     /* tests: the write of run number fail_after (1-based) fails (0: never) */
    int nwrites;
    char reason[256];   /* HDF5's reason for the first failed call not yet reported */
    char err[1024];
};

/* One /runs row in memory; the file type is the packed copy of this compound. */
typedef struct run_row {
    int32_t run;
    char scenario[ES_RUN_NAME_LEN];
    int32_t replicate;
    uint64_t seed;
    int32_t status;
    char error[ES_RUN_ERROR_LEN];
    uint32_t checksum; /* es_run_checksum of the run's values (0 while not run) */
} run_row;

/* A row, its strings cut to their fixed length (an error message may be long). */
static run_row make_row(int32_t run, const char *scen, int32_t rep, uint64_t seed, int32_t status, const char *err,
                        uint32_t sum)
{
    run_row r;
    memset(&r, 0, sizeof r);
    r.run = run;
    r.replicate = rep;
    r.seed = seed;
    r.status = status;
    r.checksum = sum;
    snprintf(r.scenario, sizeof r.scenario, "%s", scen ? scen : "");
    snprintf(r.error, sizeof r.error, "%s", err ? err : "");
    return r;
}

/* True (and HDF5's reason remembered) when an HDF5 return value signals failure. */
static int h5bad(es_output *o, int64_t r)
{
    if (r >= 0) return 0;
    if (!o->reason[0]) es_h5_reason(o->reason, sizeof o->reason);
    return 1;
}
#define BAD(expr) h5bad(o, (int64_t)(expr))

/* Keep the first failure as the message; always returns -1. */
static int fail(es_output *o, const char *fmt, ...)
{
    if (!o->err[0]) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(o->err, sizeof o->err, fmt, ap);
        va_end(ap);
        if (o->reason[0] && n >= 0 && (size_t)n < sizeof o->err)
            snprintf(o->err + n, sizeof o->err - (size_t)n, " (%s)", o->reason);
    }
    o->reason[0] = 0;
    return -1;
}

/* An HDF5 failure while writing: the file content is now unreliable. */
static int fail_io(es_output *o, const char *what, const char *obj)
{
    o->broken = 1;
    return fail(o, "HDF5 error %s %s in %s", what, obj, o->tmp);
}

static char *dup_printf(const char *fmt, const char *a, const char *b)
{
    int n = snprintf(NULL, 0, fmt, a, b);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s) snprintf(s, (size_t)n + 1, fmt, a, b);
    return s;
}

/* ---- attributes ---- */

static int attr_write(es_output *o, hid_t obj, const char *name, hid_t ftype, hid_t mtype, hid_t space,
                      const void *v)
{
    htri_t ex = H5Aexists(obj, name);
    if (BAD(ex)) return -1;
    hid_t a = ex > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : H5Acreate2(obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
    if (BAD(a)) return -1;
    int rc = BAD(H5Awrite(a, mtype, v)) ? -1 : 0;
    if (BAD(H5Aclose(a))) rc = -1;
    return rc;
}

static int attr_str(es_output *o, hid_t obj, const char *name, const char *value)
{
    const char *v = value ? value : "";
    hid_t t = es_h5_fixed_str(strlen(v)), sp = H5Screate(H5S_SCALAR);
    int rc = (BAD(t) || BAD(sp)) ? -1 : attr_write(o, obj, name, t, t, sp, v);
    if (sp >= 0 && BAD(H5Sclose(sp))) rc = -1;
    if (t >= 0 && BAD(H5Tclose(t))) rc = -1;
    return rc;
}

static int attr_num(es_output *o, hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    int rc = BAD(sp) ? -1 : attr_write(o, obj, name, ftype, mtype, sp, v);
    if (sp >= 0 && BAD(H5Sclose(sp))) rc = -1;
    return rc;
}

/* n strings as one fixed-length array (of the longest), packed into a new buffer. */
static char *pack_strings(const char *const *v, int n, size_t *width)
{
    size_t w = 1;
    if (n < 0) n = 0;
    for (int k = 0; k < n; k++)
        if (v[k] && strlen(v[k]) + 1 > w) w = strlen(v[k]) + 1;
    char *buf = calloc((size_t)(n ? n : 1), w);
    for (int k = 0; buf && k < n; k++)
        if (v[k]) memcpy(buf + (size_t)k * w, v[k], strlen(v[k]));
    *width = w;
    return buf;
}

static int attr_str_array(es_output *o, hid_t obj, const char *name, const char *const *v, int n)
{
    hsize_t dim = (hsize_t)n;
    size_t w;
    char *buf = pack_strings(v, n, &w);
    if (!buf) return fail(o, "out of memory");
    hid_t t = es_h5_fixed_str(w - 1), sp = H5Screate_simple(1, &dim, NULL);
    int rc = (BAD(t) || BAD(sp)) ? -1 : attr_write(o, obj, name, t, t, sp, buf);
    if (sp >= 0 && BAD(H5Sclose(sp))) rc = -1;
    if (t >= 0 && BAD(H5Tclose(t))) rc = -1;
    free(buf);
    return rc;
}

/* A 1-D fixed-length string dataset of n strings, chunked with a checksum. */
static hid_t str_dataset(es_output *o, hid_t loc, const char *name, const char *const *v, int n, hid_t lcpl)
{
    size_t w;
    char *buf = pack_strings(v, n, &w);
    if (!buf) return -1;
    hsize_t dim = (hsize_t)n;
    hid_t t = es_h5_fixed_str(w - 1), sp = H5Screate_simple(1, &dim, NULL), pl = es_h5_checked_dcpl(1, &dim), ds = -1;
    int ok = !BAD(t) && !BAD(sp) && !BAD(pl) && !BAD(ds = H5Dcreate2(loc, name, t, sp, lcpl, pl, H5P_DEFAULT)) &&
             (n == 0 || !BAD(H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)));
    if (t >= 0) H5Tclose(t);
    if (sp >= 0) H5Sclose(sp);
    if (pl >= 0) H5Pclose(pl);
    free(buf);
    if (!ok && ds >= 0) {
        H5Dclose(ds);
        ds = -1;
    }
    return ds;
}

/* ---- creation ---- */

/* A 1-D dimension scale /axes/NAME; returns the open dataset or -1. */
static hid_t axis(es_output *o, hid_t grp, const char *name, hid_t ftype, hid_t mtype, hsize_t n, const void *data)
{
    hid_t sp = H5Screate_simple(1, &n, NULL), pl = es_h5_checked_dcpl(1, &n), ds = -1;
    int ok = !BAD(sp) && !BAD(pl);
    if (ok && ftype < 0) /* the region names: fixed-length strings */
        ok = !BAD(ds = str_dataset(o, grp, name, data, (int)n, H5P_DEFAULT));
    else if (ok)
        ok = !BAD(ds = H5Dcreate2(grp, name, ftype, sp, H5P_DEFAULT, pl, H5P_DEFAULT)) &&
             !BAD(H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data));
    ok = ok && !BAD(H5DSset_scale(ds, name));
    if (pl >= 0 && BAD(H5Pclose(pl))) ok = 0;
    if (sp >= 0 && BAD(H5Sclose(sp))) ok = 0;
    if (!ok) {
        if (ds >= 0) H5Dclose(ds);
        char obj[64];
        snprintf(obj, sizeof obj, "/axes/%s", name);
        fail_io(o, "creating", obj);
        return -1;
    }
    return ds;
}

static int create_root_attrs(es_output *o, const es_provenance *p)
{
    unsigned maj, min, rel;
    char h5v[48] = "unknown", when[32] = "unknown";
    if (!BAD(H5get_libversion(&maj, &min, &rel))) snprintf(h5v, sizeof h5v, "%u.%u.%u", maj, min, rel);
    time_t now = time(NULL);
    struct tm tm;
    if (now != (time_t)-1 && gmtime_r(&now, &tm)) strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int32_t fv = ES_OUTPUT_FORMAT_VERSION, th = p->threads;
    uint64_t seed = p->seed;
    hid_t r = o->file;
    if (attr_str(o, r, "format", "edusim-results") < 0 ||
        attr_num(o, r, "format_version", H5T_STD_I32LE, H5T_NATIVE_INT32, &fv) < 0 ||
        attr_str(o, r, "status", "incomplete") < 0 || attr_str(o, r, "program_version", p->program_version) < 0 ||
        attr_str(o, r, "git_revision", p->git_revision) < 0 || attr_str(o, r, "compiler", p->compiler) < 0 ||
        attr_str(o, r, "compiler_flags", p->compiler_flags) < 0 || attr_str(o, r, "hdf5_version", h5v) < 0 ||
        attr_num(o, r, "threads", H5T_STD_I32LE, H5T_NATIVE_INT32, &th) < 0 ||
        attr_num(o, r, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &seed) < 0 ||
        attr_str(o, r, "command_line", p->command_line) < 0 || attr_str(o, r, "created", when) < 0)
        return fail_io(o, "writing", "the root attributes");
    return 0;
}

static int create_indicators(es_output *o, const es_layout *lay, const hid_t sc[3])
{
    static const char *const label[3] = {"run", "year", "region"};
    hsize_t dims[3] = {(hsize_t)lay->nruns, (hsize_t)lay->nyears, (hsize_t)lay->nregions};
    hsize_t chunk[3] = {1, dims[1], dims[2]};
    double nan = NAN;
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE), dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t sp = H5Screate_simple(3, dims, NULL);
    int rc = 0;
    if (BAD(lcpl) || BAD(dcpl) || BAD(sp) || BAD(H5Pset_create_intermediate_group(lcpl, 1)) ||
        BAD(H5Pset_chunk(dcpl, 3, chunk)) || BAD(H5Pset_fletcher32(dcpl)) ||
        BAD(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan)) ||
        BAD(H5Pset_fill_time(dcpl, H5D_FILL_TIME_IFSET)))
        rc = fail_io(o, "preparing", "the indicator datasets");
    for (int k = 0; k < lay->nind && rc == 0; k++) {
        const es_ind_desc *x = &lay->ind[k];
        if (!(o->ind_name[k] = dup_printf("/indicators/%s/%s", x->name, x->subgroup))) {
            rc = fail(o, "out of memory");
            break;
        }
        int ok = !BAD(o->ind[k] = H5Dcreate2(o->file, o->ind_name[k], H5T_IEEE_F64LE, sp, lcpl, dcpl, H5P_DEFAULT)) &&
                 attr_str(o, o->ind[k], "units", x->units) == 0 &&
                 attr_str(o, o->ind[k], "description", x->description) == 0;
        for (unsigned j = 0; ok && j < 3; j++)
            ok = !BAD(H5DSattach_scale(o->ind[k], sc[j], j)) && !BAD(H5DSset_label(o->ind[k], j, label[j]));
        if (!ok) rc = fail_io(o, "creating", o->ind_name[k]);
    }
    if (sp >= 0 && BAD(H5Sclose(sp)) && rc == 0) rc = fail_io(o, "creating", "the indicator datasets");
    if (lcpl >= 0 && BAD(H5Pclose(lcpl)) && rc == 0) rc = fail_io(o, "creating", "the indicator datasets");
    if (dcpl >= 0 && BAD(H5Pclose(dcpl)) && rc == 0) rc = fail_io(o, "creating", "the indicator datasets");
    return rc;
}

static int create_cohorts(es_output *o, const es_layout *lay)
{
    int n = o->ncols = lay->ncohort_cols;
    if (n == 0) return 0;
    const es_col_desc *c = lay->cohort_cols;
    o->cohort_off = malloc((size_t)n * sizeof *o->cohort_off);
    o->cohort_int = malloc((size_t)n * sizeof *o->cohort_int);
    const char **s = malloc((size_t)n * 3 * sizeof *s);
    if (!o->cohort_off || !o->cohort_int || !s) {
        free(s);
        return fail(o, "out of memory");
    }
    size_t off = 0;
    for (int j = 0; j < n; j++) {
        o->cohort_off[j] = off;
        o->cohort_int[j] = c[j].is_int != 0;
        off += c[j].is_int ? sizeof(int32_t) : sizeof(double);
        s[j] = c[j].name;
        s[n + j] = c[j].units ? c[j].units : "";
        s[2 * n + j] = c[j].description ? c[j].description : "";
    }
    o->cohort_size = off;
    int rc = 0;
    if (BAD(o->cohort_mem = H5Tcreate(H5T_COMPOUND, off))) rc = fail_io(o, "creating", "the /cohorts type");
    for (int j = 0; j < n && rc == 0; j++)
        if (BAD(H5Tinsert(o->cohort_mem, c[j].name, o->cohort_off[j],
                          c[j].is_int ? H5T_NATIVE_INT32 : H5T_NATIVE_DOUBLE)))
            rc = fail_io(o, "adding the column", c[j].name);
    hsize_t zero = 0, unl = H5S_UNLIMITED, chunk = COHORT_CHUNK;
    hid_t sp = -1, pl = -1;
    if (rc == 0 && (BAD(sp = H5Screate_simple(1, &zero, &unl)) || BAD(pl = H5Pcreate(H5P_DATASET_CREATE)) ||
                    BAD(H5Pset_chunk(pl, 1, &chunk)) || BAD(H5Pset_fletcher32(pl)) ||
                    BAD(o->cohorts = H5Dcreate2(o->file, "cohorts", o->cohort_mem, sp, H5P_DEFAULT, pl, H5P_DEFAULT))))
        rc = fail_io(o, "creating", "/cohorts");
    if (rc == 0 && (attr_str_array(o, o->cohorts, "columns", s, n) < 0 ||
                    attr_str_array(o, o->cohorts, "units", s + n, n) < 0 ||
                    attr_str_array(o, o->cohorts, "description", s + 2 * n, n) < 0))
        rc = fail_io(o, "writing the attributes of", "/cohorts");
    if (pl >= 0 && BAD(H5Pclose(pl)) && rc == 0) rc = fail_io(o, "creating", "/cohorts");
    if (sp >= 0 && BAD(H5Sclose(sp)) && rc == 0) rc = fail_io(o, "creating", "/cohorts");
    free(s);
    return rc;
}

static int create_runs(es_output *o)
{
    hsize_t n = (hsize_t)o->nruns, chunk = n < 1024 ? n : 1024;
    hid_t sn = es_h5_fixed_str(ES_RUN_NAME_LEN - 1), se = es_h5_fixed_str(ES_RUN_ERROR_LEN - 1), ft = -1, sp = -1;
    hid_t pl = es_h5_checked_dcpl(1, &chunk);
    run_row *rows = calloc((size_t)o->nruns, sizeof *rows);
    int rc = 0;
    if (!rows) rc = fail(o, "out of memory");
    else if (BAD(sn) || BAD(se) || BAD(pl) || BAD(o->run_mem = H5Tcreate(H5T_COMPOUND, sizeof(run_row))) ||
             BAD(H5Tinsert(o->run_mem, "run", HOFFSET(run_row, run), H5T_NATIVE_INT32)) ||
             BAD(H5Tinsert(o->run_mem, "scenario", HOFFSET(run_row, scenario), sn)) ||
             BAD(H5Tinsert(o->run_mem, "replicate", HOFFSET(run_row, replicate), H5T_NATIVE_INT32)) ||
             BAD(H5Tinsert(o->run_mem, "seed", HOFFSET(run_row, seed), H5T_NATIVE_UINT64)) ||
             BAD(H5Tinsert(o->run_mem, "status", HOFFSET(run_row, status), H5T_NATIVE_INT32)) ||
             BAD(H5Tinsert(o->run_mem, "error", HOFFSET(run_row, error), se)) ||
             BAD(H5Tinsert(o->run_mem, "checksum", HOFFSET(run_row, checksum), H5T_NATIVE_UINT32)) ||
             BAD(ft = H5Tcopy(o->run_mem)) || BAD(H5Tpack(ft)) || BAD(sp = H5Screate_simple(1, &n, NULL)) ||
             BAD(o->runs = H5Dcreate2(o->file, "runs", ft, sp, H5P_DEFAULT, pl, H5P_DEFAULT)))
        rc = fail_io(o, "creating", "/runs");
    if (rc == 0) {
        for (int k = 0; k < o->nruns; k++) rows[k] = make_row(k, "", -1, 0, -1, "", 0);
        static const char *const codes[3] = {"-1 not run", "0 ok", "1 failed"};
        if (BAD(H5Dwrite(o->runs, o->run_mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows)) ||
            attr_str_array(o, o->runs, "status_codes", codes, 3) < 0 ||
            attr_str(o, o->runs, "checksum",
                     "CRC-32 (as zlib's crc32) of the run's indicator values: for each /indicators/NAME/SUBGROUP "
                     "in order of NAME then SUBGROUP (byte order), its [years, regions] float64 little-endian") < 0)
            rc = fail_io(o, "writing", "/runs");
    }
    if (sp >= 0 && BAD(H5Sclose(sp)) && rc == 0) rc = fail_io(o, "creating", "/runs");
    if (ft >= 0 && BAD(H5Tclose(ft)) && rc == 0) rc = fail_io(o, "creating", "/runs");
    if (sn >= 0 && BAD(H5Tclose(sn)) && rc == 0) rc = fail_io(o, "creating", "/runs");
    if (se >= 0 && BAD(H5Tclose(se)) && rc == 0) rc = fail_io(o, "creating", "/runs");
    if (pl >= 0 && BAD(H5Pclose(pl)) && rc == 0) rc = fail_io(o, "creating", "/runs");
    free(rows);
    return rc;
}

static int create_all(es_output *o, const es_layout *lay, const es_provenance *prov)
{
    if (create_root_attrs(o, prov) < 0) return -1;
    hid_t g[3] = {-1, -1, -1};
    static const char *const gname[3] = {"axes", "indicators", "scenarios"};
    int rc = 0;
    for (int k = 0; k < 3 && rc == 0; k++)
        if (BAD(g[k] = H5Gcreate2(o->file, gname[k], H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)))
            rc = fail_io(o, "creating the group", gname[k]);
    int32_t *runs = rc == 0 ? malloc((size_t)lay->nruns * sizeof *runs) : NULL;
    if (rc == 0 && !runs) rc = fail(o, "out of memory");
    hid_t str = -1, sc[3] = {-1, -1, -1};
    if (rc == 0) {
        for (int k = 0; k < lay->nruns; k++) runs[k] = k;
        str = -1; /* the region axis is a fixed-length string dataset (axis with ftype -1) */
    }
    if (rc == 0 && ((sc[0] = axis(o, g[0], "run", H5T_STD_I32LE, H5T_NATIVE_INT32, (hsize_t)lay->nruns, runs)) < 0 ||
                    (sc[1] = axis(o, g[0], "year", H5T_STD_I32LE, H5T_NATIVE_INT32, (hsize_t)lay->nyears,
                                  lay->years)) < 0 ||
                    (sc[2] = axis(o, g[0], "region", -1, -1, (hsize_t)lay->nregions, lay->regions)) < 0))
        rc = -1;
    if (rc == 0) rc = create_indicators(o, lay, sc);
    for (int k = 0; k < 3; k++)
        if (sc[k] >= 0 && BAD(H5Dclose(sc[k])) && rc == 0) rc = fail_io(o, "closing", "/axes");
    for (int k = 0; k < 3; k++)
        if (g[k] >= 0 && BAD(H5Gclose(g[k])) && rc == 0) rc = fail_io(o, "closing the group", gname[k]);
    if (str >= 0 && BAD(H5Tclose(str)) && rc == 0) rc = fail_io(o, "closing", "a string type");
    free(runs);
    if (rc == 0) rc = create_cohorts(o, lay);
    if (rc == 0) rc = create_runs(o);
    return rc;
}

/* Close every HDF5 object; 0, or -1 when a close failed. */
static int close_all(es_output *o)
{
    int rc = 0;
    for (int k = 0; o->ind && k < o->nind; k++)
        if (o->ind[k] >= 0 && BAD(H5Dclose(o->ind[k]))) rc = -1;
    if (o->cohorts >= 0 && BAD(H5Dclose(o->cohorts))) rc = -1;
    if (o->runs >= 0 && BAD(H5Dclose(o->runs))) rc = -1;
    if (o->cohort_mem >= 0 && BAD(H5Tclose(o->cohort_mem))) rc = -1;
    if (o->run_mem >= 0 && BAD(H5Tclose(o->run_mem))) rc = -1;
    if (o->file >= 0 && BAD(H5Fclose(o->file))) rc = -1;
    for (int k = 0; o->ind && k < o->nind; k++) o->ind[k] = -1;
    o->cohorts = o->runs = o->cohort_mem = o->run_mem = o->file = -1;
    return rc;
}

static void destroy(es_output *o)
{
    if (!o) return;
    close_all(o);
    for (int k = 0; o->ind_name && k < o->nind; k++) free(o->ind_name[k]);
    free(o->ind_name);
    free(o->order);
    free(o->ind);
    free(o->cohort_off);
    free(o->cohort_int);
    free(o->path);
    free(o->tmp);
    free(o);
}

const char *es_output_last_error(const es_output *o) { return o ? o->err : ""; }

void es_output_fail_after(es_output *o, int n)
{
    if (o) o->fail_after = n;
}

es_status es_output_create(const char *path, const es_layout *lay, const es_provenance *prov,
                           es_output **out, es_diag *d)
{
    if (out) *out = NULL;
    if (!path || !path[0] || !lay || !prov || !out) {
        es_diag_add(d, "es_output_create: missing argument");
        return ES_ERR_INTERNAL;
    }
    es_status pst = es_output_check_path(path, NULL, 0, d);
    if (pst != ES_OK) return pst;
    char *tmp = dup_printf("%s%s", path, ".partial");
    es_output *o = tmp ? calloc(1, sizeof *o) : NULL;
    if (!o) {
        free(tmp);
        return ES_ERR_NOMEM;
    }
    o->tmp = tmp;
    o->file = o->cohorts = o->runs = o->cohort_mem = o->run_mem = -1;
    es_status st = es_output_check_layout(tmp, lay, d);
    if (st != ES_OK) {
        destroy(o);
        return st;
    }
    o->path = dup_printf("%s%s", path, "");
    o->ind = malloc((size_t)(lay->nind ? lay->nind : 1) * sizeof *o->ind);
    o->ind_name = calloc((size_t)(lay->nind ? lay->nind : 1), sizeof *o->ind_name);
    if (!o->path || !o->ind || !o->ind_name) {
        destroy(o);
        return ES_ERR_NOMEM;
    }
    o->order = malloc((size_t)(lay->nind ? lay->nind : 1) * sizeof *o->order);
    if (!o->order) {
        destroy(o);
        return ES_ERR_NOMEM;
    }
    es_ind_order(lay->ind, lay->nind, o->order);
    o->nind = lay->nind;
    o->nyears = lay->nyears;
    o->nregions = lay->nregions;
    o->nruns = lay->nruns;
    for (int k = 0; k < o->nind; k++) o->ind[k] = -1;
    char reason[512];
    if (es_output_check_dir(tmp, reason, sizeof reason) != 0) {
        es_diag_add(d, "cannot create results file '%s': %s", tmp, reason);
        destroy(o);
        return ES_ERR_IO;
    }
    /* A full disk is found now rather than after hours of runs: the indicators alone
     * take nind x nruns x nyears x nregions doubles. */
    /* The values, plus what each dataset costs besides them (object header, attributes,
     * chunk index, the run's checksum row: under 2 KiB each in practice, counted as
     * 4 KiB) and 64 KiB for the file's own metadata. Generous on purpose: HDF5 does
     * not recover from a write that fails halfway, so a file that may not fit is
     * refused before it is begun. */
    double need = (double)lay->nind * lay->nruns * lay->nyears * lay->nregions * 8.0 +
                  ((double)lay->nind + 8.0) * 4096.0 + 65536.0 + (double)lay->nruns * (ES_RUN_NAME_LEN + ES_RUN_ERROR_LEN + 32);
    double avail = es_output_free_bytes(tmp);
    if (avail >= 0 && need > avail) {
        es_diag_add(d, "cannot create results file '%s': it needs about %.3g MB and the file system has %.3g MB free",
                    tmp, need / 1e6, avail / 1e6);
        destroy(o);
        return ES_ERR_IO;
    }
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    errno = 0;
    /* A user block for the whole-file checksum (verify.c), and the 1.10 file format,
     * whose metadata (object headers, chunk indices, heaps) carries checksums. */
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fcpl >= 0 && fapl >= 0 && H5Pset_userblock(fcpl, ES_USERBLOCK) >= 0 &&
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_LATEST) >= 0)
        o->file = H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, fapl);
    if (fcpl >= 0) H5Pclose(fcpl);
    if (fapl >= 0) H5Pclose(fapl);
    if (o->file < 0) {
        int e = errno;
        es_h5_reason(reason, sizeof reason);
        es_diag_add(d, "cannot create results file '%s': %s", tmp, e ? strerror(e) : reason);
        destroy(o);
        st = ES_ERR_IO;
    } else if (create_all(o, lay, prov) < 0 || BAD(H5Fflush(o->file, H5F_SCOPE_GLOBAL)) ||
               (es_stamp(tmp, 0, reason, sizeof reason) < 0 && fail(o, "writing its header: %s", reason))) {
        if (!o->err[0]) fail_io(o, "flushing", "the new file");
        es_diag_add(d, "cannot create results file '%s': %s", tmp, o->err);
        close_all(o);
        remove(tmp);
        destroy(o);
        st = ES_ERR_IO;
    } else {
        *out = o;
    }
    es_h5_quiet_off(&q);
    return st;
}

es_status es_output_add_scenario(es_output *o, const char *name, const char *yaml)
{
    if (!o) return ES_ERR_INTERNAL;
    if (!es_output_valid_name(name) || !yaml) {
        fail(o, "invalid scenario name '%s' for %s", name ? name : "(null)", o->tmp);
        return ES_ERR_INPUT;
    }
    char *p = dup_printf("/scenarios/%s%s", name, "");
    if (!p) return ES_ERR_NOMEM;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    es_status st = ES_OK;
    htri_t ex = H5Lexists(o->file, p, H5P_DEFAULT);
    if (BAD(ex)) {
        fail_io(o, "looking up", p);
        st = ES_ERR_IO;
    } else if (ex == 0) {
        hid_t t = es_h5_fixed_str(strlen(yaml)), sp = H5Screate(H5S_SCALAR), ds = -1;
        int ok = !BAD(t) && !BAD(sp) &&
                 !BAD(ds = H5Dcreate2(o->file, p, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) &&
                 !BAD(H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, yaml));
        if (ds >= 0 && BAD(H5Dclose(ds))) ok = 0;
        if (sp >= 0 && BAD(H5Sclose(sp))) ok = 0;
        if (t >= 0 && BAD(H5Tclose(t))) ok = 0;
        if (!ok) {
            fail_io(o, "writing", p);
            st = ES_ERR_IO;
        } else if (o->nscen++ == 0 && attr_str(o, o->file, "scenario", yaml) < 0) {
            fail_io(o, "writing the root attribute scenario of", o->tmp);
            st = ES_ERR_IO;
        }
    }
    es_h5_quiet_off(&q);
    free(p);
    return st;
}

static int32_t to_i32(double v)
{
    return (v > -2147483648.5 && v < 2147483647.5) ? (int32_t)lround(v) : INT32_MIN;
}

static int append_cohorts(es_output *o, int nrows, const double *rows)
{
    unsigned char *buf = malloc((size_t)nrows * o->cohort_size);
    if (!buf) return fail(o, "out of memory");
    for (int r = 0; r < nrows; r++)
        for (int j = 0; j < o->ncols; j++) {
            double v = rows[(size_t)r * (size_t)o->ncols + (size_t)j];
            unsigned char *at = buf + (size_t)r * o->cohort_size + o->cohort_off[j];
            if (o->cohort_int[j]) {
                int32_t x = to_i32(v);
                memcpy(at, &x, sizeof x);
            } else {
                memcpy(at, &v, sizeof v);
            }
        }
    hsize_t start = o->cohort_rows, cnt = (hsize_t)nrows, size = start + cnt;
    hid_t fs = -1, ms = -1;
    int ok = !BAD(H5Dset_extent(o->cohorts, &size)) && !BAD(fs = H5Dget_space(o->cohorts)) &&
             !BAD(ms = H5Screate_simple(1, &cnt, NULL)) &&
             !BAD(H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &cnt, NULL)) &&
             !BAD(H5Dwrite(o->cohorts, o->cohort_mem, ms, fs, H5P_DEFAULT, buf));
    if (ms >= 0 && BAD(H5Sclose(ms))) ok = 0;
    if (fs >= 0 && BAD(H5Sclose(fs))) ok = 0;
    free(buf);
    if (!ok) return fail_io(o, "appending rows to", "/cohorts");
    o->cohort_rows = size;
    return 0;
}

static int write_run_row(es_output *o, const es_run_info *info, uint32_t sum)
{
    run_row row = make_row(info->run, info->scenario, info->replicate, info->seed, info->status, info->error, sum);
    hsize_t one = 1, at = (hsize_t)info->run;
    hid_t fs = -1, ms = -1;
    int ok = !BAD(fs = H5Dget_space(o->runs)) && !BAD(ms = H5Screate_simple(1, &one, NULL)) &&
             !BAD(H5Sselect_hyperslab(fs, H5S_SELECT_SET, &at, NULL, &one, NULL)) &&
             !BAD(H5Dwrite(o->runs, o->run_mem, ms, fs, H5P_DEFAULT, &row));
    if (ms >= 0 && BAD(H5Sclose(ms))) ok = 0;
    if (fs >= 0 && BAD(H5Sclose(fs))) ok = 0;
    return ok ? 0 : fail_io(o, "writing", "/runs");
}

/* es_run_checksum of what write_values stores (NaN everywhere for a failed run). */
static uint32_t run_checksum(const es_output *o, const double *values)
{
    size_t per = (size_t)o->nyears * (size_t)o->nregions;
    uint32_t c = 0;
    double nan = NAN;
    for (int j = 0; j < o->nind; j++)
        if (values) c = es_crc32(c, values + (size_t)o->order[j] * per, per * sizeof *values);
        else
            for (size_t i = 0; i < per; i++) c = es_crc32(c, &nan, sizeof nan);
    return c;
}

static int write_values(es_output *o, int run, const double *values)
{
    size_t per = (size_t)o->nyears * (size_t)o->nregions;
    double *nan = NULL;
    if (!values) { /* a failed run: (re)set its slab to NaN */
        if (!(nan = malloc(per * sizeof *nan))) return fail(o, "out of memory");
        for (size_t i = 0; i < per; i++) nan[i] = NAN;
    }
    hsize_t start[3] = {(hsize_t)run, 0, 0}, count[3] = {1, (hsize_t)o->nyears, (hsize_t)o->nregions};
    hid_t ms = H5Screate_simple(3, count, NULL);
    int rc = BAD(ms) ? fail_io(o, "writing", "the indicators") : 0;
    for (int k = 0; k < o->nind && rc == 0; k++) {
        hid_t fs = -1;
        int ok = !BAD(fs = H5Dget_space(o->ind[k])) &&
                 !BAD(H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL)) &&
                 !BAD(H5Dwrite(o->ind[k], H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, values ? values + k * per : nan));
        if (fs >= 0 && BAD(H5Sclose(fs))) ok = 0;
        if (!ok) rc = fail_io(o, "writing", o->ind_name[k]);
    }
    if (ms >= 0 && BAD(H5Sclose(ms)) && rc == 0) rc = fail_io(o, "writing", "the indicators");
    free(nan);
    return rc;
}

es_status es_output_write_run(es_output *o, const es_run_info *info, const double *values,
                              int ncohort_rows, const double *cohort_rows)
{
    if (!o) return ES_ERR_INTERNAL;
    if (!info || info->run < 0 || info->run >= o->nruns || ncohort_rows < 0 ||
        (ncohort_rows > 0 && (!cohort_rows || o->ncols == 0))) {
        fail(o, "invalid run %d for %s (%d runs, %d cohort rows for %d columns)", info ? info->run : -1, o->tmp,
             o->nruns, ncohort_rows, o->ncols);
        return ES_ERR_INTERNAL;
    }
    if (o->fail_after > 0 && ++o->nwrites >= o->fail_after) {
        fail(o, "writing run %d to %s: simulated write failure (test hook)", info->run, o->tmp);
        o->broken = 1;
        return ES_ERR_IO;
    }
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    int rc = write_values(o, info->run, values);
    if (rc == 0 && ncohort_rows > 0) rc = append_cohorts(o, ncohort_rows, cohort_rows);
    if (rc == 0) rc = write_run_row(o, info, run_checksum(o, values));
    if (rc == 0 && BAD(H5Fflush(o->file, H5F_SCOPE_GLOBAL))) rc = fail_io(o, "flushing", o->tmp);
    es_h5_quiet_off(&q);
    return rc == 0 ? ES_OK : ES_ERR_IO;
}

/* Best effort after a failed finish: PATH.partial says "incomplete" again. */
static void reset_status(es_output *o)
{
    char why[256];
    es_stamp(o->tmp, 0, why, sizeof why);
    hid_t f = H5Fopen(o->tmp, H5F_ACC_RDWR, H5P_DEFAULT);
    if (BAD(f)) return;
    attr_str(o, f, "status", "incomplete");
    BAD(H5Fclose(f));
}

static int sync_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    int e = errno;
    if (close(fd) != 0 && rc == 0) return -1;
    errno = e;
    return rc;
}

es_status es_output_finish(es_output *o, es_diag *d)
{
    if (!o) {
        es_diag_add(d, "es_output_finish: no results file");
        return ES_ERR_INTERNAL;
    }
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    es_status st = ES_OK;
    int marked = 0;
    if (o->broken) {
        es_diag_add(d, "not completing '%s' after an earlier write error: %s", o->tmp, o->err);
        st = ES_ERR_IO;
    } else if (attr_str(o, o->file, "status", "complete") < 0 || (marked = 1, BAD(H5Fflush(o->file, H5F_SCOPE_GLOBAL)))) {
        fail_io(o, "setting status=complete in", o->tmp);
        es_diag_add(d, "%s", o->err);
        st = ES_ERR_IO;
    }
    if (close_all(o) < 0 && st == ES_OK) {
        fail_io(o, "closing", o->tmp);
        es_diag_add(d, "%s", o->err);
        st = ES_ERR_IO;
    }
    char why[256];
    if (st == ES_OK && es_stamp(o->tmp, 1, why, sizeof why) < 0) {
        es_diag_add(d, "cannot write the checksum of '%s': %s", o->tmp, why);
        st = ES_ERR_IO;
    }
    if (st == ES_OK && sync_file(o->tmp) != 0) {
        es_diag_add(d, "cannot sync results file '%s': %s", o->tmp, strerror(errno));
        st = ES_ERR_IO;
    }
    if (st == ES_OK && rename(o->tmp, o->path) != 0) {
        es_diag_add(d, "cannot rename '%s' to '%s': %s", o->tmp, o->path, strerror(errno));
        st = ES_ERR_IO;
    }
    if (st != ES_OK && marked) reset_status(o);
    es_h5_quiet_off(&q);
    destroy(o);
    return st;
}

void es_output_abort(es_output *o)
{
    if (!o) return;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    destroy(o);
    es_h5_quiet_off(&q);
}

/* ---- sweeps ---- */

es_status es_output_add_sweep(es_output *o, const char *name, const char *baseline, const char *sweep_yaml)
{
    if (!o) return ES_ERR_INTERNAL;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    int rc = attr_str(o, o->file, "sweep", name) | attr_str(o, o->file, "baseline", baseline) |
             attr_str(o, o->file, "sweep_file", sweep_yaml ? sweep_yaml : "");
    es_h5_quiet_off(&q);
    if (rc < 0) {
        fail_io(o, "writing the sweep attributes of", o->tmp);
        return ES_ERR_IO;
    }
    return ES_OK;
}

es_status es_output_set_part(es_output *o, const char *part)
{
    if (!o) return ES_ERR_INTERNAL;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    int rc = attr_str(o, o->file, "part", part);
    es_h5_quiet_off(&q);
    if (rc < 0) {
        fail_io(o, "writing the part attribute of", o->tmp);
        return ES_ERR_IO;
    }
    return ES_OK;
}

es_status es_output_set_runs(es_output *o, const es_run_info *rows, int n)
{
    if (!o || n != o->nruns) return ES_ERR_INTERNAL;
    run_row *mem = malloc((size_t)(n ? n : 1) * sizeof *mem);
    if (!mem) return ES_ERR_NOMEM;
    for (int k = 0; k < n; k++)
        mem[k] = make_row(rows[k].run, rows[k].scenario, rows[k].replicate, rows[k].seed, rows[k].status, rows[k].error,
                          0);
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    int rc = BAD(H5Dwrite(o->runs, o->run_mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, mem)) ? fail_io(o, "writing", "/runs") : 0;
    es_h5_quiet_off(&q);
    free(mem);
    return rc < 0 ? ES_ERR_IO : ES_OK;
}

es_status es_output_add_parameters(es_output *o, int naxes, const char *const *names, const double *values)
{
    if (!o || naxes < 1) return ES_ERR_INTERNAL;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    hsize_t dims[2] = {(hsize_t)o->nruns, (hsize_t)naxes}, chunk[2] = {dims[0] < 4096 ? dims[0] : 4096, dims[1]};
    hid_t sp = H5Screate_simple(2, dims, NULL), pl = es_h5_checked_dcpl(2, chunk);
    hid_t ds = BAD(sp) || BAD(pl) ? -1 : H5Dcreate2(o->file, "parameters", H5T_IEEE_F64LE, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    if (pl >= 0) H5Pclose(pl);
    int rc = 0;
    if (BAD(ds) || BAD(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values)) ||
        attr_str_array(o, ds, "names", names, naxes) < 0 ||
        attr_str(o, ds, "description", "value of each swept parameter (column, named in attribute names) in each run (row)") < 0)
        rc = fail_io(o, "writing", "/parameters");
    if (ds >= 0) H5Dclose(ds);
    if (sp >= 0) H5Sclose(sp);
    es_h5_quiet_off(&q);
    return rc < 0 ? ES_ERR_IO : ES_OK;
}

/* /effects/scenarios, /effects/stat and /effects/NAME/SUBGROUP
 * [scenario, year, region, stat] with attributes baseline and units. */
es_status es_output_write_effects(es_output *o, const es_effects *e, const char *const *scen_names,
                                  const char *const *base_names, const char *baseline)
{
    if (!o || !e) return ES_ERR_INTERNAL;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    es_status st = ES_OK;
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    if (BAD(lcpl) || BAD(H5Pset_create_intermediate_group(lcpl, 1))) st = ES_ERR_IO;
    hsize_t ns = (hsize_t)(e->nscen ? e->nscen : 0), nst = ES_N_EFFECT_STATS;
    if (st == ES_OK) {
        hid_t d1 = str_dataset(o, o->file, "effects/scenarios", scen_names, (int)ns, lcpl);
        hid_t d2 = str_dataset(o, o->file, "effects/stat", es_effect_stat_names, (int)nst, lcpl);
        hid_t d3 = str_dataset(o, o->file, "effects/baselines", base_names, (int)ns, lcpl);
        if (BAD(d1) || BAD(d2) || BAD(d3)) st = ES_ERR_IO;
        if (d1 >= 0) H5Dclose(d1);
        if (d2 >= 0) H5Dclose(d2);
        if (d3 >= 0) H5Dclose(d3);
    }
    hsize_t dims[4] = {ns, (hsize_t)e->nyears, (hsize_t)e->nregions, nst};
    size_t block = (size_t)e->nscen * e->nyears * e->nregions * ES_N_EFFECT_STATS;
    for (int k = 0; k < e->nind && st == ES_OK && e->nscen > 0; k++) {
        const char *path = o->ind_name[k] + strlen("/indicators/");
        char *p = dup_printf("effects/%s%s", path, "");
        if (!p) { st = ES_ERR_NOMEM; break; }
        hsize_t chunk[4] = {1, dims[1], dims[2], dims[3]};
        hid_t sp = H5Screate_simple(4, dims, NULL), pl = es_h5_checked_dcpl(4, chunk);
        hid_t ds = BAD(sp) || BAD(pl) ? -1 : H5Dcreate2(o->file, p, H5T_IEEE_F64LE, sp, lcpl, pl, H5P_DEFAULT);
        if (pl >= 0) H5Pclose(pl);
        char units[64] = "";
        hid_t src = o->ind[k];
        char *u = NULL;
        if (es_h5_attr_get_str(src, "units", &u) == 0 && u) {
            snprintf(units, sizeof units, "%s", u);
            free(u);
        }
        if (BAD(ds) || BAD(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, e->v + (size_t)k * block)) ||
            attr_str(o, ds, "baseline", baseline) < 0 || attr_str(o, ds, "units", units) < 0 ||
            attr_str(o, ds, "description", "paired difference scenario - baseline over replicates: mean_diff, se, ci_low, ci_high (95 %), n") < 0) {
            fail_io(o, "writing", p);
            st = ES_ERR_IO;
        }
        if (ds >= 0) H5Dclose(ds);
        if (sp >= 0) H5Sclose(sp);
        free(p);
    }
    if (lcpl >= 0) H5Pclose(lcpl);
    if (st == ES_OK && BAD(H5Fflush(o->file, H5F_SCOPE_GLOBAL))) st = ES_ERR_IO;
    if (st != ES_OK) fail_io(o, "writing /effects of", o->tmp);
    es_h5_quiet_off(&q);
    return st;
}
