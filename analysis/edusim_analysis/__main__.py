"""Command line: `python3 -m edusim_analysis SUBCOMMAND ...`.

report and summary read a results file; indicator-diff, labour-summary,
reach-changes and bass-fit are the investigations behind docs/ (each module's
docstring says what it prints). Errors about an input file are printed as one line
and exit with status 1, so a batch script can tell a bad file from a crash (a
traceback, status 1 too but long).
"""

import argparse
import sys

from . import __version__, bass_fit, indicator_diff, labour_summary, reach_changes


def _agg():
    """Never open a display, even if pyplot gets imported somewhere; only the report
    commands import matplotlib, so the investigations run without it."""
    import matplotlib
    matplotlib.use("Agg")


def _report(a):
    _agg()
    from .report import build_report
    print(build_report(a.results, a.out, fmt="svg" if a.svg else "png", targets_path=a.targets))


def _summary(a):
    _agg()
    from .report import summary_text
    sys.stdout.write(summary_text(a.results))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m edusim_analysis",
                                 description="Reports, summaries and investigations of edusim "
                                 "results files.")
    ap.add_argument("--version", action="version", version=f"edusim_analysis {__version__}")
    sub = ap.add_subparsers(dest="cmd", required=True)
    rp = sub.add_parser("report", help="write DIR/index.html with figures")
    rp.add_argument("results", help="results file (.h5) written by edusim")
    rp.add_argument("-o", "--out", required=True, metavar="DIR", help="output folder")
    rp.add_argument("--svg", action="store_true", help="SVG figures instead of PNG")
    rp.add_argument("--targets", metavar="CSV", help="published targets (default: the "
                    "repository's scenarios/data/nl_targets.csv)")
    rp.set_defaults(func=_report)
    sp = sub.add_parser("summary", help="print a short table of the headline indicators")
    sp.add_argument("results")
    sp.set_defaults(func=_summary)
    for mod in (indicator_diff, labour_summary, reach_changes, bass_fit):
        mod.add_parser(sub)
    a = ap.parse_args(argv)
    try:
        a.func(a)
    except (ValueError, OSError) as e:
        print(f"edusim_analysis: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
