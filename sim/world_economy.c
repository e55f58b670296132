/* world_economy.c - the initial economy: companies sized from the labour force, the
 * initial employees, and the initial school-company networks. Teachers are placed by
 * the teacher phase during the burn-in (see teachers.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/economy.h"
#include "edusim/pps.h"
#include "edusim/pop.h"
#include "edusim/rng.h"
#include "edusim/world.h"

/* Draw slots (never renumber): ES_RNG_COMPANY per person, ES_RNG_PARTNERSHIP per
 * school for the initial networks. */
enum {
    ES_ECO_EMPLOYED = 0, /* employed at the start */
    ES_ECO_SECTOR = 1,   /* company sector */
    ES_ECO_LARGE = 2,    /* large company */
    ES_ECO_COMPANY = 3,  /* which company of the block */
    ES_ECO_NETWORK = 0   /* a school in a network from the start */
};

static es_status companies_create(es_world *w, int (*blk)[ES_N_CSECTORS][ES_N_CSIZES][2])
{
    const es_params *p = w->par;
    const es_labour_params *L = &p->labour;
    es_companies *c = &w->comp;
    int nr = w->nregions;
    int64_t *labour = calloc((size_t)nr, sizeof *labour);
    c->first = calloc((size_t)nr, sizeof *c->first);
    c->count = calloc((size_t)nr, sizeof *c->count);
    if (!labour || !c->first || !c->count) { free(labour); return ES_ERR_NOMEM; }
    for (int64_t i = 0; i < w->pop.n; i++)
        if (w->pop.stage[i] == ES_ST_WORK) labour[w->pop.region[i]]++;
    int64_t total = 0;
    for (int r = 0; r < nr; r++)
        for (int k = 0; k < ES_N_CSECTORS; k++)
            for (int z = 0; z < ES_N_CSIZES; z++) {
                double jobs = (double)labour[r] * L->employment_rate * L->sector_share[k] *
                              (z == ES_SZ_LARGE ? L->large_share : 1.0 - L->large_share);
                int n = (int)fmax(1.0, round(jobs / L->firm_size[z]));
                blk[r][k][z][0] = (int)total;
                blk[r][k][z][1] = n;
                total += n;
            }
    free(labour);
    if (total > INT32_MAX / ES_N_CELLS) return ES_ERR_LIMIT;
    c->n = (int32_t)total;
    size_t n = (size_t)total;
    c->id = malloc(n * sizeof *c->id);
    c->region = malloc(n * sizeof *c->region);
    c->sector = malloc(n * sizeof *c->sector);
    c->size = malloc(n * sizeof *c->size);
    c->staff = calloc(n * ES_N_CELLS, sizeof *c->staff);
    c->target = calloc(n * ES_N_CELLS, sizeof *c->target);
    c->vacancies = calloc(n * ES_N_CELLS, sizeof *c->vacancies);
    c->bbl_used = calloc(n, sizeof *c->bbl_used);
    c->pps = malloc(n * sizeof *c->pps);
    if (!c->id || !c->region || !c->sector || !c->size || !c->staff || !c->target ||
        !c->vacancies || !c->bbl_used || !c->pps)
        return ES_ERR_NOMEM;
    for (int r = 0; r < nr; r++) {
        c->first[r] = blk[r][0][0][0];
        c->count[r] = 0;
        for (int k = 0; k < ES_N_CSECTORS; k++)
            for (int z = 0; z < ES_N_CSIZES; z++) {
                c->count[r] += blk[r][k][z][1];
                for (int j = 0; j < blk[r][k][z][1]; j++) {
                    int32_t i = blk[r][k][z][0] + j;
                    c->id[i] = i;
                    c->region[i] = (int16_t)r;
                    c->sector[i] = (uint8_t)k;
                    c->size[i] = (uint8_t)z;
                    c->pps[i] = -1;
                }
            }
    }
    return ES_OK;
}

/* Employ the initial labour force: each worker's job cell follows their qualification;
 * the sector follows the STEM intensity of sectors; the firm is drawn by key. */
