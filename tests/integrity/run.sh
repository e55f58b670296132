#!/usr/bin/env bash
# run.sh EDUSIM - the classes of issue 22 through the program, several cases each
# (docs/hardening.md): output paths, a full disk, inputs that block, names, numbers,
# silent overrides, messages, damaged results files. Every case runs in its own
# temporary folder (device nodes and FIFOs are made there: mknod needs root, and a
# case that needs it is skipped with a message otherwise).
set -u
edusim=$(realpath "$1")
T=$(mktemp -d)
trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
skipped() { skip=$((skip + 1)); echo "SKIP $*"; }
# expect NAME WANT_RC TEXT CMD...: the exit status and a text in the output, within 5 s
expect() {
  local name=$1 want=$2 text=$3; shift 3
  local out rc
  out=$(cd "$T" && timeout 5 "$@" 2>&1); rc=$?
  if [ "$rc" = "$want" ] && { [ -z "$text" ] || printf '%s' "$out" | grep -qF -- "$text"; }; then ok
  else bad "$name: exit $rc (want $want), output: $(printf '%s' "$out" | head -c 400)"; fi
}
cat >"$T/base.yaml" <<'YAML'
name: base
years: {start: 2006, end: 2008, burn_in: 4}
regions: [{name: r1, population: 20000}]
YAML
cat >"$T/sw.yaml" <<'YAML'
name: sw
seed: 11
replicates: 2
baseline: base
set: ["regions.0.population=20000", "years.start=2006", "years.end=2008", "years.burn_in=4"]
scenarios:
  - {name: base}
  - {name: more_wo, set: ["transitions.vwo_to_wo=0.85"]}
YAML

# ---- 1. output paths: a regular file or nothing yet, never an input ----
have_mknod=0
if mknod "$T/null" c 1 3 2>/dev/null && mknod "$T/full_dev" c 1 7 2>/dev/null; then have_mknod=1; fi
mkfifo "$T/fifo"
mkdir "$T/dir"
ln -s "$T/base.yaml" "$T/link_to_file"
ln -s "$T/dir" "$T/link_to_dir"
ln -s "$T/nowhere" "$T/dangling"
if [ $have_mknod = 1 ]; then
  expect "run -o device" 2 "is a character device" "$edusim" run base.yaml -q -o null
  expect "run -o /dev/full-like" 2 "is a character device" "$edusim" run base.yaml -q -o full_dev
  expect "sweep -o device" 2 "is a character device" "$edusim" sweep sw.yaml -q -o null
  [ -c "$T/null" ] && ok || bad "the device node was replaced"
else
  skipped "device nodes: mknod is not permitted here (not root?)"
fi
expect "run -o fifo" 2 "is a FIFO" "$edusim" run base.yaml -q -o fifo
expect "run -o dir" 2 "is a directory" "$edusim" run base.yaml -q -o dir
expect "run -o dir/" 2 "names a directory" "$edusim" run base.yaml -q -o dir/
expect "run -o symlink to file" 2 "is a symbolic link (to a regular file)" "$edusim" run base.yaml -q -o link_to_file
expect "run -o symlink to dir" 2 "is a symbolic link (to a directory)" "$edusim" run base.yaml -q -o link_to_dir
expect "run -o dangling symlink" 2 "is a symbolic link (to nothing)" "$edusim" run base.yaml -q -o dangling
ln -s /etc/hostname "$T/x.h5.partial"
expect "run -o X with X.partial a symlink" 2 "x.h5.partial' is a symbolic link" "$edusim" run base.yaml -q -o x.h5
rm -f "$T/x.h5.partial"
expect "run -o its scenario" 2 "is also an input of this command" "$edusim" run base.yaml -q -o base.yaml
ln "$T/base.yaml" "$T/hardlink.h5"
expect "run -o a hard link to its scenario" 2 "is also an input of this command" "$edusim" run base.yaml -q -o hardlink.h5
expect "sweep -o its sweep file" 2 "is also an input of this command" "$edusim" sweep sw.yaml -q -o sw.yaml
"$edusim" sweep "$T/sw.yaml" -q -o "$T/good.h5" || bad "the valid sweep"
expect "merge -o a part" 2 "is also an input of this command" "$edusim" merge -q -o good.h5 good.h5
cp "$T/good.h5" "$T/p.h5"; cp "$T/good.h5" "$T/out.h5.partial"
expect "merge -o X with X.partial an input" 2 "is also an input of this command" "$edusim" merge -q -o out.h5 out.h5.partial
rm -f "$T/out.h5.partial" "$T/p.h5"
[ "$(head -c 5 "$T/base.yaml")" = "name:" ] && ok || bad "the scenario file was overwritten"
# a regular file that is not an input may be replaced
echo old >"$T/old.h5"
expect "run -o an existing regular file" 0 "" "$edusim" run base.yaml -q -o old.h5

