"""One self-contained HTML page (plus figure files beside it) describing a results file.

The page must be readable offline and archivable with the results: it uses only
inline CSS, no scripts, and links only to the figure files it wrote into the same
folder. Everything it shows comes from the file itself (provenance, scenarios,
policies), so the page cannot disagree with the data it describes.
"""

import datetime
import html
import re
import struct
from pathlib import Path

import numpy as np

from . import __version__, load, plots
from .targets import default_path, matching, read_targets

# The five headline series of the publication (MODEL.md section 6, trends a-e) and
# enrolment; the subgroups are tried in order and any others are the fallback.
HEADLINE = [
    ("share_n_profile_y4", ["havo", "vwo"]),
    ("share_stem_teacher_training_intake", ["vo_programmes", "university_teacher_training"]),
    ("share_stem_he_intake", ["hbo", "wo"]),
    ("share_tech_vmbo_y3", ["bb+kb+gl"]),
    ("pupils", ["po+vo"]),
]
EFFECT_EXTRA = [("n_companies_in_partnerships", "all"), ("teacher_fte_unfilled", "stem"),
                ("unemployment_rate", "all")]
SHARE_UNITS = ("pct", "ratio")
TREND_SIZE = (760, 480)   # shown two per row; larger would shrink the text on screen
PROVENANCE_KEYS = ["status", "format_version", "program_version", "git_revision", "compiler",
                   "compiler_flags", "hdf5_version", "threads", "seed", "command_line",
                   "created"]
CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;
max-width:1400px;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;
margin-top:2em}table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
pre{background:#f7f7f7;padding:.6em;overflow:auto;max-height:30em}
figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}
figcaption{font-size:.95em;color:#444;max-width:70em}.note{color:#666;font-size:.95em}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:0 1.5em}
"""


def headline_series(df):
    """(indicator, subgroup) pairs to plot as trends, and headline indicators absent."""
    have = set(zip(df["indicator"], df["subgroup"]))
    series, missing = [], []
    for ind, subs in HEADLINE:
        got = [(ind, s) for s in subs if (ind, s) in have]
        got = got or sorted(p for p in have if p[0] == ind)[:2]
        series += got
        if not got:
            missing.append(ind)
    return series, missing


def _slug(*parts):
    return "_".join(re.sub(r"[^A-Za-z0-9_-]+", "_", p).strip("_") for p in parts)


def _png_size(path):
    """(width, height) from a PNG header, so <img> can reserve space before loading."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def _e(x):
    return html.escape(str(x), quote=True)


def _policy_text(p):
    if not isinstance(p, dict):
        return _e(p)
    head = _e(p.get("type", "policy"))
    when = "–".join(str(p[k]) for k in ("start", "end") if k in p)
    extra = ", ".join(f"{k}={v}" for k, v in p.items() if k not in ("type", "start", "end"))
    return f"<code>{head}</code>" + (f" ({_e(when)})" if when else "") + \
        (f": {_e(extra)}" if extra else "")


def _scenarios_html(scen, runs_df):
    out = []
    for name, (text, parsed) in scen.items():
        r = runs_df[runs_df["scenario"] == name]
        nok, nbad = int((r["status"] == 0).sum()), int((r["status"] != 0).sum())
        pol = parsed.get("policies") if isinstance(parsed, dict) else None
        if parsed is None:
            ptxt = "<p class=note>policies: YAML could not be parsed; see the text below</p>"
        elif pol:
            ptxt = "<ul>" + "".join(f"<li>{_policy_text(p)}</li>" for p in pol) + "</ul>"
        else:
            ptxt = "<p>no policies</p>"
        out.append(f"<h3>{_e(name)}</h3><p>{nok} run(s) ok" +
                   (f", <strong>{nbad} failed or not run</strong>" if nbad else "") +
                   f"</p>{ptxt}<details><summary>resolved scenario (YAML)</summary>"
                   f"<pre>{_e(text)}</pre></details>")
    return "\n".join(out) or "<p class=note>The file stores no scenario text.</p>"


def _effects_html(eff, region="national"):
    """Last year with data of every effect series, as a table."""
    e = eff[eff["region"] == region].dropna(subset=["mean_diff"])
    if e.empty:
        return ""
    last = e.sort_values("year").groupby(["indicator", "subgroup", "scenario"]).tail(1)
    rows = "".join(
        f"<tr><td>{_e(r.indicator)}</td><td>{_e(r.subgroup)}</td><td>{_e(r.scenario)}</td>"
        f"<td>{_e(r.baseline)}</td><td class=num>{r.year}</td>"
        f"<td class=num>{r.mean_diff:+.3g}</td><td class=num>[{r.ci_low:.3g}, {r.ci_high:.3g}]"
        f"</td><td>{_e(r.units)}</td></tr>" for r in last.itertuples())
    return ("<table><tr><th>indicator</th><th>subgroup</th><th>scenario</th><th>baseline</th>"
            "<th>year</th><th>effect</th><th>95% CI</th><th>units</th></tr>" + rows +
            "</table>")


def _figure_html(fig):
    path, caption = fig
    size = _png_size(path) if path.suffix == ".png" else None
    wh = f' width="{size[0]}" height="{size[1]}"' if size else ""
    name = _e(path.name)
    return (f'<figure><a href="{name}"><img src="{name}" alt="{_e(caption)}"{wh}></a>'
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _target_figures(df, tg, tname, outdir, fmt):
    """Model against published figures: shares (scale-free) and other units apart."""
    shares = df["units"].isin(SHARE_UNITS)
    figs = []
    p = plots.plot_vs_targets(df, tg, out=outdir / "vs_targets_shares", fmt=fmt, ncols=4,
                              units=SHARE_UNITS)
    figs.append((p, f"Simulated national shares and ratios against the published figures in "
                    f"{tname} (error bars: the target's tolerance; sources named per panel)."))
    if matching(tg, df[~shares & (df["region"] == "national")]):
        other = sorted(set(df.loc[~shares, "units"]))
        p = plots.plot_vs_targets(df, tg, out=outdir / "vs_targets_counts", fmt=fmt, ncols=4,
                                  units=other)
        figs.append((p, f"Simulated national counts and amounts against {tname}. Published "
                        "figures are totals for the Netherlands: comparable only when the run "
                        "simulates the whole country at scale."))
    return figs


def _make_figures(path, outdir, fmt, targets_path, notes):
    """Write every figure; returns ([(path, caption)] of trends, the same of the rest,
    the effects table), so the page can lay the many trend plots out in a grid."""
    df = load.indicators(path)
    info = load.indicator_info(path).set_index(["indicator", "subgroup"])
    band = ("band: 95% CI of the replicate mean (mean ± t(0.975, n-1) SE, Student t with "
            "n-1 degrees of freedom, the intervals of edusim compare)")
    figs = []
    series, missing = headline_series(df)
    for ind, sub in series:
        p = plots.plot_trend(df, ind, sub, out=outdir / f"trend_{_slug(ind, sub)}", fmt=fmt,
                             size_px=TREND_SIZE)
        if p:
            d = info.loc[(ind, sub)]
            figs.append((p, f"{ind} / {sub}: {d.description} ({d.units}), national. "
                            f"Lines: mean over replicates per scenario; {band}."))
    if missing:
        notes.append("Headline indicators not in this file: " + ", ".join(missing) + ".")
    trends, figs = figs, []
    tpath = targets_path or default_path()
    if tpath:
        figs += _target_figures(df, read_targets(tpath), Path(tpath).name, outdir, fmt)
    else:
        notes.append("No targets file found; the comparison with published figures is left out.")
    p = plots.plot_cohorts(load.cohorts(path), out=outdir / "cohorts", fmt=fmt)
    figs.append((p, "Outcomes of the latest cohort with data, national, by sex and scenario: "
                    "bars are replicate means, whiskers the min–max over replicates."))
    p = plots.plot_teachers_partnerships(df, out=outdir / "teachers_partnerships", fmt=fmt)
    figs.append((p, "Teacher shortage (unfilled teaching FTE) and public-private partnerships "
                    f"(active partnerships, member companies), national; {band}."))
    eff = load.load_effects(path)
    # The headline series and the ecosystem's key ones; `edusim compare` gives any other.
    chosen = headline_series(df)[0] + EFFECT_EXTRA
    if not eff.empty:
        keep = [p in set(chosen) for p in zip(eff["indicator"], eff["subgroup"])]
        eff = eff[keep]
    p = plots.plot_effects(eff, out=outdir / "effects", fmt=fmt, select=chosen)
    if p:
        figs.append((p, "Paired effects (scenario minus baseline, same seeds) with 95% CI, for the "
                        "headline indicators; `edusim compare FILE --indicator NAME/SUBGROUP` "
                        "prints any other."))
    return trends, figs, eff


def build_report(path, outdir, fmt="png", targets_path=None):
    """Write outdir/index.html and its figures; returns the page's path.

    Raises ValueError for a foreign or incomplete file before writing anything."""
    prov = load.provenance(path)          # validates the file first
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    notes = []
    trends, figs, eff = _make_figures(path, outdir, fmt, targets_path, notes)
    runs_df = load.runs(path)
    scen = load.scenarios(path)
    prov_rows = "".join(f"<tr><th>{_e(k)}</th><td><code>{_e(prov[k])}</code></td></tr>"
                        for k in PROVENANCE_KEYS if k in prov)
    eff_html = _effects_html(eff)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = [
        f"<h1>edusim results: {_e(Path(path).name)}</h1>",
        f"<p class=note>File <code>{_e(Path(path).resolve())}</code>; report written {now} by "
        f"edusim_analysis {__version__}. {len(runs_df)} run(s), "
        f"{runs_df['scenario'].nunique()} scenario(s).</p>",
        "<h2>Provenance</h2>", f"<table>{prov_rows}</table>",
        "<h2>Scenarios and policies</h2>", _scenarios_html(scen, runs_df),
    ]
    if eff_html:
        body += ["<h2>Effects against the baseline</h2>",
                 "<p>Last year with data, national; paired over replicates with common "
                 "random numbers.</p>", eff_html]
    body.append("<h2>Headline indicators</h2>")
    body += [f"<p class=note>{_e(n)}</p>" for n in notes]
    body += ["<div class=grid>"] + [_figure_html(f) for f in trends] + ["</div>"]
    body.append("<h2>Published figures, cohorts, teachers and partnerships, effects</h2>")
    body += [_figure_html(f) for f in figs]
    page = ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            f"<title>edusim results: {_e(Path(path).name)}</title>"
            f"<style>{CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
    index = outdir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def summary_text(path):
    """A short plain-text table: first and last year per headline series and scenario."""
    prov = load.provenance(path)
    df = load.indicators(path, select=[i for i, _ in HEADLINE])
    df = df[df["region"] == "national"]
    series, missing = headline_series(df)
    lines = [f"{path}: edusim {prov.get('program_version', '?')} "
             f"({prov.get('git_revision', '?')}), created {prov.get('created', '?')}, "
             f"seed {prov.get('seed', '?')}"]
    r = load.runs(path)
    lines.append(f"runs: {len(r)} ({int((r['status'] == 0).sum())} ok), scenarios: "
                 + ", ".join(r["scenario"].drop_duplicates()))
    if df.empty:
        return "\n".join(lines + ["no headline indicators in this file"]) + "\n"
    y0, y1 = int(df["year"].min()), int(df["year"].max())
    rows = [("indicator", "subgroup", "scenario", f"{y0}", f"{y1}", "units")]
    for ind, sub in series:
        s = df[(df["indicator"] == ind) & (df["subgroup"] == sub)]
        for scen, g in s.groupby("scenario", sort=False):
            m = g.groupby("year")["value"].mean()
            rows.append((ind, sub, scen, _num(m.get(y0)), _num(m.get(y1)), g["units"].iloc[0]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        lines.append("  ".join(c.rjust(w) if 3 <= i <= 4 else c.ljust(w)
                               for i, (c, w) in enumerate(zip(row, widths))).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    if missing:
        lines.append("not in this file: " + ", ".join(missing))
    return "\n".join(lines) + "\n"


def _num(v):
    if v is None or not np.isfinite(v):
        return "n/a"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.2f}"
