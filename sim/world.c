/* world.c - schools per region and the synthetic initial population.
 *
 * The initial population has the stationary age structure implied by the scenario's
 * mortality (Gompertz survival), children in primary school by age, and adults in the
 * labour force with a qualification mix; the burn-in years then carry every cohort
 * through the simulated chain before the first reported year. */
#include "edusim/world.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edusim/rng.h"

/* Draw slot of ES_RNG_SCHOOL at synthesis: the primary school of a pupil. */
enum { ES_WORLD_SCHOOL = 0 };

#define ES_MAX_AGE 100

const double es_adult_qual_mix[ES_N_QUALS] = {0.10, 0.14, 0.04, 0.08, 0.38, 0.17, 0.09};

static double mort_q(const es_params *p, int age)
{
    double q = p->mort_a * exp(p->mort_b * age);
    return q > 1.0 ? 1.0 : q;
}

double es_world_expected_persons(const es_params *par)
{
    double n = 0;
    for (int r = 0; r < par->nregions; r++) n += par->region[r].population;
    /* Growth over the run is bounded by births + immigration; allow 50 % headroom. */
    return n * par->scale * 1.5;
}

double es_world_memory_need(const es_params *par)
{
    return es_world_expected_persons(par) * (double)es_pop_bytes_per_person();
}

double es_available_memory(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            unsigned long long kb;
            if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) {
                fclose(f);
                return (double)kb * 1024.0;
            }
        }
        fclose(f);
    }
    long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGE_SIZE);
    return (pages > 0 && psz > 0) ? (double)pages * (double)psz : 1e18;
}

/* Schools are simulated at the scenario's scale (at least one per sector), so that
 * schools keep realistic sizes; counts are scaled back in the output. */
static void scaled_counts(const es_region_params *g, double scale, int *cnt)
{
    int full[ES_N_SECTORS] = {g->schools_po, g->schools_vo, g->schools_mbo, g->schools_hbo, g->schools_wo};
    for (int k = 0; k < ES_N_SECTORS; k++) {
        double c = round(full[k] * scale);
        cnt[k] = c < 1 ? 1 : (int)c;
    }
}

