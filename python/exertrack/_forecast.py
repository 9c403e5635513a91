"""The next-session forecast from Python: sessions, transitions, the model and its advice.

Every number comes from the C++ libraries (src/next_session/model and
src/next_session/train); this module lays them out as DataFrames.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._read import ExportSource, _categorical, log_of

_NS_PER_S = 1_000_000_000

#: The session features, in the model's input order (the names forecast.json records).
FEATURE_NAMES: tuple[str, ...] = tuple(_core.session_feature_names())
#: The load head's extra inputs, appended after FEATURE_NAMES.
PLANNED_REPS_FEATURE_NAMES: tuple[str, ...] = tuple(_core.planned_reps_feature_names())
#: The actions, in the classifier's output order.
ACTIONS: tuple[str, ...] = tuple(_core.action_names())

Data = Union[pd.DataFrame, ExportSource]


def _times(seconds: np.ndarray) -> np.ndarray:
    return (seconds * _NS_PER_S).view("datetime64[ns]")


def _per_exercise(codes: np.ndarray, values: list[str]) -> Any:
    """A per-exercise property (equipment, load kind) spread over rows, as categories."""
    categories = sorted(set(values))
    lookup = np.array([categories.index(v) for v in values] + [-1], dtype=np.int64)
    return pd.Categorical.from_codes(lookup[codes] if len(codes) else codes, categories=categories)


def sessions(data: Data, lifter: Optional[str] = None) -> pd.DataFrame:
    """The forecast's sessions: one row per (exercise, session) of working sets.

    A session is one workout of an exercise (FitNotes and Fitbod: one day);
    its working sets are the normal and failure sets with reps that the
    reader did not flag (warm-ups, drop sets, timed sets and outliers are
    left out, as the model leaves them out).

    Parameters
    ----------
    data : DataFrame or path, bytes, file object
        A frame from read_export (filtered or edited as you like), or an
        export read_export would read.
    lifter : str, optional
        The lifter's name (default: the export's source).

    Returns
    -------
    DataFrame
        ``exercise``, ``equipment``, ``load_kind`` (weighted, bodyweight,
        assisted), ``session`` (0 = the exercise's first), ``start_time``,
        ``top_weight_kg`` and ``top_reps`` (heaviest set, then most reps;
        assistance negative), ``e1rm_kg`` (Epley, 0 without a positive
        load), ``working_sets``, ``distinct_loads``, ``volume_kg``,
        ``min_reps``, ``max_reps``, ``rpe`` (the top set's), and
        ``days_since_previous`` (NaN for the first) and ``source_line``.
        Exercises are in bytewise name order, sessions oldest first.
        ``df.attrs['left_out']`` lists exercises with no working set and why.
    """
    log = log_of(data)
    c = _core.sessions_table(log, lifter if lifter is not None else log.source)
    df = pd.DataFrame(
        {
            "exercise": _categorical(c["exercise"], c["exercises"]),
            "equipment": _per_exercise(c["exercise"], c["equipment"]),
            "load_kind": _per_exercise(c["exercise"], c["load_kinds"]),
            "session": c["session"],
            "start_time": _times(c["time"]),
            "top_weight_kg": c["top_weight_kg"],
            "top_reps": c["top_reps"],
            "e1rm_kg": c["e1rm_kg"],
            "working_sets": c["working_sets"],
            "distinct_loads": c["distinct_loads"],
            "volume_kg": c["volume_kg"],
            "min_reps": c["min_reps"],
            "max_reps": c["max_reps"],
            "rpe": c["rpe"],
            "days_since_previous": c["days_since_previous"],
            "source_line": c["source_line"],
        }
    )
    df.attrs.update(
        lifter=c["lifter"], left_out=c["left_out"], working_sets=c["working_sets_total"], sets_skipped=c["sets_skipped"]
    )
    return df


def transition_columns(log: _core.WorkoutLog, lifter: str, weight_unit: str = "auto") -> dict[str, Any]:
    """transitions()'s columns, plus ``calibration_latest`` (for the Dask trainer)."""
    c = _core.transitions_table(log, lifter, weight_unit)
    columns: dict[str, Any] = {
        "exercise": _categorical(c["exercise"], c["exercises"]),
        "session": c["session"],
        "start_time": _times(c["time"]),
        "next_start_time": _times(c["next_time"]),
        "action": pd.Categorical.from_codes(c["action"], categories=list(ACTIONS)),
        "next_weight_kg": c["next_weight_kg"],
        "next_reps": c["next_reps"],
    }
    features = c["features"]
    for i, name in enumerate(FEATURE_NAMES):
        columns[name] = features[:, i]
    columns["weight_target"] = c["weight_target"]
    columns["weight_sample_weight"] = c["weight_sample_weight"]
    columns["reps_target"] = c["reps_target"]
    columns["has_load"] = c["has_load"]
    load = c["load_features"]
    for i, name in enumerate(PLANNED_REPS_FEATURE_NAMES):
        columns[name] = load[:, i]
    columns["load_target"] = c["load_target"]
    columns["load_sample_weight"] = c["load_sample_weight"]
    columns["calibration_latest"] = c["calibration_latest"]
    return columns


def transitions(data: Data, lifter: Optional[str] = None) -> pd.DataFrame:
    """The forecast's training examples: every session followed by another of its exercise.

    Row t -> t+1 of an exercise holds the features of session t (sessions
    0..t only), under the model's own feature names and as float32, exactly
    as the model's training sees them, and what each of its four heads
    learns from the next session.

    Parameters
    ----------
    data : DataFrame or path, bytes, file object
        A frame from read_export, or an export read_export would read.
    lifter : str, optional
        The lifter's name (default: the export's source).

    Returns
    -------
    DataFrame
        ``exercise``, ``session`` (t), ``start_time``, ``next_start_time``;
        the targets ``action`` (category, ACTIONS), ``next_weight_kg``,
        ``next_reps``; the FEATURE_NAMES columns; the weight head's target
        ``weight_target`` ((w' - w_t) / s) and ``weight_sample_weight`` (s),
        the reps head's ``reps_target`` (r' - r_t); ``has_load`` (both top
        sets carry weight) and, on those rows, the load head's
        PLANNED_REPS_FEATURE_NAMES columns (at the reps done next),
        ``load_target`` and ``load_sample_weight`` (NaN elsewhere).
    """
    log = log_of(data)
    columns = transition_columns(log, lifter if lifter is not None else log.source)
    del columns["calibration_latest"]
    df = pd.DataFrame(columns)
    df.attrs.update(feature_names=list(FEATURE_NAMES), load_feature_names=list(PLANNED_REPS_FEATURE_NAMES))
    return df


def shipped_model_dir() -> Path:
    """The directory of the model exertrack ships (models/next-session).

    Installed with the package (package data); from a source checkout, the
    repository's models/next-session.
    """
    installed = Path(str(resources.files("exertrack") / "models" / "next-session"))
    source_tree = Path(__file__).resolve().parents[2] / "models" / "next-session"
    for d in (installed, source_tree):
        if (d / "forecast.json").is_file():
            return d
    raise FileNotFoundError(f"the shipped model is in neither {installed} nor {source_tree}; pass Model.load(path)")


class Model:
    """A next-session model: four XGBoost heads and the definition of their inputs.

    ``Model.load()`` is the model exertrack ships (docs/model-card.md);
    ``Model.load(path)`` reads a directory ``exertrack train`` or
    ``exertrack.dask.train`` wrote.
    """

    def __init__(self, core_model: _core.ForecastModel, path: Optional[Path] = None) -> None:
        self._model = core_model
        self.path = path

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]", None] = None) -> "Model":
        """Read a model directory (DIR/forecast.json, or a run directory holding model/).

        Parameters
        ----------
        path : str or path object, optional
            Default: the shipped model.

        Raises
        ------
        ExportError
            The file is missing or not a next-session model; the message says which.
        """
        d = shipped_model_dir() if path is None else Path(os.fspath(path))
        return cls(_core.ForecastModel.read(str(d)), d)

    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Write DIR/forecast.json atomically (what serve, recommend, the web page and js/ load)."""
        self._model.write(os.fspath(path))

    @property
    def temperature(self) -> float:
        """The action head's calibration temperature."""
        return self._model.temperature

    @property
    def training_summary(self) -> str:
        """One line on what the model learned from."""
        return self._model.training_summary

    @property
    def training(self) -> dict[str, Any]:
        """The training record forecast.json keeps (parameters, lifters, transitions)."""
        return json.loads(self._model.to_json())["training"]

    def recommend_json(
        self,
        data: Data,
        planned_reps: Optional[Iterable[float]] = None,
        *,
        exercise: Optional[str] = None,
        unit: Optional[str] = None,
        weight_unit: str = "auto",
        history: bool = False,
    ) -> str:
        """What ``exertrack recommend --json`` prints for the same export, as a str (without its newline)."""
        log = log_of(data, weight_unit=weight_unit)
        reps = [float(r) for r in (planned_reps or [])]
        return self._model.advice_json(log, unit or "", weight_unit, exercise or "", reps, history)

    def recommend(
        self,
        data: Data,
        planned_reps: Optional[Iterable[float]] = None,
        *,
        exercise: Optional[str] = None,
        unit: Optional[str] = None,
        weight_unit: str = "auto",
    ) -> pd.DataFrame:
        """The next session of every exercise: action, its probability, a loadable target and why.

        Parameters
        ----------
        data : DataFrame or path, bytes, file object
            A frame from read_export, or an export read_export would read.
        planned_reps : iterable of numbers, optional
            Also give the load for these rep counts (whole numbers from 1 to the model file's definition.max_planned_reps).
        exercise : str, optional
            Only this exercise (its name as in the export).
        unit : {'kg', 'lb'}, optional
            Unit of the targets; default the unit the lifter logs in.
        weight_unit : {'auto', 'kg', 'lb'}, default 'auto'
            How a path's weights are read (see read_export), and the
            fallback unit when the export does not tell.

        Returns
        -------
        DataFrame
            One row per exercise with the content of ``exertrack recommend
            --json``'s results, nested fields flattened with dots:
            ``name``, ``equipment``, ``kind``, ``unit``,
            ``last_session.date`` / ``.weight`` / ``.reps`` / ``.unit``,
            ``inactive``, ``sessions``, ``action``, ``probability``,
            ``probabilities.<action>``, ``ready_to_add_weight``,
            ``target.weight`` / ``.reps`` / ``.unit``, ``plates_per_side``
            (list or None), ``planned`` (list of {reps, weight, unit}) and
            ``reason``. ``df.attrs['not_strength']`` lists the exercises
            given no target and why.
        """
        answer = json.loads(
            self.recommend_json(data, planned_reps, exercise=exercise, unit=unit, weight_unit=weight_unit)
        )
        df = pd.json_normalize(answer["results"]) if answer["results"] else pd.DataFrame()
        df.attrs.update(task=answer["task"], not_strength=answer["not_strength"])
        return df

    def __repr__(self) -> str:
        return f"Model({str(self.path)!r}: {self.training_summary})"
