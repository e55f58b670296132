/* indicators.c - the indicator table: names follow ../shared/data/nl_targets.csv
 * (indicator, subgroup) where a published row exists. */
#include "edusim/indicators.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T(x) ES_T_##x
#define CNT(n, s, u, dsc, a_) {{n, s, u, dsc}, ES_FX_COUNT, T(a_), -1, -1, -1, 0}
#define CNT2(n, s, u, dsc, a_, b_) {{n, s, u, dsc}, ES_FX_COUNT, T(a_), T(b_), -1, -1, 0}
#define PCT(n, s, dsc, a_, b_) {{n, s, "pct", dsc}, ES_FX_PCT, T(a_), T(b_), -1, -1, 0}
#define STAGE3(st, label)                                                                         \
    {{"persons", label, "count", "persons in this stage at the yearly count"}, ES_FX_COUNT,        \
     ES_T_STOCK + st, -1, -1, -1, 0},                                                                 \
    {{"stage_entries", label, "count", "persons entering this stage during the school year (births, transitions, immigration)"}, \
     ES_FX_COUNT, ES_T_IN + st, -1, -1, -1, 0},                                                       \
    {{"stage_exits", label, "count", "persons leaving this stage during the school year (transitions, deaths, emigration)"}, \
     ES_FX_COUNT, ES_T_OUT + st, -1, -1, -1, 0}

