/* policy.c - reading policies from a scenario, and their effective intensities.
 *
 * Type-specific parameters are stored in the generic fields a..d; the table below
 * names them, with defaults, ranges and units, and is the one place they are read. */
#include "edusim/policy.h"

#include <stdio.h>
#include <string.h>

#include "edusim/economy.h"
#include "edusim/params.h"

const char *const es_pol_type_names[ES_N_POL_TYPES] = {
    "cofinancing", "benchmarking", "hybrid_teachers", "eerst_de_klas", "knowledge_programme",
    "regional_pact", "chain_collaboration", "network_support", "lifelong_learning"};

typedef struct pol_key {
    const char *key;
    int field; /* 0-3: a-d, 4: public_cost, 5: private_cost */
    double def, lo, hi;
    const char *unit;
} pol_key;

#define PK_END {NULL, 0, 0, 0, 0, NULL}
static const pol_key es_pol_keys[ES_N_POL_TYPES][7] = {
    /* cofinancing */
    {{"centres_per_million", 0, 0.5, 0, 100, "new funded centres per million residents per year"},
     {"join_boost", 1, 1.0, 0, 10, "logit for companies joining a funded centre"},
     {"match_ratio", 2, 1.0, 0, 10, "private EUR committed per public EUR"},
     {"funding_years", 3, 4, 1, 20, "years of public funding per centre"},
     {"public_per_centre", 4, 500000, 0, 1e8, "EUR per centre per year"}, PK_END},
    /* benchmarking */
    {{"effect", 0, 0.5, 0, 10, "relative gain in trust growth and effectiveness of mature partnerships"},
     {"cost_per_partnership", 4, 20000, 0, 1e7, "EUR per partnership per year"}, PK_END},
    /* hybrid_teachers */
    {{"share", 0, 0.01, 0, 0.5, "share of STEM employees (hbo/wo) of technology companies teaching"},
     {"fte", 1, 0.2, 0.05, 1, "teaching FTE per hybrid teacher"},
     {"public_per_fte", 4, 20000, 0, 1e7, "EUR subsidy per hybrid teaching FTE per year"},
     {"private_per_fte", 5, 30000, 0, 1e7, "EUR company cost per hybrid teaching FTE per year"}, PK_END},
    /* eerst_de_klas */
    {{"trainees_per_million", 0, 3, 0, 1000, "trainees per million residents per year"},
     {"retention", 1, 0.5, 0, 1, "quit hazard of trainees relative to other teachers"},
     {"public_per_trainee", 4, 30000, 0, 1e7, "EUR per trainee per year"},
     {"private_per_trainee", 5, 20000, 0, 1e7, "EUR per trainee per year (partner companies)"}, PK_END},
    /* knowledge_programme */
    {{"multiplier", 0, 0.3, 0, 10, "relative gain of concurrent policies in the same regions"},
     {"budget_per_million", 4, 50000, 0, 1e8, "EUR per million residents per year"}, PK_END},
    /* regional_pact */
    {{"join_boost", 0, 0.8, 0, 10, "logit for companies joining partnerships"},
     {"alignment", 1, 0.2, 0, 5, "logit bonus of a STEM field in mbo and hbo, teacher training excepted (capacity aligned to demand)"},
     {"budget_per_million", 4, 100000, 0, 1e8, "EUR per million residents per year"}, PK_END},
    /* chain_collaboration */
    {{"leak_reduction", 0, 0.5, 0, 1, "share of the extra first-year STEM drop-out removed"},
     {"school_share", 1, 0.5, 0, 1, "share of secondary schools in the chain (interest.chain)"},
     {"field_bonus", 2, 0.2, 0, 5, "logit bonus of a STEM field after an N-profile or technology sector"},
     {"budget_per_million", 4, 100000, 0, 1e8, "EUR per million residents per year"}, PK_END},
    /* network_support */
    {{"formation_boost", 0, 1.0, 0, 20, "relative increase of partnership formation"},
     {"survival", 1, 0.5, 0, 1, "relative reduction of partnership dissolution"},
     {"contact_boost", 2, 0.2, 0, 1, "company contact per pupil at member schools"},
     {"adoption", 3, 0.05, 0, 1, "recruitment of secondary schools (innovation term of the diffusion)"},
     {"budget_per_million", 4, 100000, 0, 1e8, "EUR per million residents per year"}, PK_END},
    /* lifelong_learning */
    {{"participation_boost", 0, 0.5, 0, 10, "relative training participation of partnership companies' employees"},
     {"public_per_participant", 4, 1000, 0, 1e6, "EUR per training participant"}, PK_END},
};

