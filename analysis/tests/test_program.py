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


if __name__ == "__main__":
    unittest.main()