static void employ_initial(es_world *w, int (*blk)[ES_N_CSECTORS][ES_N_CSIZES][2])
{
    const es_params *p = w->par;
    const es_labour_params *L = &p->labour;
    es_pop *pp = &w->pop;
    es_companies *c = &w->comp;
    for (int64_t i = 0; i < pp->n; i++) {
        if (pp->stage[i] != ES_ST_WORK) continue;
        uint64_t key = es_rng_key(p->seed, w->year, ES_RNG_COMPANY, (uint64_t)pp->id[i]);
        if (es_rng_u01(key, ES_ECO_EMPLOYED) >= L->employment_rate) continue;
        int lvl = es_pop_job_level(pp->qual[i]), stem = pp->qual_stem[i] != 0;
        double wgt[ES_N_CSECTORS], tot = 0;
        for (int k = 0; k < ES_N_CSECTORS; k++) {
            wgt[k] = L->sector_share[k] * (stem ? L->stem_job_share[k] : 1.0 - L->stem_job_share[k]);
            tot += wgt[k];
        }
        double u = es_rng_u01(key, ES_ECO_SECTOR) * tot;
        int k = 0;
        while (k < ES_N_CSECTORS - 1 && u >= wgt[k]) u -= wgt[k++];
        int z = es_rng_u01(key, ES_ECO_LARGE) < L->large_share ? ES_SZ_LARGE : ES_SZ_SME;
        int r = pp->region[i];
        int32_t ci = blk[r][k][z][0] + (int32_t)(es_rng_u01(key, ES_ECO_COMPANY) * blk[r][k][z][1]);
        pp->occ[i] = ES_OCC_EMPLOYEE;
        pp->employer[i] = ci;
        pp->job[i] = (uint8_t)(lvl * 2 + stem);
        c->staff[(int64_t)ci * ES_N_CELLS + pp->job[i]]++;
    }
    /* Jobs wanted start at the jobs filled: vacancies then arise from turnover and growth. */
    for (int64_t k = 0; k < (int64_t)c->n * ES_N_CELLS; k++) c->target[k] = c->staff[k];
}

static void networks_initial(es_world *w)
{
    const es_params *p = w->par;
    for (int r = 0; r < w->nregions; r++) {
        int32_t first = w->schools.first[r][ES_SEC_VO], cnt = w->schools.count[r][ES_SEC_VO];
        for (int32_t k = 0; k < cnt; k++) {
            uint64_t key = es_rng_key(p->seed, w->year, ES_RNG_PARTNERSHIP, (uint64_t)(first + k));
            if (es_rng_u01(key, ES_ECO_NETWORK) * 100.0 >= p->pps.initial_networks) continue;
            int32_t j = es_pps_add(&w->pps);
            if (j < 0) return;
            w->pps.region[j] = (int16_t)r;
            w->pps.kind[j] = ES_PK_SCHOOL_NETWORK;
            w->pps.phase[j] = ES_PP_EARLY;
            w->pps.llo_type[j] = ES_LLO_CATALYST;
            w->pps.blocks[j] = ES_BB_EDUCATION | ES_BB_NETWORK;
            w->pps.school[j] = first + k;
            w->pps.founded[j] = (int16_t)w->year;
            w->pps.trust[j] = 0.5;
        }
    }
}

es_status es_economy_create(es_world *w, es_diag *d)
{
    int (*blk)[ES_N_CSECTORS][ES_N_CSIZES][2] = calloc((size_t)w->nregions, sizeof *blk);
    w->tightness = calloc((size_t)w->nregions, sizeof *w->tightness);
    w->network_share = calloc((size_t)w->nregions, sizeof *w->network_share);
    w->pol_eff = calloc((size_t)(w->par->pol.n ? w->par->pol.n : 1) * (size_t)w->nregions, sizeof *w->pol_eff);
    if (!blk || !w->tightness || !w->network_share || !w->pol_eff) { free(blk); return ES_ERR_NOMEM; }
    es_status st = companies_create(w, blk);
    if (st != ES_OK) {
        es_diag_add(d, "cannot create the companies (%s)", es_status_str(st));
        free(blk);
        return st;
    }
    employ_initial(w, blk);
    free(blk);
    networks_initial(w);
    return ES_OK;
}
