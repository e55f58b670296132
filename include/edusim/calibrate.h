/* calibrate.h - fitting free parameters of a scenario to published targets.
 *
 * Calibration file (YAML, validated like scenarios):
 *   name: NAME
 *   scenario: ../nl_historical.yaml   # relative to the calibration file (empty: the embedded default)
 *   set: ["scale=0.05"]               # overrides for every evaluation
 *   seed: 500                         # replicate r of every evaluation runs with seed + r
 *   replicates: 2                     # per evaluation
 *   targets:
 *     file: ../data/nl_targets.csv    # default: data/nl_targets.csv beside the scenarios
 *     ids: [a1, a2, d1]               # target ids used (default: every row the program computes)
 *     weights: [{id: a1, weight: 2}]  # default weight 1
 *   parameters:
 *     - {key: interest.teacher, range: [0.0, 0.5]}
 *     - {key: partnerships.initial_networks, range: [2, 40], integer: true}
 *   method:
 *     screening: 16                   # Latin hypercube points over the parameter box
 *     max_evaluations: 60             # Nelder-Mead evaluations after screening
 *     step: 0.15                      # initial simplex edge, as a share of each range
 *     tolerance: 0.001                # stop when the simplex's losses differ by less
 *
 * Loss = sum_t w_t ((mean_t - published_t) / tol_t)^2 / sum_t w_t, where mean_t is the
 * national value in the target's year averaged over the replicates. Every batch of
 * evaluations is a sweep (PREFIX.runs/batch_K.yaml -> batch_K.h5), so evaluations run
 * side by side on the threads, under MPI across ranks, and --resume reuses finished
 * batches. */
#ifndef EDUSIM_CALIBRATE_H
#define EDUSIM_CALIBRATE_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "edusim/common.h"

#define ES_CAL_MAX_PARAMS 32
#define ES_CAL_MAX_TARGETS 512

typedef struct es_target {
    char id[16], indicator[64], subgroup[64], unit[16];
    int year;
    double value, tol, weight;
} es_target;

/* Read a targets CSV (columns id, indicator, subgroup, year, value, unit, tol; quoted
 * fields allowed). Rows with an empty value or tolerance are skipped. */
es_status es_targets_read(const char *path, es_target **out, int *n, es_diag *d);

typedef struct es_calib {
    char name[64], scenario[4096], targets_file[4096];
    char *sets;              /* the `set:` overrides, one per line */
    uint64_t seed;
    int replicates, screening, max_evals;
    double step, tolerance;
    int np;
    char key[ES_CAL_MAX_PARAMS][128];
    double lo[ES_CAL_MAX_PARAMS], hi[ES_CAL_MAX_PARAMS];
    int isint[ES_CAL_MAX_PARAMS];  /* integer parameters: values rounded */
    int nt;
    es_target *t;            /* [nt] the targets used, with weights */
    char *resolved_yaml;
} es_calib;

es_status es_calib_load(const char *path, es_calib *c, es_diag *d);
void es_calib_free(es_calib *c);

/* Runs a batch of evaluations (a sweep file) into a results file; the program passes
 * the plain or the MPI sweep runner. */
typedef es_status (*es_calib_runner)(void *ctx, const char *sweep_yaml_path, const char *out, es_diag *d);

typedef struct es_calib_opts {
    es_calib_runner run;
    void *run_ctx;
    int write_files;          /* this process writes the batch files and the record (MPI rank 0) */
    void (*barrier)(void);    /* after writing a batch file (MPI), or NULL */
    int quiet;
    const char *command_line, *git_revision;
} es_calib_opts;

typedef struct es_calib_result {
    int nevals, best;
    double best_loss;
    double *x;        /* [nevals][np] parameter values */
    double *loss;     /* [nevals] */
    int *phase;       /* [nevals] 0 screening, 1 Nelder-Mead */
    double *mean, *sd; /* [nevals][nt] over replicates */
    int *nrep;        /* [nevals][nt] replicates with a value */
    double *sens;     /* [np][nt] change over the whole range, in tolerances (screening) */
    int *identified;  /* [np] 1 identified, 0 not, -1 not assessed (too few points) */
} es_calib_result;

/* Screening, then Nelder-Mead over the identified parameters; writes PREFIX.h5 (the
 * record) and PREFIX.yaml (the fitted overlay). */
es_status es_calibrate(const es_calib *c, const es_calib_opts *o, const char *prefix, es_calib_result *r, es_diag *d);
void es_calib_result_free(es_calib_result *r);

/* The record file: every evaluation, the loss, the fit per target. */
es_status es_calib_write_record(const es_calib *c, const es_calib_result *r, const es_calib_opts *o, const char *path,
                                es_diag *d);

/* PREFIX.yaml: the fitted values as a `set:` list, with the loss in a comment. */
es_status es_calib_write_overlay(const es_calib *c, const es_calib_result *r, const char *calib_path, const char *path,
                                 es_diag *d);
/* How far the evaluations got on target t: the lowest and highest mean over all
 * evaluations with a value, and how many evaluations met the target's tolerance. A
 * target no evaluation met is out of reach of the parameters within their bounds (as
 * far as the points evaluated show). */
void es_calib_reach(const es_calib *c, const es_calib_result *r, int t, double *lo, double *hi, int *npass);

/* Per target: simulated mean, 95 % band over replicates, published, tolerance,
 * pass/fail; then each parameter's value and whether it was identified; then the
 * targets no evaluation met, with the range the evaluations spanned and the parameter
 * that moved each most in the screening. */
void es_calib_print_fit(const es_calib *c, const es_calib_result *r, FILE *f);

#endif
