/* education_internal.h - the optimised education step (education.c) and its naive
 * reference (education_naive.c). */
#ifndef EDUSIM_EDUCATION_INTERNAL_H
#define EDUSIM_EDUCATION_INTERNAL_H

#include "edusim/sim.h"

/* School places for everyone in education without a school (keyed priority). */
es_status es_edu_assign_schools(es_world *w, int year, int threads);

/* The education step written the obvious way, kept as the reference the optimised
 * step is measured and tested against: persons copied into an array of structs,
 * one thread, and a fresh keyed generator for every single decision. Results are
 * bitwise identical to es_phase_education (tests/test_naive.c). */
es_status es_phase_education_naive(es_world *w, int year, int64_t *tally);

#endif
