/* output_read.c - reading results files back (checks, `edusim info`, indicator reads),
 * the layout checks and the small HDF5 helpers shared with output.c. Files are only
 * opened read-only. */
#include <errno.h>
#include <hdf5.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "output_internal.h"

/* ---- shared helpers ---- */

void es_h5_quiet_on(es_h5_quiet *q)
{
    q->saved = H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data) >= 0;
    if (H5Eset_auto2(H5E_DEFAULT, NULL, NULL) < 0) q->saved = 0;
}

void es_h5_quiet_off(es_h5_quiet *q)
{
    if (q->saved && H5Eset_auto2(H5E_DEFAULT, q->func, q->data) < 0) q->saved = 0;
}

typedef struct reason_buf {
    char *buf;
    size_t n;
} reason_buf;

static herr_t first_reason(unsigned n, const H5E_error2_t *e, void *data)
{
    reason_buf *r = data;
    if (n != 0 || !e || !e->desc) return 0;
    /* The POSIX driver's reason is a long dump ("file write failed: time = ..., errno =
     * 28, error message = 'No space left on device', buf = ..."): keep its error message. */
    const char *m = strstr(e->desc, "error message = '");
    if (m) {
        m += strlen("error message = '");
        const char *q = strchr(m, '\'');
        snprintf(r->buf, r->n, "%.*s", q ? (int)(q - m) : (int)strlen(m), m);
    } else {
        snprintf(r->buf, r->n, "%s", e->desc);
    }
    return 0;
}

void es_h5_reason(char *buf, size_t n)
{
    if (!n) return;
    buf[0] = 0;
    reason_buf r = {buf, n};
    if (H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_reason, &r) < 0) buf[0] = 0;
}

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

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *c = malloc(n + 1);
    if (c) memcpy(c, s, n + 1);
    return c;
}

int es_h5_read_strings(hid_t ds, size_t n, char ***out)
{
    *out = NULL;
    hid_t ft = H5Dget_type(ds), sp = H5Dget_space(ds);
    size_t w = ft >= 0 && H5Tget_class(ft) == H5T_STRING && H5Tis_variable_str(ft) == 0 ? H5Tget_size(ft) : 0;
    hssize_t np = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    char *buf = w && w < (1u << 20) && np == (hssize_t)n ? calloc(n ? n : 1, w) : NULL;
    char **v = buf ? calloc(n ? n : 1, sizeof *v) : NULL;
    int rc = v && (n == 0 || H5Dread(ds, ft, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0) ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < n; k++) {
        if (!(v[k] = malloc(w + 1))) rc = -1;
        else {
            memcpy(v[k], buf + k * w, w);
            v[k][w] = 0;
        }
    }
    if (rc < 0 && v)
        for (size_t k = 0; k < n; k++) free(v[k]);
    if (rc < 0) free(v);
    else *out = v;
    free(buf);
    if (sp >= 0) H5Sclose(sp);
    if (ft >= 0) H5Tclose(ft);
    return rc;
}

int es_h5_attr_get_str(hid_t obj, const char *name, char **out)
{
    *out = NULL;
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t ft = a >= 0 ? H5Aget_type(a) : -1, sp = a >= 0 ? H5Aget_space(a) : -1;
    if (ft >= 0 && sp >= 0 && H5Tget_class(ft) == H5T_STRING && H5Sget_simple_extent_npoints(sp) == 1) {
        /* Variable-length strings are never read: their data sit in HDF5's global heap,
         * whose reader crashes on damage (H5HG_read); edusim writes fixed-length ones. */
        htri_t var = H5Tis_variable_str(ft);
        if (var == 0) {
            size_t sz = H5Tget_size(ft);
            char *s = sz ? calloc(sz + 1, 1) : NULL;
            if (s && H5Aread(a, ft, s) >= 0) *out = s;
            else free(s);
        }
    }
    if (sp >= 0) H5Sclose(sp);
    if (ft >= 0) H5Tclose(ft);
    if (a >= 0) H5Aclose(a);
    return *out ? 0 : -1;
}

/* A scalar integer attribute as int64; 0, or -1 when absent or unreadable. */
static int attr_get_i64(hid_t obj, const char *name, int64_t *v)
{
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    int rc = (a >= 0 && H5Aread(a, H5T_NATIVE_INT64, v) >= 0) ? 0 : -1;
    if (a >= 0 && H5Aclose(a) < 0) rc = -1;
    return rc;
}

double es_output_free_bytes(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *s = strrchr(dir, '/');
    if (s) s[s == dir ? 1 : 0] = 0;
    else snprintf(dir, sizeof dir, ".");
    struct statvfs v;
    if (statvfs(dir, &v) != 0) return -1;
    return (double)v.f_bavail * (double)v.f_frsize;
}

