/* education.c - end-of-year transitions through the Dutch education chain.
 *
 * Each person's transition depends only on their own state, the parameters and
 * random numbers keyed on (seed, year, purpose, person id), so the loop over persons
 * runs in parallel in any order. School places are then assigned per region and
 * sector in order of a keyed priority (see es_edu_assign_schools). */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/education.h"

#include "education_internal.h"
#include "edusim/indicators.h"
#include "edusim/par.h"
#include "edusim/policy.h"
#include "edusim/rng.h"
#include "edusim/stats.h"



typedef struct edu_ctx {
    const es_params *p;
    const es_schools *sch;
    const double *eff;   /* policy intensities [npolicies][nregions] */
    int nregions;
    es_pop *pop;
    int year;
    double cut[ES_N_VO_TRACKS - 1]; /* advice score cut points */
    uint64_t kb_prog, kb_int, kb_lab; /* es_rng_base of this year's purposes */
} edu_ctx;

/* Columns of the population; one key per person and year, built once. */
#define P(f) (c->pop->f[i])
#define EDU_KEY() es_rng_key_at(c->kb_prog, (uint64_t)P(id))
#define EDU_DRAW(slot) es_rng_u01(key, (slot))
#define EDU_NORMAL(slot) es_rng_normal(key, (slot))
#define EDU_DRAW_LABOUR(slot) es_rng_u01(es_rng_key_at(c->kb_lab, (uint64_t)P(id)), (slot))
#define EDU_NORMAL_INTEREST(slot) es_rng_normal(es_rng_key_at(c->kb_int, (uint64_t)P(id)), (slot))
#include "education_rules.h"
#undef P

/* Serial dictatorship with keyed priorities: applicants of one region and sector take,
 * in order of a random priority, the first of three keyed choices with a free place,
 * else the school with most places left. The result does not depend on the order of
 * the population or on threads: applicants are listed in parallel, sorted per
 * (region, sector) bucket into a total order (es_par_bucket_sort), and the buckets,
 * which share no schools (every region has at least one school per sector), are
 * filled in parallel, each in its own order. */
typedef struct appl {
    uint64_t prio;
    int64_t id;
    int64_t idx;
    int32_t bucket; /* region * ES_N_SECTORS + sector */
} appl;

es_status es_edu_assign_schools(es_world *w, int year, int threads)
{
    es_pop *p = &w->pop;
    es_schools *s = &w->schools;
    const es_params *q = w->par;
    int64_t n = p->n;
    int nb = w->nregions * ES_N_SECTORS, th = threads < 1 ? 1 : threads;
    /* Places left = capacity minus pupils staying on, counted per thread. */
    int32_t *stay = calloc((size_t)th * (size_t)s->n, sizeof *stay);
    int32_t *left = malloc((size_t)s->n * sizeof *left);
    es_par_list pl;
    const uint64_t kb = es_rng_base(q->seed, year, ES_RNG_SCHOOL);
    if (!stay || !left || es_par_list_init(&pl, th, sizeof(appl)) != ES_OK) {
        free(stay); free(left);
        return ES_ERR_NOMEM;
    }
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(th)
#endif
    for (int64_t i = 0; i < n; i++) {
        int sec = es_edu_stage_sector(p->stage[i]);
        if (sec < 0) continue;
        if (p->school[i] >= 0) {
            stay[(int64_t)es_par_thread() * s->n + p->school[i]]++;
            continue;
        }
        appl *e = es_par_list_push(&pl);
        if (!e) continue;
        *e = (appl){es_mix64(es_rng_key_at(kb, (uint64_t)p->id[i])), p->id[i], i, p->region[i] * ES_N_SECTORS + sec};
    }
    for (int32_t k = 0; k < s->n; k++) {
        int32_t v = s->capacity[k];
        for (int t = 0; t < th; t++) v -= stay[(int64_t)t * s->n + k];
        left[k] = v;
    }
    free(stay);
    int64_t m = 0;
    appl *a = es_par_list_join(&pl, &m);
    int64_t *bfirst = malloc((size_t)(nb + 1) * sizeof *bfirst);
    int fail = !a || !bfirst;
    if (!fail && es_par_bucket_sort(a, m, sizeof *a, offsetof(appl, bucket), offsetof(appl, prio), offsetof(appl, id), nb,
                                    th, bfirst) != ES_OK)
        fail = 1;
    if (!fail) {
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(th)
#endif
        for (int b = 0; b < nb; b++) {
            int r = b / ES_N_SECTORS, sec = b % ES_N_SECTORS;
            int32_t first = s->first[r][sec], cnt = s->count[r][sec];
            for (int64_t k = bfirst[b]; k < bfirst[b + 1]; k++) {
                int32_t pick = es_edu_pick_school(es_rng_key_at(kb, (uint64_t)a[k].id), first, cnt, left);
                left[pick]--;
                p->school[a[k].idx] = pick;
            }
        }
    }
    free(left);
    free(a);
    free(bfirst);
    return fail ? ES_ERR_NOMEM : ES_OK;
}

es_status es_phase_education(es_world *w, int year, int threads, int64_t *tally)
{
    if (w->naive_education) return es_phase_education_naive(w, year, tally);
    edu_ctx c;
    c.p = w->par;
    c.sch = &w->schools;
    c.eff = w->pol_eff;
    c.nregions = w->nregions;
    c.pop = &w->pop;
    c.year = year;
    c.kb_prog = es_rng_base(w->par->seed, year, ES_RNG_EDUCATION);
    c.kb_int = es_rng_base(w->par->seed, year, ES_RNG_INTEREST);
    c.kb_lab = es_rng_base(w->par->seed, year, ES_RNG_LABOUR);
    es_edu_advice_cuts(w->par, c.cut);
    es_par_tally pt;
    if (es_par_tally_init(&pt, threads, (int64_t)w->nregions * ES_N_TALLY) != ES_OK) return ES_ERR_NOMEM;
    int64_t n = w->pop.n;
#ifdef _OPENMP
#pragma omp parallel num_threads(pt.threads)
#endif
    {
        int64_t *t = es_par_tally_mine(&pt); /* once per thread, not per person */
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (int64_t i = 0; i < n; i++) person_transition(&c, i, t);
    }
    es_par_tally_reduce(&pt, tally);
    return es_edu_assign_schools(w, year, threads);
}
