"""The Python API (edusim_analysis.run, sweep, Results) with the real program, and
`edusim export` against it: the same tidy tables from both, and both equal to the file
as the package's reader (load.py) reads it. Needs EDUSIM (ctest sets it); skipped
without it, except the YAML writer's test.
"""

import contextlib
import io
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import numpy as np
import pandas as pd

import support  # noqa: F401  (puts the package on sys.path)
import edusim_analysis as es
from edusim_analysis import api, load

EDUSIM = os.environ.get("EDUSIM", "")
HAVE = bool(EDUSIM and os.access(EDUSIM, os.X_OK))
SMALL = {"years.start": 2010, "years.end": 2011, "years.burn_in": 15}
SCEN = {"name": "api_small", "seed": 4, "regions": [{"name": "north", "population": 10000}]}
SWEEP = {
    "name": "api_sw", "seed": 9, "replicates": 2, "baseline": "base",
    "set": ["regions.0.population=12000", "years.start=2010", "years.end=2012", "years.burn_in=5"],
    "scenarios": [{"name": "base"},
                  {"name": "more_wo", "set": ["transitions.vwo_to_wo=0.9", "transitions.vwo_to_hbo=0.05"]}],
    "axes": [{"key": "transitions.havo_to_hbo", "values": [0.55, 0.75]}],
}


def export(h5, what, *more):
    out = subprocess.run([EDUSIM, "export", str(h5), "--what", what, *more], check=True,
                         capture_output=True, text=True, timeout=300).stdout
    return pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""],
                       float_precision="round_trip")


def assert_same_table(test, a, b):
    """Same columns in the same order, same rows in the same order, equal values
    (NaN equal to NaN; numbers compared as floats, text as text)."""
    test.assertEqual(list(a.columns), list(b.columns))
    test.assertEqual(len(a), len(b))
    for c in a.columns:
        x, y = a[c].reset_index(drop=True), b[c].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            xv, yv = x.astype(float).to_numpy(), y.astype(float).to_numpy()
            ok = (xv == yv) | (np.isnan(xv) & np.isnan(yv))
            test.assertTrue(ok.all(), f"column {c}: {xv[~ok][:5]} != {yv[~ok][:5]}")
        else:
            xs = ["" if pd.isna(v) else str(v) for v in x]
            ys = ["" if pd.isna(v) else str(v) for v in y]
            test.assertEqual(xs, ys, f"column {c}")


class Yaml(unittest.TestCase):
    def test_own_emitter_round_trips(self):
        import yaml
        d = {"name": "x", "seed": 3, "scale": 0.5, "flag": True, "none": None, "text": "no",
             "num_text": "1e3", "regions": [{"name": "a b", "population": 100}, {"name": "c"}],
             "set": ["years.end=2020", "a: b"], "empty": [], "nested": {"k": {"j": [1, 2.5]}}}
        self.assertEqual(yaml.safe_load(api._emit(d)), d)


