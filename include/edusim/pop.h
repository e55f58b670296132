/* pop.h - the person population as structure-of-arrays with int32 index links.
 *
 * One population holds everyone (pupils, students, workers, teachers, retirees), so
 * a graduate can become a teacher without copying agents between lists. Hot columns
 * (stage, track, year) are small and contiguous; links to schools and employers are
 * int32 indices (-1 = none). Persons who die or emigrate are marked ES_ST_GONE and
 * removed by es_pop_compact(), which keeps the survivors' order. */
#ifndef EDUSIM_POP_H
#define EDUSIM_POP_H

#include <stdint.h>

#include "edusim/common.h"

typedef enum es_stage {
    ES_ST_CHILD = 0, /* before primary school */
    ES_ST_PO,        /* primary school, track unused, year 1-8 */
    ES_ST_VO,        /* secondary; track es_vo_track */
    ES_ST_MBO,       /* track = level 1-4; flag BBL for work-based */
    ES_ST_HBO,       /* bachelor (incl. hbo teacher training, see ES_F_TT) */
    ES_ST_WO,        /* bachelor + master */
    ES_ST_TT_WO,     /* university teacher training (after a wo master) */
    ES_ST_WORK,      /* left education: labour force */
    ES_ST_RETIRED,
    ES_ST_GONE,      /* died or emigrated; removed at the next compaction */
    ES_N_STAGES
} es_stage;

/* Highest qualification obtained. */
typedef enum es_qual {
    ES_Q_NONE = 0,  /* no secondary diploma */
    ES_Q_VMBO,      /* vmbo diploma (not a basic qualification) */
    ES_Q_MBO1,      /* mbo entry level (not a basic qualification) */
    ES_Q_START,     /* basic qualification: havo, vwo or mbo-2 */
    ES_Q_MBO34,
    ES_Q_HBO,
    ES_Q_WO,
    ES_N_QUALS
} es_qual;

/* Per-person flags. */
enum {
    ES_F_BBL = 1u << 0,      /* work-based mbo */
    ES_F_TT = 1u << 1,       /* hbo teacher training */
    ES_F_PABO = 1u << 2,     /* ... for primary (pabo) */
    ES_F_NPROFILE = 1u << 3, /* havo/vwo N-profile, or vmbo technology sector */
    ES_F_LEFT_EARLY = 1u << 4, /* counted once as an early school leaver */
    ES_F_HAVO_DIPL = 1u << 5,  /* holds a havo diploma (for transition rates) */
    ES_F_VWO_DIPL = 1u << 6,
    ES_F_NEW = 1u << 7,        /* entered the current stage at the last transition */
    ES_F_RETRY = 1u << 8,      /* already failed the final exam once */
    ES_F_SECTOR_DONE = 1u << 9,  /* vmbo sector chosen */
    ES_F_PROFILE_DONE = 1u << 10, /* havo/vwo profile chosen */
    ES_F_TRAINEE = 1u << 11,    /* Eerst De Klas trainee */
    ES_F_HYBRID = 1u << 12,     /* hybrid teacher (company staff teaching part-time) */
    ES_F_NEWGRAD = 1u << 13,    /* entered the labour force from education this year */
    ES_F_TT_GRAD = 1u << 14,    /* graduated from teacher training this year */
    ES_F_INACTIVE = 1u << 15,   /* out of the labour force (not seeking work) */
    ES_F_TL = 1u << 16          /* vmbo gl/tl pupil in the theoretical track (tl), not gl */
};

/* Occupation of a person in the labour force. */
typedef enum es_occ {
    ES_OCC_NONE = 0,  /* not employed (unemployed when in the labour force) */
    ES_OCC_EMPLOYEE,  /* employed by a company */
    ES_OCC_TEACHER,   /* employed by a school */
    ES_N_OCC
} es_occ;

/* Teachers' subject groups (sector x exact/technical or other). */
typedef enum es_subject {
    ES_SUBJ_PO = 0,    /* primary teacher */
    ES_SUBJ_VO_STEM,   /* secondary, exact/technical subjects */
    ES_SUBJ_VO_OTHER,
    ES_SUBJ_MBO_STEM,  /* mbo, technical programmes */
    ES_SUBJ_MBO_OTHER,
    ES_N_SUBJECTS
} es_subject;

/* Job cells: level (0 low, 1 mbo/basic, 2 hbo, 3 wo) x field (0 other, 1 STEM). */
#define ES_N_LEVELS 4
#define ES_N_CELLS (2 * ES_N_LEVELS)

typedef struct es_pop {
    int64_t n;        /* persons in use */
    int64_t cap;      /* allocated length of every column */
    int64_t next_id;  /* next id to hand out */
    /* [cap] columns */
    int64_t *id;      /* stable identity, key of every random decision */
    int16_t *region;
    int16_t *birth_year;
    uint8_t *sex;     /* 0 female, 1 male */
    uint8_t *stage;   /* es_stage */
    uint8_t *track;   /* stage-specific: es_vo_track, mbo level 1-4 */
    uint8_t *year;    /* year in stage, 1-based */
    uint8_t *field;   /* 1 = STEM field / profile / sector */
    uint8_t *qual;    /* es_qual */
    uint8_t *qual_stem; /* highest qualification is in a STEM field */
    uint32_t *flags;
    int16_t *vo_entry; /* school year of entry into secondary (-1: none) */
    int16_t *degree_year; /* school year of the highest diploma (-1: none) */
    int32_t *school;  /* school attended, or employing school of a teacher; -1 = none */
    int32_t *employer; /* company index of an employee, -1 = none */
    uint8_t *occ;     /* es_occ */
    uint8_t *job;     /* employee: job cell (level * 2 + STEM); teacher: es_subject */
    float *fte;       /* teaching FTE of a teacher */
    float *skill;     /* skill currency of a worker, 1 = up to date */
    float *ability;   /* latent, sd 1 */
    float *interest;  /* latent STEM interest, sd 1 */
} es_pop;

es_status es_pop_init(es_pop *p, int64_t cap);
void es_pop_free(es_pop *p);
/* Grow to hold at least cap persons. */
es_status es_pop_reserve(es_pop *p, int64_t cap);
/* Append a zeroed person with a fresh id; returns its index or -1 on allocation failure. */
int64_t es_pop_add(es_pop *p);
/* Remove ES_ST_GONE persons, keeping order. Returns persons removed. */
int64_t es_pop_compact(es_pop *p);
/* The same result, the columns moved in parallel (column by column). */
int64_t es_pop_compact_par(es_pop *p, int threads);
/* Bytes per person across all columns (for memory estimates before allocation). */
size_t es_pop_bytes_per_person(void);
/* Job level of a qualification (es_qual): 0 low, 1 mbo/basic, 2 hbo, 3 wo. */
int es_pop_job_level(int qual);

#endif
