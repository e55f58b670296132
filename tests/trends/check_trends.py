#!/usr/bin/python3
"""Check the historical scenario against the published Dutch figures.

Usage: check_trends.py RESULTS.h5 TARGETS.csv [--only-signs] [--table OUT.md]
                       [--known KNOWN.csv]

RESULTS.h5 is a sweep with scenarios `historical` and `counterfactual` (common random
numbers). Three kinds of check, each printed with its numbers:
  target   every row of TARGETS.csv that the program computes: the historical mean over
           replicates (national, that year) within the published tolerance, printed
           with its standard error over replicates; a row whose mean lies within two
           standard errors of a tolerance bound is marked "noise": more replicates
           may turn its pass into a fail or back;
  sign     the published changes keep their sign in the historical scenario, at least
           two standard errors (over replicates) from zero: the
           N-profile rise 2007-2014 in havo and vwo, the STEM share of higher-education
           intake rising with wo rising faster than hbo, the vmbo year-3 technology
           share falling, partnerships and their companies growing;
  short    the counterfactual (no programmes) falls short of each published rise.
--table OUT.md also writes the target rows as a Markdown table: mean, standard error,
the 95 % band of the replicates (2.5th to 97.5th percentile), published value and
tolerance, pass or fail, and the noise mark.
--known KNOWN.csv lists the checks known to fail (columns kind, check, measured,
reason; `check` is the label printed after the kind): then the exit status is 1 when a
check fails that is not listed, or when a listed check passes (remove it from the list:
it only shrinks), and a listed check that fails is printed as "known" with its reason.
Without --known, exit status 1 when any check fails. Nothing is fed in: the scenarios carry no trend
series, only the programmes and the model's mechanisms.
"""
import csv
import sys

import h5py
import numpy as np


def load(path):
    f = h5py.File(path, "r")
    runs = f["runs"][:]
    scen = np.array([s.decode() if isinstance(s, bytes) else s for s in runs["scenario"]])
    ok = runs["status"] == 0
    years = list(f["axes/year"][:])
    return f, scen, ok, years