@unittest.skipUnless(HAVE, "EDUSIM (path to the edusim binary) not set - API test skipped")
class Run(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.h5 = Path(cls.tmp.name) / "small.h5"
        cls.r = es.run(SCEN, set=SMALL, seed=5, threads=1, out=cls.h5, program=EDUSIM,
                       progress=False)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_indicators_tidy_and_equal_to_the_file(self):
        df = self.r.indicators
        self.assertEqual(list(df.columns), ["scenario", "replicate", "run", "year", "region",
                                            "indicator", "subgroup", "units", "value"])
        self.assertEqual(set(df.scenario), {"api_small"})
        self.assertEqual(sorted(df.year.unique()), [2010, 2011])
        self.assertEqual(set(df.region), {"north", "national"})
        self.assertEqual(self.r.runs.seed.tolist(), [5])  # seed= reached the program
        ref = load.indicators(self.h5)
        m = df.merge(ref, on=["run", "year", "region", "indicator", "subgroup"], suffixes=("", "_ref"))
        self.assertEqual(len(m), len(df))
        self.assertEqual(len(df), len(ref))
        self.assertTrue(((m.value == m.value_ref) | (m.value.isna() & m.value_ref.isna())).all())
        self.assertIn("person-years", self.r.log)

    def test_export_equals_results(self):
        again = es.Results(self.h5)  # the same object from an existing file
        assert_same_table(self, export(self.h5, "indicators"), again.indicators)
        assert_same_table(self, export(self.h5, "runs"), again.runs)
        c = again.cohorts
        self.assertFalse(c.empty, "a 15-year burn-in gives cohorts aged 25")
        self.assertEqual(list(c.columns), ["scenario", "replicate", "run", "cohort", "sex", "region",
                                           "variable", "units", "value"])
        self.assertIn("persons", set(c.variable))
        self.assertEqual(set(c[c.variable == "persons"].units), {"count"})
        assert_same_table(self, export(self.h5, "cohorts"), c)
        sel = export(self.h5, "indicators", "--indicator", "pupils/po+vo")
        assert_same_table(self, sel, again.indicators_table(select=[("pupils", "po+vo")]))

    def test_errors_carry_the_programs_message(self):
        with self.assertRaises(es.EdusimError) as cm:
            es.run({"name": "bad", "scal": 2}, program=EDUSIM, progress=False)
        msg = str(cm.exception)
        self.assertRegex(msg, r"scenario\.yaml:2:1: error: scal: unknown key \(did you mean 'scale'\?\)")
        self.assertIn("   2 | scal: 2", msg)  # the dict's YAML, as the positions refer to it
        self.assertEqual(cm.exception.returncode, 2)
        bad = Path(self.tmp.name) / "bad.yaml"
        bad.write_text("name: b\nyears:\n  end: 1800\n")
        with self.assertRaises(es.EdusimError) as cm:
            es.run(bad, program=EDUSIM, progress=False)
        self.assertIn(f"{bad}:3:8", str(cm.exception))
        with self.assertRaises(es.EdusimError) as cm:
            es.run(SCEN, set={"scale": "abc"}, program=EDUSIM, progress=False)
        self.assertIn("scale", str(cm.exception))
        with self.assertRaises(es.EdusimError):
            es.run(SCEN, program=Path(self.tmp.name) / "nothing")

    def test_progress_lines_off_a_terminal(self):
        buf = io.StringIO()  # not a terminal: the program's 10 % lines
        with contextlib.redirect_stderr(buf):
            r = es.run(SCEN, set=dict(SMALL, **{"years.burn_in": 3}), program=EDUSIM)
        lines = [ln for ln in buf.getvalue().splitlines() if "elapsed" in ln]
        self.assertGreaterEqual(len(lines), 4, buf.getvalue())
        self.assertIn("100 %", lines[-1])
        self.assertIn("left", lines[0])
        self.assertTrue(Path(r.path).exists())  # temporary file, kept with the object
        buf = io.StringIO()
        with contextlib.redirect_stderr(buf):
            es.run(SCEN, set=SMALL, program=EDUSIM, progress=False)
        self.assertEqual(buf.getvalue(), "")

    def test_program_search_order(self):
        old = os.environ.get("EDUSIM")
        try:
            os.environ["EDUSIM"] = EDUSIM
            self.assertEqual(api.find_program(), EDUSIM)
            os.environ["EDUSIM"] = "/nonexistent/edusim"
            with self.assertRaises(es.EdusimError):
                api.find_program()
            self.assertEqual(api.find_program(EDUSIM), EDUSIM)  # explicit first
        finally:
            if old is None:
                os.environ.pop("EDUSIM", None)
            else:
                os.environ["EDUSIM"] = old


@unittest.skipUnless(HAVE, "EDUSIM (path to the edusim binary) not set - API test skipped")
class Sweep(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.h5 = Path(cls.tmp.name) / "sw.h5"
        cls.r = es.sweep(SWEEP, threads=2, out=cls.h5, program=EDUSIM, progress=False)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_design_points_joined_in(self):
        df = self.r.indicators
        self.assertEqual(list(df.columns)[:5], ["scenario", "point", "transitions.havo_to_hbo",
                                                "replicate", "run"])
        self.assertEqual(set(df.scenario), {"base", "more_wo"})
        got = df.drop_duplicates("run").set_index("run")
        for run, row in got.iterrows():  # run = (scenario x 2 + point) x 2 + replicate
            s, p, rep = (run // 4), (run // 2) % 2, run % 2
            self.assertEqual((row.scenario, row.point, row.replicate),
                             (["base", "more_wo"][s], p, rep))
            self.assertEqual(row["transitions.havo_to_hbo"], [0.55, 0.75][p])
        assert_same_table(self, export(self.h5, "indicators"), df)

    def test_effects_long_equal_export_and_compare(self):
        e = self.r.effects
        self.assertEqual(list(e.columns), ["scenario", "baseline", "point", "transitions.havo_to_hbo",
                                           "year", "region", "indicator", "subgroup", "units",
                                           "mean_diff", "se", "ci_low", "ci_high", "n"])
        self.assertEqual(set(e.scenario), {"more_wo"})
        self.assertEqual(set(e.baseline), {"base"})
        self.assertEqual(set(e.n), {0, 2})  # 0 where the indicator has no value (NaN)
        self.assertTrue(e[e.n == 0].mean_diff.isna().all())
        assert_same_table(self, export(self.h5, "effects"), e)
        # mean_diff is the mean over replicates of scenario - baseline at the same point
        ind = self.r.indicators
        key = ["point", "replicate", "year", "region", "indicator", "subgroup"]
        a = ind[ind.scenario == "more_wo"].set_index(key).value
        b = ind[ind.scenario == "base"].set_index(key).value
        mine = (a - b).groupby(level=["point", "year", "region", "indicator", "subgroup"]).mean()
        got = e.set_index(["point", "year", "region", "indicator", "subgroup"]).mean_diff
        mine = mine.reindex(got.index)
        ok = np.isclose(got, mine, rtol=1e-12, atol=1e-12) | (got.isna() & mine.isna())
        self.assertTrue(ok.all(), got[~ok].head())
        self.assertGreater((got.abs() > 0).sum(), 10, "the intervention changes something")


if __name__ == "__main__":
    unittest.main()
