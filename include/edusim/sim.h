/* sim.h - one simulation run: world creation, burn-in, and the yearly step.
 *
 * The yearly step of school year Y is a script (sim.c, es_sim_phases): the policies
 * of the year, then the phases in the order of es_phase:
 *   count        tallies of the enrolment and stocks of year Y (and cohort outcomes)
 *   education    end-of-year transitions: diplomas, repeating, switching, leaving,
 *                choices of track, sector, profile and field, STEM interest, and
 *                school assignment
 *   teachers     quits, demand per school, hiring of graduates and side entrants
 *   labour       job changes, lifelong learning, vacancies, matching, BBL places
 *   partnerships formation, companies joining, trust, phases, money, activities,
 *                and schools joining the networks
 *   demography   deaths, emigration, births and immigration during Y
 * so that stock(Y+1) = stock(Y) + entries(Y) - exits(Y) for every stage.
 *
 * A library user steps a run year by year and reads the world in between:
 *   es_sim s;
 *   if (es_sim_create(&s, &params, &opts, &diag) == ES_OK)
 *       while (!es_sim_done(&s) && es_sim_step(&s, &diag) == ES_OK)
 *           printf("%d: %lld persons\n", s.year - 1, (long long)s.world.pop.n);
 *   es_sim_finish(&s, &result, &diag);   (cohort table and checksum)
 *   es_sim_free(&s);
 * es_sim_run() is that loop. */
#ifndef EDUSIM_SIM_H
#define EDUSIM_SIM_H

#include <signal.h>
#include <stdint.h>

#include "edusim/desc.h"
#include "edusim/indicators.h"
#include "edusim/params.h"
#include "edusim/world.h"

/* Timed parts of a run, in the order they run each year (after the setup). */
typedef enum es_phase {
    ES_PH_SETUP = 0,
    ES_PH_COUNT, /* the yearly count, cohort outcomes and the indicators */
    ES_PH_EDUCATION,
    ES_PH_TEACHERS,
    ES_PH_LABOUR,
    ES_PH_PARTNERSHIPS,
    ES_PH_DEMOGRAPHY,
    ES_N_PHASES
} es_phase;

const char *es_phase_name(int ph);

typedef struct es_run_opts {
    int threads;                     /* OpenMP threads inside the run (>= 1) */
    volatile sig_atomic_t *stop;     /* set by a signal handler: checked between phases */
    /* Called after each year (may be NULL): done of total years incl. burn-in. */
    void (*progress)(void *ctx, int done, int total, int year);
    void *progress_ctx;
    /* 1: the naive reference of the education step (education_internal.h), for the
     * benchmark's speed-up and the test that both give the same bits. 0 normally. */
    int naive_education;
} es_run_opts;

typedef struct es_run_result {
    int nyears;           /* reported years */
    int nregions;         /* regions + 1 (national total, last) */
    int nind;             /* es_indicators_count() + 2 per named policy (es_indset_add_policies) */
    int32_t *years;       /* [nyears] */
    double *values;       /* [nind][nyears][nregions] */
    int64_t *tally;       /* [nyears][nregions][ES_N_TALLY] raw integer tallies */
    int ncohort_rows;
    double *cohort_rows;  /* [ncohort_rows][ES_N_COHORT_COLS] */
    double person_years;  /* simulated person-years incl. burn-in */
    double seconds[ES_N_PHASES];
    uint64_t checksum;    /* hash of every tally: equal results give equal checksums */
} es_run_result;

/* A run in progress. Read-only for the caller between steps. */
typedef struct es_sim {
    const es_params *par;
    es_run_opts opts;      /* threads >= 1 */
    es_world world;        /* population, schools, companies, partnerships */
    int year;              /* the school year the next es_sim_step simulates */
    int64_t *tally;        /* [nregions][ES_N_TALLY]: tallies of the year last stepped */
    es_cohort_acc cohorts; /* cohort outcomes of the reported years so far */
    es_run_result res;     /* indicators and tallies of the reported years so far */
    double *iv;            /* [nind] scratch */
} es_sim;

/* Create the world for school year start - burn_in and allocate the results. On
 * failure everything is freed (es_sim_free is still safe to call). */
es_status es_sim_create(es_sim *s, const es_params *p, const es_run_opts *o, es_diag *d);
/* Simulate school year s->year and go on to the next; a reported year's tallies and
 * indicators are added to s->res. ES_ERR_INTERRUPTED when opts.stop was set. */
es_status es_sim_step(es_sim *s, es_diag *d);
/* 1 when every year up to par->end_year has been stepped. */
int es_sim_done(const es_sim *s);
/* The cohort table and the checksum; moves the results into *res (the caller frees
 * them with es_run_result_free). */
es_status es_sim_finish(es_sim *s, es_run_result *res, es_diag *d);
void es_sim_free(es_sim *s);

/* create, step until done, finish. */
es_status es_sim_run(const es_params *p, const es_run_opts *o, es_run_result *res, es_diag *d);
void es_run_result_free(es_run_result *r);

#endif
