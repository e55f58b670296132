/* rng.h - PCG32 (XSH-RR 64/32) and keyed random streams.
 *
 * PCG32 follows M. E. O'Neill, "PCG: A Family of Simple Fast Space-Efficient
 * Statistically Good Algorithms for Random Number Generation" (2014),
 * written here from the published algorithm.
 *
 * Every stochastic decision in the model draws from a key built from
 * (run seed, year, purpose, agent id) by es_rng_key(). Decisions never draw from a
 * generator tied to a thread, so results do not depend on thread count or on the
 * order in which agents are processed, and two scenarios run with the same seed see
 * the same numbers for the same decisions (common random numbers). */
#ifndef EDUSIM_RNG_H
#define EDUSIM_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct es_pcg32 {
    uint64_t state; /* LCG state */
    uint64_t inc;   /* stream selector, always odd */
} es_pcg32;

/* Seed as the reference pcg32_srandom_r(initstate, initseq). */
void es_pcg32_seed(es_pcg32 *rng, uint64_t initstate, uint64_t initseq);

static inline uint32_t es_pcg32_next(es_pcg32 *rng)
{
    uint64_t old = rng->state;
    rng->state = old * 6364136223846793005ULL + rng->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

/* Uniform in [0, bound) without modulo bias (rejection of the short first interval).
 * bound must be > 0. */
uint32_t es_pcg32_bounded(es_pcg32 *rng, uint32_t bound);

/* Advance by delta steps in O(log delta) (Brown, "Random number generation with
 * arbitrary strides", 1994). Negative strides are delta = 2^64 - k. */
void es_pcg32_advance(es_pcg32 *rng, uint64_t delta);

/* Uniform double in [0, 1) with 53 random bits (two outputs). */
double es_pcg32_double(es_pcg32 *rng);

/* ---- keyed streams ---------------------------------------------------- */

/* Purposes: one per kind of decision, so that adding a decision never shifts the
 * numbers another decision sees. The numbers are part of every key: never renumber
 * (gaps are purposes that were declared and never drawn from). Each module names the
 * slots of its draws next to the code (e.g. es_edu_slot in education_internal.h). */
typedef enum es_purpose {
    ES_RNG_INIT_PERSON = 1,  /* synthetic population and newcomers' attributes (world, demography) */
    ES_RNG_BIRTH = 3,        /* births per region (demography) */
    ES_RNG_DEATH = 4,        /* deaths and emigration per person (demography) */
    ES_RNG_MIGRATION = 5,    /* immigrants per region and their ages (demography) */
    ES_RNG_EDUCATION = 7,    /* a person's education decisions of the year (es_edu_slot) */
    ES_RNG_SCHOOL = 14,      /* school assignment and the initial primary school */
    ES_RNG_LABOUR = 15,      /* matching, and early leavers not seeking work */
    ES_RNG_INTEREST = 16,    /* the yearly change of STEM interest */
    ES_RNG_TEACHER = 17,     /* teachers: quits, subjects, hybrid teachers, trainees */
    ES_RNG_COMPANY = 18,     /* companies: initial employees, BBL places, joining partnerships */
    ES_RNG_PARTNERSHIP = 19, /* partnerships: formation, phases, dissolution, chain schools */
    ES_RNG_LLO = 20,         /* lifelong learning, separations and job changes */
    ES_RNG_DESIGN = 21,      /* Latin hypercube design points of a sweep */
    ES_RNG_INTL_STUDENT = 22, /* international first-year students arriving */
    ES_N_PURPOSES
} es_purpose;

/* A strong 64-bit mixer (the MurmurHash3 fmix64 finaliser constants with a
 * SplitMix64-style increment; Steele, Lea & Flood 2014). */
static inline uint64_t es_mix64(uint64_t z)
{
    z ^= z >> 33;
    z *= 0xff51afd7ed558ccdULL;
    z ^= z >> 33;
    z *= 0xc4ceb9fe1a85ec53ULL;
    z ^= z >> 33;
    return z;
}

/* The part of a key that depends on (run seed, year, purpose) only: loops over
 * persons compute it once and call es_rng_key_at per person (two of the three
 * mixing rounds saved; the key is the same bits as es_rng_key's). */
static inline uint64_t es_rng_base(uint64_t seed, int32_t year, uint32_t purpose)
{
    uint64_t h = es_mix64(seed + 0x9e3779b97f4a7c15ULL);
    return es_mix64(h ^ (((uint64_t)(uint32_t)year << 32) | purpose) ^ 0x632be59bd9b4e019ULL);
}

static inline uint64_t es_rng_key_at(uint64_t base, uint64_t agent)
{
    return es_mix64(base ^ (agent * 0xbf58476d1ce4e5b9ULL) ^ 0x94d049bb133111ebULL);
}

/* The key of one decision stream: (run seed, year, purpose, agent id). */
static inline uint64_t es_rng_key(uint64_t seed, int32_t year, uint32_t purpose, uint64_t agent)
{
    return es_rng_key_at(es_rng_base(seed, year, purpose), agent);
}

/* The k-th uniform double in [0,1) of a key: counter-based, so each draw is
 * independent of the previous one (no dependent chain; vectorises). */
static inline double es_rng_u01(uint64_t key, uint32_t k)
{
    uint64_t z = es_mix64(key + (uint64_t)(k + 1u) * 0x9e3779b97f4a7c15ULL);
    return (double)(z >> 11) * (1.0 / 9007199254740992.0); /* 2^-53 */
}

/* x rounded down or up at random so that the mean is x: draw 0 of the key decides. */
static inline int64_t es_rng_round(double x, uint64_t key)
{
    double f = (double)(int64_t)x;
    if (f > x) f -= 1.0;
    return (int64_t)f + (es_rng_u01(key, 0) < x - f);
}

/* A PCG32 generator for a key, for decisions that need a variable number of draws. */
void es_rng_stream(es_pcg32 *rng, uint64_t key);

/* Standard normal from two uniforms of a key (Box-Muller), draws k and k+1. */
double es_rng_normal(uint64_t key, uint32_t k);

#ifdef __cplusplus
}
#endif

#endif
