/* indicators_cohorts.c - cohort outcomes: the persons of each cohort of entry into
 * secondary school, counted in the year they turn ES_COHORT_AGE. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/indicators.h"
#include "edusim/par.h"

static const es_col_desc es_cohort_cols[ES_N_COHORT_COLS] = {
    {"run", "index", "run index", 1},
    {"cohort", "school year", "school year of entry into secondary school", 1},
    {"sex", "code", "0 = female, 1 = male, 2 = both", 1},
    {"region", "index", "region index; the last is the national total", 1},
    {"persons", "count", "cohort members resident at age 25 (scaled to 1:1)", 0},
    {"no_basic_qualification", "pct", "share without a basic qualification (havo, vwo or mbo-2) at age 25", 0},
    {"basic_qualification", "pct", "share whose highest qualification is havo, vwo or mbo-2 at age 25", 0},
    {"mbo34", "pct", "share whose highest qualification is mbo level 3 or 4 at age 25", 0},
    {"hbo", "pct", "share whose highest qualification is an hbo bachelor at age 25", 0},
    {"wo", "pct", "share whose highest qualification is a wo master at age 25", 0},
    {"stem_degree", "pct", "share with a STEM qualification at mbo-3 level or higher at age 25", 0},
    {"years_to_degree", "years", "mean years from entry into secondary to the highest diploma, of those with a basic qualification or more", 0},
    {"employed", "pct", "share employed (company or school) at age 25", 0},
    {"stem_job", "pct", "share in a STEM job (or teaching exact/technical subjects) at age 25", 0},
};

const es_col_desc *es_cohort_columns(void) { return es_cohort_cols; }

/* Accumulators per (cohort, sex, region). */
enum { CA_N, CA_NOBASIC, CA_BASIC, CA_MBO34, CA_HBO, CA_WO, CA_STEM, CA_YEARS, CA_DEG, CA_EMP, CA_STEMJOB, CA_COUNT };

es_status es_cohort_init(es_cohort_acc *ca, int first, int ncoh, int nregions, int threads)
{
    ca->first = first;
    ca->ncoh = ncoh;
    ca->nregions = nregions;
    ca->threads = threads < 1 ? 1 : threads;
    ca->stride = (int64_t)ncoh * 2 * nregions * CA_COUNT;
    ca->a = calloc((size_t)ca->threads * (size_t)ca->stride, sizeof *ca->a);
    return ca->a ? ES_OK : ES_ERR_NOMEM;
}

void es_cohort_free(es_cohort_acc *ca)
{
    if (!ca) return;
    free(ca->a);
    ca->a = NULL;
}

/* Outcomes of persons who turn ES_COHORT_AGE this year, by cohort of entry into vo. */
void es_cohort_count(es_cohort_acc *ca, const es_world *w, int year)
{
    const es_pop *p = &w->pop;
    int64_t n = p->n;
    int threads = ca->threads;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        if (year - p->birth_year[i] != ES_COHORT_AGE || p->vo_entry[i] < 0) continue;
        int c = p->vo_entry[i] - ca->first;
        if (c < 0 || c >= ca->ncoh) continue;
        int64_t *a = ca->a + (int64_t)es_par_thread() * ca->stride;
        a += (((int64_t)c * 2 + p->sex[i]) * ca->nregions + p->region[i]) * CA_COUNT;
        int q = p->qual[i];
        a[CA_N]++;
        a[q < ES_Q_START ? CA_NOBASIC : q == ES_Q_START ? CA_BASIC : q == ES_Q_MBO34 ? CA_MBO34
                                                         : q == ES_Q_HBO ? CA_HBO : CA_WO]++;
        if (q >= ES_Q_MBO34 && p->qual_stem[i]) a[CA_STEM]++;
        if (q >= ES_Q_START && p->degree_year[i] >= 0) {
            a[CA_YEARS] += p->degree_year[i] + 1 - p->vo_entry[i];
            a[CA_DEG]++;
        }
        if (p->stage[i] == ES_ST_WORK && p->occ[i] != ES_OCC_NONE) {
            a[CA_EMP]++;
            if (p->occ[i] == ES_OCC_TEACHER ? (p->job[i] == ES_SUBJ_VO_STEM || p->job[i] == ES_SUBJ_MBO_STEM)
                                            : (p->job[i] & 1))
                a[CA_STEMJOB]++;
        }
    }
}

