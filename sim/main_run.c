/* main_run.c - `edusim run`, `validate` and `version`. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <hdf5.h>

#include "edusim/calibrate.h"
#include "edusim/cfg.h"
#include "edusim/indicators.h"
#include "edusim/output.h"
#include "edusim/scenario.h"
#include "edusim/sim.h"
#include "edusim/sweep.h"
#include "edusim_build_info.h"
#include "main_cmds.h"

#define ES_MAX_SETS 256

static volatile sig_atomic_t es_stop_flag = 0;
static void on_signal(int sig)
{
    (void)sig;
    es_stop_flag = 1;
}

void es_print_diag(const es_diag *d)
{
    for (int i = 0; i < d->n; i++) es_print_escaped(stderr, "edusim: ", d->msg[i]);
    if (d->dropped) fprintf(stderr, "edusim: (%d more errors not shown)\n", d->dropped);
}

int es_exit_code(es_status st)
{
    switch (st) {
    case ES_OK: return 0;
    case ES_ERR_INPUT: case ES_ERR_LIMIT: return 2;
    case ES_ERR_INTERRUPTED: return 130;
    default: return 1;
    }
}

int es_default_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

int es_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: edusim run [SCENARIO.yaml] [-o FILE] [--seed N] [--threads N]\n"
            "                  [--set key=value]... [--progress auto|always|never] [--quiet]\n"
            "\n"
            "Simulate a scenario and write the results to an HDF5 file. Without a scenario\n"
            "the embedded default runs: a mid-sized Dutch region of about 500,000 persons.\n"
            "\n"
            "  -o, --output FILE  results file (default: SCENARIO-NAME.h5 in this directory)\n"
            "  --seed N           run seed (overrides the scenario's `seed`)\n"
            "  --threads N        OpenMP threads (default: OMP_NUM_THREADS or all cores);\n"
            "                     results are identical for any N\n"
            "  --set key=value    override a scenario key (dotted: years.end=2020,\n"
            "                     regions.0.population=100000); repeatable\n"
            "  --progress MODE    auto (default): a bar on a terminal, otherwise a line every\n"
            "                     10 %% with elapsed time and time left (batch logs);\n"
            "                     always: the bar even off a terminal; never\n"
            "  -q, --quiet        no progress (unless --progress is given) and no summary\n");
}

static void summary(const es_scenario *sc, const es_run_result *res, const char *out,
                    double wall, int threads)
{
    static const char *const show[][2] = {
        {"population", "all"},
        {"pupils", "po+vo"},
        {"students", "mbo"},
        {"students", "hbo"},
        {"students", "wo"},
        {"share_n_profile_y4", "havo"},
        {"share_n_profile_y4", "vwo"},
        {"share_tech_vmbo_y3", "bb+kb+gl"},
        {"share_stem_he_intake", "hbo"},
        {"share_stem_he_intake", "wo"},
        {"transition_rate", "vwo_to_wo"},
        {"transition_rate", "havo_to_hbo"},
        {"early_school_leavers_share", "vo+mbo"},
    };
    int ny = res->nyears, nrt = res->nregions;
    printf("edusim %s: scenario '%s' (%s), %d region%s, %d-%d, seed %llu\n", EDUSIM_VERSION,
           sc->par.name, sc->source, sc->par.nregions, sc->par.nregions > 1 ? "s" : "",
           sc->par.start_year, sc->par.end_year, (unsigned long long)sc->par.seed);
    printf("\n  %-40s %12d %12d\n", "national indicator", res->years[0], res->years[ny - 1]);
    for (size_t k = 0; k < sizeof show / sizeof show[0]; k++) {
        int i = es_indicator_find(show[k][0], show[k][1]);
        if (i < 0) continue;
        char lab[64];
        snprintf(lab, sizeof lab, "%s/%s", show[k][0], show[k][1]);
        const double *v = res->values + (int64_t)i * ny * nrt;
        const char *u = es_indicators()[i].desc.units;
        int pct = !strcmp(u, "pct");
        printf("  %-40s %12.*f %12.*f %s\n", lab, pct ? 1 : 0, v[nrt - 1], pct ? 1 : 0,
               v[(int64_t)(ny - 1) * nrt + nrt - 1], pct ? "%" : "");
    }
    printf("\n  %.3g person-years in %.2f s (%.3g person-years/s, %d thread%s); checksum %016llx\n",
           res->person_years, wall, res->person_years / wall, threads, threads > 1 ? "s" : "",
           (unsigned long long)res->checksum);
    printf("  results: %s  (edusim info %s)\n", out, out);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

char *es_join_args(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++) len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (!s) return NULL;
    s[0] = 0;
    for (int i = 0; i < argc; i++) {
        strcat(s, argv[i]);
        if (i + 1 < argc) strcat(s, " ");
    }
    return s;
}

int es_cmd_run(int argc, char **argv, int full_argc, char **full_argv)
{
    const char *path = NULL, *out = NULL;
    const char *sets[ES_MAX_SETS];
    char seedset[64];
    int nsets = 0, quiet = 0, prog_set = 0;
    es_progress_mode prog = ES_PROGRESS_AUTO;
    long threads = es_default_threads();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            run_usage(stdout);
            return 0;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && more) {
            out = argv[++i];
        } else if (!strcmp(a, "--seed") && more) {
            long v;
            /* the range of the scenario's `seed` key (params.c), so --seed N and
             * --set seed=N accept the same values */
            if (es_parse_long(argv[++i], 0, INT64_MAX, &v)) {
                fprintf(stderr, "edusim: --seed: '%s' is not a seed (valid: 0 to %lld, as the scenario key `seed`)\n",
                        argv[i], (long long)INT64_MAX);
                return 2;
            }
            snprintf(seedset, sizeof seedset, "seed=%ld", v);
            if (nsets >= ES_MAX_SETS) {
                fprintf(stderr, "edusim: --seed: more than %d overrides with --set (valid: at most %d)\n", ES_MAX_SETS - 1,
                        ES_MAX_SETS - 1);
                return 2;
            }
            sets[nsets++] = seedset;
        } else if (!strcmp(a, "--threads") && more) {
            if (es_parse_long(argv[++i], 1, 4096, &threads)) {
                fprintf(stderr, "edusim: --threads: '%s' is not a thread count (valid: 1 to 4096)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--set") && more) {
            if (nsets >= ES_MAX_SETS) {
                fprintf(stderr, "edusim: --set: more than %d overrides (limit)\n", ES_MAX_SETS);
                return 2;
            }
            sets[nsets++] = argv[++i];
        } else if (!strcmp(a, "--progress") && more) {
            if (es_progress_parse(argv[++i], &prog)) return 2;
            prog_set = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            static const char *const opts[] = {"-o", "--output", "--seed", "--threads", "--set", "--progress",
                                               "--quiet", "-q", "--help", NULL};
            es_bad_option("run", a, opts);
            return 2;
        } else if (!path) {
            path = a;
        } else {
            fprintf(stderr, "edusim run: more than one scenario ('%s' and '%s')\n", path, a);
            return 2;
        }
    }

    es_diag d;
    es_diag_init(&d);
    es_scenario sc;
    es_status st = es_scenario_load(path, sets, nsets, &sc, &d);
    if (st != ES_OK) {
        es_print_diag(&d);
        es_diag_free(&d);
        es_scenario_free(&sc);
        return es_exit_code(st);
    }
    char defout[ES_NAME_LEN + 8];
    if (!out) {
        snprintf(defout, sizeof defout, "%s.h5", sc.par.name);
        out = defout;
    }
    const char *inputs[1] = {path};
    if ((st = es_output_check_path(out, inputs, path ? 1 : 0, &d)) != ES_OK) {
        es_print_diag(&d);
        es_diag_free(&d);
        es_scenario_free(&sc);
        return es_exit_code(st);
    }

    /* Layout known before the run: create the file now so an unwritable path fails
     * before hours of computing, not after. */
    es_indset set;
    es_indset_init(&set);
    if (es_indset_add_policies(&set, &sc.par.pol) != ES_OK) {
        fprintf(stderr, "edusim: out of memory\n");
        es_diag_free(&d);
        es_scenario_free(&sc);
        return 1;
    }
    int nind = set.n, ny = sc.par.end_year - sc.par.start_year + 1;
    int nrt = sc.par.nregions + 1;
    es_ind_desc *descs = malloc((size_t)nind * sizeof *descs);
    int32_t *years = malloc((size_t)ny * sizeof *years);
    const char **regions = malloc((size_t)nrt * sizeof *regions);
    char *cmdline = es_join_args(full_argc, full_argv);
    es_output *o = NULL;
    es_run_result res;
    memset(&res, 0, sizeof res);
    int rc = 1;
    if (!descs || !years || !regions || !cmdline) {
        fprintf(stderr, "edusim: out of memory\n");
        goto end;
    }
    es_indset_descs(&set, descs);
    for (int y = 0; y < ny; y++) years[y] = sc.par.start_year + y;
    for (int r = 0; r < sc.par.nregions; r++) regions[r] = sc.par.region[r].name;
    regions[nrt - 1] = "national";
    es_layout lay = {nind, descs, ny, years, nrt, regions, 1, ES_N_COHORT_COLS, es_cohort_columns()};
    es_provenance prov = {EDUSIM_VERSION, EDUSIM_GIT_REVISION, EDUSIM_COMPILER, EDUSIM_C_FLAGS,
                          cmdline, (int)threads, sc.par.seed};
    if ((st = es_output_create(out, &lay, &prov, &o, &d)) != ES_OK) {
        es_print_diag(&d);
        rc = es_exit_code(st);
        goto end;
    }
    if ((st = es_output_add_scenario(o, sc.par.name, sc.resolved_yaml)) != ES_OK) {
        fprintf(stderr, "edusim: cannot store the scenario in %s.partial\n", out);
        goto end;
    }
    /* For tests of I/O faults: writing the run fails as on a full disk. */
    const char *fw = getenv("EDUSIM_FAIL_WRITE_AFTER");
    if (fw) es_output_fail_after(o, atoi(fw));

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    es_run_opts ro = {(int)threads, &es_stop_flag, NULL, NULL, 0};
    es_progress pg;
    if (es_progress_init(&pg, prog, quiet, prog_set, "years")) {
        ro.progress = es_progress_cb;
        ro.progress_ctx = &pg;
    }
    double t0 = now_s();
    st = es_sim_run(&sc.par, &ro, &res, &d);
    double t1 = now_s();
    if (st != ES_OK) {
        if (ro.progress && pg.bar) fputc('\n', stderr);
        es_print_diag(&d);
        fprintf(stderr, "edusim: run failed (%s); no results written to %s\n", es_status_str(st), out);
        rc = es_exit_code(st);
        /* The file holds no run yet: nothing to keep or resume, so nothing is left behind. */
        es_output_abort(o);
        o = NULL;
        char part[4200];
        snprintf(part, sizeof part, "%s.partial", out);
        remove(part);
        goto end;
    }
    es_run_info info = {0, sc.par.name, 0, sc.par.seed, 0, ""};
    if ((st = es_output_write_run(o, &info, res.values, res.ncohort_rows, res.cohort_rows)) == ES_OK) {
        st = es_output_finish(o, &d); /* consumes o, also on failure */
        o = NULL;
    } else {
        es_diag_add(&d, "%s", es_output_last_error(o));
    }
    if (st != ES_OK) {
        es_print_diag(&d);
        fprintf(stderr, "edusim: writing %s failed; no complete file was left\n", out);
        rc = 1;
        goto end;
    }
    double t2 = now_s();
    if (!quiet) {
        summary(&sc, &res, out, t2 - t0, (int)threads);
        printf("  time: run %.2f s, output %.3f s\n", t1 - t0, t2 - t1);
    }
    rc = 0;
