#!/usr/bin/env bash
# MPI sweeps equal one process: 1, 2 and 3 ranks (oversubscribed, one thread each), and
# a sweep interrupted on 2 ranks and resumed on 3. Usage: run.sh EDUSIM MPIEXEC TMPDIR
set -euo pipefail
bin=$1 mpiexec=$2 tmp=$3/mpi
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp"
# Open MPI refuses root without these (CI runs as root); oversubscribe on small machines.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
cat > s.yaml <<'YAML'
name: mpi
seed: 5
replicates: 4
baseline: base
set: ["regions.0.population=20000", "years.start=2006", "years.end=2009", "years.burn_in=8"]
scenarios:
  - {name: base}
  - {name: more_wo, set: ["transitions.vwo_to_wo=0.85", "transitions.vwo_to_hbo=0.05"]}
  - {name: no_repeat, set: ["primary.repeat_rate=0"]}
YAML
same() {
  for g in /indicators /effects /runs /cohorts; do
    h5diff -q "$1" "$2" $g $g || { echo "FAIL: $g differs between $1 and $2"; exit 1; }
  done
}
"$bin" sweep s.yaml -q --threads 2 -o one.h5
for n in 1 2 3; do
  "$mpiexec" -n $n "$bin" sweep s.yaml -q --threads 1 -o ranks$n.h5
  same one.h5 ranks$n.h5
  ls ranks$n.h5.rank* 2>/dev/null && { echo "FAIL: rank files left after a finished sweep"; exit 1; }
  echo "ok: $n ranks equal one process"
done
set +e
EDUSIM_STOP_AFTER_RUNS=2 "$mpiexec" -n 2 "$bin" sweep s.yaml -q --threads 1 -o cut.h5 > cut.log 2>&1
rc=$?
set -e
grep -q "interrupted with" cut.log || { echo "FAIL: no interruption message (rc $rc)"; cat cut.log; exit 1; }
test -f cut.h5.partial && test ! -f cut.h5
"$mpiexec" -n 3 "$bin" sweep s.yaml -q --threads 1 --resume -o cut.h5
same one.h5 cut.h5
echo "ok: interrupted on 2 ranks, resumed on 3, equals one process"
# A calibration on 2 ranks evaluates the same points and reaches the same fit.
cat > t.csv <<'CSV'
id,indicator,subgroup,year,value,unit,tol
k1,transition_rate,vwo_to_wo,2008,60,pct,2
CSV
cat > c.yaml <<'YAML'
name: mcal
scenario: ""
seed: 3
replicates: 2
set: ["regions.0.population=20000", "years.start=2006", "years.end=2008", "years.burn_in=6"]
targets: {file: t.csv}
parameters:
  - {key: transitions.vwo_to_wo, range: [0.4, 0.85]}
method: {screening: 4, max_evaluations: 6}
YAML
"$bin" calibrate c.yaml -q -o cal1
"$mpiexec" -n 2 "$bin" calibrate c.yaml -q --threads 1 -o cal2
h5diff -q cal1.h5 cal2.h5 /evaluations /evaluations || { echo "FAIL: calibration on 2 ranks differs"; exit 1; }
h5diff -q cal1.h5 cal2.h5 /fit /fit || { echo "FAIL: calibration fit on 2 ranks differs"; exit 1; }
echo "ok: calibration on 2 ranks equals one process"
