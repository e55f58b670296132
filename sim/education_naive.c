/* education_naive.c - the naive reference of the education step (see
 * education_internal.h): array-of-structs persons, a single thread, and one keyed
 * generator call per decision (the key of (seed, year, purpose, person) is rebuilt
 * for every draw instead of once per person). The decision rules are those of
 * education.c, from the same education_rules.h, so both give the same bits; only the
 * data layout, the schedule and the school assignment differ. Selected by es_run_opts.naive_education; used by the benchmark
 * (speed-up of the optimised step) and tests/test_naive.c (same results). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "education_internal.h"
#include "edusim/indicators.h"
#include "edusim/policy.h"
#include "edusim/rng.h"
#include "edusim/stats.h"


/* One person with every column of es_pop, as an obvious implementation stores it. */
typedef struct es_naive_person {
    int64_t id;
    int16_t region, birth_year;
    uint8_t sex, stage, track, year, field, qual, qual_stem;
    uint32_t flags;
    int16_t vo_entry, degree_year;
    int32_t school, employer;
    uint8_t occ, job;
    float fte, skill, ability, interest;
} es_naive_person;

typedef struct edu_ctx {
    const es_params *p;
    const es_schools *sch;
    const double *eff;   /* policy intensities [npolicies][nregions] */
    int nregions;
    es_naive_person *a; /* [n] persons as structs */
    int year;
    double cut[ES_N_VO_TRACKS - 1]; /* advice score cut points */
} edu_ctx;

/* Fields of the person struct; every draw builds its key of (seed, year, purpose,
 * person) again, as an obvious implementation would. */
#define P(f) (c->a[i].f)
#define EDU_KEY() UINT64_C(0)
#define NAIVE_KEY(purpose) es_rng_key(c->p->seed, c->year, (purpose), (uint64_t)P(id))
#define EDU_DRAW(slot) ((void)key, es_rng_u01(NAIVE_KEY(ES_RNG_EDUCATION), (slot)))
#define EDU_NORMAL(slot) ((void)key, es_rng_normal(NAIVE_KEY(ES_RNG_EDUCATION), (slot)))
#define EDU_DRAW_LABOUR(slot) es_rng_u01(NAIVE_KEY(ES_RNG_LABOUR), (slot))
#define EDU_NORMAL_INTEREST(slot) es_rng_normal(NAIVE_KEY(ES_RNG_INTEREST), (slot))
#include "education_rules.h"
#undef P

/* School assignment the obvious way: one list of all applicants, one qsort by
 * (region and sector, priority, id), places taken in that order on one thread. */
typedef struct appl {
    int32_t bucket; /* region * ES_N_SECTORS + sector */
    uint64_t prio;
    int64_t id;
    int64_t idx;
} appl;

static int appl_cmp(const void *a, const void *b)
{
    const appl *x = a, *y = b;
    if (x->bucket != y->bucket) return x->bucket < y->bucket ? -1 : 1;
    if (x->prio != y->prio) return x->prio < y->prio ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static es_status naive_assign_schools(es_world *w, int year)
{
    es_pop *p = &w->pop;
    es_schools *s = &w->schools;
    const es_params *q = w->par;
    int64_t napp = 0;
    for (int64_t i = 0; i < p->n; i++)
        if (p->school[i] < 0 && es_edu_stage_sector(p->stage[i]) >= 0) napp++;
    if (!napp) return ES_OK;
    int32_t *left = malloc((size_t)s->n * sizeof *left);
    appl *a = malloc((size_t)napp * sizeof *a);
    if (!left || !a) { free(left); free(a); return ES_ERR_NOMEM; }
    /* Places left = capacity minus pupils staying on. */
    memcpy(left, s->capacity, (size_t)s->n * sizeof *left);
    int64_t m = 0;
    for (int64_t i = 0; i < p->n; i++) {
        int sec = es_edu_stage_sector(p->stage[i]);
        if (sec < 0) continue;
        if (p->school[i] >= 0) { left[p->school[i]]--; continue; }
        a[m].bucket = p->region[i] * ES_N_SECTORS + sec;
        a[m].prio = es_mix64(es_rng_key(q->seed, year, ES_RNG_SCHOOL, (uint64_t)p->id[i]));
        a[m].id = p->id[i];
        a[m].idx = i;
        m++;
    }
    qsort(a, (size_t)m, sizeof *a, appl_cmp);
    for (int64_t k = 0; k < m; k++) {
        int r = a[k].bucket / ES_N_SECTORS, sec = a[k].bucket % ES_N_SECTORS;
        int32_t first = s->first[r][sec], cnt = s->count[r][sec];
        uint64_t key = es_rng_key(q->seed, year, ES_RNG_SCHOOL, (uint64_t)a[k].id);
        int32_t pick = es_edu_pick_school(key, first, cnt, left);
        left[pick]--;
        p->school[a[k].idx] = pick;
    }
    free(left);
    free(a);
    return ES_OK;
}

/* Columns to structs and back: part of the naive step's cost, as it would be for a
 * model that kept its persons as structs throughout. */
#define NAIVE_FIELDS(X) \
    X(id) X(region) X(birth_year) X(sex) X(stage) X(track) X(year) X(field) X(qual) \
    X(qual_stem) X(flags) X(vo_entry) X(degree_year) X(school) X(employer) X(occ) X(job) \
    X(fte) X(skill) X(ability) X(interest)

es_status es_phase_education_naive(es_world *w, int year, int64_t *tally)
{
    es_pop *pop = &w->pop;
    int64_t n = pop->n;
    es_naive_person *a = malloc((size_t)(n ? n : 1) * sizeof *a);
    if (!a) return ES_ERR_NOMEM;
    for (int64_t i = 0; i < n; i++) {
#define TO(f) a[i].f = pop->f[i];
        NAIVE_FIELDS(TO)
#undef TO
    }
    edu_ctx c;
    c.p = w->par;
    c.sch = &w->schools;
    c.eff = w->pol_eff;
    c.nregions = w->nregions;
    c.a = a;
    c.year = year;
    es_edu_advice_cuts(w->par, c.cut);
    for (int64_t i = 0; i < n; i++) person_transition(&c, i, tally);
    for (int64_t i = 0; i < n; i++) {
#define BACK(f) pop->f[i] = a[i].f;
        NAIVE_FIELDS(BACK)
#undef BACK
    }
    free(a);
    return naive_assign_schools(w, year);
}