def series(f, scen, ok, years, name, sub, scenario, year):
    p = f"indicators/{name}/{sub}"
    if p not in f or year not in years:
        return None
    v = f[p][:, years.index(year), -1]
    sel = (scen == scenario) & ok & ~np.isnan(v)
    return v[sel] if sel.any() else None


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    f, scen, ok, years = load(argv[1])
    rows = list(csv.DictReader(open(argv[2], newline="")))
    only_signs = "--only-signs" in argv
    table = argv[argv.index("--table") + 1] if "--table" in argv[:-1] else None
    known = {}
    if "--known" in argv[:-1]:
        kpath = argv[argv.index("--known") + 1]
        for n, k in enumerate(csv.DictReader(open(kpath, newline="")), start=2):
            if not k.get("kind") or not k.get("check") or not (k.get("reason") or "").strip():
                print(f"{kpath}:{n}: every known deviation needs a kind, a check and a reason")
                return 2
            known[(k["kind"], k["check"])] = k
    seen = set()
    unexpected = []
    lines = ["| id | indicator/subgroup | year | simulated mean (se) | 95 % of replicates | published ± tol | | |",
             "|---|---|---|---|---|---|---|---|"]
    fails = checks = noisy = 0

    def report(kind, label, good, text):
        nonlocal fails, checks
        checks += 1
        fails += not good
        k = known.get((kind, label))
        if k is not None:
            seen.add((kind, label))
        if good and k is not None:
            unexpected.append(f"{kind} {label}: passes now ({text}); remove it from the known deviations")
        elif not good and k is None and known:
            unexpected.append(f"{kind} {label}: fails and is not a known deviation ({text})")
        mark = "ok  " if good else ("known" if k is not None else "FAIL")
        print(f"{mark:5} {kind:6} {label:58} {text}" + (f"\n      listed at {k['measured']}: {k['reason']}" if k is not None and not good else ""))

    def mean(name, sub, scenario, year):
        v = series(f, scen, ok, years, name, sub, scenario, year)
        return None if v is None else float(np.mean(v))

    if not only_signs:
        for r in rows:
            if not r["value"] or not r["tol"]:
                continue
            v = series(f, scen, ok, years, r["indicator"], r["subgroup"], "historical", int(r["year"]))
            if v is None:
                continue
            m = float(np.mean(v))
            se = float(np.std(v, ddof=1) / np.sqrt(len(v))) if len(v) > 1 else float("nan")
            pub, tol = float(r["value"]), float(r["tol"])
            near = min(abs(m - (pub - tol)), abs(m - (pub + tol))) < 2 * se
            noisy += near
            good = abs(m - pub) <= tol
            report("target", f"{r['id']} {r['indicator']}/{r['subgroup']} {r['year']}", good,
                   f"simulated {m:.4g} (se {se:.2g}), published {pub:.4g} +- {tol:.3g}" + ("  noise" if near else ""))
            lo, hi = np.percentile(v, [2.5, 97.5])
            lines.append(f"| {r['id']} | {r['indicator']}/{r['subgroup']} | {r['year']} | {m:.4g} ({se:.2g}) | "
                         f"{lo:.4g} to {hi:.4g} | {pub:.4g} ± {tol:.3g} | {'pass' if good else 'FAIL'} | "
                         f"{'noise' if near else ''} |")

    def change(name, sub, scenario, y0, y1, ratio=False):
        a, b = mean(name, sub, scenario, y0), mean(name, sub, scenario, y1)
        if a is None or b is None:
            return None
        return b / a if ratio else b - a

    def change_se(name, sub, scenario, y0, y1):
        """Standard error of the mean change over replicates (the change per replicate)."""
        a = series(f, scen, ok, years, name, sub, scenario, y0)
        b = series(f, scen, ok, years, name, sub, scenario, y1)
        if a is None or b is None or len(a) != len(b) or len(a) < 2:
            return float("nan")
        return float(np.std(b - a, ddof=1) / np.sqrt(len(a)))

    # (label, indicator, subgroup, first year, last year, published change, rise?, ratio?)
    rises = [("N-profile havo 2007-2014", "share_n_profile_y4", "havo", 2007, 2014, 9.0, True, False),
             ("N-profile vwo 2007-2014", "share_n_profile_y4", "vwo", 2007, 2014, 7.0, True, False),
             ("STEM share of HE intake 2007-2017", "share_stem_he_intake", "all", 2007, 2017, 8.0, True, False),
             ("vmbo y3 technology share 2007-2017", "share_tech_vmbo_y3", "bb+kb+gl", 2007, 2017, -6.7, False, False),
             ("centres 2011-2017", "n_centres", "all", 2011, 2017, 143.0, True, False),
             ("companies in partnerships 2013-2017", "n_companies_in_partnerships", "all", 2013, 2017, 2900.0, True, False)]
    for label, name, sub, y0, y1, pub, rise, ratio in rises:
        h = change(name, sub, "historical", y0, y1, ratio)
        c = change(name, sub, "counterfactual", y0, y1, ratio)
        if h is None:
            report("sign", label, False, "not in the results")
            continue
        se = change_se(name, sub, "historical", y0, y1)
        # the sign must be clear: the change at least two standard errors from zero
        clear = abs(h) >= 2 * se if se == se else False
        report("sign", label, (h > 0) == rise and clear, f"historical change {h:+.4g} (se {se:.2g}; published {pub:+.4g})")
        if c is not None:
            short = c < pub if rise else c > pub
            report("short", label, short, f"counterfactual change {c:+.4g} vs published {pub:+.4g}")
    # wo STEM entrants grew faster than hbo's (2006-2016: x1.88 against x1.39)
    hw = change("stem_he_entrants", "wo", "historical", 2006, 2016, True)
    hh = change("stem_he_entrants", "hbo", "historical", 2006, 2016, True)
    if hw is None or hh is None:
        report("sign", "STEM entrants wo grow faster than hbo 2006-2016", False, "not in the results")
    else:
        report("sign", "STEM entrants wo grow faster than hbo 2006-2016", hw > hh, f"wo x{hw:.3g}, hbo x{hh:.3g} (published x1.88, x1.39)")
    print(f"\n{checks - fails} of {checks} checks pass")
    if noisy:
        print(f"{noisy} target rows lie within two standard errors of a tolerance bound (marked noise)")
    if table:
        with open(table, "w") as out:
            out.write("\n".join(lines) + "\n")
    for key in known:
        if key not in seen:
            unexpected.append(f"{key[0]} {key[1]}: listed as a known deviation but not checked (a typo, or a row gone)")
    if known:
        print(f"{fails} fail, {len(known)} listed as known deviations")
        for u in unexpected:
            print("UNEXPECTED " + u)
        return 1 if unexpected else 0
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
