/* params.h - the scenario: every model parameter, read by name from a scenario file.
 *
 * es_params_read() asks the cfg for every key with its default and valid range, so
 * the defaults live in one place (params.c) and scenarios/reference.yaml documents
 * them. Counts are at 1:1 scale; `scale` sets the fraction of persons simulated. */
#ifndef EDUSIM_PARAMS_H
#define EDUSIM_PARAMS_H

#include <stdint.h>

#include "edusim/cfg.h"
#include "edusim/policy.h"

#define ES_MAX_REGIONS 64
#define ES_NAME_LEN 64

/* Secondary tracks and the advice categories that lead to them. */
typedef enum es_vo_track {
    ES_VO_BB = 0, /* vmbo basisberoepsgerichte leerweg */
    ES_VO_KB,     /* vmbo kaderberoepsgerichte leerweg */
    ES_VO_GL,     /* vmbo gemengde / theoretische leerweg (gl/tl) */
    ES_VO_HAVO,
    ES_VO_VWO,
    ES_N_VO_TRACKS
} es_vo_track;

typedef struct es_region_params {
    char name[ES_NAME_LEN];
    double population;     /* persons at the start of the burn-in, 1:1 */
    double birth_rate;     /* live births per 1000 persons per year */
    double stem_image;     /* regional image of technology, shifts base STEM interest (sd units) */
    int schools_po;        /* primary schools */
    int schools_vo;        /* secondary schools (all offer vmbo; havo/vwo see vo_share_general) */
    int schools_mbo;
    int schools_hbo;
    int schools_wo;
} es_region_params;

/* STEM interest: a latent per person (sd 1), moved each school year by exposures. */
typedef struct es_interest_params {
    double teacher;      /* per year, times (qualified STEM share of the school - 1) */
    double contact;      /* per year, times the school's company contact (0-1) */
    double peer;         /* per year, times (STEM share of peers - 0.5) */
    double chain;        /* per year, when the school is in a chain collaboration */
    double image;        /* per year, times the region's stem_image */
    double noise;        /* sd of the yearly idiosyncratic change */
    double reversion;    /* share of the gap to the person's base interest closed per year */
} es_interest_params;

typedef struct es_teacher_params {
    double pupils_per_fte[3];   /* po, vo, mbo: class-size norm as pupils per teacher FTE */
    double stem_share[2];       /* share of vo / mbo teaching FTE in exact/technical subjects */
    double initial_fill;        /* share of demand filled at the start */
    double mean_fte;            /* mean FTE of a teacher */
    double quit_rate;           /* annual base quit rate to other work */
    double wage_gap_stem;       /* outside wage gap of STEM teachers (relative) */
    double wage_gap_other;
    double quit_wage;           /* log-hazard per unit wage gap */
    double quit_tightness;      /* log-hazard per unit regional tightness */
    double tt_enter;            /* share of teacher-training graduates entering teaching */
    double side_entry_rate;     /* annual rate of hbo/wo workers aged 25-55 moving into teaching */
    double side_entry_stem;     /* relative side entry of STEM-qualified workers */
    double quality_success;     /* first-year STEM drop-out added per unit of STEM shortfall */
} es_teacher_params;

typedef struct es_labour_params {
    double employment_rate;     /* share of the initial labour force employed */
    double job_growth[3];       /* annual growth of jobs: technology/industry, care, other */
    double stem_job_share[3];   /* STEM share of jobs at mbo level and above, by sector */
    double sector_share[3];     /* share of employment by sector */
    double large_share;         /* share of employment in large firms (250+) */
    double firm_size[2];        /* mean employees of an SME / a large firm */
    double job_change_rate;     /* annual probability that an employee looks for another job (on the job) */
    double separation_rate;     /* annual probability that an employee loses the job */
    double match_rate;          /* probability that a job seeker finds an open vacancy in a year */
    int applications;           /* applications per cell of a seeker's preference list (0: no coordination friction) */
    double vacancy_lapse;       /* share of the vacancies left unfilled that lapse each year */
    double absorption;          /* jobs created per seeker left without a job (demand follows supply) */
    double leak_stem;           /* probability a STEM graduate accepts a non-STEM job first */
    double tech_change;         /* annual decay of skill currency */
    double skill_floor;         /* skill below which a worker risks losing the job */
    double layoff_rate;         /* annual job-loss probability below the floor */
    double inactive_rate;       /* share of leavers without basic qualification inactive */
    double bbl_places_per_100;  /* BBL places per 100 employees at mbo level */
} es_labour_params;

