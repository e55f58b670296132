#!/usr/bin/python3
"""test_modules.py ROOT - the model layer's modules form no include circle and never
include the writer, sweep or program headers.

A module is a header include/edusim/NAME.h with the sources sim/NAME.c, sim/NAME_*.c
and sim/NAME_*.h. Module A depends on module B when a file of A includes B's header
(or B's internal header). The model modules must form a directed acyclic graph."""
import os
import re
import sys

MODEL = ["common", "rng", "stats", "cfg", "desc", "par", "pop", "economy", "pps", "params", "policy", "world",
         "indicators", "education", "teachers", "labour", "demography", "partnerships", "sim"]
OUTER = ["output", "results", "sweep", "sweep_mpi", "calibrate", "effects", "scenario", "main"]


def module_of(name, modules):
    stem = os.path.splitext(os.path.basename(name))[0]
    best = None
    for m in modules:
        if stem == m or stem.startswith(m + "_"):
            if best is None or len(m) > len(best):
                best = m
    return best


def main(root):
    inc = os.path.join(root, "include", "edusim")
    src = os.path.join(root, "sim")
    headers = sorted(os.path.splitext(f)[0] for f in os.listdir(inc) if f.endswith(".h"))
    modules = sorted(set(headers) | {"main", "results"})
    files = [os.path.join(inc, f) for f in os.listdir(inc) if f.endswith(".h")]
    files += [os.path.join(src, f) for f in os.listdir(src) if f.endswith((".c", ".h"))]
    edges, bad = {}, []
    rx = re.compile(r'^\s*#\s*include\s+"(?:edusim/)?([A-Za-z0-9_]+)\.h"', re.M)
    for path in sorted(files):
        mod = module_of(path, modules)
        if mod is None:
            # Outside the model (e.g. calib_out.c, targets.c): its own module.
            mod = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for target in rx.findall(text):
            tm = module_of(target, modules)
            if tm is None or tm == mod:
                continue
            edges.setdefault(mod, set()).add(tm)
            if mod in MODEL and tm in OUTER:
                bad.append(f"{os.path.relpath(path, root)}: model module '{mod}' includes '{target}.h' ({tm})")
    # Depth-first search for a cycle among the model modules.
    state, stack, cycle = {}, [], []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for t in sorted(edges.get(m, ())):
            if t not in MODEL:
                continue
            if state.get(t) == 1:
                cycle.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in MODEL:
        if m not in state:
            visit(m)
    for c in cycle:
        bad.append("include circle: " + " -> ".join(c))
    missing = [m for m in MODEL if m not in headers]
    for m in missing:
        bad.append(f"model module '{m}' has no header include/edusim/{m}.h")
    order, seen = [], set()

    def topo(m):
        if m in seen:
            return
        seen.add(m)
        for t in sorted(edges.get(m, ())):
            if t in MODEL:
                topo(t)
        order.append(m)

    for m in MODEL:
        topo(m)
    print("model modules, each after what it uses:", " ".join(order))
    for b in bad:
        print("FAIL:", b)
    print(f"{len(MODEL)} model modules, {sum(len(v) for v in edges.values())} dependencies: "
          f"{'ok' if not bad else str(len(bad)) + ' problems'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
