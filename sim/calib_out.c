/* calib_out.c - the calibration record (HDF5), the fitted overlay and the fit table. */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/calibrate.h"
#include "edusim/effects.h"
#include "output_internal.h"

static int ds_write(hid_t f, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data,
                    const char *desc)
{
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t ft = H5Tequal(type, H5T_NATIVE_INT) > 0 ? H5T_STD_I32LE : H5T_IEEE_F64LE;
    hid_t ds = sp < 0 ? -1 : H5Dcreate2(f, name, ft, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = ds >= 0 && H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0 ? 0 : -1;
    if (rc == 0 && desc) {
        hid_t s = H5Screate(H5S_SCALAR), t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, strlen(desc) + 1);
        hid_t a = H5Acreate2(ds, "description", t, s, H5P_DEFAULT, H5P_DEFAULT);
        if (a < 0 || H5Awrite(a, t, desc) < 0) rc = -1;
        if (a >= 0) H5Aclose(a);
        H5Tclose(t);
        H5Sclose(s);
    }
    if (ds >= 0) H5Dclose(ds);
    if (sp >= 0) H5Sclose(sp);
    return rc;
}

static int str_array(hid_t f, const char *name, const char *const *v, int n)
{
    hid_t t = es_h5_vlen_str();
    hsize_t dim = (hsize_t)n;
    hid_t sp = H5Screate_simple(1, &dim, NULL);
    hid_t ds = H5Dcreate2(f, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = ds >= 0 && H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0 ? 0 : -1;
    if (ds >= 0) H5Dclose(ds);
    H5Sclose(sp);
    H5Tclose(t);
    return rc;
}

static int attr_text(hid_t obj, const char *name, const char *v)
{
    hid_t t = es_h5_vlen_str(), s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    int rc = a >= 0 && H5Awrite(a, t, &v) >= 0 ? 0 : -1;
    if (a >= 0) H5Aclose(a);
    H5Sclose(s);
    H5Tclose(t);
    return rc;
}

/* Band over replicates: mean +- t(0.975, n-1) sd, the range a new replicate falls in. */
static void band(const es_calib_result *r, const es_calib *c, int e, int t, double *lo, double *hi)
{
    double m = r->mean[(size_t)e * c->nt + t], s = r->sd[(size_t)e * c->nt + t];
    int n = r->nrep[(size_t)e * c->nt + t];
    double h = n > 1 ? es_t975(n - 1) * s : NAN;
    *lo = m - h;
    *hi = m + h;
}

void es_calib_reach(const es_calib *c, const es_calib_result *r, int t, double *lo, double *hi, int *npass)
{
    const es_target *g = &c->t[t];
    *lo = INFINITY;
    *hi = -INFINITY;
    *npass = 0;
    for (int e = 0; e < r->nevals; e++) {
        double m = r->mean[(size_t)e * c->nt + t];
        if (isnan(m)) continue;
        if (m < *lo) *lo = m;
        if (m > *hi) *hi = m;
        *npass += fabs(m - g->value) <= g->tol;
    }
    if (*lo > *hi) *lo = *hi = NAN;
}

es_status es_calib_write_record(const es_calib *c, const es_calib_result *r, const es_calib_opts *o, const char *path,
                                es_diag *d)
{
    char tmp[4400];
    snprintf(tmp, sizeof tmp, "%s.partial", path);
    es_h5_quiet q;
    es_h5_quiet_on(&q);
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) {
        es_h5_quiet_off(&q);
        es_diag_add(d, "cannot create calibration record '%s'", tmp);
        return ES_ERR_IO;
    }
    int n = r->nevals, np = c->np, nt = c->nt, rc = 0, best = r->best < 0 ? 0 : r->best;
    const char *keys[ES_CAL_MAX_PARAMS], **lab = malloc((size_t)nt * sizeof *lab);
    char (*labs)[160] = malloc((size_t)nt * sizeof *labs);
    double *fit = malloc((size_t)nt * 7 * sizeof *fit), bounds[ES_CAL_MAX_PARAMS * 2];
    double *reach = malloc((size_t)nt * 3 * sizeof *reach);
    if (!lab || !labs || !fit || !reach) rc = -1;
    for (int j = 0; j < np; j++) {
        keys[j] = c->key[j];
        bounds[2 * j] = c->lo[j];
        bounds[2 * j + 1] = c->hi[j];
    }
    for (int t = 0; rc == 0 && t < nt; t++) {
        const es_target *g = &c->t[t];
        snprintf(labs[t], sizeof labs[t], "%s %s/%s %d", g->id, g->indicator, g->subgroup, g->year);
        lab[t] = labs[t];
        double lo, hi, m = r->mean[(size_t)best * nt + t];
        band(r, c, best, t, &lo, &hi);
        double *row = fit + (size_t)t * 7;
        row[0] = m;
        row[1] = lo;
        row[2] = hi;
        row[3] = g->value;
        row[4] = g->tol;
        row[5] = g->weight;
        row[6] = fabs(m - g->value) <= g->tol;
        int np_ok;
        es_calib_reach(c, r, t, &reach[(size_t)t * 3], &reach[(size_t)t * 3 + 1], &np_ok);
        reach[(size_t)t * 3 + 2] = np_ok;
    }
    hsize_t dn[2] = {(hsize_t)n, (hsize_t)np}, dt[2] = {(hsize_t)n, (hsize_t)nt}, d1 = (hsize_t)n, dp[2] = {(hsize_t)np, 2};
    hsize_t dsens[2] = {(hsize_t)np, (hsize_t)nt}, dfit[2] = {(hsize_t)nt, 7}, dnp = (hsize_t)np, dnt = (hsize_t)nt;
    hsize_t dreach[2] = {(hsize_t)nt, 3};
    static const char *const fitcols[7] = {"mean", "band_low", "band_high", "published", "tolerance", "weight", "pass"};
    hsize_t d7 = 7;
    hid_t g = H5Gcreate2(f, "evaluations", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) rc = -1;
    else H5Gclose(g);
    if (rc == 0)
        rc = attr_text(f, "format", "edusim-calibration") | attr_text(f, "calibration", c->name) |
             attr_text(f, "calibration_file", c->resolved_yaml ? c->resolved_yaml : "") |
             attr_text(f, "scenario", c->scenario) | attr_text(f, "targets_file", c->targets_file) |
             attr_text(f, "command_line", o->command_line ? o->command_line : "") |
             attr_text(f, "git_revision", o->git_revision ? o->git_revision : "") |
             str_array(f, "parameter_names", keys, np) | str_array(f, "target_labels", lab, nt) |
             str_array(f, "fit_columns", fitcols, 7) |
             ds_write(f, "parameter_bounds", H5T_NATIVE_DOUBLE, 2, dp, bounds, "lower and upper bound of each parameter") |
             ds_write(f, "evaluations/parameters", H5T_NATIVE_DOUBLE, 2, dn, r->x,
                      "parameter values of each evaluation; NaN: left at the scenario's value (not identified)") |
             ds_write(f, "evaluations/loss", H5T_NATIVE_DOUBLE, 1, &d1, r->loss,
                      "weighted mean of ((mean - published) / tolerance)^2 over the targets") |
             ds_write(f, "evaluations/phase", H5T_NATIVE_INT, 1, &d1, r->phase, "0 Latin hypercube screening, 1 Nelder-Mead") |
             ds_write(f, "evaluations/mean", H5T_NATIVE_DOUBLE, 2, dt, r->mean, "national value in the target's year, mean over replicates") |
             ds_write(f, "evaluations/sd", H5T_NATIVE_DOUBLE, 2, dt, r->sd, "standard deviation over replicates") |
             ds_write(f, "sensitivity", H5T_NATIVE_DOUBLE, 2, dsens, r->sens,
                      "screening regression: change of each target (in tolerances) over each parameter's whole range") |
             ds_write(f, "identified", H5T_NATIVE_INT, 1, &dnp, r->identified,
                      "1: moves some target by at least half a tolerance over its range; 0: unidentified, not tuned; -1: not assessed") |
             ds_write(f, "fit", H5T_NATIVE_DOUBLE, 2, dfit, fit,
                      "per target at the best evaluation: mean, 95 % band over replicates, published, tolerance, weight, pass") |
             ds_write(f, "reach", H5T_NATIVE_DOUBLE, 2, dreach, reach,
                      "per target over all evaluations: lowest mean, highest mean, evaluations within tolerance "
                      "(0: no evaluation reached the target)") |
             ds_write(f, "best", H5T_NATIVE_INT, 1, (hsize_t[]){1}, &best, "index of the best evaluation");
    (void)dnt;
    (void)d7;
    if (rc == 0) rc = attr_text(f, "status", "complete");
    if (H5Fclose(f) < 0) rc = -1;
    es_h5_quiet_off(&q);
    free(lab);
    free(labs);
    free(fit);
    free(reach);
    if (rc != 0 || rename(tmp, path) != 0) {
        es_diag_add(d, "cannot write calibration record '%s'", path);
        return ES_ERR_IO;
    }
    return ES_OK;
}

