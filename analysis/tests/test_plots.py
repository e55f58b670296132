"""Every plot function writes a real image of the requested size, and copes with absence."""

import tempfile
import unittest
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np

import make_fixture as fx
from support import png_size
from edusim_analysis import load, plots, targets

MIN_BYTES = 5 * 1024


class Plots(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        path = fx.make_fixture(cls.dir / "fx.h5", effects=True)
        cls.df = load.indicators(path)
        cls.coh = load.cohorts(path)
        cls.eff = load.load_effects(path)
        cls.targets = targets.read_targets()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_png(self, path, size=None):
        self.assertIsNotNone(path)
        path = Path(path)
        self.assertTrue(path.is_file(), path)
        self.assertEqual(path.suffix, ".png")
        self.assertGreater(path.stat().st_size, MIN_BYTES, path)
        w, h = png_size(path)
        if size:
            self.assertEqual((w, h), tuple(size))
        img = mpimg.imread(path)
        self.assertEqual(img.shape[:2], (h, w))
        self.assertGreater(float(np.std(img[..., :3])), 0.05, "image is nearly blank")
        return w, h

    def test_trend(self):
        p = plots.plot_trend(self.df, "share_n_profile_y4", "havo", out=self.dir / "t1",
                             size_px=(800, 500))
        self.check_png(p, (800, 500))
        p = plots.plot_trend(self.df, "pupils", "po+vo", region="north", band="minmax",
                             out=self.dir / "t2.png")
        self.check_png(p, (1000, 600))
        for size in ((641, 383), (760, 480), (1234, 817)):   # sizes are exact, not rounded
            p = plots.plot_trend(self.df, "share_stem_he_intake", "wo", out=self.dir / "t3",
                                 size_px=size)
            self.check_png(p, size)

    def test_trend_absent_or_bad_band(self):
        self.assertIsNone(plots.plot_trend(self.df, "no_such", "all", out=self.dir / "x"))
        self.assertFalse((self.dir / "x.png").exists())
        with self.assertRaises(ValueError):
            plots.plot_trend(self.df, "pupils", "po+vo", band="sd", out=self.dir / "y")

    def test_effects(self):
        p = plots.plot_effects(self.eff, out=self.dir / "eff", size_px=(900, 900))
        self.check_png(p, (900, 900))
        p = plots.plot_effects(self.eff, out=self.dir / "eff1",
                               select=[("share_n_profile_y4", "havo")])
        self.check_png(p)

    def test_effects_empty_skipped(self):
        self.assertIsNone(plots.plot_effects(self.eff.iloc[0:0], out=self.dir / "e0"))
        self.assertIsNone(plots.plot_effects(None, out=self.dir / "e0"))
        self.assertFalse((self.dir / "e0.png").exists())

    def test_vs_targets(self):
        p = plots.plot_vs_targets(self.df, self.targets, out=self.dir / "vs",
                                  size_px=(1200, 1100))
        self.check_png(p, (1200, 1100))
        w, h = self.check_png(plots.plot_vs_targets(self.df, self.targets, out=self.dir / "vs2"))
        self.assertEqual((w, h), (3 * 460, 3 * 390 + 110))  # 9 target series -> 3x3

    def test_vs_targets_without_matches(self):
        d = self.df[self.df.indicator.str.startswith("teacher_")]
        self.check_png(plots.plot_vs_targets(d, self.targets, out=self.dir / "vs0"), (1000, 400))
        self.check_png(plots.plot_vs_targets(self.df, self.targets, out=self.dir / "vs1",
                                             units=("eur",)), (1000, 400))

    def test_vs_targets_units_filter(self):
        # 6 share series with targets -> 2 rows of 4; 3 count series -> 1 row of 3
        p = plots.plot_vs_targets(self.df, self.targets, out=self.dir / "vsp", ncols=4,
                                  units=("pct", "ratio"))
        self.assertEqual(png_size(p), (4 * 460, 2 * 390 + 110))
        p = plots.plot_vs_targets(self.df, self.targets, out=self.dir / "vsc", ncols=4,
                                  units=("count",))
        self.assertEqual(png_size(p), (3 * 460, 1 * 390 + 110))

    def test_cohorts(self):
        self.check_png(plots.plot_cohorts(self.coh, out=self.dir / "coh", size_px=(1100, 500)),
                       (1100, 500))
        self.check_png(plots.plot_cohorts(self.coh.iloc[0:0], out=self.dir / "coh0"))

    def test_latest_cohort_with_data(self):
        c = self.coh[self.coh.region_name == "national"]
        outcomes = plots._outcome_columns(self.coh)
        self.assertEqual(outcomes, ["no_basic_qualification", "basic_qualification", "mbo34",
                                    "hbo", "wo", "stem_degree"])
        self.assertEqual(plots._latest_cohort(c, outcomes), 2001)   # 2002 has no members

    def test_teachers_partnerships(self):
        p = plots.plot_teachers_partnerships(self.df, out=self.dir / "tp", size_px=(1000, 700))
        self.check_png(p, (1000, 700))
        no_teach = self.df[~self.df.indicator.str.startswith("teacher_")]
        self.check_png(plots.plot_teachers_partnerships(no_teach, out=self.dir / "tp1"))

    def test_teachers_partnerships_placeholder(self):
        d = self.df[self.df.indicator.str.startswith("share_")]
        self.check_png(plots.plot_teachers_partnerships(d, out=self.dir / "tp0"), (1200, 820))

    def test_svg(self):
        p = plots.plot_trend(self.df, "share_stem_he_intake", "wo", out=self.dir / "s.png",
                             fmt="svg")
        self.assertEqual(p.suffix, ".svg")
        text = p.read_text()
        self.assertIn("<svg", text)
        self.assertIn("school year (first calendar year)", text)
        self.assertGreater(len(text), MIN_BYTES)
        with self.assertRaises(ValueError):
            plots.plot_trend(self.df, "pupils", "po+vo", out=self.dir / "q", fmt="gif")


class StudentBands(unittest.TestCase):
    def test_ci_band_is_student_t(self):
        import pandas as pd
        from edusim_analysis import plotbase as pb
        df = pd.DataFrame({"indicator": "x", "subgroup": "all", "region": "national",
                           "scenario": "s", "year": 2010, "value": [1.0, 2.0, 4.0]})
        st = pb.series_stats(df, "x", "all")
        sd = np.std([1.0, 2.0, 4.0], ddof=1)
        # t(0.975, 2) = 4.3027, not 1.96
        self.assertAlmostEqual(float(st.hi.iloc[0] - st["mean"].iloc[0]), 4.302653 * sd / np.sqrt(3), places=5)


if __name__ == "__main__":
    unittest.main()
