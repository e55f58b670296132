/* partnerships.c - the partnership (public-private collaboration) lifecycle.
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

#include "edusim/partnerships.h"

#include "edusim/indicators.h"
#include "edusim/policy.h"
#include "edusim/rng.h"
#include "edusim/stats.h"

/* Draw slots (never renumber). ES_RNG_PARTNERSHIP keys: a new partnership (its index),
 * each region's formations (2^20 + r, es_rng_round), each co-financing round (2^21 +
 * policy: es_rng_round, then the region of centre m at slot 1 + m), each existing
 * partnership (its index), and the chain schools (year 0, 3 x 2^20 + school). */
enum {
    ES_PPS_KIND = 0, ES_PPS_LLO_TYPE = 1, ES_PPS_RESEARCH = 2, ES_PPS_LLO_BLOCK = 3, ES_PPS_LEAD_SCHOOL = 4,
    ES_PPS_CENTRE_REGION = 1,
    ES_PPS_DISSOLVE = 9,
    ES_PPS_CHAIN = 0
};
/* ES_RNG_COMPANY, per company: leaving its partnership, which partnership it looks
 * at, and joining it. */
enum { ES_PPS_WHICH = 5, ES_PPS_JOIN = 6, ES_PPS_LEAVE = 7 };


static int active(const es_pps *p, int32_t j) { return p->phase[j] != ES_PP_DISSOLVED; }

/* Member companies a partnership can take: centres and field labs run programmes,
 * research and infrastructure for many companies (about 35 per centre), a school's
 * network with companies is a handful of guest-lesson and excursion hosts. */
int es_pps_capacity(const es_pps_params *P, int kind)
{
    return es_pps_vocational(kind) ? P->centre_capacity : P->capacity;
}

/* Private share of the budget that decides whether a partnership sustains itself
 * after public funding: its private money against the public money it ran on while
 * funded, which it now has to replace (the policy's, else partnerships.public_per_year). */
double es_pps_private_share(const es_params *q, const es_pps *p, int32_t j, double priv)
{
    int k = p->policy[j];
    double pub = k >= 0 ? q->pol.p[k].public_cost : q->pps.public_per_year;
    return priv + pub > 0 ? priv / (priv + pub) : 0.0;
}

static int lead_sector(int kind)
{
    switch (kind) {
    case ES_PK_CENTRE_HBO: return ES_SEC_HBO;
    case ES_PK_CENTRE_MBO: case ES_PK_FIELD_LAB: return ES_SEC_MBO;
    default: return ES_SEC_VO;
    }
}

#define EFF(t, r, f) es_pol_sum(&q->pol, w->pol_eff, w->nregions, (t), (r), ES_POL_FIELD(f))

static int32_t new_pps(es_world *w, int year, int r, int kind, uint64_t kk, int64_t *tally)
{
    const es_params *q = w->par;
    es_schools *s = &w->schools;
    int32_t j = es_pps_add(&w->pps);
    if (j < 0) return -1;
    es_pps *p = &w->pps;
    int sec = lead_sector(kind);
    p->region[j] = (int16_t)r;
    p->kind[j] = (uint8_t)kind;
    p->phase[j] = ES_PP_INITIATION;
    p->llo_type[j] = (uint8_t)(es_rng_u01(kk, ES_PPS_LLO_TYPE) * ES_N_LLO_TYPES);
    p->blocks[j] = ES_BB_EDUCATION | ES_BB_NETWORK;
    if (es_pps_vocational(kind)) {
        p->blocks[j] |= ES_BB_INNOVATION | ES_BB_INFRASTRUCTURE;
        if (es_rng_u01(kk, ES_PPS_RESEARCH) < 0.5) p->blocks[j] |= ES_BB_RESEARCH;
        if (es_rng_u01(kk, ES_PPS_LLO_BLOCK) < 0.5) p->blocks[j] |= ES_BB_LLO;
    }
    p->school[j] = s->first[r][sec] + (int32_t)(es_rng_u01(kk, ES_PPS_LEAD_SCHOOL) * s->count[r][sec]);
    p->founded[j] = (int16_t)year;
    p->funded_until[j] = q->pps.public_per_year > 0 ? (int16_t)(year + q->pps.funding_years - 1) : -1;
    p->trust[j] = 0.1;
    ES_TL(tally, r, ES_T_PPS_FORMED)++;
    return j;
}

