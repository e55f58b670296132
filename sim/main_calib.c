/* main_calib.c - `edusim calibrate`. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edusim/calibrate.h"
#include "edusim/sweep.h"
#ifdef EDUSIM_HAVE_MPI
#include "edusim/sweep_mpi.h"
#include <mpi.h>
#endif
#include "edusim_build_info.h"
#include "edusim/output.h"
#include "main_cmds.h"

static volatile sig_atomic_t es_calib_stop = 0;
static void on_signal(int sig)
{
    (void)sig;
    es_calib_stop = 1;
}

typedef struct runner {
    int threads, resume, mpi, show;
    es_progress_mode prog;
    const char *cmdline;
} runner;

/* One batch of evaluations as a sweep; an existing batch file of the same sweep is
 * kept with --resume (its runs are not computed again). */
static es_status run_batch(void *ctx, const char *yaml, const char *out, es_diag *d)
{
    runner *rn = ctx;
    es_sweep sw;
    es_status st = es_sweep_load(yaml, NULL, 0, &sw, d);
    if (st != ES_OK) {
        es_sweep_free(&sw);
        return st;
    }
    es_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = rn->threads;
    o.stop = &es_calib_stop;
    o.command_line = rn->cmdline;
    o.version = EDUSIM_VERSION;
    o.git_revision = EDUSIM_GIT_REVISION;
    o.compiler = EDUSIM_COMPILER;
    o.flags = EDUSIM_C_FLAGS;
    o.resume = o.keep_out = rn->resume;
    /* For tests of the memory check: the bytes of available memory. */
    const char *am = getenv("EDUSIM_AVAILABLE_MEMORY");
    if (am) o.avail_memory = atof(am);
    es_progress pg;
    if (rn->show && es_progress_init(&pg, rn->prog, 0, 1, "runs of the batch")) {
        o.progress = es_progress_cb;
        o.progress_ctx = &pg;
    }
    if (!rn->resume && !rn->mpi) {
        char part[4400];
        snprintf(part, sizeof part, "%s.partial", out);
        remove(out);
        remove(part);
    }
#ifdef EDUSIM_HAVE_MPI
    if (rn->mpi) st = es_sweep_run_mpi(&sw, &o, out, d);
    else st = es_sweep_run(&sw, &o, out, d);
#else
    st = es_sweep_run(&sw, &o, out, d);
#endif
    es_sweep_free(&sw);
    return st;
}

#ifdef EDUSIM_HAVE_MPI
static void mpi_barrier(void) { MPI_Barrier(MPI_COMM_WORLD); }
#endif