static double *field_ptr(es_policy *p, int f)
{
    switch (f) {
    case 0: return &p->a;
    case 1: return &p->b;
    case 2: return &p->c;
    case 3: return &p->d;
    case 4: return &p->public_cost;
    default: return &p->private_cost;
    }
}

/* Effect of a policy on a partnership by the partnership's phase (initiation, pilot,
 * early adopters, scaling, sustained): pilots and co-financing act early,
 * benchmarking only on mature partnerships (PBT publication, lesson II). */
static const double es_default_gain[ES_N_POL_TYPES][5] = {
    {1, 1, 1, 0.6, 0.3}, {0, 0.1, 0.2, 1, 1}, {1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {1, 1, 0.7, 0.3, 0.3},
    {1, 1, 1, 1, 1},     {1, 1, 1, 1, 1},     {1, 1, 0.8, 0.5, 0.3}, {0.3, 0.5, 1, 1, 1}};

static int is_top_down(int t) { return t == ES_POL_COFINANCING || t == ES_POL_BENCHMARKING; }
static int is_bottom_up(int t) { return t == ES_POL_NETWORK || t == ES_POL_PACT || t == ES_POL_CHAIN; }

es_status es_policies_read(es_cfg *c, es_params *par)
{
    es_policies *pp = &par->pol;
    es_status st = ES_OK;
    memcpy(pp->phase_gain, es_default_gain, sizeof pp->phase_gain);
    if (es_cfg_get_double(c, "policy_synergy", 0.0, -1, 10, "relative extra effect", &pp->synergy) != ES_OK)
        st = ES_ERR_INPUT;
    es_cfg_declare(c, "policies");
    int n = es_cfg_seq_len(c, "policies");
    if (n < 0) n = 0;
    if (n > ES_MAX_POLICIES) {
        es_cfg_error(c, "policies", "%d policies (valid: at most %d)", n, ES_MAX_POLICIES);
        return ES_ERR_INPUT;
    }
    pp->n = n;
    static const char *const rewards[2] = {"activities", "results"};
    static const char *const llo_types[ES_N_LLO_TYPES + 1] = {"any", "developer", "trainer", "catalyst", "entrepreneur"};
    for (int i = 0; i < n; i++) {
        es_policy *p = &pp->p[i];
        memset(p, 0, sizeof *p);
        char k[128];
#define PKEY(s) (snprintf(k, sizeof k, "policies.%d.%s", i, s), k)
        int type = 0;
        if (!es_cfg_has(c, PKEY("type"))) {
            es_cfg_error(c, PKEY("type"), "missing (valid: one of: cofinancing, benchmarking, hybrid_teachers, eerst_de_klas, knowledge_programme, regional_pact, chain_collaboration, network_support, lifelong_learning)");
            st = ES_ERR_INPUT;
        }
        if (es_cfg_get_choice(c, PKEY("type"), 0, es_pol_type_names, ES_N_POL_TYPES, &type) != ES_OK) st = ES_ERR_INPUT;
        p->type = type;
        const char *nm = es_pol_type_names[type];
        if (es_cfg_get_string(c, PKEY("name"), nm, 63, &nm) != ES_OK) st = ES_ERR_INPUT;
        snprintf(p->name, sizeof p->name, "%s", nm);
        int64_t v;
        if (es_cfg_get_int(c, PKEY("start"), par->start_year, 1950, 2150, "school year", &v) != ES_OK) st = ES_ERR_INPUT;
        p->start = (int)v;
        if (es_cfg_get_int(c, PKEY("end"), par->end_year, 1950, 2150, "school year", &v) != ES_OK) st = ES_ERR_INPUT;
        p->end = (int)v;
        if (p->end < p->start) {
            es_cfg_error(c, PKEY("end"), "%d is before start %d (valid: start to 2150)", p->end, p->start);
            st = ES_ERR_INPUT;
        }
        if (es_cfg_get_double(c, PKEY("intensity"), 1.0, 0, 100, "relative", &p->intensity) != ES_OK) st = ES_ERR_INPUT;
        /* Target regions: absent or "all" = every region; else a list of names. */
        p->regions = par->nregions >= 64 ? ~0ULL : ((1ULL << par->nregions) - 1);
        int nr = es_cfg_is_seq(c, PKEY("regions")) ? es_cfg_seq_len(c, PKEY("regions")) : 0;
        if (nr > 0) {
            p->regions = 0;
            for (int j = 0; j < nr; j++) {
                char kk[160];
                snprintf(kk, sizeof kk, "policies.%d.regions.%d", i, j);
                const char *rn = "";
                if (es_cfg_get_string(c, kk, "", 63, &rn) != ES_OK) { st = ES_ERR_INPUT; continue; }
                int found = -1;
                for (int r = 0; r < par->nregions; r++)
                    if (!strcmp(par->region[r].name, rn)) found = r;
                if (found < 0) {
                    es_cfg_error(c, kk, "unknown region '%s' (valid: a name from regions)", rn);
                    st = ES_ERR_INPUT;
                } else {
                    p->regions |= 1ULL << found;
                }
            }
        } else if (es_cfg_has(c, PKEY("regions"))) {
            const char *all = "all";
            if (es_cfg_get_string(c, PKEY("regions"), "all", 63, &all) != ES_OK || strcmp(all, "all") != 0) {
                es_cfg_error(c, PKEY("regions"), "expected 'all' or a list of region names");
                st = ES_ERR_INPUT;
            }
        }
        for (const pol_key *x = es_pol_keys[type]; x->key; x++)
            if (es_cfg_get_double(c, PKEY(x->key), x->def, x->lo, x->hi, x->unit, field_ptr(p, x->field)) != ES_OK)
                st = ES_ERR_INPUT;
        if (type == ES_POL_COFINANCING) {
            int rw = 0;
            if (es_cfg_get_choice(c, PKEY("reward"), 0, rewards, 2, &rw) != ES_OK) st = ES_ERR_INPUT;
            p->reward_results = rw;
        }
        if (type == ES_POL_LLO) {
            int lt = 0;
            if (es_cfg_get_choice(c, PKEY("llo_type"), 0, llo_types, ES_N_LLO_TYPES + 1, &lt) != ES_OK) st = ES_ERR_INPUT;
            p->llo_type = lt - 1;
        }
#undef PKEY
    }
    return st;
}

void es_policy_year(const es_policies *pp, int year, int nregions, double *eff)
{
    for (int r = 0; r < nregions; r++) {
        int td = 0, bu = 0;
        double know = 0;
        for (int k = 0; k < pp->n; k++) {
            const es_policy *p = &pp->p[k];
            int on = year >= p->start && year <= p->end && ((p->regions >> r) & 1ULL) && p->intensity > 0;
            eff[k * nregions + r] = on ? p->intensity : 0.0;
            if (!on) continue;
            td |= is_top_down(p->type);
            bu |= is_bottom_up(p->type);
            if (p->type == ES_POL_KNOWLEDGE) know += p->a * p->intensity;
        }
        double mult = (td && bu) ? 1.0 + pp->synergy : 1.0;
        for (int k = 0; k < pp->n; k++) {
            double *e = &eff[k * nregions + r];
            if (*e == 0) continue;
            *e *= mult;
            if (pp->p[k].type != ES_POL_KNOWLEDGE) *e *= 1.0 + know;
        }
    }
}

double es_pol_sum(const es_policies *pp, const double *eff, int nregions, int t, int r, int field)
{
    double s = 0;
    for (int k = 0; k < pp->n; k++) {
        const es_policy *p = &pp->p[k];
        double e = eff[k * nregions + r];
        if (p->type != t || e == 0) continue;
        double v = field == 0 ? p->a : field == 1 ? p->b : field == 2 ? p->c : field == 3 ? p->d : 1.0;
        s += e * v;
    }
    return s;
}

double es_pol_cost(const es_policies *pp, const double *eff, int nregions, int t, int r)
{
    double s = 0;
    for (int k = 0; k < pp->n; k++)
        if (pp->p[k].type == t && eff[k * nregions + r] > 0) s += pp->p[k].public_cost * pp->p[k].intensity;
    return s;
}

int es_pol_active(const es_policies *pp, const double *eff, int nregions, int t, int r)
{
    for (int k = 0; k < pp->n; k++)
        if (pp->p[k].type == t && eff[k * nregions + r] > 0) return 1;
    return 0;
}
