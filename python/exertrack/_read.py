"""read_export: any supported workout export as a pandas DataFrame.

The C++ reader (src/core/ingest) does the reading; this module only lays
its arrays out as a DataFrame and back.
"""

from __future__ import annotations

import os
from typing import IO, Any, Union

import numpy as np
import pandas as pd

from . import _core

ExportSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes], IO[str]]

# The frame's columns, in order (docs/python.md describes each).
COLUMNS = (
    "workout",
    "start_time",
    "exercise",
    "set_order",
    "set_kind",
    "weight",
    "weight_unit",
    "weight_kg",
    "reps",
    "distance_m",
    "seconds",
    "rpe",
    "timed",
    "outlier",
    "notes",
    "source_line",
)

_NS_PER_S = 1_000_000_000


def read_export(
    source: ExportSource,
    format: str = "auto",
    weight_unit: str = "auto",
    date_order: str = "auto",
    strict: bool = False,
) -> pd.DataFrame:
    """Read a workout export into a DataFrame, one row per set.

    Strong (every version and language it exports), Hevy, FitNotes, Fitbod,
    GymBook (CSV and XML), JEFIT and Alpha Progression are read by
    exertrack's C++ reader, which detects the format, the weight unit and
    the set kinds, and drops or flags bad rows rather than failing on them
    (unless ``strict``).

    Parameters
    ----------
    source : str, path object, bytes or file-like object
        A path to the export, its bytes, or an open file (binary or text).
    format : str, default 'auto'
        'auto' detects it; or one of strong, strong-13, strong-2024, hevy,
        fitnotes, fitbod, gymbook, jefit, alpha-progression.
    weight_unit : {'auto', 'kg', 'lb'}, default 'auto'
        The unit of a weight column that does not name one. 'auto' decides
        from the loads (and says why in ``df.attrs['unit_reason']``),
        pounds when they do not tell.
    date_order : {'auto', 'day-first', 'month-first'}, default 'auto'
        Day/month order of a spreadsheet-saved export's slash dates.
    strict : bool, default False
        Raise on any row that would be dropped or cell that would be flagged.

    Returns
    -------
    DataFrame
        Columns: ``workout`` (category), ``start_time`` (datetime64, the
        workout's start as written, no time zone), ``exercise`` (category),
        ``set_order`` (int32), ``set_kind`` (category: normal, warmup, drop,
        failure), ``weight`` (float64, in ``weight_unit``), ``weight_unit``
        (category: kg, lb), ``weight_kg`` (float64; negative = assisted,
        0 = bodyweight), ``reps``, ``distance_m``, ``seconds``, ``rpe``
        (float64, NaN when not logged), ``timed`` and ``outlier`` (bool
        flags: a cardio or timed set; an absurd value kept for the record),
        ``notes`` (category, NaN for none) and ``source_line`` (uint32, the
        1-based line where the set's record starts).

        ``df.attrs`` holds what the reader decided: ``format``,
        ``format_details``, ``weight_unit`` (None when rows name their own),
        ``unit_source`` and ``unit_reason``, ``rows_unit``, ``warnings``,
        ``rows_read``, ``rows_kept``, and ``dropped`` / ``flagged``: per
        reason, the count, the first lines and the first problem.

    Raises
    ------
    ExportError
        The export cannot be read: the message names the file, line, column
        and value, which are also the exception's attributes.

    See Also
    --------
    sessions : the forecast's sessions of an export.
    transitions : its features and targets.
    Model.recommend : the next session of every exercise.

    Examples
    --------
    >>> df = exertrack.read_export("strong.csv")                # doctest: +SKIP
    >>> df.attrs["format"], df.attrs["unit_reason"]             # doctest: +SKIP
    >>> df.groupby("exercise")["weight_kg"].max()               # doctest: +SKIP
    """
    return frame_of(read_log(source, format, weight_unit, date_order, strict))


def read_log(
    source: ExportSource,
    format: str = "auto",
    weight_unit: str = "auto",
    date_order: str = "auto",
    strict: bool = False,
) -> _core.WorkoutLog:
    """The C++ WorkoutLog of ``source`` (see read_export)."""
    for name, value in (("format", format), ("weight_unit", weight_unit), ("date_order", date_order)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if isinstance(source, (str, os.PathLike)):
        return _core.read_path(os.fspath(source), format, weight_unit, date_order, bool(strict))
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _core.read_bytes(bytes(source), "<bytes>", format, weight_unit, date_order, bool(strict))
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"the file object's read() returned {type(data).__name__}, not bytes or str")
        name = getattr(source, "name", None)
        label = name if isinstance(name, str) else "<file>"
        return _core.read_bytes(bytes(data), label, format, weight_unit, date_order, bool(strict))
    raise TypeError(f"source must be a path, bytes or a file object, not {type(source).__name__}")


