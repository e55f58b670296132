#!/usr/bin/env bash
# The trends test: the historical and counterfactual Netherlands (32 replicates, 1:20)
# against the published figures. Usage: run.sh EDUSIM TMPDIR [--only-signs]
set -euo pipefail
bin=$1 tmp=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$tmp"
"$bin" sweep "$src/scenarios/sweeps/nl_trends.yaml" -q -o "$tmp/nl_trends.h5"
/usr/bin/python3 "$src/tests/trends/check_trends.py" "$tmp/nl_trends.h5" "$src/scenarios/data/nl_targets.csv" "${@:3}"
