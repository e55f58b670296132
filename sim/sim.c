/* sim.c - one run: create the world, burn in, step through the reported years, and
 * turn tallies into indicators and cohort outcomes. */
#include "edusim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "edusim/rng.h"


static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

es_status es_par_tally_init(es_par_tally *pt, int threads, int nregions)
{
    pt->threads = threads < 1 ? 1 : threads;
    pt->stride = (int64_t)nregions * ES_N_TALLY;
    pt->t = calloc((size_t)pt->threads * (size_t)pt->stride, sizeof *pt->t);
    return pt->t ? ES_OK : ES_ERR_NOMEM;
}

void es_par_tally_reduce(es_par_tally *pt, int64_t *into)
{
    for (int k = 0; k < pt->threads; k++)
        for (int64_t j = 0; j < pt->stride; j++) into[j] += pt->t[(int64_t)k * pt->stride + j];
    free(pt->t);
    pt->t = NULL;
}

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

const char *es_phase_name(int ph)
{
    static const char *const names[ES_N_PHASES] = {"setup", "demography", "education", "teachers",
                                                   "labour", "partnerships", "indicators"};
    return ph >= 0 && ph < ES_N_PHASES ? names[ph] : "?";
}

const es_col_desc *es_cohort_columns(void) { return es_cohort_cols; }

/* Cohort accumulators per (cohort, sex, region). */
enum { CA_N, CA_NOBASIC, CA_BASIC, CA_MBO34, CA_HBO, CA_WO, CA_STEM, CA_YEARS, CA_DEG, CA_EMP, CA_STEMJOB, CA_COUNT };

typedef struct cohort_acc {
    int first;     /* first cohort year */
    int ncoh;
    int nregions;  /* without national */
    int64_t *a;    /* [threads][ncoh][2][nregions][CA_COUNT] */
    int64_t stride;
} cohort_acc;

