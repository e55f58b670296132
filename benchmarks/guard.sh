#!/usr/bin/env bash
# guard.sh - the regression guard: time two builds side by side and check that they
# write the same results (docs/performance.md, "Regression guard"). Called as
# benchmarks/run.sh --against REV ... (run.sh without options runs the suite).
#
#   benchmarks/run.sh --against REV [--pairs N] [--country-pairs M] [--no-country]
#                     [--threads T] [--set k=v]... [--allow-diff] [--out DIR]
#   benchmarks/run.sh --bin-a A --bin-b B [same options]    two programs, no builds
#   benchmarks/run.sh --self-test --bin EDUSIM              the guard checks itself
#
# A is REV (built in a temporary worktree), B the current tree (build/release). Each
# pair runs A then B, so that a change in the machine's load hits both sides alike.
# Exit status: 0 when the outputs agree (or --allow-diff), 1 when an indicator both
# sides have differs, 2 on a usage, build or run error. Timings never fail the guard.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
py=/usr/bin/python3

usage() {
  sed -n '6,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 0
}
die() { echo "guard: $*" >&2; exit 2; }
posint() { [[ $2 =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] || die "$1 takes an integer >= $3, not '$2'"; }

against="" bin_a="" bin_b="" pairs=5 cpairs=1 country=1 threads=$(nproc) allow_diff=0
outdir="" self_test=0 self_bin=""
sets=()
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --against) need "$@"; against=$2; shift ;;
    --pairs) need "$@"; posint "$1" "$2" 1; pairs=$2; shift ;;
    --country-pairs) need "$@"; posint "$1" "$2" 1; cpairs=$2; shift ;;
    --no-country) country=0 ;;
    --threads) need "$@"; posint "$1" "$2" 1; threads=$2; shift ;;
    --set) need "$@"; [[ $2 == *=* ]] || die "--set takes key=value, not '$2'"; sets+=(--set "$2"); shift ;;
    --bin-a) need "$@"; bin_a=$2; shift ;;
    --bin-b) need "$@"; bin_b=$2; shift ;;
    --allow-diff) allow_diff=1 ;;
    --out) need "$@"; outdir=$2; shift ;;
    --self-test) self_test=1 ;;
    --bin) need "$@"; self_bin=$2; shift ;;
    -h|--help) usage ;;
    *) die "unknown option '$1' (benchmarks/run.sh --help)" ;;
  esac
  shift
done

if [ ! -x /usr/bin/time ]; then
  [ -f "$root/scripts/setup.sh" ] || die "/usr/bin/time is missing (Debian package 'time')"
  (. "$root/scripts/setup.sh" >/dev/null 2>&1 || true; es_install_packages time) ||
    die "/usr/bin/time is missing and could not be installed (Debian package 'time')"
fi

# ---- self-test: the guard against one program twice, on a world of 5,000 ------------
if [ "$self_test" = 1 ]; then
  [ -n "$self_bin" ] && [ -x "$self_bin" ] || die "--self-test needs --bin EDUSIM (an executable)"
  st=$(mktemp -d)
  trap 'rm -rf "$st"' EXIT
  tiny=(--set regions.0.population=5000 --set years.end=2020)  # 37 years, cohorts from 1991
  fail() { echo "bench_guard: FAIL: $*" >&2; cat "$st/out.txt" >&2; exit 1; }
  rc=0
  "${BASH_SOURCE[0]}" --bin-a "$self_bin" --bin-b "$self_bin" --pairs 2 --no-country \
    --threads 1 "${tiny[@]}" --out "$st/runs" >"$st/out.txt" 2>&1 || rc=$?
  cat "$st/out.txt"
  [ "$rc" = 0 ] || fail "the same program twice exited $rc, not 0"
  grep -q '^outputs default region: identical' "$st/out.txt" || fail "no 'identical' line"
  for fig in 'wall s' 'user s' 'system s' 'cpu s' 'peak RSS MB'; do
    grep -Eq "^  $fig +[0-9.]+ \([0-9.]+-[0-9.]+\) +[0-9.]+ \([0-9.]+-[0-9.]+\) +([0-9.]+|-) +([0-9.]+|-) ([0-9.]+|-)\$" \
      "$st/out.txt" || fail "no ratio line for '$fig' with two pairs"
  done
  # The comparison must see a difference (another seed) and tolerate a missing indicator.
  a1="$st/runs/default_region_A1.h5"
  "$self_bin" run --quiet --threads 1 "${tiny[@]}" --seed 2 -o "$st/seed2.h5"
  rc=0; "$py" "$here/guard.py" compare check "$a1" "$st/seed2.h5" >"$st/out.txt" || rc=$?
  [ "$rc" = 1 ] && grep -q '^outputs check: DIFFER in 1 of 1 pair ' "$st/out.txt" &&
    grep -q '^  cohorts identical: no, in 1 pair$' "$st/out.txt" ||
    fail "another seed was not reported as different, indicators and cohorts (exit $rc)"
  cp "$a1" "$st/less.h5"
  "$py" -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r+"); del f["indicators/population/all"]' "$st/less.h5"
  rc=0; "$py" "$here/guard.py" compare check "$a1" "$st/less.h5" >"$st/out.txt" || rc=$?
  [ "$rc" = 0 ] && grep -q '^  removed in B (1): /population/all$' "$st/out.txt" ||
    fail "an indicator only A has was not reported as removed (exit $rc)"
  echo "bench_guard: ok"
  exit 0
