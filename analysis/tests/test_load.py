"""Readers on the synthetic fixture: shapes, exact values, and refusal of bad files."""

import math
import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

import support  # noqa: F401  (puts the package on sys.path)
import make_fixture as fx
from edusim_analysis import load, targets


class LoadFixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = fx.make_fixture(Path(cls.tmp.name) / "fx.h5")
        cls.eff_path = fx.make_fixture(Path(cls.tmp.name) / "fx_eff.h5", effects=True)
        cls.df = load.indicators(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def at(self, name, sub, run, year, region):
        d = self.df
        sel = d[(d.indicator == name) & (d.subgroup == sub) & (d.run == run) &
                (d.year == year) & (d.region == region)]
        self.assertEqual(len(sel), 1)
        return sel.iloc[0]

    def test_indicator_table_shape_and_columns(self):
        self.assertEqual(list(self.df.columns), load.INDICATOR_COLUMNS)
        self.assertEqual(len(self.df), 11 * 6 * 10 * 3)
        self.assertEqual(self.df.groupby(["indicator", "subgroup"]).ngroups, 11)
        self.assertEqual(sorted(self.df.year.unique()), list(range(2008, 2018)))
        self.assertEqual(set(self.df.region), {"north", "south", "national"})

    def test_exact_values(self):
        # value = first + slope * year_index + 0.25 * (replicate - 1) (+2 for stem_push
        # from 2011), regions -0.5 / +0.5 around national: see make_fixture.value
        self.assertEqual(self.at("share_n_profile_y4", "havo", 0, 2008, "national").value, 33.75)
        self.assertEqual(self.at("share_n_profile_y4", "havo", 4, 2011, "national").value, 39.0)
        self.assertEqual(self.at("share_n_profile_y4", "havo", 4, 2011, "north").value, 38.5)
        self.assertEqual(self.at("share_n_profile_y4", "havo", 4, 2011, "south").value, 39.5)
        self.assertEqual(self.at("pupils", "po+vo", 1, 2008, "national").value, 2500000.0)
        self.assertAlmostEqual(self.at("pupils", "po+vo", 5, 2017, "national").value,
                               2479550.0, places=6)
        self.assertAlmostEqual(self.at("n_partnerships", "all", 4, 2012, "north").value,
                               39.6, places=9)
        for r in self.df.sample(200, random_state=1).itertuples():
            want = fx.value(r.indicator, r.subgroup, r.run, fx.YEARS.index(r.year),
                            fx.REGIONS.index(r.region))
            if math.isnan(want):
                self.assertTrue(math.isnan(r.value))
            else:
                self.assertEqual(r.value, want)

    def test_nan_kept(self):
        self.assertTrue(math.isnan(self.at("share_stem_he_intake", "wo", 0, 2008, "north").value))
        self.assertEqual(int(self.df.value.isna().sum()), 1)

    def test_run_mapping_and_units(self):
        row = self.at("share_n_profile_y4", "vwo", 3, 2010, "national")
        self.assertEqual((row.scenario, row.replicate, row.units), ("stem_push", 0, "pct"))
        self.assertEqual(self.at("pupils", "po+vo", 2, 2010, "north").units, "count")
        self.assertEqual(self.at("teacher_fte_unfilled", "stem", 2, 2010, "north").units, "fte")
        per = self.df.groupby("scenario").run.unique()
        self.assertEqual(sorted(per["baseline"]), [0, 1, 2])
        self.assertEqual(sorted(per["stem_push"]), [3, 4, 5])

    def test_select(self):
        d = load.indicators(self.path, select=["pupils", ("share_n_profile_y4", "vwo")])
        self.assertEqual(set(zip(d.indicator, d.subgroup)),
                         {("pupils", "po+vo"), ("share_n_profile_y4", "vwo")})
        self.assertEqual(len(d), 2 * 6 * 10 * 3)

    def test_failed_runs_dropped(self):
        p = Path(self.tmp.name) / "failed.h5"
        fx.make_fixture(p)
        with h5py.File(p, "r+") as f:
            runs = f["runs"][()]
            runs["status"][5] = 1
            f["runs"][...] = runs
        self.assertEqual(sorted(load.indicators(p).run.unique()), [0, 1, 2, 3, 4])
        self.assertEqual(len(load.indicators(p, include_failed=True).run.unique()), 6)

    def test_runs(self):
        r = load.runs(self.path)
        self.assertEqual(list(r.columns), ["run", "scenario", "replicate", "seed", "status",
                                           "error"])
        self.assertEqual(list(r.scenario), ["baseline"] * 3 + ["stem_push"] * 3)
        self.assertEqual(list(r.seed), [1000, 1001, 1002] * 2)
        self.assertEqual(list(r.error), [""] * 6)

    def test_cohorts(self):
        c = load.cohorts(self.path)
        self.assertEqual(len(c), 6 * 3 * 3 * 3)
        for col in ["run", "cohort", "sex", "region", "persons", "stem_degree",
                    "years_to_degree", "scenario", "replicate", "sex_label", "region_name"]:
            self.assertIn(col, c.columns)
        row = c[(c.run == 3) & (c.cohort == 2000) & (c.sex == 1) & (c.region == 2)].iloc[0]
        self.assertEqual(row.stem_degree, 25.0)     # 22 + 2 (male) + 0.1*0 + 1 (stem_push)
        self.assertEqual(row.persons, 10000.0)
        self.assertEqual((row.sex_label, row.region_name, row.scenario),
                         ("male", "national", "stem_push"))
        self.assertTrue((c[c.cohort == 2002].persons == 0).all())
        self.assertEqual(c.attrs["units"]["stem_degree"], "pct")
        self.assertEqual(c.attrs["units"]["years_to_degree"], "years")

    def test_scenarios_and_policies(self):
        s = load.scenarios(self.path)
        self.assertEqual(set(s), {"baseline", "stem_push"})
        text, parsed = s["stem_push"]
        self.assertIn("hybrid_teachers", text)
        self.assertEqual([p["type"] for p in parsed["policies"]],
                         ["hybrid_teachers", "cofinancing"])
        self.assertNotIn("policies", s["baseline"][1])
        self.assertEqual(load.scenarios(self.path, parse=False)["baseline"],
                         fx.scenario_yaml("baseline"))

    def test_provenance(self):
        p = load.provenance(self.path)
        self.assertEqual(p["format"], "edusim-results")
        self.assertEqual(p["program_version"], "0.1.0-fixture")
        self.assertEqual((p["seed"], p["threads"], p["format_version"]), (1000, 4, 1))

    def test_effects_absent_gives_empty(self):
        e = load.load_effects(self.path)
        self.assertTrue(e.empty)
        self.assertEqual(list(e.columns), load.EFFECT_COLUMNS)

    def test_effects_present(self):
        e = load.load_effects(self.eff_path)
        self.assertEqual(len(e), 6 * 1 * 10 * 3)
        self.assertEqual(set(e.scenario), {"stem_push"})
        self.assertEqual(set(e.baseline), {"baseline"})
        r = e[(e.indicator == "share_stem_he_intake") & (e.subgroup == "hbo") &
              (e.year == 2011) & (e.region == "national")].iloc[0]
        self.assertEqual((r.mean_diff, r.se), (2.0, 0.3))
        self.assertAlmostEqual(r.ci_low, 2.0 - 1.96 * 0.3)
        self.assertEqual(e[e.year == 2010].mean_diff.abs().max(), 0.0)


class Refusal(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def refused(self, path, words):
        for reader in (load.open_results, load.indicators, load.runs, load.cohorts,
                       load.load_effects, load.provenance, load.scenarios):
            with self.assertRaises(ValueError) as cm:
                reader(path)
            self.assertIn(words, str(cm.exception))
            self.assertNotIn("\n", str(cm.exception))

    def test_incomplete(self):
        self.refused(fx.make_fixture(self.dir / "inc.h5", status="incomplete"), "not complete")

    def test_foreign_format(self):
        self.refused(fx.make_fixture(self.dir / "f.h5", fmt="other-results"),
                     "not an edusim results file")

    def test_plain_hdf5(self):
        with h5py.File(self.dir / "plain.h5", "w") as f:
            f["x"] = np.arange(3)
        self.refused(self.dir / "plain.h5", "not an edusim results file")

    def test_not_hdf5(self):
        (self.dir / "t.h5").write_text("hello\n")
        self.refused(self.dir / "t.h5", "not an HDF5 file")

    def test_newer_version(self):
        p = fx.make_fixture(self.dir / "v3.h5")
        with h5py.File(p, "r+") as f:
            f.attrs["format_version"] = np.int32(3)
        self.refused(p, "format_version 3")

    def test_missing(self):
        with self.assertRaises(FileNotFoundError):
            load.open_results(self.dir / "nope.h5")


class Targets(unittest.TestCase):
    def test_read_repository_copy(self):
        path = targets.default_path()
        self.assertIsNotNone(path, "scenarios/data/nl_targets.csv is missing")
        t = targets.read_targets(path)
        self.assertEqual(list(t.columns), targets.COLUMNS)
        self.assertGreater(len(t), 50)
        row = t[(t.indicator == "share_n_profile_y4") & (t.subgroup == "havo") &
                (t.year == 2007)].iloc[0]
        self.assertEqual((row.value, row.unit, row.tol), (34.0, "pct", 1.5))
        shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "nl_targets.csv"
        if shared.is_file():   # the project copy must not drift from the shared one
            self.assertEqual(shared.read_bytes(), path.read_bytes())

    def test_matching_pairs(self):
        with tempfile.TemporaryDirectory() as d:
            df = load.indicators(fx.make_fixture(Path(d) / "fx.h5"))
        pairs = targets.matching(targets.read_targets(), df)
        self.assertIn(("share_n_profile_y4", "havo"), pairs)
        self.assertIn(("share_tech_vmbo_y3", "bb+kb+gl"), pairs)
        self.assertNotIn(("teacher_fte_unfilled", "stem"), pairs)  # no published target

    def test_missing_columns(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "t.csv"
            p.write_text("id,indicator,value\na,b,1\n")
            with self.assertRaises(ValueError):
                targets.read_targets(p)


if __name__ == "__main__":
    unittest.main()
