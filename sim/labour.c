/* labour.c - the graduate labour market and lifelong learning.
 *
 * Each year: employees may look for another job (job_change_rate) or lose it when
 * their skill currency is below labour.skill_floor; jobs wanted grow per sector;
 * vacancies are jobs wanted minus staff. Job seekers (new graduates, the unemployed,
 * leavers of teaching) are matched per region in order of a keyed priority, highest
 * qualification first, through the cells of their preference list (own level and
 * field; a STEM graduate may "leak" to a non-STEM job first with probability
 * labour.leak_stem; then one level down). In each cell a seeker sends up to
 * labour.applications applications, each to one of the vacancies the cell had when
 * matching began, drawn by key, and takes the first that no one took before (the
 * urn-ball process: vacancies stay open while seekers stay unemployed, the frictional
 * tightness that teachers' quits respond to). With labour.applications 0 a seeker takes
 * a vacancy at a company drawn by key among those still with one, sorted by company id,
 * whenever the cell has one. Propose (sorted seekers), resolve (one vacancy each),
 * commit: the result depends neither on the order of persons or companies nor on
 * threads. Unmatched seekers are unemployed.
 * Work-based mbo (BBL) students need a company place; without one they study
 * school-based (BOL). Lifelong learning restores skill currency. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/labour.h"

#include "edusim/indicators.h"
#include "edusim/par.h"
#include "edusim/policy.h"
#include "edusim/rng.h"
#include "edusim/stats.h"

/* Draw slots (never renumber). ES_RNG_LLO, per person: */
enum {
    ES_LAB_LLO = 0,         /* takes part in training this year */
    ES_LAB_LLO_FORMAL = 1,  /* the training is formal */
    ES_LAB_LLO_UPGRADE = 2, /* formal training raises the qualification */
    ES_LAB_SEPARATION = 3,  /* leaves the job */
    ES_LAB_LAYOFF = 4,      /* laid off below the skill floor */
    ES_LAB_JOB_CHANGE = 8   /* seeks another job while employed */
};
/* ES_RNG_COMPANY: a BBL student's tries 0-3 at companies (per student), and the
 * rounding of a company's places (per company, id + 2^40). */
enum { ES_LAB_BBL_COMPANY = 0, ES_LAB_BBL_ROUND = 0 };
/* ES_RNG_LABOUR, per seeker: whether they match this year, a STEM graduate leaking to
 * a non-STEM job, the vacancy picked in the j-th cell of the preference list
 * (2 + j), or with urn-ball friction the applications of that cell (32 + 64 j + a). */
enum { ES_LAB_MATCH = 0, ES_LAB_LEAK = 1, ES_LAB_PICK = 2, ES_LAB_URN = 32, ES_LAB_URN_STRIDE = 64 };


/* A seeker. The matching order is region ascending, level descending, then priority
 * and id ascending: a total order (ids are unique), so any sort gives the same list. */
typedef struct jseek {
    int32_t region;
    int32_t level; /* sorted descending: the highest qualified choose first */
    int32_t bucket; /* region * ES_N_LEVELS + (ES_N_LEVELS - 1 - level): the sort's first key */
    uint64_t prio;
    int64_t id;
    int64_t idx;
    /* The person's state that matching reads, copied when the list is built (in
     * person order) so that matching in priority order does not wander the columns. */
    int32_t employer;
    uint8_t stem, occ, job, newgrad;
} jseek;

static int id_cmp(const void *a, const void *b, const es_companies *c)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (c->id[x] > c->id[y]) - (c->id[x] < c->id[y]);
}

/* qsort has no context argument in C11: sort small per-region lists by insertion. */
static void sort_by_id(int32_t *v, int32_t n, const es_companies *c)
{
    for (int32_t i = 1; i < n; i++) {
        int32_t x = v[i], j = i;
        while (j > 0 && id_cmp(&v[j - 1], &x, c) > 0) { v[j] = v[j - 1]; j--; }
        v[j] = x;
    }
}

