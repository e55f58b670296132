#!/usr/bin/python3
"""forge.py GOOD.h5 DIR - results files that are valid HDF5 with the right root
attributes but a damaged structure, one per case (DIR/NAME.h5); prints the names."""
import os
import shutil
import sys
import zlib

import h5py
import numpy as np

good, out = sys.argv[1], sys.argv[2]


def restamp(path):
    """Write the edusim header again (docs/integrity.md): a forger can, so the checks
    of structure behind the whole-file checksum are what these cases test."""
    with open(path, "r+b") as fh:
        data = fh.read()
        head = data[:512].split(b"\n")
        if not head[0].startswith(b"edusim-results:") or b"status complete" not in data[:512]:
            return
        text = (b"%s\n%s\nstatus complete\nlength %d\ncrc32 %08x\n"
                % (head[0], head[1], len(data), zlib.crc32(data[512:])))
        fh.seek(0)
        fh.write(text.ljust(512, b"\0"))


def forged(name, change):
    path = f"{out}/{name}.h5"
    shutil.copy(good, path)
    with h5py.File(path, "r+") as f:
        change(f)
    restamp(path)
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


def vlen_regions(f):
    names = [x.decode() for x in f["axes/region"][()]]
    del f["axes/region"]
    f.create_dataset("axes/region", data=np.array(names, dtype=object), dtype=h5py.string_dtype())


def years_descending(f):
    f["axes/year"][...] = f["axes/year"][()][::-1]


def _runs_field(f, field, value, row=1):
    r = f["runs"][...]
    r[field][row] = value
    f["runs"][...] = r


def status_out_of_range(f):
    _runs_field(f, "status", 7)


def run_index_wrong(f):
    _runs_field(f, "run", 0)


def scenario_not_stored(f):
    _runs_field(f, "scenario", b"ghost")


for fn in (rank8, more_years, fewer_runs, string_indicator, no_region_axis, year_axis_rank2, year_axis_float,
           no_runs, runs_rank2, runs_no_status, scenario_array, indicators_dataset, cohort_string_column,
           vlen_regions, years_descending, status_out_of_range, run_index_wrong, scenario_not_stored):
    forged(fn.__name__, fn)
