#!/usr/bin/env bash
# The trends test: the historical and counterfactual Netherlands (32 replicates, 1:20)
# against the published figures. It passes when every check passes or is listed, with
# its reason, in known_deviations.csv, and fails when a listed check passes (the list
# only shrinks). It writes the target table of docs/calibration.md to TMPDIR/targets.md.
# Usage: run.sh EDUSIM TMPDIR [more options of check_trends.py]
set -euo pipefail
bin=$1 tmp=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$tmp"
"$bin" sweep "$src/scenarios/sweeps/nl_trends.yaml" -q -o "$tmp/nl_trends.h5"
/usr/bin/python3 "$src/tests/trends/check_trends.py" "$tmp/nl_trends.h5" "$src/scenarios/data/nl_targets.csv" \
    --known "$src/tests/trends/known_deviations.csv" --table "$tmp/targets.md" "${@:3}"
