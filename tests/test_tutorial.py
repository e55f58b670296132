#!/usr/bin/env python3
"""The README's tutorial runs as written (ctest `tutorial`).

Every fenced block that opens with ```sh tutorial in README.md runs, in order, in one
bash session (so `export` and `cd` carry over, as in a reader's shell), from a fresh
folder laid out like the repository root: build/release/edusim is the program under
test, scenarios/ and analysis/ are the checkout's, and out/ is the folder's own. The
test fails when a block fails (it names the block's README line), when the session
stops before the last block, or when a file the tutorial names under out/ is not
there afterwards. Usage: test_tutorial.py EDUSIM SOURCE_DIR TMPDIR
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

OPEN = re.compile(r"```sh tutorial\s*")
DONE = "tutorial: every block ran"


def blocks(readme):
    """[(README line of the block's first command, text)] of every tutorial block."""
    found, cur, start = [], None, 0
    for n, line in enumerate(readme.read_text(encoding="utf-8").splitlines(), 1):
        if cur is None:
            if OPEN.fullmatch(line):
                cur, start = [], n + 1
        elif line.startswith("```"):
            found.append((start, "\n".join(cur)))
            cur = None
        else:
            cur.append(line)
    if cur is not None:
        sys.exit(f"{readme}:{start - 1}: tutorial block is not closed")
    return found


def main(edusim, src, tmp):
    src, tmp = Path(src).resolve(), Path(tmp)
    readme = src / "README.md"
    found = blocks(readme)
    if not found:
        print(f"{readme}: no ```sh tutorial blocks")
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "build/release").mkdir(parents=True)
    (tmp / "build/release/edusim").symlink_to(Path(edusim).resolve())
    for d in ("scenarios", "analysis"):
        (tmp / d).symlink_to(src / d)
    script = ["set -euo pipefail"]
    for line, text in found:
        script += [f"printf '\\n== README.md:{line}\\n'", text]
    script.append(f"echo '{DONE}'")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg",
               MPLCONFIGDIR=str(tmp / "mplconfig"))
    env.pop("PYTHONPATH", None)  # the tutorial must say where the package is
    r = subprocess.run(["bash", "-c", "\n".join(script)], cwd=tmp, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout)
    ran = re.findall(r"^== README.md:(\d+)$", r.stdout, re.M)
    if r.returncode != 0 or DONE not in r.stdout:
        where = f"README.md:{ran[-1]}" if ran else "before the first block"
        print(f"tutorial failed (exit {r.returncode}) in the block at {where}")
        return 1
    named = sorted(set(re.findall(r"\bout/[\w./-]*\w", "\n".join(t for _, t in found))))
    missing = [p for p in named if not (tmp / p).exists()]
    if missing:
        print("tutorial names files it did not write: " + ", ".join(missing))
        return 1
    print(f"{len(ran)} of {len(found)} tutorial blocks ran; {len(named)} files they name exist")
    return 0 if len(ran) == len(found) else 1


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
