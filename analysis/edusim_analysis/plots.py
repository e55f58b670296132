"""The figures of an edusim report, each written to one PNG (or SVG) file.

Every function takes the tidy tables of `load` and writes one file, returning its
path, or None where the data the figure needs is absent (trend, effects), or a
placeholder figure where the absence is itself worth showing (cohorts, teachers
and partnerships, targets). Bands always summarise replicates of one scenario;
the legend says which summary is used.
"""

import textwrap

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import plotbase as pb
from .targets import matching

TEACHER_SERIES = [("teacher_fte_unfilled", "stem"), ("teacher_fte_unfilled", "total")]
PARTNERSHIP_SERIES = [("n_partnerships", "all"), ("n_companies_in_partnerships", "all")]
ID_COLUMNS = {"run", "cohort", "sex", "region", "persons", "years_to_degree", "replicate"}


def _units(df, indicator, subgroup):
    u = df.loc[(df["indicator"] == indicator) & (df["subgroup"] == subgroup), "units"]
    return u.iloc[0] if len(u) else ""


def _scen_title(names):
    return "scenarios: " + ", ".join(names) if names else "no scenarios"


def plot_trend(df, indicator, subgroup, region="national", out="trend.png", fmt="png",
               band="ci", size_px=(1000, 600)):
    """One line per scenario (replicate mean) with a band over its replicates.

    Returns the written path, or None if the file has no data for this series."""
    stats = pb.series_stats(df, indicator, subgroup, region, band)
    if stats.empty:
        return None
    scen = pb.scenario_order(df[df["scenario"].isin(stats["scenario"])])
    colors = pb.scenario_colors(pb.scenario_order(df))
    fig, axes, hdr = pb.new_figure(size_px, header=True)
    ax = axes[0, 0]
    pb.draw_series(ax, stats, colors, band)
    n = {s: int(stats.loc[stats["scenario"] == s, "n"].max()) for s in scen}
    pb.shared_legend(hdr, pb.scenario_handles(n, colors, band), ncol=2)
    name = pb.series_name(indicator, subgroup)
    if len(name) + len(region) > size_px[0] / 11:   # would be clipped at 12 pt
        name = pb.series_name(indicator, subgroup, wrap=True)
    fig.suptitle(f"{name} — {region}\n{_scen_title(scen)}", fontsize=12)
    ax.set_xlabel(pb.XLABEL)
    ax.set_xlim(df["year"].min() - 0.5, df["year"].max() + 0.5)
    pb.format_values(ax, _units(df, indicator, subgroup))
    ax.grid(alpha=0.3)
    pb.integer_years(ax)
    return pb.save(fig, out, fmt)


def _runs_per_scenario(df, scenarios):
    """Replicates per scenario, for legends that are drawn apart from the lines."""
    n = df.groupby("scenario")["run"].nunique() if len(df) else {}
    return {s: int(n.get(s, 0)) for s in scenarios}


def _diff_label(units):
    return "difference (percentage points)" if units == "pct" else \
        f"difference ({pb.unit_label(units)})"


