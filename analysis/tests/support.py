"""Helpers shared by the analysis tests: paths, PNG checks, and running the CLI.

The CLI is run as a subprocess with Debian's interpreter, because that is how users
and ctest run it; PYTHONPATH is set so the package is found from any directory.
"""

import os
import struct
import subprocess
import sys
from pathlib import Path

ANALYSIS_DIR = Path(__file__).resolve().parents[1]
PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable

if str(ANALYSIS_DIR) not in sys.path:
    sys.path.insert(0, str(ANALYSIS_DIR))


def png_size(path):
    """(width, height) from the PNG header; None if the file is not a PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def cli(*args, timeout=300):
    """Run `python3 -m edusim_analysis ARGS`; returns the CompletedProcess."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ANALYSIS_DIR)] +
                                        [p for p in [env.get("PYTHONPATH")] if p])
    env["MPLBACKEND"] = "Agg"
    return subprocess.run([PYTHON, "-m", "edusim_analysis", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=timeout)
