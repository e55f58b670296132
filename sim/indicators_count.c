/* indicators_count.c - the yearly count: stocks and enrolment of a school year
 * before its transitions, per-school pupil counts, and the cohort accounting. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/indicators.h"
#include "edusim/par.h"

/* One person's part of the yearly count: stocks, enrolment, entrants, and the
 * year-3 sector and year-4 profile counts of the monitors. */
static inline void count_person(int64_t *t, const es_pop *p, int64_t i, int year)
{
    int r = p->region[i], st = p->stage[i], y = p->year[i], tr = p->track[i], sx = p->sex[i] != 0;
    int isnew = (p->flags[i] & ES_F_NEW) != 0, f = p->field[i];
    ES_TL(t, r, ES_T_POP)++;
    ES_TL(t, r, ES_T_STOCK + st)++;
    switch (st) {
    case ES_ST_PO:
        ES_TL(t, r, ES_T_PUP_PO)++;
        ES_TL(t, r, ES_T_PUP_POVO)++;
        if (isnew) ES_TL(t, r, ES_T_ENT_PO)++;
        break;
    case ES_ST_VO:
        ES_TL(t, r, ES_T_PUP_BB + tr)++;
        ES_TL(t, r, ES_T_PUP_VO)++;
        ES_TL(t, r, ES_T_PUP_POVO)++;
        if (isnew) ES_TL(t, r, ES_T_ENT_VO)++;
        if (tr == ES_VO_GL && y == 3 && (p->flags[i] & ES_F_TL)) {
            /* The monitor's vmbo year-3 figures (nl_targets.csv e1-e4) leave tl out. */
            ES_TL(t, r, ES_T_Y3_TL)++;
            if (f) ES_TL(t, r, ES_T_Y3_TL_T)++;
        } else if (tr <= ES_VO_GL && y == 3) {
            ES_TL(t, r, ES_T_Y3_BB + 2 * tr)++;
            ES_TL(t, r, ES_T_Y3_VMBO)++;
            ES_TL(t, r, ES_T_Y3_VMBO_SX0 + sx)++;
            if (f) {
                ES_TL(t, r, ES_T_Y3_BB_T + 2 * tr)++;
                ES_TL(t, r, ES_T_Y3_VMBO_T)++;
                ES_TL(t, r, ES_T_Y3_VMBO_T_SX0 + sx)++;
            }
        } else if (tr >= ES_VO_HAVO && y == 4) {
            int k = tr == ES_VO_HAVO ? 0 : 2;
            int ks = tr == ES_VO_HAVO ? ES_T_Y4_HAVO_SX0 : ES_T_Y4_VWO_SX0;
            ES_TL(t, r, ES_T_Y4_HAVO + k)++;
            ES_TL(t, r, ks + sx)++;
            if (p->flags[i] & ES_F_NPROFILE) {
                ES_TL(t, r, ES_T_Y4_HAVO_N + k)++;
                ES_TL(t, r, ks + 2 + sx)++;
            }
        }
        break;
    case ES_ST_MBO:
        ES_TL(t, r, ES_T_STU_MBO1 + tr - 1)++;
        ES_TL(t, r, ES_T_STU_MBO)++;
        if (year - p->birth_year[i] < 23) ES_TL(t, r, ES_T_STU_MBO_U23)++;
        if (p->flags[i] & ES_F_BBL) ES_TL(t, r, ES_T_STU_MBO_BBL)++;
        if (isnew) ES_TL(t, r, ES_T_ENT_MBO)++;
        break;
    case ES_ST_HBO: {
        int tt = (p->flags[i] & ES_F_TT) != 0;
        ES_TL(t, r, ES_T_STU_HBO)++;
        if (tt) ES_TL(t, r, ES_T_STU_HBO_TT)++;
        if (isnew) {
            ES_TL(t, r, ES_T_ENT_HBO)++;
            ES_TL(t, r, ES_T_ENT_HE_SX0 + sx)++;
            if (f) ES_TL(t, r, ES_T_ENT_HBO_STEM)++;
            if (f) ES_TL(t, r, ES_T_ENT_HE_STEM_SX0 + sx)++;
            if (tt && (p->flags[i] & ES_F_PABO)) ES_TL(t, r, ES_T_ENT_TT_PABO)++;
            else if (tt) {
                ES_TL(t, r, ES_T_ENT_TT_VO)++;
                if (f) ES_TL(t, r, ES_T_ENT_TT_VO_STEM)++;
            }
        }
        break;
    }
    case ES_ST_WO:
        ES_TL(t, r, ES_T_STU_WO)++;
        if (isnew) {
            ES_TL(t, r, ES_T_ENT_WO)++;
            ES_TL(t, r, ES_T_ENT_HE_SX0 + sx)++;
            if (f) ES_TL(t, r, ES_T_ENT_WO_STEM)++;
            if (f) ES_TL(t, r, ES_T_ENT_HE_STEM_SX0 + sx)++;
        }
        break;
    case ES_ST_TT_WO:
        ES_TL(t, r, ES_T_STU_TT_WO)++;
        if (isnew) {
            ES_TL(t, r, ES_T_ENT_TT_WO)++;
            if (f) ES_TL(t, r, ES_T_ENT_TT_WO_STEM)++;
        }
        break;
    case ES_ST_WORK: ES_TL(t, r, ES_T_WORKFORCE)++; break;
    case ES_ST_RETIRED: ES_TL(t, r, ES_T_RETIRED)++; break;
    default: break;
    }
}

