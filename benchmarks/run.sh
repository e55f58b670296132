#!/usr/bin/env bash
# run.sh - build and run the benchmarks; append a dated row to benchmarks/RESULTS.md.
# Usage: benchmarks/run.sh [SCENARIO.yaml] [--reps N]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
es_build release
bench="$ES_ROOT/build/release/benchmarks/bench_edusim"
"$bench" "$@"
row=$("$bench" --markdown "$@")
res="$ES_ROOT/benchmarks/RESULTS.md"
if [ ! -f "$res" ]; then
  cat >"$res" <<'HDR'
# Benchmark results

Appended by `benchmarks/run.sh`. Person-years per second: median (min-max) of the
repetitions; efficiency = all-thread speed / (1-thread speed x threads).

| date | commit | compiler, flags | scenario | threads | 1 thread (py/s) | all threads (py/s) | efficiency | wall (s) | peak RSS (MiB) | bytes/person | triad GB/s |
|---|---|---|---|---|---|---|---|---|---|---|---|
HDR
fi
echo "$row" >>"$res"
echo "appended to $res"
