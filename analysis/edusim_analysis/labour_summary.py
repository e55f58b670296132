"""`labour-summary RESULTS.h5 [--scenario NAME] [--years FIRST LAST] [--published CSV]`:
the labour market of a run or sweep over a span of years, against published rates.

Prints, over the runs of one scenario (the first in the file unless --scenario) and
the years FIRST..LAST (default 2008-2017): the technology tightness (unfilled over
opened technology vacancies, summed), the mean unemployment rate by level, and the
STEM-job vacancies open after matching in the last year. With --published (the
published inputs' nl_labour.csv, e.g. ../shared/data/inputs/nl_labour.csv beside a
checkout), also the published unemployment rates by level, means over the same years."""

import csv

import numpy as np

from . import load

LEVELS = ("low", "mbo", "hbo", "wo", "all")
# published group per model level (nl_labour.csv, % of labour force 15-75)
PUBLISHED = {"low": ("low: basisonderwijs", "low: vmbo/havo-vwo onderbouw/mbo1"),
             "mbo": ("middle: havo/vwo/mbo2-4",), "hbo": ("high: hbo/wo bachelor",),
             "wo": ("high: hbo/wo master/doctor",)}


def add_parser(sub):
    p = sub.add_parser("labour-summary", help="tightness and unemployment by level of a run "
                       "or sweep", description=__doc__.split("\n\n")[1])
    p.add_argument("results", help="results file (.h5)")
    p.add_argument("--scenario", help="scenario (default: the first in the file)")
    p.add_argument("--years", nargs=2, type=int, default=[2008, 2017], metavar=("FIRST", "LAST"))
    p.add_argument("--published", metavar="CSV", help="published nl_labour.csv")
    p.set_defaults(func=lambda a: summary(a.results, a.scenario, a.years, a.published))
    return p


def published_means(path, first, last):
    """Mean published unemployment rate per model level over first..last, as text
    ("8.1-12.4" where a level has two published groups)."""
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


def summary(results, scenario=None, years=(2008, 2017), published=None, out=print):
    first, last = years
    with load.open_results(results) as f:
        names = np.array(load.run_scenarios(f))
        scen = scenario or names[0]
        runs = names == scen
        if not runs.any():
            raise ValueError(f"no runs of scenario '{scen}' (valid: {', '.join(sorted(set(names)))})")
        years = [int(v) for v in load.axes(f)[1]]
        sel = [i for i, y in enumerate(years) if first <= y <= last]
        if not sel:
            raise ValueError(f"no year in {first}-{last} (valid: {years[0]}-{years[-1]})")

        def national(name):  # [run, year] of the national column
            return load.indicator_array(f, name)[:, :, -1][runs][:, sel]

        tight = national("vacancies_unfilled/tech").sum() / max(national("vacancies/tech").sum(), 1)
        rates = {lv: national("unemployment_rate/" + lv).mean() for lv in LEVELS}
        open_stem = national("vacancies_tech_ict/all")[:, -1].mean()
    out(f"{scen}: {runs.sum()} runs, {years[sel[0]]}-{years[sel[-1]]}")
    out(f"{'':12s} {'tightness':>9s} " + " ".join(f"{lv:>9s}" for lv in LEVELS))
    out(f"{'model':12s} {tight:9.3f} " + " ".join(f"{rates[lv]:9.1f}" for lv in LEVELS))
    if published:
        pub = published_means(published, first, last)
        out(f"{'published':12s} {'':9s} " + " ".join(f"{pub.get(lv, ''):>9s}" for lv in LEVELS))
    out(f"STEM-job vacancies open after matching in {years[sel[-1]]}: {open_stem:.0f}")