/* Seekers: the labour force without a job, and employees searching on the job. */
static int is_seeker(const es_params *q, const es_pop *p, int64_t i, int year, uint64_t kb_llo);

static int in_labour_force(const es_params *q, const es_pop *p, int64_t i, int year)
{
    return p->stage[i] == ES_ST_WORK && !(p->flags[i] & ES_F_INACTIVE) &&
           year - p->birth_year[i] < q->retirement_age;
}

/* kb_llo = es_rng_base(seed, year, ES_RNG_LLO), computed once per loop. */
static int is_seeker(const es_params *q, const es_pop *p, int64_t i, int year, uint64_t kb_llo)
{
    if (!in_labour_force(q, p, i, year)) return 0;
    if (p->occ[i] == ES_OCC_NONE) return 1;
    if (p->occ[i] != ES_OCC_EMPLOYEE) return 0;
    uint64_t key = es_rng_key_at(kb_llo, (uint64_t)p->id[i]);
    return es_rng_u01(key, ES_LAB_JOB_CHANGE) < q->labour.job_change_rate;
}

/* A training participant's public cost split over the lifelong-learning policies
 * that pay for it: the same policies, costs and order as the sum in
 * separations_and_llo, rounded cumulatively, so the shares add up to llround(sum). */
static void llo_cost_split(const es_world *w, int r, int llo_type, int64_t *share)
{
    const es_policies *pp = &w->par->pol;
    double c = 0;
    long long prev = 0;
    for (int k = 0; k < pp->n; k++) {
        const es_policy *pl = &pp->p[k];
        if (pl->type != ES_POL_LLO || w->pol_eff[k * w->nregions + r] <= 0 ||
            (pl->u.llo.llo_type >= 0 && pl->u.llo.llo_type != llo_type))
            continue;
        c += pl->public_cost;
        long long now = llround(c);
        share[k] += now - prev;
        prev = now;
    }
}

/* Separations, skill decay and training: each person on their own keys (parallel). */
/* Also recounts the staff of every company (employees still employed afterwards):
 * into per-thread counts summed after the loop when threads > 1, so that the
 * integer totals do not depend on the split. Returns nonzero when out of memory. */
