/* test_rng.c - PCG32 golden vectors, bounded/advance properties, keyed streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "edusim/rng.h"

/* The reference implementation's published demo output (pcg32-demo, seed 42, stream 54). */
static void test_golden_vector(void **state)
{
    (void)state;
    static const uint32_t expect[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                       0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
    es_pcg32 r;
    es_pcg32_seed(&r, 42u, 54u);
    for (int i = 0; i < 6; i++) assert_int_equal(es_pcg32_next(&r), expect[i]);
}

static void test_advance_matches_stepping(void **state)
{
    (void)state;
    es_pcg32 a, b;
    es_pcg32_seed(&a, 12345u, 678u);
    b = a;
    for (int i = 0; i < 1000; i++) (void)es_pcg32_next(&a);
    es_pcg32_advance(&b, 1000u);
    assert_true(a.state == b.state);
    assert_int_equal(es_pcg32_next(&a), es_pcg32_next(&b));
    /* A full negative stride returns to the start. */
    es_pcg32 c = b;
    es_pcg32_advance(&c, (uint64_t)0 - 1001u);
    es_pcg32 d;
    es_pcg32_seed(&d, 12345u, 678u);
    assert_true(c.state == d.state);
}

static void test_bounded_range_and_uniformity(void **state)
{
    (void)state;
    es_pcg32 r;
    es_pcg32_seed(&r, 7u, 11u);
    enum { K = 6, N = 600000 };
    long counts[K] = {0};
    for (int i = 0; i < N; i++) {
        uint32_t v = es_pcg32_bounded(&r, K);
        assert_true(v < K);
        counts[v]++;
    }
    /* Each count is binomial(N, 1/6): within 4 standard errors of N/6. */
    double mean = (double)N / K, sd = sqrt(N * (1.0 / K) * (1.0 - 1.0 / K));
    for (int k = 0; k < K; k++) assert_true(fabs(counts[k] - mean) < 4 * sd);
    assert_int_equal(es_pcg32_bounded(&r, 1), 0);
}

static void test_double_range_and_mean(void **state)
{
    (void)state;
    es_pcg32 r;
    es_pcg32_seed(&r, 99u, 1u);
    enum { N = 200000 };
    double sum = 0;
    for (int i = 0; i < N; i++) {
        double u = es_pcg32_double(&r);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
    }
    /* Uniform(0,1): sd 1/sqrt(12). */
    assert_true(fabs(sum / N - 0.5) < 4.0 / sqrt(12.0 * N));
}

static void test_keys_differ_in_every_component(void **state)
{
    (void)state;
    uint64_t k = es_rng_key(1, 2020, ES_RNG_EDUCATION, 5);
    assert_true(k != es_rng_key(2, 2020, ES_RNG_EDUCATION, 5));
    assert_true(k != es_rng_key(1, 2021, ES_RNG_EDUCATION, 5));
    assert_true(k != es_rng_key(1, 2020, ES_RNG_SCHOOL, 5));
    assert_true(k != es_rng_key(1, 2020, ES_RNG_EDUCATION, 6));
    assert_true(k == es_rng_key(1, 2020, ES_RNG_EDUCATION, 5));
}

/* Keyed uniforms over consecutive agent ids behave as independent U(0,1): mean,
 * and correlation between neighbouring agents and between draws k and k+1. */
static void test_keyed_uniform_statistics(void **state)
{
    (void)state;
    enum { N = 200000 };
    double s = 0, s_nb = 0, s_k = 0, prev = 0;
    for (int i = 0; i < N; i++) {
        uint64_t key = es_rng_key(42, 2010, ES_RNG_EDUCATION, (uint64_t)i);
        double u = es_rng_u01(key, 0), v = es_rng_u01(key, 1);
        assert_true(u >= 0.0 && u < 1.0);
        s += u;
        s_k += (u - 0.5) * (v - 0.5);
        if (i) s_nb += (u - 0.5) * (prev - 0.5);
        prev = u;
    }
    double se_mean = 1.0 / sqrt(12.0 * N), se_cov = (1.0 / 12.0) / sqrt((double)N);
    assert_true(fabs(s / N - 0.5) < 4 * se_mean);
    assert_true(fabs(s_k / N) < 4 * se_cov);
    assert_true(fabs(s_nb / (N - 1)) < 4 * se_cov);
}

static void test_keyed_normal_moments(void **state)
{
    (void)state;
    enum { N = 200000 };
    double s = 0, s2 = 0;
    for (int i = 0; i < N; i++) {
        double z = es_rng_normal(es_rng_key(3, 0, ES_RNG_INIT_PERSON, (uint64_t)i), 0);
        s += z;
        s2 += z * z;
    }
    double m = s / N, var = s2 / N - m * m;
    assert_true(fabs(m) < 4.0 / sqrt((double)N));
    assert_true(fabs(var - 1.0) < 4.0 * sqrt(2.0 / N));
}

/* A stream from a key is reproducible and distinct streams do not coincide. */
static void test_streams_reproducible(void **state)
{
    (void)state;
    es_pcg32 a, b, c;
    es_rng_stream(&a, es_rng_key(1, 2000, ES_RNG_SCHOOL, 9));
    es_rng_stream(&b, es_rng_key(1, 2000, ES_RNG_SCHOOL, 9));
    es_rng_stream(&c, es_rng_key(1, 2000, ES_RNG_SCHOOL, 10));
    int same_c = 0;
    for (int i = 0; i < 100; i++) {
        uint32_t x = es_pcg32_next(&a);
        assert_int_equal(x, es_pcg32_next(&b));
        same_c += (x == es_pcg32_next(&c));
    }
    assert_true(same_c < 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_vector),
        cmocka_unit_test(test_advance_matches_stepping),
        cmocka_unit_test(test_bounded_range_and_uniformity),
        cmocka_unit_test(test_double_range_and_mean),
        cmocka_unit_test(test_keys_differ_in_every_component),
        cmocka_unit_test(test_keyed_uniform_statistics),
        cmocka_unit_test(test_keyed_normal_moments),
        cmocka_unit_test(test_streams_reproducible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