static const es_indicator es_table[] = {
    /* (a) N-profile in havo/vwo year 4 */
    PCT("share_n_profile_y4", "havo", "share of havo year-4 pupils with an N&T and/or N&G profile", Y4_HAVO_N, Y4_HAVO),
    PCT("share_n_profile_y4", "vwo", "share of vwo year-4 pupils with an N&T and/or N&G profile", Y4_VWO_N, Y4_VWO),
    PCT("share_n_profile_y4", "havo_girls", "share of girls in havo year 4 with an N&T and/or N&G profile", Y4_HAVO_N_SX0, Y4_HAVO_SX0),
    PCT("share_n_profile_y4", "havo_boys", "share of boys in havo year 4 with an N&T and/or N&G profile", Y4_HAVO_N_SX1, Y4_HAVO_SX1),
    PCT("share_n_profile_y4", "vwo_girls", "share of girls in vwo year 4 with an N&T and/or N&G profile", Y4_VWO_N_SX0, Y4_VWO_SX0),
    PCT("share_n_profile_y4", "vwo_boys", "share of boys in vwo year 4 with an N&T and/or N&G profile", Y4_VWO_N_SX1, Y4_VWO_SX1),
    CNT2("n_profile_pupils_y4", "havo+vwo", "count", "havo and vwo year-4 pupils with an N-profile", Y4_HAVO_N, Y4_VWO_N),
    CNT("pupils_y4", "havo", "count", "havo year-4 pupils", Y4_HAVO),
    CNT("pupils_y4", "vwo", "count", "vwo year-4 pupils", Y4_VWO),
    /* (b) teacher training intake */
    CNT2("stem_teacher_training_intake", "all", "count", "entrants to exact/technical teacher training (hbo 2nd grade and university)", ENT_TT_VO_STEM, ENT_TT_WO_STEM),
    CNT("stem_teacher_training_intake", "hbo_2nd_grade_exact", "count", "entrants to hbo 2nd-grade exact/technical teacher training", ENT_TT_VO_STEM),
    PCT("share_stem_teacher_training_intake", "vo_programmes", "exact/technical share of the intake of hbo teacher training for secondary", ENT_TT_VO_STEM, ENT_TT_VO),
    PCT("share_stem_teacher_training_intake", "university_teacher_training", "exact/technical share of the intake of university teacher training", ENT_TT_WO_STEM, ENT_TT_WO),
    CNT("teacher_training_intake", "pabo", "count", "entrants to pabo (primary teacher training)", ENT_TT_PABO),
    CNT("teacher_training_intake", "vo_programmes", "count", "entrants to hbo teacher training for secondary", ENT_TT_VO),
    CNT("teacher_training_intake", "university_teacher_training", "count", "entrants to university teacher training", ENT_TT_WO),
    /* (d) STEM in higher-education intake */
    {{"share_stem_he_intake", "all", "pct", "STEM share of first-year hbo and wo students"}, ES_FX_PCT_SUM, T(ENT_HBO_STEM), T(ENT_HBO), T(ENT_WO_STEM), T(ENT_WO), 0},
    PCT("share_stem_he_intake", "hbo", "STEM share of first-year hbo students", ENT_HBO_STEM, ENT_HBO),
    PCT("share_stem_he_intake", "wo", "STEM share of first-year wo students", ENT_WO_STEM, ENT_WO),
    PCT("share_stem_he_intake", "women", "STEM share of first-year hbo and wo students, women", ENT_HE_STEM_SX0, ENT_HE_SX0),
    PCT("share_stem_he_intake", "men", "STEM share of first-year hbo and wo students, men", ENT_HE_STEM_SX1, ENT_HE_SX1),
    CNT("stem_he_entrants", "hbo", "count", "first-year hbo students in a STEM field", ENT_HBO_STEM),
    CNT("stem_he_entrants", "wo", "count", "first-year wo students in a STEM field", ENT_WO_STEM),
    CNT("he_first_years", "hbo", "count", "first-year hbo students (incl. teacher training)", ENT_HBO),
    CNT("he_first_years", "wo", "count", "first-year wo students", ENT_WO),
    /* (e) technology in vmbo year 3 */
    PCT("share_tech_vmbo_y3", "bb", "technology share of vmbo-bb year-3 pupils", Y3_BB_T, Y3_BB),
    PCT("share_tech_vmbo_y3", "kb", "technology share of vmbo-kb year-3 pupils", Y3_KB_T, Y3_KB),
    PCT("share_tech_vmbo_y3", "gl", "technology share of vmbo-gl year-3 pupils (tl not counted)", Y3_GL_T, Y3_GL),
    PCT("share_tech_vmbo_y3", "tl", "technology share of vmbo-tl year-3 pupils", Y3_TL_T, Y3_TL),
    PCT("share_tech_vmbo_y3", "bb+kb+gl", "technology share of vmbo bb, kb and gl year-3 pupils (the monitor's definition: tl not counted)", Y3_VMBO_T, Y3_VMBO),
    PCT("share_tech_vmbo_y3", "bb+kb+gl_girls", "technology share of girls in vmbo bb, kb and gl year 3 (tl not counted)", Y3_VMBO_T_SX0, Y3_VMBO_SX0),
    PCT("share_tech_vmbo_y3", "bb+kb+gl_boys", "technology share of boys in vmbo bb, kb and gl year 3 (tl not counted)", Y3_VMBO_T_SX1, Y3_VMBO_SX1),
    CNT("pupils_y3", "vmbo_bb", "count", "vmbo bb pupils in year 3", Y3_BB),
    CNT("pupils_y3", "vmbo_kb", "count", "vmbo kb pupils in year 3", Y3_KB),
    CNT("pupils_y3", "vmbo_gl", "count", "vmbo gl pupils in year 3", Y3_GL),
    CNT("pupils_y3", "vmbo_tl", "count", "vmbo tl pupils in year 3", Y3_TL),
    CNT("tech_vmbo_pupils_y3", "bb+kb+gl", "count", "vmbo bb, kb and gl year-3 pupils in the technology sector", Y3_VMBO_T),
    /* enrolment */
    CNT("pupils", "po+vo", "count", "pupils in primary and secondary school", PUP_POVO),
    CNT("pupils", "po", "count", "pupils in primary school", PUP_PO),
    CNT("pupils", "vmbo_bb", "count", "pupils in vmbo bb", PUP_BB),
    CNT("pupils", "vmbo_kb", "count", "pupils in vmbo kb", PUP_KB),
    CNT("pupils", "vmbo_gl", "count", "pupils in vmbo gl/tl", PUP_GL),
    CNT("pupils", "havo", "count", "pupils in havo", PUP_HAVO),
    CNT("pupils", "vwo", "count", "pupils in vwo", PUP_VWO),
    CNT("pupils", "vo", "count", "pupils in secondary school", PUP_VO),
    CNT("students", "mbo", "count", "students in mbo (all levels, BOL and BBL)", STU_MBO),
    CNT("students", "mbo_1", "count", "students in mbo level 1", STU_MBO1),
    CNT("students", "mbo_2", "count", "students in mbo level 2", STU_MBO2),
    CNT("students", "mbo_3", "count", "students in mbo level 3", STU_MBO3),
    CNT("students", "mbo_4", "count", "students in mbo level 4", STU_MBO4),
    CNT("students", "mbo_bbl", "count", "students in work-based mbo (BBL)", STU_MBO_BBL),
    CNT("students", "hbo", "count", "students in hbo (incl. hbo teacher training)", STU_HBO),
    CNT2("students", "wo", "count", "students in wo (incl. university teacher training)", STU_WO, STU_TT_WO),
    CNT2("students", "teacher_training", "count", "students in teacher training (pabo, hbo and university)", STU_HBO_TT, STU_TT_WO),
    CNT("entrants", "po", "count", "entrants to primary school", ENT_PO),
    CNT("entrants", "vo", "count", "entrants to secondary school", ENT_VO),
    CNT("entrants", "mbo", "count", "entrants to mbo", ENT_MBO),
    CNT("entrants", "hbo", "count", "entrants to hbo", ENT_HBO),
    CNT("entrants", "wo", "count", "entrants to wo", ENT_WO),
    CNT("entrants", "mbo_next_level", "count", "mbo graduates continuing at the next mbo level", MBO_STACK),
    CNT("entrants", "mbo_adult_bbl", "count", "persons from work (aged 23-44) starting work-based mbo", MBO_ADULT),
    CNT("entrants", "hbo_from_work", "count", "persons from work (under 30) starting hbo", HE_LATE_HBO),
    CNT("entrants", "wo_from_work", "count", "persons from work (under 30) starting wo", HE_LATE_WO),
    CNT("entrants", "wo_master_from_hbo", "count", "hbo bachelor graduates continuing in a wo master", HBO_TO_WO),
    CNT("entrants", "hbo_international", "count", "international first-year hbo students arriving", INTL_HBO),
    CNT("entrants", "wo_international", "count", "international first-year wo students arriving", INTL_WO),
    PCT("school_utilisation", "vo", "secondary pupils as a share of secondary school places", PUP_VO, CAPACITY_VO),
    CNT2("schools", "po+vo", "count", "primary and secondary schools", SCHOOLS_PO, SCHOOLS_VO),
    /* diplomas and graduates */
    CNT("diplomas", "vmbo_bb", "count", "vmbo bb diplomas", DIPL_VMBO_BB),
    CNT("diplomas", "vmbo_kb", "count", "vmbo kb diplomas", DIPL_VMBO_KB),
    CNT("diplomas", "vmbo_gl", "count", "vmbo gl diplomas", DIPL_VMBO_GL),
    CNT("diplomas", "vmbo_t", "count", "vmbo tl diplomas", DIPL_VMBO_TL),
    CNT("diplomas", "havo", "count", "havo diplomas", DIPL_HAVO),
    CNT("diplomas", "vwo", "count", "vwo diplomas", DIPL_VWO),
    CNT("graduates", "mbo_stem", "count", "mbo diplomas in a STEM field", DIPL_MBO_STEM),
    {{"graduates", "mbo_other", "count", "mbo diplomas in other fields"}, ES_FX_DIFF, T(DIPL_MBO), T(DIPL_MBO_STEM), -1, -1, 0},
    CNT("graduates", "hbo_stem", "count", "hbo bachelor diplomas in a STEM field", DIPL_HBO_STEM),
    {{"graduates", "hbo_other", "count", "hbo bachelor diplomas in other fields"}, ES_FX_DIFF, T(DIPL_HBO), T(DIPL_HBO_STEM), -1, -1, 0},
    CNT("graduates", "wo_stem", "count", "wo master diplomas in a STEM field", DIPL_WO_STEM),
    {{"graduates", "wo_other", "count", "wo master diplomas in other fields"}, ES_FX_DIFF, T(DIPL_WO), T(DIPL_WO_STEM), -1, -1, 0},
    CNT("graduates", "teacher_training", "count", "teacher-training diplomas (pabo, hbo and university)", DIPL_TT),
    PCT("transition_rate", "vwo_to_wo", "vwo graduates entering wo directly, share of vwo diplomas", VWO_TO_WO, DIPL_VWO),
    PCT("transition_rate", "vwo_to_hbo", "vwo graduates entering hbo directly, share of vwo diplomas", VWO_TO_HBO, DIPL_VWO),
    PCT("transition_rate", "havo_to_hbo", "havo graduates entering hbo directly, share of havo diplomas", HAVO_TO_HBO, DIPL_HAVO),
    /* early school leaving and repetition */
    CNT2("early_school_leavers", "vo+mbo", "count", "persons under 23 leaving vo or mbo without a basic qualification", ESL_VO, ESL_MBO),
    /* The published rate (vsv) counts participants under 23: adult BBL students are not
     * in the denominator. */
    {{"early_school_leavers_share", "vo+mbo", "pct", "early school leavers as a share of vo and mbo participants under 23"}, ES_FX_PCT_SUM, T(ESL_VO), T(PUP_VO), T(ESL_MBO), T(STU_MBO_U23), 0},
    PCT("early_school_leavers_share", "mbo", "mbo early school leavers as a share of mbo students under 23", ESL_MBO, STU_MBO_U23),
    CNT("vo_level_changes", "up", "count", "pupils moving up a level in years 1-2 (bb to kb, kb to gl/tl, gl/tl to havo, havo to vwo)", VO_UP),
    CNT("vo_level_changes", "vwo_upper_to_havo", "count", "vwo pupils in year 4 or 5 moving to the havo exam year", VO_UPPER_DOWN),
    PCT("repeat_rate", "vo", "secondary pupils repeating the year, share of secondary pupils", REPEAT_VO, PUP_VO),
    /* demography */
    CNT("population", "all", "count", "persons alive and resident at the yearly count", POP),
    CNT("births", "all", "count", "live births during the year", BIRTHS),
    CNT("deaths", "all", "count", "deaths during the year", DEATHS),
    CNT("emigrants", "all", "count", "emigrants during the year", EMIGRANTS),
    CNT("immigrants", "all", "count", "immigrants during the year", IMMIGRANTS),
    CNT("workforce", "all", "count", "persons out of education below retirement age", WORKFORCE),
    CNT("retired", "all", "count", "persons past retirement age", RETIRED),
    /* teachers (FTE tallies are in thousandths) */
#define FTE(n, s_, dsc, a_) {{n, s_, "fte", dsc}, ES_FX_MILLI, T(a_), -1, -1, -1, 0}
    FTE("teacher_fte_demand", "total", "teaching FTE needed (po, vo, mbo) from pupil numbers and class-size norms", FTE_DEM),
    FTE("teacher_fte_demand", "stem", "exact/technical teaching FTE needed (vo and mbo)", FTE_DEM_STEM),
    FTE("teacher_fte_filled", "total", "teaching FTE filled by qualified teachers", FTE_FIL),
    FTE("teacher_fte_filled", "stem", "exact/technical teaching FTE filled by qualified teachers", FTE_FIL_STEM),
    FTE("teacher_fte_unfilled", "total", "teaching FTE not filled (taught by unqualified staff or not at all)", FTE_UNF),
    FTE("teacher_fte_unfilled", "stem", "exact/technical teaching FTE not filled", FTE_UNF_STEM),
    FTE("teacher_fte_demand", "po", "primary teaching FTE needed", FTE_DEM_PO),
    FTE("teacher_fte_demand", "vo_stem", "secondary exact/technical teaching FTE needed", FTE_DEM_VO_STEM),
    FTE("teacher_fte_demand", "vo_other", "secondary teaching FTE needed, other subjects", FTE_DEM_VO_OTHER),
    FTE("teacher_fte_demand", "mbo_stem", "mbo technical teaching FTE needed", FTE_DEM_MBO_STEM),
    FTE("teacher_fte_demand", "mbo_other", "mbo teaching FTE needed, other programmes", FTE_DEM_MBO_OTHER),
    FTE("teacher_fte_unfilled", "po", "primary teaching FTE not filled", FTE_UNF_PO),
    FTE("teacher_fte_unfilled", "vo_stem", "secondary exact/technical teaching FTE not filled", FTE_UNF_VO_STEM),
    FTE("teacher_fte_unfilled", "vo_other", "secondary teaching FTE not filled, other subjects", FTE_UNF_VO_OTHER),
    FTE("teacher_fte_unfilled", "mbo_stem", "mbo technical teaching FTE not filled", FTE_UNF_MBO_STEM),
    FTE("teacher_fte_unfilled", "mbo_other", "mbo teaching FTE not filled, other programmes", FTE_UNF_MBO_OTHER),
    {{"teacher_fte", "vo", "fte", "secondary teaching FTE filled by qualified teachers"}, ES_FX_MILLI, T(FTE_FIL_VO_STEM), T(FTE_FIL_VO_OTHER), -1, -1, 0},
    PCT("unqualified_lessons_share", "vo", "share of secondary lessons (FTE) not covered by a qualified teacher", FTE_UNF_VO, FTE_DEM_VO),
    FTE("hybrid_teacher_fte", "all", "teaching FTE of hybrid teachers (company staff teaching part-time)", FTE_HYBRID),
    FTE("trainee_teacher_fte", "all", "teaching FTE of Eerst De Klas trainees", FTE_TRAINEE),
    CNT("teachers", "all", "count", "teachers employed by schools (headcount)", TEACHERS),
    CNT("teacher_hires", "all", "count", "teachers hired during the year", TEACHER_HIRES),
    CNT("teacher_hires", "side_entrants", "count", "teachers hired from other work (side entrants)", TEACHER_SIDE_ENTRY),
    CNT("teacher_quits", "all", "count", "teachers leaving for other work during the year", TEACHER_QUITS),
    /* the labour market */
    CNT("labour_force", "all", "count", "persons in the labour force (out of education, below retirement age, seeking or in work)", LF),
    CNT("employees", "all", "count", "employees of companies", EMPLOYEES),
    PCT("unemployment_rate", "all", "unemployed share of the labour force", UNEMP, LF),
    PCT("unemployment_rate", "low", "unemployment rate without a basic qualification", UNEMP_L0, LF_L0),
    PCT("unemployment_rate", "mbo", "unemployment rate with a basic qualification or mbo", UNEMP_L1, LF_L1),
    PCT("unemployment_rate", "hbo", "unemployment rate with an hbo degree", UNEMP_L2, LF_L2),
    PCT("unemployment_rate", "wo", "unemployment rate with a wo degree", UNEMP_L3, LF_L3),
    CNT("vacancies", "tech", "count", "vacancies in technology/industry companies during the year", VAC_TECH),
    CNT("vacancies", "care", "count", "vacancies in care during the year", VAC_CARE),
    CNT("vacancies", "other", "count", "vacancies in other sectors during the year", VAC_OTHER),
    CNT("vacancies_filled", "tech", "count", "technology vacancies filled", VACF_TECH),
    CNT("vacancies_filled", "care", "count", "care vacancies filled", VACF_CARE),
    CNT("vacancies_filled", "other", "count", "vacancies filled in other sectors", VACF_OTHER),
    {{"vacancies_unfilled", "tech", "count", "technology vacancies left unfilled"}, ES_FX_DIFF, T(VAC_TECH), T(VACF_TECH), -1, -1, 0},
    {{"vacancies_unfilled", "care", "count", "care vacancies left unfilled"}, ES_FX_DIFF, T(VAC_CARE), T(VACF_CARE), -1, -1, 0},
    {{"vacancies_unfilled", "other", "count", "vacancies left unfilled in other sectors"}, ES_FX_DIFF, T(VAC_OTHER), T(VACF_OTHER), -1, -1, 0},
    CNT("vacancies", "stem", "count", "vacancies in STEM jobs (technical and ICT occupations) in all sectors during the year", VAC_STEM),
    CNT("vacancies_filled", "stem", "count", "STEM-job vacancies filled", VACF_STEM),
    {{"vacancies_unfilled", "stem", "count", "STEM-job vacancies left unfilled"}, ES_FX_DIFF, T(VAC_STEM), T(VACF_STEM), -1, -1, 0},
    {{"vacancies_tech_ict", "all", "count", "STEM-job vacancies open after the year's matching, a stock (published series: open technical and ICT vacancies, Q4)"}, ES_FX_DIFF, T(VAC_STEM), T(VACF_STEM), -1, -1, 0},
    PCT("stem_graduates_in_stem_jobs", "all", "share of employed STEM graduates (mbo-3 and above) in STEM jobs or teaching exact subjects", STEM_GRAD_STEM_JOB, STEM_GRAD_EMP),
    CNT("bbl_without_place", "all", "count", "work-based (BBL) mbo students without a company place, studying school-based instead", BBL_NO_PLACE),
    CNT("companies", "all", "count", "companies (establishments with employees)", COMPANIES),
    /* lifelong learning */
    PCT("llo_participation", "all", "share of employees taking training during the year", LLO_PART, EMPLOYEES),
    CNT("llo_formal", "all", "count", "employees taking formal (qualifying) training", LLO_FORMAL),
    CNT("llo_upgrades", "all", "count", "employees whose qualification level rose through formal training", LLO_UPGRADE),
    {{"skill_currency", "all", "ratio", "mean skill currency of employees (1 = up to date)"}, ES_FX_RATIO, T(SKILL_MILLI), T(EMPLOYEES), -1, -1, 1e-3},
    /* partnerships (c) */
    CNT("n_partnerships", "all", "count", "public-private partnerships of the Katapult network (the published count, nl_targets.csv c1): centres (of expertise, for innovative craftsmanship, and the RIF mbo partnerships, which the model founds as centres) and field labs past their initiation year (running, not just awarded); not the school-company and vo-ho networks (see all_kinds)", PPS_KATAPULT),
    CNT("n_partnerships", "all_kinds", "count", "active partnerships of every kind, with the school-company and vo-ho networks", PPS_ACTIVE),
    CNT("n_centres", "all", "count", "active centres (centres of expertise and centres for innovative craftsmanship)", PPS_CENTRES),
    CNT("n_partnerships", "centre_hbo", "count", "active centres of expertise (hbo)", PPS_K0),
    CNT("n_partnerships", "centre_mbo", "count", "active centres for innovative craftsmanship (mbo)", PPS_K1),
    CNT("n_partnerships", "field_lab", "count", "active field labs", PPS_K2),
    CNT("n_partnerships", "school_company_network", "count", "active school-company networks", PPS_K3),
    CNT("n_partnerships", "vo_ho_network", "count", "active vo-ho networks", PPS_K4),
    CNT("partnerships_phase", "initiation", "count", "partnerships in the initiation phase", PPS_P0),
    CNT("partnerships_phase", "pilot", "count", "partnerships in the pilot phase", PPS_P1),
    CNT("partnerships_phase", "early_adopters", "count", "partnerships in the early-adopter phase", PPS_P2),
    CNT("partnerships_phase", "scaling", "count", "partnerships in the scaling phase", PPS_P3),
    CNT("partnerships_phase", "sustained", "count", "partnerships sustaining themselves after public funding", PPS_P4),
    CNT("partnerships_formed", "all", "count", "partnerships formed during the year", PPS_FORMED),
    CNT("partnerships_dissolved", "all", "count", "partnerships dissolved during the year", PPS_DISSOLVED),
    CNT("n_companies_in_partnerships", "all", "count", "companies that are members of an active vocational partnership (the published count, nl_targets.csv c2): centres, RIF mbo partnerships and field labs; not the school-company and vo-ho networks (see all_kinds)", PPS_VOC_COMPANIES),
    CNT("n_companies_in_partnerships", "all_kinds", "count", "companies that are members of an active partnership of any kind", PPS_COMPANIES),
    {{"companies_per_centre", "all", "count", "mean member companies per centre"}, ES_FX_RATIO, T(PPS_CENTRE_COMPANIES), T(PPS_CENTRES), -1, -1, 0},
    {{"private_cofinancing", "all", "eur_mln", "committed private co-financing of partnerships, cash and in kind"}, ES_FX_MEGA, T(PPS_PRIVATE_EUR), T(PPS_INKIND_EUR), -1, -1, 0},
    {{"private_cofinancing", "cash", "eur_mln", "committed private co-financing of partnerships in cash"}, ES_FX_MEGA, T(PPS_PRIVATE_EUR), -1, -1, -1, 0},
    {{"private_cofinancing_per_centre", "all", "eur_mln", "committed private co-financing per centre per year"}, ES_FX_RATIO, T(PPS_CENTRE_EUR), T(PPS_CENTRES), -1, -1, 1e-6},
    {{"public_spending", "partnerships", "eur_mln", "public funding of partnerships"}, ES_FX_MEGA, T(PPS_PUBLIC_EUR), -1, -1, -1, 0},
    {{"policy_public_spending", "cofinancing", "eur_mln", "public spending on cofinancing policies"}, ES_FX_MEGA, T(POL_PUB0), -1, -1, -1, 0},
    {{"policy_private_spending", "cofinancing", "eur_mln", "private spending (cash and in kind) under cofinancing policies"}, ES_FX_MEGA, T(POL_PRIV0), -1, -1, -1, 0},
    {{"policy_public_spending", "benchmarking", "eur_mln", "public spending on benchmarking policies"}, ES_FX_MEGA, T(POL_PUB1), -1, -1, -1, 0},
    {{"policy_private_spending", "benchmarking", "eur_mln", "private spending (cash and in kind) under benchmarking policies"}, ES_FX_MEGA, T(POL_PRIV1), -1, -1, -1, 0},
    {{"policy_public_spending", "hybrid_teachers", "eur_mln", "public spending on hybrid_teachers policies"}, ES_FX_MEGA, T(POL_PUB2), -1, -1, -1, 0},
    {{"policy_private_spending", "hybrid_teachers", "eur_mln", "private spending (cash and in kind) under hybrid_teachers policies"}, ES_FX_MEGA, T(POL_PRIV2), -1, -1, -1, 0},
    {{"policy_public_spending", "eerst_de_klas", "eur_mln", "public spending on eerst_de_klas policies"}, ES_FX_MEGA, T(POL_PUB3), -1, -1, -1, 0},
    {{"policy_private_spending", "eerst_de_klas", "eur_mln", "private spending (cash and in kind) under eerst_de_klas policies"}, ES_FX_MEGA, T(POL_PRIV3), -1, -1, -1, 0},
    {{"policy_public_spending", "knowledge_programme", "eur_mln", "public spending on knowledge_programme policies"}, ES_FX_MEGA, T(POL_PUB4), -1, -1, -1, 0},
    {{"policy_private_spending", "knowledge_programme", "eur_mln", "private spending (cash and in kind) under knowledge_programme policies"}, ES_FX_MEGA, T(POL_PRIV4), -1, -1, -1, 0},
    {{"policy_public_spending", "regional_pact", "eur_mln", "public spending on regional_pact policies"}, ES_FX_MEGA, T(POL_PUB5), -1, -1, -1, 0},
    {{"policy_private_spending", "regional_pact", "eur_mln", "private spending (cash and in kind) under regional_pact policies"}, ES_FX_MEGA, T(POL_PRIV5), -1, -1, -1, 0},
    {{"policy_public_spending", "chain_collaboration", "eur_mln", "public spending on chain_collaboration policies"}, ES_FX_MEGA, T(POL_PUB6), -1, -1, -1, 0},
    {{"policy_private_spending", "chain_collaboration", "eur_mln", "private spending (cash and in kind) under chain_collaboration policies"}, ES_FX_MEGA, T(POL_PRIV6), -1, -1, -1, 0},
    {{"policy_public_spending", "network_support", "eur_mln", "public spending on network_support policies"}, ES_FX_MEGA, T(POL_PUB7), -1, -1, -1, 0},
    {{"policy_private_spending", "network_support", "eur_mln", "private spending (cash and in kind) under network_support policies"}, ES_FX_MEGA, T(POL_PRIV7), -1, -1, -1, 0},
    {{"policy_public_spending", "lifelong_learning", "eur_mln", "public spending on lifelong_learning policies"}, ES_FX_MEGA, T(POL_PUB8), -1, -1, -1, 0},
    {{"policy_private_spending", "lifelong_learning", "eur_mln", "private spending (cash and in kind) under lifelong_learning policies"}, ES_FX_MEGA, T(POL_PRIV8), -1, -1, -1, 0},
    CNT("hybrid_teachers", "all", "count", "hybrid teachers (company staff teaching part-time)", HYBRIDS),
    CNT("trainees_started", "all", "count", "Eerst De Klas trainees starting as teachers", TRAINEES_NEW),
    CNT("chain_schools", "vo", "count", "secondary schools in a chain collaboration (vo-ho network or chain policy)", CHAIN_SCHOOLS),
    CNT("network_schools", "vo", "count", "secondary schools that are members of a school-company network (network_support)", NETWORK_SCHOOLS),
    STAGE3(ES_ST_CHILD, "child"), STAGE3(ES_ST_PO, "po"), STAGE3(ES_ST_VO, "vo"),
    STAGE3(ES_ST_MBO, "mbo"), STAGE3(ES_ST_HBO, "hbo"), STAGE3(ES_ST_WO, "wo"),
    STAGE3(ES_ST_TT_WO, "tt_wo"), STAGE3(ES_ST_WORK, "work"), STAGE3(ES_ST_RETIRED, "retired"),
};

