/* output_read.c - reading results files back: checks, `edusim info`, indicator reads,
 * and the small writer helpers shared with output.c. Files are opened read-only. */
#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output_internal.h"

int es_output_check_dir(const char *path, char *reason, size_t n)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == dir) dir[1] = 0;
    else *slash = 0;
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(reason, n, "directory '%s' does not exist", dir);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(reason, n, "'%s' is not a directory", dir);
        return -1;
    }
    if (access(dir, W_OK) != 0) {
        snprintf(reason, n, "directory '%s' is not writable (%s)", dir, strerror(errno));
        return -1;
    }
    return 0;
}

int es_output_append_rows(hid_t ds, hid_t type, size_t size, const size_t *off, const es_col_desc *cols,
                          int ncols, int nrows, const double *rows)
{
    unsigned char *buf = malloc((size_t)nrows * size);
    if (!buf) return -1;
    for (int r = 0; r < nrows; r++)
        for (int j = 0; j < ncols; j++) {
            double v = rows[(size_t)r * ncols + j];
            unsigned char *at = buf + (size_t)r * size + off[j];
            if (cols[j].is_int) {
                int32_t x = (int32_t)v;
                memcpy(at, &x, 4);
            } else {
                memcpy(at, &v, 8);
            }
        }
    int rc = -1;
    hid_t fs = H5Dget_space(ds);
    hsize_t cur = 0;
    if (fs >= 0 && H5Sget_simple_extent_dims(fs, &cur, NULL) >= 0) {
        H5Sclose(fs);
        hsize_t nsize = cur + (hsize_t)nrows, cnt = (hsize_t)nrows;
        if (H5Dset_extent(ds, &nsize) >= 0 && (fs = H5Dget_space(ds)) >= 0) {
            hid_t ms = H5Screate_simple(1, &cnt, NULL);
            if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, &cur, NULL, &cnt, NULL) >= 0 &&
                H5Dwrite(ds, type, ms, fs, H5P_DEFAULT, buf) >= 0)
                rc = 0;
            H5Sclose(ms);
            H5Sclose(fs);
        }
    } else if (fs >= 0) {
        H5Sclose(fs);
    }
    free(buf);
    return rc;
}

int es_output_write_run_row(hid_t ds, const void *row, size_t size, int index)
{
    (void)size;
    hid_t t = H5Dget_type(ds), fs = H5Dget_space(ds);
    hsize_t one = 1, at = (hsize_t)index;
    hid_t ms = H5Screate_simple(1, &one, NULL);
    int rc = (t >= 0 && fs >= 0 && H5Sselect_hyperslab(fs, H5S_SELECT_SET, &at, NULL, &one, NULL) >= 0 &&
              H5Dwrite(ds, t, ms, fs, H5P_DEFAULT, row) >= 0) ? 0 : -1;
    H5Sclose(ms);
    if (fs >= 0) H5Sclose(fs);
    if (t >= 0) H5Tclose(t);
    return rc;
}

/* A string attribute into buf ("" when absent or not a string). */
static int attr_get_str(hid_t obj, const char *name, char *buf, size_t n)
{
    buf[0] = 0;
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT), ft = a >= 0 ? H5Aget_type(a) : -1;
    int rc = -1;
    if (ft >= 0 && H5Tget_class(ft) == H5T_STRING) {
        if (H5Tis_variable_str(ft) > 0) {
            hid_t t = es_h5_vlen_str();
            char *s = NULL;
            if (H5Aread(a, t, &s) >= 0 && s) {
                snprintf(buf, n, "%s", s);
                H5free_memory(s);
                rc = 0;
            }
            H5Tclose(t);
        } else {
            size_t sz = H5Tget_size(ft);
            char *s = calloc(sz + 1, 1);
            if (s && H5Aread(a, ft, s) >= 0) {
                snprintf(buf, n, "%s", s);
                rc = 0;
            }
            free(s);
        }
    }
    if (ft >= 0) H5Tclose(ft);
    if (a >= 0) H5Aclose(a);
    return rc;
}