typedef struct es_pps_params {
    double formation_rate;      /* new partnerships per region per year per 100 schools */
    double kind_share[5];       /* CoE, CIV, field lab, school-company network, vo-ho network */
    double join_base;           /* logit of a company joining per year */
    double join_trust;          /* logit per unit trust */
    double join_tech;           /* logit bonus for technology companies */
    double join_large;          /* logit bonus for large companies */
    double trust_growth;        /* share of the gap to full trust closed per year */
    double money_per_company;   /* EUR per member company per year, cash */
    double inkind_per_company;  /* EUR per member company per year, in kind */
    double public_per_year;     /* EUR public funding per partnership per year while funded */
    int funding_years;          /* years of public funding from formation */
    double sustain_share;       /* private share of the budget needed to sustain after funding */
    double dissolve_rate;       /* annual dissolution probability of an unsustainable partnership */
    double fragile_rate;        /* extra dissolution probability with at most two companies */
    double contact_per_company; /* company contact gained by a member school per company */
    double leave_rate;          /* annual probability that a member company leaves */
    int capacity;               /* member companies a school-company or vo-ho network can take */
    int centre_capacity;        /* member companies a centre or field lab can take */
    int initial_networks;       /* school-company networks at the start, per 100 vo schools */
} es_pps_params;

typedef struct es_llo_params {
    double participation;       /* annual training probability of a large-firm employee */
    double sme_factor;          /* relative participation in SMEs */
    double pps_boost;           /* relative extra participation with a partnership LLO offer */
    double restore;             /* skill currency restored by training */
    double formal_share;        /* share of training that is formal (qualification) */
    double upgrade;             /* probability formal training raises the qualification */
} es_llo_params;

#define ES_MAX_BIRTH_YEARS 200