int es_output_check_dir(const char *path, char *reason, size_t n)
{
    size_t len = strlen(path);
    char *dir = malloc(len + 2);
    if (!dir) {
        snprintf(reason, n, "out of memory");
        return -1;
    }
    memcpy(dir, path, len + 1);
    char *slash = strrchr(dir, '/');
    if (!slash) strcpy(dir, ".");
    else if (slash == dir) dir[1] = 0;
    else *slash = 0;
    struct stat st;
    int rc = -1;
    if (stat(dir, &st) != 0)
        snprintf(reason, n, errno == ENOENT || errno == ENOTDIR ? "directory '%s' does not exist" : "directory '%s': %s",
                 dir, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        snprintf(reason, n, "'%s' is not a directory", dir);
    else if (access(dir, W_OK | X_OK) != 0)
        snprintf(reason, n, "permission denied: directory '%s' is not writable (%s)", dir, strerror(errno));
    else
        rc = 0;
    free(dir);
    return rc;
}

int es_output_valid_name(const char *s)
{
    return s && s[0] && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

es_status es_output_check_layout(const char *tmp, const es_layout *l, es_diag *d)
{
    const char *bad = NULL;
    if (l->nruns < 1 || l->nyears < 1 || l->nregions < 1 || l->nind < 0 || l->ncohort_cols < 0)
        bad = "nruns, nyears and nregions must be >= 1";
    else if ((l->nind > 0 && !l->ind) || !l->years || !l->regions || (l->ncohort_cols > 0 && !l->cohort_cols))
        bad = "missing array";
    for (int k = 0; !bad && k < l->nind; k++)
        if (!es_output_valid_name(l->ind[k].name) || !es_output_valid_name(l->ind[k].subgroup))
            bad = "indicator names and subgroups must be non-empty and contain no '/'";
    for (int k = 0; !bad && k < l->nregions; k++)
        if (!l->regions[k]) bad = "missing region name";
    for (int k = 0; !bad && k < l->ncohort_cols; k++)
        if (!l->cohort_cols[k].name || !l->cohort_cols[k].name[0]) bad = "missing cohort column name";
    if (bad) {
        es_diag_add(d, "cannot create results file '%s': invalid layout: %s", tmp, bad);
        return ES_ERR_INTERNAL;
    }
    if ((uint64_t)l->nyears * (uint64_t)l->nregions > (UINT64_C(1) << 28)) {
        es_diag_add(d, "cannot create results file '%s': %d years x %d regions is too large", tmp, l->nyears,
                    l->nregions);
        return ES_ERR_LIMIT;
    }
    return ES_OK;
}

static int check_structure(hid_t f, const char *file, es_diag *d);

hid_t es_output_open_checked(const char *path, int need_complete, es_status *st, es_diag *d)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || access(path, R_OK) != 0) {
        es_diag_add(d, "cannot read results file '%s': %s", path, strerror(errno));
        *st = ES_ERR_IO;
        return -1;
    }
    if (S_ISDIR(sb.st_mode)) {
        es_diag_add(d, "'%s' is a directory, not an edusim results file", path);
        *st = ES_ERR_INPUT;
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) { /* a FIFO or a device would block HDF5's open or feed it garbage */
        es_diag_add(d, "'%s' is not a regular file, so not an edusim results file", path);
        *st = ES_ERR_INPUT;
        return -1;
    }
    *st = ES_ERR_INPUT;
    /* The whole-file checksum first: HDF5 reads nothing of a damaged complete file. */
    int stamp = es_stamp_check(path, d);
    if (stamp < 0) return -1;
    if (stamp == 0 && need_complete) {
        es_diag_add(d, "'%s' is incomplete (status=incomplete): the run or sweep did not finish; use --resume for sweeps",
                    path);
        return -1;
    }
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        es_diag_add(d, "'%s' cannot be read as HDF5 (truncated or corrupt?)", path);
        return -1;
    }
    char *fmt = NULL, *status = NULL;
    int64_t ver = 0;
    if (es_h5_attr_get_str(f, "format", &fmt) < 0 || strcmp(fmt, "edusim-results") != 0)
        es_diag_add(d, "'%s' is not an edusim results file (no format=\"edusim-results\" attribute)", path);
    else if (attr_get_i64(f, "format_version", &ver) < 0 || ver < 1 || ver > ES_OUTPUT_FORMAT_VERSION)
        es_diag_add(d, "'%s' has an unsupported format_version (%lld); this edusim reads version %d", path,
                    (long long)ver, ES_OUTPUT_FORMAT_VERSION);
    else if (es_h5_attr_get_str(f, "status", &status), need_complete && (!status || strcmp(status, "complete") != 0))
        es_diag_add(d, "'%s' is incomplete (status=%s): the run or sweep did not finish; use --resume for sweeps",
                    path, status ? status : "missing");
    else if (stamp == 1 && (!status || strcmp(status, "complete") != 0))
        es_diag_add(d, "'%s' has a checksum of a complete file but status=%s (damaged results file)", path,
                    status ? status : "missing");
    else if (check_structure(f, path, d) == 0 && es_output_check_values(f, path, d) == 0)
        *st = ES_OK;
    free(fmt);
    free(status);
    if (*st != ES_OK) {
        H5Fclose(f);
        return -1;
    }
    return f;
}

/* ---- es_output_read_indicator ---- */

