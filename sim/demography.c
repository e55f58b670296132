/* demography.c - deaths, emigration, births and immigration during a school year. */
#include <math.h>
#include <stdlib.h>

#include "edusim/demography.h"

#include "edusim/indicators.h"
#include "edusim/par.h"
#include "edusim/rng.h"
#include "edusim/world.h"

/* Draw slots (never renumber): ES_RNG_INTL_STUDENT per student, ES_RNG_DEATH and
 * ES_RNG_MIGRATION per person; the counts per region draw from their own streams. */
enum {
    ES_DEM_INTL_STEM = 0,     /* an international student's STEM field */
    ES_DEM_DEATH = 0,         /* death in the year */
    ES_DEM_EMIGRATE = 1,      /* emigration of an 18-64 year-old */
    ES_DEM_IMMIGRANT_AGE = 0  /* an immigrant's age, 20-34 */
};



static void init_newcomer(const es_params *par, es_pop *p, int64_t i, int r, int year, int age,
                          int stage)
{
    uint64_t key = es_rng_key(par->seed, year, ES_RNG_INIT_PERSON, (uint64_t)p->id[i]);
    p->region[i] = (int16_t)r;
    p->birth_year[i] = (int16_t)(year + 1 - age);
    p->sex[i] = es_rng_u01(key, ES_INIT_SEX) < par->share_male;
    p->ability[i] = (float)es_rng_normal(key, ES_INIT_ABILITY);
    double mu = par->region[r].stem_image + (p->sex[i] ? 0.5 : -0.5) * par->interest_sex_gap;
    p->interest[i] = (float)(mu + es_rng_normal(key, ES_INIT_INTEREST));
    p->stage[i] = (uint8_t)stage;
    if (stage == ES_ST_WORK) {
        double u = es_rng_u01(key, ES_INIT_QUAL), c = 0;
        int q = 0;
        while (q < ES_N_QUALS - 1 && u >= (c += es_adult_qual_mix[q])) q++;
        p->qual[i] = (uint8_t)q;
        p->qual_stem[i] = q >= ES_Q_MBO34 && es_rng_u01(key, ES_INIT_QUAL_STEM) < 0.25;
    }
}

/* International students arriving for the first year of a bachelor in hbo or wo, aged
 * 19, with a qualification giving access (recorded as a basic qualification). Their
 * field has its own STEM share: they chose a Dutch programme, not a profile at a Dutch
 * school. Their number is a constant rate per resident: a parameter, not a year
 * series. */
static int64_t add_intl_students(const es_params *par, es_pop *p, int r, int year, double pop,
                                 int stage, int64_t *tally)
{
    double rate = stage == ES_ST_WO ? par->intl_students_wo : par->intl_students_hbo;
    double stem = par->intl_stem_share[stage == ES_ST_WO];
    if (rate <= 0) return 0;
    int64_t n = es_rng_round(pop * rate / 1000.0,
                             es_rng_key(par->seed, year, ES_RNG_INTL_STUDENT,
                                        (uint64_t)(2 * r + (stage == ES_ST_WO))));
    if (es_pop_reserve(p, p->n + n) != ES_OK) return -1;
    for (int64_t k = 0; k < n; k++) {
        int64_t i = es_pop_add(p);
        init_newcomer(par, p, i, r, year, 19, stage);
        uint64_t key = es_rng_key(par->seed, year, ES_RNG_INTL_STUDENT, (uint64_t)p->id[i]);
        p->year[i] = 1;
        p->qual[i] = ES_Q_START;
        p->flags[i] = ES_F_NEW;
        p->field[i] = es_rng_u01(key, ES_DEM_INTL_STEM) < stem;
    }
    ES_TL(tally, r, ES_T_IMMIGRANTS) += n;
    ES_TL(tally, r, stage == ES_ST_WO ? ES_T_INTL_WO : ES_T_INTL_HBO) += n;
    ES_TL(tally, r, ES_T_IN + stage) += n;
    return n;
}

