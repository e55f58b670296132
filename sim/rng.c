/* rng.c - PCG32 seeding, bounded draws, jump-ahead, and keyed streams. */
#include "edusim/rng.h"

#include <math.h>

#define ES_PCG_MULT 6364136223846793005ULL

void es_pcg32_seed(es_pcg32 *rng, uint64_t initstate, uint64_t initseq)
{
    rng->state = 0u;
    rng->inc = (initseq << 1u) | 1u;
    (void)es_pcg32_next(rng);
    rng->state += initstate;
    (void)es_pcg32_next(rng);
}

uint32_t es_pcg32_bounded(es_pcg32 *rng, uint32_t bound)
{
    /* 2^32 mod bound values at the bottom would be over-represented: reject them. */
    uint32_t threshold = (uint32_t)(-bound) % bound;
    for (;;) {
        uint32_t r = es_pcg32_next(rng);
        if (r >= threshold) return r % bound;
    }
}

void es_pcg32_advance(es_pcg32 *rng, uint64_t delta)
{
    uint64_t cur_mult = ES_PCG_MULT, cur_plus = rng->inc;
    uint64_t acc_mult = 1u, acc_plus = 0u;
    while (delta > 0) {
        if (delta & 1u) {
            acc_mult *= cur_mult;
            acc_plus = acc_plus * cur_mult + cur_plus;
        }
        cur_plus = (cur_mult + 1u) * cur_plus;
        cur_mult *= cur_mult;
        delta >>= 1u;
    }
    rng->state = acc_mult * rng->state + acc_plus;
}

double es_pcg32_double(es_pcg32 *rng)
{
    uint64_t a = es_pcg32_next(rng) >> 5; /* 27 bits */
    uint64_t b = es_pcg32_next(rng) >> 6; /* 26 bits */
    return (double)(a * 67108864u + b) * 0x1.0p-53;
}

void es_rng_stream(es_pcg32 *rng, uint64_t key)
{
    es_pcg32_seed(rng, key, es_mix64(key ^ 0xda942042e4dd58b5ULL));
}

double es_rng_normal(uint64_t key, uint32_t k)
{
    double u1 = es_rng_u01(key, k);
    double u2 = es_rng_u01(key, k + 1u);
    if (u1 < 0x1.0p-60) u1 = 0x1.0p-60; /* log(0) guard; probability 2^-53 */
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
