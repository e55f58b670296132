#!/usr/bin/python3
"""guard.py: the number work of the regression guard (benchmarks/guard.sh).

  guard.py table TIMES.tsv               median, spread and B/A ratio of each figure
  guard.py compare LABEL A.h5 B.h5 ...   do both sides' results files agree?

TIMES.tsv has one line per run: scenario, pair, side (A or B), wall s, user s,
system s, peak RSS in KiB (GNU time's %M). `compare` takes the files pair by pair
(A1 B1 A2 B2 ...); it exits 1 when an indicator both files have differs, or the
cohorts differ, in any pair, 2 when a file cannot be read, and 0 otherwise.
Indicators only one side has are reported as added or removed, never a failure:
a revision that adds indicators keeps the ones it shares bitwise."""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "analysis"))

# (name, how to read it from a TIMES.tsv row, format). CPU time (user + system) is
# the steadier figure on a shared machine: other processes stretch the wall time.
FIGURES = (("wall s", lambda r: float(r[3]), "{:.2f}"), ("user s", lambda r: float(r[4]), "{:.2f}"),
           ("system s", lambda r: float(r[5]), "{:.2f}"),
           ("cpu s", lambda r: float(r[4]) + float(r[5]), "{:.2f}"),
           ("peak RSS MB", lambda r: float(r[6]) * 1024.0 / 1e6, "{:.1f}"))


def _ratio(b, a):
    """B/A to three decimals; '-' when A is 0 (a system time under GNU time's 10 ms)."""
    return f"{b / a:.3f}" if a > 0 else "-"


def _pairs(n):
    return f"{n} pair" if n == 1 else f"{n} pairs"


def table(path, out=print):
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    scenarios = list(dict.fromkeys(r[0] for r in rows))
    for sc in scenarios:
        runs = {(int(r[1]), r[2]): r for r in rows if r[0] == sc}
        pairs = sorted({p for p, s in runs if (p, "A") in runs and (p, "B") in runs})
        out(f"{sc}: {_pairs(len(pairs))}, A and B alternated; B/A below 1 means B is faster or smaller")
        out(f"  {'figure':<12} {'A median (min-max)':<24} {'B median (min-max)':<24} "
            f"{'B/A':>6}   B/A pair by pair")
        for name, get, fmt in FIGURES:
            a = [get(runs[p, "A"]) for p in pairs]
            b = [get(runs[p, "B"]) for p in pairs]
            if not pairs:
                continue
            ma, mb = statistics.median(a), statistics.median(b)

            def side(v, m):
                return f"{fmt.format(m)} ({fmt.format(min(v))}-{fmt.format(max(v))})"
            per = " ".join(_ratio(y, x) for x, y in zip(a, b))
            out(f"  {name:<12} {side(a, ma):<24} {side(b, mb):<24} {_ratio(mb, ma):>6}   {per}")


def _cohorts_equal(ca, cb):
    """Field by field, by value: results format 1 and 2 store the same numbers with
    other string types, which a byte comparison would call different."""
    import numpy as np
    if ca is None or cb is None:
        return ca is None and cb is None
    if ca.shape != cb.shape or set(ca.dtype.names) != set(cb.dtype.names):
        return False
    for n in ca.dtype.names:
        x, y = ca[n], cb[n]
        if x.dtype.kind == "f" and y.dtype.kind == "f":
            if not np.array_equal(x, y, equal_nan=True):
                return False
        elif list(x) != list(y):
            return False
    return True


def _compare_pair(fa, fb):
    """(shared, differ, added, removed, cohorts identical) for one pair of files."""
    import numpy as np
    from edusim_analysis import load
    with load.open_results(fa) as a, load.open_results(fb) as b:
        na, nb = set(load.indicator_paths(a)), set(load.indicator_paths(b))
        differ = {p for p in na & nb
                  if not np.array_equal(load.indicator_array(a, p), load.indicator_array(b, p),
                                        equal_nan=True)}
        cohorts = _cohorts_equal(load.cohort_records(a), load.cohort_records(b))
    return na & nb, differ, nb - na, na - nb, cohorts


def compare(label, files, out=print):
    if len(files) < 2 or len(files) % 2:
        raise ValueError("compare takes the results files in pairs: A1 B1 [A2 B2 ...]")
    differ, added, removed, shared = set(), set(), set(), set()
    bad_pairs, cohorts_bad = 0, 0
    for fa, fb in zip(files[0::2], files[1::2]):
        s, d, ad, rm, co = _compare_pair(fa, fb)
        shared |= s
        differ |= d
        added |= ad
        removed |= rm
        cohorts_bad += not co
        bad_pairs += bool(d) or not co
    npairs = len(files) // 2
    if not bad_pairs:
        out(f"outputs {label}: identical ({len(shared)} of {len(shared)} shared indicators bitwise, "
            f"cohorts identical, {npairs} of {_pairs(npairs)})")
    else:
        out(f"outputs {label}: DIFFER in {bad_pairs} of {_pairs(npairs)} "
            f"({len(shared) - len(differ)} of {len(shared)} shared indicators identical)")
        out(f"  differ ({len(differ)}): " + (" ".join(sorted(differ)) or "-"))
        out(f"  cohorts identical: {'yes' if not cohorts_bad else f'no, in {_pairs(cohorts_bad)}'}")
    if added:
        out(f"  added in B ({len(added)}): " + " ".join(sorted(added)))
    if removed:
        out(f"  removed in B ({len(removed)}): " + " ".join(sorted(removed)))
    return 1 if bad_pairs else 0


def main(argv):
    try:
        if len(argv) == 2 and argv[0] == "table":
            table(argv[1])
            return 0
        if len(argv) >= 2 and argv[0] == "compare":
            return compare(argv[1], argv[2:])
    except (ValueError, OSError) as e:
        print(f"guard.py: error: {e}", file=sys.stderr)
        return 2
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
