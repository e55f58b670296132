/* sim.c - one run: create the world, burn in, step through the reported years, and
 * turn tallies into indicators and cohort outcomes. */
#include "edusim/sim.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "edusim/demography.h"
#include "edusim/education.h"
#include "edusim/labour.h"
#include "edusim/partnerships.h"
#include "edusim/policy.h"
#include "edusim/teachers.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

const char *es_phase_name(int ph)
{
    static const char *const names[ES_N_PHASES] = {"setup",  "count",        "education", "teachers",
                                                   "labour", "partnerships", "demography"};
    return ph >= 0 && ph < ES_N_PHASES ? names[ph] : "?";
}

static int threads_of(const es_sim *s) { return s->opts.threads; }

static es_status run_count(es_sim *s, int year)
{
    es_status st = es_phase_count(&s->world, year, threads_of(s), s->tally);
    if (st == ES_OK && year >= s->par->start_year) es_cohort_count(&s->cohorts, &s->world, year);
    return st;
}

static es_status run_education(es_sim *s, int year)
{
    return es_phase_education(&s->world, year, threads_of(s), s->tally);
}

static es_status run_teachers(es_sim *s, int year)
{
    return es_phase_teachers(&s->world, year, threads_of(s), s->tally);
}

static es_status run_labour(es_sim *s, int year) { return es_phase_labour(&s->world, year, threads_of(s), s->tally); }

static es_status run_partnerships(es_sim *s, int year)
{
    es_status st = es_phase_partnerships(&s->world, year, threads_of(s), s->tally);
    return st == ES_OK ? es_phase_networks(&s->world, s->tally) : st;
}

static es_status run_demography(es_sim *s, int year)
{
    return es_phase_demography(&s->world, year, threads_of(s), s->tally);
}

/* The yearly step: the phases in the order they run, each timed under its own name. */
static const struct {
    es_phase id;
    es_status (*run)(es_sim *s, int year);
} es_sim_phases[] = {
    {ES_PH_COUNT, run_count},       {ES_PH_EDUCATION, run_education},       {ES_PH_TEACHERS, run_teachers},
    {ES_PH_LABOUR, run_labour},     {ES_PH_PARTNERSHIPS, run_partnerships}, {ES_PH_DEMOGRAPHY, run_demography},
};
#define ES_SIM_NPHASES ((int)(sizeof es_sim_phases / sizeof es_sim_phases[0]))

void es_run_result_free(es_run_result *r)
{
    if (!r) return;
    free(r->years);
    free(r->values);
    free(r->tally);
    free(r->cohort_rows);
    memset(r, 0, sizeof *r);
}

void es_sim_free(es_sim *s)
{
    if (!s) return;
    es_world_free(&s->world);
    es_run_result_free(&s->res);
    es_cohort_free(&s->cohorts);
    free(s->tally);
    free(s->iv);
    s->tally = NULL;
    s->iv = NULL;
}

es_status es_sim_create(es_sim *s, const es_params *p, const es_run_opts *o, es_diag *d)
{
    memset(s, 0, sizeof *s);
    double t0 = now_s();
    s->par = p;
    if (o) s->opts = *o;
    if (s->opts.threads < 1) s->opts.threads = 1;
    s->year = p->start_year - p->burn_in;
    es_status st = es_world_create(&s->world, p, d);
    if (st != ES_OK) {
        es_sim_free(s);
        return st;
    }
    s->world.naive_education = s->opts.naive_education;
    int nr = p->nregions, nrt = nr + 1, ny = p->end_year - p->start_year + 1;
    int nind = es_indicators_count();
    for (int k = 0; k < p->pol.n; k++) nind += 2 * es_policy_named(&p->pol.p[k]);
    es_run_result *res = &s->res;
    res->nyears = ny;
    res->nregions = nrt;
    res->nind = nind;
    res->years = malloc((size_t)ny * sizeof *res->years);
    res->values = malloc((size_t)nind * (size_t)ny * (size_t)nrt * sizeof *res->values);
    res->tally = calloc((size_t)ny * (size_t)nrt * ES_N_TALLY, sizeof *res->tally);
    s->tally = calloc((size_t)nr * ES_N_TALLY, sizeof *s->tally);
    s->iv = malloc((size_t)nind * sizeof *s->iv);
    int first = p->start_year - p->burn_in;
    st = es_cohort_init(&s->cohorts, first, p->end_year - first + 1, nr, s->opts.threads);
    if (st != ES_OK || !res->years || !res->values || !res->tally || !s->tally || !s->iv) {
        es_diag_add(d, "cannot allocate the results of %d years x %d regions", ny, nrt);
        es_sim_free(s);
        return ES_ERR_NOMEM;
    }
    res->seconds[ES_PH_SETUP] = now_s() - t0;
    return ES_OK;
}