es_status es_phase_count(es_world *w, int year, int threads, int64_t *tally)
{
    es_pop *p = &w->pop;
    int64_t n = p->n;
    es_par_tally pt;
    es_schools *s = &w->schools;
    if (es_par_tally_init(&pt, threads, w->nregions) != ES_OK) return ES_ERR_NOMEM;
    /* Pupils per school and their STEM share (teacher demand and peer exposure),
     * counted per thread in the same pass: [threads][2][schools], summed after. */
    int32_t *sp = calloc((size_t)pt.threads * 2 * (size_t)s->n, sizeof *sp);
    if (!sp) {
        free(pt.t);
        return ES_ERR_NOMEM;
    }
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(pt.threads)
#endif
    for (int64_t i = 0; i < n; i++) {
        int64_t *t = es_par_tally_mine(&pt);
        int r = p->region[i], st = p->stage[i], y = p->year[i], tr = p->track[i];
        if ((st == ES_ST_PO || st == ES_ST_VO || st == ES_ST_MBO) && p->school[i] >= 0) {
            int32_t *mine = sp + (int64_t)es_par_thread() * 2 * s->n;
            mine[p->school[i]]++;
            if (p->field[i] || (p->flags[i] & ES_F_NPROFILE)) mine[s->n + p->school[i]]++;
        }
        int isnew = (p->flags[i] & ES_F_NEW) != 0, f = p->field[i];
        ES_TL(t, r, ES_T_POP)++;
        ES_TL(t, r, ES_T_STOCK + st)++;
        switch (st) {
        case ES_ST_PO:
            ES_TL(t, r, ES_T_PUP_PO)++;
            ES_TL(t, r, ES_T_PUP_POVO)++;
            if (isnew) ES_TL(t, r, ES_T_ENT_PO)++;
            break;
        case ES_ST_VO:
            ES_TL(t, r, ES_T_PUP_BB + tr)++;
            ES_TL(t, r, ES_T_PUP_VO)++;
            ES_TL(t, r, ES_T_PUP_POVO)++;
            if (isnew) ES_TL(t, r, ES_T_ENT_VO)++;
            if (tr == ES_VO_GL && y == 3 && (p->flags[i] & ES_F_TL)) {
                /* The monitor's vmbo year-3 figures (nl_targets.csv e1-e4) leave tl out. */
                ES_TL(t, r, ES_T_Y3_TL)++;
                if (f) ES_TL(t, r, ES_T_Y3_TL_T)++;
            } else if (tr <= ES_VO_GL && y == 3) {
                ES_TL(t, r, ES_T_Y3_BB + 2 * tr)++;
                ES_TL(t, r, ES_T_Y3_VMBO)++;
                if (f) {
                    ES_TL(t, r, ES_T_Y3_BB_T + 2 * tr)++;
                    ES_TL(t, r, ES_T_Y3_VMBO_T)++;
                }
            } else if (tr >= ES_VO_HAVO && y == 4) {
                int k = tr == ES_VO_HAVO ? 0 : 2;
                ES_TL(t, r, ES_T_Y4_HAVO + k)++;
                if (p->flags[i] & ES_F_NPROFILE) ES_TL(t, r, ES_T_Y4_HAVO_N + k)++;
            }
            break;
        case ES_ST_MBO:
            ES_TL(t, r, ES_T_STU_MBO1 + tr - 1)++;
            ES_TL(t, r, ES_T_STU_MBO)++;
            if (year - p->birth_year[i] < 23) ES_TL(t, r, ES_T_STU_MBO_U23)++;
            if (p->flags[i] & ES_F_BBL) ES_TL(t, r, ES_T_STU_MBO_BBL)++;
            if (isnew) ES_TL(t, r, ES_T_ENT_MBO)++;
            break;
        case ES_ST_HBO: {
            int tt = (p->flags[i] & ES_F_TT) != 0;
            ES_TL(t, r, ES_T_STU_HBO)++;
            if (tt) ES_TL(t, r, ES_T_STU_HBO_TT)++;
            if (isnew) {
                ES_TL(t, r, ES_T_ENT_HBO)++;
                if (f) ES_TL(t, r, ES_T_ENT_HBO_STEM)++;
                if (tt && (p->flags[i] & ES_F_PABO)) ES_TL(t, r, ES_T_ENT_TT_PABO)++;
                else if (tt) {
                    ES_TL(t, r, ES_T_ENT_TT_VO)++;
                    if (f) ES_TL(t, r, ES_T_ENT_TT_VO_STEM)++;
                }
            }
            break;
        }
        case ES_ST_WO:
            ES_TL(t, r, ES_T_STU_WO)++;
            if (isnew) {
                ES_TL(t, r, ES_T_ENT_WO)++;
                if (f) ES_TL(t, r, ES_T_ENT_WO_STEM)++;
            }
            break;
        case ES_ST_TT_WO:
            ES_TL(t, r, ES_T_STU_TT_WO)++;
            if (isnew) {
                ES_TL(t, r, ES_T_ENT_TT_WO)++;
                if (f) ES_TL(t, r, ES_T_ENT_TT_WO_STEM)++;
            }
            break;
        case ES_ST_WORK: ES_TL(t, r, ES_T_WORKFORCE)++; break;
        case ES_ST_RETIRED: ES_TL(t, r, ES_T_RETIRED)++; break;
        default: break;
        }
    }
    int nth = pt.threads;
    es_par_tally_reduce(&pt, tally);
    for (int32_t k = 0; k < s->n; k++) {
        int32_t a = 0, b = 0;
        for (int th = 0; th < nth; th++) {
            a += sp[(int64_t)th * 2 * s->n + k];
            b += sp[(int64_t)th * 2 * s->n + s->n + k];
        }
        s->pupils[k] = a;
        s->stem_pupils[k] = b;
    }
    free(sp);
    for (int r = 0; r < w->nregions; r++) {
        ES_TL(tally, r, ES_T_SCHOOLS_PO) += w->schools.count[r][ES_SEC_PO];
        ES_TL(tally, r, ES_T_SCHOOLS_VO) += w->schools.count[r][ES_SEC_VO];
        for (int32_t k = 0; k < w->schools.count[r][ES_SEC_VO]; k++)
            ES_TL(tally, r, ES_T_CAPACITY_VO) += w->schools.capacity[w->schools.first[r][ES_SEC_VO] + k];
    }
    return ES_OK;
}

