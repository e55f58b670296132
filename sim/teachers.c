/* teachers.c - the teacher labour market.
 *
 * Demand: pupils per school over the class-size norm (pupils per FTE), split into
 * exact/technical and other subjects. Supply: teacher-training graduates, side
 * entrants from the qualified workforce, and (with policies) trainees and hybrid
 * teachers. Outflow: retirement (in the education phase) and quits to other work,
 * whose hazard rises with the outside wage gap and the region's labour-market
 * tightness. Hiring goes per region in order of a keyed priority to a school with a
 * gap in the seeker's subject, so the result does not depend on the order of persons
 * or on threads. Unfilled exact/technical FTE lower the school's STEM teaching
 * quality, which acts on pupils' STEM interest and exam success. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/teachers.h"

#include "edusim/indicators.h"
#include "edusim/par.h"
#include "edusim/policy.h"
#include "edusim/rng.h"

/* Draw slots of ES_RNG_TEACHER, per person (never renumber). */
enum {
    ES_TCH_SEEK = 0,            /* a teacher-training graduate enters teaching */
    ES_TCH_SEEK_SIDE = 1,       /* an hbo/wo worker enters as a side entrant */
    ES_TCH_QUIT = 2,            /* a teacher quits */
    ES_TCH_SCHOOL = 3,          /* the school among those with an open post */
    ES_TCH_HYBRID = 5,          /* a company's STEM employee teaches as a hybrid */
    ES_TCH_HYBRID_SCHOOL = 6,   /* the hybrid teacher's school */
    ES_TCH_TRAINEE_SCHOOL = 7   /* an Eerst De Klas trainee's school */
};

#define ES_MILLI(x) ((int32_t)lround((x) * 1000.0))

/* A seeker of a teaching post; hired per region in order of priority, then id. */
typedef struct seeker {
    int32_t region;
    uint64_t prio;
    int64_t id;
    int64_t idx;
    uint8_t subject;
} seeker;

static int subject_sector(int subj)
{
    return subj == ES_SUBJ_PO ? ES_SEC_PO : subj <= ES_SUBJ_VO_OTHER ? ES_SEC_VO : ES_SEC_MBO;
}

/* Demand of every school from this year's pupils; filled FTE recounted from teachers. */
static void recount(es_world *w, int threads)
{
    const es_teacher_params *T = &w->par->teach;
    es_schools *s = &w->schools;
    memset(s->fte_demand, 0, (size_t)s->n * ES_N_SUBJECTS * sizeof *s->fte_demand);
    memset(s->fte_filled, 0, (size_t)s->n * ES_N_SUBJECTS * sizeof *s->fte_filled);
    for (int32_t k = 0; k < s->n; k++) {
        int32_t *dm = s->fte_demand + (int64_t)k * ES_N_SUBJECTS;
        double pup = s->pupils[k];
        switch (s->sector[k]) {
        case ES_SEC_PO: dm[ES_SUBJ_PO] = ES_MILLI(pup / T->pupils_per_fte[0]); break;
        case ES_SEC_VO: {
            double f = pup / T->pupils_per_fte[1];
            dm[ES_SUBJ_VO_STEM] = ES_MILLI(f * T->stem_share[0]);
            dm[ES_SUBJ_VO_OTHER] = ES_MILLI(f) - dm[ES_SUBJ_VO_STEM];
            break;
        }
        case ES_SEC_MBO: {
            double f = pup / T->pupils_per_fte[2];
            dm[ES_SUBJ_MBO_STEM] = ES_MILLI(f * T->stem_share[1]);
            dm[ES_SUBJ_MBO_OTHER] = ES_MILLI(f) - dm[ES_SUBJ_MBO_STEM];
            break;
        }
        default: break;
        }
    }
    const es_pop *p = &w->pop;
    int64_t n = p->n;
    (void)threads;
    /* Integer sums in any order: atomic adds give the same totals for any threads. */
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        if (p->stage[i] != ES_ST_WORK || p->school[i] < 0) continue;
        int32_t *f;
        if (p->occ[i] == ES_OCC_TEACHER) f = &s->fte_filled[(int64_t)p->school[i] * ES_N_SUBJECTS + p->job[i]];
        else if (p->flags[i] & ES_F_HYBRID) f = &s->fte_filled[(int64_t)p->school[i] * ES_N_SUBJECTS + ES_SUBJ_VO_STEM];
        else continue;
        int32_t add = ES_MILLI(p->fte[i]);
#ifdef _OPENMP
#pragma omp atomic
#endif
        *f += add;
    }
}