# ---- 8. inputs that block: anything but a regular file is refused at once ----
expect "run FIFO scenario" 2 "is a FIFO" "$edusim" run fifo -q -o y.h5
expect "validate FIFO" 2 "is a FIFO" "$edusim" validate fifo
expect "sweep FIFO" 2 "is a FIFO" "$edusim" sweep fifo -q -o y.h5
expect "calibrate FIFO" 2 "is a FIFO" "$edusim" calibrate fifo -q -o cal
expect "info FIFO" 2 "not a regular file" "$edusim" info fifo
printf 'name: c\nscenario: ""\ntargets: {file: fifo}\nparameters:\n  - {key: interest.teacher, range: [0, 1]}\n' >"$T/cal_fifo.yaml"
expect "calibrate FIFO targets" 2 "is not a regular file" "$edusim" calibrate cal_fifo.yaml -q -o cal
printf 'name: sf\nreplicates: 2\nbaseline: a\nscenarios:\n  - {name: a, file: fifo}\n' >"$T/sw_fifo.yaml"
expect "sweep with a FIFO scenario file" 2 "is a FIFO" "$edusim" sweep sw_fifo.yaml -q -o y.h5

# ---- 2. a full disk: one clear message, exit 1, nothing that looks finished ----
mkdir "$T/full"
if mount -t tmpfs -o size=300k tmpfs "$T/full" 2>/dev/null; then
  for cmd in run sweep merge; do
    case $cmd in
      run) args=(run base.yaml -q -o full/x.h5);;
      sweep) args=(sweep sw.yaml -q -o full/x.h5);;
      merge) args=(merge -q -o full/x.h5 good.h5);;
    esac
    out=$(cd "$T" && timeout 60 "$edusim" "${args[@]}" 2>&1); rc=$?
    n=$(printf '%s\n' "$out" | grep -c .)
    if [ "$rc" = 1 ] && [ ! -e "$T/full/x.h5" ] && printf '%s' "$out" | grep -qi "no space left on device\|file system has" && [ "$n" -le 3 ]; then ok
    else bad "full disk, $cmd: exit $rc (want 1), $n lines, complete file: $([ -e "$T/full/x.h5" ] && echo yes || echo no), output: $(printf '%s' "$out" | head -c 400)"; fi
    if [ -e "$T/full/x.h5.partial" ]; then
      "$edusim" info "$T/full/x.h5.partial" >/dev/null 2>&1 && bad "full disk, $cmd: the .partial reads as complete" || ok
    fi
    rm -f "$T"/full/*
  done
  # the disk fills up during a sweep: its partial file is resumed with only the runs
  # that verify, and the result equals a sweep run in one go
  umount "$T/full"
  mount -t tmpfs -o size=8m tmpfs "$T/full"
  sed 's/^replicates: 2/replicates: 6/; s/population=20000/population=150000/' "$T/sw.yaml" >"$T/sw12.yaml"
  (cd "$T" && timeout 300 "$edusim" sweep sw12.yaml -q --threads 1 -o full/s.h5 >"$T/fill.log" 2>&1; echo $? >"$T/fill.rc") &
  # fill the disk once the partial file has its header (on a loaded machine, a fixed
  # wait could fill it before the sweep has written a file to resume)
  for _ in $(seq 120); do
    [ "$(stat -c %s "$T/full/s.h5.partial" 2>/dev/null || echo 0)" -ge 4096 ] && break
    sleep 0.25
  done
  sleep 1
  dd if=/dev/zero of="$T/full/filler" bs=64k >/dev/null 2>&1
  wait
  rc=$(cat "$T/fill.rc")
  if [ "$rc" = 1 ] && [ ! -e "$T/full/s.h5" ] && [ "$(grep -c . "$T/fill.log")" -le 3 ]; then ok
  else bad "sweep on a disk that fills up: exit $rc (want 1), output: $(head -c 400 "$T/fill.log")"; fi
  if [ -e "$T/full/s.h5.partial" ]; then
    cp "$T/full/s.h5.partial" "$T/s.h5.partial"
    umount "$T/full"
    (cd "$T" && timeout 300 "$edusim" sweep sw12.yaml -q --threads 1 --resume -o s.h5 >"$T/resume.log" 2>&1) || bad "resume after a full disk: $(head -c 600 "$T/resume.log")"
    (cd "$T" && timeout 300 "$edusim" sweep sw12.yaml -q --threads 1 -o s_ref.h5 >/dev/null 2>&1) || bad "the reference sweep"
    if /usr/bin/python3 -c "import h5py" 2>/dev/null; then
      /usr/bin/python3 - "$T/s.h5" "$T/s_ref.h5" <<'PY' && ok || bad "resume after a full disk differs from a sweep in one go"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
bad = []
def walk(name, o):
    if isinstance(o, h5py.Dataset) and name.startswith("indicators/"):
        if not np.array_equal(o[()], b[name][()], equal_nan=True): bad.append(name)
a.visititems(walk)
sys.exit(1 if bad or not np.array_equal(a["runs"]["status"], b["runs"]["status"]) else 0)
PY
    fi
  else
    umount "$T/full"; bad "sweep on a disk that fills up left no partial file"
  fi
else
  skipped "full disk: mount -t tmpfs is not permitted here (CI runs as root, where it is)"
fi

# ---- 5. names that become paths: refused in validate as in run, nothing written ----
# Each command runs without -o (the default output is NAME.h5, or NAME for calibrate)
# from a folder two levels down; nothing may appear anywhere under $T/w.
mkdir -p "$T/w/a/b"
sed 's/^name: base/name: "..\/..\/escaped"/' "$T/base.yaml" >"$T/w/a/b/up.yaml"
sed 's/^name: base/name: \/tmp\/edusim_escaped_abs/' "$T/base.yaml" >"$T/w/a/b/abs.yaml"
sed 's/^name: base/name: ""/' "$T/base.yaml" >"$T/w/a/b/empty.yaml"
sed 's/^name: sw/name: "..\/..\/escaped"/' "$T/sw.yaml" >"$T/w/a/b/swup.yaml"
sed 's/{name: more_wo,/{name: "..\/..\/x",/' "$T/sw.yaml" >"$T/w/a/b/swvar.yaml"
printf 'name: ../../cal\nscenario: ""\ntargets: {file: t.csv}\nparameters:\n  - {key: interest.teacher, range: [0, 1]}\n' >"$T/w/a/b/calup.yaml"
printf 'id,indicator,subgroup,year,value,unit,tol\nk1,transition_rate,vwo_to_wo,2008,60,pct,2\n' >"$T/w/a/b/t.csv"
before=$(cd "$T/w" && find . | sort)
wexpect() { local name=$1 text=$2; shift 2; expect "$name" 2 "$text" bash -c 'cd w/a/b && "$@"' _ "$@"; }
for f in up abs empty; do
  wexpect "validate name $f" "is not a valid name" "$edusim" validate $f.yaml
  wexpect "run name $f" "is not a valid name" "$edusim" run $f.yaml -q
done
wexpect "run --set name=../../escaped" "--set name=../../escaped:1:6: error: name: '../../escaped' is not a valid name" "$edusim" run ../../../base.yaml -q --set name=../../escaped
wexpect "validate --set name=/abs" "error: name: '/tmp/edusim_escaped_abs' is not a valid name: it contains '/'" "$edusim" validate ../../../base.yaml --set name=/tmp/edusim_escaped_abs
wexpect "sweep name ../../escaped" "swup.yaml:1:7: error: name: '../../escaped' is not a valid name" "$edusim" sweep swup.yaml -q
wexpect "sweep --set name (a scenario key)" "is not a valid name" "$edusim" sweep ../../../sw.yaml -q --set name=../../x
wexpect "sweep variant ../../x" "scenarios.1.name: '../../x' is not a valid name" "$edusim" sweep swvar.yaml -q
wexpect "calibrate name ../../cal" "calup.yaml:1:7: error: name: '../../cal' is not a valid name" "$edusim" calibrate calup.yaml -q
after=$(cd "$T/w" && find . | sort)
[ "$before" = "$after" ] && ok || bad "names: files appeared: $(diff <(echo "$before") <(echo "$after") | grep '^>' | tr '\n' ' ')"
ls /tmp/edusim_escaped_abs* >/dev/null 2>&1 && bad "names: /tmp/edusim_escaped_abs* was written" || ok
# a control character in a name never reaches the terminal raw
printf 'name: "x\\e]0;owned\\ay"\n' >"$T/ctl.yaml"
out=$(cd "$T" && "$edusim" validate ctl.yaml 2>&1)
n=$(printf '%s' "$out" | tr -d '\n' | LC_ALL=C tr -cd '\000-\037\177' | wc -c)
[ "$n" = 0 ] && printf '%s' "$out" | grep -qF 'contains the byte \x1b' && ok || bad "control characters in a name: $n raw control bytes"

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