#define ES_NIND ((int)(sizeof es_table / sizeof es_table[0]))

int es_indicators_count(void) { return ES_NIND; }
const es_indicator *es_indicators(void) { return es_table; }

void es_indicator_descs(es_ind_desc *out)
{
    for (int i = 0; i < ES_NIND; i++) out[i] = es_table[i].desc;
}

int es_indicator_find(const char *name, const char *subgroup)
{
    for (int i = 0; i < ES_NIND; i++)
        if (!strcmp(es_table[i].desc.name, name) && !strcmp(es_table[i].desc.subgroup, subgroup))
            return i;
    return -1;
}

static double pct(int64_t a, int64_t b) { return b > 0 ? 100.0 * (double)a / (double)b : NAN; }

void es_indicators_compute(const int64_t *t, double scale, double *out)
{
    for (int i = 0; i < ES_NIND; i++) {
        const es_indicator *x = &es_table[i];
        int64_t s = t[x->a];
        switch (x->fx) {
        case ES_FX_COUNT:
            if (x->b >= 0) s += t[x->b];
            if (x->c >= 0) s += t[x->c];
            out[i] = (double)s / scale;
            break;
        case ES_FX_DIFF: out[i] = (double)(t[x->a] - t[x->b]) / scale; break;
        case ES_FX_PCT: out[i] = pct(t[x->a], t[x->b]); break;
        case ES_FX_PCT_SUM: out[i] = pct(t[x->a] + t[x->c], t[x->b] + t[x->d]); break;
        case ES_FX_RAW:
            if (x->b >= 0) s += t[x->b];
            out[i] = (double)s;
            break;
        case ES_FX_MILLI:
            if (x->b >= 0) s += t[x->b];
            out[i] = (double)s / 1000.0 / scale;
            break;
        case ES_FX_MEGA:
            if (x->b >= 0) s += t[x->b];
            out[i] = (double)s / 1e6 / scale;
            break;
        case ES_FX_RATIO:
            out[i] = t[x->b] > 0 ? (double)t[x->a] / (double)t[x->b] * (x->mult != 0 ? x->mult : 1.0) : NAN;
            break;
        }
    }
}

