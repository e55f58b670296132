/* output.h - self-describing HDF5 results files.
 *
 * Layout (a single run is a sweep of one):
 *   /                      attributes: format="edusim-results", format_version, status
 *                          ("complete" or "incomplete"), program_version, git_revision,
 *                          compiler, compiler_flags, hdf5_version, threads, seed,
 *                          command_line, created (UTC, ISO 8601), scenario (resolved YAML
 *                          of the first scenario)
 *   /axes/run              int32 [nruns]       dimension scale
 *   /axes/year             int32 [nyears]      dimension scale, first calendar year of the school year
 *   /axes/region           string [nregions]   dimension scale, the last is "national"
 *   /indicators/NAME/SUBGROUP  float64 [run, year, region], attributes units, description;
 *                          chunked [1, nyears, nregions], fill value NaN (runs not written,
 *                          or failed, read as NaN); the three axes are attached as dimension
 *                          scales (h5py: ds.dims[1][0] is /axes/year) and dims are labelled
 *   /cohorts               compound table, one row per (run, cohort, sex, region), columns
 *                          as declared (int32 or float64; an integer column receives
 *                          round(value), or INT32_MIN for NaN/out of range); unlimited rows,
 *                          chunks of 1024. Attributes are string arrays in column order:
 *                          columns (names), units, description; e.g. in h5py
 *                          dict(zip(c.attrs["columns"], c.attrs["units"])). Absent when the
 *                          layout has no cohort columns.
 *   /runs                  compound table [nruns]: run int32, scenario string, replicate int32,
 *                          seed uint64, status int32 (-1 not run, 0 ok, 1 failed), error
 *                          string; attribute status_codes
 *   /scenarios/NAME        scalar string dataset: resolved YAML of each distinct scenario
 *   /parameters            float64 [run, parameter], attribute names (sweeps with axes only)
 *
 * All strings are variable-length UTF-8 (no size limit). The file is written as
 * PATH.partial and renamed to PATH by es_output_finish(), after status is set to
 * "complete" and the file is synced; an interrupted or failed run never leaves PATH. All
 * HDF5 calls are made from the calling thread and every return value is checked; HDF5's
 * automatic error printing is off during these calls (the previous handler is restored).
 * An es_output must be used by one thread at a time. */
#ifndef EDUSIM_OUTPUT_H
#define EDUSIM_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "edusim/common.h"
#include "edusim/desc.h"

typedef struct es_layout {
    int nind;                      /* indicators */
    const es_ind_desc *ind;        /* [nind] */
    int nyears;
    const int32_t *years;          /* [nyears] */
    int nregions;                  /* including the national total, which is last */
    const char *const *regions;    /* [nregions] */
    int nruns;                     /* runs the file will hold */
    int ncohort_cols;
    const es_col_desc *cohort_cols; /* [ncohort_cols] */
} es_layout;

typedef struct es_provenance {
    const char *program_version;
    const char *git_revision;
    const char *compiler;
    const char *compiler_flags;
    const char *command_line;
    int threads;
    uint64_t seed;
} es_provenance;

typedef struct es_run_info {
    int32_t run;          /* index in [0, nruns) */
    const char *scenario; /* scenario name */
    int32_t replicate;
    uint64_t seed;
    int32_t status;       /* 0 = ok, 1 = failed */
    const char *error;    /* "" when ok */
} es_run_info;

typedef struct es_output es_output;

/* Create PATH.partial (truncating one left over) with the axes, empty indicator datasets
 * and provenance. Fails with ES_ERR_IO and "cannot create results file 'PATH.partial':
 * REASON" if the directory is missing or not writable, or its file system has less free
 * space than the indicators need (nothing is left behind), or with
 * ES_ERR_INTERNAL for an invalid layout (counts < 1, names empty or containing '/'). */
es_status es_output_create(const char *path, const es_layout *lay, const es_provenance *prov,
                           es_output **out, es_diag *d);
/* Store the resolved YAML of a scenario (once per distinct name; later calls with the same
 * name are ignored). The first stored is also the root `scenario` attribute. The name
 * must be non-empty without '/'. */
es_status es_output_add_scenario(es_output *o, const char *name, const char *resolved_yaml);
/* Write one run: values [nind][nyears][nregions] (may be NULL for a failed run) and
 * cohort rows [nrows][ncohort_cols] (doubles; integer columns converted). The file is
 * flushed afterwards, so a crash loses at most the runs in flight. A run may be written
 * again (values NULL resets its indicators to NaN; cohort rows are appended). Returns
 * ES_ERR_IO on an HDF5 error (message: es_output_last_error). */
