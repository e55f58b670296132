/* main_sweep.c - `edusim sweep` and `edusim compare`. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edusim/sweep.h"
#include "edusim_build_info.h"
#include "main_cmds.h"

#define ES_MAX_ARGS 256

static volatile sig_atomic_t es_sweep_stop = 0;
static void on_signal(int sig)
{
    (void)sig;
    es_sweep_stop = 1;
}

static void sweep_progress(void *ctx, int done, int total, int year)
{
    (void)ctx;
    (void)year;
    fprintf(stderr, "\r  runs %d / %d", done, total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

int es_cmd_sweep(int argc, char **argv, const char *cmdline)
{
    const char *path = NULL, *out = NULL, *sets[ES_MAX_ARGS];
    int nsets = 0, quiet = 0, resume = 0;
    long threads = es_default_threads();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "--resume")) {
            resume = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: edusim sweep SWEEP.yaml -o RESULTS.h5 [--threads N] [--set key=value]... [--resume] [--quiet]\n"
                   "Run every scenario x replicate of a sweep into one results file with paired effects\n"
                   "against the baseline. Replicate r uses seed + r in every scenario. --set overrides a\n"
                   "key of every scenario. --resume continues an interrupted sweep (RESULTS.h5.partial)\n"
                   "without redoing its finished runs.\n");
            return 0;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && more) out = argv[++i];
        else if (!strcmp(a, "--threads") && more) {
            if (es_parse_long(argv[++i], 1, 4096, &threads)) {
                fprintf(stderr, "edusim: --threads: '%s' is not a thread count (valid: 1 to 4096)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--set") && more && nsets < ES_MAX_ARGS) sets[nsets++] = argv[++i];
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) quiet = 1;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "edusim sweep: unknown or incomplete option '%s' (see edusim sweep --help)\n", a);
            return 2;
        } else if (!path) path = a;
        else {
            fprintf(stderr, "edusim sweep: more than one sweep file\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "edusim sweep: no sweep file (see edusim sweep --help)\n");
        return 2;
    }
    es_diag d;
    es_diag_init(&d);
    es_sweep sw;
    es_status st = es_sweep_load(path, sets, nsets, &sw, &d);
    if (st != ES_OK) {
        es_print_diag(&d);
        es_sweep_free(&sw);
        es_diag_free(&d);
        return es_exit_code(st);
    }
    char defout[80];
    if (!out) {
        snprintf(defout, sizeof defout, "%s.h5", sw.name);
        out = defout;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    es_sweep_opts o = {(int)threads, &es_sweep_stop, NULL, NULL, cmdline, EDUSIM_VERSION, EDUSIM_GIT_REVISION,
                       EDUSIM_COMPILER, EDUSIM_C_FLAGS, resume, 0};
    /* For tests of interruption: stop as if by a signal after N new runs. */
    const char *sa = getenv("EDUSIM_STOP_AFTER_RUNS");
    if (sa) o.stop_after = atoi(sa);
    if (!quiet && isatty(STDERR_FILENO)) o.progress = sweep_progress;
    st = es_sweep_run(&sw, &o, out, &d);
    if (st != ES_OK || d.n) es_print_diag(&d);
    else if (!quiet)
        printf("edusim sweep '%s': %d scenarios x %d replicates -> %s (edusim compare %s)\n", sw.name, sw.nscen,
               sw.replicates, out, out);
    es_sweep_free(&sw);
    es_diag_free(&d);
    return es_exit_code(st);
}

static int parse_indicator(const char *s, char *name, char *sub, size_t n)
{
    const char *slash = strchr(s, '/');
    if (!slash) return -1;
    snprintf(name, n, "%.*s", (int)(slash - s), s);
    snprintf(sub, n, "%s", slash + 1);
    return 0;
}

