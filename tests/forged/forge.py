#!/usr/bin/python3
"""forge.py GOOD.h5 DIR - results files that are valid HDF5 with the right root
attributes but a damaged structure, one per case (DIR/NAME.h5); prints the names."""
import shutil
import sys

import h5py
import numpy as np

good, out = sys.argv[1], sys.argv[2]


def forged(name, change):
    path = f"{out}/{name}.h5"
    shutil.copy(good, path)
    with h5py.File(path, "r+") as f:
        change(f)
    print(name)


def first_indicator(f):
    g = f["indicators"]
    name = sorted(g.keys())[0]
    return f"indicators/{name}/{sorted(g[name].keys())[0]}"


def replace(f, path, data):
    del f[path]
    f.create_dataset(path, data=data)


def rank8(f):
    replace(f, first_indicator(f), np.zeros((1, 1, 1, 1, 1, 1, 1, 2)))


def more_years(f):
    p = first_indicator(f)
    r, y, g = f[p].shape
    replace(f, p, np.zeros((r, y + 7, g)))


def fewer_runs(f):
    p = first_indicator(f)
    r, y, g = f[p].shape
    replace(f, p, np.zeros((max(r - 1, 1) if r > 1 else 2, y, g)))


def string_indicator(f):
    p = first_indicator(f)
    replace(f, p, np.full(f[p].shape, b"abcdefgh", dtype="S8"))


def no_region_axis(f):
    del f["axes/region"]


def year_axis_rank2(f):
    y = f["axes/year"][...]
    replace(f, "axes/year", np.stack([y, y]).astype(np.int32))


def year_axis_float(f):
    replace(f, "axes/year", f["axes/year"][...].astype(np.float64))


def no_runs(f):
    del f["runs"]


def runs_rank2(f):
    r = f["runs"][...]
    replace(f, "runs", np.stack([r, r]))


def runs_no_status(f):
    r = f["runs"][...]
    names = [n for n in r.dtype.names if n != "status"]
    replace(f, "runs", r[names].copy())


def scenario_array(f):
    g = f["scenarios"]
    name = sorted(g.keys())[0]
    del g[name]
    g.create_dataset(name, data=np.array([b"a", b"b", b"c", b"d", b"e", b"f", b"g", b"h"] * 64, dtype=object),
                     dtype=h5py.string_dtype())


def indicators_dataset(f):
    del f["indicators"]
    f.create_dataset("indicators", data=np.zeros(3))


def cohort_string_column(f):
    c = f["cohorts"][...]
    dt = [(n, "S4") if i == 1 else (n, c.dtype[n]) for i, n in enumerate(c.dtype.names)]
    replace(f, "cohorts", np.zeros(c.shape, dtype=dt))


for fn in (rank8, more_years, fewer_runs, string_indicator, no_region_axis, year_axis_rank2, year_axis_float,
           no_runs, runs_rank2, runs_no_status, scenario_array, indicators_dataset, cohort_string_column):
    forged(fn.__name__, fn)
