/* bench_edusim.c - speed and memory of the full model, measured side by side.
 *
 * Prints, for this machine, with commit, compiler, flags and threads beside every
 * figure: person-years per second for 1 thread and for all threads (median of
 * --reps runs, with min and max), parallel efficiency, time per phase, peak resident
 * memory and bytes per person, and a triad memory-bandwidth kernel measured in the
 * same process. With --markdown the table rows are printed for RESULTS.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

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

typedef struct measure {
    double med, min, max;     /* person-years per second */
    double wall;              /* median wall seconds */
    double phase[ES_N_PHASES]; /* of the median run */
    double person_years;
    uint64_t checksum;
} measure;

static int run_reps(const es_params *p, int threads, int reps, measure *m)
{
    double *pys = calloc((size_t)reps, sizeof *pys), *walls = calloc((size_t)reps, sizeof *walls);
    memset(m, 0, sizeof *m);
    for (int k = 0; k < reps; k++) {
        es_diag d;
        es_diag_init(&d);
        es_run_result r;
        es_run_opts o = {threads, NULL, NULL, NULL, 0};
        double t0 = now_s();
        if (es_sim_run(p, &o, &r, &d) != ES_OK) {
            for (int i = 0; i < d.n; i++) fprintf(stderr, "bench: %s\n", d.msg[i]);
            es_diag_free(&d);
            free(pys); free(walls);
            return -1;
        }
        walls[k] = now_s() - t0;
        pys[k] = r.person_years / walls[k];
        if (k == reps / 2 || reps == 1) memcpy(m->phase, r.seconds, sizeof m->phase);
        m->person_years = r.person_years;
        if (k > 0 && r.checksum != m->checksum) fprintf(stderr, "bench: checksum differs between repetitions\n");
        m->checksum = r.checksum;
        es_run_result_free(&r);
        es_diag_free(&d);
    }
    qsort(pys, (size_t)reps, sizeof *pys, cmp_d);
    qsort(walls, (size_t)reps, sizeof *walls, cmp_d);
    m->med = pys[reps / 2];
    m->min = pys[0];
    m->max = pys[reps - 1];
    m->wall = walls[reps / 2];
    free(pys); free(walls);
    return 0;
}

int main(int argc, char **argv)
{
    const char *scen = NULL;
    int reps = 3, markdown = 0, maxthreads = 1;
#ifdef _OPENMP
    maxthreads = omp_get_max_threads();
#endif
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--markdown")) markdown = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) maxthreads = atoi(argv[++i]);
        else scen = argv[i];
    }
    if (reps < 1) reps = 1;
    es_diag d;
    es_diag_init(&d);
    es_scenario sc;
    if (es_scenario_load(scen, NULL, 0, &sc, &d) != ES_OK) {
        for (int i = 0; i < d.n; i++) fprintf(stderr, "bench: %s\n", d.msg[i]);
        return 2;
    }
    const char *name = scen ? scen : "default region";
    measure m1, mn;
    if (run_reps(&sc.par, 1, reps, &m1) || (maxthreads > 1 && run_reps(&sc.par, maxthreads, reps, &mn))) return 1;
    if (maxthreads == 1) mn = m1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss = (double)ru.ru_maxrss * 1024.0;
    double persons = m1.person_years / (sc.par.end_year - sc.par.start_year + 1 + sc.par.burn_in);
    double bw = triad_bandwidth(maxthreads);
    double eff = mn.med / (m1.med * maxthreads);
    char when[32];
    time_t tt = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%d", gmtime(&tt));
    if (markdown) {
        printf("| %s | %s | %s %s | %s | %d | %.3g (%.3g-%.3g) | %.3g (%.3g-%.3g) | %.0f %% | %.2f | %.0f | %.0f | %.1f |\n", when,
               EDUSIM_GIT_REVISION, EDUSIM_COMPILER, EDUSIM_C_FLAGS, name, maxthreads, m1.med, m1.min, m1.max,
               mn.med, mn.min, mn.max, 100 * eff, mn.wall, rss / 1048576.0, rss / persons, bw / 1e9);
    } else {
        printf("edusim benchmark: %s, commit %s, %s, flags '%s', %d reps\n", name, EDUSIM_GIT_REVISION,
               EDUSIM_COMPILER, EDUSIM_C_FLAGS, reps);
        printf("  person-years per run       %.4g (mean persons %.4g)\n", m1.person_years, persons);
        printf("  1 thread                   %.4g person-years/s (min %.4g, max %.4g), %.2f s\n", m1.med, m1.min, m1.max, m1.wall);
        printf("  %d threads                  %.4g person-years/s (min %.4g, max %.4g), %.2f s\n", maxthreads, mn.med, mn.min, mn.max, mn.wall);
        printf("  parallel efficiency        %.0f %% on %d threads\n", 100 * eff, maxthreads);
        printf("  peak resident memory       %.0f MiB, %.0f bytes per person\n", rss / 1048576.0, rss / persons);
        printf("  triad bandwidth            %.2f GB/s (%d threads)\n", bw / 1e9, maxthreads);
        printf("  time per phase (%d threads, median run):\n", maxthreads);
        double tot = 0;
        for (int k = 0; k < ES_N_PHASES; k++) tot += mn.phase[k];
        for (int k = 0; k < ES_N_PHASES; k++)
            printf("    %-14s %7.3f s  %5.1f %%\n", es_phase_name(k), mn.phase[k], 100 * mn.phase[k] / tot);
        printf("  checksum %016llx (equal for 1 and %d threads: %s)\n", (unsigned long long)m1.checksum, maxthreads,
               m1.checksum == mn.checksum ? "yes" : "NO");
    }
    es_scenario_free(&sc);
    es_diag_free(&d);
    return m1.checksum == mn.checksum ? 0 : 1;
}