static es_status read_indicator(hid_t f, const char *path, const char *name, const char *sub, double **values,
                                int *nruns, int *nyears, int *nregions, es_diag *d)
{
    char *p = malloc(strlen(name) + strlen(sub) + 16);
    if (!p) return ES_ERR_NOMEM;
    sprintf(p, "indicators/%s", name);
    size_t plen = strlen(p);
    htri_t ex = H5Lexists(f, "indicators", H5P_DEFAULT);
    if (ex > 0) ex = H5Lexists(f, p, H5P_DEFAULT);
    sprintf(p + plen, "/%s", sub);
    if (ex > 0) ex = H5Lexists(f, p, H5P_DEFAULT);
    hid_t ds = ex > 0 ? H5Dopen2(f, p, H5P_DEFAULT) : -1, sp = ds >= 0 ? H5Dget_space(ds) : -1;
    es_status st = ES_ERR_INPUT;
    hsize_t dims[3];
    if (ex < 0 || (ex > 0 && (ds < 0 || sp < 0))) {
        es_diag_add(d, "HDF5 error opening /%s in '%s'", p, path);
        st = ES_ERR_IO;
    } else if (ex == 0) {
        es_diag_add(d, "'%s' has no indicator %s/%s", path, name, sub);
    } else if (H5Sget_simple_extent_ndims(sp) != 3 || H5Sget_simple_extent_dims(sp, dims, NULL) != 3 ||
               dims[0] > INT_MAX || dims[1] > INT_MAX || dims[2] > INT_MAX ||
               (dims[1] && dims[2] && dims[0] > SIZE_MAX / sizeof(double) / dims[1] / dims[2])) {
        es_diag_add(d, "/%s in '%s' is not a [run, year, region] array", p, path);
    } else {
        size_t n = (size_t)(dims[0] * dims[1] * dims[2]);
        double *v = malloc((n ? n : 1) * sizeof *v);
        if (!v) {
            st = ES_ERR_NOMEM;
        } else if (n && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
            es_diag_add(d, "HDF5 error reading /%s in '%s'", p, path);
            free(v);
            st = ES_ERR_IO;
        } else {
            *values = v;
            *nruns = (int)dims[0];
            *nyears = (int)dims[1];
            *nregions = (int)dims[2];
            st = ES_OK;
        }
    }
    if (sp >= 0) H5Sclose(sp);
    if (ds >= 0) H5Dclose(ds);
    free(p);
    return st;
}

es_status es_output_read_indicator(const char *path, const char *name, const char *subgroup,
                                   double **values, int *nruns, int *nyears, int *nregions, es_diag *d)
{
    if (values) *values = NULL;
    if (!path || !values || !nruns || !nyears || !nregions) return ES_ERR_INTERNAL;
    if (!es_output_valid_name(name) || !es_output_valid_name(subgroup)) {
        es_diag_add(d, "invalid indicator name '%s/%s'", name ? name : "", subgroup ? subgroup : "");
        return ES_ERR_INPUT;
    }
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    es_status st;
    hid_t f = es_output_open_checked(path, 0, &st, d);
    if (f >= 0) {
        st = read_indicator(f, path, name, subgroup, values, nruns, nyears, nregions, d);
        if (H5Fclose(f) < 0 && st == ES_OK) {
            es_diag_add(d, "HDF5 error closing '%s'", path);
            free(*values);
            *values = NULL;
            st = ES_ERR_IO;
        }
    }
    es_h5_quiet_off(&q);
    return st;
}

/* ---- es_output_info ---- */

typedef struct ind_row {
    char *label, *units;
    double v;
} ind_row;

typedef struct info_data {
    int64_t nruns, nyears, nregions, ncohort, ok, failed, notrun;
    int32_t y0, y1;
    char **regions;   /* [nregions] */
    char **scenarios; /* [nscen] */
    int nscen;
    ind_row *ind;
    int nind, cap;
} info_data;

static int64_t extent(hid_t f, const char *name)
{
    hid_t ds = H5Dopen2(f, name, H5P_DEFAULT), sp = ds >= 0 ? H5Dget_space(ds) : -1;
    hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    if (sp >= 0 && H5Sclose(sp) < 0) n = -1;
    if (ds >= 0 && H5Dclose(ds) < 0) n = -1;
    return (int64_t)n;
}

/* Link names of a group (sorted by name); -1 on error. */
static int list_names(hid_t g, char ***out, int *n)
{
    H5G_info_t gi;
    *out = NULL;
    *n = 0;
    if (H5Gget_info(g, &gi) < 0 || gi.nlinks > INT_MAX) return -1;
    char **v = calloc(gi.nlinks ? gi.nlinks : 1, sizeof *v);
    if (!v) return -1;
    for (hsize_t k = 0; k < gi.nlinks; k++) {
        ssize_t len = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, k, NULL, 0, H5P_DEFAULT);
        if (len < 0 || !(v[k] = malloc((size_t)len + 1)) ||
            H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, k, v[k], (size_t)len + 1, H5P_DEFAULT) < 0) {
            for (hsize_t j = 0; j <= k; j++) free(v[j]);
            free(v);
            return -1;
        }
    }
    *out = v;
    *n = (int)gi.nlinks;
    return 0;
}

/* ---- structure: ranks, shapes and types of everything a reader reads ---- */

enum { CLS_INT = 1, CLS_FLOAT = 2, CLS_STR = 4, CLS_COMP = 8, CLS_NUM = CLS_INT | CLS_FLOAT };

