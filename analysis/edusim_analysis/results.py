"""A results file as tidy tables: `Results(path)` (or `load_results(path)`).

The tables are long pandas data frames, one value per row, with each run's scenario,
design point (the swept parameter values, for sweeps with axes) and replicate joined
in, so that `df.groupby(...)`, seaborn and `df.pivot_table` work without codes:

  indicators  scenario, [point, PARAM...], replicate, run, year, region, indicator,
              subgroup, units, value
  effects     scenario, baseline, [point, PARAM...], year, region, indicator, subgroup,
              units, mean_diff, se, ci_low, ci_high, n
  cohorts     scenario, [point, PARAM...], replicate, run, cohort, sex, region,
              variable, units, value
  runs        run, scenario, [point, PARAM...], replicate, seed, status, error

These are the columns of `edusim export --what ...` (sim/main_export.c), in the same
order. In a sweep with axes the file names scenario S at design point p "S@p"; here
that is scenario S and point p. Failed runs are left out of indicators and cohorts
(they are in `runs`, with their error). Everything is read through `load`, the
package's one HDF5 reader, and only when first asked for.
"""

import numpy as np
import pandas as pd

from . import load

SEX_LABELS = {0: "female", 1: "male", 2: "both"}
COHORT_KEYS = ("run", "cohort", "sex", "region")


