#!/usr/bin/python3
"""The labour market of a run or sweep over a span of years, against published rates.

Usage: /usr/bin/python3 scripts/labour_summary.py RESULTS.h5 [--scenario NAME]
           [--years FIRST LAST] [--published nl_labour.csv]

Prints, over the runs of one scenario (the first in the file unless --scenario) and
the years FIRST..LAST (default 2008-2017): the technology tightness (unfilled over
opened technology vacancies, summed), the mean unemployment rate by level, and the
STEM-job vacancies open after matching in the last year. With a published
nl_labour.csv (default ../shared/data/inputs/nl_labour.csv when it exists), also the
published unemployment rates by level, means over the same years."""
import argparse
import csv
import os
import sys

import h5py
import numpy as np

LEVELS = ("low", "mbo", "hbo", "wo", "all")
# published group per model level (nl_labour.csv, % of labour force 15-75)
PUBLISHED = {"low": ("low: basisonderwijs", "low: vmbo/havo-vwo onderbouw/mbo1"),
             "mbo": ("middle: havo/vwo/mbo2-4",), "hbo": ("high: hbo/wo bachelor",),
             "wo": ("high: hbo/wo master/doctor",)}


def published_means(path, first, last):
    by_group = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["indicator"] != "unemployment_rate" or not r["unit"].startswith("% of labour force"):
                continue
            if r["period"].isdigit() and first <= int(r["period"]) <= last:
                by_group.setdefault(r["group"], []).append(float(r["value"]))
    out = {}
    for level, groups in PUBLISHED.items():
        means = [np.mean(by_group[g]) for g in groups if g in by_group]
        if means:
            out[level] = "-".join(f"{m:.1f}" for m in sorted(means))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results")
    ap.add_argument("--scenario")
    ap.add_argument("--years", nargs=2, type=int, default=[2008, 2017])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    ap.add_argument("--published", default=os.path.join(root, "..", "shared", "data", "inputs", "nl_labour.csv"))
    a = ap.parse_args()
    first, last = a.years
    with h5py.File(a.results, "r") as f:
        names = np.array([x.decode() if isinstance(x, bytes) else x for x in f["runs"]["scenario"]])
        scen = a.scenario or names[0]
        runs = names == scen
        if not runs.any():
            sys.exit(f"labour_summary: no runs of scenario '{scen}' (valid: {', '.join(sorted(set(names)))})")
        years = [int(v) for v in f["axes/year"][:]]
        sel = [i for i, y in enumerate(years) if first <= y <= last]
        if not sel:
            sys.exit(f"labour_summary: no year in {first}-{last} (valid: {years[0]}-{years[-1]})")

        def national(name):  # [run, year] of the national column
            return f["indicators/" + name][:, :, -1][runs][:, sel]

        tight = national("vacancies_unfilled/tech").sum() / max(national("vacancies/tech").sum(), 1)
        rates = {lv: national("unemployment_rate/" + lv).mean() for lv in LEVELS}
        open_stem = national("vacancies_tech_ict/all")[:, -1].mean()
    print(f"{scen}: {runs.sum()} runs, {years[sel[0]]}-{years[sel[-1]]}")
    print(f"{'':12s} {'tightness':>9s} " + " ".join(f"{lv:>9s}" for lv in LEVELS))
    print(f"{'model':12s} {tight:9.3f} " + " ".join(f"{rates[lv]:9.1f}" for lv in LEVELS))
    if os.path.exists(a.published):
        pub = published_means(a.published, first, last)
        print(f"{'published':12s} {'':9s} " + " ".join(f"{pub.get(lv, ''):>9s}" for lv in LEVELS))
    print(f"STEM-job vacancies open after matching in {years[sel[-1]]}: {open_stem:.0f}")


if __name__ == "__main__":
    main()