/* Outcomes of persons who turn ES_COHORT_AGE this year, by cohort of entry into vo. */
static void count_cohorts(es_world *w, int year, int threads, cohort_acc *ca)
{
    es_pop *p = &w->pop;
    int64_t n = p->n;
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

static es_status cohort_rows(const cohort_acc *ca, int threads, double scale, es_run_result *res)
{
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
    res->cohort_rows = calloc((size_t)(rows ? rows : 1) * ES_N_COHORT_COLS, sizeof(double));
    if (!res->cohort_rows) { free(s); return ES_ERR_NOMEM; }
    int at = 0;
    for (int c = 0; c < ca->ncoh; c++)
        for (int sx = 0; sx < 3; sx++)
            for (int r = 0; r < nrt; r++) {
                const int64_t *a = s + (((int64_t)c * 3 + sx) * nrt + r) * CA_COUNT;
                if (a[CA_N] <= 0) continue;
                double *row = res->cohort_rows + (int64_t)at++ * ES_N_COHORT_COLS, nn = (double)a[CA_N];
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
    res->ncohort_rows = rows;
    free(s);
    return ES_OK;
}

void es_run_result_free(es_run_result *r)
{
    if (!r) return;
    free(r->years);
    free(r->values);
    free(r->tally);
    free(r->cohort_rows);
    memset(r, 0, sizeof *r);
}

es_status es_sim_run(const es_params *p, const es_run_opts *o, es_run_result *res, es_diag *d)
{
    memset(res, 0, sizeof *res);
    int threads = o && o->threads > 0 ? o->threads : 1;
    double t0 = now_s();
    es_world w;
    es_status st = es_world_create(&w, p, d);
    if (st != ES_OK) {
        es_world_free(&w);
        return st;
    }
    w.naive_education = o && o->naive_education;
    int nr = p->nregions, nrt = nr + 1, ny = p->end_year - p->start_year + 1;
    int nind = es_indicators_count();
    res->nyears = ny;
    res->nregions = nrt;
    res->nind = nind;
    res->years = malloc((size_t)ny * sizeof *res->years);
    res->values = malloc((size_t)nind * (size_t)ny * (size_t)nrt * sizeof *res->values);
    res->tally = calloc((size_t)ny * (size_t)nrt * ES_N_TALLY, sizeof *res->tally);
    int64_t *yt = calloc((size_t)nr * ES_N_TALLY, sizeof *yt);
    double *iv = malloc((size_t)nind * sizeof *iv);
    cohort_acc ca;
    ca.first = p->start_year - p->burn_in;
    ca.ncoh = p->end_year - ca.first + 1;
    ca.nregions = nr;
    ca.stride = (int64_t)ca.ncoh * 2 * nr * CA_COUNT;
    ca.a = calloc((size_t)threads * (size_t)ca.stride, sizeof *ca.a);
    if (!res->years || !res->values || !res->tally || !yt || !iv || !ca.a) {
        st = ES_ERR_NOMEM;
        es_diag_add(d, "cannot allocate the results of %d years x %d regions", ny, nrt);
        goto done;
    }
    res->seconds[ES_PH_SETUP] = now_s() - t0;

    int total = p->burn_in + ny, done = 0;
    for (int year = p->start_year - p->burn_in; year <= p->end_year; year++) {
        if (o && o->stop && *o->stop) {
            st = ES_ERR_INTERRUPTED;
            es_diag_add(d, "interrupted in school year %d", year);
            goto done;
        }
        memset(yt, 0, (size_t)nr * ES_N_TALLY * sizeof *yt);
        double ta = now_s();
        w.year = year;
        es_policy_year(&p->pol, year, nr, w.pol_eff);
        res->person_years += (double)w.pop.n;
        if ((st = es_phase_count(&w, year, threads, yt)) != ES_OK) goto nomem;
        if (year >= p->start_year) count_cohorts(&w, year, threads, &ca);
        double tb = now_s();
        if ((st = es_phase_education(&w, year, threads, yt)) != ES_OK) goto nomem;
        double tc = now_s();
        if ((st = es_phase_teachers(&w, year, threads, yt)) != ES_OK) goto nomem;
        double tc1 = now_s();
        if ((st = es_phase_labour(&w, year, threads, yt)) != ES_OK) goto nomem;
        double tc2 = now_s();
        if ((st = es_phase_partnerships(&w, year, threads, yt)) != ES_OK) goto nomem;
        if ((st = es_phase_networks(&w, yt)) != ES_OK) goto nomem;
        double tc3 = now_s();
        if ((st = es_phase_demography(&w, year, threads, yt)) != ES_OK) goto nomem;
        double td = now_s();
        res->seconds[ES_PH_TEACHERS] += tc1 - tc;
        res->seconds[ES_PH_LABOUR] += tc2 - tc1;
        res->seconds[ES_PH_PARTNERSHIPS] += tc3 - tc2;
        if (year >= p->start_year) {
            int y = year - p->start_year;
            res->years[y] = year;
            int64_t *out = res->tally + (int64_t)y * nrt * ES_N_TALLY;
            memcpy(out, yt, (size_t)nr * ES_N_TALLY * sizeof *yt);
            int64_t *nat = out + (int64_t)nr * ES_N_TALLY;
            for (int r = 0; r < nr; r++)
                for (int k = 0; k < ES_N_TALLY; k++) nat[k] += yt[(int64_t)r * ES_N_TALLY + k];
            for (int r = 0; r < nrt; r++) {
                es_indicators_compute(out + (int64_t)r * ES_N_TALLY, p->scale, iv);
                for (int k = 0; k < nind; k++)
                    res->values[((int64_t)k * ny + y) * nrt + r] = iv[k];
            }
        }
        res->seconds[ES_PH_INDICATORS] += (tb - ta) + (now_s() - td);
        res->seconds[ES_PH_EDUCATION] += tc - tb;
        res->seconds[ES_PH_DEMOGRAPHY] += td - tc3;
        done++;
        if (o && o->progress) o->progress(o->progress_ctx, done, total, year);
    }
    if ((st = cohort_rows(&ca, threads, p->scale, res)) != ES_OK) goto nomem;
    /* FNV-1a over every tally: a one-number fingerprint of the run. */
    uint64_t h = 1469598103934665603ULL;
    for (int64_t k = 0; k < (int64_t)ny * nrt * ES_N_TALLY; k++) {
        h ^= (uint64_t)res->tally[k];
        h *= 1099511628211ULL;
    }
    res->checksum = h;
    goto done;
nomem:
    es_diag_add(d, "out of memory in the yearly step (%zu bytes per person, %lld persons)",
                es_pop_bytes_per_person(), (long long)w.pop.n);
done:
    free(yt);
    free(iv);
    free(ca.a);
    es_world_free(&w);
    if (st != ES_OK) es_run_result_free(res);
    return st;
}