static int separations_and_llo(es_world *w, int year, int threads, es_par_tally *pt)
{
    const es_params *q = w->par;
    const es_labour_params *L = &q->labour;
    const es_llo_params *E = &q->llo;
    es_pop *p = &w->pop;
    const es_companies *c = &w->comp;
    const es_pps *pps = &w->pps;
    int64_t n = p->n, stride = (int64_t)c->n * ES_N_CELLS;
    (void)threads;
    int32_t *stf = NULL; /* [threads][stride] staff counts of each thread */
    memset(c->staff, 0, (size_t)stride * sizeof *c->staff);
    if (pt->threads > 1 && !(stf = calloc((size_t)pt->threads * (size_t)stride, sizeof *stf))) return 1;
    const uint64_t kb = es_rng_base(q->seed, year, ES_RNG_LLO);
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pt->threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        if (p->stage[i] != ES_ST_WORK || p->occ[i] != ES_OCC_EMPLOYEE) continue;
        int64_t *t = es_par_tally_mine(pt);
        int32_t *staff = stf ? stf + (int64_t)es_par_thread() * stride : c->staff;
        int r = p->region[i];
        uint64_t key = es_rng_key_at(kb, (uint64_t)p->id[i]);
        int32_t e = p->employer[i];
        float sk = p->skill[i] - (float)L->tech_change;
        double part = E->participation * (c->size[e] == ES_SZ_SME ? E->sme_factor : 1.0);
        int32_t pi = c->pps[e];
        double pcost = 0;
        if (pi >= 0 && pps->phase[pi] != ES_PP_DISSOLVED) {
            if (pps->blocks[pi] & ES_BB_LLO) part *= 1.0 + E->pps_boost;
            /* Lifelong-learning policies: extra places in partnerships of their type. */
            for (int k = 0; k < q->pol.n; k++) {
                const es_policy *pl = &q->pol.p[k];
                double ef = w->pol_eff[k * w->nregions + r];
                if (pl->type != ES_POL_LLO || ef <= 0 || (pl->u.llo.llo_type >= 0 && pl->u.llo.llo_type != pps->llo_type[pi])) continue;
                part *= 1.0 + pl->u.llo.participation_boost * ef * q->pol.phase_gain[ES_POL_LLO][pps->phase[pi] < 5 ? pps->phase[pi] : 4];
                pcost += pl->public_cost;
            }
        }
        if (es_rng_u01(key, ES_LAB_LLO) < part) {
            sk += (float)E->restore;
            ES_TL(t, r, ES_T_LLO_PART)++;
            ES_TL(t, r, ES_T_POL_PUB0 + ES_POL_LLO) += llround(pcost);
            if (pcost > 0) llo_cost_split(w, r, pps->llo_type[pi], &ES_TL(t, r, ES_T_POLK_PUB));
            if (es_rng_u01(key, ES_LAB_LLO_FORMAL) < E->formal_share) {
                ES_TL(t, r, ES_T_LLO_FORMAL)++;
                int qu = p->qual[i];
                if (es_rng_u01(key, ES_LAB_LLO_UPGRADE) < E->upgrade && qu >= ES_Q_START && qu < ES_Q_HBO) {
                    p->qual[i] = (uint8_t)(qu == ES_Q_START ? ES_Q_MBO34 : ES_Q_HBO);
                    ES_TL(t, r, ES_T_LLO_UPGRADE)++;
                }
            }
        }
        p->skill[i] = sk < 0 ? 0.0f : sk > 1 ? 1.0f : sk;
        ES_TL(t, r, ES_T_SKILL_MILLI) += lround(p->skill[i] * 1000.0);
        if (es_rng_u01(key, ES_LAB_SEPARATION) < L->separation_rate ||
            (p->skill[i] < L->skill_floor && es_rng_u01(key, ES_LAB_LAYOFF) < L->layoff_rate)) {
            p->occ[i] = ES_OCC_NONE;
            p->employer[i] = -1;
        } else {
            staff[(int64_t)e * ES_N_CELLS + p->job[i]]++;
        }
    }
    if (stf) {
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pt->threads)
#endif
        for (int64_t k = 0; k < stride; k++) {
            int32_t sum = 0;
            for (int th = 0; th < pt->threads; th++) sum += stf[(int64_t)th * stride + k];
            c->staff[k] = sum;
        }
        free(stf);
    }
    return 0;
}

/* BBL students without a company place look for one; without a place they study BOL. */
static void place_bbl(es_world *w, int year, int64_t *tally)
{
    const es_params *q = w->par;
    es_pop *p = &w->pop;
    es_companies *c = &w->comp;
    memset(c->bbl_used, 0, (size_t)c->n * sizeof *c->bbl_used);
    for (int64_t i = 0; i < p->n; i++)
        if (p->stage[i] == ES_ST_MBO && (p->flags[i] & ES_F_BBL) && p->employer[i] >= 0)
            c->bbl_used[p->employer[i]]++;
    for (int64_t i = 0; i < p->n; i++) {
        if (p->stage[i] != ES_ST_MBO || !(p->flags[i] & ES_F_BBL) || p->employer[i] >= 0) continue;
        int r = p->region[i];
        uint64_t key = es_rng_key(q->seed, year, ES_RNG_COMPANY, (uint64_t)p->id[i]);
        int32_t placed = -1;
        for (uint32_t tries = 0; tries < 4 && placed < 0 && c->count[r] > 0; tries++) {
            int32_t ci = c->first[r] + (int32_t)(es_rng_u01(key, ES_LAB_BBL_COMPANY + tries) * c->count[r]);
            const int32_t *st = c->staff + (int64_t)ci * ES_N_CELLS;
            double cap = q->labour.bbl_places_per_100 / 100.0 * (st[0] + st[1] + st[2] + st[3]);
            /* Fractional places are rounded by a key of (company, year), the same for every student. */
            uint64_t ck = es_rng_key(q->seed, year, ES_RNG_COMPANY, (uint64_t)c->id[ci] + (1ULL << 40));
            int32_t places = (int32_t)floor(cap + es_rng_u01(ck, ES_LAB_BBL_ROUND));
            if (c->bbl_used[ci] < places) placed = ci;
        }
        if (placed >= 0) {
            p->employer[i] = placed;
            c->bbl_used[placed]++;
            ES_TL(tally, r, ES_T_BBL_PLACED)++;
        } else {
            p->flags[i] &= (uint32_t)~ES_F_BBL;
            ES_TL(tally, r, ES_T_BBL_NO_PLACE)++;
        }
    }
}