/* Hybrid teachers: each year a share of the STEM employees at hbo/wo level of
 * technology companies teaches `fte` at a secondary school of their region with an
 * open exact/technical post (keyed choices: the set changes year to year). */
static void hybrid_teachers(es_world *w, int year, int64_t *tally)
{
    const es_params *q = w->par;
    es_pop *p = &w->pop;
    es_schools *s = &w->schools;
    memset(s->hybrids, 0, (size_t)s->n * sizeof *s->hybrids);
    for (int64_t i = 0; i < p->n; i++) {
        if (!(p->flags[i] & ES_F_HYBRID)) continue;
        p->flags[i] &= (uint32_t)~ES_F_HYBRID;
        p->school[i] = -1;
        p->fte[i] = 0;
    }
    if (!q->pol.n) return;
    for (int64_t i = 0; i < p->n; i++) {
        if (p->stage[i] != ES_ST_WORK || p->occ[i] != ES_OCC_EMPLOYEE || !(p->job[i] & 1) || p->job[i] < 4) continue;
        if (w->comp.sector[p->employer[i]] != ES_CS_TECH) continue;
        int r = p->region[i];
        double share = es_pol_sum(&q->pol, w->pol_eff, w->nregions, ES_POL_HYBRID, r, ES_POL_FIELD(hybrid.share));
        if (share <= 0) continue;
        uint64_t key = es_rng_key(q->seed, year, ES_RNG_TEACHER, (uint64_t)p->id[i]);
        if (es_rng_u01(key, ES_TCH_HYBRID) >= share) continue;
        int32_t cnt = s->count[r][ES_SEC_VO];
        int32_t sc = s->first[r][ES_SEC_VO] + (int32_t)(es_rng_u01(key, ES_TCH_HYBRID_SCHOOL) * cnt);
        /* The FTE per hybrid is the weighted mean over the region's hybrid policies. */
        double fte = es_pol_sum(&q->pol, w->pol_eff, w->nregions, ES_POL_HYBRID, r, ES_POL_FIELD(hybrid.fte)) /
                     es_pol_weight(&q->pol, w->pol_eff, w->nregions, ES_POL_HYBRID, r);
        p->flags[i] |= ES_F_HYBRID;
        p->school[i] = sc;
        p->fte[i] = (float)fte;
        s->hybrids[sc]++;
        ES_TL(tally, r, ES_T_HYBRIDS)++;
        for (int k = 0; k < q->pol.n; k++) {
            const es_policy *pol = &q->pol.p[k];
            if (pol->type != ES_POL_HYBRID || w->pol_eff[k * w->nregions + r] <= 0) continue;
            /* the region's first active hybrid policy pays, under its own name too */
            long long pub = llround(pol->public_cost * fte), priv = llround(pol->private_cost * fte);
            ES_TL(tally, r, ES_T_POL_PUB0 + ES_POL_HYBRID) += pub;
            ES_TL(tally, r, ES_T_POL_PRIV0 + ES_POL_HYBRID) += priv;
            ES_TL(tally, r, ES_T_POLK_PUB + k) += pub;
            ES_TL(tally, r, ES_T_POLK_PRIV + k) += priv;
            break;
        }
    }
}

/* Eerst De Klas: top STEM graduates of the year start as secondary STEM teachers
 * while following a leadership programme; they quit less (retention). */
typedef struct edk_cand {
    int32_t region;
    float ability;
    int64_t id, idx;
} edk_cand;