es_status es_phase_demography(es_world *w, int year, int threads, int64_t *tally)
{
    const es_params *par = w->par;
    es_pop *p = &w->pop;
    int64_t n = p->n;
    es_par_tally pt;
    if (es_par_tally_init(&pt, threads, (int64_t)w->nregions * ES_N_TALLY) != ES_OK) return ES_ERR_NOMEM;
    const uint64_t kb = es_rng_base(par->seed, year, ES_RNG_DEATH);
    /* Gompertz hazard by age, computed once a year instead of once a person (the same
     * expression, so the same bits); ages outside the table are computed directly. */
    enum { MORT_AGES = 128 };
    double mort[MORT_AGES];
    for (int a = 0; a < MORT_AGES; a++) mort[a] = par->mort_a * exp(par->mort_b * a);
#ifdef _OPENMP
#pragma omp parallel num_threads(pt.threads)
#endif
    {
        int64_t *t = es_par_tally_mine(&pt); /* once per thread, not per person */
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (int64_t i = 0; i < n; i++) {
            int st = p->stage[i];
            if (st == ES_ST_GONE) continue;
            int age = year - p->birth_year[i], r = p->region[i];
            uint64_t key = es_rng_key_at(kb, (uint64_t)p->id[i]);
            double q = age >= 0 && age < MORT_AGES ? mort[age] : par->mort_a * exp(par->mort_b * age);
            if (es_rng_u01(key, ES_DEM_DEATH) < q) {
                ES_TL(t, r, ES_T_DEATHS)++;
            } else if (age >= 18 && age < 65 && es_rng_u01(key, ES_DEM_EMIGRATE) < par->emigration_rate) {
                ES_TL(t, r, ES_T_EMIGRANTS)++;
            } else {
                continue;
            }
            ES_TL(t, r, ES_T_OUT + st)++;
            p->stage[i] = ES_ST_GONE;
        }
    }
    es_par_tally_reduce(&pt, tally);

    /* Births and immigrants, appended in region order: ids stay deterministic. Their
     * numbers follow the population counted at the start of the year. */
    double pop0 = 0;
    for (int r = 0; r < w->nregions; r++) pop0 += par->region[r].population;
    for (int r = 0; r < w->nregions; r++) {
        double pop = (double)ES_TL(tally, r, ES_T_POP);
        double births = pop * par->region[r].birth_rate / 1000.0;
        if (par->nbirths > 0) {
            /* Years outside the published series take its nearest year. */
            int k = year - par->births_first_year;
            k = k < 0 ? 0 : k >= par->nbirths ? par->nbirths - 1 : k;
            births = par->births[k] * par->scale * par->region[r].population / pop0;
        }
        int64_t nb = es_rng_round(births,
                                 es_rng_key(par->seed, year, ES_RNG_BIRTH, (uint64_t)r));
        int64_t ni = es_rng_round(pop * par->immigration_rate / 1000.0,
                                 es_rng_key(par->seed, year, ES_RNG_MIGRATION, (uint64_t)r));
        if (es_pop_reserve(p, p->n + nb + ni) != ES_OK) return ES_ERR_NOMEM;
        for (int64_t k = 0; k < nb; k++) {
            int64_t i = es_pop_add(p);
            init_newcomer(par, p, i, r, year, 0, ES_ST_CHILD);
        }
        for (int64_t k = 0; k < ni; k++) {
            int64_t i = es_pop_add(p);
            uint64_t key = es_rng_key(par->seed, year, ES_RNG_MIGRATION, (uint64_t)p->id[i]);
            init_newcomer(par, p, i, r, year, 20 + (int)(es_rng_u01(key, ES_DEM_IMMIGRANT_AGE) * 15), ES_ST_WORK);
        }
        ES_TL(tally, r, ES_T_BIRTHS) += nb;
        ES_TL(tally, r, ES_T_IMMIGRANTS) += ni;
        ES_TL(tally, r, ES_T_IN + ES_ST_CHILD) += nb;
        ES_TL(tally, r, ES_T_IN + ES_ST_WORK) += ni;
        if (add_intl_students(par, p, r, year, pop, ES_ST_HBO, tally) < 0 ||
            add_intl_students(par, p, r, year, pop, ES_ST_WO, tally) < 0)
            return ES_ERR_NOMEM;
    }
    es_pop_compact_par(p, threads);
    return ES_OK;
}
