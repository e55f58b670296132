#!/usr/bin/env python3
"""The reference scenario documents exactly the keys the program reads, and the
parameter table of docs/parameters.md is generated from it and current (run by ctest
as `reference`)."""
import re
import subprocess
import sys
from pathlib import Path

import yaml

root = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent
edusim = sys.argv[1]


def flatten(node, prefix=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from flatten(v, f"{prefix}{k}.")
    elif isinstance(node, list) and node and isinstance(node[0], dict):
        for item in node:
            label = item.get("type", "") if prefix == "policies." else ""
            yield from flatten(item, prefix[:-1] + f"[{label}].")
    else:
        yield prefix[:-1]


out = subprocess.run([edusim, "validate", "--resolved", str(root / "scenarios/reference.yaml")],
                     check=True, capture_output=True, text=True).stdout
read = list(dict.fromkeys(flatten(yaml.safe_load(out))))
documented = subprocess.run([sys.executable, str(root / "scripts/param_table.py"), "--keys"],
                            check=True, capture_output=True, text=True).stdout.split()
missing = [k for k in read if k not in documented]
extra = [k for k in documented if k not in read]
ok = True
if missing:
    print("keys read by the program but not documented in reference.yaml:", missing)
    ok = False
if extra:
    print("keys documented in reference.yaml but not read by the program:", extra)
    ok = False
check = subprocess.run([sys.executable, str(root / "scripts/param_table.py"), "--check"])
ok = ok and check.returncode == 0
print(f"{len(read)} keys read, {len(documented)} documented")
print(f"{int(ok)} passed, {int(not ok)} failed")
sys.exit(0 if ok else 1)
