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
