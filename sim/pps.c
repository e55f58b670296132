/* pps.c - the partnership (public-private collaboration) lifecycle.
 *
 * Partnerships form with schools as leads (faster with network support), build trust,
 * attract companies whose expected benefit exceeds their contribution, commit private
 * co-financing (cash and in kind), run activities that give their schools company
 * contact (and, for vo-ho networks, chain collaboration), and after public funding ends
 * either sustain themselves (mature and enough private share) or dissolve. Partnerships
 * that depend on one or two companies are fragile. All decisions are keyed on
 * (seed, year, purpose, partnership or company index) and taken serially in index
 * order, so the result does not depend on threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/indicators.h"
#include "edusim/rng.h"
#include "edusim/sim.h"
#include "edusim/stats.h"

#define TL(t, r, id) (t)[(int64_t)(r) * ES_N_TALLY + (id)]

static int active(const es_pps *p, int32_t j) { return p->phase[j] != ES_PP_DISSOLVED; }

static int lead_sector(int kind)
{
    switch (kind) {
    case ES_PK_CENTRE_HBO: return ES_SEC_HBO;
    case ES_PK_CENTRE_MBO: case ES_PK_FIELD_LAB: return ES_SEC_MBO;
    default: return ES_SEC_VO;
    }
}

static es_status form(es_world *w, int year, double boost, int64_t *tally)
{
    const es_params *q = w->par;
    const es_pps_params *P = &q->pps;
    es_schools *s = &w->schools;
    for (int r = 0; r < w->nregions; r++) {
        int nsch = s->count[r][ES_SEC_VO] + s->count[r][ES_SEC_MBO] + s->count[r][ES_SEC_HBO];
        double expect = P->formation_rate / 100.0 * nsch * boost;
        uint64_t key = es_rng_key(q->seed, year, ES_RNG_PARTNERSHIP, (uint64_t)(1u << 20) + (uint64_t)r);
        double f = floor(expect);
        int64_t nnew = (int64_t)f + (es_rng_u01(key, 0) < expect - f);
        for (int64_t k = 0; k < nnew; k++) {
            int32_t j = es_pps_add(&w->pps);
            if (j < 0) return ES_ERR_NOMEM;
            es_pps *p = &w->pps;
            uint64_t kk = es_rng_key(q->seed, year, ES_RNG_PARTNERSHIP, (uint64_t)j);
            double u = es_rng_u01(kk, 0), c = 0;
            int kind = 0;
            while (kind < ES_N_PPS_KINDS - 1 && u >= (c += P->kind_share[kind])) kind++;
            int sec = lead_sector(kind);
            p->region[j] = (int16_t)r;
            p->kind[j] = (uint8_t)kind;
            p->phase[j] = ES_PP_INITIATION;
            p->llo_type[j] = (uint8_t)(es_rng_u01(kk, 1) * ES_N_LLO_TYPES);
            p->blocks[j] = ES_BB_EDUCATION | ES_BB_NETWORK;
            if (kind <= ES_PK_FIELD_LAB) {
                p->blocks[j] |= ES_BB_INNOVATION | ES_BB_INFRASTRUCTURE;
                if (es_rng_u01(kk, 2) < 0.5) p->blocks[j] |= ES_BB_RESEARCH;
                if (es_rng_u01(kk, 3) < 0.5) p->blocks[j] |= ES_BB_LLO;
            }
            p->school[j] = s->first[r][sec] + (int32_t)(es_rng_u01(kk, 4) * s->count[r][sec]);
            p->founded[j] = (int16_t)year;
            p->funded_until[j] = P->public_per_year > 0 ? (int16_t)(year + P->funding_years - 1) : -1;
            p->trust[j] = 0.1;
            TL(tally, r, ES_T_PPS_FORMED)++;
        }
    }
    return ES_OK;
}

/* Companies outside a partnership consider the region's active partnerships. */
static es_status join(es_world *w, int year)
{
    const es_params *q = w->par;
    const es_pps_params *P = &q->pps;
    es_companies *c = &w->comp;
    es_pps *p = &w->pps;
    int32_t *act = malloc((size_t)(p->n ? p->n : 1) * sizeof *act);
    if (!act) return ES_ERR_NOMEM;
    for (int r = 0; r < w->nregions; r++) {
        int32_t na = 0;
        for (int32_t j = 0; j < p->n; j++)
            if (p->region[j] == r && active(p, j)) act[na++] = j;
        if (!na) continue;
        for (int32_t k = c->first[r]; k < c->first[r] + c->count[r]; k++) {
            uint64_t key = es_rng_key(q->seed, year, ES_RNG_COMPANY, (uint64_t)c->id[k]);
            if (c->pps[k] >= 0) {
                if (es_rng_u01(key, 7) < P->leave_rate) {
                    p->companies[c->pps[k]]--;
                    c->pps[k] = -1;
                }
                continue;
            }
            int32_t j = act[(int32_t)(es_rng_u01(key, 5) * na)];
            if (p->companies[j] >= P->capacity) continue;
            double x = P->join_base + P->join_trust * p->trust[j] +
                       (c->sector[k] == ES_CS_TECH ? P->join_tech : 0.0) +
                       (c->size[k] == ES_SZ_LARGE ? P->join_large : 0.0);
            if (es_rng_u01(key, 6) < es_logistic(x)) {
                c->pps[k] = j;
                p->companies[j]++;
            }
        }
    }
    free(act);
    return ES_OK;
}