hid_t es_output_open_checked(const char *path, int need_complete, es_diag *d)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (access(path, R_OK) != 0) {
        es_diag_add(d, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    htri_t is = H5Fis_hdf5(path);
    if (is <= 0) {
        es_diag_add(d, "'%s' cannot be read as HDF5 (not an HDF5 file, or truncated or corrupt)", path);
        return -1;
    }
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        es_diag_add(d, "'%s' cannot be read as HDF5 (truncated or corrupt?)", path);
        return -1;
    }
    char fmt[64], status[64];
    if (attr_get_str(f, "format", fmt, sizeof fmt) < 0 || strcmp(fmt, "edusim-results") != 0) {
        es_diag_add(d, "'%s' is not an edusim results file (no format=\"edusim-results\" attribute)", path);
        H5Fclose(f);
        return -1;
    }
    attr_get_str(f, "status", status, sizeof status);
    if (need_complete && strcmp(status, "complete") != 0) {
        es_diag_add(d, "'%s' is incomplete (status=%s): the run or sweep did not finish; use --resume for sweeps",
                    path, status[0] ? status : "missing");
        H5Fclose(f);
        return -1;
    }
    return f;
}

es_status es_output_read_indicator(const char *path, const char *name, const char *subgroup,
                                   double **values, int *nruns, int *nyears, int *nregions, es_diag *d)
{
    *values = NULL;
    hid_t f = es_output_open_checked(path, 0, d);
    if (f < 0) return ES_ERR_INPUT;
    char p[300];
    snprintf(p, sizeof p, "indicators/%s/%s", name, subgroup);
    hid_t ds = H5Lexists(f, "indicators", H5P_DEFAULT) > 0 && H5Lexists(f, p, H5P_DEFAULT) > 0
                   ? H5Dopen2(f, p, H5P_DEFAULT) : -1;
    es_status st = ES_ERR_INPUT;
    if (ds < 0) {
        es_diag_add(d, "'%s' has no indicator %s/%s", path, name, subgroup);
    } else {
        hid_t sp = H5Dget_space(ds);
        hsize_t dims[3];
        if (H5Sget_simple_extent_ndims(sp) == 3 && H5Sget_simple_extent_dims(sp, dims, NULL) == 3) {
            double *v = malloc((size_t)(dims[0] * dims[1] * dims[2] + 1) * sizeof *v);
            if (v && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0) {
                *values = v;
                *nruns = (int)dims[0];
                *nyears = (int)dims[1];
                *nregions = (int)dims[2];
                st = ES_OK;
            } else {
                free(v);
                es_diag_add(d, "cannot read /%s of '%s'", p, path);
                st = ES_ERR_IO;
            }
        } else {
            es_diag_add(d, "/%s of '%s' is not [run, year, region]", p, path);
        }
        H5Sclose(sp);
        H5Dclose(ds);
    }
    H5Fclose(f);
    return st;
}

typedef struct info_ctx {
    FILE *out;
    hid_t file;
    int nyears, nregions, count;
} info_ctx;

static herr_t print_subgroup(hid_t grp, const char *sub, const H5L_info_t *li, void *op)
{
    (void)li;
    info_ctx *c = op;
    hid_t ds = H5Dopen2(grp, sub, H5P_DEFAULT);
    if (ds < 0) return 0;
    char units[64], name[256];
    attr_get_str(ds, "units", units, sizeof units);
    ssize_t gl = H5Iget_name(grp, name, sizeof name);
    const char *ind = gl > 0 ? (strrchr(name, '/') ? strrchr(name, '/') + 1 : name) : "?";
    double v = NAN;
    hid_t fs = H5Dget_space(ds);
    hsize_t dims[3];
    if (H5Sget_simple_extent_dims(fs, dims, NULL) == 3 && dims[0] > 0 && dims[1] > 0 && dims[2] > 0) {
        hsize_t start[3] = {0, dims[1] - 1, dims[2] - 1}, one[3] = {1, 1, 1};
        hid_t ms = H5Screate_simple(3, one, NULL);
        if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, one, NULL) >= 0)
            H5Dread(ds, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, &v);
        H5Sclose(ms);
    }
    H5Sclose(fs);
    char lab[600];
    snprintf(lab, sizeof lab, "%.290s/%.290s", ind, sub);
    fprintf(c->out, "  %-58s %14.6g  %s\n", lab, v, units);
    c->count++;
    H5Dclose(ds);
    return 0;
}

