/* economy.h - the companies as structure-of-arrays (economy.c). What acts on them is
 * in the labour and partnerships modules; the partnerships' own store is pps.h. */
#ifndef EDUSIM_ECONOMY_H
#define EDUSIM_ECONOMY_H

#include <stdint.h>

#include "edusim/common.h"
#include "edusim/pop.h"

typedef enum es_csector { ES_CS_TECH = 0, ES_CS_CARE, ES_CS_OTHER, ES_N_CSECTORS } es_csector;
typedef enum es_csize { ES_SZ_SME = 0, ES_SZ_LARGE, ES_N_CSIZES } es_csize;

/* Companies as structure-of-arrays; cell arrays are [n][ES_N_CELLS]. */
typedef struct es_companies {
    int32_t n;
    int64_t *id;          /* stable identity (order of creation) */
    int16_t *region;
    uint8_t *sector;      /* es_csector */
    uint8_t *size;        /* es_csize */
    int32_t *staff;       /* [n][ES_N_CELLS] employees by job cell, recounted each year */
    double *target;       /* [n][ES_N_CELLS] jobs wanted; grows with labour.job_growth */
    int32_t *vacancies;   /* [n][ES_N_CELLS] open this year before matching */
    int32_t *bbl_used;    /* BBL students placed */
    int32_t *pps;         /* partnership joined, -1 */
    int32_t *first;       /* [nregions] first company of each region */
    int32_t *count;       /* [nregions] companies in each region */
} es_companies;

void es_companies_free(es_companies *c);

#endif
