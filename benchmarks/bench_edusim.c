/* bench_edusim.c - speed and memory of the full model, measured side by side.
 *
 * Prints, for this machine, with commit, compiler, flags and threads beside every
 * figure: person-years per second for 1 thread and for all threads (median of
 * --reps runs, with min and max), parallel efficiency, time per phase, HDF5 output
 * time and its share of the run, peak resident memory and bytes per person, a triad
 * memory-bandwidth kernel measured in the same process and the model's and the
 * education step's ratio to it, the naive reference education step's time against the
 * optimised one (--naive), and sweep throughput: runs per hour of the scenario over
 * 30 simulated years run side by side on one thread each (--sweep N). With --markdown FILE the figures are
 * also appended to FILE as table rows for RESULTS.md (one row per figure). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "edusim/indicators.h"
#include "edusim/output.h"
#include "edusim/pop.h"
#include "edusim/scenario.h"
#include "edusim/sim.h"
#include "edusim_build_info.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* STREAM-style triad a = b + s*c over arrays much larger than the caches; returns
 * bytes moved per second (3 arrays x 8 bytes per element, write-allocate ignored). */
static double triad_bandwidth(int threads)
{
    size_t n = (size_t)1 << 25; /* 32 Mi doubles = 256 MiB per array */
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    if (!a || !b || !c) { free(a); free(b); free(c); return 0; }
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static)
#endif
    for (size_t i = 0; i < n; i++) { a[i] = 0; b[i] = 1; c[i] = 2; }
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now_s();
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static)
#endif
        for (size_t i = 0; i < n; i++) a[i] = b[i] + 3.0 * c[i];
        double t = now_s() - t0;
        if (t < best) best = t;
    }
    double bw = 3.0 * 8.0 * (double)n / best;
    if (a[n / 2] != 7.0) bw = 0; /* the kernel must have run */
    free(a); free(b); free(c);
    return bw;
}

/* Bytes of the person columns the education step must read for every person
 * (education.c: all but job and skill): the traffic of one streaming pass, the least
 * the step can move. Write-back of changed columns is not counted. */
static size_t edu_bytes_per_person(void)
{
    const es_pop *p = NULL;
    return sizeof *p->id + sizeof *p->region + sizeof *p->birth_year + sizeof *p->sex + sizeof *p->stage +
           sizeof *p->track + sizeof *p->year + sizeof *p->field + sizeof *p->qual + sizeof *p->qual_stem +
           sizeof *p->flags + sizeof *p->vo_entry + sizeof *p->degree_year + sizeof *p->school +
           sizeof *p->employer + sizeof *p->occ + sizeof *p->fte + sizeof *p->ability + sizeof *p->interest;
}

typedef struct measure {
    double med, min, max;      /* person-years per second */
    double wall;               /* median wall seconds of the run (without output) */
    double phase[ES_N_PHASES]; /* of the median run */
    double out_med, out_min, out_max; /* HDF5 output seconds (when written) */
    double share_med, share_min, share_max; /* output / (run + output) */
    double person_years;
    uint64_t checksum;
} measure;

/* Write a run's results as `edusim run` does (create, scenario, run, finish) into a
 * scratch file; returns the seconds taken, or -1 on failure. */
static double write_h5(const es_scenario *sc, const es_run_result *r, int threads)
{
    es_indset set;
    es_indset_init(&set);
    if (es_indset_add_policies(&set, &sc->par.pol) != ES_OK) return -1;
    int nind = set.n, ny = r->nyears, nrt = r->nregions;
    es_ind_desc *descs = malloc((size_t)nind * sizeof *descs);
    int32_t *years = malloc((size_t)ny * sizeof *years);
    const char **regions = malloc((size_t)nrt * sizeof *regions);
    double t = -1;
    if (descs && years && regions) {
        es_indset_descs(&set, descs);
        memcpy(years, r->years, (size_t)ny * sizeof *years);
        for (int k = 0; k < nrt - 1; k++) regions[k] = sc->par.region[k].name;
        regions[nrt - 1] = "national";
        es_layout lay = {nind, descs, ny, years, nrt, regions, 1, ES_N_COHORT_COLS, es_cohort_columns()};
        es_provenance prov = {"bench", EDUSIM_GIT_REVISION, EDUSIM_COMPILER, EDUSIM_C_FLAGS, "bench_edusim",
                              threads, sc->par.seed};
        char path[512];
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/edusim_bench_%ld.h5", tmp && *tmp ? tmp : "/tmp", (long)getpid());
        es_diag d;
        es_diag_init(&d);
        es_output *o = NULL;
        es_run_info info = {0, sc->par.name, 0, sc->par.seed, 0, ""};
        double t0 = now_s();
        if (es_output_create(path, &lay, &prov, &o, &d) == ES_OK &&
            es_output_add_scenario(o, sc->par.name, sc->resolved_yaml) == ES_OK &&
            es_output_write_run(o, &info, r->values, r->ncohort_rows, r->cohort_rows) == ES_OK) {
            es_status st = es_output_finish(o, &d);
            o = NULL;
            if (st == ES_OK) t = now_s() - t0;
        }
        es_output_abort(o);
        for (int i = 0; i < d.n; i++) fprintf(stderr, "bench: %s\n", d.msg[i]);
        es_diag_free(&d);
        remove(path);
    }
    free(descs); free(years); free(regions);
    es_indset_free(&set);
    return t;
}

