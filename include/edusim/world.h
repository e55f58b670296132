/* world.h - regions and schools, and the synthetic initial population. */
#ifndef EDUSIM_WORLD_H
#define EDUSIM_WORLD_H

#include <stdint.h>

#include "edusim/economy.h"
#include "edusim/pps.h"
#include "edusim/params.h"
#include "edusim/pop.h"

/* Draw slots of ES_RNG_INIT_PERSON: a person's attributes when synthesised at the
 * start (world.c) or arriving later (demography.c). Never renumber. */
typedef enum es_init_slot {
    ES_INIT_AGE = 0,       /* age at synthesis */
    ES_INIT_SEX = 1,
    ES_INIT_ABILITY = 2,   /* normal */
    ES_INIT_INTEREST = 4,  /* normal, around the region's image */
    ES_INIT_QUAL = 6,      /* adult qualification */
    ES_INIT_QUAL_STEM = 7  /* adult qualification in a STEM field */
} es_init_slot;

typedef enum es_sector {
    ES_SEC_PO = 0,
    ES_SEC_VO,
    ES_SEC_MBO,
    ES_SEC_HBO,
    ES_SEC_WO,
    ES_N_SECTORS
} es_sector;

typedef struct es_schools {
    int32_t n;
    int16_t *region;    /* [n] */
    uint8_t *sector;    /* [n] es_sector */
    int32_t *capacity;  /* [n] places (simulated persons, i.e. at scale) */
    int32_t *enrolled;  /* [n] counted each year */
    /* first[r][s], count[r][s]: the schools of sector s in region r are the index
     * range [first, first+count) */
    int32_t (*first)[ES_N_SECTORS];
    int32_t (*count)[ES_N_SECTORS];
    /* Yearly aggregates that act on pupils (computed in the count phase and by the
     * teacher and partnership phases; read the following year). */
    int32_t *pupils;       /* [n] pupils counted */
    int32_t *stem_pupils;  /* [n] pupils with a STEM profile, sector or field */
    float *stem_quality;   /* [n] filled share of STEM teaching FTE (1 = none missing) */
    float *contact;        /* [n] company contact per pupil (0-1) from partnerships */
    uint8_t *chain;        /* [n] 1 when in a vo-ho / chain collaboration */
    int32_t *hybrids;      /* [n] hybrid teachers at the school this year */
    int32_t *fte_demand;   /* [n][ES_N_SUBJECTS] teaching FTE needed, in milli-FTE */
    int32_t *fte_filled;   /* [n][ES_N_SUBJECTS] teaching FTE present, in milli-FTE */
} es_schools;

typedef struct es_world {
    const es_params *par;
    int nregions;
    es_schools schools;
    es_pop pop;
    es_companies comp;
    es_pps pps;
    double *tightness;  /* [nregions] unfilled share of technology vacancies last year */
    double *network_share; /* [nregions] member share of the vo schools in school-company networks */
    double *pol_eff;    /* [npolicies][nregions] effective policy intensities this year */
    int year;           /* the school year being simulated */
    int naive_education; /* 1: the naive reference education step (benchmark, tests) */
} es_world;

/* Build regions, schools and the initial population for year
 * par->start_year - par->burn_in. Checks the population against available memory
 * before allocating (ES_ERR_LIMIT with a message naming the limit). */
es_status es_world_create(es_world *w, const es_params *par, es_diag *d);
void es_world_free(es_world *w);

/* Create companies and employ the initial labour force, place the initial teachers,
 * and form the initial school-company networks (economy_init.c). */
es_status es_economy_create(es_world *w, es_diag *d);

/* Qualification mix (es_qual order) of adults at synthesis and of immigrants: CBS,
 * 25-64 year-olds around 2000, roughly a third low, 40 % intermediate, a quarter
 * higher education. An assumption documented in scenarios/reference.yaml. */
extern const double es_adult_qual_mix[ES_N_QUALS];

/* Persons the scenario will need at its largest (for the memory check). */
double es_world_expected_persons(const es_params *par);
/* Bytes of memory one run of the scenario needs at its largest (its population). */
double es_world_memory_need(const es_params *par);
/* Bytes of memory available now (MemAvailable, else physical memory); a run may use
 * at most 80 % of it (the memory check of es_world_create and of sweeps). */
double es_available_memory(void);
#define ES_MEMORY_SHARE 0.8

#endif
