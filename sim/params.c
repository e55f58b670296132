/* params.c - defaults, valid ranges and cross-checks of every scenario parameter.
 * The source of each default is documented in scenarios/reference.yaml. */
#include "edusim/params.h"
#include "params_rd.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ES_DEFAULT_REGIONS "regions:\n  - name: midregion\n    population: 500000\n"
static const char *const es_default_yaml =
    "# The embedded default: a mid-sized Dutch region of about 500,000 persons.\n"
    "name: default_region\n" ES_DEFAULT_REGIONS;

const char *es_params_default_yaml(void) { return es_default_yaml; }
const char *es_params_default_regions_yaml(void) { return ES_DEFAULT_REGIONS; }

void es_rd_dbl(es_rd *r, const char *key, double def, double lo, double hi, const char *unit,
               double *out)
{
    if (es_cfg_get_double(r->c, key, def, lo, hi, unit, out) != ES_OK) r->st = ES_ERR_INPUT;
}

void es_rd_int(es_rd *r, const char *key, int64_t def, int64_t lo, int64_t hi, const char *unit,
               int *out)
{
    int64_t v = def;
    if (es_cfg_get_int(r->c, key, def, lo, hi, unit, &v) != ES_OK) r->st = ES_ERR_INPUT;
    *out = (int)v;
}

void es_rd_count(es_rd *r, const char *key, int64_t def, int64_t lo, int64_t hi, const char *unit,
                 double *out)
{
    int64_t v = def;
    if (es_cfg_get_int(r->c, key, def, lo, hi, unit, &v) != ES_OK) r->st = ES_ERR_INPUT;
    *out = (double)v;
}

void es_rd_vec(es_rd *r, const char *key, const double *def, int n, double lo, double hi,
               const char *unit, double *out)
{
    int got = n;
    if (es_cfg_get_double_list(r->c, key, def, n, n, n, lo, hi, unit, out, &got) != ES_OK)
        r->st = ES_ERR_INPUT;
}

static void rd_name(es_rd *r, const char *key, const char *def, es_name_kind kind, char *out)
{
    const char *s = def;
    if (es_cfg_get_name(r->c, key, def, kind, &s) != ES_OK) {
        r->st = ES_ERR_INPUT;
        s = def;
    }
    snprintf(out, ES_NAME_LEN, "%s", s);
}

static void read_regions(es_rd *r, es_params *p)
{
    es_cfg_declare(r->c, "regions");
    int n = es_cfg_seq_len(r->c, "regions");
    if (n < 0) n = 0;
    if (n == 0 && es_cfg_has(r->c, "regions")) {
        es_cfg_error(r->c, "regions", "needs at least one region (valid: 1 to %d regions)",
                     ES_MAX_REGIONS);
        r->st = ES_ERR_INPUT;
    }
    if (n > ES_MAX_REGIONS) {
        es_cfg_error(r->c, "regions", "%d regions (valid: 1 to %d regions)", n, ES_MAX_REGIONS);
        r->st = ES_ERR_INPUT;
        n = ES_MAX_REGIONS;
    }
    int absent = (n == 0);
    if (absent) n = 1;
    p->nregions = n;
    for (int i = 0; i < n; i++) {
        es_region_params *g = &p->region[i];
        char k[128];
#define RK(sub) (snprintf(k, sizeof k, "regions.%d.%s", i, sub), k)
        char defname[ES_NAME_LEN];
        snprintf(defname, sizeof defname, "region%d", i + 1);
        rd_name(r, RK("name"), absent ? "midregion" : defname, ES_NAME_TEXT, g->name);
        es_rd_count(r, RK("population"), 500000, 100, 50000000, "persons", &g->population);
        es_rd_dbl(r, RK("birth_rate"), 9.8, 0, 40, "births per 1000 persons per year", &g->birth_rate);
        es_rd_dbl(r, RK("stem_image"), 0.0, -2, 2, "sd of STEM interest", &g->stem_image);
        double pop_k = g->population / 1000.0;
        es_rd_int(r, RK("schools_po"), (int64_t)fmax(1, round(pop_k * 0.35)), 1, 100000, "schools", &g->schools_po);
        es_rd_int(r, RK("schools_vo"), (int64_t)fmax(1, round(pop_k * 0.075)), 1, 20000, "schools", &g->schools_vo);
        es_rd_int(r, RK("schools_mbo"), (int64_t)fmax(1, round(pop_k * 0.004)), 1, 2000, "schools", &g->schools_mbo);
        es_rd_int(r, RK("schools_hbo"), (int64_t)fmax(1, round(pop_k * 0.002)), 1, 1000, "schools", &g->schools_hbo);
        es_rd_int(r, RK("schools_wo"), (int64_t)fmax(1, round(pop_k * 0.0008)), 1, 1000, "schools", &g->schools_wo);
#undef RK
        for (int j = 0; j < i; j++) {
            if (strcmp(p->region[j].name, g->name) == 0) {
                char kk[64];
                snprintf(kk, sizeof kk, "regions.%d.name", i);
                es_cfg_error(r->c, kk, "duplicate region name '%s' (valid: unique names)", g->name);
                r->st = ES_ERR_INPUT;
            }
        }
    }
}