/* The year's seekers, listed in parallel (es_par_list: the joined list is the one a
 * single thread builds, in person order). NULL when out of memory; *m is the count. */
static jseek *collect_seekers(const es_world *w, int year, int threads, int64_t *m)
{
    const es_params *q = w->par;
    const es_pop *p = &w->pop;
    int64_t n = p->n;
    es_par_list pl;
    if (es_par_list_init(&pl, threads, sizeof(jseek)) != ES_OK) return NULL;
    const uint64_t kb_llo = es_rng_base(q->seed, year, ES_RNG_LLO), kb_lab = es_rng_base(q->seed, year, ES_RNG_LABOUR);
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pl.threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        if (!is_seeker(q, p, i, year, kb_llo)) continue;
        jseek *e = es_par_list_push(&pl);
        if (!e) continue;
        uint64_t key = es_rng_key_at(kb_lab, (uint64_t)p->id[i]);
        int level = es_pop_job_level(p->qual[i]);
        *e = (jseek){p->region[i], level, p->region[i] * ES_N_LEVELS + (ES_N_LEVELS - 1 - level), es_mix64(key),
                     p->id[i], i, p->employer[i], p->qual_stem[i] != 0, p->occ[i], p->job[i],
                     (p->flags[i] & ES_F_NEWGRAD) != 0};
    }
    return es_par_list_join(&pl, m);
}

/* Sort seekers into the total order of jseek: bucket (region ascending, level
 * descending), then priority and id (es_par_bucket_sort). Fills rfirst[nr + 1] with
 * the first seeker of each region. Returns nonzero when out of memory. */
static int sort_seekers(jseek *sk, int64_t m, int nr, int threads, int64_t *rfirst)
{
    int nb = nr * ES_N_LEVELS;
    int64_t *start = malloc((size_t)(nb + 1) * sizeof *start);
    int fail = !start;
    if (!fail)
        fail = es_par_bucket_sort(sk, m, sizeof *sk, offsetof(jseek, bucket), offsetof(jseek, prio), offsetof(jseek, id),
                                  nb, threads, start) != ES_OK;
    for (int r = 0; !fail && r <= nr; r++) rfirst[r] = start[r * ES_N_LEVELS];
    free(start);
    return fail;
}

/* Coordination friction (labour.applications > 0, an urn-ball process): an application
 * goes to one of the vacancies the cell had when the year's matching began, drawn
 * uniformly, and fails when another seeker already took that vacancy; a seeker sends up
 * to `applications` of them into each cell of the preference list. lcum holds each
 * list entry's vacancies at the start, summed along the cell's list; a company's
 * vacancies are taken in slot order, so slot s is free while s >= the number taken.
 * The cell's list holds n > 0 companies, each with a vacancy at the start.
 * Returns the list position of the company that takes the seeker, or -1. */
static int32_t urn_ball_pick(const es_companies *c, const int32_t *lst, const int64_t *lcum, int32_t n, int cell,
                             int applications, uint64_t key, uint32_t k0)
{
    int64_t total = lcum[n - 1];
    for (int a = 0; a < applications; a++) {
        int64_t slot = (int64_t)(es_rng_u01(key, k0 + (uint32_t)a) * (double)total);
        int32_t lo = 0, hi = n - 1; /* first entry with lcum > slot */
        while (lo < hi) {
            int32_t mid = lo + (hi - lo) / 2;
            if (lcum[mid] > slot) hi = mid; else lo = mid + 1;
        }
        int64_t before = lo > 0 ? lcum[lo - 1] : 0, v0 = lcum[lo] - before;
        int64_t taken = v0 - c->vacancies[(int64_t)lst[lo] * ES_N_CELLS + cell];
        if (slot - before >= taken) return lo;
    }
    return -1;
}