def plot_effects(effects_df, out="effects.png", region="national", select=None, fmt="png",
                 size_px=None, ncols=2):
    """Paired effect of each scenario against its baseline, with 95% CI error bars.

    `select` limits the panels to (indicator, subgroup) pairs. Returns None when the
    file holds no effects (older files, or single-scenario runs)."""
    if effects_df is None or effects_df.empty:
        return None
    e = effects_df[effects_df["region"] == region].dropna(subset=["mean_diff"])
    pairs = list(dict.fromkeys(zip(e["indicator"], e["subgroup"])))
    if select is not None:
        pairs = [p for p in pairs if p in set(map(tuple, select))]
    if not pairs:
        return None
    ncols = min(ncols, len(pairs))
    nrows = -(-len(pairs) // ncols)
    fig, axes = pb.new_figure(size_px or (550 * ncols, 380 * nrows + 60), nrows, ncols)
    scen = list(dict.fromkeys(e["scenario"]))
    colors = pb.scenario_colors(["(baseline)"] + scen)
    width = 0.6 / max(len(scen), 1)
    for k, ax in enumerate(axes.flat):
        if k >= len(pairs):
            ax.set_axis_off()
            continue
        ind, sub = pairs[k]
        p = e[(e["indicator"] == ind) & (e["subgroup"] == sub)]
        for j, s in enumerate(scen):
            q = p[p["scenario"] == s].sort_values("year")
            x = q["year"] + (j - (len(scen) - 1) / 2) * width
            yerr = np.vstack([q["mean_diff"] - q["ci_low"], q["ci_high"] - q["mean_diff"]])
            ax.errorbar(x, q["mean_diff"], yerr=yerr, fmt="o", ms=4, capsize=3,
                        color=colors[s], label=f"{s} − {q['baseline'].iloc[0] if len(q) else '?'}")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_title(pb.series_name(ind, sub), fontsize=11)
        ax.set_xlabel(pb.XLABEL)
        ax.set_ylabel(_diff_label(p["units"].iloc[0]))
        ax.grid(alpha=0.3)
        pb.integer_years(ax)
        if k == 0:
            ax.legend(title="error bars: 95% CI", fontsize=8, title_fontsize=8, loc="best")
    fig.suptitle(f"Paired effects against the baseline — {region}; {_scen_title(scen)}")
    return pb.save(fig, out, fmt)


def _draw_targets(ax, rows):
    """Published points with tolerance error bars, one marker per source."""
    markers = "sD^vP*X"
    for i, (src, r) in enumerate(rows.groupby("source", sort=False)):
        ax.errorbar(r["year"], r["value"], yerr=r["tol"], fmt=markers[i % len(markers)],
                    color="black", mfc="white", ms=6, capsize=3, lw=1,
                    label=textwrap.shorten(f"published: {src}", 60, placeholder="…"))


def plot_vs_targets(df, targets, out="vs_targets.png", region="national", band="ci",
                    fmt="png", size_px=None, ncols=3, units=None):
    """Small multiples: each target series the file has, simulated (band over replicates)
    against the published points (error bars = the target's tolerance).

    `units` (e.g. ("pct", "ratio")) limits the panels to indicators in those units:
    targets are national figures, so a run of one scaled region is comparable for
    shares but not for counts, and the report shows the two groups apart."""
    sel = df[df["region"] == region]
    if units is not None:
        sel = sel[sel["units"].isin(list(units))]
    pairs = matching(targets, sel)
    scen_all = pb.scenario_order(df)
    colors = pb.scenario_colors(scen_all)
    if not pairs:
        fig, axes = pb.new_figure(size_px or (1000, 400))
        pb.placeholder(axes[0, 0], "No indicator in this file has a published target\n"
                                   "(matching indicator and subgroup in nl_targets.csv).")
        return pb.save(fig, out, fmt)
    ncols = min(ncols, len(pairs))
    nrows = -(-len(pairs) // ncols)
    fig, axes, hdr = pb.new_figure(size_px or (460 * ncols, 390 * nrows + 110), nrows, ncols,
                                   header=True)
    for k, ax in enumerate(axes.flat):
        if k >= len(pairs):
            ax.set_axis_off()
            continue
        ind, sub = pairs[k]
        pb.draw_series(ax, pb.series_stats(df, ind, sub, region, band), colors, band)
        _draw_targets(ax, targets[(targets["indicator"] == ind) & (targets["subgroup"] == sub)])
        units = _units(df, ind, sub)
        note = "" if units in ("pct", "ratio") else " (published: NL total)"
        ax.set_title(f"{pb.series_name(ind, sub, wrap=True)}{note}", fontsize=10)
        pb.format_values(ax, units)
        ax.yaxis.label.set_fontsize(9)
        ax.grid(alpha=0.3)
        pb.integer_years(ax, nbins=6)
        hl = [(h, l) for h, l in zip(*ax.get_legend_handles_labels()) if l.startswith("published")]
        ax.legend(*zip(*hl), fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.09),
                  frameon=False, borderaxespad=0)
    fig.supxlabel(pb.XLABEL, fontsize=10)
    handles = pb.scenario_handles(_runs_per_scenario(df, scen_all), colors, band)
    handles.append(Line2D([], [], color="black", marker="s", mfc="white", ls="none",
                             label="published value, error bar = tolerance"))
    pb.shared_legend(hdr, handles, ncol=min(len(handles), 3))
    fig.suptitle(f"Model against published figures — {region}; {_scen_title(scen_all)}")
    return pb.save(fig, out, fmt)


def _outcome_columns(cohorts_df):
    units = cohorts_df.attrs.get("units", {})
    cols = [c for c in cohorts_df.columns
            if c not in ID_COLUMNS and cohorts_df[c].dtype.kind == "f"]
    if units:
        cols = [c for c in cols if units.get(c, "pct") == "pct"]
    return cols


def _latest_cohort(c, outcomes):
    ok = c[outcomes].notna().any(axis=1)
    if "persons" in c:
        ok &= c["persons"] > 0
    return int(c.loc[ok, "cohort"].max()) if ok.any() else None


def plot_cohorts(cohorts_df, out="cohorts.png", region="national", fmt="png",
                 size_px=(1200, 560)):
    """Grouped bars of cohort outcomes (latest cohort with data) by scenario, one panel
    per sex; bars are replicate means, whiskers the min–max over replicates."""
    outcomes = _outcome_columns(cohorts_df) if not cohorts_df.empty else []
    c = cohorts_df
    if outcomes and "region_name" in c:
        c = c[c["region_name"] == region]
    cohort = _latest_cohort(c, outcomes) if outcomes and len(c) else None
    if cohort is None:
        fig, axes = pb.new_figure(size_px)
        pb.placeholder(axes[0, 0], "This file has no cohort outcomes yet\n"
                                   "(no cohort has reached the age at which outcomes are "
                                   "measured).")
        return pb.save(fig, out, fmt)
    c = c[c["cohort"] == cohort]
    sexes = [s for s in ("female", "male") if s in set(c["sex_label"])] or ["both"]
    scen = pb.scenario_order(cohorts_df)
    colors = pb.scenario_colors(scen)
    fig, axes, hdr = pb.new_figure(size_px, 1, len(sexes), header=True)
    x = np.arange(len(outcomes))
    width = 0.8 / max(len(scen), 1)
    top = 0.0
    for ax, sex in zip(axes.flat, sexes):
        for j, s in enumerate(scen):
            q = c[(c["sex_label"] == sex) & (c["scenario"] == s)][outcomes]
            if q.empty:
                continue
            mean, lo, hi = q.mean(), q.min(), q.max()
            ax.bar(x + (j - (len(scen) - 1) / 2) * width, mean, width, color=colors[s],
                   yerr=np.vstack([mean - lo, hi - mean]), capsize=2, ecolor="#333333")
            top = max(top, float(np.nanmax(hi.to_numpy())))
        ax.set_xticks(x, [o.replace("_", " ") for o in outcomes], rotation=25, ha="right")
        ax.set_title(sex)
        ax.set_ylabel("percent of cohort members (%)")
        ax.grid(axis="y", alpha=0.3)
    for ax in axes.flat:
        ax.set_ylim(0, top * 1.15 + 1)
    nruns = _runs_per_scenario(cohorts_df, scen)
    handles = [Patch(facecolor=colors[s], label=f"{s} (mean of {n} run{'s' if n != 1 else ''})")
               for s, n in nruns.items()]
    if max(nruns.values(), default=0) > 1:
        handles.append(Line2D([], [], color="#333333", marker="|", ms=10, ls="none",
                              label="whiskers: min–max over replicates"))
    pb.shared_legend(hdr, handles)
    fig.suptitle(f"Outcomes of the cohort entering secondary school in {cohort} — {region}; "
                 f"{_scen_title(scen)}")
    return pb.save(fig, out, fmt)


def _pick_series(df, preferred, prefixes):
    """The preferred (indicator, subgroup) pairs that exist, else any with the prefixes."""
    have = list(dict.fromkeys(zip(df["indicator"], df["subgroup"])))
    got = [p for p in preferred if p in have]
    if not got:
        got = sorted(p for p in have if p[0].startswith(prefixes))[:2]
    return got


def plot_teachers_partnerships(df, out="teachers_partnerships.png", region="national",
                               band="ci", fmt="png", size_px=(1200, 820)):
    """Teacher shortage and partnership growth over time, one panel per series; a
    placeholder row (or figure) says which of the two groups the file lacks."""
    teach = _pick_series(df, TEACHER_SERIES, ("teacher_",))
    part = _pick_series(df, PARTNERSHIP_SERIES, ("n_partnerships", "n_companies_in_partnerships"))
    if not teach and not part:
        fig, axes = pb.new_figure(size_px)
        pb.placeholder(axes[0, 0], "The teacher indicators (teacher_*) and partnership "
                                   "indicators\n(n_partnerships, n_companies_in_partnerships) "
                                   "are not in this file.")
        return pb.save(fig, out, fmt)
    groups = [("teacher shortage", teach), ("partnerships", part)]
    ncols = max(len(g) for _, g in groups)
    fig, axes, hdr = pb.new_figure(size_px, 2, ncols, header=True)
    scen = pb.scenario_order(df)
    colors = pb.scenario_colors(scen)
    for row, (label, series) in enumerate(groups):
        if not series:
            pb.placeholder(pb.span_row(fig, axes, row), f"No {label} indicators in this file.")
            continue
        for col in range(ncols):
            ax = axes[row, col]
            if col >= len(series):
                ax.set_axis_off()
                continue
            ind, sub = series[col]
            if not pb.draw_series(ax, pb.series_stats(df, ind, sub, region, band), colors, band):
                pb.placeholder(ax, f"{pb.series_name(ind, sub)}: no data for {region}.")
                continue
            ax.set_title(f"{label}: {pb.series_name(ind, sub)}", fontsize=11)
            pb.format_values(ax, _units(df, ind, sub))
            ax.set_xlabel(pb.XLABEL)
            ax.grid(alpha=0.3)
            pb.integer_years(ax)
    pb.shared_legend(hdr, pb.scenario_handles(_runs_per_scenario(df, scen), colors, band))
    fig.suptitle(f"Teachers and public-private partnerships — {region}; {_scen_title(scen)}")
    return pb.save(fig, out, fmt)