end:
    es_output_abort(o);
    es_run_result_free(&res);
    free(descs);
    free(years);
    free(regions);
    free(cmdline);
    es_indset_free(&set);
    es_scenario_free(&sc);
    es_diag_free(&d);
    return rc;
}

/* What a file given to `validate` is: a calibration file has a top-level `targets` or
 * `parameters`, a sweep file a top-level `scenarios` or `axes`, anything else is read
 * as a scenario (whose reader then names every unknown key). A file that does not
 * parse is read as a scenario too, so its parse errors are reported once. */
typedef enum { KIND_SCENARIO, KIND_SWEEP, KIND_CALIBRATION } file_kind;
static const char *const kind_names[] = {"scenario", "sweep", "calibration"};

static file_kind guess_kind(const char *path)
{
    es_cfg_limits lim = es_cfg_default_limits();
    es_cfg *c = NULL;
    es_diag d;
    es_diag_init(&d);
    file_kind k = KIND_SCENARIO;
    if (es_cfg_load_file(path, &lim, &c, &d) == ES_OK) {
        if (es_cfg_has(c, "targets") || es_cfg_has(c, "parameters")) k = KIND_CALIBRATION;
        else if (es_cfg_has(c, "scenarios") || es_cfg_has(c, "axes")) k = KIND_SWEEP;
    }
    es_cfg_free(c);
    es_diag_free(&d);
    return k;
}