/* Matching of one region's sorted seekers (see the file comment). Regions share no
 * vacancy lists, seekers or tally rows, so they are matched in parallel; only the
 * staff counts of a seeker's old employer may lie in another region, hence atomic. */
static void match_region(es_world *w, int year, const jseek *sk, int64_t m, int32_t *list, const int64_t *lcum,
                         const int32_t *lfirst, int32_t *lcount, double *unmatched, int64_t *tally)
{
    const es_params *q = w->par;
    const es_labour_params *L = &q->labour;
    es_pop *p = &w->pop;
    es_companies *c = &w->comp;
    const uint64_t kb = es_rng_base(q->seed, year, ES_RNG_LABOUR);
    for (int64_t k = 0; k < m; k++) {
        int64_t i = sk[k].idx;
        int r = sk[k].region, lvl = sk[k].level, stem = sk[k].stem, occ = sk[k].occ;
        if (occ == ES_OCC_NONE) unmatched[r * ES_N_CELLS + lvl * 2 + stem] += 1.0;
        uint64_t key = es_rng_key_at(kb, (uint64_t)sk[k].id);
        /* Search frictions: not every seeker reaches an open vacancy within the year. */
        if (es_rng_u01(key, ES_LAB_MATCH) >= L->match_rate) continue;
        int pref[2 * ES_N_CELLS], np = 0;
        for (int l = lvl; l >= 0 && l >= lvl - 1; l--) {
            int leak = stem && es_rng_u01(key, ES_LAB_LEAK) < L->leak_stem;
            if (stem && !leak) pref[np++] = l * 2 + 1;
            pref[np++] = l * 2;
            if (stem && leak) pref[np++] = l * 2 + 1;
            if (!stem && l == 0) pref[np++] = 1; /* low-level technical jobs need no STEM diploma */
        }
        for (int j = 0; j < np; j++) {
            int cell = pref[j];
            int32_t *lc = &lcount[r * ES_N_CELLS + cell];
            if (*lc == 0) continue;
            int32_t *lst = list + lfirst[r * ES_N_CELLS + cell];
            int32_t pos = L->applications > 0
                              ? urn_ball_pick(c, lst, lcum + lfirst[r * ES_N_CELLS + cell], *lc, cell, L->applications,
                                              key, ES_LAB_URN + ES_LAB_URN_STRIDE * (uint32_t)j)
                              : (int32_t)(es_rng_u01(key, ES_LAB_PICK + (uint32_t)j) * *lc);
            if (pos < 0) continue;
            int32_t ci = lst[pos];
            int32_t *vac = &c->vacancies[(int64_t)ci * ES_N_CELLS + cell];
            (*vac)--;
            if (*vac == 0 && L->applications == 0) {
                /* Swap-remove: the list's order then depends only on the (sorted) draws
                 * before, never on how persons or companies were listed. */
                lst[pos] = lst[*lc - 1];
                (*lc)--;
            }
            if (occ == ES_OCC_NONE) unmatched[r * ES_N_CELLS + lvl * 2 + stem] -= 1.0;
            if (occ == ES_OCC_EMPLOYEE) {
                /* An on-the-job searcher frees the old job (it reopens next year). */
                int32_t *old = &c->staff[(int64_t)sk[k].employer * ES_N_CELLS + sk[k].job];
#ifdef _OPENMP
#pragma omp atomic
#endif
                (*old)--;
            }
            int32_t *now = &c->staff[(int64_t)ci * ES_N_CELLS + cell];
#ifdef _OPENMP
#pragma omp atomic
#endif
            (*now)++;
            p->occ[i] = ES_OCC_EMPLOYEE;
            p->employer[i] = ci;
            p->job[i] = (uint8_t)cell;
            ES_TL(tally, r, ES_T_VACF_TECH + c->sector[ci])++;
            ES_TL(tally, r, ES_T_VACF)++;
            if (cell & 1) ES_TL(tally, r, ES_T_VACF_STEM)++;
            if (sk[k].newgrad) ES_TL(tally, r, ES_T_HIRES_NEWGRAD)++;
            break;
        }
    }
}

