#!/usr/bin/env bash
# valgrind memcheck on the default run (the embedded default region, all years), on a
# small sweep in two shards with merge and compare, and on info: no invalid access,
# no use of uninitialised values, no definite or indirect leak.
# Usage: run.sh EDUSIM TMPDIR
set -euo pipefail
bin=$(realpath "$1") tmp=$2/valgrind
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp"
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect)
"${vg[@]}" "$bin" run --threads 2 -q -o default.h5
echo "ok: default run clean"
cat > s.yaml <<'YAML'
name: vg
seed: 5
replicates: 2
baseline: base
set: ["regions.0.population=10000", "years.start=2006", "years.end=2008", "years.burn_in=4"]
scenarios:
  - {name: base}
  - {name: more_wo, set: ["transitions.vwo_to_wo=0.85"]}
YAML
"${vg[@]}" "$bin" sweep s.yaml -q --threads 1 --shard 0/2 -o p0.h5
"${vg[@]}" "$bin" sweep s.yaml -q --threads 1 --shard 1/2 -o p1.h5
"${vg[@]}" "$bin" merge -q -o merged.h5 p0.h5 p1.h5
"${vg[@]}" "$bin" compare merged.h5 > /dev/null
"${vg[@]}" "$bin" info default.h5 > /dev/null
echo "ok: sweep shards, merge, compare and info clean"
