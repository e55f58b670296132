/* pps.h - the store of public-private partnerships (centres of expertise, centres
 * for innovative craftsmanship, field labs, school-company and vo-ho networks) as
 * structure-of-arrays, grown geometrically (pps.c). What acts on them is
 * partnerships.h. */
#ifndef EDUSIM_PPS_H
#define EDUSIM_PPS_H

#include <stdint.h>

#include "edusim/common.h"

typedef enum es_pps_kind {
    ES_PK_CENTRE_HBO = 0, /* centre of expertise (hbo) */
    ES_PK_CENTRE_MBO,     /* centre for innovative craftsmanship (mbo) */
    ES_PK_FIELD_LAB,
    ES_PK_SCHOOL_NETWORK, /* school-company network (Jet-Net / TechNet) */
    ES_PK_VOHO_NETWORK,   /* vo-ho network (chain collaboration) */
    ES_N_PPS_KINDS
} es_pps_kind;

/* Centres and field labs: the vocational partnerships (the published counts), as
 * against the networks of schools. */
static inline int es_pps_vocational(int kind) { return kind <= ES_PK_FIELD_LAB; }

typedef enum es_pps_phase {
    ES_PP_INITIATION = 0,
    ES_PP_PILOT,
    ES_PP_EARLY,      /* early adopters */
    ES_PP_SCALING,
    ES_PP_SUSTAINED,  /* continues without public funding */
    ES_PP_DISSOLVED,
    ES_N_PPS_PHASES
} es_pps_phase;

/* Lifelong-learning types (Katapult): formal/non-formal x inside/outside school. */
typedef enum es_llo_type { ES_LLO_DEVELOPER = 0, ES_LLO_TRAINER, ES_LLO_CATALYST, ES_LLO_ENTREPRENEUR, ES_N_LLO_TYPES } es_llo_type;

/* Building blocks, as bits. */
enum {
    ES_BB_EDUCATION = 1u << 0, ES_BB_RESEARCH = 1u << 1, ES_BB_INNOVATION = 1u << 2,
    ES_BB_INFRASTRUCTURE = 1u << 3, ES_BB_LLO = 1u << 4, ES_BB_NETWORK = 1u << 5
};

typedef struct es_pps {
    int32_t n, cap;
    int16_t *region;
    uint8_t *kind;        /* es_pps_kind */
    uint8_t *phase;       /* es_pps_phase */
    uint8_t *llo_type;    /* es_llo_type */
    uint8_t *blocks;      /* building-block bits */
    int32_t *school;      /* lead school */
    int16_t *founded;     /* school year of formation */
    int16_t *funded_until; /* last school year of public funding (-1: none) */
    int16_t *policy;      /* index of the funding policy (-1: none) */
    int32_t *companies;   /* member companies, recounted each year */
    double *trust;        /* 0-1 */
    double *public_eur;   /* public funding this year */
    double *private_eur;  /* committed private cash this year */
    double *inkind_eur;   /* committed private in kind this year */
} es_pps;

es_status es_pps_reserve(es_pps *p, int32_t cap);
int32_t es_pps_add(es_pps *p); /* -1 on allocation failure */
void es_pps_free(es_pps *p);

#endif