es_status es_calib_write_overlay(const es_calib *c, const es_calib_result *r, const char *calib_path, const char *path,
                                 es_diag *d)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        es_diag_add(d, "cannot write '%s'", path);
        return ES_ERR_IO;
    }
    int best = r->best, nphase[2] = {0, 0};
    for (int e = 0; e < r->nevals; e++) nphase[r->phase[e] ? 1 : 0]++;
    fprintf(f, "# Fitted by `edusim calibrate %s`: loss %.6g at evaluation %d of %d (%d screening, %d Nelder-Mead).\n",
            calib_path, r->best_loss, best, r->nevals, nphase[0], nphase[1]);
    fprintf(f, "# Scenario: %s. Use as a sweep's or calibration's `set:`, or as --set key=value.\n", c->scenario);
    int unid = 0;
    for (int j = 0; j < c->np; j++) unid += r->identified[j] == 0;
    if (unid) {
        fprintf(f, "# Not identified by the screening (no target moves by half a tolerance over the range), left at the scenario's value:");
        for (int j = 0; j < c->np; j++)
            if (r->identified[j] == 0) fprintf(f, " %s", c->key[j]);
        fprintf(f, "\n");
    }
    fprintf(f, "set:\n");
    for (int j = 0; best >= 0 && j < c->np; j++) {
        double v = r->x[(size_t)best * c->np + j];
        if (!isnan(v)) fprintf(f, "  - \"%s=%.6g\"\n", c->key[j], v);
    }
    if (fclose(f) != 0) {
        es_diag_add(d, "cannot write '%s'", path);
        return ES_ERR_IO;
    }
    return ES_OK;
}