fi

# ---- the two programs --------------------------------------------------------------
[ -n "$against" ] || [ -n "$bin_a" ] || die "--against REV or --bin-a A is needed (benchmarks/run.sh --help)"
[ -z "$against" ] || [ -z "$bin_a" ] || die "--against and --bin-a exclude each other"
tmp=$(mktemp -d)
wt=""
cleanup() {
  if [ -n "$wt" ]; then git -C "$root" worktree remove --force "$wt" >/dev/null 2>&1 || true; fi
  git -C "$root" worktree prune >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
jobs=$(nproc)
if [ -n "$against" ]; then
  rev=$(git -C "$root" rev-parse --verify --quiet "$against^{commit}") || die "'$against' is not a git revision"
  label_a="$(git -C "$root" rev-parse --short=7 "$rev") (built in a temporary worktree)"
  wt="$tmp/src"
  echo "guard: building $against in $wt" >&2
  git -C "$root" worktree add --detach --quiet "$wt" "$rev" >&2
  # The release preset's settings (CMakePresets.json), without the tests.
  cmake -S "$wt" -B "$tmp/build" -DCMAKE_BUILD_TYPE=Release -DEDUSIM_OPENMP=ON -DEDUSIM_TESTS=OFF \
    >"$tmp/build_a.log" 2>&1 && cmake --build "$tmp/build" --target edusim -j "$jobs" >>"$tmp/build_a.log" 2>&1 ||
    { tail -30 "$tmp/build_a.log" >&2; die "building $against failed"; }
  bin_a="$tmp/build/edusim"
else
  label_a="$bin_a"
fi
if [ -z "$bin_b" ]; then
  echo "guard: building the current tree (build/release)" >&2
  (cd "$root" && { [ -f build/release/CMakeCache.txt ] || cmake --preset release; } &&
    cmake --build --preset release --target edusim -j "$jobs") >"$tmp/build_b.log" 2>&1 ||
    { tail -30 "$tmp/build_b.log" >&2; die "building the current tree failed"; }
  bin_b="$root/build/release/edusim"
  dirty=$(git -C "$root" diff --quiet HEAD -- sim include CMakeLists.txt || echo "+uncommitted changes")
  label_b="$(git -C "$root" rev-parse --short=7 HEAD)$dirty (build/release)"
else
  label_b="$bin_b"
fi
for b in "$bin_a" "$bin_b"; do [ -x "$b" ] || die "'$b' is not an executable program"; done

# ---- the runs ----------------------------------------------------------------------
runs=${outdir:-$tmp/runs}
mkdir -p "$runs" || die "cannot make '$runs'"
times="$runs/times.tsv"
: >"$times"
# run_one SCENARIO-NAME PAIR SIDE PROGRAM [SCENARIO.yaml]
run_one() {
  local name=$1 pair=$2 side=$3 bin=$4 out="$runs/${1// /_}_$3$2.h5"
  shift 4
  if ! /usr/bin/time -f '%e\t%U\t%S\t%M' -o "$runs/time.txt" \
       "$bin" run "$@" --quiet --threads "$threads" "${sets[@]}" -o "$out" >"$runs/run.log" 2>&1; then
    tail -20 "$runs/run.log" >&2
    die "run $side$pair of the $name failed ($bin)"
  fi
  printf '%s\t%s\t%s\t%s\n' "$name" "$pair" "$side" "$(tail -1 "$runs/time.txt")" >>"$times"
  echo "guard: $name pair $pair $side: $(tail -1 "$runs/time.txt" | cut -f1) s" >&2
}
load0=$(cut -d' ' -f1-3 /proc/loadavg)
files_default=() files_country=()
for i in $(seq 1 "$pairs"); do
  run_one "default region" "$i" A "$bin_a"
  run_one "default region" "$i" B "$bin_b"
  files_default+=("$runs/default_region_A$i.h5" "$runs/default_region_B$i.h5")
done
if [ "$country" = 1 ]; then
  for i in $(seq 1 "$cpairs"); do
    run_one country "$i" A "$bin_a" "$root/scenarios/nl_full.yaml"
    run_one country "$i" B "$bin_b" "$root/scenarios/nl_full.yaml"
    files_country+=("$runs/country_A$i.h5" "$runs/country_B$i.h5")
  done
fi
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ---------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "regression guard, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($cpu)"
echo "A: $label_a"
echo "B: $label_b"
echo "threads $threads; load average before $load0, after $load1;" \
     "OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}${sets[*]:+; ${sets[*]}}"
"$py" "$here/guard.py" table "$times"
rc=0
"$py" "$here/guard.py" compare "default region" "${files_default[@]}" || rc=$?
if [ "$country" = 1 ]; then
  c=0; "$py" "$here/guard.py" compare country "${files_country[@]}" || c=$?
  [ "$c" -le "$rc" ] || rc=$c
fi
[ "$rc" -ne 2 ] || die "the results files could not be compared"
if [ "$rc" = 1 ] && [ "$allow_diff" = 1 ]; then
  echo "outputs differ; --allow-diff given, exit 0"
  rc=0
fi
exit "$rc"