/* Check one file as its kind; prints "ok" with a summary, or every error. */
static es_status validate_one(const char *path, file_kind k, const char **sets, int nsets, int resolved, es_diag *d)
{
    es_status st;
    if (k == KIND_SWEEP) {
        es_sweep sw;
        st = es_sweep_load(path, sets, nsets, &sw, d);
        if (st == ES_OK && resolved) fputs(sw.resolved_yaml, stdout);
        else if (st == ES_OK)
            printf("%s: ok (sweep: %d scenario variant%s x %d replicates = %d runs, %d-%d)\n", path, sw.nscen,
                   sw.nscen == 1 ? "" : "s", sw.replicates, es_sweep_nruns(&sw), sw.first_year,
                   sw.first_year + sw.nyears - 1);
        es_sweep_free(&sw);
    } else if (k == KIND_CALIBRATION) {
        es_calib c;
        if (nsets) {
            es_diag_add(d, "%s: --set is for scenarios and sweeps; a calibration file carries its own `set:`", path);
            return ES_ERR_INPUT;
        }
        st = es_calib_load(path, &c, d);
        if (st == ES_OK && resolved) fputs(c.resolved_yaml, stdout);
        else if (st == ES_OK)
            printf("%s: ok (calibration: %d parameter%s, %d target%s, %d replicate%s per evaluation)\n", path, c.np,
                   c.np == 1 ? "" : "s", c.nt, c.nt == 1 ? "" : "s", c.replicates, c.replicates == 1 ? "" : "s");
        if (st == ES_OK) es_calib_free(&c);
    } else {
        es_scenario sc;
        st = es_scenario_load(path, sets, nsets, &sc, d);
        if (st == ES_OK && resolved) fputs(sc.resolved_yaml, stdout);
        else if (st == ES_OK)
            printf("%s: ok (%d region%s, %d-%d)\n", path, sc.par.nregions, sc.par.nregions > 1 ? "s" : "",
                   sc.par.start_year, sc.par.end_year);
        es_scenario_free(&sc);
    }
    return st;
}

