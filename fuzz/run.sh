#!/usr/bin/env bash
# fuzz/run.sh [SECONDS] - build the libFuzzer target (preset fuzz) and fuzz the scenario,
# sweep and calibration readers for SECONDS (default 60), starting from fuzz/corpus
# (valid and invalid files; the first byte picks the reader: 0 scenario, 1 sweep,
# 2 calibration). New inputs go to build/fuzz/corpus; a crash, leak or timeout stops
# the run with status 1 and leaves crash-*/leak-*/timeout-* in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target fuzz_readers
mkdir -p build/fuzz/corpus
cd build/fuzz
./fuzz_readers -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 corpus ../../fuzz/corpus 2>&1 | tail -25