int es_sim_done(const es_sim *s) { return s->year > s->par->end_year; }

static int stop_requested(const es_sim *s) { return s->opts.stop && *s->opts.stop; }

/* A reported year: its tallies, the national total, and the indicators. */
static void report_year(es_sim *s, int year)
{
    es_run_result *res = &s->res;
    int nr = s->par->nregions, nrt = nr + 1, ny = res->nyears, y = year - s->par->start_year;
    res->years[y] = year;
    int64_t *out = res->tally + (int64_t)y * nrt * ES_N_TALLY;
    memcpy(out, s->tally, (size_t)nr * ES_N_TALLY * sizeof *out);
    int64_t *nat = out + (int64_t)nr * ES_N_TALLY;
    for (int r = 0; r < nr; r++)
        for (int k = 0; k < ES_N_TALLY; k++) nat[k] += s->tally[(int64_t)r * ES_N_TALLY + k];
    for (int r = 0; r < nrt; r++) {
        es_indicators_compute(out + (int64_t)r * ES_N_TALLY, s->par->scale, s->iv);
        es_indicators_compute_policies(out + (int64_t)r * ES_N_TALLY, s->par->scale, &s->par->pol,
                                       s->iv + es_indicators_count());
        for (int k = 0; k < res->nind; k++) res->values[((int64_t)k * ny + y) * nrt + r] = s->iv[k];
    }
}

es_status es_sim_step(es_sim *s, es_diag *d)
{
    const es_params *p = s->par;
    es_world *w = &s->world;
    int year = s->year;
    if (es_sim_done(s)) {
        es_diag_add(d, "the run has already reached its last year, %d", p->end_year);
        return ES_ERR_INPUT;
    }
    memset(s->tally, 0, (size_t)p->nregions * ES_N_TALLY * sizeof *s->tally);
    w->year = year;
    es_policy_year(&p->pol, year, p->nregions, w->pol_eff);
    s->res.person_years += (double)w->pop.n;
    for (int k = 0; k < ES_SIM_NPHASES; k++) {
        if (stop_requested(s)) {
            es_diag_add(d, "interrupted in school year %d", year);
            return ES_ERR_INTERRUPTED;
        }
        double t = now_s();
        es_status st = es_sim_phases[k].run(s, year);
        s->res.seconds[es_sim_phases[k].id] += now_s() - t;
        if (st != ES_OK) {
            es_diag_add(d, "out of memory in the %s phase of school year %d (%zu bytes per person, %lld persons)",
                        es_phase_name(es_sim_phases[k].id), year, es_pop_bytes_per_person(), (long long)w->pop.n);
            return st;
        }
    }
    if (year >= p->start_year) {
        double t = now_s();
        report_year(s, year);
        s->res.seconds[ES_PH_COUNT] += now_s() - t;
    }
    s->year++;
    if (s->opts.progress)
        s->opts.progress(s->opts.progress_ctx, s->year - (p->start_year - p->burn_in), p->burn_in + s->res.nyears,
                         year);
    return ES_OK;
}

es_status es_sim_finish(es_sim *s, es_run_result *res, es_diag *d)
{
    memset(res, 0, sizeof *res);
    if (!es_sim_done(s)) {
        es_diag_add(d, "the run is at school year %d of %d", s->year, s->par->end_year);
        return ES_ERR_INPUT;
    }
    es_status st = es_cohort_rows(&s->cohorts, s->par->scale, &s->res.cohort_rows, &s->res.ncohort_rows);
    if (st != ES_OK) {
        es_diag_add(d, "out of memory for the cohort table");
        return st;
    }
    /* FNV-1a over every tally: a one-number fingerprint of the run. The spending per
     * policy (from ES_T_POLK_PUB) is left out: it splits the per-type spending, which
     * is in, and the checksums of runs stay what they were before it was counted. */
    uint64_t h = 1469598103934665603ULL;
    for (int64_t b = 0; b < (int64_t)s->res.nyears * s->res.nregions; b++)
        for (int k = 0; k < ES_T_POLK_PUB; k++) {
            h ^= (uint64_t)s->res.tally[b * ES_N_TALLY + k];
            h *= 1099511628211ULL;
        }
    s->res.checksum = h;
    *res = s->res;
    memset(&s->res, 0, sizeof s->res);
    return ES_OK;
}

es_status es_sim_run(const es_params *p, const es_run_opts *o, es_run_result *res, es_diag *d)
{
    memset(res, 0, sizeof *res);
    es_sim s;
    es_status st = es_sim_create(&s, p, o, d);
    while (st == ES_OK && !es_sim_done(&s)) st = es_sim_step(&s, d);
    if (st == ES_OK) st = es_sim_finish(&s, res, d);
    es_sim_free(&s);
    return st;
}