/* Jobs wanted grow; vacancies are the jobs wanted above the staff (recounted with
 * the separations). */
static void vacancies(es_world *w, int64_t *tally)
{
    const es_labour_params *L = &w->par->labour;
    es_companies *c = &w->comp;
    for (int32_t k = 0; k < c->n; k++) {
        double g = 1.0 + L->job_growth[c->sector[k]];
        for (int j = 0; j < ES_N_CELLS; j++) {
            int64_t at = (int64_t)k * ES_N_CELLS + j;
            c->target[at] *= g;
            double v = floor(c->target[at] + 0.5) - c->staff[at];
            c->vacancies[at] = v > 0 ? (int32_t)v : 0;
            ES_TL(tally, c->region[k], ES_T_VAC_TECH + c->sector[k]) += c->vacancies[at];
            ES_TL(tally, c->region[k], ES_T_VAC) += c->vacancies[at];
            if (j & 1) ES_TL(tally, c->region[k], ES_T_VAC_STEM) += c->vacancies[at];
        }
    }

}

/* Labour demand adapts to supply: a share of the vacancies left unfilled lapse, and
 * jobs are created for a share of the seekers left without one (unmatched
 * [nregions][ES_N_CELLS]), spread over the region's companies in proportion to their
 * jobs in that cell. */
static void adapt_demand(es_world *w, const double *unmatched)
{
    const es_labour_params *L = &w->par->labour;
    es_companies *c = &w->comp;
    int nr = w->nregions;
    for (int64_t k = 0; k < (int64_t)c->n * ES_N_CELLS; k++) {
        double open = c->target[k] - c->staff[k];
        if (open > 0) c->target[k] = c->staff[k] + open * (1.0 - L->vacancy_lapse);
    }
    for (int r = 0; r < nr; r++)
        for (int j = 0; j < ES_N_CELLS; j++) {
            double u = unmatched[r * ES_N_CELLS + j], tot = 0;
            if (u <= 0) continue;
            for (int32_t k = c->first[r]; k < c->first[r] + c->count[r]; k++) tot += c->target[(int64_t)k * ES_N_CELLS + j] + 0.01;
            for (int32_t k = c->first[r]; k < c->first[r] + c->count[r]; k++) {
                double *tg = &c->target[(int64_t)k * ES_N_CELLS + j];
                *tg += L->absorption * u * (*tg + 0.01) / tot;
            }
        }
}

/* Employment tallies after matching (per-thread integer tallies, summed in order). */
static es_status count_employment(es_world *w, int year, int threads, int64_t *tally)
{
    const es_params *q = w->par;
    const es_pop *p = &w->pop;
    const es_companies *c = &w->comp;
    es_par_tally pt;
    if (es_par_tally_init(&pt, threads, (int64_t)w->nregions * ES_N_TALLY) != ES_OK) return ES_ERR_NOMEM;
    int64_t n = p->n;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pt.threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        if (!in_labour_force(q, p, i, year)) continue;
        int64_t *t = es_par_tally_mine(&pt);
        int r = p->region[i], lvl = es_pop_job_level(p->qual[i]);
        ES_TL(t, r, ES_T_LF)++;
        ES_TL(t, r, ES_T_LF_L0 + lvl)++;
        if (p->occ[i] == ES_OCC_NONE) {
            ES_TL(t, r, ES_T_UNEMP)++;
            ES_TL(t, r, ES_T_UNEMP_L0 + lvl)++;
        } else if (p->occ[i] == ES_OCC_EMPLOYEE) {
            ES_TL(t, r, ES_T_EMPLOYEES)++;
        }
        if (p->qual_stem[i] && p->qual[i] >= ES_Q_MBO34 && p->occ[i] != ES_OCC_NONE) {
            ES_TL(t, r, ES_T_STEM_GRAD_EMP)++;
            if (p->occ[i] == ES_OCC_TEACHER ? (p->job[i] == ES_SUBJ_VO_STEM || p->job[i] == ES_SUBJ_MBO_STEM)
                                            : (p->job[i] & 1))
                ES_TL(t, r, ES_T_STEM_GRAD_STEM_JOB)++;
        }
    }
    es_par_tally_reduce(&pt, tally);
    for (int32_t k = 0; k < c->n; k++) ES_TL(tally, c->region[k], ES_T_COMPANIES)++;
    return ES_OK;
}

