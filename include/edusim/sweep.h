/* sweep.h - scenario sweeps: scenarios x design points x replicates in one results
 * file, with paired effects against a baseline; resuming, retrying, shards, merging.
 *
 * Sweep file (YAML, validated like scenarios):
 *   name: NAME
 *   seed: 1000          # replicate r runs with seed + r in every scenario
 *   replicates: 20
 *   baseline: NAME      # a scenario name (default: the first)
 *   set: ["scale=0.02"] # overrides applied to every scenario (optional)
 *   scenarios:
 *     - {name: NAME, file: PATH, set: ["key=value", ...]}   # PATH relative to the sweep file
 *   axes:               # optional parameter axes, crossed with the scenarios
 *     - {key: dotted.key, values: [v1, v2, ...]}           # an explicit list
 *     - {key: dotted.key, range: [lo, hi], integer: false} # Latin hypercube (integer: lo..hi)
 *   samples: 8          # Latin hypercube points (needed when an axis has a range)
 *   sample_seed: 1      # seed of the Latin hypercube (default: seed)
 * Design points: every combination of the list axes, times the Latin hypercube points
 * of the range axes. With axes, scenario S at point p is named "S@p" and is compared
 * with the baseline at the same point. All scenarios share years and regions.
 * Run index = (scenario x npoints + point) x replicates + replicate. */
#ifndef EDUSIM_SWEEP_H
#define EDUSIM_SWEEP_H

#include <signal.h>
#include <stdint.h>

#include "edusim/effects.h"
#include "edusim/indicators.h"
#include "edusim/output.h"
#include "edusim/scenario.h"

#define ES_SWEEP_MAX_SCENARIOS 64   /* as named in the sweep file */
#define ES_SWEEP_MAX_AXES 16
#define ES_SWEEP_MAX_POINTS 4096
#define ES_SWEEP_MAX_RUNS 10000000
#define ES_SWEEP_NAME_LEN 80

typedef struct es_sweep {
    char name[64];
    uint64_t seed;
    int replicates;
    char base_name[64];   /* the baseline as named in the sweep file */
    int nscen;            /* scenarios x design points ("variants") */
    char (*scen_name)[ES_SWEEP_NAME_LEN];
    char **scen_yaml;     /* [nscen] resolved scenario */
    es_scenario *scen;    /* [nscen] parameters; NULL in a sweep rebuilt from results files */
    int *scen_base;       /* [nscen] the baseline each is compared with (itself: a baseline) */
    int naxes, npoints;
    char (*axis_key)[128];
    double *point;        /* [npoints][naxes] */
    int *scen_point;      /* [nscen] */
    int first_year, nyears, nregions; /* nregions includes the national total */
    char **region;        /* [nregions] */
    char *resolved_yaml;  /* the sweep file, resolved */
    es_indset ind;        /* the indicators: the table and the named policies of every scenario */
} es_sweep;

es_status es_sweep_load(const char *path, const char *const *sets, int nsets, es_sweep *sw, es_diag *d);
/* The sweep a results file (complete, partial, a shard or an MPI rank file) belongs
 * to, without parameters: for `merge`. */
es_status es_sweep_from_results(const char *path, es_sweep *sw, es_diag *d);
void es_sweep_free(es_sweep *sw);
static inline int es_sweep_nruns(const es_sweep *sw) { return sw->nscen * sw->replicates; }
/* Bytes of the indicator table of nruns runs, which a sweep keeps in memory for the
 * paired effects (checked at load and before running). */
double es_sweep_table_bytes(const es_sweep *sw, double nruns);

/* The baseline of each scenario from names alone: "S@p" pairs with "BASE@p" where
 * that exists, anything else with "BASE". base_of[s] = s for a baseline. Returns -1 if
 * BASE is not among the names. */
int es_sweep_pairing(const char *const *names, int n, const char *base, int *base_of);

/* Latin hypercube: n points in [0,1)^dims, point i coordinate j at
 * (perm_j(i) + u_ij) / n, permutations and offsets keyed on (seed, j). */
void es_lhs(uint64_t seed, int n, int dims, double *out /* [n][dims] */);

typedef enum es_sweep_mode {
    ES_SWEEP_ALL = 0, /* every run not kept from a source; the file gets /effects */
    ES_SWEEP_PART,    /* the selected runs only (shard or MPI rank): a part file */
    ES_SWEEP_MERGE    /* no runs computed: the sources give every run */
} es_sweep_mode;

