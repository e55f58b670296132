/* sim.h - one simulation run: world creation, burn-in, and the yearly step.
 *
 * The yearly step for school year Y reads like a script:
 *   count      tallies of the enrolment and stocks of year Y (and cohort outcomes)
 *   education  end-of-year transitions: diplomas, repeating, switching, leaving,
 *              choices of track, sector, profile and field, STEM interest, and
 *              school assignment
 *   teachers   quits, demand per school, hiring of graduates and side entrants
 *   labour     job changes, lifelong learning, vacancies, matching, BBL places
 *   partnerships formation, companies joining, trust, phases, money, activities
 *   demography deaths, emigration, births and immigration during Y
 * so that stock(Y+1) = stock(Y) + entries(Y) - exits(Y) for every stage. */
#ifndef EDUSIM_SIM_H
#define EDUSIM_SIM_H

#include <signal.h>
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "edusim/indicators.h"
#include "edusim/output.h"
#include "edusim/params.h"
#include "edusim/world.h"

typedef enum es_phase {
    ES_PH_SETUP = 0,
    ES_PH_DEMOGRAPHY,
    ES_PH_EDUCATION,
    ES_PH_TEACHERS,
    ES_PH_LABOUR,
    ES_PH_PARTNERSHIPS,
    ES_PH_INDICATORS,
    ES_N_PHASES
} es_phase;

const char *es_phase_name(int ph);

typedef struct es_run_opts {
    int threads;                     /* OpenMP threads inside the run (>= 1) */
    volatile sig_atomic_t *stop;     /* set by a signal handler: stop at a year boundary */
    /* Called after each year (may be NULL): done of total years incl. burn-in. */
    void (*progress)(void *ctx, int done, int total, int year);
    void *progress_ctx;
    /* 1: the naive reference of the education step (education_internal.h), for the
     * benchmark's speed-up and the test that both give the same bits. 0 normally. */
    int naive_education;
} es_run_opts;

/* Cohort table columns (per run, cohort = year of entry into secondary, sex, region),
 * outcomes measured in the year the cohort's members turn ES_COHORT_AGE. */
#define ES_COHORT_AGE 25
enum {
    ES_CC_RUN = 0, ES_CC_COHORT, ES_CC_SEX, ES_CC_REGION, ES_CC_PERSONS,
    ES_CC_NO_BASIC, ES_CC_BASIC, ES_CC_MBO34, ES_CC_HBO, ES_CC_WO, ES_CC_STEM_DEGREE,
    ES_CC_YEARS_TO_DEGREE, ES_CC_EMPLOYED, ES_CC_STEM_JOB,
    ES_N_COHORT_COLS
};
const es_col_desc *es_cohort_columns(void);

typedef struct es_run_result {
    int nyears;           /* reported years */
    int nregions;         /* regions + 1 (national total, last) */
    int nind;
    int32_t *years;       /* [nyears] */
    double *values;       /* [nind][nyears][nregions] */
    int64_t *tally;       /* [nyears][nregions][ES_N_TALLY] raw integer tallies */
    int ncohort_rows;
    double *cohort_rows;  /* [ncohort_rows][ES_N_COHORT_COLS] */
    double person_years;  /* simulated person-years incl. burn-in */
    double seconds[ES_N_PHASES];
    uint64_t checksum;    /* hash of every tally: equal results give equal checksums */
} es_run_result;

es_status es_sim_run(const es_params *p, const es_run_opts *o, es_run_result *res, es_diag *d);
void es_run_result_free(es_run_result *r);

/* Phases, exposed for tests: each acts on the whole world for school year `year`,
 * adding to tally [nregions][ES_N_TALLY]. */
es_status es_phase_count(es_world *w, int year, int threads, int64_t *tally);
es_status es_phase_education(es_world *w, int year, int threads, int64_t *tally);
es_status es_phase_demography(es_world *w, int year, int threads, int64_t *tally);
es_status es_phase_teachers(es_world *w, int year, int threads, int64_t *tally);
es_status es_phase_labour(es_world *w, int year, int threads, int64_t *tally);
es_status es_phase_partnerships(es_world *w, int year, int threads, int64_t *tally);
/* Secondary schools joining school-company networks; called after the partnerships,
 * whose company contact it adds to. */
es_status es_phase_networks(es_world *w, int64_t *tally);
/* Member companies a partnership of this kind can take (partnerships.capacity for
 * networks, partnerships.centre_capacity for centres and field labs). */
int es_pps_capacity(const es_pps_params *P, int kind);
/* Private share of partnership j's budget with private money priv, against the public
 * money it ran on while funded: the test for sustaining itself after funding ends. */
double es_pps_private_share(const es_params *q, const es_pps *p, int32_t j, double priv);


/* Per-thread tallies, summed in thread order after a parallel loop (integer sums, so
 * the result does not depend on how persons were split between threads). */
typedef struct es_par_tally {
    int threads;
    int64_t stride; /* nregions * ES_N_TALLY */
    int64_t *t;     /* [threads][stride] */
} es_par_tally;
es_status es_par_tally_init(es_par_tally *pt, int threads, int nregions);
/* This thread's number inside a parallel region (0 without OpenMP): the index of its
 * per-thread block of counts or list. */
static inline int es_par_thread(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* This thread's block (inline: called inside the loops over persons). */
static inline int64_t *es_par_tally_mine(es_par_tally *pt)
{
    return pt->t + (int64_t)es_par_thread() * pt->stride;
}
void es_par_tally_reduce(es_par_tally *pt, int64_t *into); /* adds and frees */

/* Records found by a parallel loop over persons with schedule(static): each thread
 * appends to its own list, and the lists are joined in thread order, which is the
 * order one thread would have found them in (static chunks are contiguous and
 * ascending), whatever the number of threads (par.c). */
typedef struct es_par_list {
    int threads;
    size_t size;   /* bytes per record */
    char **buf;    /* [threads] */
    int64_t *n, *cap;
    int failed;    /* an append ran out of memory */
} es_par_list;
es_status es_par_list_init(es_par_list *l, int threads, size_t size);
void *es_par_list_push(es_par_list *l); /* a slot in this thread's list, or NULL */
/* All records in thread order (malloc'd, *m of them), or NULL when out of memory;
 * frees the lists either way. */
void *es_par_list_join(es_par_list *l, int64_t *m);
void es_par_list_free(es_par_list *l);

/* Sort n records of `size` (<= 64) bytes by the int32_t bucket at byte offset boff
 * (in [0, nb)), then within a bucket by the uint64_t key at byte offset koff (a hash:
 * uniform bits), then the unique int64_t id at idoff; buckets in parallel. The order is total, so it equals
 * one qsort by (bucket, key, id) for any thread count. Fills first[nb + 1] with each
 * bucket's first record. */
es_status es_par_bucket_sort(void *v, int64_t n, size_t size, size_t boff, size_t koff, size_t idoff,
                             int nb, int threads, int64_t *first);

#endif