/* ---- spending per named policy ------------------------------------------ */

int es_policy_named(const es_policy *p)
{
    return p->type < 0 || p->type >= ES_N_POL_TYPES || strcmp(p->name, es_pol_type_names[p->type]) != 0;
}

void es_indset_init(es_indset *s)
{
    memset(s, 0, sizeof *s);
    s->n = ES_NIND;
}

void es_indset_free(es_indset *s)
{
    free(s->pol);
    free(s->text);
    es_indset_init(s);
}

es_status es_indset_add(es_indset *s, const char *name)
{
    for (int j = 0; j < s->npol; j++)
        if (!strcmp(s->pol[j], name)) return ES_OK;
    if (s->npol == s->cap) {
        int cap = s->cap ? 2 * s->cap : 8;
        char(*p)[64] = realloc(s->pol, (size_t)cap * sizeof *p);
        if (p) s->pol = p;
        char(*t)[2][160] = realloc(s->text, (size_t)cap * sizeof *t);
        if (t) s->text = t;
        if (!p || !t) return ES_ERR_NOMEM;
        s->cap = cap;
    }
    int j = s->npol++;
    snprintf(s->pol[j], sizeof s->pol[j], "%s", name);
    snprintf(s->text[j][0], sizeof s->text[j][0], "public spending on the policy named %s", name);
    snprintf(s->text[j][1], sizeof s->text[j][1], "private spending (cash and in kind) under the policy named %s", name);
    s->n = ES_NIND + 2 * s->npol;
    return ES_OK;
}