static es_status schools_create(es_world *w, const int64_t (*age_count)[ES_MAX_AGE + 1])
{
    const es_params *p = w->par;
    es_schools *s = &w->schools;
    int nr = p->nregions;
    s->first = calloc((size_t)nr, sizeof *s->first);
    s->count = calloc((size_t)nr, sizeof *s->count);
    if (!s->first || !s->count) return ES_ERR_NOMEM;
    int64_t total = 0;
    for (int r = 0; r < nr; r++) {
        const es_region_params *g = &p->region[r];
        int cnt[ES_N_SECTORS];
        scaled_counts(g, p->scale, cnt);
        for (int k = 0; k < ES_N_SECTORS; k++) total += cnt[k];
    }
    if (total > INT32_MAX) return ES_ERR_LIMIT;
    s->n = (int32_t)total;
    s->region = malloc((size_t)total * sizeof *s->region);
    s->sector = malloc((size_t)total * sizeof *s->sector);
    s->capacity = malloc((size_t)total * sizeof *s->capacity);
    s->enrolled = calloc((size_t)total, sizeof *s->enrolled);
    s->pupils = calloc((size_t)total, sizeof *s->pupils);
    s->stem_pupils = calloc((size_t)total, sizeof *s->stem_pupils);
    s->stem_quality = malloc((size_t)total * sizeof *s->stem_quality);
    s->contact = calloc((size_t)total, sizeof *s->contact);
    s->chain = calloc((size_t)total, sizeof *s->chain);
    s->hybrids = calloc((size_t)total, sizeof *s->hybrids);
    s->fte_demand = calloc((size_t)total * ES_N_SUBJECTS, sizeof *s->fte_demand);
    s->fte_filled = calloc((size_t)total * ES_N_SUBJECTS, sizeof *s->fte_filled);
    if (!s->region || !s->sector || !s->capacity || !s->enrolled || !s->pupils || !s->stem_pupils ||
        !s->stem_quality || !s->contact || !s->chain || !s->hybrids || !s->fte_demand || !s->fte_filled)
        return ES_ERR_NOMEM;
    for (int64_t k = 0; k < total; k++) s->stem_quality[k] = 1.0f;
    int32_t at = 0;
    for (int r = 0; r < nr; r++) {
        const es_region_params *g = &p->region[r];
        int cnt[ES_N_SECTORS];
        scaled_counts(g, p->scale, cnt);
        /* Expected enrolment by sector from the age structure: primary 4-11, secondary
         * 12-17, and typical participation in mbo / hbo / wo by age. */
        double demand[ES_N_SECTORS] = {0};
        for (int a = 0; a <= ES_MAX_AGE; a++) {
            double c = (double)age_count[r][a];
            if (a >= p->po_entry_age && a < p->po_entry_age + 8) demand[ES_SEC_PO] += c;
            if (a >= 12 && a <= 17) demand[ES_SEC_VO] += c;
            if (a >= 16 && a <= 21) demand[ES_SEC_MBO] += 0.45 * c;
            if (a >= 18 && a <= 23) demand[ES_SEC_HBO] += 0.40 * c;
            if (a >= 18 && a <= 24) demand[ES_SEC_WO] += 0.20 * c;
        }
        for (int k = 0; k < ES_N_SECTORS; k++) {
            s->first[r][k] = at;
            s->count[r][k] = cnt[k];
            /* 30 % headroom over the expected enrolment, at least one class. */
            double cap = ceil(1.3 * demand[k] / cnt[k]);
            if (cap < 25) cap = 25;
            for (int j = 0; j < cnt[k]; j++, at++) {
                s->region[at] = (int16_t)r;
                s->sector[at] = (uint8_t)k;
                s->capacity[at] = cap > INT32_MAX ? INT32_MAX : (int32_t)cap;
            }
        }
    }
    return ES_OK;
}

/* Index of the first category whose cumulative share exceeds u. */
static int pick(const double *share, int n, double u)
{
    double c = 0;
    for (int k = 0; k < n - 1; k++) {
        c += share[k];
        if (u < c) return k;
    }
    return n - 1;
}

