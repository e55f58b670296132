"""The investigation subcommands (indicator-diff, labour-summary, reach-changes,
bass-fit) on synthetic files whose every value is known, and the thin
scripts/indicator_diff.py that older notes call."""

import math
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

import support
import make_fixture as fx
from edusim_analysis import bass_fit
from edusim_analysis.labour_summary import LEVELS

REPO = support.ANALYSIS_DIR.parent


def lines(r):
    return r.stdout.splitlines()


class InTmp(unittest.TestCase):
    """A temporary folder per test class, `cls.dir`."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()


class IndicatorDiff(InTmp):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls.dir
        cls.a = fx.make_fixture(d / "a.h5")
        cls.same = shutil.copy(cls.a, d / "same.h5")
        cls.other = shutil.copy(cls.a, d / "other.h5")
        with h5py.File(cls.other, "a") as f:
            f["indicators/share_n_profile_y4/havo"][2, 3, 1] += 1e-12  # one value, barely
            del f["indicators/pupils/po+vo"]
            f.create_dataset("indicators/extra/x", data=np.zeros((6, 10, 3)))
            c = f["cohorts"][()]
            c["persons"][0] += 1
            f["cohorts"][...] = c
        cls.partial = fx.make_fixture(d / "p.h5", status="incomplete")

    def test_identical_files(self):
        r = support.cli("indicator-diff", self.a, self.same)
        self.assertEqual(r.returncode, 0, r.stderr)
        n = len(fx.INDICATORS)
        self.assertEqual(lines(r), [f"identical: {n} of {n} shared indicators", "differ: -",
                                    f"only in {self.a}: -", f"only in {self.same}: -",
                                    "cohorts identical: True"])

    def test_nan_equals_nan(self):
        name, sub = fx.NAN_AT[:2]
        with h5py.File(self.a, "r") as f:
            self.assertTrue(np.isnan(f[f"indicators/{name}/{sub}"][()]).any())
        r = support.cli("indicator-diff", self.a, self.same)
        self.assertNotIn(f"/{name}/{sub}", lines(r)[1])

    def test_differences_named(self):
        r = support.cli("indicator-diff", self.a, self.other)
        self.assertEqual(r.returncode, 0, r.stderr)
        n = len(fx.INDICATORS)
        self.assertEqual(lines(r), [f"identical: {n - 2} of {n - 1} shared indicators",
                                    "differ: /share_n_profile_y4/havo",
                                    f"only in {self.a}: /pupils/po+vo",
                                    f"only in {self.other}: /extra/x",
                                    "cohorts identical: False"])

    def test_incomplete_refused(self):
        r = support.cli("indicator-diff", self.a, self.partial)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not complete", r.stderr)
        self.assertEqual(r.stdout, "")

    def test_script_wrapper_same_output(self):
        r = support.cli("indicator-diff", self.a, self.other)
        w = subprocess.run([support.PYTHON, str(REPO / "scripts/indicator_diff.py"), str(self.a),
                            str(self.other)], capture_output=True, text=True, timeout=120)
        self.assertEqual(w.returncode, 0, w.stderr)
        self.assertEqual(w.stdout, r.stdout)


def labour_value(name, run, y, g):
    """Known values of the labour indicators added to the fixture."""
    if name == "vacancies/tech":
        return 100.0 + 7 * run + y + g
    if name == "vacancies_unfilled/tech":
        return 10.0 + run + 2 * y
    if name == "vacancies_tech_ict/all":
        return 50.0 + 10 * run + y
    level = LEVELS.index(name.split("/")[1])
    return 2.0 + level + 0.5 * run + 0.1 * y


LABOUR = ["vacancies/tech", "vacancies_unfilled/tech", "vacancies_tech_ict/all"] + \
    [f"unemployment_rate/{lv}" for lv in LEVELS]
PUBLISHED = """indicator,group,period,unit,value,source
unemployment_rate,low: basisonderwijs,2011,% of labour force 15-75,10.0,x
unemployment_rate,low: basisonderwijs,2012,% of labour force 15-75,12.0,x
unemployment_rate,low: vmbo/havo-vwo onderbouw/mbo1,2011,% of labour force 15-75,8.0,x
unemployment_rate,middle: havo/vwo/mbo2-4,2012,% of labour force 15-75,5.5,x
unemployment_rate,middle: havo/vwo/mbo2-4,2016,% of labour force 15-75,99,outside the years
unemployment_rate,high: hbo/wo bachelor,2011,x 1000 persons,77,other unit
"""


class LabourSummary(InTmp):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.h5 = fx.make_fixture(cls.dir / "lab.h5")
        shape = (len(fx.SCENARIOS) * fx.REPLICATES, len(fx.YEARS), len(fx.REGIONS))
        with h5py.File(cls.h5, "a") as f:
            for name in LABOUR:
                f.create_dataset("indicators/" + name, data=np.array(
                    [[[labour_value(name, r, y, g) for g in range(shape[2])]
                      for y in range(shape[1])] for r in range(shape[0])]))
        cls.csv = cls.dir / "nl_labour.csv"
        cls.csv.write_text(PUBLISHED)

    def expected(self, scenario, first, last):
        runs = [r for r in range(6) if fx.run_info(r)[0] == scenario]
        ys = [i for i, y in enumerate(fx.YEARS) if first <= y <= last]
        nat = len(fx.REGIONS) - 1

        def tot(name):
            return sum(labour_value(name, r, y, nat) for r in runs for y in ys)
        tight = tot("vacancies_unfilled/tech") / tot("vacancies/tech")
        rates = [tot(f"unemployment_rate/{lv}") / (len(runs) * len(ys)) for lv in LEVELS]
        open_stem = sum(labour_value("vacancies_tech_ict/all", r, ys[-1], nat) for r in runs) / len(runs)
        return len(runs), tight, rates, open_stem

    def test_numbers(self):
        r = support.cli("labour-summary", self.h5, "--scenario", "stem_push", "--years", "2011", "2013",
                        "--published", self.csv)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = lines(r)
        n, tight, rates, open_stem = self.expected("stem_push", 2011, 2013)
        self.assertEqual(out[0], f"stem_push: {n} runs, 2011-2013")
        self.assertEqual(out[1].split(), ["tightness", *LEVELS])
        model = out[2].split()
        self.assertEqual(model[0], "model")
        self.assertAlmostEqual(float(model[1]), tight, places=3)
        for got, want in zip(model[2:], rates):
            self.assertAlmostEqual(float(got), want, places=1)
        # low: the two published groups' means (10, 12 -> 11; 8), middle 5.5; 2016 and
        # another unit left out
        self.assertEqual(out[3].split(), ["published", "8.0-11.0", "5.5"])
        self.assertEqual(out[4], f"STEM-job vacancies open after matching in 2013: {open_stem:.0f}")

    def test_defaults(self):
        r = support.cli("labour-summary", self.h5)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = lines(r)
        n, tight, _, _ = self.expected("baseline", 2008, 2017)
        self.assertEqual(out[0], f"baseline: {n} runs, 2008-2017")
        self.assertAlmostEqual(float(out[2].split()[1]), tight, places=3)
        self.assertEqual(len(out), 4, "no published row without --published")

    def test_bad_choices(self):
        r = support.cli("labour-summary", self.h5, "--scenario", "nope")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no runs of scenario 'nope' (valid: baseline, stem_push)", r.stderr)
        r = support.cli("labour-summary", self.h5, "--years", "1990", "1995")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no year in 1990-1995 (valid: 2008-2017)", r.stderr)
        r = support.cli("labour-summary", fx.make_fixture(self.dir / "plain.h5"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("no indicator /indicators/vacancies_unfilled/tech", r.stderr)
        r = support.cli("labour-summary", self.h5, "--published", self.dir / "none.csv")
        self.assertEqual(r.returncode, 1)


E3 = ("e3 share_tech_vmbo_y3/bb+kb+gl 2017", "e3 share_tech_vmbo_y3/bb+kb+gl 2007")


def write_record(path, labels, mean, published, tolerance, fmt="edusim-calibration"):
    with h5py.File(path, "w") as f:
        s = h5py.string_dtype("utf-8")
        f.attrs.create("format", fmt, dtype=s)
        f.attrs.create("status", "complete", dtype=s)
        f.create_dataset("target_labels", data=labels, dtype=s)
        f.create_dataset("evaluations/mean", data=np.asarray(mean, dtype=float))
        fit = np.zeros((len(labels), 7))
        fit[:, 3], fit[:, 4] = published, tolerance
        f.create_dataset("fit", data=fit)
    return path


class ReachChanges(InTmp):
    def test_changes_and_groups(self):
        # three points; e3 2017 - 2007 is -1, +2, +5; rows within tolerance: point 0 meets
        # both e3 rows, point 1 the 2007 row only, point 2 neither
        mean = [[25.0, 26.0], [30.0, 28.0], [35.0, 30.0]]
        p = write_record(self.dir / "r.h5", list(E3), mean, published=[25.0, 27.0], tolerance=1.5)
        r = support.cli("reach-changes", p)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = lines(r)
        self.assertEqual(out[0], "3 points, 2 target rows; rows met at one point: most 2, median 1")
        row = next(x for x in out if x.startswith("vmbo y3 technology share"))
        self.assertEqual([float(v) for v in row.split()[-4:]], [-6.7, -1.0, 2.0, 5.0])
        grp = next(x for x in out if x.startswith("group e1-e4"))
        self.assertIn("2 rows: most met at one point 2 (evaluation 0); met by no point: none", grp)
        self.assertFalse(any(x.startswith("group d4") for x in out), "no d4 rows in the record")

    def test_results_file_refused(self):
        r = support.cli("reach-changes", fx.make_fixture(self.dir / "x.h5"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("not an edusim calibration file", r.stderr)


class BassFit(unittest.TestCase):
    def test_grid_minimum_near_published_points(self):
        r = support.cli("bass-fit")
        self.assertEqual(r.returncode, 0, r.stderr)
        head, shares = lines(r)
        w = head.split()
        p, q, m = float(w[1]), float(w[3]), float(w[5])
        err = lambda p, q, m: sum((bass_fit.shares(p, q, m)[y] - v) ** 2
                                  for y, v in bass_fit.POINTS.items())
        best = err(p, q, m)
        # a minimum of the grid: no neighbouring grid point fits better
        for dp, dq, dm in ((0.001, 0, 0), (-0.001, 0, 0), (0, 0.02, 0), (0, -0.02, 0),
                           (0, 0, 0.02), (0, 0, -0.02)):
            if 0.005 <= p + dp <= 0.059 and 0 <= q + dq <= 1.98 and 0.5 <= m + dm <= 1.0:
                self.assertLessEqual(best, err(p + dp, q + dq, m + dm))
        s = bass_fit.shares(p, q, m)
        for y, v in bass_fit.POINTS.items():
            self.assertLess(abs(s[y] - v), 0.01, f"{y}: {s[y]:.3f} against published {v:.3f}")
        printed = dict(kv.split(": ") for kv in shares[len("share "):].split("  "))
        self.assertEqual(printed, {str(y): f"{s[y]:.3f}" for y in (2002, 2005, 2008, 2010, 2014, 2019)})
        self.assertTrue(math.isclose(float(w[-1].rstrip(")")), best, rel_tol=0.05))


if __name__ == "__main__":
    unittest.main()
