#!/usr/bin/env python3
"""Generate the parameter table of docs/parameters.md from scenarios/reference.yaml.

The reference scenario is the one place where parameters are documented; the table
is derived from it so the two never disagree. `--check` exits 1 when the table is
out of date (run by ctest as `reference`); without it docs/parameters.md is rewritten.
Only the standard library is used, so any python3 runs it.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = "docs/parameters.md"
BEGIN, END = "<!-- params:begin -->", "<!-- params:end -->"


def parse(path):
    """Yield (dotted key, value, meaning, unit, range, source) in file order."""
    rows, doc, stack = [], [], []  # stack of (indent, key)
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip():
            doc = []
            continue
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if stripped.startswith("#"):
            doc.append(stripped[1:].strip())
            continue
        seq = stripped.startswith("- ")
        if seq:
            stripped = stripped[2:]
            indent += 2
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$", stripped)
        if not m:
            doc = []
            continue
        key, value = m.group(1), m.group(2)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if seq and stack:
            base = re.sub(r"\[.*\]$", "", stack[-1][1])
            # Policies are named by their type: policies[cofinancing].share
            label = value.strip() if (base == "policies" and key == "type") else ""
            stack[-1] = (stack[-1][0], f"{base}[{label}]")
        path_key = ".".join([k for _, k in stack] + [key])
        if value == "":
            stack.append((indent, key))
        else:
            meta = {"unit": "", "range": "", "source": ""}
            meaning = []
            for d in doc:
                if d.startswith("unit:"):
                    for part in d.split("|"):
                        k, _, v = part.partition(":")
                        if k.strip() in meta:
                            meta[k.strip()] = v.strip()
                else:
                    meaning.append(d)
            rows.append((path_key, value, " ".join(meaning), meta["unit"], meta["range"], meta["source"]))
        doc = []
    # Keys common to every policy are documented once, on the first policy.
    docs = {}
    for i, (key, value, meaning, unit, rng, source) in enumerate(rows):
        m = re.match(r"policies\[[^]]*\]\.(\w+)$", key)
        if not m:
            continue
        if meaning:
            docs.setdefault(m.group(1), (meaning, unit, rng, source))
        elif m.group(1) in docs:
            rows[i] = (key, value) + docs[m.group(1)]
    return rows


def table(rows):
    out = ["| key | default | unit | valid range | meaning | source |", "|---|---|---|---|---|---|"]
    for key, value, meaning, unit, rng, source in rows:
        cells = [f"`{key}`", f"`{value}`", unit, rng, meaning, source]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)


def main(argv):
    rows = parse(ROOT / "scenarios" / "reference.yaml")
    missing = [r[0] for r in rows if not (r[2] and r[3] and r[4] and r[5])]
    if missing:
        print("param_table: keys without meaning/unit/range/source: " + ", ".join(missing), file=sys.stderr)
        return 1
    if "--keys" in argv:
        print("\n".join(r[0] for r in rows))
        return 0
    doc = ROOT / DOC
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"param_table: {DOC} lacks the markers {BEGIN} ... {END}", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = head + BEGIN + "\n" + table(rows) + "\n" + END + tail
    if "--check" in argv:
        if new != text:
            print(f"param_table: the parameter table of {DOC} is out of date: run scripts/param_table.py",
                  file=sys.stderr)
            return 1
        print(f"param_table: {DOC} matches reference.yaml ({len(rows)} keys)")
        return 0
    doc.write_text(new, encoding="utf-8")
    print(f"param_table: wrote {len(rows)} keys to {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