/* The targets no evaluation met: the range the evaluations spanned, and the parameter
 * whose range moved the target most in the screening regression (in tolerances). */
static void print_unreached(const es_calib *c, const es_calib_result *r, FILE *f)
{
    int n = 0;
    for (int t = 0; t < c->nt; t++) {
        double lo, hi;
        int np_ok;
        es_calib_reach(c, r, t, &lo, &hi, &np_ok);
        if (np_ok) continue;
        if (!n++)
            fprintf(f, "\ntargets no evaluation reached (range of the %d evaluations' means; the parameter moving it most, "
                       "change over its range in tolerances):\n", r->nevals);
        const es_target *g = &c->t[t];
        char lab[160], b[64], top[200] = "";
        snprintf(lab, sizeof lab, "%s %s/%s", g->id, g->indicator, g->subgroup);
        if (isnan(lo)) snprintf(b, sizeof b, "no value");
        else snprintf(b, sizeof b, "[%.4g, %.4g]", lo, hi);
        int best = -1;
        for (int j = 0; j < c->np; j++) {
            double s = r->sens[(size_t)j * c->nt + t];
            if (!isnan(s) && (best < 0 || fabs(s) > fabs(r->sens[(size_t)best * c->nt + t]))) best = j;
        }
        if (best >= 0) snprintf(top, sizeof top, "%s %+.2f", c->key[best], r->sens[(size_t)best * c->nt + t]);
        fprintf(f, "  %-52s %5d %25s %11.4g %9.3g  %s\n", lab, g->year, b, g->value, g->tol, top);
    }
    fprintf(f, n ? "%d of %d targets not reached by any evaluation\n" : "\nevery target reached by some evaluation (%d of %d)\n",
            n ? n : c->nt, c->nt);
}

void es_calib_print_fit(const es_calib *c, const es_calib_result *r, FILE *f)
{
    int best = r->best, pass = 0;
    if (best < 0) return;
    fprintf(f, "fit at evaluation %d, loss %.4g\n\n%-52s %5s %11s %25s %11s %9s %s\n", best, r->best_loss, "target", "year",
            "simulated", "95 % band (replicates)", "published", "tol", "");
    for (int t = 0; t < c->nt; t++) {
        const es_target *g = &c->t[t];
        double lo, hi, m = r->mean[(size_t)best * c->nt + t];
        band(r, c, best, t, &lo, &hi);
        int ok = fabs(m - g->value) <= g->tol;
        pass += ok;
        char lab[160], b[64];
        snprintf(lab, sizeof lab, "%s %s/%s", g->id, g->indicator, g->subgroup);
        snprintf(b, sizeof b, "[%.4g, %.4g]", lo, hi);
        fprintf(f, "%-52s %5d %11.4g %25s %11.4g %9.3g %s\n", lab, g->year, m, b, g->value, g->tol, ok ? "pass" : "FAIL");
    }
    fprintf(f, "\n%d of %d targets within tolerance\n", pass, c->nt);
    for (int j = 0; j < c->np; j++) {
        double v = r->x[(size_t)best * c->np + j];
        const char *id = r->identified[j] == 1 ? "identified" : r->identified[j] == 0 ? "NOT identified (not tuned)" : "not assessed";
        fprintf(f, "  %-40s %12.6g  [%g, %g]  %s\n", c->key[j], v, c->lo[j], c->hi[j], id);
    }
    print_unreached(c, r, f);
}
