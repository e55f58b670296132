/* calibrate.c - Latin hypercube screening, then Nelder-Mead on the standardised loss,
 * each batch of evaluations run as a sweep. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "edusim/calibrate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edusim/sweep.h"

typedef struct cal {
    const es_calib *c;
    const es_calib_opts *o;
    const char *prefix;
    es_calib_result *r;
    int cap, batch;
} cal;

static int grow(cal *k, int add)
{
    es_calib_result *r = k->r;
    int need = r->nevals + add, np = k->c->np, nt = k->c->nt;
    if (need <= k->cap) return 0;
    int cap = need > 2 * k->cap ? need : 2 * k->cap;
    double *x = realloc(r->x, (size_t)cap * np * sizeof *x);
    if (x) r->x = x;
    double *l = realloc(r->loss, (size_t)cap * sizeof *l);
    if (l) r->loss = l;
    int *ph = realloc(r->phase, (size_t)cap * sizeof *ph);
    if (ph) r->phase = ph;
    double *m = realloc(r->mean, (size_t)cap * nt * sizeof *m);
    if (m) r->mean = m;
    double *s = realloc(r->sd, (size_t)cap * nt * sizeof *s);
    if (s) r->sd = s;
    int *nr = realloc(r->nrep, (size_t)cap * nt * sizeof *nr);
    if (nr) r->nrep = nr;
    if (!x || !l || !ph || !m || !s || !nr) return -1;
    k->cap = cap;
    return 0;
}

/* YAML double-quoted string. */
static void yq(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Evaluate m parameter vectors (NaN: the scenario's own value) as one sweep. */
static es_status eval_batch(cal *k, const double *X, int m, int phase, es_diag *d)
{
    const es_calib *c = k->c;
    char yaml[4400], out[4400];
    snprintf(yaml, sizeof yaml, "%s.runs/batch_%04d.yaml", k->prefix, k->batch);
    snprintf(out, sizeof out, "%s.runs/batch_%04d.h5", k->prefix, k->batch);
    k->batch++;
    if (k->o->write_files) {
        char dir[4400], scen[4200];
        snprintf(dir, sizeof dir, "%s.runs", k->prefix);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            es_diag_add(d, "cannot create '%s': %s", dir, strerror(errno));
            return ES_ERR_IO;
        }
        if (!c->scenario[0] || !realpath(c->scenario, scen)) snprintf(scen, sizeof scen, "%s", c->scenario);
        FILE *f = fopen(yaml, "w");
        if (!f) {
            es_diag_add(d, "cannot write '%s': %s", yaml, strerror(errno));
            return ES_ERR_IO;
        }
        fprintf(f, "# evaluations of calibration '%s' (written by edusim calibrate)\nname: %s_b%d\nseed: %llu\nreplicates: %d\n",
                c->name, c->name, k->batch - 1, (unsigned long long)c->seed, c->replicates);
        fprintf(f, "baseline: e0\nset: [");
        const char *p = c->sets;
        for (int first = 1; p && *p; first = 0) {
            const char *nl = strchr(p, '\n');
            char one[4100];
            snprintf(one, sizeof one, "%.*s", (int)(nl ? nl - p : (long)strlen(p)), p);
            if (!first) fputs(", ", f);
            yq(f, one);
            p = nl ? nl + 1 : p + strlen(p);
        }
        fprintf(f, "]\nscenarios:\n");
        for (int i = 0; i < m; i++) {
            fprintf(f, "  - {name: e%d, file: ", i);
            yq(f, scen);
            fprintf(f, ", set: [");
            int first = 1;
            for (int j = 0; j < c->np; j++) {
                double v = X[(size_t)i * c->np + j];
                if (isnan(v)) continue;
                if (c->isint[j]) v = round(v);
                char one[256];
                snprintf(one, sizeof one, "%s=%.17g", c->key[j], v);
                if (!first) fputs(", ", f);
                yq(f, one);
                first = 0;
            }
            fprintf(f, "]}\n");
        }
        if (fclose(f) != 0) {
            es_diag_add(d, "cannot write '%s'", yaml);
            return ES_ERR_IO;
        }
    }
    if (k->o->barrier) k->o->barrier();
    es_status st = k->o->run(k->o->run_ctx, yaml, out, d);
    if (st != ES_OK) return st;
    es_results res;
    if ((st = es_results_load(out, &res, d)) != ES_OK) return st;
    if (grow(k, m) < 0) {
        es_results_free(&res);
        return ES_ERR_NOMEM;
    }
    es_calib_result *r = k->r;
    size_t cells = (size_t)res.nyears * res.nregions;
    for (int i = 0; i < m; i++) {
        int e = r->nevals++;
        memcpy(r->x + (size_t)e * c->np, X + (size_t)i * c->np, (size_t)c->np * sizeof *r->x);
        for (int j = 0; j < c->np; j++)
            if (c->isint[j] && !isnan(r->x[(size_t)e * c->np + j])) r->x[(size_t)e * c->np + j] = round(r->x[(size_t)e * c->np + j]);
        r->phase[e] = phase;
        double loss = 0, wsum = 0;
        for (int t = 0; t < c->nt; t++) {
            const es_target *g = &c->t[t];
            int ki = -1, y = g->year - res.years[0];
            for (int j = 0; j < res.nind; j++)
                if (!strcmp(res.ind_name[j], g->indicator) && !strcmp(res.ind_sub[j], g->subgroup)) ki = j;
            double mean = 0, m2 = 0;
            int n = 0;
            for (int run = 0; ki >= 0 && y >= 0 && y < res.nyears && run < res.nruns; run++) {
                if (res.run_scen[run] != i || !res.run_ok[run]) continue;
                double v = res.values[((size_t)ki * res.nruns + run) * cells + (size_t)y * res.nregions + res.nregions - 1];
                if (isnan(v)) continue;
                double dl = v - mean;
                n++;
                mean += dl / n;
                m2 += dl * (v - mean);
            }
            r->mean[(size_t)e * c->nt + t] = n ? mean : NAN;
            r->sd[(size_t)e * c->nt + t] = n > 1 ? sqrt(m2 / (n - 1)) : NAN;
            r->nrep[(size_t)e * c->nt + t] = n;
            double z = n ? (mean - g->value) / g->tol : 1e6; /* a failed evaluation counts as very far */
            loss += g->weight * z * z;
            wsum += g->weight;
        }
        r->loss[e] = wsum > 0 ? loss / wsum : 0;
        if (r->best < 0 || r->loss[e] < r->best_loss) {
            r->best = e;
            r->best_loss = r->loss[e];
        }
    }
    es_results_free(&res);
    return ES_OK;
}

/* Least squares y = b0 + sum_j b_j u_j over the screening points, for each target in
 * tolerance units: b_j is the change over parameter j's whole range. A parameter is
 * identified when some target moves by at least half a tolerance over its range and
 * by at least three standard errors of that regression coefficient (not noise). */
static void sensitivity(cal *k, int n0, int n)
{
    const es_calib *c = k->c;
    es_calib_result *r = k->r;
    int p = c->np, q = p + 1;
    for (int j = 0; j < p; j++) r->identified[j] = -1;
    if (n - n0 < p + 2) return;
    double *A = malloc((size_t)q * 2 * q * sizeof *A), *b = malloc((size_t)q * sizeof *b), *u = malloc((size_t)q * sizeof *u);
    double *beta = malloc((size_t)q * sizeof *beta);
    if (!A || !b || !u || !beta) { free(A); free(b); free(u); free(beta); return; }
    for (int j = 0; j < p; j++) r->identified[j] = 0;
    for (int t = 0; t < c->nt; t++) {
        int m = 0;
        memset(A, 0, (size_t)q * 2 * q * sizeof *A);
        memset(b, 0, (size_t)q * sizeof *b);
        for (int e = n0; e < n; e++) {
            double y = r->mean[(size_t)e * c->nt + t];
            if (isnan(y)) continue;
            m++;
            u[0] = 1;
            for (int j = 0; j < p; j++) u[j + 1] = (r->x[(size_t)e * p + j] - c->lo[j]) / (c->hi[j] - c->lo[j]);
            for (int a = 0; a < q; a++) {
                b[a] += u[a] * y / c->t[t].tol;
                for (int bb = 0; bb < q; bb++) A[a * 2 * q + bb] += u[a] * u[bb];
            }
        }
        /* (X'X)^-1 by Gauss-Jordan with partial pivoting, beside the identity */
        for (int a = 0; a < q; a++) A[a * 2 * q + q + a] = 1;
        int ok = m > q;
        for (int col = 0; col < q && ok; col++) {
            int piv = col;
            for (int row = col + 1; row < q; row++)
                if (fabs(A[row * 2 * q + col]) > fabs(A[piv * 2 * q + col])) piv = row;
            if (fabs(A[piv * 2 * q + col]) < 1e-12) { ok = 0; break; }
            for (int x = 0; x < 2 * q; x++) {
                double tmp = A[col * 2 * q + x];
                A[col * 2 * q + x] = A[piv * 2 * q + x];
                A[piv * 2 * q + x] = tmp;
            }
            double dv = A[col * 2 * q + col];
            for (int x = 0; x < 2 * q; x++) A[col * 2 * q + x] /= dv;
            for (int row = 0; row < q; row++) {
                if (row == col) continue;
                double f = A[row * 2 * q + col];
                for (int x = 0; x < 2 * q; x++) A[row * 2 * q + x] -= f * A[col * 2 * q + x];
            }
        }
        double rss = 0;
        for (int a = 0; ok && a < q; a++) {
            beta[a] = 0;
            for (int x = 0; x < q; x++) beta[a] += A[a * 2 * q + q + x] * b[x];
        }
        for (int e = n0; ok && e < n; e++) {
            double y = r->mean[(size_t)e * c->nt + t];
            if (isnan(y)) continue;
            double f = beta[0];
            for (int j = 0; j < p; j++) f += beta[j + 1] * (r->x[(size_t)e * p + j] - c->lo[j]) / (c->hi[j] - c->lo[j]);
            rss += (y / c->t[t].tol - f) * (y / c->t[t].tol - f);
        }
        double s2 = ok ? rss / (m - q) : NAN;
        for (int j = 0; j < p; j++) {
            double bj = ok ? beta[j + 1] : NAN, se = ok ? sqrt(s2 * A[(j + 1) * 2 * q + q + j + 1]) : NAN;
            r->sens[(size_t)j * c->nt + t] = bj;
            if (ok && fabs(bj) >= 0.5 && fabs(bj) >= 3 * se) r->identified[j] = 1;
        }
    }
    free(A);
    free(b);
    free(u);
    free(beta);
}

/* An evaluation already made at exactly x (clamping at the bounds repeats points). */
static int cached(const cal *k, const double *x)
{
    for (int e = 0; e < k->r->nevals; e++)
        if (!memcmp(k->r->x + (size_t)e * k->c->np, x, (size_t)k->c->np * sizeof *x)) return e;
    return -1;
}

/* The loss at the unit-cube point v of the free dimensions (others NaN). */
static es_status nm_eval(cal *k, const int *dim, int nd, const double *v, double *loss, es_diag *d)
{
    double x[ES_CAL_MAX_PARAMS];
    const es_calib *c = k->c;
    for (int j = 0; j < c->np; j++) x[j] = NAN;
    for (int i = 0; i < nd; i++) {
        double u = v[i] < 0 ? 0 : v[i] > 1 ? 1 : v[i];
        x[dim[i]] = c->lo[dim[i]] + u * (c->hi[dim[i]] - c->lo[dim[i]]);
        if (c->isint[dim[i]]) x[dim[i]] = round(x[dim[i]]);
    }
    int e = cached(k, x);
    if (e < 0) {
        es_status st = eval_batch(k, x, 1, 1, d);
        if (st != ES_OK) return st;
        e = k->r->nevals - 1;
        if (!k->o->quiet && k->o->write_files)
            fprintf(stderr, "edusim calibrate: evaluation %d (Nelder-Mead): loss %.4g, best %.4g\n", e, k->r->loss[e], k->r->best_loss);
    }
    *loss = k->r->loss[e];
    return ES_OK;
}

static es_status nelder_mead(cal *k, const int *dim, int nd, const double *start, es_diag *d)
{
    const es_calib *c = k->c;
    int nv = nd + 1, used0 = k->r->nevals;
    double S[ES_CAL_MAX_PARAMS + 1][ES_CAL_MAX_PARAMS], F[ES_CAL_MAX_PARAMS + 1];
    double cen[ES_CAL_MAX_PARAMS], xr[ES_CAL_MAX_PARAMS], xe[ES_CAL_MAX_PARAMS], xc[ES_CAL_MAX_PARAMS];
    es_status st = ES_OK;
    for (int i = 0; i < nv; i++) {
        for (int j = 0; j < nd; j++) {
            S[i][j] = start[j];
            if (i == j + 1) S[i][j] = start[j] + c->step <= 1 ? start[j] + c->step : start[j] - c->step;
        }
        if ((st = nm_eval(k, dim, nd, S[i], &F[i], d)) != ES_OK) return st;
    }
    while (k->r->nevals - used0 < c->max_evals) {
        /* order the vertices by loss (insertion sort keeps ties in index order) */
        for (int i = 1; i < nv; i++)
            for (int j = i; j > 0 && F[j] < F[j - 1]; j--) {
                double tf = F[j];
                F[j] = F[j - 1];
                F[j - 1] = tf;
                for (int x = 0; x < nd; x++) {
                    double t = S[j][x];
                    S[j][x] = S[j - 1][x];
                    S[j - 1][x] = t;
                }
            }
        if (F[nv - 1] - F[0] < c->tolerance) break;
        for (int j = 0; j < nd; j++) {
            cen[j] = 0;
            for (int i = 0; i < nv - 1; i++) cen[j] += S[i][j] / (nv - 1);
        }
        double fr, fe, fc;
        for (int j = 0; j < nd; j++) xr[j] = fmin(1, fmax(0, 2 * cen[j] - S[nv - 1][j]));
        if ((st = nm_eval(k, dim, nd, xr, &fr, d)) != ES_OK) return st;
        if (fr < F[0]) {
            for (int j = 0; j < nd; j++) xe[j] = fmin(1, fmax(0, 3 * cen[j] - 2 * S[nv - 1][j]));
            if ((st = nm_eval(k, dim, nd, xe, &fe, d)) != ES_OK) return st;
            memcpy(S[nv - 1], fe < fr ? xe : xr, (size_t)nd * sizeof *xe);
            F[nv - 1] = fe < fr ? fe : fr;
        } else if (fr < F[nv - 2]) {
            memcpy(S[nv - 1], xr, (size_t)nd * sizeof *xr);
            F[nv - 1] = fr;
        } else {
            int outside = fr < F[nv - 1];
            for (int j = 0; j < nd; j++) xc[j] = outside ? cen[j] + 0.5 * (xr[j] - cen[j]) : cen[j] + 0.5 * (S[nv - 1][j] - cen[j]);
            if ((st = nm_eval(k, dim, nd, xc, &fc, d)) != ES_OK) return st;
            if (fc < (outside ? fr : F[nv - 1])) {
                memcpy(S[nv - 1], xc, (size_t)nd * sizeof *xc);
                F[nv - 1] = fc;
            } else {
                for (int i = 1; i < nv && st == ES_OK; i++) { /* shrink towards the best */
                    for (int j = 0; j < nd; j++) S[i][j] = S[0][j] + 0.5 * (S[i][j] - S[0][j]);
                    st = nm_eval(k, dim, nd, S[i], &F[i], d);
                }
                if (st != ES_OK) return st;
            }
        }
    }
    return ES_OK;
}

es_status es_calibrate(const es_calib *c, const es_calib_opts *o, const char *prefix, es_calib_result *r, es_diag *d)
{
    memset(r, 0, sizeof *r);
    r->best = -1;
    r->best_loss = INFINITY;
    r->sens = malloc((size_t)c->np * c->nt * sizeof *r->sens);
    r->identified = malloc((size_t)c->np * sizeof *r->identified);
    if (!r->sens || !r->identified) return ES_ERR_NOMEM;
    for (size_t i = 0; i < (size_t)c->np * c->nt; i++) r->sens[i] = NAN;
    cal k = {c, o, prefix, r, 0, 0};
    es_status st = ES_OK;
    if (c->screening > 0) {
        double *u = malloc((size_t)c->screening * c->np * sizeof *u), *X = malloc((size_t)c->screening * c->np * sizeof *X);
        if (!u || !X) st = ES_ERR_NOMEM;
        else {
            es_lhs(c->seed, c->screening, c->np, u);
            for (int i = 0; i < c->screening; i++)
                for (int j = 0; j < c->np; j++)
                    X[(size_t)i * c->np + j] = c->lo[j] + u[(size_t)i * c->np + j] * (c->hi[j] - c->lo[j]);
            /* in batches a sweep file can hold */
            for (int s0 = 0; s0 < c->screening && st == ES_OK; s0 += ES_SWEEP_MAX_SCENARIOS) {
                int m = c->screening - s0 < ES_SWEEP_MAX_SCENARIOS ? c->screening - s0 : ES_SWEEP_MAX_SCENARIOS;
                st = eval_batch(&k, X + (size_t)s0 * c->np, m, 0, d);
            }
        }
        free(u);
        free(X);
        if (st == ES_OK) sensitivity(&k, 0, r->nevals);
        if (st == ES_OK && !o->quiet && o->write_files)
            fprintf(stderr, "edusim calibrate: screening of %d points: best loss %.4g (evaluation %d)\n", c->screening,
                    r->best_loss, r->best);
    } else
        for (int j = 0; j < c->np; j++) r->identified[j] = -1;
    if (st == ES_OK && c->max_evals > 0) {
        int dim[ES_CAL_MAX_PARAMS], nd = 0;
        double start[ES_CAL_MAX_PARAMS];
        for (int j = 0; j < c->np; j++)
            if (r->identified[j] != 0) {
                dim[nd] = j;
                start[nd++] = r->best >= 0 ? (r->x[(size_t)r->best * c->np + j] - c->lo[j]) / (c->hi[j] - c->lo[j]) : 0.5;
            }
        if (nd > 0) st = nelder_mead(&k, dim, nd, start, d);
    }
    /* The fit is the best Nelder-Mead point (unidentified parameters at the scenario's
     * values); screening points count only when there was no local search. */
    int any1 = 0;
    for (int e = 0; e < r->nevals; e++) any1 |= r->phase[e] == 1;
    if (any1) {
        r->best = -1;
        for (int e = 0; e < r->nevals; e++)
            if (r->phase[e] == 1 && (r->best < 0 || r->loss[e] < r->best_loss)) {
                r->best = e;
                r->best_loss = r->loss[e];
            }
    }
    if (st == ES_OK && o->write_files) {
        char path[4400];
        snprintf(path, sizeof path, "%s.h5", prefix);
        st = es_calib_write_record(c, r, o, path, d);
    }
    return st;
}

void es_calib_result_free(es_calib_result *r)
{
    if (!r) return;
    free(r->x); free(r->loss); free(r->phase); free(r->mean); free(r->sd); free(r->nrep); free(r->sens); free(r->identified);
    memset(r, 0, sizeof *r);
}
