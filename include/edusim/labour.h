/* labour.h - the labour market: separations and job changes, lifelong learning,
 * vacancies, matching of seekers to jobs, and BBL work-based places. */
#ifndef EDUSIM_LABOUR_H
#define EDUSIM_LABOUR_H

#include <stdint.h>

#include "edusim/world.h"

/* The labour phase of school year `year`, adding to tally [nregions][ES_N_TALLY]. */
es_status es_phase_labour(es_world *w, int year, int threads, int64_t *tally);

#endif