es_status es_phase_count(es_world *w, int year, int threads, int64_t *tally)
{
    es_pop *p = &w->pop;
    int64_t n = p->n;
    es_par_tally pt;
    es_schools *s = &w->schools;
    if (es_par_tally_init(&pt, threads, (int64_t)w->nregions * ES_N_TALLY) != ES_OK) return ES_ERR_NOMEM;
    /* Pupils per school and their STEM share (teacher demand and peer exposure),
     * counted per thread in the same pass: [threads][2][schools], summed after. */
    int32_t *sp = calloc((size_t)pt.threads * 2 * (size_t)s->n, sizeof *sp);
    if (!sp) {
        free(pt.t);
        return ES_ERR_NOMEM;
    }
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pt.threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        int64_t *t = es_par_tally_mine(&pt);
        int st = p->stage[i];
        if ((st == ES_ST_PO || st == ES_ST_VO || st == ES_ST_MBO) && p->school[i] >= 0) {
            int32_t *mine = sp + (int64_t)es_par_thread() * 2 * s->n;
            mine[p->school[i]]++;
            if (p->field[i] || (p->flags[i] & ES_F_NPROFILE)) mine[s->n + p->school[i]]++;
        }
        count_person(t, p, i, year);
    }
    int nth = pt.threads;
    es_par_tally_reduce(&pt, tally);
    for (int32_t k = 0; k < s->n; k++) {
        int32_t a = 0, b = 0;
        for (int th = 0; th < nth; th++) {
            a += sp[(int64_t)th * 2 * s->n + k];
            b += sp[(int64_t)th * 2 * s->n + s->n + k];
        }
        s->pupils[k] = a;
        s->stem_pupils[k] = b;
    }
    free(sp);
    for (int r = 0; r < w->nregions; r++) {
        ES_TL(tally, r, ES_T_SCHOOLS_PO) += w->schools.count[r][ES_SEC_PO];
        ES_TL(tally, r, ES_T_SCHOOLS_VO) += w->schools.count[r][ES_SEC_VO];
        for (int32_t k = 0; k < w->schools.count[r][ES_SEC_VO]; k++)
            ES_TL(tally, r, ES_T_CAPACITY_VO) += w->schools.capacity[w->schools.first[r][ES_SEC_VO] + k];
    }
    return ES_OK;
}

