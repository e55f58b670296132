// test_rng_pcgcpp.cpp - our PCG32 against Debian's reference pcg-cpp header.
#include <cstdio>
#include <pcg_random.hpp>

#include "edusim/rng.h"

int main()
{
    int bad = 0;
    const unsigned long long seeds[][2] = {{42u, 54u}, {0u, 0u}, {0xdeadbeefull, 7u}, {1ull << 63, 12345u}};
    for (auto &s : seeds) {
        pcg32 ref(s[0], s[1]);
        es_pcg32 ours;
        es_pcg32_seed(&ours, s[0], s[1]);
        for (int i = 0; i < 10000; i++) {
            if (ref() != es_pcg32_next(&ours)) { bad++; break; }
        }
        ref.advance(123456789u);
        es_pcg32_advance(&ours, 123456789u);
        if (ref() != es_pcg32_next(&ours)) bad++;
        for (unsigned b : {1u, 6u, 1000u, 0x80000001u}) {
            if (ref(b) != es_pcg32_bounded(&ours, b)) bad++;
        }
    }
    std::printf("%s: pcg-cpp comparison, %d mismatches\n", bad ? "FAIL" : "ok", bad);
    return bad ? 1 : 0;
}
