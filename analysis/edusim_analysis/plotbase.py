"""Shared pieces of the figures: canvas, colours, units, replicate bands, saving.

Figures are built as matplotlib `Figure` objects without pyplot, so no global
figure registry or backend switch is involved and the module can be used from
threads, tests and servers alike. Pixel sizes are exact (no tight bounding box),
because the report lays figures out by their stated size.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

DPI = 100
XLABEL = "school year (first calendar year)"
UNIT_LABELS = {"pct": "percent (%)", "count": "count (scaled to 1:1)",
               "fte": "full-time equivalents (FTE)", "eur": "euro", "eur_mln": "million euro",
               "ratio": "ratio", "years": "years", "index": "index"}
BANDS = {"ci": "band: 95% CI of the replicate mean (mean ± 1.96 SE)",
         "minmax": "band: min–max over replicates"}
LINESTYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P"]
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf", "#7f7f7f", "#bcbd22"]


def unit_label(units):
    """Axis label for a units code; unknown codes are shown as they are."""
    return UNIT_LABELS.get(units, units or "value")


def new_figure(size_px=(1000, 600), nrows=1, ncols=1, header=False):
    """A constrained-layout figure of exactly size_px pixels and its axes (always 2-d).

    With header=True a thin axes-free row on top is returned too (third value), to
    hold one legend shared by all panels instead of a legend covering each panel."""
    w, h = size_px
    # A hair over the exact size: matplotlib truncates, and 8.2 in * 100 dpi is 819.99.
    fig = Figure(figsize=((w + 1e-3) / DPI, (h + 1e-3) / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    if not header:
        return fig, fig.subplots(nrows, ncols, squeeze=False)
    panel_h = max((h - 60) / nrows, 1)
    gs = fig.add_gridspec(nrows + 1, ncols, height_ratios=[45 / panel_h] + [1] * nrows)
    axes = np.array([[fig.add_subplot(gs[i + 1, j]) for j in range(ncols)]
                     for i in range(nrows)])
    hdr = fig.add_subplot(gs[0, :])
    hdr.set_axis_off()
    return fig, axes, hdr


def shared_legend(hdr, handles, labels=None, ncol=None):
    """Put the legend of the whole figure into the header row made by new_figure."""
    labels = labels or [h.get_label() for h in handles]
    hdr.legend(handles, labels, loc="center", ncol=ncol or min(len(handles), 4), fontsize=9,
               frameon=False)


def span_row(fig, axes, row):
    """Replace the axes of one row by a single axes spanning the row (for a placeholder)."""
    gs = axes[row, 0].get_subplotspec().get_gridspec()
    for ax in axes[row]:
        ax.remove()
    return fig.add_subplot(gs[row + (gs.nrows - axes.shape[0]), :])


def format_values(ax, units):
    """Plain numbers with thousands separators: an offset like '1e6' hides the magnitude
    that readers compare with published counts."""
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"))
    ax.set_ylabel(unit_label(units))
    if units == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        lim = ax.dataLim
        if lim.y0 == 0 and lim.y1 == 0:   # all zero: show 0 at the bottom, not mid-axis
            ax.set_ylim(0, 1)


def save(fig, out, fmt="png"):
    """Write the figure as PNG or SVG; the suffix of `out` is set to match fmt."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported figure format {fmt!r} (png or svg)")
    out = Path(out).with_suffix("." + fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format=fmt, dpi=DPI, metadata={"Software": "edusim_analysis"}
                if fmt == "png" else None)
    return out


def scenario_colors(names):
    """Stable colours: the same scenario gets the same colour in every figure."""
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}


def scenario_style(name, colors):
    """Colour, line style and marker of a scenario: styles differ too, so that
    scenarios with identical series remain distinguishable where lines overlap."""
    i = list(colors).index(name) if name in colors else 0
    return {"color": colors.get(name, "black"), "ls": LINESTYLES[i % len(LINESTYLES)],
            "marker": MARKERS[i % len(MARKERS)]}