/* Region, then ablest first, then smaller id: the order in which trainees are taken. */
static int edk_cmp(const void *a, const void *b)
{
    const edk_cand *x = a, *y = b;
    if (x->region != y->region) return x->region < y->region ? -1 : 1;
    if (x->ability != y->ability) return x->ability > y->ability ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static es_status trainees(es_world *w, int year, int64_t *tally)
{
    const es_params *q = w->par;
    es_pop *p = &w->pop;
    es_schools *s = &w->schools;
    int any = 0;
    for (int r = 0; r < w->nregions && !any; r++) any = es_pol_active(&q->pol, w->pol_eff, w->nregions, ES_POL_EDK, r);
    if (!any) return ES_OK;
    /* Candidates, in one pass: this year's STEM graduates (hbo or wo). */
    int64_t nc = 0, cap = 256;
    edk_cand *c = malloc((size_t)cap * sizeof *c);
    if (!c) return ES_ERR_NOMEM;
    for (int64_t i = 0; i < p->n; i++) {
        if (p->stage[i] != ES_ST_WORK || !(p->flags[i] & ES_F_NEWGRAD) || p->occ[i] == ES_OCC_TEACHER ||
            !p->qual_stem[i] || p->qual[i] < ES_Q_HBO)
            continue;
        if (nc == cap) {
            edk_cand *g = realloc(c, (size_t)(cap *= 2) * sizeof *c);
            if (!g) { free(c); return ES_ERR_NOMEM; }
            c = g;
        }
        c[nc++] = (edk_cand){p->region[i], p->ability[i], p->id[i], i};
    }
    qsort(c, (size_t)nc, sizeof *c, edk_cmp);
    int64_t at = 0;
    for (int r = 0; r < w->nregions; r++) {
        int64_t end = at;
        while (end < nc && c[end].region == r) end++;
        double rate = es_pol_sum(&q->pol, w->pol_eff, w->nregions, ES_POL_EDK, r, ES_POL_FIELD(edk.trainees_per_million));
        if (rate > 0) {
            double x = rate * (double)ES_TL(tally, r, ES_T_POP) / 1e6;
            uint64_t rk = es_rng_key(q->seed, year, ES_RNG_TEACHER, (uint64_t)(1u << 30) + (uint64_t)r);
            int64_t want = es_rng_round(x, rk);
            for (int64_t k = at; k < end && k - at < want; k++) {
                int64_t best = c[k].idx;
                uint64_t key = es_rng_key(q->seed, year, ES_RNG_TEACHER, (uint64_t)p->id[best]);
                int32_t cnt = s->count[r][ES_SEC_VO];
                p->occ[best] = ES_OCC_TEACHER;
                p->employer[best] = -1;
                p->school[best] = s->first[r][ES_SEC_VO] + (int32_t)(es_rng_u01(key, ES_TCH_TRAINEE_SCHOOL) * cnt);
                p->job[best] = ES_SUBJ_VO_STEM;
                p->fte[best] = (float)q->teach.mean_fte;
                p->flags[best] |= ES_F_TRAINEE;
                p->flags[best] &= (uint32_t)~ES_F_NEWGRAD;
                ES_TL(tally, r, ES_T_TRAINEES_NEW)++;
            }
        }
        at = end;
    }
    free(c);
    /* Cost while trainees teach (the programme's two years). */
    for (int64_t i = 0; i < p->n; i++) {
        if (!(p->flags[i] & ES_F_TRAINEE) || p->occ[i] != ES_OCC_TEACHER || p->stage[i] != ES_ST_WORK) continue;
        int r = p->region[i];
        for (int k = 0; k < q->pol.n; k++) {
            const es_policy *pol = &q->pol.p[k];
            if (pol->type != ES_POL_EDK || w->pol_eff[k * w->nregions + r] <= 0) continue;
            long long pub = llround(pol->public_cost), priv = llround(pol->private_cost);
            ES_TL(tally, r, ES_T_POL_PUB0 + ES_POL_EDK) += pub;
            ES_TL(tally, r, ES_T_POL_PRIV0 + ES_POL_EDK) += priv;
            ES_TL(tally, r, ES_T_POLK_PUB + k) += pub;
            ES_TL(tally, r, ES_T_POLK_PRIV + k) += priv;
            break;
        }
    }
    return ES_OK;
}

/* A seeker's subject: teacher-training graduates by their programme, side entrants by
 * their qualification; -1 when the person does not seek a teaching post this year. */
static int seeker_subject(const es_world *w, int64_t i, int year, int equilibrium, const double *gap,
                          uint64_t kb /* es_rng_base(seed, year, ES_RNG_TEACHER) */)
{
    const es_params *q = w->par;
    const es_pop *p = &w->pop;
    if (p->stage[i] != ES_ST_WORK || p->occ[i] == ES_OCC_TEACHER) return -1;
    /* Cheap tests first: only graduates of teacher training and hbo/wo workers seek. */
    if (!(p->flags[i] & ES_F_TT_GRAD) && p->qual[i] < ES_Q_HBO) return -1;
    int age = year - p->birth_year[i];
    if (age >= q->retirement_age - 2) return -1;
    uint64_t key = es_rng_key_at(kb, (uint64_t)p->id[i]);
    double u = es_rng_u01(key, ES_TCH_SEEK), v = es_rng_u01(key, ES_TCH_SEEK_SIDE);
    int stem = p->qual_stem[i] != 0;
    if (p->flags[i] & ES_F_TT_GRAD) {
        if (u >= q->teach.tt_enter) return -1;
        if (p->flags[i] & ES_F_PABO) return ES_SUBJ_PO;
        return stem ? ES_SUBJ_VO_STEM : ES_SUBJ_VO_OTHER;
    }
    if (p->qual[i] < ES_Q_HBO || age < 25 || age > 55) return -1;
    /* During the early burn-in the qualified workforce staffs the schools freely. */
    double rate = equilibrium ? 0.05 : q->teach.side_entry_rate * (stem ? q->teach.side_entry_stem : 1.0);
    if (u >= rate) return -1;
    /* Side entrants go where posts are open in their region: a subject drawn in
     * proportion to the open FTE (exact/technical posts need a STEM qualification). */
    const double *g = gap + (int64_t)p->region[i] * ES_N_SUBJECTS;
    double tot = 0;
    for (int j = 0; j < ES_N_SUBJECTS; j++)
        if (stem || (j != ES_SUBJ_VO_STEM && j != ES_SUBJ_MBO_STEM)) tot += g[j];
    if (tot <= 0) return -1;
    double x = v * tot;
    for (int j = 0; j < ES_N_SUBJECTS; j++) {
        if (!stem && (j == ES_SUBJ_VO_STEM || j == ES_SUBJ_MBO_STEM)) continue;
        if (x < g[j]) return j;
        x -= g[j];
    }
    return -1;
}

/* Quits to other work: each teacher on their own key, in parallel; more when the
 * wage gap and the labour market's tightness are high. */
static es_status quits(es_world *w, int year, int threads, int64_t *tally)
{
    const es_params *q = w->par;
    const es_teacher_params *T = &q->teach;
    es_pop *p = &w->pop;
    es_par_tally pt;
    if (es_par_tally_init(&pt, threads, (int64_t)w->nregions * ES_N_TALLY) != ES_OK) return ES_ERR_NOMEM;
    int64_t n = p->n;
    const uint64_t kb = es_rng_base(q->seed, year, ES_RNG_TEACHER);
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pt.threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        if (p->stage[i] != ES_ST_WORK || p->occ[i] != ES_OCC_TEACHER) continue;
        int64_t *t = es_par_tally_mine(&pt);
        int r = p->region[i];
        double gap = (p->job[i] == ES_SUBJ_VO_STEM || p->job[i] == ES_SUBJ_MBO_STEM) ? T->wage_gap_stem
                                                                                    : T->wage_gap_other;
        double h = T->quit_rate * exp(T->quit_wage * gap + T->quit_tightness * w->tightness[r]);
        if (p->flags[i] & ES_F_TRAINEE) {
            /* Trainees quit less while an Eerst De Klas policy runs in their region. */
            for (int k = 0; k < q->pol.n; k++)
                if (q->pol.p[k].type == ES_POL_EDK && w->pol_eff[k * w->nregions + r] > 0) {
                    h *= q->pol.p[k].u.edk.retention;
                    break;
                }
        }
        uint64_t key = es_rng_key_at(kb, (uint64_t)p->id[i]);
        if (es_rng_u01(key, ES_TCH_QUIT) < h) {
            p->occ[i] = ES_OCC_NONE;
            p->school[i] = -1;
            p->fte[i] = 0;
            ES_TL(t, r, ES_T_TEACHER_QUITS)++;
        }
    }
    es_par_tally_reduce(&pt, tally);
    return ES_OK;
}