es_status es_world_create(es_world *w, const es_params *par, es_diag *d)
{
    memset(w, 0, sizeof *w);
    w->par = par;
    w->nregions = par->nregions;
    w->year = par->start_year - par->burn_in;

    double need = es_world_memory_need(par);
    double avail = es_available_memory();
    if (need > ES_MEMORY_SHARE * avail) {
        es_diag_add(d, "population of %.4g persons (population x scale) needs about %.3g GiB, more than "
                       "%.0f%% of the %.3g GiB of available memory (limit: available memory); lower "
                       "`scale` or the regions' population",
                    es_world_expected_persons(par) / 1.5, need / 1073741824.0, 100 * ES_MEMORY_SHARE,
                    avail / 1073741824.0);
        return ES_ERR_LIMIT;
    }

    /* Stationary age distribution from the survival curve. */
    double surv[ES_MAX_AGE + 1], cum[ES_MAX_AGE + 1], s = 1.0, tot = 0;
    for (int a = 0; a <= ES_MAX_AGE; a++) {
        surv[a] = s;
        tot += s;
        s *= 1.0 - mort_q(par, a);
    }
    double c = 0;
    for (int a = 0; a <= ES_MAX_AGE; a++) {
        c += surv[a] / tot;
        cum[a] = c;
    }

    double want = 0;
    for (int r = 0; r < par->nregions; r++) want += round(par->region[r].population * par->scale);
    es_status st = es_pop_init(&w->pop, (int64_t)(want * 1.2) + 1024);
    if (st != ES_OK) {
        es_diag_add(d, "cannot allocate the population of %.0f persons", want);
        return st;
    }
    int64_t (*age_count)[ES_MAX_AGE + 1] = calloc((size_t)par->nregions, sizeof *age_count);
    if (!age_count) return ES_ERR_NOMEM;

    es_pop *p = &w->pop;
    int y0 = w->year;
    for (int r = 0; r < par->nregions; r++) {
        int64_t n = (int64_t)round(par->region[r].population * par->scale);
        for (int64_t k = 0; k < n; k++) {
            int64_t i = es_pop_add(p);
            if (i < 0) { free(age_count); return ES_ERR_NOMEM; }
            uint64_t key = es_rng_key(par->seed, y0, ES_RNG_INIT_PERSON, (uint64_t)p->id[i]);
            double u = es_rng_u01(key, ES_INIT_AGE);
            int age = 0;
            while (age < ES_MAX_AGE && u >= cum[age]) age++;
            age_count[r][age]++;
            p->region[i] = (int16_t)r;
            p->birth_year[i] = (int16_t)(y0 - age);
            p->sex[i] = es_rng_u01(key, ES_INIT_SEX) < par->share_male;
            p->ability[i] = (float)es_rng_normal(key, ES_INIT_ABILITY);
            double mu = par->region[r].stem_image + (p->sex[i] ? 0.5 : -0.5) * par->interest_sex_gap;
            p->interest[i] = (float)(mu + es_rng_normal(key, ES_INIT_INTEREST));
            if (age < par->po_entry_age) {
                p->stage[i] = ES_ST_CHILD;
            } else if (age < par->po_entry_age + 8) {
                p->stage[i] = ES_ST_PO;
                p->year[i] = (uint8_t)(age - par->po_entry_age + 1);
            } else {
                p->stage[i] = age >= par->retirement_age ? ES_ST_RETIRED : ES_ST_WORK;
                p->qual[i] = (uint8_t)pick(es_adult_qual_mix, ES_N_QUALS, es_rng_u01(key, ES_INIT_QUAL));
                p->qual_stem[i] = p->qual[i] >= ES_Q_MBO34 && es_rng_u01(key, ES_INIT_QUAL_STEM) < 0.25;
            }
        }
    }
    st = schools_create(w, (const int64_t(*)[ES_MAX_AGE + 1])age_count);
    free(age_count);
    if (st != ES_OK) {
        es_diag_add(d, "cannot create the schools (%s)", es_status_str(st));
        return st;
    }
    /* Pupils present at synthesis attend a school of their region chosen by key. */
    for (int64_t i = 0; i < p->n; i++) {
        if (p->stage[i] != ES_ST_PO) continue;
        int r = p->region[i];
        uint64_t key = es_rng_key(par->seed, y0, ES_RNG_SCHOOL, (uint64_t)p->id[i]);
        int32_t cnt = w->schools.count[r][ES_SEC_PO];
        p->school[i] = w->schools.first[r][ES_SEC_PO] + (int32_t)(es_rng_u01(key, ES_WORLD_SCHOOL) * cnt);
    }
    return es_economy_create(w, d);
}

void es_world_free(es_world *w)
{
    if (!w) return;
    es_pop_free(&w->pop);
    free(w->schools.region);
    free(w->schools.sector);
    free(w->schools.capacity);
    free(w->schools.enrolled);
    free(w->schools.first);
    free(w->schools.count);
    free(w->schools.pupils);
    free(w->schools.stem_pupils);
    free(w->schools.stem_quality);
    free(w->schools.contact);
    free(w->schools.chain);
    free(w->schools.hybrids);
    free(w->pol_eff);
    free(w->schools.fte_demand);
    free(w->schools.fte_filled);
    es_companies_free(&w->comp);
    es_pps_free(&w->pps);
    free(w->tightness);
    free(w->network_share);
    memset(w, 0, sizeof *w);
}
