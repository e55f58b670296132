#!/usr/bin/python3
"""indicator_diff.py OLD.h5 NEW.h5: kept so that the commands in notes still work.

The comparison is `python3 -m edusim_analysis indicator-diff OLD.h5 NEW.h5`
(analysis/edusim_analysis/indicator_diff.py; docs/testing.md)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "analysis"))
from edusim_analysis.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["indicator-diff", *sys.argv[1:]]))