es_status es_cohort_rows(const es_cohort_acc *ca, double scale, double **rows_out, int *nrows)
{
    int threads = ca->threads;
    int nr = ca->nregions, nrt = nr + 1;
    /* Sum threads, then add the national total and both sexes. */
    int64_t *s = calloc((size_t)ca->ncoh * 3 * (size_t)nrt * CA_COUNT, sizeof *s);
    if (!s) return ES_ERR_NOMEM;
    for (int th = 0; th < threads; th++)
        for (int c = 0; c < ca->ncoh; c++)
            for (int sx = 0; sx < 2; sx++)
                for (int r = 0; r < nr; r++)
                    for (int k = 0; k < CA_COUNT; k++) {
                        int64_t v = ca->a[(int64_t)th * ca->stride +
                                          (((int64_t)c * 2 + sx) * nr + r) * CA_COUNT + k];
                        int64_t base = (int64_t)c * 3 * nrt;
                        s[((base + (int64_t)sx * nrt) + r) * CA_COUNT + k] += v;
                        s[((base + (int64_t)sx * nrt) + nr) * CA_COUNT + k] += v;
                        s[((base + 2 * (int64_t)nrt) + r) * CA_COUNT + k] += v;
                        s[((base + 2 * (int64_t)nrt) + nr) * CA_COUNT + k] += v;
                    }
    int rows = 0;
    for (int64_t j = 0; j < (int64_t)ca->ncoh * 3 * nrt; j++) rows += s[j * CA_COUNT + CA_N] > 0;
    double *out = calloc((size_t)(rows ? rows : 1) * ES_N_COHORT_COLS, sizeof(double));
    if (!out) { free(s); return ES_ERR_NOMEM; }
    int at = 0;
    for (int c = 0; c < ca->ncoh; c++)
        for (int sx = 0; sx < 3; sx++)
            for (int r = 0; r < nrt; r++) {
                const int64_t *a = s + (((int64_t)c * 3 + sx) * nrt + r) * CA_COUNT;
                if (a[CA_N] <= 0) continue;
                double *row = out + (int64_t)at++ * ES_N_COHORT_COLS, nn = (double)a[CA_N];
                row[ES_CC_RUN] = 0;
                row[ES_CC_COHORT] = ca->first + c;
                row[ES_CC_SEX] = sx;
                row[ES_CC_REGION] = r;
                row[ES_CC_PERSONS] = nn / scale;
                row[ES_CC_NO_BASIC] = 100.0 * (double)a[CA_NOBASIC] / nn;
                row[ES_CC_BASIC] = 100.0 * (double)a[CA_BASIC] / nn;
                row[ES_CC_MBO34] = 100.0 * (double)a[CA_MBO34] / nn;
                row[ES_CC_HBO] = 100.0 * (double)a[CA_HBO] / nn;
                row[ES_CC_WO] = 100.0 * (double)a[CA_WO] / nn;
                row[ES_CC_STEM_DEGREE] = 100.0 * (double)a[CA_STEM] / nn;
                row[ES_CC_YEARS_TO_DEGREE] = a[CA_DEG] ? (double)a[CA_YEARS] / (double)a[CA_DEG] : NAN;
                row[ES_CC_EMPLOYED] = 100.0 * (double)a[CA_EMP] / nn;
                row[ES_CC_STEM_JOB] = 100.0 * (double)a[CA_STEMJOB] / nn;
            }
    *rows_out = out;
    *nrows = rows;
    free(s);
    return ES_OK;
}

