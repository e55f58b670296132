"""Write a synthetic edusim results file in the layout of include/edusim/output.h.

Exists so the analysis package can be developed and tested without the C program.
Every value follows `value()` exactly, so tests can assert numbers, not just shapes.
Run directly to write one: /usr/bin/python3 make_fixture.py OUT.h5 [--effects]
"""

import argparse

import h5py
import numpy as np

YEARS = list(range(2008, 2018))            # 10 school years
REGIONS = ["north", "south", "national"]   # the last is the national total
SCENARIOS = ["baseline", "stem_push"]
REPLICATES = 3
POLICY_FROM = 2011                          # stem_push acts from this year
POLICY_GAIN = 2.0                           # percentage points added to shares
REGION_SHARE = (0.4, 0.6)                   # split of counts over north/south

# (name, subgroup, units, value in the first year (national), change per year)
INDICATORS = [
    ("share_n_profile_y4", "havo", "pct", 34.0, 1.0),
    ("share_n_profile_y4", "vwo", "pct", 55.0, 0.75),
    ("share_stem_teacher_training_intake", "vo_programmes", "pct", 16.0, 0.5),
    ("share_stem_he_intake", "hbo", "pct", 20.0, 0.5),
    ("share_stem_he_intake", "wo", "pct", 31.0, 0.5),
    ("share_tech_vmbo_y3", "bb+kb+gl", "pct", 25.5, -0.75),
    ("pupils", "po+vo", "count", 2500000.0, -5000.0),
    ("teacher_fte_unfilled", "stem", "fte", 400.0, 60.0),
    ("teacher_fte_unfilled", "total", "fte", 2000.0, 150.0),
    ("n_partnerships", "all", "count", 10.0, 14.0),
    ("n_companies_in_partnerships", "all", "count", 500.0, 600.0),
]
NAN_AT = ("share_stem_he_intake", "wo", 0, 0, 0)  # (name, sub, run, year index, region index)

COHORT_YEARS = [2000, 2001, 2002]          # 2002 has no members yet: outcomes NaN
COHORT_OUTCOMES = [("no_basic_qualification", 8.0), ("basic_qualification", 20.0),
                   ("mbo34", 35.0), ("hbo", 24.0), ("wo", 13.0), ("stem_degree", 22.0)]