int es_cmd_calibrate(int argc, char **argv, const char *cmdline)
{
    const char *path = NULL, *prefix = NULL;
    long threads = es_default_threads();
    int resume = 0, quiet = 0, prog_set = 0;
    es_progress_mode prog = ES_PROGRESS_AUTO;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            printf("usage: edusim calibrate CALIB.yaml [-o PREFIX] [--threads N] [--resume]\n"
                   "                        [--progress auto|always|never] [--quiet]\n"
                   "Fit the free parameters of a scenario to published targets: a Latin hypercube\n"
                   "screening, then Nelder-Mead on the standardised loss over the parameters the\n"
                   "screening identifies. Writes PREFIX.h5 (every evaluation, the loss, the fit per\n"
                   "target), PREFIX.yaml (the fitted values) and PREFIX.runs/ (each batch of\n"
                   "evaluations as a sweep). --resume reuses finished batches. Default PREFIX: NAME.\n"
                   "  --progress MODE  progress of each batch: auto (default; a bar on a terminal,\n"
                   "                   otherwise a line every 10 %% with elapsed time and time\n"
                   "                   left), always (the bar even off a terminal), never\n");
            return 0;
        } else if ((!strcmp(s, "-o") || !strcmp(s, "--output")) && i + 1 < argc) prefix = argv[++i];
        else if (!strcmp(s, "--threads") && i + 1 < argc) {
            if (es_parse_long(argv[++i], 1, 4096, &threads)) {
                fprintf(stderr, "edusim: --threads: '%s' is not a thread count (valid: 1 to 4096)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(s, "--resume")) resume = 1;
        else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) quiet = 1;
        else if (!strcmp(s, "--progress") && i + 1 < argc) {
            if (es_progress_parse(argv[++i], &prog)) return 2;
            prog_set = 1;
        }
        else if (s[0] == '-' && s[1]) {
            static const char *const opts[] = {"-o", "--output", "--threads", "--resume", "--progress", "--quiet",
                                               "-q", "--help", NULL};
            es_bad_option("calibrate", s, opts);
            return 2;
        } else if (!path) path = s;
        else {
            fprintf(stderr, "edusim calibrate: more than one calibration file\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "edusim calibrate: no calibration file (see edusim calibrate --help)\n");
        return 2;
    }
    int rank = 0, size = 1, mpi = 0;
    (void)size;
#ifdef EDUSIM_HAVE_MPI
    if (es_mpi_launched()) {
        if (es_mpi_init(&argc, &argv, &rank, &size) != ES_OK) return 1;
        mpi = 1;
    }
#endif
    es_diag d;
    es_diag_init(&d);
    es_calib c;
    es_status st = es_calib_load(path, &c, &d);
    char defp[80];
    if (st == ES_OK && !prefix) {
        snprintf(defp, sizeof defp, "%s", c.name);
        prefix = defp;
    }
    if (st == ES_OK) {
        /* PREFIX.h5 and PREFIX.yaml are written: neither may be an input or a device */
        const char *inputs[3] = {path, c.targets_file, c.scenario};
        char p[4400];
        snprintf(p, sizeof p, "%s.h5", prefix);
        st = es_output_check_path(p, inputs, 3, &d);
        snprintf(p, sizeof p, "%s.yaml", prefix);
        if (st == ES_OK) st = es_output_check_path(p, inputs, 3, &d);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    /* --quiet silences the batches' progress unless --progress was given. */
    es_progress_mode shown = quiet && !prog_set ? ES_PROGRESS_NEVER : prog;
    runner rn = {(int)threads, resume, mpi, rank == 0 && shown != ES_PROGRESS_NEVER, shown, cmdline};
    es_calib_opts o = {run_batch, &rn, rank == 0, NULL, quiet, cmdline, EDUSIM_GIT_REVISION};
#ifdef EDUSIM_HAVE_MPI
    if (mpi) o.barrier = mpi_barrier;
#endif
    es_calib_result r;
    memset(&r, 0, sizeof r);
    if (st == ES_OK) st = es_calibrate(&c, &o, prefix, &r, &d);
    if (st == ES_OK && rank == 0) {
        char ov[4400];
        snprintf(ov, sizeof ov, "%s.yaml", prefix);
        st = es_calib_write_overlay(&c, &r, path, ov, &d);
        if (st == ES_OK && !quiet) {
            es_calib_print_fit(&c, &r, stdout);
            printf("\nedusim calibrate '%s': %d evaluations -> %s.h5, %s\n", c.name, r.nevals, prefix, ov);
        }
    }
    if (st == ES_OK && rank == 0 && d.n > 0) {
        /* notes of the batches (fewer runs side by side for memory): the first, counted */
        fprintf(stderr, "edusim: %s\n", d.msg[0]);
        if (es_diag_count(&d) > 1) fprintf(stderr, "edusim: (%d more notes like it)\n", es_diag_count(&d) - 1);
    }
    if (st != ES_OK && rank == 0) {
        es_print_diag(&d);
        if (st == ES_ERR_INTERRUPTED) fprintf(stderr, "edusim calibrate: interrupted; --resume continues from the finished batches\n");
    }
    es_calib_result_free(&r);
    es_calib_free(&c);
    es_diag_free(&d);
#ifdef EDUSIM_HAVE_MPI
    if (mpi) es_mpi_finalize();
#endif
    return es_exit_code(st);
}
