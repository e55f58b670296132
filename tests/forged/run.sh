#!/usr/bin/env bash
# run.sh EDUSIM - forged results files (valid HDF5 with the right attributes, but an
# indicator of rank 8, a shape that disagrees with /runs and the axes, a wrong type, a
# missing axis or table: forge.py) are refused by info, compare, merge, sweep --resume
# and calibrate --resume with a message naming the object, without a crash, leaving the
# input byte for byte and no output file.
set -u
edusim=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
/usr/bin/python3 -c "import h5py" 2>/dev/null || { echo "SKIP: python3-h5py is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/sw.yaml" <<'YAML'
name: forged
seed: 11
replicates: 2
baseline: base
set: ["regions.0.population=20000", "years.start=2006", "years.end=2008", "years.burn_in=4"]
scenarios:
  - {name: base}
  - {name: more_wo, set: ["transitions.vwo_to_wo=0.85", "transitions.vwo_to_hbo=0.05"]}
YAML
"$edusim" sweep "$tmp/sw.yaml" -q -o "$tmp/good.h5" || { echo "FAIL: the valid sweep"; exit 1; }
mkdir "$tmp/f"
/usr/bin/python3 "$here/forge.py" "$tmp/good.h5" "$tmp/f" >"$tmp/cases" || { echo "FAIL: forge.py"; exit 1; }
# the text each refusal must contain
want() {
  case "$1" in
    rank8) echo "has shape [1, 1, 1, 1, 1, 1, 1, 2], expected [runs, years, regions] = [4, 3, 2]";;
    more_years) echo "has shape [4, 10, 2], expected [runs, years, regions] = [4, 3, 2]";;
    fewer_runs) echo "has shape [3, 3, 2], expected [runs, years, regions] = [4, 3, 2]";;
    string_indicator) echo "has type string, expected integer or floating point";;
    no_region_axis) echo "/axes/region is missing";;
    year_axis_rank2) echo "/axes/year has shape [2, 3], expected [years] = [1 or more]";;
    year_axis_float) echo "/axes/year has type floating point, expected integer";;
    no_runs) echo "/runs is missing";;
    runs_rank2) echo "/runs has shape [2, 4], expected [runs] = [1 or more]";;
    runs_no_status) echo "/runs has no column 'status'";;
    scenario_array) echo "has shape [512], expected a single string = [] (a single value)";;
    indicators_dataset) echo "/indicators is not a group";;
    cohort_string_column) echo "has type string, expected integer or floating point";;
    vlen_regions) echo "/axes/region has variable-length strings, expected fixed-length ones";;
    years_descending) echo "not after the year before it";;
    status_out_of_range) echo "/runs row 1 has status 7 (valid: -1 not run, 0 ok, 1 failed)";;
    run_index_wrong) echo "/runs row 1 has run 0 (valid: the row number, 1)";;
    scenario_not_stored) echo "/runs row 1 names scenario 'ghost', which is not in /scenarios";;
    *) echo "no expectation for $1";;
  esac
}
pass=0 fail=0
while read -r name; do
  f="$tmp/f/$name.h5"
  text=$(want "$name")
  sum=$(md5sum <"$f")
  for cmd in info compare merge resume; do
    rm -f "$tmp"/out.h5*
    case "$cmd" in
      info) out=$("$edusim" info "$f" 2>&1); rc=$?;;
      compare) out=$("$edusim" compare "$f" 2>&1); rc=$?;;
      merge) out=$("$edusim" merge -q -o "$tmp/out.h5" "$f" 2>&1); rc=$?;;
      resume) cp "$f" "$tmp/out.h5.partial"
              out=$("$edusim" sweep "$tmp/sw.yaml" -q --resume -o "$tmp/out.h5" 2>&1); rc=$?;;
    esac
    input=$f
    [ "$cmd" = resume ] && input=$tmp/out.h5.partial
    if [ "$rc" -ge 1 ] && [ "$rc" -le 2 ] && printf '%s' "$out" | grep -qF -- "$text" &&
       printf '%s' "$out" | grep -qF -- "$(basename "$input"):" &&
       [ "$(md5sum <"$input")" = "$sum" ] && [ ! -e "$tmp/out.h5" ]; then
      pass=$((pass + 1))
    else
      fail=$((fail + 1))
      echo "FAIL $cmd $name: exit $rc, output file: $([ -e "$tmp/out.h5" ] && echo left || echo none)," \
           "input $([ "$(md5sum <"$input")" = "$sum" ] && echo unchanged || echo CHANGED), output: $(printf '%s' "$out" | head -c 400)"
    fi
  done
done <"$tmp/cases"
# calibrate --resume reads its finished batches: a forged batch file is refused, unchanged
mkdir "$tmp/cal" "$tmp/cal/f"
printf 'id,indicator,subgroup,year,value,unit,tol\nk1,transition_rate,vwo_to_wo,2008,60,pct,2\n' >"$tmp/cal/ct.csv"
cat >"$tmp/cal/cal.yaml" <<'YAML'
name: fc
scenario: ""
seed: 4
replicates: 2
set: ["regions.0.population=20000", "years.start=2006", "years.end=2008", "years.burn_in=4"]
targets: {file: ct.csv}
parameters:
  - {key: transitions.vwo_to_wo, range: [0.4, 0.85]}
method: {screening: 2, max_evaluations: 3, step: 0.2, tolerance: 0.01}
YAML
(cd "$tmp/cal" && "$edusim" calibrate cal.yaml -o fc -q) || { echo "FAIL: the valid calibration"; exit 1; }
cp "$tmp/cal/fc.runs/batch_0000.h5" "$tmp/cal/good.h5"
/usr/bin/python3 "$here/forge.py" "$tmp/cal/good.h5" "$tmp/cal/f" >/dev/null || { echo "FAIL: forge.py"; exit 1; }
for name in rank8 more_years scenario_array runs_rank2; do
  b="$tmp/cal/fc.runs/batch_0000.h5"
  cp "$tmp/cal/f/$name.h5" "$b"
  sum=$(md5sum <"$b")
  out=$(cd "$tmp/cal" && "$edusim" calibrate cal.yaml -o fc -q --resume 2>&1); rc=$?
  text=$(want "$name")
  if [ "$rc" = 2 ] && printf '%s' "$out" | grep -qF -- "batch_0000.h5: " && printf '%s' "$out" | grep -qF -- "$text" &&
     [ "$(md5sum <"$b")" = "$sum" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL calibrate --resume $name: exit $rc, input $([ "$(md5sum <"$b")" = "$sum" ] && echo unchanged || echo CHANGED), output: $(printf '%s' "$out" | head -c 400)"
  fi
done
[ "$pass" -gt 0 ] || { echo "FAIL: no cases"; exit 1; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
