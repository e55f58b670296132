"""Readers for edusim results files (HDF5), returning tidy pandas tables.

The layout is documented in include/edusim/output.h; this module is its only
Python reader, so that plots and reports never touch HDF5 directly. Every
reader opens the file read-only through `open_results`, which refuses foreign
and incomplete files: an interrupted run must never be mistaken for a result.
"""

import os

import h5py
import numpy as np
import pandas as pd

FORMAT = "edusim-results"
FORMAT_VERSIONS = (1, 2)  # 2: fixed-length strings, checksums (docs/integrity.md)
FORMAT_VERSION = 2
CALIBRATION_FORMAT = "edusim-calibration"
SEX_LABELS = {0: "female", 1: "male", 2: "both"}
EFFECT_STATS = ("mean_diff", "se", "ci_low", "ci_high")
INDICATOR_COLUMNS = ["indicator", "subgroup", "units", "scenario", "replicate", "run",
                     "year", "region", "value"]
EFFECT_COLUMNS = ["indicator", "subgroup", "units", "baseline", "scenario", "year",
                  "region"] + list(EFFECT_STATS)


def _text(v):
    """Decode an HDF5 string (fixed-length bytes, vlen str or 0-d array) to str.

    The C writer may store strings either way, so every reader goes through here."""
    if isinstance(v, np.ndarray) and v.shape == ():
        v = v[()]
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8", errors="replace").rstrip("\x00")
    return str(v)


def _plain(v):
    """Turn an attribute value into a plain Python value for printing and JSON."""
    if isinstance(v, (bytes, np.bytes_, str)):
        return _text(v)
    if isinstance(v, np.ndarray):
        if v.shape == ():
            return _plain(v[()])
        return [_plain(x) for x in v.tolist()]
    if isinstance(v, np.generic):
        return v.item()
    return v


def _strings(ds):
    """Read a 1-d string dataset as a list of str."""
    return [_text(x) for x in ds[()]]