/* Open FTE per region and subject, then the seekers of teaching jobs hired into it. */
static es_status hire(es_world *w, int year, int threads, int equilibrium, int64_t *tally)
{
    const es_params *q = w->par;
    const es_teacher_params *T = &q->teach;
    es_pop *p = &w->pop;
    es_schools *s = &w->schools;
    int64_t n = p->n;
    const uint64_t kb = es_rng_base(q->seed, year, ES_RNG_TEACHER);
    double *gap = calloc((size_t)w->nregions * ES_N_SUBJECTS, sizeof *gap);
    if (!gap) return ES_ERR_NOMEM;
    for (int32_t k = 0; k < s->n; k++)
        for (int j = 0; j < ES_N_SUBJECTS; j++) {
            int64_t at = (int64_t)k * ES_N_SUBJECTS + j;
            if (s->fte_demand[at] > s->fte_filled[at])
                gap[(int64_t)s->region[k] * ES_N_SUBJECTS + j] += s->fte_demand[at] - s->fte_filled[at];
        }

    /* Seekers, listed in parallel in person order, then ordered by region and keyed
     * priority (es_par_bucket_sort), and hired region by region in parallel: a region's
     * seekers go only to its own schools, whose open FTE no other region touches. */
    es_par_list pl;
    if (es_par_list_init(&pl, threads, sizeof(seeker)) != ES_OK) { free(gap); return ES_ERR_NOMEM; }
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pl.threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        int subj = seeker_subject(w, i, year, equilibrium, gap, kb);
        if (subj < 0) continue;
        seeker *e = es_par_list_push(&pl);
        if (!e) continue;
        uint64_t key = es_rng_key_at(kb, (uint64_t)p->id[i]);
        *e = (seeker){p->region[i], es_mix64(key ^ 0x7465616368ULL), p->id[i], i, (uint8_t)subj};
    }
    free(gap);
    int64_t m = 0;
    seeker *sk = es_par_list_join(&pl, &m);
    int nr = w->nregions;
    int64_t *rfirst = malloc((size_t)(nr + 1) * sizeof *rfirst);
    int fail = !sk || !rfirst;
    if (!fail && es_par_bucket_sort(sk, m, sizeof *sk, offsetof(seeker, region), offsetof(seeker, prio),
                                    offsetof(seeker, id), nr, threads, rfirst) != ES_OK)
        fail = 1;
    int32_t fte_m = ES_MILLI(T->mean_fte);
    if (!fail) {
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(pl.threads) reduction(| : fail)
#endif
        for (int r = 0; r < nr; r++) {
            int32_t *cand = malloc((size_t)(s->n ? s->n : 1) * sizeof *cand);
            if (!cand) { fail = 1; continue; }
            for (int64_t k = rfirst[r]; k < rfirst[r + 1]; k++) {
                int subj = sk[k].subject, sec = subject_sector(subj);
                int32_t first = s->first[r][sec], cnt = s->count[r][sec], nc = 0;
                for (int32_t j = 0; j < cnt; j++) {
                    int64_t at = (int64_t)(first + j) * ES_N_SUBJECTS + subj;
                    if (s->fte_demand[at] - s->fte_filled[at] >= fte_m / 2) cand[nc++] = first + j;
                }
                if (!nc) continue;
                uint64_t key = es_rng_key_at(kb, (uint64_t)sk[k].id);
                int32_t sc = cand[(int32_t)(es_rng_u01(key, ES_TCH_SCHOOL) * nc)];
                int64_t i = sk[k].idx;
                if (p->occ[i] == ES_OCC_EMPLOYEE) p->employer[i] = -1;
                p->occ[i] = ES_OCC_TEACHER;
                p->school[i] = sc;
                p->job[i] = (uint8_t)subj;
                p->fte[i] = (float)T->mean_fte;
                s->fte_filled[(int64_t)sc * ES_N_SUBJECTS + subj] += fte_m;
                ES_TL(tally, r, ES_T_TEACHER_HIRES)++;
                if (!(p->flags[i] & ES_F_TT_GRAD)) ES_TL(tally, r, ES_T_TEACHER_SIDE_ENTRY)++;
            }
            free(cand);
        }
    }
    free(sk);
    free(rfirst);
    if (fail) return ES_ERR_NOMEM;

    return ES_OK;
}