int es_cmd_compare(int argc, char **argv)
{
    const char *path = NULL, *baseline = NULL, *region = "national", *inds[ES_MAX_ARGS];
    int ninds = 0, nyears = 0, csv = 0, years[ES_MAX_ARGS];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: edusim compare RESULTS.h5 [--baseline NAME] [--indicator NAME/SUBGROUP]...\n"
                   "                      [--year Y]... [--region NAME] [--csv]\n"
                   "Paired effects of each scenario against the baseline over replicates: mean\n"
                   "difference, standard error and 95 %% confidence interval (Student t).\n"
                   "Defaults: the sweep's baseline, the headline indicators, the last year, national.\n");
            return 0;
        } else if (!strcmp(a, "--baseline") && more) baseline = argv[++i];
        else if (!strcmp(a, "--indicator") && more && ninds < ES_MAX_ARGS) inds[ninds++] = argv[++i];
        else if (!strcmp(a, "--year") && more && nyears < ES_MAX_ARGS) {
            long y;
            if (es_parse_long(argv[++i], 1900, 2200, &y)) {
                fprintf(stderr, "edusim compare: --year: '%s' is not a school year\n", argv[i]);
                return 2;
            }
            years[nyears++] = (int)y;
        } else if (!strcmp(a, "--region") && more) region = argv[++i];
        else if (!strcmp(a, "--csv")) csv = 1;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "edusim compare: unknown or incomplete option '%s' (see edusim compare --help)\n", a);
            return 2;
        } else if (!path) path = a;
        else {
            fprintf(stderr, "edusim compare: more than one results file\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "edusim compare: no results file (see edusim compare --help)\n");
        return 2;
    }
    es_diag d;
    es_diag_init(&d);
    es_results r;
    es_status st = es_results_load(path, &r, &d);
    if (st != ES_OK) {
        es_print_diag(&d);
        es_diag_free(&d);
        return es_exit_code(st);
    }
    int rc = 0, base = -1, reg = -1;
    const char *bname = baseline ? baseline : r.baseline[0] ? r.baseline : r.scen_names[0];
    for (int s = 0; s < r.nscen; s++)
        if (!strcmp(r.scen_names[s], bname)) base = s;
    for (int k = 0; k < r.nregions; k++)
        if (r.regions[k] && !strcmp(r.regions[k], region)) reg = k;
    if (base < 0 || reg < 0) {
        fprintf(stderr, "edusim compare: %s '%s' is not in %s\n", base < 0 ? "baseline" : "region",
                base < 0 ? bname : region, path);
        es_results_free(&r);
        es_diag_free(&d);
        return 2;
    }
    static const char *const headline[] = {"share_n_profile_y4/havo", "share_n_profile_y4/vwo",
                                           "share_stem_teacher_training_intake/vo_programmes",
                                           "n_companies_in_partnerships/all", "share_stem_he_intake/hbo",
                                           "share_stem_he_intake/wo", "share_tech_vmbo_y3/bb+kb+gl"};
    if (!ninds)
        for (size_t k = 0; k < sizeof headline / sizeof headline[0]; k++) inds[ninds++] = headline[k];
    if (!nyears) years[nyears++] = r.years[r.nyears - 1];
    es_effects e;
    st = es_effects_compute(r.values, r.nind, r.nruns, r.nyears, r.nregions, r.run_scen, r.run_rep, r.run_ok,
                            r.nscen, base, &e);
    if (st != ES_OK) {
        fprintf(stderr, "edusim compare: %s\n", es_status_str(st));
        es_results_free(&r);
        es_diag_free(&d);
        return 1;
    }
    if (csv) printf("scenario,baseline,indicator,subgroup,units,year,region,mean_diff,se,ci_low,ci_high,n\n");
    else
        printf("paired effects against '%s' (%s), 95 %% CI, region %s\n\n%-20s %-52s %5s %12s %10s %25s %4s\n", bname,
               path, region, "scenario", "indicator", "year", "effect", "se", "95 % CI", "n");
    for (int q = 0; q < ninds; q++) {
        char name[256], sub[256];
        int k = -1;
        if (parse_indicator(inds[q], name, sub, sizeof name) == 0)
            for (int j = 0; j < r.nind; j++)
                if (!strcmp(r.ind_name[j], name) && !strcmp(r.ind_sub[j], sub)) k = j;
        if (k < 0) {
            fprintf(stderr, "edusim compare: no indicator '%s' in %s (see edusim info)\n", inds[q], path);
            rc = 2;
            continue;
        }
        for (int yq = 0; yq < nyears; yq++) {
            int y = -1;
            for (int j = 0; j < r.nyears; j++)
                if (r.years[j] == years[yq]) y = j;
            if (y < 0) {
                fprintf(stderr, "edusim compare: year %d is not in %s (%d-%d)\n", years[yq], path, r.years[0],
                        r.years[r.nyears - 1]);
                rc = 2;
                continue;
            }
            for (int j = 0; j < e.nscen; j++) {
                const double *v = e.v + ((((size_t)k * e.nscen + j) * r.nyears + y) * r.nregions + reg) * ES_N_EFFECT_STATS;
                if (csv)
                    printf("%s,%s,%s,%s,%s,%d,%s,%.17g,%.17g,%.17g,%.17g,%d\n", r.scen_names[e.scen[j]], bname,
                           r.ind_name[k], r.ind_sub[k], r.ind_units[k], r.years[y], region, v[ES_EF_MEAN],
                           v[ES_EF_SE], v[ES_EF_LO], v[ES_EF_HI], (int)v[ES_EF_N]);
                else {
                    char lab[600], ci[64];
                    snprintf(lab, sizeof lab, "%s/%s (%s)", r.ind_name[k], r.ind_sub[k], r.ind_units[k]);
                    snprintf(ci, sizeof ci, "[%.4g, %.4g]", v[ES_EF_LO], v[ES_EF_HI]);
                    printf("%-20s %-52s %5d %12.4g %10.3g %25s %4d\n", r.scen_names[e.scen[j]], lab, r.years[y],
                           v[ES_EF_MEAN], v[ES_EF_SE], ci, (int)v[ES_EF_N]);
                }
            }
        }
    }
    es_effects_free(&e);
    es_results_free(&r);
    es_diag_free(&d);
    return rc;
}
