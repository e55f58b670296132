"""`reach-changes RECORD.h5`: the published changes of nl_targets.csv against a
screening's points.

Reads a calibration record (edusim calibrate, e.g. of
scenarios/calibration/nl_reach.yaml) and prints, for each published change that the
trends check tests, the lowest, median and highest value over the record's
evaluations, and for groups of target rows the most rows met at any one point."""

import numpy as np

from . import load

# (label, later row, earlier row, published, kind): kind "diff" or "ratio"
CHANGES = [
    ("vmbo y3 technology share 2007 -> 2017 (e3)", "e3 share_tech_vmbo_y3/bb+kb+gl 2017",
     "e3 share_tech_vmbo_y3/bb+kb+gl 2007", -6.7, "diff"),
    ("vmbo y3 technology pupils 2017 / 2007 (e4)", "e4 tech_vmbo_pupils_y3/bb+kb+gl 2017",
     "e4 tech_vmbo_pupils_y3/bb+kb+gl 2007", 12852 / 18852, "ratio"),
    ("vwo -> hbo 2004 -> 2016 (s5)", "s5 transition_rate/vwo_to_hbo 2016",
     "s5 transition_rate/vwo_to_hbo 2004", 8.6 - 15.3, "diff"),
    ("wo STEM entrants 2016 / 2006 (d4)", "d4 stem_he_entrants/wo 2016", "d4 stem_he_entrants/wo 2006",
     21527 / 11473, "ratio"),
    ("hbo STEM entrants 2016 / 2006 (d4)", "d4 stem_he_entrants/hbo 2016", "d4 stem_he_entrants/hbo 2006",
     23368 / 16840, "ratio"),
    ("N-profile havo 2007 -> 2014 (a1)", "a1 share_n_profile_y4/havo 2014", "a1 share_n_profile_y4/havo 2007",
     9, "diff"),
    ("N-profile vwo 2007 -> 2014 (a2)", "a2 share_n_profile_y4/vwo 2014", "a2 share_n_profile_y4/vwo 2007", 7,
     "diff"),
    ("STEM share of HE intake 2007 -> 2017 (d1)", "d1 share_stem_he_intake/all 2017",
     "d1 share_stem_he_intake/all 2007", 8, "diff"),
]
GROUPS = {"a5, s3 havo/vwo": ("a5 ", "s3 diplomas/havo", "s3 diplomas/vwo"), "e1-e4": ("e1 ", "e2 ", "e3 ", "e4 "),
          "d4": ("d4 ",), "s5": ("s5 ",), "c1-c4": ("c1 ", "c2 ", "c3 ", "c4 ")}


def add_parser(sub):
    p = sub.add_parser("reach-changes", help="published changes against a calibration "
                       "screening's points", description=__doc__.split("\n\n")[1])
    p.add_argument("record", help="calibration record (PREFIX.h5 of edusim calibrate)")
    p.set_defaults(func=lambda a: report(a.record))
    return p


def report(path, out=print):
    rec = load.calibration_record(path)
    lab, m, fit = rec["labels"], rec["mean"], rec["fit"]
    ok = np.abs(m - fit[:, 3]) <= fit[:, 4]
    out(f"{m.shape[0]} points, {m.shape[1]} target rows; rows met at one point: "
        f"most {ok.sum(1).max()}, median {np.median(ok.sum(1)):g}")
    out(f"\n{'published change':46s} {'published':>10s} {'lowest':>10s} {'median':>10s} {'highest':>10s}")
    got = {}  # name -> (published, the change at each point)
    for name, later, earlier, pub, kind in CHANGES:
        if later not in lab or earlier not in lab:
            continue
        a, b = m[:, lab.index(later)], m[:, lab.index(earlier)]
        v = a / b if kind == "ratio" else a - b
        got[name] = (pub, v)
        out(f"{name:46s} {pub:10.3g} {np.nanmin(v):10.3g} {np.nanmedian(v):10.3g} {np.nanmax(v):10.3g}")
    wo, hbo = got.get("wo STEM entrants 2016 / 2006 (d4)"), got.get("hbo STEM entrants 2016 / 2006 (d4)")
    if wo and hbo:
        d = wo[1] - hbo[1]
        out(f"wo STEM entrants grow faster than hbo at {(d > 0).sum()} points (most by {np.nanmax(d):+.3g}; "
            f"published {wo[0] - hbo[0]:+.3g})")
    out()
    for g, pre in GROUPS.items():
        cols = [i for i, lb in enumerate(lab) if lb.startswith(pre)]
        if not cols:
            continue
        k = ok[:, cols].sum(1)
        never = [lab[c] for c in cols if not ok[:, c].any()]
        out(f"group {g:16s} {len(cols):3d} rows: most met at one point {k.max()} (evaluation {k.argmax()}); "
            f"met by no point: {', '.join(never) if never else 'none'}")
