#!/usr/bin/env bash
# run.sh EDUSIM - every hostile scenario file gets one clear error with its position
# and a non-zero exit within a second (tests/hostile/expected.txt lists the cases).
set -u
edusim=$1
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
while IFS='|' read -r file want text; do
  case "$file" in ''|'#'*) continue;; esac
  start=$(date +%s%N)
  out=$(timeout 5 "$edusim" validate "$here/$file" 2>&1); rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ "$rc" = "$want" ] && printf '%s' "$out" | grep -qF -- "$text" && [ "$ms" -lt 1000 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $file: exit $rc (want $want), ${ms} ms, output: $(printf '%s' "$out" | head -c 300)"
  fi
done <"$here/expected.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
