/* economy.c - the companies' store. */
#include "edusim/economy.h"

#include <stdlib.h>
#include <string.h>

void es_companies_free(es_companies *c)
{
    if (!c) return;
    free(c->id);
    free(c->region);
    free(c->sector);
    free(c->size);
    free(c->staff);
    free(c->target);
    free(c->vacancies);
    free(c->bbl_used);
    free(c->pps);
    free(c->first);
    free(c->count);
    memset(c, 0, sizeof *c);
}
