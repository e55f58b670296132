#!/usr/bin/env bash
# run.sh - set up, build, and run a scenario (the embedded default if none), then
# print its summary. Usage: scripts/run.sh [edusim run arguments...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
es_build release
mkdir -p "$ES_ROOT/out"
args=("$@")
out="$ES_ROOT/out/default.h5"
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in -o|--output) out="${args[i+1]:-}";; esac
done
printf '%s\n' "${args[@]+"${args[@]}"}" | grep -qxE -- '-o|--output' || args+=(-o "$out")
"$ES_ROOT/build/release/edusim" run "${args[@]}"
# A report with figures, when Debian's analysis packages are present.
if [ "${EDUSIM_NO_REPORT:-0}" != 1 ] && /usr/bin/python3 -c 'import h5py, pandas, matplotlib' 2>/dev/null; then
  rep="${out%.h5}_report"
  PYTHONPATH="$ES_ROOT/analysis" MPLBACKEND=Agg /usr/bin/python3 -m edusim_analysis report "$out" -o "$rep" &&
    echo "  report: $rep/index.html"
fi