static herr_t print_indicator(hid_t grp, const char *name, const H5L_info_t *li, void *op)
{
    (void)li;
    hid_t g = H5Gopen2(grp, name, H5P_DEFAULT);
    if (g < 0) return 0;
    H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, print_subgroup, op);
    H5Gclose(g);
    return 0;
}

es_status es_output_info(const char *path, FILE *f, es_diag *d)
{
    hid_t h = es_output_open_checked(path, 1, d);
    if (h < 0) return ES_ERR_INPUT;
    static const char *const attrs[] = {"program_version", "git_revision", "compiler", "compiler_flags",
                                        "hdf5_version", "created", "command_line"};
    char buf[1024];
    fprintf(f, "%s: edusim results (status complete)\n", path);
    for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
        attr_get_str(h, attrs[k], buf, sizeof buf);
        fprintf(f, "  %-16s %s\n", attrs[k], buf);
    }
    hsize_t ny = 0, nr = 0, nrun = 0;
    int32_t y0 = 0, y1 = 0;
    hid_t ds = H5Dopen2(h, "axes/year", H5P_DEFAULT);
    if (ds >= 0) {
        hid_t sp = H5Dget_space(ds);
        H5Sget_simple_extent_dims(sp, &ny, NULL);
        int32_t *y = malloc((size_t)(ny ? ny : 1) * sizeof *y);
        if (y && ny && H5Dread(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, y) >= 0) {
            y0 = y[0];
            y1 = y[ny - 1];
        }
        free(y);
        H5Sclose(sp);
        H5Dclose(ds);
    }
    if ((ds = H5Dopen2(h, "axes/region", H5P_DEFAULT)) >= 0) {
        hid_t sp = H5Dget_space(ds);
        H5Sget_simple_extent_dims(sp, &nr, NULL);
        char **names = calloc((size_t)(nr ? nr : 1), sizeof *names);
        hid_t t = es_h5_vlen_str();
        fprintf(f, "  regions          ");
        if (names && nr && H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, names) >= 0) {
            for (hsize_t k = 0; k < nr; k++) {
                fprintf(f, "%s%s", k ? ", " : "", names[k] ? names[k] : "?");
                if (names[k]) H5free_memory(names[k]);
            }
        }
        fprintf(f, "\n");
        free(names);
        H5Tclose(t);
        H5Sclose(sp);
        H5Dclose(ds);
    }
    if ((ds = H5Dopen2(h, "axes/run", H5P_DEFAULT)) >= 0) {
        hid_t sp = H5Dget_space(ds);
        H5Sget_simple_extent_dims(sp, &nrun, NULL);
        H5Sclose(sp);
        H5Dclose(ds);
    }
    fprintf(f, "  runs             %llu\n  years            %d-%d (%llu school years)\n",
            (unsigned long long)nrun, y0, y1, (unsigned long long)ny);
    fprintf(f, "\n  %-58s %14s  %s\n", "indicator (national, last year, run 0)", "value", "units");
    info_ctx c = {f, h, (int)ny, (int)nr, 0};
    if (H5Lexists(h, "indicators", H5P_DEFAULT) > 0) {
        hid_t g = H5Gopen2(h, "indicators", H5P_DEFAULT);
        H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, print_indicator, &c);
        H5Gclose(g);
    }
    fprintf(f, "  (%d indicators)\n", c.count);
    H5Fclose(h);
    return ES_OK;
}
