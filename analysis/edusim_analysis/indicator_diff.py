"""`indicator-diff OLD.h5 NEW.h5`: which indicators two results files share bitwise,
which differ, and which only one has; and whether /cohorts is identical.

For checking that a change leaves outputs alone: the same scenario and seed before
and after (docs/testing.md). NaN equals NaN; every other value must be equal."""

import numpy as np

from . import load


def add_parser(sub):
    p = sub.add_parser("indicator-diff", help="indicators two results files share bitwise",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("old", help="results file (.h5)")
    p.add_argument("new", help="results file (.h5)")
    p.set_defaults(func=lambda a: diff(a.old, a.new))
    return p


def diff(old, new, out=print):
    """Print the comparison; returns True when every indicator both share is
    identical, neither has one the other lacks, and /cohorts is identical."""
    with load.open_results(old) as a, load.open_results(new) as b:
        na, nb = set(load.indicator_paths(a)), set(load.indicator_paths(b))
        same = [p for p in sorted(na & nb)
                if np.array_equal(load.indicator_array(a, p), load.indicator_array(b, p),
                                  equal_nan=True)]
        ca, cb = load.cohort_records(a), load.cohort_records(b)
    cohorts = (ca is None and cb is None) or (
        ca is not None and cb is not None and ca.tobytes() == cb.tobytes())
    out("identical:", len(same), "of", len(na & nb), "shared indicators")
    out("differ:", " ".join(sorted((na & nb) - set(same))) or "-")
    out("only in", old + ":", " ".join(sorted(na - nb)) or "-")
    out("only in", new + ":", " ".join(sorted(nb - na)) or "-")
    out("cohorts identical:", cohorts)
    return len(same) == len(na) == len(nb) and cohorts