es_status es_phase_partnerships(es_world *w, int year, int threads, int64_t *tally)
{
    (void)threads;
    const es_params *q = w->par;
    const es_pps_params *P = &q->pps;
    es_pps *p = &w->pps;
    es_companies *c = &w->comp;
    es_schools *s = &w->schools;
    es_status st = form(w, year, 1.0, tally);
    if (st != ES_OK) return st;
    for (int32_t j = 0; j < p->n; j++) p->companies[j] = 0;
    for (int32_t k = 0; k < c->n; k++)
        if (c->pps[k] >= 0) p->companies[c->pps[k]]++;
    if ((st = join(w, year)) != ES_OK) return st;
    memset(s->contact, 0, (size_t)s->n * sizeof *s->contact);
    memset(s->chain, 0, (size_t)s->n * sizeof *s->chain);

    for (int32_t j = 0; j < p->n; j++) {
        if (!active(p, j)) continue;
        int r = p->region[j], age = year - p->founded[j];
        uint64_t key = es_rng_key(q->seed, year, ES_RNG_PARTNERSHIP, (uint64_t)j);
        p->trust[j] += P->trust_growth * (1.0 - p->trust[j]);
        int nc = p->companies[j];
        p->private_eur[j] = nc * P->money_per_company;
        p->inkind_eur[j] = nc * P->inkind_per_company;
        int funded = p->funded_until[j] >= year;
        p->public_eur[j] = funded ? P->public_per_year : 0.0;
        double priv = p->private_eur[j] + p->inkind_eur[j];
        double share = priv + p->public_eur[j] > 0 ? priv / (priv + p->public_eur[j]) : 0.0;
        switch (p->phase[j]) {
        case ES_PP_INITIATION: if (age >= 1) p->phase[j] = ES_PP_PILOT; break;
        case ES_PP_PILOT: if (nc >= 3 && p->trust[j] >= 0.3) p->phase[j] = ES_PP_EARLY; break;
        case ES_PP_EARLY: if (nc >= 10 && p->trust[j] >= 0.6) p->phase[j] = ES_PP_SCALING; break;
        default: break;
        }
        int ended = p->funded_until[j] >= 0 && year > p->funded_until[j];
        int sustainable = p->phase[j] >= ES_PP_SCALING && share >= P->sustain_share;
        if (ended && sustainable) p->phase[j] = ES_PP_SUSTAINED;
        double hazard = (ended && !sustainable) ? P->dissolve_rate : 0.0;
        if (nc <= 2 && age >= 3) hazard += P->fragile_rate;
        if (es_rng_u01(key, 9) < hazard) {
            p->phase[j] = ES_PP_DISSOLVED;
            TL(tally, r, ES_T_PPS_DISSOLVED)++;
            continue;
        }
        /* Activities: company contact for the lead school's pupils, chain collaboration. */
        int32_t sc = p->school[j];
        s->contact[sc] = (float)fmin(1.0, s->contact[sc] + P->contact_per_company * nc);
        if (p->kind[j] == ES_PK_VOHO_NETWORK) s->chain[sc] = 1;
        TL(tally, r, ES_T_PPS_ACTIVE)++;
        TL(tally, r, ES_T_PPS_K0 + p->kind[j])++;
        TL(tally, r, ES_T_PPS_P0 + (p->phase[j] < 5 ? p->phase[j] : 4))++;
        TL(tally, r, ES_T_PPS_COMPANIES) += nc;
        TL(tally, r, ES_T_PPS_PRIVATE_EUR) += llround(p->private_eur[j]);
        TL(tally, r, ES_T_PPS_INKIND_EUR) += llround(p->inkind_eur[j]);
        TL(tally, r, ES_T_PPS_PUBLIC_EUR) += llround(p->public_eur[j]);
        if (p->kind[j] <= ES_PK_CENTRE_MBO) {
            TL(tally, r, ES_T_PPS_CENTRES)++;
            TL(tally, r, ES_T_PPS_CENTRE_COMPANIES) += nc;
            TL(tally, r, ES_T_PPS_CENTRE_EUR) += llround(priv);
        }
    }
    /* Members of dissolved partnerships are free again. */
    for (int32_t k = 0; k < c->n; k++)
        if (c->pps[k] >= 0 && !active(p, c->pps[k])) c->pps[k] = -1;
    return ES_OK;
}
