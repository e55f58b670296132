/* params_policy.c - reading the scenario's `policies`: each policy's type, years,
 * regions, intensity and the parameters of its type, by name. The key table below
 * is the one place the type-specific keys, defaults, ranges and units are declared. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "edusim/pps.h"
#include "edusim/params.h"
#include "edusim/policy.h"
#include "params_rd.h"

typedef struct pol_key {
    const char *key;
    size_t off; /* byte offset of the parameter in es_policy */
    double def, lo, hi;
    const char *unit;
} pol_key;

#define PK_END {NULL, 0, 0, 0, 0, NULL}
static const pol_key es_pol_keys[ES_N_POL_TYPES][7] = {
    /* cofinancing */
    {{"centres_per_million", ES_POL_FIELD(cofinancing.centres_per_million), 0.5, 0, 100, "new funded centres per million residents per year"},
     {"join_boost", ES_POL_FIELD(cofinancing.join_boost), 1.0, 0, 10, "logit for companies joining a funded centre"},
     {"match_ratio", ES_POL_FIELD(cofinancing.match_ratio), 1.0, 0, 10, "private EUR committed per public EUR"},
     {"funding_years", ES_POL_FIELD(cofinancing.funding_years), 4, 1, 20, "years of public funding per centre"},
     {"public_per_centre", offsetof(es_policy, public_cost), 500000, 0, 1e8, "EUR per centre per year"}, PK_END},
    /* benchmarking */
    {{"effect", ES_POL_FIELD(benchmarking.effect), 0.5, 0, 10, "relative gain in trust growth and effectiveness of mature partnerships"},
     {"cost_per_partnership", offsetof(es_policy, public_cost), 20000, 0, 1e7, "EUR per partnership per year"}, PK_END},
    /* hybrid_teachers */
    {{"share", ES_POL_FIELD(hybrid.share), 0.01, 0, 0.5, "share of STEM employees (hbo/wo) of technology companies teaching"},
     {"fte", ES_POL_FIELD(hybrid.fte), 0.2, 0.05, 1, "teaching FTE per hybrid teacher"},
     {"public_per_fte", offsetof(es_policy, public_cost), 20000, 0, 1e7, "EUR subsidy per hybrid teaching FTE per year"},
     {"private_per_fte", offsetof(es_policy, private_cost), 30000, 0, 1e7, "EUR company cost per hybrid teaching FTE per year"}, PK_END},
    /* eerst_de_klas */
    {{"trainees_per_million", ES_POL_FIELD(edk.trainees_per_million), 3, 0, 1000, "trainees per million residents per year"},
     {"retention", ES_POL_FIELD(edk.retention), 0.5, 0, 1, "quit hazard of trainees relative to other teachers"},
     {"public_per_trainee", offsetof(es_policy, public_cost), 30000, 0, 1e7, "EUR per trainee per year"},
     {"private_per_trainee", offsetof(es_policy, private_cost), 20000, 0, 1e7, "EUR per trainee per year (partner companies)"}, PK_END},
    /* knowledge_programme */
    {{"multiplier", ES_POL_FIELD(knowledge.multiplier), 0.3, 0, 10, "relative gain of concurrent policies in the same regions"},
     {"budget_per_million", offsetof(es_policy, public_cost), 50000, 0, 1e8, "EUR per million residents per year"}, PK_END},
    /* regional_pact */
    {{"join_boost", ES_POL_FIELD(pact.join_boost), 0.8, 0, 10, "logit for companies joining partnerships"},
     {"alignment", ES_POL_FIELD(pact.alignment), 0.2, 0, 5, "logit bonus of a STEM field in mbo and hbo, teacher training excepted (capacity aligned to demand)"},
     {"budget_per_million", offsetof(es_policy, public_cost), 100000, 0, 1e8, "EUR per million residents per year"}, PK_END},
    /* chain_collaboration */
    {{"leak_reduction", ES_POL_FIELD(chain.leak_reduction), 0.5, 0, 1, "share of the extra first-year STEM drop-out removed"},
     {"school_share", ES_POL_FIELD(chain.school_share), 0.5, 0, 1, "share of secondary schools in the chain (interest.chain)"},
     {"field_bonus", ES_POL_FIELD(chain.field_bonus), 0.2, 0, 5, "logit bonus of a STEM field after an N-profile or technology sector"},
     {"budget_per_million", offsetof(es_policy, public_cost), 100000, 0, 1e8, "EUR per million residents per year"}, PK_END},
    /* network_support */
    {{"formation_boost", ES_POL_FIELD(network.formation_boost), 1.0, 0, 20, "relative increase of partnership formation"},
     {"survival", ES_POL_FIELD(network.survival), 0.5, 0, 1, "relative reduction of partnership dissolution"},
     {"contact_boost", ES_POL_FIELD(network.contact_boost), 0.2, 0, 1, "company contact per pupil at member schools"},
     {"adoption", ES_POL_FIELD(network.adoption), 0.05, 0, 1, "recruitment of secondary schools (innovation term of the diffusion)"},
     {"budget_per_million", offsetof(es_policy, public_cost), 100000, 0, 1e8, "EUR per million residents per year"}, PK_END},
    /* lifelong_learning */
    {{"participation_boost", ES_POL_FIELD(llo.participation_boost), 0.5, 0, 10, "relative training participation of partnership companies' employees"},
     {"public_per_participant", offsetof(es_policy, public_cost), 1000, 0, 1e6, "EUR per training participant"}, PK_END},
};