es_status es_output_write_run(es_output *o, const es_run_info *info, const double *values,
                              int ncohort_rows, const double *cohort_rows);
/* Set status="complete", close, sync and rename PATH.partial to PATH (replacing PATH).
 * Always releases o, also on failure; then PATH is not created or replaced and
 * PATH.partial stays with status "incomplete". Refuses (ES_ERR_IO) after an earlier
 * HDF5 write error. */
es_status es_output_finish(es_output *o, es_diag *d);
/* Close without completing: PATH.partial stays with status="incomplete". NULL ok. */
void es_output_abort(es_output *o);

/* Sweep attributes on the root: sweep name, baseline scenario, resolved sweep file. */
es_status es_output_add_sweep(es_output *o, const char *name, const char *baseline, const char *sweep_yaml);
/* Paired effects (see effects.h): /effects/scenarios, /effects/baselines (the
 * baseline each is compared with), /effects/stat and /effects/NAME/SUBGROUP
 * [scenario, year, region, stat], attributes baseline, units. */
struct es_effects;
es_status es_output_write_effects(es_output *o, const struct es_effects *e, const char *const *scen_names,
                                  const char *const *base_names, const char *baseline);
/* Root attribute `part` ("shard 2/8", "rank 1/4"): a file holding part of a sweep's runs. */
es_status es_output_set_part(es_output *o, const char *part);
/* The whole /runs table at once (n = nruns), e.g. every planned run with status -1. */
es_status es_output_set_runs(es_output *o, const es_run_info *rows, int n);
/* /parameters float64 [run, parameter] with attribute names: swept parameter values. */
es_status es_output_add_parameters(es_output *o, int naxes, const char *const *names, const double *values);

/* Whether PATH may be written as a results file: PATH and PATH.partial must each be
 * nothing yet or a regular file (not a device, FIFO, directory, socket or symbolic
 * link) and none of inputs[0..ninputs) (compared by device and inode). ES_OK, or
 * ES_ERR_INPUT (ES_ERR_IO when it cannot be looked at) with a message. es_output_create
 * checks this (without inputs) itself; commands call it first with their inputs. */
es_status es_output_check_path(const char *path, const char *const *inputs, int ninputs, es_diag *d);
/* ES_OK when path is a regular file (what = "scenario file" etc. for the message). */
es_status es_input_check_file(const char *what, const char *path, es_diag *d);
/* Open an input read-only without ever blocking: refuses (NULL, *st set, message)
 * anything but a regular file, checked on the open descriptor. */
FILE *es_input_open(const char *what, const char *path, es_status *st, es_diag *d);

/* Control characters (< 0x20, DEL) never reach a terminal or a file unescaped: they
 * are written as \xNN (escape.c). es_escaped writes into buf (n bytes) and returns it. */
int es_has_control(const char *s);
void es_fputs_escaped(FILE *f, const char *s);
void es_print_escaped(FILE *f, const char *prefix, const char *msg); /* prefix msg \n */
const char *es_escaped(const char *s, char *buf, size_t n);

/* Testing I/O faults: the n-th es_output_write_run call (1-based) fails as a failed
 * HDF5 write would (0: never). */
void es_output_fail_after(es_output *o, int n);

/* The first error of a failed add_scenario/write_run (for messages, which name the
 * operation, the object and the file); "" when none. */
const char *es_output_last_error(const es_output *o);

/* Print a readable summary of a results file: provenance, runs, scenarios, years,
 * regions and a table of every indicator's national value in the last year of run 0.
 * Refuses missing files (ES_ERR_IO), foreign, truncated, incomplete or newer-format files
 * (ES_ERR_INPUT) with a message naming the path; opens read-only. */
es_status es_output_info(const char *path, FILE *f, es_diag *d);

/* Read back one indicator [nruns][nyears][nregions] into a malloc'd array (*values,
 * caller frees; NaN where not written), for tests and tools. Refuses missing, foreign and
 * damaged files like es_output_info, but also reads incomplete (.partial) files. */
es_status es_output_read_indicator(const char *path, const char *name, const char *subgroup,
                                   double **values, int *nruns, int *nyears, int *nregions,
                                   es_diag *d);

#endif
