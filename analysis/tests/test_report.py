"""The HTML report and the command line: local links only, content from the file,
bad files refused with one line, and (with Chromium) a clean headless render."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

import make_fixture as fx
from support import cli, png_size
from edusim_analysis.report import build_report

CHROMIUM = "/usr/bin/chromium"


class Links(HTMLParser):
    """Collects every URL-bearing attribute and any tag that could load code."""

    def __init__(self):
        super().__init__()
        self.urls, self.imgs, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href", "srcset", "action", "data", "poster"):
                self.urls.append(v or "")
                if tag == "img" and k == "src":
                    self.imgs.append(v)


def check_local_page(test, index):
    """Every link is a relative path to an existing file in the page's folder."""
    page = index.read_text(encoding="utf-8")
    p = Links()
    p.feed(page)
    test.assertTrue(p.imgs, "no images on the page")
    for u in p.urls:
        test.assertFalse(urlparse(u).scheme, f"non-relative URL {u!r}")
        test.assertFalse(u.startswith(("/", "#", "..")), f"non-local URL {u!r}")
        test.assertTrue((index.parent / u).is_file(), f"{u} does not exist")
    for tag in ("script", "link", "iframe", "object", "embed", "base"):
        test.assertNotIn(tag, p.tags)
    test.assertNotIn("url(", page)
    test.assertNotIn("@import", page)
    return page, p


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.h5 = fx.make_fixture(cls.dir / "fx.h5", effects=True)
        cls.index = build_report(cls.h5, cls.dir / "rep")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_page_links_are_local_files(self):
        page, p = check_local_page(self, self.index)
        self.assertNotIn("http", page.lower())
        # 7 headline trends, vs targets (shares, counts), cohorts, teachers, effects
        self.assertEqual(len(p.imgs), 12)
        for name in ("vs_targets_shares.png", "vs_targets_counts.png", "cohorts.png",
                     "teachers_partnerships.png", "effects.png",
                     "trend_share_tech_vmbo_y3_bb_kb_gl.png", "trend_pupils_po_vo.png"):
            self.assertIn(name, p.imgs)
        for img in p.imgs:
            self.assertGreater((self.index.parent / img).stat().st_size, 5 * 1024)
            self.assertIsNotNone(png_size(self.index.parent / img))

    def test_page_content(self):
        page = self.index.read_text(encoding="utf-8")
        for text in ("0.1.0-fixture", "edusim run fixture.yaml", "baseline", "stem_push",
                     "no policies", "hybrid_teachers", "cofinancing", "(2011–2017)",
                     "Effects against the baseline", "[1.41, 2.59]", "<figcaption>",
                     "band: 95% CI"):
            self.assertIn(text, page)
        self.assertTrue(page.startswith("<!DOCTYPE html>"))

    def test_without_effects(self):
        h5 = fx.make_fixture(self.dir / "noeff.h5")
        index = build_report(h5, self.dir / "rep_noeff")
        page, _ = check_local_page(self, index)
        self.assertNotIn("Effects against the baseline", page)
        self.assertFalse((index.parent / "effects.png").exists())

    def test_cli_report_svg(self):
        out = self.dir / "rep_svg"
        r = cli("report", self.h5, "-o", out, "--svg")
        self.assertEqual(r.returncode, 0, r.stderr)
        page, p = check_local_page(self, out / "index.html")
        self.assertTrue(all(i.endswith(".svg") for i in p.imgs))
        self.assertFalse(list(out.glob("*.png")))

    def test_cli_summary(self):
        r = cli("summary", self.h5)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("share_n_profile_y4", r.stdout)
        self.assertIn("runs: 6 (6 ok)", r.stdout)
        line = next(x for x in r.stdout.splitlines()
                    if x.startswith("share_n_profile_y4") and "havo" in x and "stem_push" in x)
        self.assertEqual(line.split()[-3:], ["34.00", "45.00", "pct"])

    def test_cli_refuses_bad_files(self):
        bad = self.dir / "bad.h5"
        bad.write_text("not hdf5")
        inc = fx.make_fixture(self.dir / "inc.h5", status="incomplete")
        for f, words in ((bad, "not an HDF5 file"), (inc, "not complete"),
                         (self.dir / "missing.h5", "no such file")):
            for args in (("report", f, "-o", self.dir / "never"), ("summary", f)):
                r = cli(*args)
                self.assertEqual(r.returncode, 1)
                self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
                self.assertIn(words, r.stderr)
                self.assertTrue(r.stderr.startswith("edusim_analysis: error:"))
        self.assertFalse((self.dir / "never").exists())


def render(page, shot, netlog, size=(1200, 2000)):
    """Render a local page headless; returns Chromium's stderr."""
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             f"--log-net-log={netlog}", f"--screenshot={shot}",
             f"--window-size={size[0]},{size[1]}", Path(page).resolve().as_uri()],
            capture_output=True, text=True, timeout=180)
    return r.stderr


def page_problems(stderr, netlog):
    """Console errors of the page and network requests made by the page (not by the
    browser itself: those have no file:// isolation key)."""
    bad = [ln for ln in stderr.splitlines()
           if any(w in ln for w in ("Uncaught", "ERR_", "Failed to load"))
           and ("CONSOLE" in ln or "file://" in ln)]
    with open(netlog) as f:
        log = json.load(f)
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    for e in log["events"]:
        p = e.get("params", {})
        if e["type"] == start and "file://" in p.get("network_isolation_key", "") \
                and not p.get("url", "").startswith("file:"):
            bad.append(f"request: {p.get('url')}")
    return bad


@unittest.skipUnless(os.path.exists(CHROMIUM), f"{CHROMIUM} not installed "
                     "(apt-get install chromium) - headless render not checked")
class Browser(unittest.TestCase):
    def test_renders_without_errors_or_requests(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            index = build_report(fx.make_fixture(d / "fx.h5", effects=True), d / "rep")
            shot, net = d / "shot.png", d / "net.json"
            err = render(index, shot, net)
            self.assertTrue(shot.is_file(), err[-2000:])
            self.assertEqual(png_size(shot), (1200, 2000))
            self.assertGreater(shot.stat().st_size, 50 * 1024)
            import matplotlib.image as mpimg
            img = mpimg.imread(shot)[..., :3]
            nonwhite = float(np.mean(img.min(axis=2) < 0.9))
            self.assertGreater(nonwhite, 0.05, "screenshot is nearly blank")
            self.assertEqual(page_problems(err, net), [])
            # The check itself must see problems where there are some.
            bad = d / "rep" / "bad.html"
            bad.write_text('<html><body><script>undefinedFn()</script>'
                           '<link rel=stylesheet href="http://example.invalid/x.css">'
                           '</body></html>')
            probs = page_problems(render(bad, d / "bad.png", d / "bad.json"), d / "bad.json")
            self.assertTrue(any("Uncaught" in p for p in probs), probs)
            self.assertTrue(any("example.invalid" in p for p in probs), probs)
            if os.environ.get("EDUSIM_KEEP_SCREENSHOT"):
                shutil.copy(shot, os.environ["EDUSIM_KEEP_SCREENSHOT"])


if __name__ == "__main__":
    unittest.main()
