#!/usr/bin/env bash
# run.sh EDUSIM - every hostile scenario, sweep or calibration file gets one clear error
# with its position and a non-zero exit within a second (tests/hostile/expected.txt
# lists the cases: command, file, exit status, text the output must contain).
set -u
edusim=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while IFS='|' read -r cmd file want text; do
  case "$cmd" in ''|'#'*) continue;; esac
  case "$cmd" in
    validate) args=(validate "$here/$file");;
    sweep) args=(sweep "$here/$file" -q -o "$tmp/out.h5");;
    calibrate) args=(calibrate "$here/$file" -q -o "$tmp/cal");;
    run) args=(run "$here/$file" -q -o "$tmp/out.h5");;
    *) echo "FAIL unknown command '$cmd' in expected.txt"; fail=$((fail + 1)); continue;;
  esac
  start=$(date +%s%N)
  out=$(cd "$here" && timeout 5 "$edusim" "${args[@]}" 2>&1); rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  left=$(ls "$tmp")
  if [ "$rc" = "$want" ] && printf '%s' "$out" | grep -qF -- "$text" && [ "$ms" -lt 1000 ] && [ -z "$left" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $cmd $file: exit $rc (want $want), ${ms} ms, files left: ${left:-none}, output: $(printf '%s' "$out" | head -c 300)"
  fi
  rm -rf "${tmp:?}"/*
done <"$here/expected.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
