/* main_cmds.h - the program's subcommands (the program only; not part of the library). */
#ifndef EDUSIM_MAIN_CMDS_H
#define EDUSIM_MAIN_CMDS_H

#include "edusim/common.h"

/* Each returns the process exit status: 0 ok, 1 run or I/O failure, 2 invalid input,
 * 130 interrupted. */
int es_cmd_run(int argc, char **argv, int full_argc, char **full_argv);
int es_cmd_validate(int argc, char **argv);
int es_cmd_info(int argc, char **argv);
int es_cmd_version(void);
int es_cmd_sweep(int argc, char **argv, const char *cmdline);
int es_cmd_compare(int argc, char **argv);
int es_cmd_merge(int argc, char **argv, const char *cmdline);
int es_cmd_calibrate(int argc, char **argv, const char *cmdline);
int es_cmd_export(int argc, char **argv);

/* Print every diagnostic on stderr, prefixed "edusim: ". */
void es_print_diag(const es_diag *d);
int es_exit_code(es_status st);
int es_default_threads(void);
/* A whole decimal number in [lo, hi]: 0, else -1. */
int es_parse_long(const char *s, long lo, long hi, long *out);
/* The command line as one string (for provenance); caller frees; NULL without memory. */
char *es_join_args(int argc, char **argv);


/* Closest candidate to `word` by edit distance, if close enough to be a likely typo
 * (at most a third of its length, and at least 1 edit), else NULL. */
const char *es_suggest(const char *word, const char *const *cand, int n);
/* An option the command does not have, or one given without its value: says which,
 * with the closest valid option. valid: the command's options, NULL-terminated. */
void es_bad_option(const char *cmd, const char *opt, const char *const *valid);

/* Progress (main_progress.c): --progress auto (the bar on a terminal, a line every
 * 10 % with elapsed time and time left otherwise), always (the bar even off a
 * terminal, for wrappers that relay it to one), never. */
typedef enum { ES_PROGRESS_AUTO, ES_PROGRESS_ALWAYS, ES_PROGRESS_NEVER } es_progress_mode;
typedef struct es_progress {
    const char *what; /* "runs", "years" */
    int bar, first_done, next_tenth;
    double t0, t_first;
} es_progress;
/* 0, or -1 after printing the valid choices. */
int es_progress_parse(const char *s, es_progress_mode *m);
/* 1 if progress is to be shown (then pass es_progress_cb with p as its context). */
int es_progress_init(es_progress *p, es_progress_mode mode, int quiet, int explicit_mode, const char *what);
void es_progress_cb(void *ctx, int done, int total, int year);

#endif
