"""Run edusim from Python: `run(scenario, ...)` and `sweep(spec, ...)` return Results.

    import edusim_analysis as es
    r = es.run({"name": "small", "regions": [{"name": "r", "population": 20000}]},
               set={"years.end": 2015}, seed=3, threads=2)
    r.indicators.query("indicator == 'pupils' and region == 'national'")

A scenario or sweep is a path or a dict (written to a temporary YAML file; a sweep's
relative `file:` entries are taken relative to the current directory). The program is
the one given as `program=`, else $EDUSIM, else the build tree next to this package
(build/*/edusim), else `edusim` on PATH. Its progress goes to sys.stderr: the bar when
that is a terminal, otherwise a line every 10 % (a notebook, a batch log). A failure is
an EdusimError carrying the program's messages (file:line:col for a bad scenario).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from pathlib import Path

from .results import Results


class EdusimError(RuntimeError):
    """The program failed: str(e) is its messages; also .returncode, .command, .stderr."""

    def __init__(self, message, returncode=None, command=None, stderr=""):
        super().__init__(message)
        self.returncode = returncode
        self.command = command
        self.stderr = stderr


def find_program(program=None):
    """The edusim binary to run (see the module's description for the order)."""
    if program:
        p = Path(program)
        if not (p.is_file() and os.access(p, os.X_OK)):
            raise EdusimError(f"program={program!r} is not an executable file")
        return str(p)
    env = os.environ.get("EDUSIM")
    if env:
        if not (Path(env).is_file() and os.access(env, os.X_OK)):
            raise EdusimError(f"$EDUSIM={env!r} is not an executable file")
        return env
    root = Path(__file__).resolve().parents[2]
    for preset in ("release", "debug", "relwithdebinfo"):
        p = root / "build" / preset / "edusim"
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
    found = shutil.which("edusim")
    if found:
        return found
    raise EdusimError("edusim not found: pass program=PATH, set $EDUSIM, build it "
                      f"(cmake --preset release && cmake --build --preset release in {root}) "
                      "or install it on PATH")


# ---- YAML for dicts -------------------------------------------------------------

def _scalar(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    s = str(v)
    # Quoted unless plainly safe, so strings like "1e3", "no" or "a: b" stay strings.
    safe = s and all(c.isalnum() or c in "_-./+@" for c in s) and not s[0].isdigit() \
        and s.lower() not in ("true", "false", "yes", "no", "on", "off", "null", "y", "n")
    return s if safe else '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _emit(v, indent=0):
    """A small block-style YAML writer for dicts, lists and scalars (used where
    python3-yaml is not installed)."""
    pad = "  " * indent
    if isinstance(v, dict):
        if not v:
            return pad + "{}\n"
        out = ""
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out += f"{pad}{_scalar(k)}:\n" + _emit(x, indent + 1)
            else:
                out += f"{pad}{_scalar(k)}: {_emit_inline(x)}\n"
        return out
    if isinstance(v, list):
        if not v:
            return pad + "[]\n"
        out = ""
        for x in v:
            if isinstance(x, (dict, list)) and x:
                body = _emit(x, indent + 1).lstrip(" ")
                out += f"{pad}- {body}"
            else:
                out += f"{pad}- {_emit_inline(x)}\n"
        return out
    return pad + _scalar(v) + "\n"


def _emit_inline(x):
    if isinstance(x, dict):
        return "{}"
    if isinstance(x, list):
        return "[]"
    return _scalar(x)


def to_yaml(d):
    """YAML text of a dict: python3-yaml's safe_dump where installed, else _emit."""
    try:
        import yaml
    except ImportError:
        return _emit(d)
    return yaml.safe_dump(d, sort_keys=False, default_flow_style=False)


def _write_spec(spec, folder, stem, is_sweep):
    """The path of a scenario or sweep given as a path or a dict (written into folder)."""
    if spec is None:
        return None
    if isinstance(spec, (str, os.PathLike)):
        return str(spec)
    if not isinstance(spec, dict):
        raise TypeError(f"a scenario or sweep is a path or a dict, not {type(spec).__name__}")
    spec = dict(spec)
    if is_sweep and isinstance(spec.get("scenarios"), list):
        # The sweep file moves to a temporary folder: its scenario files stay where
        # they are, relative to the current directory.
        spec["scenarios"] = [dict(s, file=str(Path(s["file"]).resolve()))
                             if isinstance(s, dict) and "file" in s else s
                             for s in spec["scenarios"]]
    path = Path(folder) / f"{stem}.yaml"
    path.write_text(to_yaml(spec))
    return str(path)


def _set_args(overrides):
    if not overrides:
        return []
    items = overrides.items() if isinstance(overrides, dict) else \
        (s.split("=", 1) for s in overrides)
    args = []
    for k, v in items:
        if isinstance(v, bool):
            v = "true" if v else "false"
        args += ["--set", f"{k}={v}"]
    return args


def _relay(stream, sink, keep):
    """Copy the program's stderr to sink as it comes (progress included), keeping it."""
    while True:
        chunk = os.read(stream.fileno(), 4096)
        if not chunk:
            break
        text = chunk.decode("utf-8", errors="replace")
        keep.append(text)
        if sink is not None:
            sink.write(text)
            sink.flush()


def _execute(cmd, progress):
    """Run cmd with its stderr relayed; returns stdout, raises EdusimError on failure."""
    sink = sys.stderr if progress else None
    if progress:
        tty = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
        cmd = cmd + ["--progress", "always" if tty else "auto"]
    else:
        cmd = cmd + ["--progress", "never"]
    keep = []
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t = threading.Thread(target=_relay, args=(proc.stderr, sink, keep), daemon=True)
    t.start()
    try:
        out = proc.stdout.read().decode("utf-8", errors="replace")
        rc = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        raise
    finally:
        t.join()
        proc.stdout.close()
        proc.stderr.close()
    err = "".join(keep)
    if rc != 0:
        lines = [ln for ln in err.replace("\r", "\n").splitlines()
                 if ln.strip() and " % (" not in ln and not ln.lstrip().startswith(("year ", "runs "))]
        msg = "\n".join(lines) or f"edusim exited with status {rc}"
        raise EdusimError(msg, returncode=rc, command=cmd, stderr=err)
    return out


def _run_into(kind, spec, overrides, seed, threads, out, program, progress, extra):
    exe = find_program(program)
    tmp = tempfile.mkdtemp(prefix="edusim_")
    try:
        path = _write_spec(spec, tmp, "sweep" if kind == "sweep" else "scenario", kind == "sweep")
        keep = out is None
        if keep:
            out = str(Path(tmp) / "results.h5")
        cmd = [exe, kind] + ([path] if path else []) + ["-o", str(out)] + _set_args(overrides)
        if seed is not None:
            cmd += ["--seed", str(int(seed))]
        if threads is not None:
            cmd += ["--threads", str(int(threads))]
        cmd += list(extra)
        try:
            log = _execute(cmd, progress)
        except EdusimError as e:
            if isinstance(spec, dict) and path:
                # The positions are in a temporary file that is removed: show its text.
                text = Path(path).read_text().splitlines()
                numbered = "\n".join(f"{i:4d} | {ln}" for i, ln in enumerate(text, 1))
                e.args = (f"{e.args[0]}\n({kind} given as a dict, written to {path} as:\n{numbered})",)
            raise
        res = Results(out)
        res.log = log
        if keep:
            # The temporary file lives as long as the Results object.
            weakref.finalize(res, shutil.rmtree, tmp, True)
        else:
            shutil.rmtree(tmp, True)
        return res
    except BaseException:
        shutil.rmtree(tmp, True)
        raise


def run(scenario=None, set=None, seed=None, threads=None, out=None, program=None,
        progress=True):
    """Simulate one scenario (a path, a dict, or None for the embedded default) with
    `set` overrides ({"years.end": 2020} or ["years.end=2020"]) and return its Results.

    out: the results file to write (default: a temporary file kept while the Results
    object lives). progress=False runs silently."""
    return _run_into("run", scenario, set, seed, threads, out, program, progress, [])


def sweep(spec, set=None, threads=None, out=None, program=None, progress=True, args=()):
    """Run a sweep (a path or a dict in the sweep file's form) and return its Results;
    `set` overrides every scenario, `args` passes further options (e.g.
    ["--target-ci", "0.5", "--indicator", "pupils/po+vo"])."""
    return _run_into("sweep", spec, set, None, threads, out, program, progress, args)
