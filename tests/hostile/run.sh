#!/usr/bin/env bash
# run.sh EDUSIM - every hostile scenario, sweep or calibration file gets one clear error
# with its position and a non-zero exit within a second (EDUSIM_HOSTILE_LIMIT_MS, larger
# under sanitizers) (tests/hostile/expected.txt lists the cases: command, file, exit
# status, text the output must contain; files named gen_* are generated here).
set -u
edusim=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
gen=$(mktemp -d)
trap 'rm -rf "$tmp" "$gen"' EXIT
# Generated cases (too large to keep in git): named in expected.txt like the files here.
# 200,000 unknown keys: each was searched for a "did you mean" (1.5 s); now the first
# 100 are, and the rest are counted in one message.
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "zzkey%d: 1\n", i }' >"$gen/gen_unknown_keys.yaml"
# the maximum time a case may take (ms); sanitizer builds set a larger one
limit_ms=${EDUSIM_HOSTILE_LIMIT_MS:-1000}
pass=0 fail=0
while IFS='|' read -r cmd file want text; do
  case "$cmd" in ''|'#'*) continue;; esac
  in="$here/$file"
  case "$file" in gen_*) in="$gen/$file";; esac
  case "$cmd" in
    validate) args=(validate "$in");;
    sweep) args=(sweep "$in" -q -o "$tmp/out.h5");;
    calibrate) args=(calibrate "$in" -q -o "$tmp/cal");;
    run) args=(run "$in" -q -o "$tmp/out.h5");;
    *) echo "FAIL unknown command '$cmd' in expected.txt"; fail=$((fail + 1)); continue;;
  esac
  start=$(date +%s%N)
  out=$(cd "$here" && timeout 5 "$edusim" "${args[@]}" 2>&1); rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  left=$(ls "$tmp")
  nerr=$(printf '%s\n' "$out" | grep -c ': error: ')
  # a limit on a list is one error, not followed by an unknown-key error per item beyond it
  case "$file" in sweep_too_many_*) [ "$nerr" = 1 ] || rc="$rc ($nerr errors, want 1)";; esac
  # no control byte of the input reaches the terminal (newlines end messages)
  ctrl=$(printf '%s' "$out" | tr -d '\n' | LC_ALL=C tr -cd '\000-\037\177' | wc -c)
  [ "$ctrl" = 0 ] || rc="$rc ($ctrl control bytes in the output)"
  if [ "$rc" = "$want" ] && printf '%s' "$out" | grep -qF -- "$text" && [ "$ms" -lt "$limit_ms" ] && [ "${#out}" -lt 65536 ] && [ -z "$left" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $cmd $file: exit $rc (want $want), ${ms} ms (limit $limit_ms), ${#out} bytes of output, $nerr errors, files left: ${left:-none}, output: $(printf '%s' "$out" | head -c 300)"
  fi
  rm -rf "${tmp:?}"/*
done <"$here/expected.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