/* Median (mean of the middle two for an even count), min and max. */
static void med3(double *v, int n, double *med, double *mn, double *mx)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    *med = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    *mn = v[0];
    *mx = v[n - 1];
}

/* reps runs with `threads` threads; with write, each run's results are also written
 * to HDF5 and that time measured apart from the run's. */
static int run_reps(const es_scenario *sc, int threads, int reps, int naive, int write, measure *m)
{
    double *pys = calloc((size_t)reps, sizeof *pys), *walls = calloc((size_t)reps, sizeof *walls);
    double *outs = calloc((size_t)reps, sizeof *outs), *shares = calloc((size_t)reps, sizeof *shares);
    double (*ph)[ES_N_PHASES] = calloc((size_t)reps, sizeof *ph);
    int rc = 0;
    memset(m, 0, sizeof *m);
    for (int k = 0; k < reps && !rc; k++) {
        es_diag d;
        es_diag_init(&d);
        es_run_result r;
        es_run_opts o = {threads, NULL, NULL, NULL, naive};
        double t0 = now_s();
        if (es_sim_run(&sc->par, &o, &r, &d) != ES_OK) {
            for (int i = 0; i < d.n; i++) fprintf(stderr, "bench: %s\n", d.msg[i]);
            rc = -1;
        } else {
            walls[k] = now_s() - t0;
            pys[k] = r.person_years / walls[k];
            memcpy(ph[k], r.seconds, sizeof ph[k]);
            if (write) {
                outs[k] = write_h5(sc, &r, threads);
                shares[k] = outs[k] / (walls[k] + outs[k]);
                if (outs[k] < 0) rc = -1;
            }
            m->person_years = r.person_years;
            if (k > 0 && r.checksum != m->checksum) fprintf(stderr, "bench: checksum differs between repetitions\n");
            m->checksum = r.checksum;
            es_run_result_free(&r);
        }
        es_diag_free(&d);
    }
    if (!rc) {
        /* The phases of the run whose wall time is the median. */
        int kmed = 0;
        double *sw = malloc((size_t)reps * sizeof *sw);
        memcpy(sw, walls, (size_t)reps * sizeof *sw);
        qsort(sw, (size_t)reps, sizeof *sw, cmp_d);
        for (int k = 0; k < reps; k++) if (walls[k] == sw[(reps - 1) / 2]) kmed = k;
        memcpy(m->phase, ph[kmed], sizeof m->phase);
        free(sw);
        double dummy;
        med3(pys, reps, &m->med, &m->min, &m->max);
        med3(walls, reps, &m->wall, &dummy, &dummy);
        if (write) {
            med3(outs, reps, &m->out_med, &m->out_min, &m->out_max);
            med3(shares, reps, &m->share_med, &m->share_min, &m->share_max);
        }
    }
    free(pys); free(walls); free(outs); free(shares); free(ph);
    return rc;
}

/* nruns runs of the scenario side by side, one thread each, `threads` at a time (as a
 * sweep spreads its runs), timed together: runs per hour. */
static double sweep_runs_per_hour(const es_scenario *sc, int threads, int nruns)
{
    int fail = 0;
    double t0 = now_s();
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) reduction(+ : fail)
#endif
    for (int k = 0; k < nruns; k++) {
        es_params par = sc->par;
        par.seed = sc->par.seed + (uint64_t)k; /* replicates, as a sweep runs them */
        es_diag d;
        es_diag_init(&d);
        es_run_result r;
        es_run_opts o = {1, NULL, NULL, NULL, 0};
        if (es_sim_run(&par, &o, &r, &d) != ES_OK) fail++;
        else es_run_result_free(&r);
        es_diag_free(&d);
    }
    double t = now_s() - t0;
    return fail ? 0 : 3600.0 * nruns / t;
}