class Results:
    """The tables of a complete edusim results file (see the module's description)."""

    def __init__(self, path):
        self.path = str(path)
        # Checks now that the file is a complete edusim file, so a bad path fails here.
        self.provenance = load.provenance(self.path)
        self._cache = {}
        #: What the program printed on standard output (set by run() and sweep()).
        self.log = ""

    # ---- the design: one row per run --------------------------------------------

    def _design(self):
        """run -> scenario, [point, PARAM...], replicate; and the axis names."""
        if "design" not in self._cache:
            rt = load.runs(self.path)
            par = load.parameters(self.path)
            axes = [c for c in par.columns if c != "run"]
            d = pd.DataFrame({"run": rt["run"].astype(np.int64)})
            if axes:
                name, _, point = zip(*(s.rpartition("@") for s in rt["scenario"]))
                d["scenario"] = list(name)
                d["point"] = pd.to_numeric(pd.Series(point), errors="coerce").astype("Int64").to_numpy()
                d = d.merge(par, on="run", how="left")
            else:
                d["scenario"] = rt["scenario"].to_numpy()
            d["replicate"] = rt["replicate"].astype(np.int64).to_numpy()
            self._cache["design"] = (d, axes, rt)
        return self._cache["design"]

    @property
    def axes(self):
        """The swept parameters (axis keys) of a sweep with axes, else []."""
        return list(self._design()[1])

    def _design_cols(self):
        return (["point"] + self.axes) if self.axes else []

    @property
    def runs(self):
        d, axes, rt = self._design()
        out = d.copy()
        for c in ("seed", "error"):
            out[c] = rt[c].to_numpy() if c in rt else None
        out["status"] = [{0: "ok", 1: "failed"}.get(int(s), "not run") for s in rt["status"]]
        return out[["run", "scenario"] + self._design_cols() + ["replicate", "seed", "status", "error"]]

    # ---- the tables -----------------------------------------------------------

    def indicators_table(self, select=None):
        """The indicators table, optionally only `select` (names or (name, subgroup)
        pairs, as load.indicators takes)."""
        df = load.indicators(self.path, select=select)
        d = self._design()[0]
        df = df.drop(columns=["scenario", "replicate"]).merge(d, on="run", how="left")
        cols = (["scenario"] + self._design_cols() +
                ["replicate", "run", "year", "region", "indicator", "subgroup", "units", "value"])
        # The order of `edusim export`: run, year, region (the file's axis order), indicator.
        df["_g"] = _first_seen_rank(df["region"])
        df = df.sort_values(["run", "year", "_g", "indicator", "subgroup"], kind="stable")
        return df[cols].reset_index(drop=True)

    @property
    def indicators(self):
        if "indicators" not in self._cache:
            self._cache["indicators"] = self.indicators_table()
        return self._cache["indicators"]

    @property
    def effects(self):
        """Paired effects of each scenario against its baseline, as stored in the file
        (the numbers of `edusim compare`); empty for a file of one scenario."""
        if "effects" not in self._cache:
            df = load.load_effects(self.path)
            d = self._design()[0]
            df["_s"] = _first_seen_rank(df["scenario"])
            df["_g"] = _first_seen_rank(df["region"])
            df = df.sort_values(["_s", "year", "_g", "indicator", "subgroup"], kind="stable")
            dcols = self._design_cols()
            if self.axes and not df.empty:
                name, _, point = zip(*(s.rpartition("@") for s in df["scenario"]))
                df["scenario"] = list(name)
                df["baseline"] = [b.rpartition("@")[0] or b for b in df["baseline"]]
                df["point"] = pd.array(pd.to_numeric(pd.Series(point)), dtype="Int64")
                pts = d.drop_duplicates("point")[["point"] + self.axes]
                df = df.merge(pts, on="point", how="left")
            if "n" in df:
                df["n"] = df["n"].astype(np.int64)
            else:
                df["n"] = pd.Series(dtype=np.int64)
            cols = (["scenario", "baseline"] + dcols +
                    ["year", "region", "indicator", "subgroup", "units"] + list(load.EFFECT_STATS) + ["n"])
            df = df.reindex(columns=cols)
            self._cache["effects"] = df.reset_index(drop=True)
        return self._cache["effects"]

    @property
    def cohorts(self):
        """One row per cohort, sex, region and variable of the cohort table (shares at
        age 25 and the like; `persons` is how many the shares are of)."""
        if "cohorts" not in self._cache:
            wide = load.cohorts(self.path)
            dcols = self._design_cols()
            cols = (["scenario"] + dcols +
                    ["replicate", "run", "cohort", "sex", "region", "variable", "units", "value"])
            if wide.empty:
                self._cache["cohorts"] = pd.DataFrame(columns=cols)
                return self._cache["cohorts"]
            units = wide.attrs.get("units", {})
            d, _, rt = self._design()
            ok = set(rt.loc[rt["status"] == 0, "run"].astype(np.int64))
            wide = wide[wide["run"].astype(np.int64).isin(ok)].copy()
            wide["sex"] = [SEX_LABELS.get(int(s), str(s)) for s in wide["sex"]]
            wide["region"] = wide["region_name"]
            values = [c for c in wide.columns if c not in COHORT_KEYS and
                      c not in ("scenario", "replicate", "sex_label", "region_name")]
            long = wide.melt(id_vars=list(COHORT_KEYS), value_vars=values, var_name="variable",
                             value_name="value")
            long["run"] = long["run"].astype(np.int64)
            long["cohort"] = long["cohort"].astype(np.int64)
            long["value"] = long["value"].astype(np.float64)
            long["units"] = [units.get(v, "") for v in long["variable"]]
            long = long.merge(d, on="run", how="left")
            # Rows in the file's order, the variables of a row in the table's column order.
            order = {v: i for i, v in enumerate(values)}
            long["_v"] = long["variable"].map(order)
            long = long.rename_axis("_i").reset_index()
            long["_row"] = long["_i"] % len(wide)
            long = long.sort_values(["_row", "_v"], kind="stable")
            self._cache["cohorts"] = long[cols].reset_index(drop=True)
        return self._cache["cohorts"]

    @property
    def indicator_info(self):
        """indicator, subgroup, units, description of every indicator in the file."""
        if "info" not in self._cache:
            self._cache["info"] = load.indicator_info(self.path)
        return self._cache["info"]

    def scenarios(self):
        """Resolved YAML per scenario, as load.scenarios: the exact record of the runs."""
        return load.scenarios(self.path)

    def __repr__(self):
        rt = self._design()[2]
        ok = int((rt["status"] == 0).sum())
        scen = sorted(set(self._design()[0]["scenario"]))
        ax = f", axes {', '.join(self.axes)}" if self.axes else ""
        return (f"<edusim Results {self.path}: {len(rt)} runs ({ok} ok) of "
                f"{len(scen)} scenario{'s' if len(scen) != 1 else ''} ({', '.join(scen[:6])}"
                f"{', ...' if len(scen) > 6 else ''}){ax}>")


def _first_seen_rank(col):
    """Each value's rank by first appearance (keeps the file's axis order in sorts)."""
    order = {v: i for i, v in enumerate(pd.unique(col))}
    return col.map(order)


def load_results(path):
    """Results(path): the tables of an existing results file."""
    return Results(path)