static const char *class_name(H5T_class_t c)
{
    switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "floating point";
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    case H5T_ENUM: return "enum";
    case H5T_ARRAY: return "array";
    case H5T_VLEN: return "variable-length";
    case H5T_OPAQUE: return "opaque";
    case H5T_REFERENCE: return "reference";
    case H5T_BITFIELD: return "bitfield";
    case H5T_TIME: return "time";
    default: return "unknown";
    }
}

static int class_ok(H5T_class_t c, int want)
{
    return ((want & CLS_INT) && c == H5T_INTEGER) || ((want & CLS_FLOAT) && c == H5T_FLOAT) ||
           ((want & CLS_STR) && c == H5T_STRING) || ((want & CLS_COMP) && c == H5T_COMPOUND);
}

static const char *want_name(int want)
{
    return want == CLS_NUM ? "integer or floating point" : want == CLS_INT ? "integer" : want == CLS_STR ? "string"
           : want == CLS_COMP ? "compound" : "numeric";
}

#define ANY0 ((hsize_t)-1) /* in check_ds: any extent, also 0 */

/* "[5, any >= 1]" for the expected extents of check_ds */
static void want_str(char *buf, size_t n, int rank, const hsize_t *want)
{
    if (rank == 0) {
        snprintf(buf, n, "[] (a single value)");
        return;
    }
    size_t o = 0;
    buf[o++] = '[';
    for (int i = 0; i < rank && o + 24 < n; i++) {
        if (want[i] == ANY0) o += (size_t)snprintf(buf + o, n - o, "%sany", i ? ", " : "");
        else if (!want[i]) o += (size_t)snprintf(buf + o, n - o, "%s1 or more", i ? ", " : "");
        else o += (size_t)snprintf(buf + o, n - o, "%s%llu", i ? ", " : "", (unsigned long long)want[i]);
    }
    snprintf(buf + o, n - o, "]");
}

static void dims_str(char *buf, size_t n, int rank, const hsize_t *dims)
{
    if (rank == 0) {
        snprintf(buf, n, "[] (a single value)");
        return;
    }
    size_t o = 0;
    buf[o++] = '[';
    for (int i = 0; i < rank && o + 24 < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s%llu", i ? ", " : "", (unsigned long long)dims[i]);
    snprintf(buf + o, n - o, "]");
}

static H5I_type_t obj_type(hid_t loc, const char *name)
{
    hid_t o = H5Oopen(loc, name, H5P_DEFAULT);
    H5I_type_t t = o >= 0 ? H5Iget_type(o) : H5I_BADID;
    if (o >= 0) H5Oclose(o);
    return t;
}

/* Open dataset `name` (relative to loc; `shown` in messages, e.g. "/axes/year") and
 * check its rank, shape and type class: want[i] is the expected extent of dimension i,
 * or 0 for any extent of at least 1. The open dataset (caller closes) into *ds, its
 * extents into dims (H5S_MAX_RANK); -1 with a message. */
static int check_ds(hid_t loc, const char *name, const char *shown, const char *file, int rank, const hsize_t *want,
                    const char *want_desc, int cls, hid_t *ds, hsize_t *dims, es_diag *d)
{
    *ds = -1;
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex <= 0) {
        es_diag_add(d, "%s: %s is missing (an edusim results file has /axes/year, /axes/region, /runs and /indicators)",
                    file, shown);
        return -1;
    }
    if (obj_type(loc, name) != H5I_DATASET) {
        es_diag_add(d, "%s: %s is not a dataset", file, shown);
        return -1;
    }
    hid_t x = H5Dopen2(loc, name, H5P_DEFAULT), sp = x >= 0 ? H5Dget_space(x) : -1, t = x >= 0 ? H5Dget_type(x) : -1;
    int r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1, rc = -1;
    H5T_class_t c = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    for (int i = 0; i < H5S_MAX_RANK; i++) dims[i] = 0;
    if (x < 0 || sp < 0 || t < 0 || r < 0 || H5Sget_simple_extent_type(sp) == H5S_NULL ||
        (r > 0 && H5Sget_simple_extent_dims(sp, dims, NULL) != r)) {
        es_diag_add(d, "%s: %s cannot be read (damaged results file?)", file, shown);
    } else {
        int ok = r == rank;
        for (int i = 0; ok && i < rank; i++)
            ok = want[i] == ANY0 ? dims[i] <= INT_MAX : want[i] ? dims[i] == want[i] : dims[i] >= 1 && dims[i] <= INT_MAX;
        char have[256], exp[256];
        if (!ok) {
            dims_str(have, sizeof have, r, dims);
            want_str(exp, sizeof exp, rank, want);
            es_diag_add(d, "%s: %s has shape %s, expected %s = %s", file, shown, have, want_desc, exp);
        } else if (!class_ok(c, cls)) {
            es_diag_add(d, "%s: %s has type %s, expected %s", file, shown, class_name(c), want_name(cls));
        } else if (c == H5T_STRING && H5Tis_variable_str(t) != 0) {
            es_diag_add(d, "%s: %s has variable-length strings, expected fixed-length ones (format %d)", file, shown,
                        ES_OUTPUT_FORMAT_VERSION);
        } else {
            rc = 0;
        }
    }
    if (t >= 0) H5Tclose(t);
    if (sp >= 0) H5Sclose(sp);
    if (rc == 0) *ds = x;
    else if (x >= 0) H5Dclose(x);
    return rc;
}

