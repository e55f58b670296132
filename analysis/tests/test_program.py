"""The readers and the report on a file written by the real program (needs EDUSIM).

EDUSIM is the path of the built edusim binary; ctest sets it. Without it the test is
skipped, so the package can be tested before the C program exists.
"""

import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import numpy as np

from support import cli
from test_report import check_local_page
from edusim_analysis import load
from edusim_analysis.report import build_report

EDUSIM = os.environ.get("EDUSIM", "")
SMALL = ["--set", "years.start=2010", "--set", "years.end=2014", "--set", "years.burn_in=10",
         "--set", "regions.0.population=20000"]


@unittest.skipUnless(EDUSIM and os.access(EDUSIM, os.X_OK),
                     "EDUSIM (path to the edusim binary) not set - real-program test skipped")
class RealProgram(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.h5 = cls.dir / "x.h5"
        r = subprocess.run([EDUSIM, "run", "--quiet", "-o", str(cls.h5), *SMALL],
                           capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            cls.tmp.cleanup()
            raise AssertionError(f"edusim run failed ({r.returncode}): {r.stderr[-2000:]}")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_loaders(self):
        prov = load.provenance(self.h5)
        self.assertEqual((prov["format"], prov["status"]), ("edusim-results", "complete"))
        runs = load.runs(self.h5)
        self.assertEqual(len(runs), 1)
        self.assertEqual(int(runs.status[0]), 0)
        df = load.indicators(self.h5)
        self.assertEqual(sorted(df.year.unique()), list(range(2010, 2015)))
        self.assertEqual(df.region.iloc[-1], "national")
        self.assertIn(("share_n_profile_y4", "havo"), set(zip(df.indicator, df.subgroup)))
        per = df.groupby(["indicator", "subgroup"]).size()
        self.assertEqual(per.nunique(), 1, "every indicator has run x year x region values")
        shares = df[df.units == "pct"].value.dropna()
        self.assertTrue(((shares >= 0) & (shares <= 100)).all(), "share outside 0-100")
        self.assertTrue((df[df.units == "count"].value.dropna() >= 0).all())
        self.assertEqual(set(load.scenarios(self.h5)), set(runs.scenario))
        self.assertTrue(load.load_effects(self.h5).empty)
        c = load.cohorts(self.h5)
        if not c.empty:
            self.assertTrue(set(c.run) <= set(runs.run))

    def test_national_counts_are_region_sums(self):
        df = load.indicators(self.h5)
        cnt = df[df.units == "count"]
        nat = cnt[cnt.region == "national"].set_index(["indicator", "subgroup", "run", "year"])
        reg = cnt[cnt.region != "national"].groupby(["indicator", "subgroup", "run", "year"])
        total = reg.value.sum(min_count=1).reindex(nat.index)
        ok = np.isclose(nat.value, total, rtol=1e-9, equal_nan=True)
        self.assertTrue(ok.all(), nat[~ok].head().to_string())

    def test_report_and_summary(self):
        index = build_report(self.h5, self.dir / "rep")
        check_local_page(self, index)
        r = cli("summary", self.h5)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("share_n_profile_y4", r.stdout)
        r = cli("report", self.h5, "-o", self.dir / "rep_cli")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_investigations(self):
        """indicator-diff and labour-summary read the program's layout: the same run on
        one thread is identical indicator for indicator, another seed is not."""
        one, seed = self.dir / "one.h5", self.dir / "seed.h5"
        for out, extra in ((one, ["--threads", "1"]), (seed, ["--seed", "2"])):
            subprocess.run([EDUSIM, "run", "--quiet", "-o", str(out), *SMALL, *extra],
                           check=True, timeout=600)
        n = load.indicator_info(self.h5).shape[0]
        r = cli("indicator-diff", self.h5, one)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines()[0], f"identical: {n} of {n} shared indicators")
        self.assertEqual(r.stdout.splitlines()[-1], "cohorts identical: True")
        r = cli("indicator-diff", self.h5, seed)
        self.assertNotEqual(r.stdout.splitlines()[1], "differ: -")
        r = cli("labour-summary", self.h5, "--years", "2010", "2014")
        self.assertEqual(r.returncode, 0, r.stderr)
        df = load.indicators(self.h5, select=["vacancies", "vacancies_unfilled"])
        nat = df[(df.region == "national") & (df.subgroup == "tech")]
        tight = nat[nat.indicator == "vacancies_unfilled"].value.sum() / \
            max(nat[nat.indicator == "vacancies"].value.sum(), 1)
        self.assertAlmostEqual(float(r.stdout.splitlines()[2].split()[1]), tight, places=3)


if __name__ == "__main__":
    unittest.main()


SWEEP = """name: py
seed: 5
replicates: 3
baseline: base
set: ["regions.0.population=20000", "years.start=2010", "years.end=2013", "years.burn_in=10"]
scenarios:
  - {name: base}
  - {name: more_wo, set: ["transitions.vwo_to_wo=0.8", "transitions.vwo_to_hbo=0.1"]}
"""


@unittest.skipUnless(EDUSIM and os.access(EDUSIM, os.X_OK),
                     "EDUSIM (path to the edusim binary) not set - real-program test skipped")
class SameNumbersAsCompare(unittest.TestCase):
    """The effects the Python side reads equal what `edusim compare --csv` prints."""

    def test_effects_equal_compare(self):
        import csv
        import io
        with tempfile.TemporaryDirectory() as tmp:
            sw = Path(tmp) / "s.yaml"
            sw.write_text(SWEEP)
            h5 = Path(tmp) / "s.h5"
            subprocess.run([EDUSIM, "sweep", str(sw), "-q", "-o", str(h5)], check=True, timeout=600)
            inds = ["he_first_years/wo", "share_stem_he_intake/all", "pupils/po+vo"]
            args = [EDUSIM, "compare", str(h5), "--csv", "--year", "2011", "--year", "2013"]
            for i in inds:
                args += ["--indicator", i]
            out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
            rows = list(csv.DictReader(io.StringIO(out)))
            self.assertEqual(len(rows), 6)
            eff = load.load_effects(h5)
            for r in rows:
                m = eff[(eff.scenario == r["scenario"]) & (eff.indicator == r["indicator"]) &
                        (eff.subgroup == r["subgroup"]) & (eff.year == int(r["year"])) &
                        (eff.region == r["region"])]
                self.assertEqual(len(m), 1)
                for col in ("mean_diff", "se", "ci_low", "ci_high"):
                    a, b = float(r[col]), float(m[col].iloc[0])
                    self.assertTrue((np.isnan(a) and np.isnan(b)) or a == b, f"{col}: {a} != {b}")