typedef struct es_params {
    char name[ES_NAME_LEN];
    uint64_t seed;
    int start_year;        /* first reported school year (2004 = 2004/05) */
    int end_year;          /* last reported school year */
    int burn_in;           /* years simulated before start_year, not reported */
    double scale;          /* fraction of real persons simulated (1 = 1:1) */

    int nregions;
    es_region_params region[ES_MAX_REGIONS];

    /* demography */
    double mort_a, mort_b;     /* Gompertz: annual death probability a*exp(b*age) */
    double emigration_rate;    /* per person per year, ages 18-64 */
    double immigration_rate;   /* immigrants per 1000 residents per year, aged 20-34 */
    double intl_students_hbo;  /* international first-year hbo students per 1000 residents per year */
    double intl_students_wo;   /* ... wo bachelor */
    double intl_stem_share[2]; /* STEM share of international first-years, hbo / wo */
    /* Published national births by year (1:1), from births_first_year; when given they
     * replace the regions' birth rates, shared out by the regions' populations. */
    double births[ES_MAX_BIRTH_YEARS];
    int nbirths, births_first_year;
    int retirement_age;

    /* persons */
    double interest_sex_gap;   /* male minus female mean STEM interest (sd units) */
    double share_male;         /* of births */

    /* primary school and advice */
    int po_entry_age;
    double po_repeat_rate;
    double advice_share[ES_N_VO_TRACKS]; /* shares of advice bb, kb, gl, havo, vwo (sum 1) */
    double advice_noise;       /* sd of the non-ability part of the advice score */

    /* secondary */
    double vo_repeat_rate[ES_N_VO_TRACKS];   /* per year, years before the pre-exam year */
    double vo_pre_exam_repeat[ES_N_VO_TRACKS]; /* the year before the exam year */
    double vo_exam_pass[ES_N_VO_TRACKS];     /* final year */
    double vo_down_rate;       /* per year: havo->gl, vwo->havo */
    double vo_up_rate;         /* per year in years 1-2: gl->havo, havo->vwo */
    double vo_upper_down_rate; /* per year in vwo years 4-5: to the havo exam year */
    double vo_vmbo_down_rate;  /* per year in vmbo years 1-2: gl/tl->kb, kb->bb */
    double vo_vmbo_up_rate;    /* per year in vmbo years 1-2: bb->kb, kb->gl/tl */
    double vo_dropout_rate;    /* per year, leave without diploma (age >= 16) */
    double vo_upper_to_mbo[2]; /* per year in havo/vwo year 4 on: leave for mbo level 4 */
    double vmbo_tech_base[3];  /* logit base of choosing technology in vmbo year 3, bb/kb/gl */
    double vmbo_tech_base_tl;  /* ... in the theoretical track (tl) */
    double vmbo_tech_interest; /* logit slope per sd of STEM interest */
    double tl_share;           /* share of gl/tl pupils in tl (the rest in gl) */
    double profile_n_base[2];  /* logit base of an N-profile, havo / vwo */
    double profile_n_interest; /* logit slope per sd of interest */
    double profile_n_ability;  /* logit slope per sd of ability */

    /* transitions after a diploma */
    double gl_to_havo;         /* vmbo gl/tl diploma -> havo year 4 */
    double vmbo_to_mbo;        /* vmbo diploma -> mbo */
    double havo_to_hbo;
    double havo_to_mbo;
    double vwo_to_wo;
    double vwo_to_hbo;
    double mbo4_to_hbo;
    double dropout_to_mbo1;    /* vo leavers without a diploma entering mbo level 1 (entree) */
    double mbo_stack_rate;     /* mbo level 1-3 graduates continuing at the next level */
    double hbo_to_wo;          /* hbo bachelor graduates entering a wo master */
    double he_late_entry_rate; /* per year: workers under 30 with havo, vwo or mbo-4 entering hbo/wo */
    double mbo_adult_entry_rate; /* per year: workers 23-44 below mbo-3 entering BBL mbo */
    double bbl_share[4];       /* share work-based (BBL) at mbo levels 1-4 */
    double tt_share_hbo;       /* of hbo entrants choosing teacher training (incl. pabo) */
    double tt_pabo_share;      /* of hbo teacher-training entrants choosing pabo */
    double tt_share_wo;        /* of wo master graduates entering university teacher training */
    double tt_stem_factor_wo;  /* relative chance of a STEM wo graduate entering it (min 1 with share) */
    double field_stem_tt_hbo;  /* logit shift of a STEM subject in hbo teacher training for vo */
    double field_stem_interest; /* logit slope of a STEM field per sd of interest */
    double field_stem_base_mbo, field_stem_base_hbo, field_stem_base_wo;
    double field_n_profile;    /* logit bonus of an N-profile / technology sector for a STEM field */

    /* tertiary and vocational progress */
    double mbo_dropout_rate;   /* per year */
    double mbo_pass_rate;      /* final year */
    double hbo_first_year_dropout;
    double hbo_dropout_rate;   /* later years */
    double hbo_pass_rate;      /* final year */
    double wo_first_year_dropout;
    double wo_dropout_rate;
    double wo_pass_rate;
    double tt_dropout_rate;
    double stem_first_year_extra_dropout; /* added to first-year drop-out in STEM fields */

    es_interest_params interest;
    double network_imitation;  /* yearly joining chance per member share of the region's vo schools */
    double network_potential;  /* share of the vo schools that would ever join a network */
    es_teacher_params teach;
    es_labour_params labour;
    es_pps_params pps;
    es_llo_params llo;
    es_policies pol;
} es_params;

/* Read the ecosystem sections (interest, teachers, labour, partnerships, llo). */
es_status es_params_read_ecosystem(es_cfg *c, es_params *p);

/* Read every parameter from c (absent keys take defaults). Errors accumulate in the
 * cfg's diagnostics; returns ES_ERR_INPUT if any. Checks across keys (advice shares
 * sum to 1, end >= start, region count) are made here too. */
es_status es_params_read(es_cfg *c, es_params *p);

/* The embedded default scenario (a mid-sized Dutch region) as YAML text. */
const char *es_params_default_yaml(void);
/* Its `regions:` block alone: what a scenario file without regions runs with. */
const char *es_params_default_regions_yaml(void);

#endif