def _open_checked(path, fmt, what, need, version=None):
    """Open `path` read-only if its root says format `fmt` (and `version`), status
    complete, and it holds every path in `need`; ValueError with one line otherwise."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ValueError(f"{path}: not an HDF5 file or unreadable ({e.__class__.__name__})") from e
    try:
        found = _text(f.attrs["format"]) if "format" in f.attrs else None
        if found != fmt:
            raise ValueError(f"{path}: not an edusim {what} file (format attribute is {found!r})")
        if version is not None:
            v = int(_plain(f.attrs.get("format_version", -1)))
            if v not in version:
                raise ValueError(f"{path}: format_version {v} is not supported "
                                 f"(this reader knows {max(version)})")
        status = _text(f.attrs["status"]) if "status" in f.attrs else None
        if status != "complete":
            raise ValueError(f"{path}: {what} file is not complete (status {status!r}); "
                             "the run was interrupted or failed")
        for p in need:
            if p not in f:
                raise ValueError(f"{path}: damaged {what} file, /{p} is missing")
    except Exception:
        f.close()
        raise
    return f


def open_results(path):
    """Open a results file read-only after checking it is a complete edusim file.

    Raises ValueError with a one-line reason for anything else, so that command-line
    tools can print it as is. Use as a context manager: `with open_results(p) as f:`."""
    return _open_checked(path, FORMAT, "results",
                         ("axes/run", "axes/year", "axes/region", "indicators", "runs"),
                         version=FORMAT_VERSIONS)


def open_calibration(path):
    """Open a calibration record (`edusim calibrate`'s PREFIX.h5) read-only, with the
    same checks as open_results."""
    return _open_checked(path, CALIBRATION_FORMAT, "calibration",
                         ("target_labels", "evaluations/mean", "fit"))


def _axes(f):
    return (np.asarray(f["axes/run"][()], dtype=np.int64),
            np.asarray(f["axes/year"][()], dtype=np.int64),
            _strings(f["axes/region"]))


def _table(ds):
    """Read a compound dataset into a DataFrame with decoded string columns."""
    data = ds[()]
    df = pd.DataFrame({name: data[name] for name in data.dtype.names})
    for name in data.dtype.names:
        kind = data.dtype[name].kind
        if kind in ("S", "O", "U"):
            df[name] = [_text(x) for x in df[name]]
    return df


def _runs_table(f):
    df = _table(f["runs"])
    for col in ("run", "replicate", "status"):
        if col in df:
            df[col] = df[col].astype(np.int64)
    return df


def axes(f):
    """(run, year, region) axes of an open results file: int64, int64, list of str."""
    return _axes(f)


def run_scenarios(f):
    """The scenario of each row of /runs of an open file, in the file's order (every
    run, failed ones too: row i is run i of the indicators' first axis)."""
    return [_text(x) for x in f["runs"]["scenario"]]


def indicator_paths(f):
    """Every dataset under /indicators of an open file as "/NAME/SUBGROUP", walked at
    any depth, so that a comparison of two files sees all either holds."""
    def walk(group, prefix):
        for k in group:
            p = prefix + "/" + k
            if isinstance(group[k], h5py.Group):
                yield from walk(group[k], p)
            else:
                yield p
    return list(walk(f["indicators"], ""))


def indicator_array(f, name):
    """/indicators/NAME/SUBGROUP of an open file exactly as stored ([run, year, region])."""
    path = "indicators/" + name.lstrip("/")
    if path not in f:
        raise ValueError(f"{f.filename}: no indicator /{path}")
    return f[path][()]


def cohort_records(f):
    """/cohorts of an open file exactly as stored (a record array); None when absent."""
    return f["cohorts"][()] if "cohorts" in f else None


def calibration_record(path):
    """The evaluations of a calibration record: {"labels": target labels,
    "mean": [evaluation, target] means over replicates, "fit": [target, 7] (columns in
    "fit_columns": mean, band_low, band_high, published, tolerance, weight, pass)}."""
    with open_calibration(path) as f:
        cols = _strings(f["fit_columns"]) if "fit_columns" in f else []
        return {"labels": _strings(f["target_labels"]), "mean": f["evaluations/mean"][()],
                "fit": f["fit"][()], "fit_columns": cols}


def runs(path):
    """The /runs table: one row per run with scenario, replicate, seed, status, error."""
    with open_results(path) as f:
        return _runs_table(f)


def provenance(path):
    """Root attributes as a dict of plain values (program version, compiler, seed...)."""
    with open_results(path) as f:
        return {k: _plain(v) for k, v in f.attrs.items()}


def _indicator_items(f):
    """Yield (name, subgroup, dataset) for every /indicators/NAME/SUBGROUP."""
    for name, grp in f["indicators"].items():
        if not isinstance(grp, h5py.Group):
            continue
        for sub, ds in grp.items():
            if isinstance(ds, h5py.Dataset):
                yield name, sub, ds


def indicator_info(path):
    """One row per indicator dataset: indicator, subgroup, units, description."""
    with open_results(path) as f:
        rows = [(n, s, _text(ds.attrs.get("units", "")), _text(ds.attrs.get("description", "")))
                for n, s, ds in _indicator_items(f)]
    return pd.DataFrame(rows, columns=["indicator", "subgroup", "units", "description"])


def indicators(path, select=None, include_failed=False):
    """All indicators as one tidy table (columns INDICATOR_COLUMNS), NaN kept.

    `select` is an optional iterable of indicator names or (name, subgroup) pairs, to
    keep large sweeps small. Runs whose /runs status is not 0 are dropped unless
    include_failed, because their values are undefined."""
    wanted = None if select is None else {s if isinstance(s, str) else tuple(s) for s in select}
    with open_results(path) as f:
        run_ax, year_ax, region_ax = _axes(f)
        rt = _runs_table(f).set_index("run")
        scen = rt["scenario"].reindex(run_ax).fillna("?").to_numpy(dtype=object)
        rep = rt["replicate"].reindex(run_ax).fillna(-1).astype(np.int64).to_numpy()
        ok = (rt["status"].reindex(run_ax).fillna(-1).to_numpy() == 0) | include_failed
        shape = (len(run_ax), len(year_ax), len(region_ax))
        ri, yi, gi = (a.ravel() for a in np.indices(shape))
        keep = ok[ri]
        ri, yi, gi = ri[keep], yi[keep], gi[keep]
        regions = np.asarray(region_ax, dtype=object)
        parts = []
        for name, sub, ds in _indicator_items(f):
            if wanted is not None and name not in wanted and (name, sub) not in wanted:
                continue
            vals = np.asarray(ds[()], dtype=np.float64)
            if vals.shape != shape:
                raise ValueError(f"{path}: /indicators/{name}/{sub} has shape {vals.shape}, "
                                 f"axes give {shape}")
            parts.append(pd.DataFrame({
                "indicator": name, "subgroup": sub, "units": _text(ds.attrs.get("units", "")),
                "scenario": scen[ri], "replicate": rep[ri], "run": run_ax[ri],
                "year": year_ax[yi], "region": regions[gi], "value": vals.ravel()[keep]}))
    if not parts:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    return pd.concat(parts, ignore_index=True)[INDICATOR_COLUMNS]


def _column_attr(ds, col, i, key):
    """Per-column attribute of a compound table, in whichever way the writer stored it."""
    a = ds.attrs
    if key in a:
        v = a[key]
        if isinstance(v, np.ndarray) and v.ndim == 1 and len(v) == len(ds.dtype.names):
            return _text(v[i])
    for name in (f"{col}_{key}", f"{col}.{key}", f"{col}:{key}", f"{key}_{col}"):
        if name in a:
            return _text(a[name])
    return None


def cohorts(path):
    """The /cohorts table with every stored column, plus scenario, replicate,
    sex_label and region_name so plots need no codes. Column units are in
    df.attrs['units'] (a dict; missing where the file does not say)."""
    with open_results(path) as f:
        if "cohorts" not in f:
            return pd.DataFrame()
        ds = f["cohorts"]
        df = _table(ds)
        units = {c: u for i, c in enumerate(ds.dtype.names)
                 if (u := _column_attr(ds, c, i, "units")) is not None}
        _, _, region_ax = _axes(f)
        rt = _runs_table(f).set_index("run")
    if "run" in df:
        df["scenario"] = rt["scenario"].reindex(df["run"]).to_numpy()
        df["replicate"] = rt["replicate"].reindex(df["run"]).to_numpy()
    if "sex" in df:
        df["sex_label"] = [SEX_LABELS.get(int(s), str(s)) for s in df["sex"]]
    if "region" in df:
        df["region_name"] = [region_ax[int(r)] if 0 <= int(r) < len(region_ax) else str(r)
                             for r in df["region"]]
    df.attrs["units"] = units
    return df


def scenarios(path, parse=True):
    """Resolved YAML per scenario: {name: text}, or with parse=True {name: (text, dict)}.

    The parsed dict is None when python3-yaml is not installed or the text does not
    parse; the text is always kept because it is the exact record of the run."""
    with open_results(path) as f:
        texts = {}
        if "scenarios" in f:
            texts = {n: _text(ds[()]) for n, ds in f["scenarios"].items()
                     if isinstance(ds, h5py.Dataset)}
        elif "scenario" in f.attrs:
            texts = {"scenario": _text(f.attrs["scenario"])}
    if not parse:
        return texts
    try:
        import yaml
    except ImportError:
        return {n: (t, None) for n, t in texts.items()}
    out = {}
    for n, t in texts.items():
        try:
            out[n] = (t, yaml.safe_load(t))
        except yaml.YAMLError:
            out[n] = (t, None)
    return out


def load_effects(path):
    """Paired scenario-minus-baseline effects as a tidy table (EFFECT_COLUMNS).

    Expected layout (written by a later edusim; absent files give an empty table):
      /effects/scenarios          strings [nscen]: the compared scenarios
      /effects/stat (optional)    strings [nstat]: default mean_diff, se, ci_low, ci_high
      /effects/NAME/SUBGROUP      float64 [scenario, year, region, stat], or a compound
                                  [scenario, year, region] with fields named by stat;
                                  attributes baseline (scenario name) and units
    Years and regions are the /axes of the file."""
    with open_results(path) as f:
        if "effects" not in f or "scenarios" not in f["effects"]:
            return pd.DataFrame(columns=EFFECT_COLUMNS)
        eff = f["effects"]
        _, year_ax, region_ax = _axes(f)
        scen = _strings(eff["scenarios"])
        # Each scenario's own baseline (with axes "S@p" is compared with "BASE@p");
        # files without /effects/baselines name one baseline per dataset.
        bases = _strings(eff["baselines"]) if "baselines" in eff else None
        stats = _strings(eff["stat"]) if "stat" in eff else list(EFFECT_STATS)
        rows = []
        for name, grp in eff.items():
            if not isinstance(grp, h5py.Group):
                continue
            for sub, ds in grp.items():
                data = ds[()]
                if data.dtype.names:
                    cols = {s: np.asarray(data[s], dtype=float) for s in data.dtype.names}
                else:
                    cols = {s: np.asarray(data[..., k], dtype=float) for k, s in enumerate(stats)}
                si, yi, gi = (a.ravel() for a in np.indices(next(iter(cols.values())).shape))
                part = pd.DataFrame({
                    "indicator": name, "subgroup": sub,
                    "units": _text(ds.attrs.get("units", "")),
                    "baseline": (np.asarray(bases, dtype=object)[si] if bases is not None
                                 and len(bases) == len(scen) else _text(ds.attrs.get("baseline", ""))),
                    "scenario": np.asarray(scen, dtype=object)[si], "year": year_ax[yi],
                    "region": np.asarray(region_ax, dtype=object)[gi]})
                for s, v in cols.items():
                    part[s] = v.ravel()
                rows.append(part)
    if not rows:
        return pd.DataFrame(columns=EFFECT_COLUMNS)
    df = pd.concat(rows, ignore_index=True)
    for s in EFFECT_STATS:
        if s not in df:
            df[s] = np.nan
    return df


def parameters(path):
    """The swept parameter values per run (/parameters of a sweep with axes): a table
    with a `run` column and one column per axis key, in the file's order; empty (just
    `run`) for a run or a sweep without axes."""
    with open_results(path) as f:
        run_ax, _, _ = _axes(f)
        if "parameters" not in f:
            return pd.DataFrame({"run": run_ax})
        ds = f["parameters"]
        names = [_text(x) for x in np.atleast_1d(ds.attrs["names"])]
        vals = np.asarray(ds[()], dtype=np.float64)
    if vals.shape != (len(run_ax), len(names)):
        raise ValueError(f"{path}: /parameters has shape {vals.shape}, expected "
                         f"({len(run_ax)}, {len(names)})")
    df = pd.DataFrame(vals, columns=names)
    df.insert(0, "run", run_ax)
    return df