def run_info(run):
    """(scenario, replicate) of a run: runs 0-2 baseline, 3-5 stem_push."""
    return SCENARIOS[run // REPLICATES], run % REPLICATES


def value(name, subgroup, run, year_index, region_index):
    """The exact value the fixture stores at /indicators/name/subgroup[run, year, region]."""
    units, first, slope = next((u, a, b) for n, s, u, a, b in INDICATORS
                               if n == name and s == subgroup)
    if (name, subgroup, run, year_index, region_index) == NAN_AT:
        return float("nan")
    scenario, rep = run_info(run)
    v = first + slope * year_index
    if units == "pct":
        v += 0.25 * (rep - 1)
        if scenario == "stem_push" and YEARS[year_index] >= POLICY_FROM:
            v += POLICY_GAIN
        return v + (-0.5, 0.5, 0.0)[region_index]   # north, south, national
    v *= 1.0 + 0.01 * (rep - 1)
    if scenario == "stem_push" and name.startswith("n_") and YEARS[year_index] >= POLICY_FROM:
        v *= 1.5
    return v * REGION_SHARE[region_index] if region_index < 2 else v


def cohort_value(col, run, cohort, sex, region):
    """Exact cohort-table value; the last cohort has no members (NaN outcomes)."""
    scenario, rep = run_info(run)
    if cohort == COHORT_YEARS[-1]:
        return 0.0 if col == "persons" else float("nan")
    if col == "persons":
        base = 20000.0 if sex == 2 else 10000.0
        return base * (REGION_SHARE[region] if region < 2 else 1.0)
    if col == "years_to_degree":
        return 6.0 + 0.5 * sex
    base = dict(COHORT_OUTCOMES)[col]
    v = base + (2.0 if sex == 1 and col == "stem_degree" else 0.0) + 0.1 * rep
    return v + (1.0 if scenario == "stem_push" and col == "stem_degree" else 0.0)


def _str_attr(obj, key, text):
    obj.attrs.create(key, text, dtype=h5py.string_dtype("utf-8"))


def _write_root(f, status):
    attrs = {"format": "edusim-results", "status": status, "program_version": "0.1.0-fixture",
             "git_revision": "0000000", "compiler": "GNU 12.2.0", "compiler_flags": "-O2",
             "hdf5_version": "1.10.8", "command_line": "edusim run fixture.yaml",
             "created": "2024-01-01T00:00:00Z", "scenario": scenario_yaml(SCENARIOS[0])}
    for k, v in attrs.items():
        _str_attr(f, k, v)
    f.attrs["format_version"] = np.int32(1)
    f.attrs["threads"] = np.int32(4)
    f.attrs["seed"] = np.uint64(1000)


def scenario_yaml(name):
    """Resolved YAML of a fixture scenario; stem_push has two policies."""
    text = f"name: {name}\nseed: 1000\nyears:\n  start: {YEARS[0]}\n  end: {YEARS[-1]}\n"
    if name == "stem_push":
        text += ("policies:\n"
                 "  - type: hybrid_teachers\n    start: 2011\n    end: 2017\n"
                 "    target: all\n    fte_per_school: 0.2\n"
                 "  - type: cofinancing\n    start: 2011\n    end: 2014\n"
                 "    target: all\n    public_per_year: 1000000\n")
    return text


def _write_axes(f):
    nruns = len(SCENARIOS) * REPLICATES
    ax = f.create_group("axes")
    run = ax.create_dataset("run", data=np.arange(nruns, dtype=np.int32))
    year = ax.create_dataset("year", data=np.array(YEARS, dtype=np.int32))
    region = ax.create_dataset("region", data=REGIONS, dtype=h5py.string_dtype("utf-8"))
    for ds, label in ((run, "run"), (year, "year"), (region, "region")):
        ds.make_scale(label)
    return run, year, region


def _write_runs(f):
    dt = np.dtype([("run", "<i4"), ("scenario", "S64"), ("replicate", "<i4"),
                   ("seed", "<u8"), ("status", "<i4"), ("error", "S128")])
    rows = [(r, run_info(r)[0].encode(), run_info(r)[1], 1000 + run_info(r)[1], 0, b"")
            for r in range(len(SCENARIOS) * REPLICATES)]
    f.create_dataset("runs", data=np.array(rows, dtype=dt))


def _write_cohorts(f):
    cols = ["run", "cohort", "sex", "region", "persons"] + [c for c, _ in COHORT_OUTCOMES] \
        + ["years_to_degree"]
    dt = np.dtype([(c, "<i4" if c in ("run", "cohort", "sex", "region") else "<f8")
                   for c in cols])
    rows = []
    for run in range(len(SCENARIOS) * REPLICATES):
        for coh in COHORT_YEARS:
            for sex in (0, 1, 2):
                for reg in range(len(REGIONS)):
                    rows.append((run, coh, sex, reg) + tuple(
                        cohort_value(c, run, coh, sex, reg) for c in cols[4:]))
    ds = f.create_dataset("cohorts", data=np.array(rows, dtype=dt))
    units = ["index", "school year", "code", "index", "count"] + ["pct"] * 6 + ["years"]
    ds.attrs.create("units", units, dtype=h5py.string_dtype("utf-8"))
    ds.attrs.create("description", cols, dtype=h5py.string_dtype("utf-8"))


def _write_effects(f):
    """Effects of stem_push against baseline for the share indicators."""
    eff = f.create_group("effects")
    eff.create_dataset("scenarios", data=["stem_push"], dtype=h5py.string_dtype("utf-8"))
    for name, sub, units, _, _ in INDICATORS:
        if units != "pct":
            continue
        arr = np.zeros((1, len(YEARS), len(REGIONS), 4))
        for y, year in enumerate(YEARS):
            d = POLICY_GAIN if year >= POLICY_FROM else 0.0
            arr[0, y, :, :] = (d, 0.3, d - 1.96 * 0.3, d + 1.96 * 0.3)
        ds = eff.require_group(name).create_dataset(sub, data=arr)
        _str_attr(ds, "baseline", "baseline")
        _str_attr(ds, "units", units)


def make_fixture(path, status="complete", effects=False, fmt="edusim-results"):
    """Write the fixture to `path`; returns path. `status`/`fmt` allow refused files."""
    with h5py.File(path, "w") as f:
        _write_root(f, status)
        if fmt != "edusim-results":
            _str_attr(f, "format", fmt)
        run_ds, year_ds, region_ds = _write_axes(f)
        nruns = len(SCENARIOS) * REPLICATES
        for name, sub, units, _, _ in INDICATORS:
            arr = np.array([[[value(name, sub, r, y, g) for g in range(len(REGIONS))]
                             for y in range(len(YEARS))] for r in range(nruns)])
            ds = f.require_group("indicators").require_group(name).create_dataset(sub, data=arr)
            _str_attr(ds, "units", units)
            _str_attr(ds, "description", f"synthetic {name} ({sub})")
            for dim, scale in enumerate((run_ds, year_ds, region_ds)):
                ds.dims[dim].attach_scale(scale)
        _write_runs(f)
        _write_cohorts(f)
        for s in SCENARIOS:
            f.create_dataset(f"scenarios/{s}", data=scenario_yaml(s),
                             dtype=h5py.string_dtype("utf-8"))
        if effects:
            _write_effects(f)
    return path


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--effects", action="store_true", help="also write /effects")
    ap.add_argument("--status", default="complete")
    a = ap.parse_args()
    make_fixture(a.out, status=a.status, effects=a.effects)
