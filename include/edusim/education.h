/* education.h - the Dutch education chain: end-of-year transitions (diplomas,
 * repeating, switching, leaving; choices of track, sector, profile and field; STEM
 * interest) and school assignment. */
#ifndef EDUSIM_EDUCATION_H
#define EDUSIM_EDUCATION_H

#include <stdint.h>

#include "edusim/world.h"

/* The education phase of school year `year`, adding to tally [nregions][ES_N_TALLY]:
 * every person's transition (education.c, or the naive reference of
 * education_naive.c when w->naive_education is set), then school places. */
es_status es_phase_education(es_world *w, int year, int threads, int64_t *tally);

/* School places for everyone in education without a school (keyed priority). */
es_status es_edu_assign_schools(es_world *w, int year, int threads);

#endif
