#!/usr/bin/python3
"""The known-deviations rule of check_trends.py on a small made-up results file:
an unlisted failure fails, a listed failure passes, a listed check that passes fails,
a listed check that is not checked fails. Usage: test_known.py TMPDIR"""
import csv
import os
import subprocess
import sys

import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
tmp = sys.argv[1]
os.makedirs(tmp, exist_ok=True)
res, tgt = os.path.join(tmp, "r.h5"), os.path.join(tmp, "targets.csv")
with h5py.File(res, "w") as f:
    runs = np.zeros(4, dtype=[("scenario", "S16"), ("status", "i4")])
    runs["scenario"] = [b"historical", b"historical", b"counterfactual", b"counterfactual"]
    f["runs"] = runs
    f["axes/year"] = np.array([2010, 2011], dtype="i4")
    # [run][year][region + national]: the national column is the last
    f["indicators/good/all"] = np.full((4, 2, 2), 10.0)
    f["indicators/bad/all"] = np.full((4, 2, 2), 50.0)
with open(tgt, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "indicator", "subgroup", "year", "value", "tol"])
    w.writerow(["x1", "good", "all", "2011", "10", "1"])
    w.writerow(["x2", "bad", "all", "2011", "10", "1"])


def run(rows):
    k = os.path.join(tmp, "known.csv")
    with open(k, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kind", "check", "measured", "reason"])
        w.writerows(rows)
    p = subprocess.run(["/usr/bin/python3", os.path.join(here, "check_trends.py"), res, tgt, "--known", k],
                       capture_output=True, text=True)
    return p.returncode, p.stdout


# the made-up file has none of the series of the sign checks: they fail, listed as known
signs = [["sign", label, "not in the results", "made up"] for label in (
    "N-profile havo 2007-2014", "N-profile vwo 2007-2014", "STEM share of HE intake 2007-2017",
    "vmbo y3 technology share 2007-2017", "centres 2011-2017", "companies in partnerships 2013-2017",
    "STEM entrants wo grow faster than hbo 2006-2016")]
bad = ["target", "x2 bad/all 2011", "simulated 50", "made up"]
good = ["target", "x1 good/all 2011", "simulated 10", "made up"]
cases = [("unlisted failure", [], 1), ("listed failure", [bad], 0), ("listed pass", [bad, good], 1),
         ("listed, not checked", [bad, ["target", "x9 none/all 2011", "-", "made up"]], 1),
         ("no reason", [["target", "x2 bad/all 2011", "simulated 50", ""]], 2)]
failed = 0
for name, rows, want in cases:
    rc, out = run(rows + signs)
    ok = rc == want
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: exit {rc}, expected {want}")
    if not ok:
        print(out)
rc = subprocess.run(["/usr/bin/python3", os.path.join(here, "check_trends.py"), res, tgt], capture_output=True).returncode
failed += rc != 1
print(f"{'ok  ' if rc == 1 else 'FAIL'} without --known a failure fails: exit {rc}")
sys.exit(1 if failed else 0)