/* Policy names are indicator subgroups (policy_public_spending/NAME, a dataset name
 * in results files): distinct, not "all", made of letters, digits and _ - + . and
 * not another type's name. A policy may carry its own type's name (the default)
 * only as the one policy of its type, whose spending the per-type indicator is. */
static es_status check_names(es_cfg *c, const es_policies *pp)
{
    es_status st = ES_OK;
    for (int i = 0; i < pp->n; i++) {
        const es_policy *p = &pp->p[i];
        char k[64];
        snprintf(k, sizeof k, "policies.%d.name", i);
        if (!es_cfg_has(c, k)) snprintf(k, sizeof k, "policies.%d", i); /* the default name: the policy's position */
        int bad = !p->name[0] || p->name[0] == '.';
        for (const char *x = p->name; *x; x++)
            bad |= !(isalnum((unsigned char)*x) || *x == '_' || *x == '-' || *x == '+' || *x == '.');
        int dup = -1, same_type = -1, type_named = -1, later_dup = 0;
        for (int j = 0; j < pp->n; j++) {
            if (j < i && dup < 0 && !strcmp(pp->p[j].name, p->name)) dup = j;
            if (j > i && !strcmp(pp->p[j].name, p->name)) later_dup = 1; /* reported there */
            if (j != i && same_type < 0 && pp->p[j].type == p->type) same_type = j;
        }
        for (int t = 0; t < ES_N_POL_TYPES; t++)
            if (!strcmp(p->name, es_pol_type_names[t])) type_named = t;
        if (bad) {
            es_cfg_error(c, k, "'%s' is not usable as an indicator subgroup (valid: letters, digits, _ - + and ., not "
                               "starting with .)", p->name);
        } else if (dup >= 0) {
            es_cfg_error(c, k, "'%s' is also the name of policies.%d (valid: a name no other policy of the scenario has; "
                               "several policies of one type need a name each, the default being the type)", p->name, dup);
        } else if (!strcmp(p->name, "all")) {
            es_cfg_error(c, k, "'all' is a subgroup of the indicators (valid: another name)");
        } else if (type_named >= 0 && type_named != p->type) {
            es_cfg_error(c, k, "'%s' is the name of another policy type, whose spending is policy_public_spending/%s "
                               "(valid: a name that is not a policy type)", p->name, p->name);
        } else if (type_named >= 0 && same_type >= 0 && !later_dup) {
            es_cfg_error(c, k, "'%s' is its type's name, the subgroup of the spending of all %s policies, and "
                               "policies.%d is one too (valid: a name other than a policy type's for each)",
                         p->name, p->name, same_type);
        } else {
            continue;
        }
        st = ES_ERR_INPUT;
    }
    return st;
}

es_status es_policies_read(es_cfg *c, es_params *par)
{
    es_policies *pp = &par->pol;
    es_status st = ES_OK;
    es_policies_default_gain(pp->phase_gain);
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
        if (es_cfg_get_name(c, PKEY("name"), nm, ES_NAME_TEXT, &nm) != ES_OK) st = ES_ERR_INPUT;
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
            if (es_cfg_get_double(c, PKEY(x->key), x->def, x->lo, x->hi, x->unit, (double *)((char *)p + x->off)) != ES_OK)
                st = ES_ERR_INPUT;
        if (type == ES_POL_COFINANCING) {
            int rw = 0;
            if (es_cfg_get_choice(c, PKEY("reward"), 0, rewards, 2, &rw) != ES_OK) st = ES_ERR_INPUT;
            p->u.cofinancing.reward_results = rw;
        }
        if (type == ES_POL_LLO) {
            int lt = 0;
            if (es_cfg_get_choice(c, PKEY("llo_type"), 0, llo_types, ES_N_LLO_TYPES + 1, &lt) != ES_OK) st = ES_ERR_INPUT;
            p->u.llo.llo_type = lt - 1;
        }
#undef PKEY
    }
    if (st == ES_OK) st = check_names(c, pp);
    return st;
}