/* Tallies of demand, filled and unfilled FTE, the STEM teaching quality per school,
 * and the teachers counted. */
static es_status count_teaching(es_world *w, int threads, int64_t *tally)
{
    es_pop *p = &w->pop;
    es_schools *s = &w->schools;
    int64_t n = p->n;
    es_par_tally pt;
    /* Tallies and STEM teaching quality per school. */
    for (int32_t k = 0; k < s->n; k++) {
        int r = s->region[k];
        const int32_t *dm = s->fte_demand + (int64_t)k * ES_N_SUBJECTS;
        const int32_t *fl = s->fte_filled + (int64_t)k * ES_N_SUBJECTS;
        for (int j = 0; j < ES_N_SUBJECTS; j++) {
            int32_t unf = dm[j] > fl[j] ? dm[j] - fl[j] : 0;
            int stem = j == ES_SUBJ_VO_STEM || j == ES_SUBJ_MBO_STEM;
            ES_TL(tally, r, ES_T_FTE_DEM_PO + j) += dm[j];
            ES_TL(tally, r, ES_T_FTE_FIL_PO + j) += fl[j];
            ES_TL(tally, r, ES_T_FTE_UNF_PO + j) += unf;
            ES_TL(tally, r, ES_T_FTE_DEM) += dm[j];
            ES_TL(tally, r, ES_T_FTE_FIL) += fl[j];
            ES_TL(tally, r, ES_T_FTE_UNF) += unf;
            if (stem) {
                ES_TL(tally, r, ES_T_FTE_DEM_STEM) += dm[j];
                ES_TL(tally, r, ES_T_FTE_FIL_STEM) += fl[j];
                ES_TL(tally, r, ES_T_FTE_UNF_STEM) += unf;
            }
            if (j == ES_SUBJ_VO_STEM || j == ES_SUBJ_VO_OTHER) {
                ES_TL(tally, r, ES_T_FTE_DEM_VO) += dm[j];
                ES_TL(tally, r, ES_T_FTE_UNF_VO) += unf;
            }
        }
        int js = s->sector[k] == ES_SEC_VO ? ES_SUBJ_VO_STEM : s->sector[k] == ES_SEC_MBO ? ES_SUBJ_MBO_STEM : -1;
        if (js >= 0 && dm[js] > 0) s->stem_quality[k] = (float)fmin(1.0, (double)fl[js] / dm[js]);
        else s->stem_quality[k] = 1.0f;
    }
    if (es_par_tally_init(&pt, threads, (int64_t)w->nregions * ES_N_TALLY) != ES_OK) return ES_ERR_NOMEM;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pt.threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        /* Hybrid teachers stay company employees: counted by their flag, not as teachers. */
        int hybrid = (p->flags[i] & ES_F_HYBRID) != 0;
        if (p->stage[i] != ES_ST_WORK || (p->occ[i] != ES_OCC_TEACHER && !hybrid)) continue;
        int64_t *t = es_par_tally_mine(&pt);
        int r = p->region[i];
        if (hybrid) ES_TL(t, r, ES_T_FTE_HYBRID) += ES_MILLI(p->fte[i]);
        if (p->occ[i] != ES_OCC_TEACHER) continue;
        ES_TL(t, r, ES_T_TEACHERS)++;
        if (p->flags[i] & ES_F_TRAINEE) ES_TL(t, r, ES_T_FTE_TRAINEE) += ES_MILLI(p->fte[i]);
    }
    es_par_tally_reduce(&pt, tally);
    return ES_OK;
}

es_status es_phase_teachers(es_world *w, int year, int threads, int64_t *tally)
{
    const es_params *q = w->par;
    /* The first burn-in years staff the schools from the workforce; the market runs
     * on its own for the last 10 burn-in years and every reported year. */
    int equilibrium = year < q->start_year - 10;
    if (quits(w, year, threads, tally) != ES_OK) return ES_ERR_NOMEM;
    hybrid_teachers(w, year, tally);
    if (trainees(w, year, tally) != ES_OK) return ES_ERR_NOMEM;
    recount(w, threads);
    if (hire(w, year, threads, equilibrium, tally) != ES_OK) return ES_ERR_NOMEM;
    return count_teaching(w, threads, tally);
}