/* Member `name` of compound type t has one of the classes cls; -1 with a message. */
static int check_member(hid_t t, const char *name, int cls, const char *file, const char *shown, es_diag *d)
{
    int i = H5Tget_member_index(t, name);
    H5T_class_t c = i >= 0 ? H5Tget_member_class(t, (unsigned)i) : H5T_NO_CLASS;
    if (i < 0) {
        es_diag_add(d, "%s: %s has no column '%s'", file, shown, name);
        return -1;
    }
    if (!class_ok(c, cls)) {
        es_diag_add(d, "%s: %s column '%s' has type %s, expected %s", file, shown, name, class_name(c), want_name(cls));
        return -1;
    }
    if (c == H5T_STRING) {
        hid_t mt = H5Tget_member_type(t, (unsigned)i);
        htri_t var = mt >= 0 ? H5Tis_variable_str(mt) : -1;
        if (mt >= 0) H5Tclose(mt);
        if (var != 0) {
            es_diag_add(d, "%s: %s column '%s' has variable-length strings, expected fixed-length ones (format %d)", file,
                        shown, name, ES_OUTPUT_FORMAT_VERSION);
            return -1;
        }
    }
    return 0;
}

static int check_group(hid_t f, const char *name, const char *file, int required, es_diag *d)
{
    htri_t ex = H5Lexists(f, name, H5P_DEFAULT);
    if (ex <= 0) {
        if (required) es_diag_add(d, "%s: /%s is missing (an edusim results file has /axes, /runs and /indicators)", file, name);
        return required ? -1 : 1;
    }
    if (obj_type(f, name) != H5I_GROUP) {
        es_diag_add(d, "%s: /%s is not a group", file, name);
        return -1;
    }
    return 0;
}

/* Every indicator /indicators/NAME/SUB is a [runs, years, regions] numeric array. */
static int check_indicators(hid_t f, const char *file, const hsize_t want[3], es_diag *d)
{
    if (check_group(f, "indicators", file, 1, d) < 0) return -1;
    hid_t g = H5Gopen2(f, "indicators", H5P_DEFAULT);
    char **names = NULL;
    int n = 0, rc = g >= 0 && list_names(g, &names, &n) == 0 ? 0 : -1;
    if (rc < 0) es_diag_add(d, "%s: /indicators cannot be listed (damaged results file?)", file);
    for (int k = 0; k < n && rc == 0; k++) {
        char *shown = malloc(strlen(names[k]) + 16);
        if (!shown) { rc = -1; break; }
        sprintf(shown, "/indicators/%s", names[k]);
        if (check_group(g, names[k], file, 1, d) < 0) {
            free(shown);
            rc = -1;
            break;
        }
        hid_t gi = H5Gopen2(g, names[k], H5P_DEFAULT);
        char **subs = NULL;
        int ns = 0;
        if (gi < 0 || list_names(gi, &subs, &ns) < 0) {
            es_diag_add(d, "%s: %s cannot be listed (damaged results file?)", file, shown);
            rc = -1;
        }
        for (int j = 0; j < ns && rc == 0; j++) {
            char *s2 = malloc(strlen(shown) + strlen(subs[j]) + 2);
            hid_t ds = -1;
            hsize_t dims[H5S_MAX_RANK];
            if (!s2) { rc = -1; break; }
            sprintf(s2, "%s/%s", shown, subs[j]);
            rc = check_ds(gi, subs[j], s2, file, 3, want, "[runs, years, regions]", CLS_NUM, &ds, dims, d);
            if (ds >= 0) H5Dclose(ds);
            free(s2);
        }
        for (int j = 0; j < ns; j++) free(subs[j]);
        free(subs);
        if (gi >= 0) H5Gclose(gi);
        free(shown);
    }
    for (int k = 0; k < n; k++) free(names[k]);
    free(names);
    if (g >= 0) H5Gclose(g);
    return rc;
}

/* Every object a reader reads, checked before anything is read: axes, runs, indicators,
 * and where present cohorts, scenarios and parameters. -1 with one message naming the
 * object, its shape or type and the expected one. */
