/* demography.h - deaths, emigration, births, immigration and international students
 * arriving during a school year; the population is compacted afterwards. */
#ifndef EDUSIM_DEMOGRAPHY_H
#define EDUSIM_DEMOGRAPHY_H

#include <stdint.h>

#include "edusim/world.h"

/* The demography phase of school year `year`, adding to tally [nregions][ES_N_TALLY]. */
es_status es_phase_demography(es_world *w, int year, int threads, int64_t *tally);

#endif
