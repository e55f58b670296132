#!/usr/bin/env bash
# run.sh - build (release preset) and run the benchmark suite; append a dated table
# to benchmarks/RESULTS.md. Takes about 10 minutes on a 2-core machine.
#
#   benchmarks/run.sh                 the suite: default region and the country at 1:1
#   ES_BENCH_REPS=3 ES_BENCH_COUNTRY_REPS=2 benchmarks/run.sh   repetitions (the defaults)
#   ES_BENCH_COUNTRY=0 benchmarks/run.sh                        default region only
#   benchmarks/run.sh --against REV [...]   the regression guard: REV against this tree,
#                                           alternated, outputs compared (guard.sh)
#
# Every figure is the median of the repetitions with its spread, measured on this
# machine with all its cores (OMP_NUM_THREADS to change) and one; the load average
# before and after is recorded, since other users' jobs distort parallel timings
# (on a shared machine OMP_WAIT_POLICY=passive keeps waiting threads from spinning
# against them; docs/performance.md).
set -euo pipefail
case "${1:-}" in
  "") ;;
  *) exec "$(dirname "${BASH_SOURCE[0]}")/guard.sh" "$@" ;;
esac
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
es_build release
bench="$ES_ROOT/build/release/benchmarks/bench_edusim"
res="$ES_ROOT/benchmarks/RESULTS.md"
reps=${ES_BENCH_REPS:-3}
creps=${ES_BENCH_COUNTRY_REPS:-2}
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
load0=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(date +%s)
# Default region: speed, efficiency, phases, HDF5 share, naive education reference,
# and sweep throughput (4 runs per core side by side, one thread each).
"$bench" --reps "$reps" --naive --sweep $((4 * $(nproc))) --markdown "$rows"
# The country at 1:1 (30 simulated years): speed, memory, phases, HDF5 share.
if [ "${ES_BENCH_COUNTRY:-1}" != 0 ]; then
  "$bench" "$ES_ROOT/scenarios/nl_full.yaml" --reps "$creps" --markdown "$rows"
else
  creps="not run"
fi
t1=$(date +%s)
load1=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ES_ROOT" rev-parse --short=12 HEAD)$(git -C "$ES_ROOT" diff --quiet HEAD -- sim include benchmarks/*.c benchmarks/*.sh || echo -dirty)"
  echo
  echo "$(nproc) cores ($cpu), $(free -g | awk '/Mem:/{print $2}') GiB; suite took $((t1 - t0)) s;" \
       "load average before $load0, after $load1; repetitions: default region $reps, country $creps;" \
       "OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset (libgomp default: spin, then sleep)}."
  echo
  echo "| scenario | figure | threads | median | spread (min-max) / detail | target | commit | compiler, flags |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$rows"
} >>"$res"
echo "appended to $res"