es_status es_phase_labour(es_world *w, int year, int threads, int64_t *tally)
{
    es_companies *c = &w->comp;
    es_par_tally pt;
    if (es_par_tally_init(&pt, threads, (int64_t)w->nregions * ES_N_TALLY) != ES_OK) return ES_ERR_NOMEM;
    int nomem = separations_and_llo(w, year, threads, &pt);
    es_par_tally_reduce(&pt, tally);
    if (nomem) return ES_ERR_NOMEM;

    vacancies(w, tally);

    /* Candidate lists per (region, cell): companies with a vacancy, sorted by id. */
    int nr = w->nregions;
    int32_t *list = malloc((size_t)(c->n ? c->n : 1) * ES_N_CELLS * sizeof *list);
    int64_t *lcum = malloc((size_t)(c->n ? c->n : 1) * ES_N_CELLS * sizeof *lcum);
    int32_t *lfirst = malloc((size_t)nr * ES_N_CELLS * sizeof *lfirst);
    int32_t *lcount = calloc((size_t)nr * ES_N_CELLS, sizeof *lcount);
    int64_t *rfirst = malloc((size_t)(nr + 1) * sizeof *rfirst);
    double *unmatched = calloc((size_t)nr * ES_N_CELLS, sizeof *unmatched);
    /* Seekers: the labour force without a job, and on-the-job searchers. */
    int64_t m = 0;
    jseek *sk = list && lcum && lfirst && lcount && rfirst && unmatched ? collect_seekers(w, year, pt.threads, &m) : NULL;
    if (!sk || sort_seekers(sk, m, nr, pt.threads, rfirst)) {
        free(sk); free(list); free(lcum); free(lfirst); free(lcount); free(rfirst); free(unmatched);
        return ES_ERR_NOMEM;
    }
    int32_t at = 0;
    for (int r = 0; r < nr; r++)
        for (int j = 0; j < ES_N_CELLS; j++) {
            int32_t f = at;
            lfirst[r * ES_N_CELLS + j] = f;
            for (int32_t k = c->first[r]; k < c->first[r] + c->count[r]; k++)
                if (c->vacancies[(int64_t)k * ES_N_CELLS + j] > 0) list[at++] = k;
            lcount[r * ES_N_CELLS + j] = at - f;
            sort_by_id(list + f, at - f, c);
            int64_t sum = 0;
            for (int32_t e = f; e < at; e++) lcum[e] = sum += c->vacancies[(int64_t)list[e] * ES_N_CELLS + j];
        }
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(pt.threads)
#endif
    for (int r = 0; r < nr; r++)
        match_region(w, year, sk + rfirst[r], rfirst[r + 1] - rfirst[r], list, lcum, lfirst, lcount, unmatched, tally);
    free(sk); free(list); free(lcum); free(lfirst); free(lcount); free(rfirst);
    adapt_demand(w, unmatched);
    free(unmatched);

    /* Tightness: unfilled share of technology vacancies (acts on teachers next year). */
    for (int r = 0; r < nr; r++) {
        int64_t v = ES_TL(tally, r, ES_T_VAC_TECH), f = ES_TL(tally, r, ES_T_VACF_TECH);
        w->tightness[r] = v > 0 ? (double)(v - f) / (double)v : 0.0;
    }
    place_bbl(w, year, tally);

    if (count_employment(w, year, threads, tally) != ES_OK) return ES_ERR_NOMEM;
    return ES_OK;
}