es_status es_indset_add_policies(es_indset *s, const es_policies *pp)
{
    for (int k = 0; k < pp->n; k++)
        if (es_policy_named(&pp->p[k])) {
            es_status st = es_indset_add(s, pp->p[k].name);
            if (st != ES_OK) return st;
        }
    return ES_OK;
}

void es_indset_descs(const es_indset *s, es_ind_desc *out)
{
    es_indicator_descs(out);
    for (int j = 0; j < s->npol; j++) {
        out[ES_NIND + 2 * j] = (es_ind_desc){"policy_public_spending", s->pol[j], "eur_mln", s->text[j][0]};
        out[ES_NIND + 2 * j + 1] = (es_ind_desc){"policy_private_spending", s->pol[j], "eur_mln", s->text[j][1]};
    }
}

int es_indset_find(const es_indset *s, const char *name, const char *subgroup)
{
    int i = es_indicator_find(name, subgroup);
    if (i >= 0) return i;
    int pub = !strcmp(name, "policy_public_spending"), priv = !strcmp(name, "policy_private_spending");
    for (int j = 0; (pub || priv) && j < s->npol; j++)
        if (!strcmp(s->pol[j], subgroup)) return ES_NIND + 2 * j + priv;
    return -1;
}

void es_indicators_compute_policies(const int64_t *t, double scale, const es_policies *pp, double *out)
{
    /* as ES_FX_MEGA */
    for (int k = 0; k < pp->n; k++) {
        if (!es_policy_named(&pp->p[k])) continue;
        *out++ = (double)t[ES_T_POLK_PUB + k] / 1e6 / scale;
        *out++ = (double)t[ES_T_POLK_PRIV + k] / 1e6 / scale;
    }
}

void es_indset_expand(const es_indset *s, const es_policies *pp, const double *v, size_t cells, double *out)
{
    memcpy(out, v, (size_t)ES_NIND * cells * sizeof *out);
    for (int j = 0; j < s->npol; j++) {
        int at = -1, m = 0;
        for (int k = 0; k < pp->n && at < 0; k++)
            if (es_policy_named(&pp->p[k])) {
                if (!strcmp(pp->p[k].name, s->pol[j])) at = m;
                m++;
            }
        double *o = out + (size_t)(ES_NIND + 2 * j) * cells;
        if (at >= 0) memcpy(o, v + (size_t)(ES_NIND + 2 * at) * cells, 2 * cells * sizeof *o);
        else
            for (size_t c = 0; c < 2 * cells; c++) o[c] = 0.0;
    }
}