def _categorical(codes: np.ndarray, names: list[str]) -> Any:
    """Categories from the reader's interned names (codes -1: missing)."""
    if len(set(names)) == len(names):
        return pd.Categorical.from_codes(codes, categories=names)
    # Names the reader keeps apart but that print alike: plain strings.
    values = np.array(names + [None], dtype=object)
    return values[np.where(codes < 0, len(names), codes)]


def frame_of(log: _core.WorkoutLog) -> pd.DataFrame:
    """The DataFrame of a C++ WorkoutLog (see read_export)."""
    c = _core.log_columns(log)
    columns = {
        "workout": _categorical(c["workout"], c["workouts"]),
        "start_time": (c["time"] * _NS_PER_S).view("datetime64[ns]"),
        "exercise": _categorical(c["exercise"], c["exercises"]),
        "set_order": c["set_order"],
        "set_kind": pd.Categorical.from_codes(c["set_kind"], categories=c["set_kinds"]),
        "weight": c["weight"],
        "weight_unit": pd.Categorical.from_codes(c["weight_unit"], categories=c["units"]),
        "weight_kg": c["weight_kg"],
        "reps": c["reps"],
        "distance_m": c["distance_m"],
        "seconds": c["seconds"],
        "rpe": c["rpe"],
        "timed": c["timed"],
        "outlier": c["outlier"],
        "notes": _categorical(c["notes"], c["note_texts"]),
        "source_line": c["source_line"],
    }
    # In COLUMNS order (a columns= argument would materialise the
    # categoricals: 40 ms here). copy=False: the arrays are this frame's
    # alone, and consolidating the six float columns into one block copied
    # them; on the largest shared export the copy's page faults (1,432 a
    # call) made the frame 6.0 ms CPU of read_export's 13.6 ms, 0.8 ms
    # without it (bench/README.md).
    df = pd.DataFrame(columns, copy=False)
    df.attrs.update(_core.log_attrs(log))
    return df


def _codes(series: pd.Series, name: str, fixed: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """Integer codes and the names they index, from a categorical or plain column."""
    if fixed is not None:
        return pd.Categorical(series.astype(object), categories=fixed).codes.astype(np.int64), fixed
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(np.int64), [str(x) for x in series.cat.categories]
    codes, uniques = pd.factorize(series)
    return codes.astype(np.int64), [str(x) for x in uniques]


def log_of_frame(df: pd.DataFrame) -> _core.WorkoutLog:
    """The C++ WorkoutLog a read_export frame stands for (after any filtering or editing).

    The forecast reads ``workout``, ``start_time``, ``exercise``, ``set_kind``,
    ``weight_kg``, ``reps``, ``rpe``, ``timed`` and ``outlier``; ``df.attrs``
    gives the format (FitNotes and Fitbod group sets by day) and the units.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a DataFrame from read_export, not {type(df).__name__}")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"the frame lacks the read_export column(s) {', '.join(missing)}")
    start = df["start_time"]
    if not pd.api.types.is_datetime64_any_dtype(start):
        raise ValueError("column 'start_time' must hold datetimes")
    if getattr(start.dt, "tz", None) is not None:
        start = start.dt.tz_localize(None)
    if start.isna().any():
        raise ValueError("column 'start_time' has missing values (NaT)")
    workout, workouts = _codes(df["workout"], "workout")
    exercise, exercises = _codes(df["exercise"], "exercise")
    notes, note_texts = _codes(df["notes"], "notes")
    kind, _ = _codes(df["set_kind"], "set_kind", ["normal", "warmup", "drop", "failure"])
    unit, _ = _codes(df["weight_unit"], "weight_unit", ["kg", "lb"])
    columns = {
        "time": start.to_numpy("datetime64[ns]").view(np.int64) // _NS_PER_S,
        "workout": workout,
        "exercise": exercise,
        "notes": notes,
        "set_kind": kind,
        "weight_unit": unit,
        "workouts": workouts,
        "exercises": exercises,
        "note_texts": note_texts,
    }
    for name in ("set_order", "source_line"):
        columns[name] = df[name].to_numpy(np.int64, na_value=0)
    for name in ("weight_kg", "reps", "rpe", "distance_m", "seconds"):
        columns[name] = df[name].to_numpy(np.float64, na_value=np.nan)
    for name in ("timed", "outlier"):
        columns[name] = df[name].to_numpy(bool, na_value=False)
    attrs = {k: df.attrs.get(k) for k in ("source", "format", "weight_unit", "rows_unit")}
    return _core.log_from_columns(columns, attrs)


def log_of(data: Union[pd.DataFrame, ExportSource], weight_unit: str = "auto") -> _core.WorkoutLog:
    """A read_export frame, or anything read_export reads, as a C++ WorkoutLog."""
    if isinstance(data, pd.DataFrame):
        return log_of_frame(data)
    return read_log(data, weight_unit=weight_unit)