/* Row of the RESULTS.md table: scenario, figure, threads, median, spread, target,
 * then the build it was measured with. */
static void row(FILE *md, const char *scen, const char *fig, int threads, const char *val, const char *spread,
                const char *target)
{
    printf("  %-32s %2d thr  %-10s %-30s target %s\n", fig, threads, val, spread, target);
    if (md)
        fprintf(md, "| %s | %s | %d | %s | %s | %s | %s | %s %s |\n", scen, fig, threads, val, spread, target,
                EDUSIM_GIT_REVISION, EDUSIM_COMPILER, EDUSIM_C_FLAGS);
}

#define FMT(buf, ...) (snprintf(buf, sizeof buf, __VA_ARGS__), buf)

int main(int argc, char **argv)
{
    es_tune_allocator();
    const char *scen = NULL, *mdpath = NULL, *sets[16];
    int nsets = 0;
    int reps = 3, maxthreads = 1, naive = 0, sweep = 0;
#ifdef _OPENMP
    maxthreads = omp_get_max_threads();
#endif
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--markdown") && i + 1 < argc) mdpath = argv[++i];
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) maxthreads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--naive")) naive = 1;
        else if (!strcmp(argv[i], "--sweep") && i + 1 < argc) sweep = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--set") && i + 1 < argc && nsets < 16) sets[nsets++] = argv[++i];
        else scen = argv[i];
    }
    if (reps < 1) reps = 1;
    if (maxthreads < 1) maxthreads = 1;
    es_diag d;
    es_diag_init(&d);
    es_scenario sc;
    if (es_scenario_load(scen, sets, nsets, &sc, &d) != ES_OK) {
        for (int i = 0; i < d.n; i++) fprintf(stderr, "bench: %s\n", d.msg[i]);
        return 2;
    }
    const char *name = scen ? scen : "default region";
    if (scen && strrchr(scen, '/')) name = strrchr(scen, '/') + 1;
    int nyears = sc.par.end_year - sc.par.start_year + 1 + sc.par.burn_in;
    measure m1, mn, mv;
    if (run_reps(&sc, 1, reps, 0, 0, &m1)) return 1;
    if (maxthreads > 1) {
        if (run_reps(&sc, maxthreads, reps, 0, 1, &mn)) return 1;
    } else if (run_reps(&sc, 1, reps, 0, 1, &mn)) {
        return 1;
    }
    if (naive && run_reps(&sc, 1, reps, 1, 0, &mv)) return 1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss = (double)ru.ru_maxrss * 1024.0; /* peak of this process: its largest run */
    double persons = m1.person_years / nyears;
    /* Sweep runs are 30 simulated years, as the target counts them: 10 burn-in
     * years and 20 reported from the scenario's first year. */
    double rph = 0;
    if (sweep > 0) {
        char by[64], ey[64];
        snprintf(by, sizeof by, "years.burn_in=10");
        snprintf(ey, sizeof ey, "years.end=%d", sc.par.start_year + 19);
        const char *sw_sets[18];
        for (int k = 0; k < nsets; k++) sw_sets[k] = sets[k];
        sw_sets[nsets] = by;
        sw_sets[nsets + 1] = ey;
        es_scenario sc30;
        if (es_scenario_load(scen, sw_sets, nsets + 2, &sc30, &d) != ES_OK) {
            for (int i = 0; i < d.n; i++) fprintf(stderr, "bench: %s\n", d.msg[i]);
            return 2;
        }
        rph = sweep_runs_per_hour(&sc30, maxthreads, sweep);
        es_scenario_free(&sc30);
    }
    double bw = triad_bandwidth(maxthreads);
    double eff = mn.med / (m1.med * maxthreads);
    double bpp = (double)es_pop_bytes_per_person(), ebpp = (double)edu_bytes_per_person();
    double edu_pys = mn.person_years / mn.phase[ES_PH_EDUCATION];
    char v[64], s[96], when[96];
    time_t tt = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&tt));
    FILE *md = mdpath ? fopen(mdpath, "a") : NULL;
    if (mdpath && !md) {
        fprintf(stderr, "bench: cannot append to %s\n", mdpath);
        return 2;
    }
    {
        printf("edusim benchmark: %s, %s, commit %s, %s, flags '%s', %d reps, %d threads\n", name, when,
               EDUSIM_GIT_REVISION, EDUSIM_COMPILER, EDUSIM_C_FLAGS, reps, maxthreads);
        printf("  person-years per run %.4g over %d years (mean persons %.4g)\n", m1.person_years, nyears, persons);
    }
    row(md, name, "person-years/s", 1, FMT(v, "%.3g", m1.med), FMT(s, "%.3g-%.3g", m1.min, m1.max), "-");
    row(md, name, "person-years/s", maxthreads, FMT(v, "%.3g", mn.med), FMT(s, "%.3g-%.3g", mn.min, mn.max), "-");
    row(md, name, "wall of one run (s)", 1, FMT(v, "%.2f", m1.wall), FMT(s, "%.2f-%.2f", m1.person_years / m1.max, m1.person_years / m1.min), "-");
    row(md, name, "wall of one run (s)", maxthreads, FMT(v, "%.2f", mn.wall),
        FMT(s, "%.2f-%.2f", mn.person_years / mn.max, mn.person_years / mn.min), "<= 15 (nl_full)");
    row(md, name, "parallel efficiency", maxthreads, FMT(v, "%.0f %%", 100 * eff),
        FMT(s, "%.0f-%.0f %%", 100 * mn.min / (m1.max * maxthreads), 100 * mn.max / (m1.min * maxthreads)), ">= 85 %");
    row(md, name, "peak resident memory (MiB)", maxthreads, FMT(v, "%.0f", rss / 1048576.0), "one process", "<= 2500 MB (nl_full)");
    row(md, name, "bytes per person (peak RSS)", maxthreads, FMT(v, "%.0f", rss / persons), FMT(s, "columns %.0f", bpp), "-");
    row(md, name, "triad bandwidth (GB/s)", maxthreads, FMT(v, "%.1f", bw / 1e9), "best of 5", "-");
    row(md, name, "model / triad", maxthreads, FMT(v, "%.1f %%", 100 * bpp * mn.med / bw),
        FMT(s, "%.0f B/py x py/s", bpp), "-");
    row(md, name, "education step / triad", maxthreads, FMT(v, "%.1f %%", 100 * ebpp * edu_pys / bw),
        FMT(s, "%.0f B/py x %.3g py/s", ebpp, edu_pys), ">= 40 %");
    /* Phases of the median run on all threads, with their share and their speed-up
     * over one thread (a phase that does not speed up is what limits the efficiency). */
    double tot = 0;
    for (int k = 0; k < ES_N_PHASES; k++) tot += mn.phase[k];
    tot += mn.out_med;
    for (int k = 0; k < ES_N_PHASES; k++)
        row(md, name, FMT(s, "phase %s (s, share)", es_phase_name(k)), maxthreads, FMT(v, "%.3f", mn.phase[k]),
            FMT(when, "%.1f %%, 1 thr %.3f s, x%.2f", 100 * mn.phase[k] / tot, m1.phase[k],
                mn.phase[k] > 0 ? m1.phase[k] / mn.phase[k] : 0.0), "-");
    row(md, name, "phase output HDF5 (s, share)", maxthreads, FMT(v, "%.4f", mn.out_med),
        FMT(s, "%.3f %% (%.3f-%.3f %%)", 100 * mn.share_med, 100 * mn.share_min, 100 * mn.share_max), "< 3 %");
    if (naive) {
        row(md, name, "naive education step (s)", 1, FMT(v, "%.3f", mv.phase[ES_PH_EDUCATION]),
            FMT(s, "optimised %.3f s", m1.phase[ES_PH_EDUCATION]), "-");
        row(md, name, "speed-up over naive education", 1,
            FMT(v, "%.2fx", mv.phase[ES_PH_EDUCATION] / m1.phase[ES_PH_EDUCATION]),
            FMT(s, "%d threads: %.2fx", maxthreads, mv.phase[ES_PH_EDUCATION] / mn.phase[ES_PH_EDUCATION]), "-");
        if (mv.checksum != m1.checksum) fprintf(stderr, "bench: the naive education step gave other results\n");
    }
    if (sweep > 0)
        row(md, name, "sweep runs per hour", maxthreads, FMT(v, "%.0f", rph), FMT(s, "%d runs of 30 years, 1 thread each", sweep),
            ">= 5000 (default region)");
    if (md) fclose(md);
    printf("  checksum %016llx (equal for 1 and %d threads: %s)\n", (unsigned long long)m1.checksum, maxthreads,
               m1.checksum == mn.checksum ? "yes" : "NO");
    es_scenario_free(&sc);
    es_diag_free(&d);
    return m1.checksum == mn.checksum && (!naive || mv.checksum == m1.checksum) ? 0 : 1;
}