def scenario_order(df):
    """Scenarios in order of first appearance (run order), not alphabetically, so the
    baseline that is usually run first keeps the first colour."""
    if "run" in df and len(df):
        return list(df.sort_values("run", kind="stable")["scenario"].drop_duplicates())
    return list(pd.unique(df["scenario"])) if "scenario" in df else []


def series_stats(df, indicator, subgroup, region="national", band="ci"):
    """Per scenario and year: mean over replicates, band limits and replicate count.

    NaN values (undefined shares) are left out of the statistics rather than
    propagated, so one empty replicate does not blank a point; a year with no value
    in any replicate stays NaN (n = 0), so lines show a gap instead of bridging it."""
    if band not in BANDS:
        raise ValueError(f"band must be one of {', '.join(BANDS)}")
    sel = df[(df["indicator"] == indicator) & (df["subgroup"] == subgroup)
             & (df["region"] == region)]
    if sel["value"].isna().all():
        return pd.DataFrame(columns=["scenario", "year", "mean", "lo", "hi", "n"])
    g = sel.groupby(["scenario", "year"])["value"]
    st = g.agg(["mean", "std", "min", "max", "count"]).reset_index()
    if band == "ci":
        # Student t with n - 1 degrees of freedom, as `edusim compare` (effects.h): with
        # a handful of replicates 1.96 would draw the band far too narrow.
        from scipy.stats import t
        tq = np.where(st["count"] > 1, t.ppf(0.975, np.maximum(st["count"] - 1, 1)), np.nan)
        half = tq * st["std"].fillna(0.0) / np.sqrt(st["count"])
        st["lo"], st["hi"] = st["mean"] - half, st["mean"] + half
    else:
        st["lo"], st["hi"] = st["min"], st["max"]
    return st.rename(columns={"count": "n"})[["scenario", "year", "mean", "lo", "hi", "n"]]


def draw_series(ax, stats, colors, band="ci", label_suffix=""):
    """Lines of the replicate means with shaded bands; returns True if anything was drawn."""
    drawn = False
    for scen, s in stats.groupby("scenario", sort=False):
        s = s.sort_values("year")
        n = int(s["n"].max())
        st = scenario_style(scen, colors)
        ax.plot(s["year"], s["mean"], lw=2, ms=4, **st,
                label=f"{scen}{label_suffix} (mean of {n} run{'s' if n != 1 else ''})")
        if n > 1:
            ax.fill_between(s["year"], s["lo"], s["hi"], color=st["color"], alpha=0.2, lw=0)
        drawn = True
    return drawn


def scenario_handles(runs_per_scenario, colors, band="ci"):
    """Legend entries for scenarios drawn by draw_series (plus the band, if any has
    replicates), for a legend shared by several panels."""
    hs = []
    for scen, n in runs_per_scenario.items():
        st = scenario_style(scen, colors)
        hs.append(Line2D([], [], lw=2, ms=4, **st,
                         label=f"{scen} (mean of {n} run{'s' if n != 1 else ''})"))
    if runs_per_scenario and max(runs_per_scenario.values()) > 1:
        hs.append(band_handle(band))
    return hs


def band_handle(band):
    """A grey legend entry that says what the shaded band is."""
    return Patch(facecolor="grey", alpha=0.3, label=BANDS[band])


def integer_years(ax, nbins="auto"):
    """School years are integers; avoid ticks like 2010.5 (and crowding in small panels)."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=nbins))


def placeholder(ax, text):
    """Fill an axes with a message instead of data, so an absent series is visible as such."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True, fontsize=12,
            transform=ax.transAxes,
            bbox={"boxstyle": "round", "facecolor": "#f4f4f4", "edgecolor": "#999999"})


def series_name(indicator, subgroup, wrap=False):
    """Name used in titles: 'share_n_profile_y4 · havo'; wrap=True puts the subgroup on
    a second line, for narrow panels where long names would be clipped."""
    return f"{indicator}\n{subgroup}" if wrap else f"{indicator} · {subgroup}"
