/* desc.h - descriptors of what a run reports: indicator datasets and cohort-table
 * columns. Declared by the model (indicators.h, sim.h), written by the output layer. */
#ifndef EDUSIM_DESC_H
#define EDUSIM_DESC_H

/* One indicator dataset: /indicators/name/subgroup. */
typedef struct es_ind_desc {
    const char *name;        /* snake_case; nl_targets.csv `indicator` where a row exists */
    const char *subgroup;    /* nl_targets.csv `subgroup`, or "all" */
    const char *units;       /* e.g. "pct", "count", "fte", "eur" */
    const char *description; /* one sentence */
} es_ind_desc;

/* One cohort-table column. Integer columns are stored as int32. */
typedef struct es_col_desc {
    const char *name;
    const char *units;
    const char *description;
    int is_int;
} es_col_desc;

#endif