typedef struct es_sweep_opts {
    int threads;                   /* total threads */
    volatile sig_atomic_t *stop;
    void (*progress)(void *ctx, int done, int total, int year);
    void *progress_ctx;
    const char *command_line;
    const char *version, *git_revision, *compiler, *flags;
    es_sweep_mode mode;
    int resume;       /* keep the finished runs of OUT.partial (and of OUT.rank*.partial) */
    int keep_out;     /* keep the runs of the complete OUT (more replicates, or retry) */
    int retry_failed; /* do not keep failed runs: run them again */
    int stop_after;   /* testing: stop as if interrupted after this many new runs (0: never) */
    int fail_write_after; /* testing: the n-th run written fails as a full disk would (0: never) */
    double avail_memory;  /* testing: bytes of available memory (0: es_available_memory()) */
    int shard_i, shard_n;          /* PART: runs with run % shard_n == shard_i */
    int (*next_run)(void *ctx);    /* PART: dynamic handout of run indices (-1: no more) */
    void *next_ctx;
    const unsigned char *skip;     /* [nruns] or NULL: runs not to compute (done elsewhere) */
    const char *const *sources;    /* more results files whose finished runs are kept */
    int nsources;
    int *kept;                     /* out, optional: runs kept from sources */
    int *computed;                 /* out, optional: runs computed here */
} es_sweep_opts;

/* Run the sweep into `out` (see es_sweep_mode). Finished runs are written in run
 * order, so the file does not depend on threads, shards, ranks or interruptions. */
es_status es_sweep_run(const es_sweep *sw, const es_sweep_opts *o, const char *out, es_diag *d);

/* Which runs OUT.partial (and the rank files of an MPI sweep) already hold: mask[run]
 * = 1 for a finished run. For MPI, where rank 0 decides before handing out runs. */
es_status es_sweep_finished_mask(const es_sweep *sw, const es_sweep_opts *o, const char *out,
                                 unsigned char *mask, es_diag *d);

/* The widest 95 % interval of the paired effects in a complete results file over the
 * requested indicators ("name/subgroup"), years (none: all) and region: for
 * --target-ci. NaN intervals (too few replicates) count as infinitely wide. */
es_status es_sweep_widest_ci(const char *path, const char *const *inds, int ninds, const int *years,
                             int nyears, const char *region, double *width, char *where, size_t wn,
                             es_diag *d);

/* A whole results file in memory (for compare and effects). */
typedef struct es_results {
    int nruns, nyears, nregions, nind;
    int32_t *years;
    char **regions;       /* [nregions] */
    char **ind_name, **ind_sub, **ind_units; /* [nind] */
    double *values;       /* [nind][nruns][nyears][nregions]; NULL from es_results_open */
    int nscen;
    char **scen_names;    /* [nscen] distinct scenarios in run order */
    char **scen_yaml;     /* [nscen] resolved YAML, NULL if not stored */
    int *run_scen, *run_rep, *run_ok; /* [nruns] */
    int *run_status;      /* [nruns] -1 not run, 0 ok, 1 failed */
    char **run_error;     /* [nruns] */
    uint32_t *run_crc;    /* [nruns] the checksum column of /runs (output.h) */
    int ncohort_rows, ncohort_cols;
    double *cohort_rows;  /* [ncohort_rows][ncohort_cols], integer columns converted */
    char baseline[64];    /* root attribute `baseline`, "" if none */
    char sweep[64];       /* root attribute `sweep` */
    char *sweep_yaml;     /* root attribute `sweep_file`, NULL if none */
    char part[32];        /* root attribute `part` ("shard 2/8", "rank 1/4"), "" if none */
    uint64_t seed;        /* root attribute `seed` */
    int complete;         /* status attribute is "complete" */
    int naxes;
    char **axis_names;    /* [naxes] */
    double *params;       /* [nruns][naxes] */
    int64_t h5file;       /* open file of es_results_open, else -1 */
} es_results;

es_status es_results_load(const char *path, es_results *r, es_diag *d);
/* The same for an incomplete (PATH.partial) file, with the cohort table: for --resume. */
es_status es_results_load_partial(const char *path, es_results *r, es_diag *d);
/* Everything but the indicator values, complete or not, keeping the file open for
 * es_results_read_run: for merging files without holding them in memory. */
es_status es_results_open(const char *path, es_results *r, es_diag *d);
/* Indicator k of run `run` ([nyears][nregions]) of an open file. */
es_status es_results_read_run(const es_results *r, int k, int run, double *out);
void es_results_free(es_results *r);

/* What es_results leaves out of a complete results file, for `edusim export`: the
 * names and units of the /cohorts columns (in the order of es_results.cohort_rows'
 * columns; ncols = 0 without the table) and the seed of each run. */
typedef struct es_results_extra {
    int ncols;
    char **col_name, **col_units; /* [ncols] */
    int nruns;
    uint64_t *run_seed;           /* [nruns] */
} es_results_extra;
es_status es_results_extra_load(const char *path, es_results_extra *x, es_diag *d);
void es_results_extra_free(es_results_extra *x);

#endif
