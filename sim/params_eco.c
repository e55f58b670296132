/* params_eco.c - parameters of the ecosystem: STEM interest, teachers, companies and
 * the labour market, partnerships, lifelong learning. Sources in reference.yaml. */
#include "edusim/params.h"
#include "params_rd.h"

#include <math.h>

#define ES_N_CSECTORS_PARAM 3

static void read_interest(es_rd *r, es_interest_params *x)
{
    es_rd_dbl(r, "interest.teacher", 0.15, -2, 2, "sd per year", &x->teacher);
    es_rd_dbl(r, "interest.contact", 0.25, -2, 2, "sd per year", &x->contact);
    es_rd_dbl(r, "interest.peer", 0.2, -2, 2, "sd per year", &x->peer);
    es_rd_dbl(r, "interest.chain", 0.1, -2, 2, "sd per year", &x->chain);
    es_rd_dbl(r, "interest.image", 0.05, -2, 2, "sd per year", &x->image);
    es_rd_dbl(r, "interest.noise", 0.15, 0, 2, "sd per year", &x->noise);
    es_rd_dbl(r, "interest.reversion", 0.1, 0, 1, "share per year", &x->reversion);
}

static void read_networks(es_rd *r, es_params *p)
{
    es_rd_dbl(r, "networks.imitation", 0.3, 0, 5, "per year per member share", &p->network_imitation);
    es_rd_dbl(r, "networks.potential", 1.0, 0.01, 1, "share of vo schools", &p->network_potential);
}

static void read_teachers(es_rd *r, es_teacher_params *x)
{
    static const double ppf[3] = {15.8, 16.3, 18.7};
    es_rd_vec(r, "teachers.pupils_per_fte", ppf, 3, 1, 100, "pupils per FTE (po, vo, mbo)", x->pupils_per_fte);
    static const double ss[2] = {0.22, 0.30};
    es_rd_vec(r, "teachers.stem_share", ss, 2, 0, 1, "share of FTE (vo, mbo)", x->stem_share);
    es_rd_dbl(r, "teachers.initial_fill", 0.97, 0, 1, "share of demand", &x->initial_fill);
    es_rd_dbl(r, "teachers.mean_fte", 0.8, 0.1, 1, "FTE", &x->mean_fte);
    es_rd_dbl(r, "teachers.quit_rate", 0.02, 0, 1, "probability per year", &x->quit_rate);
    es_rd_dbl(r, "teachers.wage_gap_stem", 0.25, -1, 2, "relative wage", &x->wage_gap_stem);
    es_rd_dbl(r, "teachers.wage_gap_other", 0.05, -1, 2, "relative wage", &x->wage_gap_other);
    es_rd_dbl(r, "teachers.quit_wage", 1.5, 0, 10, "log-hazard per unit", &x->quit_wage);
    es_rd_dbl(r, "teachers.quit_tightness", 1.0, 0, 10, "log-hazard per unit", &x->quit_tightness);
    es_rd_dbl(r, "teachers.training_entry", 0.75, 0, 1, "share of graduates", &x->tt_enter);
    es_rd_dbl(r, "teachers.side_entry_rate", 0.002, 0, 0.1, "probability per year", &x->side_entry_rate);
    es_rd_dbl(r, "teachers.side_entry_stem", 1.0, 0, 10, "relative rate", &x->side_entry_stem);
    es_rd_dbl(r, "teachers.quality_success", 0.05, 0, 1, "probability per unit shortfall", &x->quality_success);
}

static void read_labour(es_rd *r, es_labour_params *x)
{
    es_rd_dbl(r, "labour.employment_rate", 0.93, 0, 1, "share", &x->employment_rate);
    static const double g[3] = {0.008, 0.015, 0.006};
    es_rd_vec(r, "labour.job_growth", g, 3, -0.2, 0.2, "per year (technology, care, other)", x->job_growth);
    static const double sj[3] = {0.5, 0.12, 0.12};
    es_rd_vec(r, "labour.stem_job_share", sj, 3, 0, 1, "share (technology, care, other)", x->stem_job_share);
    static const double sh[3] = {0.2, 0.16, 0.64};
    es_rd_vec(r, "labour.sector_share", sh, 3, 0, 1, "share (technology, care, other)", x->sector_share);
    es_rd_dbl(r, "labour.large_share", 0.4, 0, 1, "share of employment", &x->large_share);
    static const double fs[2] = {12, 600};
    es_rd_vec(r, "labour.firm_size", fs, 2, 1, 100000, "employees (SME, large)", x->firm_size);
    es_rd_dbl(r, "labour.job_change_rate", 0.07, 0, 1, "probability per year", &x->job_change_rate);
    es_rd_dbl(r, "labour.separation_rate", 0.03, 0, 1, "probability per year", &x->separation_rate);
    es_rd_dbl(r, "labour.match_rate", 0.6, 0, 1, "probability per year", &x->match_rate);
    es_rd_int(r, "labour.applications", 1, 0, 64, "applications per cell", &x->applications);
    es_rd_dbl(r, "labour.vacancy_lapse", 0.5, 0, 1, "share per year", &x->vacancy_lapse);
    es_rd_dbl(r, "labour.absorption", 0.3, 0, 1, "jobs per unmatched seeker", &x->absorption);
    es_rd_dbl(r, "labour.leak_stem", 0.25, 0, 1, "probability", &x->leak_stem);
    es_rd_dbl(r, "labour.tech_change", 0.04, 0, 1, "skill currency per year", &x->tech_change);
    es_rd_dbl(r, "labour.skill_floor", 0.5, 0, 1, "skill currency", &x->skill_floor);
    es_rd_dbl(r, "labour.layoff_rate", 0.1, 0, 1, "probability per year", &x->layoff_rate);
    es_rd_dbl(r, "labour.inactive_rate", 0.3, 0, 1, "probability", &x->inactive_rate);
    es_rd_dbl(r, "labour.bbl_places_per_100", 3, 0, 100, "places per 100 employees", &x->bbl_places_per_100);
}

