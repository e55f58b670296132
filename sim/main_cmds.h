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

/* Print every diagnostic on stderr, prefixed "edusim: ". */
void es_print_diag(const es_diag *d);
int es_exit_code(es_status st);
int es_default_threads(void);
/* A whole decimal number in [lo, hi]: 0, else -1. */
int es_parse_long(const char *s, long lo, long hi, long *out);
/* The command line as one string (for provenance); caller frees; NULL without memory. */
char *es_join_args(int argc, char **argv);

#endif
