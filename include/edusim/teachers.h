/* teachers.h - the teacher labour market: quits, demand per school, hiring of
 * graduates and side entrants, hybrid teachers and Eerst De Klas trainees. */
#ifndef EDUSIM_TEACHERS_H
#define EDUSIM_TEACHERS_H

#include <stdint.h>

#include "edusim/world.h"

/* The teacher phase of school year `year`, adding to tally [nregions][ES_N_TALLY]. */
es_status es_phase_teachers(es_world *w, int year, int threads, int64_t *tally);

#endif
