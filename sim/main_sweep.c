/* main_sweep.c - `edusim sweep` and `edusim merge`. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edusim/output.h"
#include "edusim/sweep.h"
#include "edusim/world.h"
#ifdef EDUSIM_HAVE_MPI
#include "edusim/sweep_mpi.h"
#endif
#include "edusim_build_info.h"
#include "main_cmds.h"

#define ES_MAX_ARGS 256

static volatile sig_atomic_t es_sweep_stop = 0;
static void on_signal(int sig)
{
    (void)sig;
    es_sweep_stop = 1;
}

/* The sweep command's options. */
typedef struct sweep_args {
    const char *path, *out, *sets[ES_MAX_ARGS], *inds[ES_MAX_ARGS], *region;
    int nsets, ninds, nyears, years[ES_MAX_ARGS], quiet, resume, retry, shard_i, shard_n, prog_set, dry_run;
    es_progress_mode prog;
    long threads, max_reps;
    double target;
} sweep_args;

static int parse_sweep_args(int argc, char **argv, sweep_args *a)
{
    memset(a, 0, sizeof *a);
    a->threads = es_default_threads();
    a->region = "national";
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(s, "--resume")) a->resume = 1;
        else if (!strcmp(s, "--dry-run")) a->dry_run = 1;
        else if (!strcmp(s, "--retry-failed")) a->retry = 1;
        else if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            printf("usage: edusim sweep SWEEP.yaml [-o RESULTS.h5] [--threads N] [--set key=value]...\n"
                   "                    [--resume] [--retry-failed] [--shard I/N] [--dry-run]\n"
                   "                    [--target-ci W --indicator NAME/SUBGROUP... [--year Y]... [--region R]\n"
                   "                     [--max-replicates N]] [--progress auto|always|never] [--quiet]\n"
                   "Run every scenario x design point x replicate of a sweep into one results file\n"
                   "with paired effects against the baseline. Replicate r uses seed + r in every\n"
                   "scenario. --set overrides a key of every scenario.\n"
                   "  --resume        continue an interrupted sweep (RESULTS.h5.partial) without\n"
                   "                  redoing its finished runs\n"
                   "  --retry-failed  run the failed runs of RESULTS.h5 again, keeping the others\n"
                   "  --dry-run       check the sweep and list the runs it would do (scenario,\n"
                   "                  design point, replicate, seed) and the memory they need;\n"
                   "                  runs nothing and writes nothing\n"
                   "  --shard I/N     run only runs with index %% N == I (0 <= I < N) into a part\n"
                   "                  file; `edusim merge` combines the N parts\n"
                   "  --target-ci W   add replicates (keeping the runs done) until every 95 %% interval\n"
                   "                  of the --indicator effects (in the --year(s), all by default, and\n"
                   "                  --region, national by default) is narrower than W, or\n"
                   "                  --max-replicates (default 10 x replicates) is reached\n"
                   "  --progress MODE auto (default): a bar on a terminal, otherwise a line every\n"
                   "                  10 %% of the runs with elapsed time and time left (batch\n"
                   "                  logs); always: the bar even off a terminal; never\n"
                   "Under mpirun (built with -DEDUSIM_MPI=ON) runs are handed out to the ranks.\n");
            return 1;
        } else if ((!strcmp(s, "-o") || !strcmp(s, "--output")) && more) a->out = argv[++i];
        else if (!strcmp(s, "--threads") && more) {
            if (es_parse_long(argv[++i], 1, 4096, &a->threads)) {
                fprintf(stderr, "edusim: --threads: '%s' is not a thread count (valid: 1 to 4096)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(s, "--shard") && more) {
            long si = -1, sn = 0;
            const char *v = argv[++i], *sl = strchr(v, '/');
            char first[32];
            snprintf(first, sizeof first, "%.*s", sl ? (int)(sl - v) : 0, v);
            if (!sl || es_parse_long(sl + 1, 1, 1000000, &sn) || es_parse_long(first, 0, sn - 1, &si)) {
                fprintf(stderr, "edusim sweep: --shard: '%s' is not a shard (valid: I/N with 0 <= I < N, e.g. 0/8)\n", v);
                return 2;
            }
            a->shard_i = (int)si;
            a->shard_n = (int)sn;
        } else if (!strcmp(s, "--target-ci") && more) {
            char *end = NULL;
            a->target = strtod(argv[++i], &end);
            if (!end || *end || !(a->target > 0) || a->target > 1e300) {
                fprintf(stderr, "edusim sweep: --target-ci: '%s' is not an interval width (valid: a number > 0, in the indicator's units)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(s, "--max-replicates") && more) {
            if (es_parse_long(argv[++i], 2, 100000, &a->max_reps)) {
                fprintf(stderr, "edusim sweep: --max-replicates: '%s' (valid: 2 to 100000)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(s, "--indicator") && more && a->ninds < ES_MAX_ARGS) a->inds[a->ninds++] = argv[++i];
        else if (!strcmp(s, "--year") && more && a->nyears < ES_MAX_ARGS) {
            long y;
            if (es_parse_long(argv[++i], 1900, 2200, &y)) {
                fprintf(stderr, "edusim sweep: --year: '%s' is not a school year\n", argv[i]);
                return 2;
            }
            a->years[a->nyears++] = (int)y;
        } else if (!strcmp(s, "--region") && more) a->region = argv[++i];
        else if (!strcmp(s, "--set") && more && a->nsets < ES_MAX_ARGS) a->sets[a->nsets++] = argv[++i];
        else if (!strcmp(s, "--set") && more) {
            fprintf(stderr, "edusim sweep: --set %s: more than %d overrides (valid: at most %d --set options)\n", argv[i + 1],
                    ES_MAX_ARGS, ES_MAX_ARGS);
            return 2;
        }
        else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) a->quiet = 1;
        else if (!strcmp(s, "--progress") && more) {
            if (es_progress_parse(argv[++i], &a->prog)) return 2;
            a->prog_set = 1;
        } else if (s[0] == '-' && s[1]) {
            static const char *const opts[] = {"-o", "--output", "--threads", "--set", "--resume", "--retry-failed",
                                               "--shard", "--dry-run", "--target-ci", "--indicator", "--year",
                                               "--region", "--max-replicates", "--progress", "--quiet", "-q",
                                               "--help", NULL};
            es_bad_option("sweep", s, opts);
            return 2;
        } else if (!a->path) a->path = s;
        else {
            fprintf(stderr, "edusim sweep: more than one sweep file\n");
            return 2;
        }
    }
    if (!a->path) {
        fprintf(stderr, "edusim sweep: no sweep file (see edusim sweep --help)\n");
        return 2;
    }
    if (a->target > 0 && a->ninds == 0) {
        fprintf(stderr, "edusim sweep: --target-ci needs at least one --indicator NAME/SUBGROUP\n");
        return 2;
    }
    if ((a->ninds || a->nyears || a->max_reps) && !(a->target > 0)) {
        fprintf(stderr, "edusim sweep: --indicator, --year and --max-replicates go with --target-ci\n");
        return 2;
    }
    if (a->shard_n && (a->target > 0 || a->retry)) {
        fprintf(stderr, "edusim sweep: --shard does not go with --target-ci or --retry-failed (merge the shards first)\n");
        return 2;
    }
    return 0;
}

/* --dry-run: the runs in index order and the memory the sweep would ask for, by the
 * same estimates the sweep itself checks before it starts (sweep.c check_memory). */
static void print_plan(const es_sweep *sw, long threads, int shard_i, int shard_n)
{
    int nruns = es_sweep_nruns(sw);
    printf("sweep %s: %d scenario variant%s x %d replicate%s = %d runs, %d-%d, %d region%s and the national total\n",
           sw->name, sw->nscen, sw->nscen == 1 ? "" : "s", sw->replicates, sw->replicates == 1 ? "" : "s", nruns,
           sw->first_year, sw->first_year + sw->nyears - 1, sw->nregions - 1, sw->nregions == 2 ? "" : "s");
    printf("%-8s %-32s %-9s %*s", "run", "scenario", "replicate", sw->naxes ? -20 : 0, "seed");
    for (int x = 0; x < sw->naxes; x++) printf(" %s", sw->axis_key[x]);
    printf("\n");
    double need = 0;
    int vneed = 0, nmine = 0;
    for (int run = 0; run < nruns; run++) {
        int v = run / sw->replicates, rep = run % sw->replicates;
        if (shard_n > 0 && run % shard_n != shard_i) continue;
        nmine++;
        printf("%-8d %-32s %-9d %*llu", run, sw->scen_name[v], rep, sw->naxes ? -20 : 0,
               (unsigned long long)(sw->seed + (uint64_t)rep));
        for (int x = 0; x < sw->naxes; x++) printf(" %.6g", sw->point[(size_t)sw->scen_point[v] * sw->naxes + x]);
        printf("\n");
        double m = es_world_memory_need(&sw->scen[v].par);
        if (m > need) need = m, vneed = v;
    }
    const double gib = 1073741824.0;
    double table = shard_n > 0 ? 0 : es_sweep_table_bytes(sw, nruns), avail = es_available_memory();
    long side = nmine < threads ? 1 : threads;
    while (side > 1 && table + side * need > ES_MEMORY_SHARE * avail) side--;
    printf("memory: one run needs about %.3g GiB (the largest, '%s'); the indicators of %d runs %.3g GiB; with %ld "
           "thread%s, %ld run%s side by side: about %.3g GiB of the %.3g GiB available (the limit is %.0f%%)\n",
           need / gib, sw->scen_name[vneed], nruns, table / gib, threads, threads == 1 ? "" : "s", side,
           side == 1 ? "" : "s", (table + side * need) / gib, avail / gib, 100 * ES_MEMORY_SHARE);
    if (table + need > ES_MEMORY_SHARE * avail)
        printf("memory: more than the limit: the sweep would refuse to start\n");
}

static int file_exists(const char *p)
{
    FILE *f = fopen(p, "rb");
    if (f) fclose(f);
    return f != NULL;
}

int es_cmd_sweep(int argc, char **argv, const char *cmdline)
{
    sweep_args a;
    int rc = parse_sweep_args(argc, argv, &a);
    if (rc) return rc == 1 ? 0 : rc;
    int rank = 0, size = 1, mpi = 0;
    (void)size;
#ifdef EDUSIM_HAVE_MPI
    if (es_mpi_launched()) {
        if (es_mpi_init(&argc, &argv, &rank, &size) != ES_OK) {
            fprintf(stderr, "edusim sweep: MPI initialisation failed\n");
            return 1;
        }
        mpi = 1;
    }
#endif
    if (mpi && a.shard_n) {
        if (rank == 0) fprintf(stderr, "edusim sweep: --shard is for job arrays without MPI; under mpirun the ranks share the runs\n");
        rc = 2;
        goto fin;
    }
    es_diag d;
    es_diag_init(&d);
    es_sweep sw;
    es_status st = es_sweep_load(a.path, a.sets, a.nsets, &sw, &d);
    if (st != ES_OK) {
        if (rank == 0) es_print_diag(&d);
        es_sweep_free(&sw);
        es_diag_free(&d);
        rc = es_exit_code(st);
        goto fin;
    }
    if (a.dry_run) {
        if (rank == 0) {
            es_print_diag(&d);
            print_plan(&sw, a.threads, a.shard_i, a.shard_n);
        }
        es_sweep_free(&sw);
        es_diag_free(&d);
        rc = 0;
        goto fin;
    }
    char defout[96];
    if (!a.out) {
        if (a.shard_n) snprintf(defout, sizeof defout, "%s.shard%d.h5", sw.name, a.shard_i);
        else snprintf(defout, sizeof defout, "%s.h5", sw.name);
        a.out = defout;
    }
    {
        /* the output must be none of the inputs: the sweep file and its scenario files */
        const char **inputs = malloc((size_t)(sw.nscen + 1) * sizeof *inputs);
        int nin = 0;
        if (inputs) {
            inputs[nin++] = a.path;
            for (int v = 0; sw.scen && v < sw.nscen; v++) inputs[nin++] = sw.scen[v].source;
        }
        st = inputs ? es_output_check_path(a.out, inputs, nin, &d) : ES_ERR_NOMEM;
        free(inputs);
        if (st != ES_OK) {
            if (rank == 0) es_print_diag(&d);
            es_sweep_free(&sw);
            es_diag_free(&d);
            rc = es_exit_code(st);
            goto fin;
        }
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    es_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = (int)a.threads;
    o.stop = &es_sweep_stop;
    o.command_line = cmdline;
    o.version = EDUSIM_VERSION;
    o.git_revision = EDUSIM_GIT_REVISION;
    o.compiler = EDUSIM_COMPILER;
    o.flags = EDUSIM_C_FLAGS;
    o.resume = a.resume;
    o.mode = a.shard_n ? ES_SWEEP_PART : ES_SWEEP_ALL;
    o.shard_i = a.shard_i;
    o.shard_n = a.shard_n;
    if (a.retry) {
        char part[4200];
        snprintf(part, sizeof part, "%s.partial", a.out);
        if (file_exists(part)) o.resume = 1;
        else if (file_exists(a.out)) o.keep_out = 1;
        else {
            if (rank == 0) fprintf(stderr, "edusim sweep: --retry-failed: neither %s nor %s exists\n", a.out, part);
            es_sweep_free(&sw);
            es_diag_free(&d);
            rc = 2;
            goto fin;
        }
        o.retry_failed = 1;
    }
    /* For tests of interruption: stop as if by a signal after N new runs. */
    const char *sa = getenv("EDUSIM_STOP_AFTER_RUNS");
    if (sa) o.stop_after = atoi(sa);
    /* For tests of I/O faults: the n-th run written fails as on a full disk. */
    const char *fw = getenv("EDUSIM_FAIL_WRITE_AFTER");
    if (fw) o.fail_write_after = atoi(fw);
    /* For tests of the memory check: the bytes of available memory. */
    const char *am = getenv("EDUSIM_AVAILABLE_MEMORY");
    if (am) o.avail_memory = atof(am);
    es_progress pg;
    if (rank == 0 && es_progress_init(&pg, a.prog, a.quiet, a.prog_set, "runs")) {
        o.progress = es_progress_cb;
        o.progress_ctx = &pg;
    }
    long max_reps = a.max_reps ? a.max_reps : 10L * sw.replicates;
    if (max_reps > 100000) max_reps = 100000;
    for (int round = 0;; round++) {
#ifdef EDUSIM_HAVE_MPI
        st = mpi ? es_sweep_run_mpi(&sw, &o, a.out, &d) : es_sweep_run(&sw, &o, a.out, &d);
#else
        st = es_sweep_run(&sw, &o, a.out, &d);
#endif
        if (st != ES_OK || !(a.target > 0)) break;
        /* --target-ci: widen the sweep with more replicates while an interval is too wide. */
        double w = 0;
        char where[512] = "";
        int reps = sw.replicates;
        if (rank == 0) {
            st = es_sweep_widest_ci(a.out, a.inds, a.ninds, a.years, a.nyears, a.region, &w, where, sizeof where, &d);
            if (st == ES_OK && !a.quiet)
                fprintf(stderr, "edusim sweep: %d replicates: widest 95 %% interval %.4g (%s), target %.4g\n", reps, w,
                        where, a.target);
            if (st == ES_OK && !(w < a.target)) {
                if (reps >= max_reps) {
                    fprintf(stderr, "edusim sweep: the target %.4g was not reached with the maximum of %ld replicates (widest %.4g: %s)\n",
                            a.target, max_reps, w, where);
                    reps = 0;
                } else {
                    /* The width shrinks as 1/sqrt(replicates); aim 10 % past the estimate. */
                    double want = isfinite(w) ? ceil(reps * (w / a.target) * (w / a.target) * 1.1) : 2.0 * reps;
                    reps = want > max_reps ? (int)max_reps : want < reps + 1 ? reps + 1 : (int)want;
                }
            } else reps = 0;
        }
#ifdef EDUSIM_HAVE_MPI
        if (mpi) {
            int sti = st;
            es_mpi_bcast_int(&sti);
            st = (es_status)sti;
            es_mpi_bcast_int(&reps);
        }
#endif
        if (st != ES_OK || reps == 0) break;
        sw.replicates = reps;
        o.resume = 0;
        o.retry_failed = 0;
        o.keep_out = 1;
    }
    if (rank == 0) {
        if (st != ES_OK || d.n) es_print_diag(&d);
        else if (!a.quiet)
            printf("edusim sweep '%s': %d scenarios x %d replicates%s -> %s (edusim %s %s)\n", sw.name, sw.nscen,
                   sw.replicates, a.shard_n ? " (this shard's part)" : "", a.out, a.shard_n ? "merge -o RESULTS.h5" : "compare",
                   a.out);
    }
    es_sweep_free(&sw);
    es_diag_free(&d);
    rc = es_exit_code(st);
fin:
#ifdef EDUSIM_HAVE_MPI
    if (mpi) es_mpi_finalize();
#endif
    return rc;
}

int es_cmd_merge(int argc, char **argv, const char *cmdline)
{
    const char *out = NULL, *in[ES_MAX_ARGS];
    int nin = 0, quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            printf("usage: edusim merge -o RESULTS.h5 PART.h5... [--quiet]\n"
                   "Combine the part files of a sweep (edusim sweep --shard I/N, or an interrupted\n"
                   "MPI sweep's rank files) into one results file with paired effects, identical to\n"
                   "the file of a one-process sweep. Every run must be in one of the parts; the\n"
                   "parts are only read.\n");
            return 0;
        } else if ((!strcmp(s, "-o") || !strcmp(s, "--output")) && i + 1 < argc) out = argv[++i];
        else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) quiet = 1;
        else if (s[0] == '-' && s[1]) {
            static const char *const opts[] = {"-o", "--output", "--quiet", "-q", "--help", NULL};
            es_bad_option("merge", s, opts);
            return 2;
        } else if (nin < ES_MAX_ARGS) in[nin++] = s;
    }
    if (!out || nin == 0) {
        fprintf(stderr, "edusim merge: need -o RESULTS.h5 and at least one part file (see edusim merge --help)\n");
        return 2;
    }
    es_diag d;
    es_diag_init(&d);
    es_sweep sw;
    es_status st = es_output_check_path(out, in, nin, &d);
    if (st != ES_OK) {
        es_print_diag(&d);
        es_diag_free(&d);
        return es_exit_code(st);
    }
    st = es_sweep_from_results(in[0], &sw, &d);
    if (st == ES_OK) {
        es_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.threads = 1;
        o.command_line = cmdline;
        o.version = EDUSIM_VERSION;
        o.git_revision = EDUSIM_GIT_REVISION;
        o.compiler = EDUSIM_COMPILER;
        o.flags = EDUSIM_C_FLAGS;
        o.mode = ES_SWEEP_MERGE;
        o.sources = in;
        o.nsources = nin;
        st = es_sweep_run(&sw, &o, out, &d);
        if (st == ES_OK && !quiet)
            printf("edusim merge: %d files, %d runs -> %s (edusim compare %s)\n", nin, es_sweep_nruns(&sw), out, out);
        es_sweep_free(&sw);
    }
    if (st != ES_OK) es_print_diag(&d);
    es_diag_free(&d);
    return es_exit_code(st);
}