static int check_structure(hid_t f, const char *file, es_diag *d)
{
    hsize_t dims[H5S_MAX_RANK], any[3] = {0, 0, 0}, want[3];
    hid_t ds = -1;
    if (check_group(f, "axes", file, 1, d) < 0) return -1;
    if (check_ds(f, "axes/year", "/axes/year", file, 1, any, "[years]", CLS_INT, &ds, dims, d) < 0) return -1;
    H5Dclose(ds);
    want[1] = dims[0];
    if (check_ds(f, "axes/region", "/axes/region", file, 1, any, "[regions]", CLS_STR, &ds, dims, d) < 0) return -1;
    H5Dclose(ds);
    want[2] = dims[0];
    if (want[1] * want[2] > (UINT64_C(1) << 28)) {
        es_diag_add(d, "%s: %llu years x %llu regions is too large (valid: at most 2^28 cells)", file,
                    (unsigned long long)want[1], (unsigned long long)want[2]);
        return -1;
    }
    if (check_ds(f, "runs", "/runs", file, 1, any, "[runs]", CLS_COMP, &ds, dims, d) < 0) return -1;
    want[0] = dims[0];
    hid_t t = H5Dget_type(ds);
    int rc = t < 0 ? -1 : 0;
    if (rc < 0) es_diag_add(d, "%s: /runs cannot be read (damaged results file?)", file);
    if (rc == 0) rc = check_member(t, "scenario", CLS_STR, file, "/runs", d);
    if (rc == 0) rc = check_member(t, "replicate", CLS_INT, file, "/runs", d);
    if (rc == 0) rc = check_member(t, "status", CLS_INT, file, "/runs", d);
    if (rc == 0) rc = check_member(t, "error", CLS_STR, file, "/runs", d);
    if (rc == 0) rc = check_member(t, "run", CLS_INT, file, "/runs", d);
    if (rc == 0) rc = check_member(t, "checksum", CLS_INT, file, "/runs", d);
    if (t >= 0) H5Tclose(t);
    H5Dclose(ds);
    if (rc < 0) return -1;
    if (want[0] > 10000000) {
        es_diag_add(d, "%s: /runs has %llu runs (valid: at most 10000000)", file, (unsigned long long)want[0]);
        return -1;
    }
    hsize_t wr[1] = {want[0]};
    if (H5Lexists(f, "axes/run", H5P_DEFAULT) > 0) {
        if (check_ds(f, "axes/run", "/axes/run", file, 1, wr, "[runs] (the rows of /runs)", CLS_NUM, &ds, dims, d) < 0)
            return -1;
        H5Dclose(ds);
    }
    if (check_indicators(f, file, want, d) < 0) return -1;
    if (H5Lexists(f, "cohorts", H5P_DEFAULT) > 0) {
        hsize_t w0[1] = {ANY0};
        if (check_ds(f, "cohorts", "/cohorts", file, 1, w0, "[rows]", CLS_COMP, &ds, dims, d) < 0) return -1;
        t = H5Dget_type(ds);
        int nm = t >= 0 ? H5Tget_nmembers(t) : -1;
        rc = nm >= 1 && nm <= 256 ? 0 : -1;
        if (rc < 0) es_diag_add(d, "%s: /cohorts has %d columns (valid: 1 to 256)", file, nm);
        for (int j = 0; rc == 0 && j < nm; j++) {
            H5T_class_t c = H5Tget_member_class(t, (unsigned)j);
            char *mn = H5Tget_member_name(t, (unsigned)j);
            if (!class_ok(c, CLS_NUM)) {
                es_diag_add(d, "%s: /cohorts column '%s' has type %s, expected integer or floating point", file,
                            mn ? mn : "?", class_name(c));
                rc = -1;
            }
            if (mn) H5free_memory(mn);
        }
        if (t >= 0) H5Tclose(t);
        if (ds >= 0) H5Dclose(ds);
        if (rc < 0) return -1;
    }
    if (H5Lexists(f, "scenarios", H5P_DEFAULT) > 0) {
        if (check_group(f, "scenarios", file, 1, d) < 0) return -1;
        hid_t g = H5Gopen2(f, "scenarios", H5P_DEFAULT);
        char **names = NULL;
        int n = 0;
        rc = g >= 0 && list_names(g, &names, &n) == 0 ? 0 : -1;
        if (rc < 0) es_diag_add(d, "%s: /scenarios cannot be listed (damaged results file?)", file);
        for (int k = 0; k < n && rc == 0; k++) {
            char shown[600];
            snprintf(shown, sizeof shown, "/scenarios/%.500s", names[k]);
            rc = check_ds(g, names[k], shown, file, 0, NULL, "a single string", CLS_STR, &ds, dims, d);
            if (ds >= 0) H5Dclose(ds);
        }
        for (int k = 0; k < n; k++) free(names[k]);
        free(names);
        if (g >= 0) H5Gclose(g);
        if (rc < 0) return -1;
    }
    if (H5Lexists(f, "parameters", H5P_DEFAULT) > 0) {
        hsize_t wp[2] = {want[0], 0};
        if (check_ds(f, "parameters", "/parameters", file, 2, wp, "[runs, axes]", CLS_NUM, &ds, dims, d) < 0) return -1;
        hid_t a = H5Aexists(ds, "names") > 0 ? H5Aopen(ds, "names", H5P_DEFAULT) : -1;
        hid_t at = a >= 0 ? H5Aget_type(a) : -1, as = a >= 0 ? H5Aget_space(a) : -1;
        hssize_t na = as >= 0 ? H5Sget_simple_extent_npoints(as) : -1;
        rc = dims[1] <= 64 && at >= 0 && H5Tget_class(at) == H5T_STRING && H5Tis_variable_str(at) == 0 &&
                     as >= 0 && H5Sget_simple_extent_ndims(as) == 1 && na == (hssize_t)dims[1]
                 ? 0
                 : -1;
        if (rc < 0)
            es_diag_add(d, "%s: /parameters has %llu axes with %s names attribute, expected 1 to 64 axes and a "
                           "names attribute of as many strings",
                        file, (unsigned long long)dims[1], a < 0 ? "no" : "a mismatched");
        if (as >= 0) H5Sclose(as);
        if (at >= 0) H5Tclose(at);
        if (a >= 0) H5Aclose(a);
        H5Dclose(ds);
        if (rc < 0) return -1;
    }
    return 0;
}

