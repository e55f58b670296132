/* main.c - the edusim program: parses the command line and calls the library.
 * Only here are errors turned into messages on stderr and exit codes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "main_cmds.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: edusim COMMAND [options]\n"
            "\n"
            "commands:\n"
            "  run [SCENARIO]     simulate a scenario (the embedded default region if none)\n"
            "  validate FILE...   check scenario files without running them\n"
            "  info FILE          summarise a results file\n"
            "  sweep SWEEP.yaml   scenarios x replicates into one file, with paired effects\n"
            "  compare FILE       paired effects and 95 %% intervals against the baseline\n"
            "  export FILE        a results table as tidy CSV (indicators, effects, cohorts, runs)\n"
            "  merge -o OUT PART...  combine the shards of a sweep into one results file\n"
            "  calibrate CALIB.yaml  fit scenario parameters to published targets\n"
            "  version            print the version and build\n"
            "\n"
            "`edusim COMMAND --help` describes each command.\n");
}

int main(int argc, char **argv)
{
    /* HDF5 1.10 crashes at exit (in H5F__close_cb) closing a file whose close already
     * failed, e.g. on a full disk; every file is closed explicitly, so its exit handler
     * is not needed. Must come before any other HDF5 call. */
    H5dont_atexit();
    es_tune_allocator();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "run")) return es_cmd_run(argc - 1, argv + 1, argc, argv);
    if (!strcmp(cmd, "validate")) return es_cmd_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "info")) return es_cmd_info(argc - 1, argv + 1);
    if (!strcmp(cmd, "sweep")) {
        char *cl = es_join_args(argc, argv);
        int rc = es_cmd_sweep(argc - 1, argv + 1, cl ? cl : "");
        free(cl);
        return rc;
    }
    if (!strcmp(cmd, "compare")) return es_cmd_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "export")) return es_cmd_export(argc - 1, argv + 1);
    if (!strcmp(cmd, "calibrate")) {
        char *cl = es_join_args(argc, argv);
        int rc = es_cmd_calibrate(argc - 1, argv + 1, cl ? cl : "");
        free(cl);
        return rc;
    }
    if (!strcmp(cmd, "merge")) {
        char *cl = es_join_args(argc, argv);
        int rc = es_cmd_merge(argc - 1, argv + 1, cl ? cl : "");
        free(cl);
        return rc;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) return es_cmd_version();
    fprintf(stderr, "edusim: unknown command '%s' (valid: run, validate, info, sweep, compare, export, merge, calibrate, version)\n", cmd);
    return 2;
}
