/* education_internal.h - the optimised education step (education.c) and its naive
 * reference (education_naive.c). */
#ifndef EDUSIM_EDUCATION_INTERNAL_H
#define EDUSIM_EDUCATION_INTERNAL_H

#include "edusim/rng.h"
#include "edusim/sim.h"

/* The school an applicant takes among the `cnt` schools from `first`: the first of
 * three keyed choices with a place left, else the school with most places left. Both
 * implementations share the rule so they cannot drift apart. */
static inline int32_t es_edu_pick_school(uint64_t key, int32_t first, int32_t cnt, const int32_t *left)
{
    int32_t pick = -1;
    for (uint32_t ch = 0; ch < 3 && pick < 0; ch++) {
        int32_t sc = first + (int32_t)(es_rng_u01(key, ch) * cnt);
        if (left[sc] > 0) pick = sc;
    }
    if (pick < 0) {
        pick = first;
        for (int32_t sc = first + 1; sc < first + cnt; sc++)
            if (left[sc] > left[pick]) pick = sc;
    }
    return pick;
}

/* School places for everyone in education without a school (keyed priority). */
es_status es_edu_assign_schools(es_world *w, int year, int threads);

/* The education step written the obvious way, kept as the reference the optimised
 * step is measured and tested against: persons copied into an array of structs,
 * one thread, and a fresh keyed generator for every single decision. Results are
 * bitwise identical to es_phase_education (tests/test_naive.c). */
es_status es_phase_education_naive(es_world *w, int year, int64_t *tally);

#endif
