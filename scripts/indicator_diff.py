#!/usr/bin/python3
"""indicator_diff.py OLD.h5 NEW.h5 - which indicators two edusim results files share
bitwise, which differ, and which only one has; and whether /cohorts is identical.
For checking that a change leaves outputs alone (README "Development")."""
import sys

import h5py
import numpy as np


def datasets(group, path=""):
    for k in group:
        p = path + "/" + k
        if isinstance(group[k], h5py.Group):
            yield from datasets(group[k], p)
        else:
            yield p


def main(old, new):
    a, b = h5py.File(old, "r"), h5py.File(new, "r")
    na, nb = set(datasets(a["indicators"])), set(datasets(b["indicators"]))
    same = [p for p in sorted(na & nb) if np.array_equal(a["indicators" + p][()], b["indicators" + p][()], equal_nan=True)]
    print("identical:", len(same), "of", len(na & nb), "shared indicators")
    print("differ:", " ".join(sorted((na & nb) - set(same))) or "-")
    print("only in", old + ":", " ".join(sorted(na - nb)) or "-")
    print("only in", new + ":", " ".join(sorted(nb - na)) or "-")
    print("cohorts identical:", a["cohorts"][()].tobytes() == b["cohorts"][()].tobytes())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