es_status es_params_read(es_cfg *c, es_params *p)
{
    memset(p, 0, sizeof *p);
    es_rd rr = {c, ES_OK}, *r = &rr;

    rd_name(r, "name", "scenario", ES_NAME_SAFE, p->name);
    int64_t seed = 1;
    if (es_cfg_get_int(c, "seed", 1, 0, INT64_MAX, NULL, &seed) != ES_OK) r->st = ES_ERR_INPUT;
    p->seed = (uint64_t)seed;
    es_rd_int(r, "years.start", 2004, 1950, 2100, "school year", &p->start_year);
    es_rd_int(r, "years.end", 2030, 1950, 2150, "school year", &p->end_year);
    es_rd_int(r, "years.burn_in", 20, 0, 100, "years", &p->burn_in);
    es_rd_dbl(r, "scale", 1.0, 1e-6, 1.0, "fraction of persons simulated", &p->scale);

    read_regions(r, p);

    es_rd_dbl(r, "demography.mortality_a", 2.5e-5, 0, 0.01, "per year", &p->mort_a);
    es_rd_dbl(r, "demography.mortality_b", 0.1, 0, 0.3, "per year of age", &p->mort_b);
    es_rd_dbl(r, "demography.emigration_rate", 0.006, 0, 0.2, "per person per year", &p->emigration_rate);
    es_rd_dbl(r, "demography.immigration_rate", 6.0, 0, 100, "per 1000 residents per year", &p->immigration_rate);
    es_rd_dbl(r, "demography.intl_students_hbo", 0.0, 0, 10, "per 1000 residents per year", &p->intl_students_hbo);
    es_rd_dbl(r, "demography.intl_students_wo", 0.0, 0, 10, "per 1000 residents per year", &p->intl_students_wo);
    static const double ist[2] = {0.25, 0.35};
    es_rd_vec(r, "demography.intl_stem_share", ist, 2, 0, 1, "share (hbo, wo)", p->intl_stem_share);
    if (es_cfg_get_double_list(c, "demography.births", NULL, 0, 0, ES_MAX_BIRTH_YEARS, 0, 1e8,
                               "live births per year, 1:1", p->births, &p->nbirths) != ES_OK)
        r->st = ES_ERR_INPUT;
    for (int i = 0; i < p->nbirths; i++) /* a count: whole births only */
        if (p->births[i] != floor(p->births[i])) {
            char k[64];
            snprintf(k, sizeof k, "demography.births.%d", i);
            es_cfg_error(c, k, "%.17g is not a whole number (valid: an integer 0 to 100000000 live births per year)",
                         p->births[i]);
            r->st = ES_ERR_INPUT;
        }
    es_rd_int(r, "demography.births_first_year", 1990, 1800, 2150, "year", &p->births_first_year);
    es_rd_int(r, "demography.retirement_age", 67, 55, 80, "years", &p->retirement_age);
    es_rd_dbl(r, "demography.share_male", 0.512, 0, 1, "probability", &p->share_male);

    es_rd_dbl(r, "persons.interest_sex_gap", 0.9, -3, 3, "sd", &p->interest_sex_gap);

    es_rd_int(r, "primary.entry_age", 4, 3, 7, "years", &p->po_entry_age);
    es_rd_dbl(r, "primary.repeat_rate", 0.015, 0, 0.5, "probability per year", &p->po_repeat_rate);
    static const double adv[ES_N_VO_TRACKS] = {0.094, 0.132, 0.253, 0.276, 0.245};
    es_rd_vec(r, "primary.advice_share", adv, ES_N_VO_TRACKS, 0, 1, "share (bb, kb, gl, havo, vwo)",
           p->advice_share);
    es_rd_dbl(r, "primary.advice_noise", 0.5, 0, 5, "sd", &p->advice_noise);

    static const double rep[ES_N_VO_TRACKS] = {0.04, 0.04, 0.04, 0.07, 0.05};
    es_rd_vec(r, "secondary.repeat_rate", rep, ES_N_VO_TRACKS, 0, 0.5, "probability per year (bb, kb, gl, havo, vwo)",
           p->vo_repeat_rate);
    es_rd_vec(r, "secondary.pre_exam_repeat_rate", rep, ES_N_VO_TRACKS, 0, 0.5,
           "probability (bb, kb, gl, havo, vwo)", p->vo_pre_exam_repeat);
    static const double pass[ES_N_VO_TRACKS] = {0.97, 0.95, 0.93, 0.88, 0.91};
    es_rd_vec(r, "secondary.exam_pass", pass, ES_N_VO_TRACKS, 0, 1, "probability (bb, kb, gl, havo, vwo)",
           p->vo_exam_pass);
    es_rd_dbl(r, "secondary.down_rate", 0.035, 0, 0.5, "probability per year", &p->vo_down_rate);
    es_rd_dbl(r, "secondary.up_rate", 0.0, 0, 0.5, "probability per year", &p->vo_up_rate);
    es_rd_dbl(r, "secondary.upper_down_rate", 0.0, 0, 0.5, "probability per year", &p->vo_upper_down_rate);
    es_rd_dbl(r, "secondary.vmbo_down_rate", 0.0, 0, 0.5, "probability per year", &p->vo_vmbo_down_rate);
    es_rd_dbl(r, "secondary.vmbo_up_rate", 0.0, 0, 0.5, "probability per year", &p->vo_vmbo_up_rate);
    es_rd_dbl(r, "secondary.dropout_rate", 0.004, 0, 0.5, "probability per year", &p->vo_dropout_rate);
    static const double up[2] = {0.06, 0.0015};
    es_rd_vec(r, "secondary.upper_to_mbo", up, 2, 0, 0.5, "probability per year (havo, vwo)", p->vo_upper_to_mbo);
    static const double vt[3] = {-1.05, -1.3, -2.0};
    es_rd_vec(r, "secondary.vmbo_tech_base", vt, 3, -10, 10, "logit (bb, kb, gl)", p->vmbo_tech_base);
    es_rd_dbl(r, "secondary.vmbo_tech_base_tl", -2.0, -10, 10, "logit", &p->vmbo_tech_base_tl);
    es_rd_dbl(r, "secondary.tl_share", 0.79, 0, 1, "share", &p->tl_share);
    es_rd_dbl(r, "secondary.vmbo_tech_interest", 1.2, -5, 5, "logit per sd", &p->vmbo_tech_interest);
    static const double pn[2] = {-0.6, 0.35};
    es_rd_vec(r, "secondary.profile_n_base", pn, 2, -10, 10, "logit (havo, vwo)", p->profile_n_base);
    es_rd_dbl(r, "secondary.profile_n_interest", 1.0, -5, 5, "logit per sd", &p->profile_n_interest);
    es_rd_dbl(r, "secondary.profile_n_ability", 0.4, -5, 5, "logit per sd", &p->profile_n_ability);

    es_rd_dbl(r, "transitions.gl_to_havo", 0.12, 0, 1, "probability", &p->gl_to_havo);
    es_rd_dbl(r, "transitions.vmbo_to_mbo", 0.95, 0, 1, "probability", &p->vmbo_to_mbo);
    es_rd_dbl(r, "transitions.havo_to_hbo", 0.73, 0, 1, "probability", &p->havo_to_hbo);
    es_rd_dbl(r, "transitions.havo_to_mbo", 0.10, 0, 1, "probability", &p->havo_to_mbo);
    es_rd_dbl(r, "transitions.vwo_to_wo", 0.73, 0, 1, "probability", &p->vwo_to_wo);
    es_rd_dbl(r, "transitions.vwo_to_hbo", 0.12, 0, 1, "probability", &p->vwo_to_hbo);
    es_rd_dbl(r, "transitions.mbo4_to_hbo", 0.38, 0, 1, "probability", &p->mbo4_to_hbo);
    es_rd_dbl(r, "transitions.dropout_to_mbo1", 0.5, 0, 1, "probability", &p->dropout_to_mbo1);
    es_rd_dbl(r, "transitions.mbo_stack_rate", 0.0, 0, 1, "probability", &p->mbo_stack_rate);
    es_rd_dbl(r, "transitions.hbo_to_wo", 0.0, 0, 1, "probability", &p->hbo_to_wo);
    es_rd_dbl(r, "transitions.he_late_entry_rate", 0.0, 0, 1, "probability per year", &p->he_late_entry_rate);
    es_rd_dbl(r, "transitions.mbo_adult_entry_rate", 0.0, 0, 1, "probability per year", &p->mbo_adult_entry_rate);
    static const double bbl[4] = {0.25, 0.38, 0.48, 0.26};
    es_rd_vec(r, "transitions.bbl_share", bbl, 4, 0, 1, "share (levels 1-4)", p->bbl_share);
    es_rd_dbl(r, "transitions.teacher_training_share_hbo", 0.11, 0, 1, "share of hbo entrants", &p->tt_share_hbo);
    es_rd_dbl(r, "transitions.pabo_share", 0.45, 0, 1, "share of hbo teacher training", &p->tt_pabo_share);
    es_rd_dbl(r, "transitions.teacher_training_share_wo", 0.04, 0, 1, "share of wo graduates", &p->tt_share_wo);
    es_rd_dbl(r, "transitions.teacher_training_stem_factor_wo", 1.0, 0, 20, "relative chance", &p->tt_stem_factor_wo);
    es_rd_dbl(r, "transitions.field_stem_teacher_training_hbo", 0.0, -5, 5, "logit", &p->field_stem_tt_hbo);
    es_rd_dbl(r, "transitions.field_stem_interest", 1.3, -5, 5, "logit per sd", &p->field_stem_interest);
    es_rd_dbl(r, "transitions.field_stem_base_mbo", -1.1, -10, 10, "logit", &p->field_stem_base_mbo);
    es_rd_dbl(r, "transitions.field_stem_base_hbo", -2.2, -10, 10, "logit", &p->field_stem_base_hbo);
    es_rd_dbl(r, "transitions.field_stem_base_wo", -1.3, -10, 10, "logit", &p->field_stem_base_wo);
    es_rd_dbl(r, "transitions.field_n_profile", 1.5, -5, 5, "logit", &p->field_n_profile);

    es_rd_dbl(r, "progress.mbo_dropout_rate", 0.07, 0, 1, "probability per year", &p->mbo_dropout_rate);
    es_rd_dbl(r, "progress.mbo_pass_rate", 0.85, 0, 1, "probability", &p->mbo_pass_rate);
    es_rd_dbl(r, "progress.hbo_first_year_dropout", 0.15, 0, 1, "probability", &p->hbo_first_year_dropout);
    es_rd_dbl(r, "progress.hbo_dropout_rate", 0.04, 0, 1, "probability per year", &p->hbo_dropout_rate);
    es_rd_dbl(r, "progress.hbo_pass_rate", 0.80, 0, 1, "probability", &p->hbo_pass_rate);
    es_rd_dbl(r, "progress.wo_first_year_dropout", 0.07, 0, 1, "probability", &p->wo_first_year_dropout);
    es_rd_dbl(r, "progress.wo_dropout_rate", 0.03, 0, 1, "probability per year", &p->wo_dropout_rate);
    es_rd_dbl(r, "progress.wo_pass_rate", 0.80, 0, 1, "probability", &p->wo_pass_rate);
    es_rd_dbl(r, "progress.teacher_training_dropout_rate", 0.08, 0, 1, "probability per year", &p->tt_dropout_rate);
    es_rd_dbl(r, "progress.stem_first_year_extra_dropout", 0.03, 0, 1, "probability", &p->stem_first_year_extra_dropout);

    if (es_params_read_ecosystem(c, p) != ES_OK) r->st = ES_ERR_INPUT;
    if (es_policies_read(c, p) != ES_OK) r->st = ES_ERR_INPUT;

    /* Checks across keys. */
    if (p->end_year < p->start_year) {
        es_cfg_error(c, "years.end", "%d is before years.start %d (valid: years.start to 2150)",
                     p->end_year, p->start_year);
        r->st = ES_ERR_INPUT;
    }
    double s = 0;
    for (int t = 0; t < ES_N_VO_TRACKS; t++) s += p->advice_share[t];
    if (fabs(s - 1.0) > 1e-6) {
        es_cfg_error(c, "primary.advice_share", "shares sum to %.6g (valid: sum 1)", s);
        r->st = ES_ERR_INPUT;
    }
    if (p->havo_to_hbo + p->havo_to_mbo > 1.0 + 1e-12) {
        es_cfg_error(c, "transitions.havo_to_mbo", "havo_to_hbo + havo_to_mbo = %.6g (valid: sum at most 1)",
                     p->havo_to_hbo + p->havo_to_mbo);
        r->st = ES_ERR_INPUT;
    }
    if (p->vwo_to_wo + p->vwo_to_hbo > 1.0 + 1e-12) {
        es_cfg_error(c, "transitions.vwo_to_hbo", "vwo_to_wo + vwo_to_hbo = %.6g (valid: sum at most 1)",
                     p->vwo_to_wo + p->vwo_to_hbo);
        r->st = ES_ERR_INPUT;
    }
    return r->st;
}