static int read_years(hid_t f, info_data *x)
{
    if ((x->nyears = extent(f, "axes/year")) < 1) return -1;
    int32_t *y = malloc((size_t)x->nyears * sizeof *y);
    hid_t ds = y ? H5Dopen2(f, "axes/year", H5P_DEFAULT) : -1;
    int rc = (ds >= 0 && H5Dread(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, y) >= 0) ? 0 : -1;
    if (ds >= 0 && H5Dclose(ds) < 0) rc = -1;
    if (rc == 0) {
        x->y0 = y[0];
        x->y1 = y[x->nyears - 1];
    }
    free(y);
    return rc;
}

static int read_regions(hid_t f, info_data *x)
{
    if ((x->nregions = extent(f, "axes/region")) < 1) return -1;
    hid_t ds = H5Dopen2(f, "axes/region", H5P_DEFAULT);
    int rc = ds >= 0 && es_h5_read_strings(ds, (size_t)x->nregions, &x->regions) == 0 ? 0 : -1;
    if (ds >= 0 && H5Dclose(ds) < 0) rc = -1;
    return rc;
}

static int read_runs(hid_t f, info_data *x)
{
    if ((x->nruns = extent(f, "runs")) < 0) return -1;
    int32_t *s = malloc((size_t)(x->nruns ? x->nruns : 1) * sizeof *s);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(int32_t)), ds = H5Dopen2(f, "runs", H5P_DEFAULT);
    int rc = (s && t >= 0 && ds >= 0 && H5Tinsert(t, "status", 0, H5T_NATIVE_INT32) >= 0 &&
              (x->nruns == 0 || H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) >= 0)) ? 0 : -1;
    for (int64_t k = 0; rc == 0 && k < x->nruns; k++) {
        if (s[k] == 0) x->ok++;
        else if (s[k] < 0) x->notrun++;
        else x->failed++;
    }
    if (ds >= 0 && H5Dclose(ds) < 0) rc = -1;
    if (t >= 0 && H5Tclose(t) < 0) rc = -1;
    free(s);
    return rc;
}

/* The national value (last region) of the last year for run 0; NaN when absent. */
static int read_last(hid_t ds, double *v)
{
    *v = NAN;
    hid_t fs = H5Dget_space(ds), ms = -1;
    hsize_t dims[3], one[3] = {1, 1, 1};
    int rc = -1;
    if (fs >= 0 && H5Sget_simple_extent_ndims(fs) == 3 && H5Sget_simple_extent_dims(fs, dims, NULL) == 3) {
        if (!dims[0] || !dims[1] || !dims[2]) rc = 0;
        else {
            hsize_t start[3] = {0, dims[1] - 1, dims[2] - 1};
            if ((ms = H5Screate_simple(3, one, NULL)) >= 0 &&
                H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, one, NULL) >= 0 &&
                H5Dread(ds, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, v) >= 0)
                rc = 0;
        }
    }
    if (ms >= 0) H5Sclose(ms);
    if (fs >= 0) H5Sclose(fs);
    return rc;
}

static int add_row(info_data *x, const char *ind, const char *sub, hid_t ds)
{
    if (x->nind == x->cap) {
        int cap = x->cap ? 2 * x->cap : 32;
        ind_row *r = realloc(x->ind, (size_t)cap * sizeof *r);
        if (!r) return -1;
        x->ind = r;
        x->cap = cap;
    }
    ind_row *r = &x->ind[x->nind];
    r->label = malloc(strlen(ind) + strlen(sub) + 2);
    if (!r->label) return -1;
    sprintf(r->label, "%s/%s", ind, sub);
    if (es_h5_attr_get_str(ds, "units", &r->units) < 0 && !(r->units = dup_str(""))) {
        free(r->label);
        return -1;
    }
    x->nind++;
    return read_last(ds, &r->v);
}

static int read_indicators(hid_t f, info_data *x)
{
    hid_t g = H5Gopen2(f, "indicators", H5P_DEFAULT);
    char **names = NULL;
    int n = 0, rc = (g >= 0 && list_names(g, &names, &n) == 0) ? 0 : -1;
    for (int k = 0; k < n && rc == 0; k++) {
        hid_t gi = H5Gopen2(g, names[k], H5P_DEFAULT);
        char **subs = NULL;
        int ns = 0;
        if (gi < 0 || list_names(gi, &subs, &ns) < 0) rc = -1;
        for (int j = 0; j < ns && rc == 0; j++) {
            hid_t ds = H5Dopen2(gi, subs[j], H5P_DEFAULT);
            if (ds < 0 || add_row(x, names[k], subs[j], ds) < 0) rc = -1;
            if (ds >= 0 && H5Dclose(ds) < 0) rc = -1;
        }
        for (int j = 0; j < ns; j++) free(subs[j]);
        free(subs);
        if (gi >= 0 && H5Gclose(gi) < 0) rc = -1;
    }
    for (int k = 0; k < n; k++) free(names[k]);
    free(names);
    if (g >= 0 && H5Gclose(g) < 0) rc = -1;
    return rc;
}

static void info_free(info_data *x)
{
    for (int64_t k = 0; x->regions && k < x->nregions; k++) free(x->regions[k]);
    free(x->regions);
    for (int k = 0; k < x->nscen; k++) free(x->scenarios[k]);
    free(x->scenarios);
    for (int k = 0; k < x->nind; k++) {
        free(x->ind[k].label);
        free(x->ind[k].units);
    }
    free(x->ind);
}