int es_cmd_validate(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: edusim validate FILE... [--set key=value]... [--resolved] [--as KIND]\n"
                "Check scenario, sweep and calibration files fully without running them: every\n"
                "error with file:line:col, key and valid range. A file with a top-level `targets`\n"
                "or `parameters` is a calibration file, one with `scenarios` or `axes` a sweep\n"
                "file, any other a scenario.\n"
                "  --resolved  print each valid file's resolved form (defaults filled in)\n"
                "  --as KIND   read every file as KIND: scenario, sweep or calibration\n");
        return argc < 2 ? 2 : 0;
    }
    const char *sets[ES_MAX_SETS];
    int nsets = 0, rc = 0, resolved = 0, as = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--set") && i + 1 < argc && nsets < ES_MAX_SETS) sets[nsets++] = argv[++i];
        else if (!strcmp(argv[i], "--set") && i + 1 < argc) {
            fprintf(stderr, "edusim validate: --set %s: more than %d overrides (valid: at most %d --set options)\n",
                    argv[i + 1], ES_MAX_SETS, ES_MAX_SETS);
            return 2;
        } else if (!strcmp(argv[i], "--as") && i + 1 < argc) {
            i++;
            for (int k = 0; k < 3; k++)
                if (!strcmp(argv[i], kind_names[k])) as = k;
            if (as < 0) {
                fprintf(stderr, "edusim validate: --as '%s' (valid: scenario, sweep, calibration)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--resolved")) resolved = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            static const char *const opts[] = {"--set", "--resolved", "--as", "--help", NULL};
            es_bad_option("validate", argv[i], opts);
            return 2;
        }
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--set") || !strcmp(argv[i], "--as")) { i++; continue; }
        if (!strcmp(argv[i], "--resolved")) continue;
        file_kind k = as >= 0 ? (file_kind)as : guess_kind(argv[i]);
        es_diag d;
        es_diag_init(&d);
        es_status st = validate_one(argv[i], k, sets, nsets, resolved, &d);
        if (st != ES_OK) {
            es_print_diag(&d);
            fprintf(stderr, "edusim: %s (read as a %s file): %d error%s\n", argv[i], kind_names[k],
                    es_diag_count(&d), es_diag_count(&d) == 1 ? "" : "s");
            if (es_exit_code(st) > rc) rc = es_exit_code(st);
        }
        es_diag_free(&d);
    }
    return rc;
}

int es_cmd_version(void)
{
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    printf("edusim %s (git %s)\ncompiler: %s\nflags: %s\nHDF5 %u.%u.%u\nOpenMP: %s\n", EDUSIM_VERSION,
           EDUSIM_GIT_REVISION, EDUSIM_COMPILER, EDUSIM_C_FLAGS, maj, min, rel,
#ifdef _OPENMP
           "yes"
#else
           "no"
#endif
    );
    return 0;
}

int es_cmd_info(int argc, char **argv)
{
    if (argc != 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fprintf(argc != 2 ? stderr : stdout, "usage: edusim info FILE.h5\nSummarise a results file (read-only).\n");
        return argc != 2 ? 2 : 0;
    }
    es_diag d;
    es_diag_init(&d);
    es_status st = es_output_info(argv[1], stdout, &d);
    if (st != ES_OK) es_print_diag(&d);
    es_diag_free(&d);
    return st == ES_OK ? 0 : (st == ES_ERR_INPUT ? 2 : 1);
}