/* Centres co-financing policy k is expected to award in region r this year: its rate per
 * million residents simulated, times its effective intensity there. */
static double expected_centres(const es_world *w, int k, int r, const int64_t *tally)
{
    return w->par->pol.p[k].u.cofinancing.centres_per_million * w->pol_eff[k * w->nregions + r] * (double)ES_TL(tally, r, ES_T_POP) / 1e6;
}

static es_status form(es_world *w, int year, int64_t *tally)
{
    const es_params *q = w->par;
    const es_pps_params *P = &q->pps;
    es_schools *s = &w->schools;
    for (int r = 0; r < w->nregions; r++) {
        int nsch = s->count[r][ES_SEC_VO] + s->count[r][ES_SEC_MBO] + s->count[r][ES_SEC_HBO];
        /* Network support: partnerships form faster. */
        double boost = 1.0 + EFF(ES_POL_NETWORK, r, network.formation_boost);
        double expect = P->formation_rate / 100.0 * nsch * boost;
        uint64_t key = es_rng_key(q->seed, year, ES_RNG_PARTNERSHIP, (uint64_t)(1u << 20) + (uint64_t)r);
        int64_t nnew = es_rng_round(expect, key);
        for (int64_t k = 0; k < nnew; k++) {
            uint64_t kk = es_rng_key(q->seed, year, ES_RNG_PARTNERSHIP, (uint64_t)w->pps.n);
            double u = es_rng_u01(kk, ES_PPS_KIND), c = 0;
            int kind = 0;
            while (kind < ES_N_PPS_KINDS - 1 && u >= (c += P->kind_share[kind])) kind++;
            if (new_pps(w, year, r, kind, kk, tally) < 0) return ES_ERR_NOMEM;
        }
    }
    /* Co-financing: funded centres (hbo and mbo in turn), public money for
     * funding_years. A programme awards its centres in national rounds: the year's
     * number is drawn once for the country (centres_per_million of the residents
     * simulated in its regions), and each award goes to a region drawn in proportion to
     * its expected share, so the national count does not carry the noise of rounding
     * a small expectation in every region. */
    for (int k = 0; k < q->pol.n; k++) {
        const es_policy *pol = &q->pol.p[k];
        if (pol->type != ES_POL_COFINANCING) continue;
        double cum[ES_MAX_REGIONS], total = 0;
        for (int r = 0; r < w->nregions; r++) cum[r] = total += expected_centres(w, k, r, tally);
        if (total <= 0) continue;
        uint64_t ckey = es_rng_key(q->seed, year, ES_RNG_PARTNERSHIP, (uint64_t)(2u << 20) + (uint64_t)k);
        int64_t nc = es_rng_round(total, ckey);
        for (int64_t m = 0; m < nc; m++) {
            double u = es_rng_u01(ckey, ES_PPS_CENTRE_REGION + (uint64_t)m) * total;
            int r = 0;
            while (r < w->nregions - 1 && u >= cum[r]) r++;
            /* Rounding can leave u just past the last region with a share: take the last such. */
            while (r > 0 && w->pol_eff[k * w->nregions + r] <= 0) r--;
            uint64_t kk = es_rng_key(q->seed, year, ES_RNG_PARTNERSHIP, (uint64_t)w->pps.n);
            int32_t j = new_pps(w, year, r, (w->pps.n % 2) ? ES_PK_CENTRE_MBO : ES_PK_CENTRE_HBO, kk, tally);
            if (j < 0) return ES_ERR_NOMEM;
            w->pps.funded_until[j] = (int16_t)(year + (int)pol->u.cofinancing.funding_years - 1);
            w->pps.policy[j] = (int16_t)k;
            w->pps.trust[j] = 0.2;
            w->pps.blocks[j] |= ES_BB_LLO;
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
                if (es_rng_u01(key, ES_PPS_LEAVE) < P->leave_rate) {
                    p->companies[c->pps[k]]--;
                    c->pps[k] = -1;
                }
                continue;
            }
            int32_t j = act[(int32_t)(es_rng_u01(key, ES_PPS_WHICH) * na)];
            if (p->companies[j] >= es_pps_capacity(P, p->kind[j])) continue;
            /* Regional pacts raise company participation; benchmarked mature
             * partnerships and co-financed centres (while funded, more in their early
             * phases) attract companies. */
            double bonus = EFF(ES_POL_PACT, r, pact.join_boost) +
                           EFF(ES_POL_BENCHMARKING, r, benchmarking.effect) * q->pol.phase_gain[ES_POL_BENCHMARKING][p->phase[j] < 5 ? p->phase[j] : 4];
            int pk = p->policy[j];
            if (pk >= 0 && year <= p->funded_until[j])
                bonus += q->pol.p[pk].u.cofinancing.join_boost * w->pol_eff[pk * w->nregions + r] *
                         q->pol.phase_gain[ES_POL_COFINANCING][p->phase[j] < 5 ? p->phase[j] : 4];
            double x = bonus + P->join_base + P->join_trust * p->trust[j] +
                       (c->sector[k] == ES_CS_TECH ? P->join_tech : 0.0) +
                       (c->size[k] == ES_SZ_LARGE ? P->join_large : 0.0);
            if (es_rng_u01(key, ES_PPS_JOIN) < es_logistic(x)) {
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
    es_status st = form(w, year, tally);
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
        int ph = p->phase[j] < 5 ? p->phase[j] : 4;
        /* Benchmarking raises the effectiveness of mature partnerships only. */
        double bench = EFF(ES_POL_BENCHMARKING, r, benchmarking.effect) * q->pol.phase_gain[ES_POL_BENCHMARKING][ph];
        p->trust[j] += P->trust_growth * (1.0 + bench) * (1.0 - p->trust[j]);
        if (p->trust[j] > 1.0) p->trust[j] = 1.0;
        int nc = p->companies[j];
        p->private_eur[j] = nc * P->money_per_company;
        p->inkind_eur[j] = nc * P->inkind_per_company;
        int funded = p->funded_until[j] >= year;
        int k = p->policy[j];
        p->public_eur[j] = funded ? P->public_per_year : 0.0;
        if (funded && k >= 0) {
            const es_policy *pol = &q->pol.p[k];
            double pub = pol->public_cost;
            /* Rewarded on results: public money follows the private money committed
             * (match_ratio), from the third year; on activities it is paid in full. */
            if (pol->u.cofinancing.reward_results && year >= p->founded[j] + 2 && pol->u.cofinancing.match_ratio > 0)
                pub = fmin(pub, (p->private_eur[j] + p->inkind_eur[j]) / pol->u.cofinancing.match_ratio);
            p->public_eur[j] = pub;
            long long pub_eur = llround(pub), priv_eur = llround(p->private_eur[j] + p->inkind_eur[j]);
            ES_TL(tally, r, ES_T_POL_PUB0 + ES_POL_COFINANCING) += pub_eur;
            ES_TL(tally, r, ES_T_POL_PRIV0 + ES_POL_COFINANCING) += priv_eur;
            ES_TL(tally, r, ES_T_POLK_PUB + k) += pub_eur;
            ES_TL(tally, r, ES_T_POLK_PRIV + k) += priv_eur;
        }
        if (bench > 0) {
            ES_TL(tally, r, ES_T_POL_PUB0 + ES_POL_BENCHMARKING) +=
                llround(es_pol_cost(&q->pol, w->pol_eff, w->nregions, ES_POL_BENCHMARKING, r));
            es_pol_cost_split(&q->pol, w->pol_eff, w->nregions, ES_POL_BENCHMARKING, r, 1.0, 1.0,
                              &ES_TL(tally, r, ES_T_POLK_PUB));
        }
        double priv = p->private_eur[j] + p->inkind_eur[j];
        double share = es_pps_private_share(q, p, j, priv);
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
        /* Network support helps partnerships survive (most in their early phases). */
        hazard *= 1.0 - fmin(1.0, EFF(ES_POL_NETWORK, r, network.survival) * q->pol.phase_gain[ES_POL_NETWORK][ph]);
        if (es_rng_u01(key, ES_PPS_DISSOLVE) < hazard) {
            p->phase[j] = ES_PP_DISSOLVED;
            ES_TL(tally, r, ES_T_PPS_DISSOLVED)++;
            continue;
        }
        /* Activities: company contact for the lead school's pupils, chain collaboration. */
        int32_t sc = p->school[j];
        double cont = P->contact_per_company * nc * (1.0 + bench);
        s->contact[sc] = (float)fmin(1.0, s->contact[sc] + cont);
        if (p->kind[j] == ES_PK_VOHO_NETWORK) s->chain[sc] = 1;
        ES_TL(tally, r, ES_T_PPS_ACTIVE)++;
        ES_TL(tally, r, ES_T_PPS_K0 + p->kind[j])++;
        ES_TL(tally, r, ES_T_PPS_P0 + (p->phase[j] < 5 ? p->phase[j] : 4))++;
        ES_TL(tally, r, ES_T_PPS_COMPANIES) += nc;
        ES_TL(tally, r, ES_T_PPS_PRIVATE_EUR) += llround(p->private_eur[j]);
        ES_TL(tally, r, ES_T_PPS_INKIND_EUR) += llround(p->inkind_eur[j]);
        ES_TL(tally, r, ES_T_PPS_PUBLIC_EUR) += llround(p->public_eur[j]);
        /* The published counts are of the vocational partnerships: their companies, and
         * (the Katapult network) those running, past the initiation year of an award. */
        if (es_pps_vocational(p->kind[j])) {
            ES_TL(tally, r, ES_T_PPS_VOC_COMPANIES) += nc;
            if (p->phase[j] != ES_PP_INITIATION) ES_TL(tally, r, ES_T_PPS_KATAPULT)++;
        }
        if (p->kind[j] <= ES_PK_CENTRE_MBO) {
            ES_TL(tally, r, ES_T_PPS_CENTRES)++;
            ES_TL(tally, r, ES_T_PPS_CENTRE_COMPANIES) += nc;
            ES_TL(tally, r, ES_T_PPS_CENTRE_EUR) += llround(priv);
        }
    }
    /* Hybrid teachers bring company contact; chain collaboration reaches a share of
     * the secondary schools; budget programmes cost money while they run. */
    for (int32_t k = 0; k < s->n; k++) {
        if (s->hybrids[k] > 0) s->contact[k] = (float)fmin(1.0, s->contact[k] + 0.1 * s->hybrids[k]);
        if (s->sector[k] != ES_SEC_VO) continue;
        int r = s->region[k];
        double share = EFF(ES_POL_CHAIN, r, chain.school_share);
        uint64_t key = es_rng_key(q->seed, 0, ES_RNG_PARTNERSHIP, (uint64_t)(3u << 20) + (uint64_t)k);
        if (share > 0 && es_rng_u01(key, ES_PPS_CHAIN) < share) s->chain[k] = 1;
        if (s->chain[k]) ES_TL(tally, r, ES_T_CHAIN_SCHOOLS)++;
    }
    for (int r = 0; r < w->nregions; r++) {
        static const int budget_types[] = {ES_POL_KNOWLEDGE, ES_POL_PACT, ES_POL_CHAIN, ES_POL_NETWORK};
        for (size_t b = 0; b < sizeof budget_types / sizeof budget_types[0]; b++) {
            ES_TL(tally, r, ES_T_POL_PUB0 + budget_types[b]) +=
                llround(es_pol_cost(&q->pol, w->pol_eff, w->nregions, budget_types[b], r) *
                        (double)ES_TL(tally, r, ES_T_POP) / 1e6);
            es_pol_cost_split(&q->pol, w->pol_eff, w->nregions, budget_types[b], r, (double)ES_TL(tally, r, ES_T_POP),
                              1e6, &ES_TL(tally, r, ES_T_POLK_PUB));
        }
    }
    /* Members of dissolved partnerships are free again. */
    for (int32_t k = 0; k < c->n; k++)
        if (c->pps[k] >= 0 && !active(p, c->pps[k])) c->pps[k] = -1;
    return ES_OK;
}