static void print_info(FILE *out, const char *path, hid_t f, const info_data *x)
{
    static const char *const keys[][2] = {{"program_version", "program"}, {"git_revision", "git revision"},
                                          {"compiler", "compiler"},       {"compiler_flags", "compiler flags"},
                                          {"hdf5_version", "HDF5"},       {"created", "created (UTC)"},
                                          {"command_line", "command line"}};
    fprintf(out, "%s: edusim results, format version %d, complete\n", path, ES_OUTPUT_FORMAT_VERSION);
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        char *s = NULL;
        es_h5_attr_get_str(f, keys[k][0], &s);
        fprintf(out, "  %-15s %s\n", keys[k][1], s ? s : "(missing)");
        free(s);
    }
    int64_t th = 0;
    uint64_t useed = 0;
    hid_t a = H5Aexists(f, "seed") > 0 ? H5Aopen(f, "seed", H5P_DEFAULT) : -1;
    if (a >= 0) {
        if (H5Aread(a, H5T_NATIVE_UINT64, &useed) < 0) useed = 0;
        if (H5Aclose(a) < 0) useed = 0;
    }
    if (attr_get_i64(f, "threads", &th) < 0) th = 0;
    fprintf(out, "  %-15s %lld\n  %-15s %llu\n", "threads", (long long)th, "seed", (unsigned long long)useed);
    fprintf(out, "  %-15s %lld (ok %lld, failed %lld, not run %lld)\n", "runs", (long long)x->nruns,
            (long long)x->ok, (long long)x->failed, (long long)x->notrun);
    fprintf(out, "  %-15s ", "scenarios");
    for (int k = 0; k < x->nscen; k++) fprintf(out, "%s%s", k ? ", " : "", x->scenarios[k]);
    fprintf(out, "%s\n", x->nscen ? "" : "(none stored)");
    fprintf(out, "  %-15s %d-%d (%lld school years)\n", "years", x->y0, x->y1, (long long)x->nyears);
    fprintf(out, "  %-15s %lld: ", "regions", (long long)x->nregions);
    for (int64_t k = 0; k < x->nregions; k++) fprintf(out, "%s%s", k ? ", " : "", x->regions[k]);
    fprintf(out, "\n  %-15s %lld\n\n", "cohort rows", (long long)x->ncohort);
    char head[96];
    snprintf(head, sizeof head, "indicator (%s, %d, run 0)", x->regions[x->nregions - 1], x->y1);
    int w = (int)strlen(head);
    for (int k = 0; k < x->nind; k++)
        if ((int)strlen(x->ind[k].label) > w) w = (int)strlen(x->ind[k].label);
    fprintf(out, "  %-*s  %14s  %s\n", w, head, "value", "units");
    for (int k = 0; k < x->nind; k++) {
        char v[32];
        if (isnan(x->ind[k].v)) snprintf(v, sizeof v, "n/a");
        else snprintf(v, sizeof v, fabs(x->ind[k].v) < 1e6 || fabs(x->ind[k].v) >= 1e15 ? "%.6g" : "%.0f", x->ind[k].v);
        fprintf(out, "  %-*s  %14s  %s\n", w, x->ind[k].label, v, x->ind[k].units);
    }
    fprintf(out, "  (%d indicators)\n", x->nind);
}

es_status es_output_info(const char *path, FILE *out, es_diag *d)
{
    if (!path || !out) return ES_ERR_INTERNAL;
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    es_status st;
    hid_t f = es_output_open_checked(path, 1, &st, d);
    if (f < 0) {
        es_h5_quiet_off(&q);
        return st;
    }
    info_data x;
    memset(&x, 0, sizeof x);
    const char *what = NULL;
    hid_t g = -1;
    if (read_years(f, &x) < 0) what = "/axes/year";
    else if (read_regions(f, &x) < 0) what = "/axes/region";
    else if (read_runs(f, &x) < 0) what = "/runs";
    else if ((x.ncohort = H5Lexists(f, "cohorts", H5P_DEFAULT) > 0 ? extent(f, "cohorts") : 0) < 0) what = "/cohorts";
    else if ((g = H5Gopen2(f, "scenarios", H5P_DEFAULT)) < 0 || list_names(g, &x.scenarios, &x.nscen) < 0)
        what = "/scenarios";
    else if (read_indicators(f, &x) < 0) what = "/indicators";
    if (g >= 0 && H5Gclose(g) < 0 && !what) what = "/scenarios";
    if (what) {
        es_diag_add(d, "cannot read %s in '%s' (damaged results file?)", what, path);
        st = ES_ERR_INPUT;
    } else {
        print_info(out, path, f, &x);
        if (fflush(out) != 0 || ferror(out)) {
            es_diag_add(d, "cannot write the summary of '%s': %s", path, strerror(errno));
            st = ES_ERR_IO;
        }
    }
    info_free(&x);
    if (H5Fclose(f) < 0 && st == ES_OK) {
        es_diag_add(d, "HDF5 error closing '%s'", path);
        st = ES_ERR_IO;
    }
    es_h5_quiet_off(&q);
    return st;
}
