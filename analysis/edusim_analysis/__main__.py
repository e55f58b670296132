"""Command line: `python3 -m edusim_analysis report|summary RESULTS.h5`.

Errors about the input file are printed as one line and exit with status 1, so a
batch script can tell a bad file from a crash (a traceback, status 1 too but long).
"""

import argparse
import sys

import matplotlib

matplotlib.use("Agg")  # never open a display, even if pyplot gets imported somewhere

from . import __version__  # noqa: E402
from .report import build_report, summary_text  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m edusim_analysis",
                                 description="Reports and summaries of edusim results files.")
    ap.add_argument("--version", action="version", version=f"edusim_analysis {__version__}")
    sub = ap.add_subparsers(dest="cmd", required=True)
    rp = sub.add_parser("report", help="write DIR/index.html with figures")
    rp.add_argument("results", help="results file (.h5) written by edusim")
    rp.add_argument("-o", "--out", required=True, metavar="DIR", help="output folder")
    rp.add_argument("--svg", action="store_true", help="SVG figures instead of PNG")
    rp.add_argument("--targets", metavar="CSV", help="published targets (default: the "
                    "repository's scenarios/data/nl_targets.csv)")
    sp = sub.add_parser("summary", help="print a short table of the headline indicators")
    sp.add_argument("results")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "report":
            index = build_report(a.results, a.out, fmt="svg" if a.svg else "png",
                                 targets_path=a.targets)
            print(index)
        else:
            sys.stdout.write(summary_text(a.results))
    except (ValueError, OSError) as e:
        print(f"edusim_analysis: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
