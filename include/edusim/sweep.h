/* sweep.h - scenario sweeps: scenarios x replicates in one results file, with paired
 * effects against a baseline, and reading results files back for `compare`.
 *
 * Sweep file (YAML, validated like scenarios):
 *   name: NAME
 *   seed: 1000          # replicate r runs with seed + r in every scenario
 *   replicates: 20
 *   baseline: NAME      # a scenario name (default: the first)
 *   set: ["scale=0.02"] # overrides applied to every scenario (optional)
 *   scenarios:
 *     - {name: NAME, file: PATH, set: ["key=value", ...]}   # PATH relative to the sweep file
 * All scenarios must share years and regions. Run index = scenario x replicates +
 * replicate. */
#ifndef EDUSIM_SWEEP_H
#define EDUSIM_SWEEP_H

#include <signal.h>
#include <stdint.h>

#include "edusim/effects.h"
#include "edusim/output.h"
#include "edusim/scenario.h"

#define ES_MAX_SWEEP_SCENARIOS 64

typedef struct es_sweep {
    char name[64];
    uint64_t seed;
    int replicates;
    int baseline;
    int nscen;
    char scen_name[ES_MAX_SWEEP_SCENARIOS][64];
    es_scenario scen[ES_MAX_SWEEP_SCENARIOS];
    char *resolved_yaml; /* the sweep file, resolved */
} es_sweep;

es_status es_sweep_load(const char *path, const char *const *sets, int nsets, es_sweep *sw, es_diag *d);
void es_sweep_free(es_sweep *sw);

typedef struct es_sweep_opts {
    int threads;                   /* total threads */
    volatile sig_atomic_t *stop;
    void (*progress)(void *ctx, int done, int total, int year);
    void *progress_ctx;
    const char *command_line;
    const char *version, *git_revision, *compiler, *flags;
    int resume;                    /* continue OUT.partial: keep its finished runs */
    int stop_after;                /* testing: stop as if interrupted after this many new runs (0: never) */
} es_sweep_opts;

/* Run every scenario x replicate and write `out` (with /effects). Runs run side by
 * side on the threads when there are at least as many runs as threads, else each
 * run uses the threads; results never depend on the choice. */
es_status es_sweep_run(const es_sweep *sw, const es_sweep_opts *o, const char *out, es_diag *d);

/* A whole results file in memory (for compare and effects). */
typedef struct es_results {
    int nruns, nyears, nregions, nind;
    int32_t *years;
    char **regions;       /* [nregions] */
    char **ind_name, **ind_sub, **ind_units; /* [nind] */
    double *values;       /* [nind][nruns][nyears][nregions] */
    int nscen;
    char **scen_names;    /* [nscen] distinct scenarios in run order */
    int *run_scen, *run_rep, *run_ok; /* [nruns] */
    int *run_status;      /* [nruns] -1 not run, 0 ok, 1 failed */
    char **run_error;     /* [nruns] */
    int ncohort_rows, ncohort_cols;
    double *cohort_rows;  /* [ncohort_rows][ncohort_cols], integer columns converted */
    char baseline[64];    /* root attribute `baseline`, "" if none */
} es_results;

es_status es_results_load(const char *path, es_results *r, es_diag *d);
/* The same for an incomplete (PATH.partial) file, with the cohort table: for --resume. */
es_status es_results_load_partial(const char *path, es_results *r, es_diag *d);
void es_results_free(es_results *r);

#endif