static void read_pps(es_rd *r, es_pps_params *x)
{
    es_rd_dbl(r, "partnerships.formation_rate", 0.2, 0, 100, "per 100 schools per year", &x->formation_rate);
    static const double ks[5] = {0, 0, 0.2, 0.5, 0.3};
    es_rd_vec(r, "partnerships.kind_share", ks, 5, 0, 1, "share (centre_hbo, centre_mbo, field_lab, school_company_network, vo_ho_network)", x->kind_share);
    es_rd_dbl(r, "partnerships.join_base", -9.5, -20, 20, "logit per year", &x->join_base);
    es_rd_dbl(r, "partnerships.join_trust", 2.0, -10, 10, "logit per unit trust", &x->join_trust);
    es_rd_dbl(r, "partnerships.join_tech", 1.5, -10, 10, "logit", &x->join_tech);
    es_rd_dbl(r, "partnerships.join_large", 2.5, -10, 10, "logit", &x->join_large);
    es_rd_dbl(r, "partnerships.trust_growth", 0.2, 0, 1, "share per year", &x->trust_growth);
    es_rd_dbl(r, "partnerships.money_per_company", 5400, 0, 1e7, "EUR per year", &x->money_per_company);
    es_rd_dbl(r, "partnerships.inkind_per_company", 8000, 0, 1e7, "EUR per year", &x->inkind_per_company);
    es_rd_dbl(r, "partnerships.public_per_year", 0, 0, 1e8, "EUR per year", &x->public_per_year);
    es_rd_int(r, "partnerships.funding_years", 4, 0, 50, "years", &x->funding_years);
    es_rd_dbl(r, "partnerships.sustain_share", 0.5, 0, 1, "share of budget", &x->sustain_share);
    es_rd_dbl(r, "partnerships.dissolve_rate", 0.3, 0, 1, "probability per year", &x->dissolve_rate);
    es_rd_dbl(r, "partnerships.fragile_rate", 0.1, 0, 1, "probability per year", &x->fragile_rate);
    es_rd_dbl(r, "partnerships.contact_per_company", 0.1, 0, 1, "contact units", &x->contact_per_company);
    es_rd_dbl(r, "partnerships.leave_rate", 0.1, 0, 1, "probability per year", &x->leave_rate);
    es_rd_int(r, "partnerships.capacity", 20, 1, 100000, "companies", &x->capacity);
    es_rd_int(r, "partnerships.centre_capacity", 35, 0, 100000, "companies", &x->centre_capacity);
    es_rd_int(r, "partnerships.initial_networks", 20, 0, 100, "per 100 vo schools", &x->initial_networks);
}

static void read_llo(es_rd *r, es_llo_params *x)
{
    es_rd_dbl(r, "llo.participation", 0.2, 0, 1, "probability per year", &x->participation);
    es_rd_dbl(r, "llo.sme_factor", 0.6, 0, 5, "relative", &x->sme_factor);
    es_rd_dbl(r, "llo.pps_boost", 0.5, 0, 10, "relative", &x->pps_boost);
    es_rd_dbl(r, "llo.restore", 0.3, 0, 1, "skill currency", &x->restore);
    es_rd_dbl(r, "llo.formal_share", 0.2, 0, 1, "share", &x->formal_share);
    es_rd_dbl(r, "llo.upgrade", 0.1, 0, 1, "probability", &x->upgrade);
}

static void check_sum(es_rd *r, const char *key, const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += v[i];
    if (fabs(s - 1.0) > 1e-6) {
        es_cfg_error(r->c, key, "shares sum to %.6g (valid: sum 1)", s);
        r->st = ES_ERR_INPUT;
    }
}

es_status es_params_read_ecosystem(es_cfg *c, es_params *p)
{
    es_rd r = {c, ES_OK};
    read_interest(&r, &p->interest);
    read_networks(&r, p);
    read_teachers(&r, &p->teach);
    read_labour(&r, &p->labour);
    read_pps(&r, &p->pps);
    read_llo(&r, &p->llo);
    check_sum(&r, "labour.sector_share", p->labour.sector_share, ES_N_CSECTORS_PARAM);
    check_sum(&r, "partnerships.kind_share", p->pps.kind_share, 5);
    return r.st;
}
