"""Published Dutch figures (scenarios/data/nl_targets.csv) that the model is checked against.

The CSV is a copy of the project's calibration targets; its (indicator, subgroup)
pairs are the names of the indicators in results files, so a target and a
simulated series are matched by name alone.
"""

from pathlib import Path

import pandas as pd

COLUMNS = ["id", "indicator", "subgroup", "year", "value", "unit", "tol", "basis", "source",
           "note"]


def default_path():
    """The repository's copy, found relative to this package so no path must be configured.
    Returns None when the package is used outside the repository."""
    p = Path(__file__).resolve().parents[2] / "scenarios" / "data" / "nl_targets.csv"
    return p if p.is_file() else None


def read_targets(path=None):
    """Read the targets CSV with typed columns; raises ValueError if columns are missing.

    Text columns keep "" for empty cells so they can be printed without checks."""
    path = path or default_path()
    if path is None:
        raise ValueError("no targets file given and scenarios/data/nl_targets.csv not found")
    df = pd.read_csv(path, dtype={"id": str, "indicator": str, "subgroup": str, "unit": str,
                                  "basis": str, "source": str, "note": str},
                     keep_default_na=False, na_values={"value": [""], "tol": [""]})
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: targets file lacks columns {', '.join(missing)}")
    df["year"] = df["year"].astype(int)
    df["value"] = df["value"].astype(float)
    df["tol"] = df["tol"].astype(float)
    return df


def matching(targets, df):
    """Targets whose (indicator, subgroup) the results table `df` holds with data, in
    the CSV's order; the pairs are returned as a list for laying out small multiples."""
    have = set(map(tuple, df.dropna(subset=["value"])[["indicator", "subgroup"]]
                   .drop_duplicates().to_numpy()))
    pairs = []
    for pair in zip(targets["indicator"], targets["subgroup"]):
        if pair in have and pair not in pairs:
            pairs.append(pair)
    return pairs
