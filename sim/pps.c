/* pps.c - the partnerships' store, grown geometrically. */
#include "edusim/pps.h"

#include <stdlib.h>
#include <string.h>

es_status es_pps_reserve(es_pps *p, int32_t cap)
{
    if (cap <= p->cap) return ES_OK;
    int32_t nc = p->cap ? p->cap * 2 : 64;
    while (nc < cap) nc *= 2;
#define GROW(f)                                                   \
    {                                                             \
        void *q = realloc(p->f, (size_t)nc * sizeof *p->f);       \
        if (!q) return ES_ERR_NOMEM;                              \
        p->f = q;                                                 \
    }
    GROW(region) GROW(kind) GROW(phase) GROW(llo_type) GROW(blocks) GROW(school) GROW(founded)
    GROW(funded_until) GROW(policy) GROW(companies) GROW(trust) GROW(public_eur) GROW(private_eur) GROW(inkind_eur)
#undef GROW
    p->cap = nc;
    return ES_OK;
}

int32_t es_pps_add(es_pps *p)
{
    if (p->n == p->cap && es_pps_reserve(p, p->n + 1) != ES_OK) return -1;
    int32_t i = p->n++;
    p->region[i] = 0;
    p->kind[i] = p->phase[i] = p->llo_type[i] = p->blocks[i] = 0;
    p->school[i] = -1;
    p->founded[i] = 0;
    p->funded_until[i] = -1;
    p->policy[i] = -1;
    p->companies[i] = 0;
    p->trust[i] = p->public_eur[i] = p->private_eur[i] = p->inkind_eur[i] = 0;
    return i;
}

void es_pps_free(es_pps *p)
{
    if (!p) return;
    free(p->region); free(p->kind); free(p->phase); free(p->llo_type); free(p->blocks);
    free(p->school); free(p->founded); free(p->funded_until); free(p->policy); free(p->companies);
    free(p->trust); free(p->public_eur); free(p->private_eur); free(p->inkind_eur);
    memset(p, 0, sizeof *p);
}
