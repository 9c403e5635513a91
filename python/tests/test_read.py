"""read_export on real exports: the frame's columns and types, what attrs
says the reader decided, and the same frame from a path, bytes or a file."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import exertrack


def test_a_strong_export_with_a_unit_column(data):
    path = data / "exports" / "dstanek__lifting__strong.csv"
    df = exertrack.read_export(path)
    assert list(df.columns) == [
        "workout", "start_time", "exercise", "set_order", "set_kind", "weight", "weight_unit", "weight_kg", "reps",
        "distance_m", "seconds", "rpe", "timed", "outlier", "notes", "source_line",
    ]
    for name in ("workout", "exercise", "set_kind", "weight_unit", "notes"):
        assert isinstance(df[name].dtype, pd.CategoricalDtype), name
    assert df["start_time"].dtype == "datetime64[ns]"
    assert df["timed"].dtype == bool and df["outlier"].dtype == bool
    assert df.attrs["format"] == "strong"
    assert df.attrs["unit_source"] == "column" and df.attrs["weight_unit"] is None
    assert df.attrs["rows_read"] == df.attrs["rows_kept"] + sum(d["count"] for d in df.attrs["dropped"].values())
    assert df.attrs["rows_kept"] == len(df)
    # Its first set, as written: "2018-12-10 10:33:55;Chest A;Incline Bench Press (Barbell);1;90;lbs;15"
    first = df.iloc[0]
    assert (first["workout"], first["exercise"], first["weight"], first["weight_unit"], first["reps"]) == (
        "Chest A", "Incline Bench Press (Barbell)", 90.0, "lb", 15.0)
    assert first["start_time"] == pd.Timestamp("2018-12-10 10:33:55")
    assert first["weight_kg"] == 90 / 2.2046226218
    assert first["source_line"] == 2


def test_weights_read_back_as_written(data):
    # The notebook's 721 file is in pounds: weight is the file's Weight column again.
    path = data / "weightlifting_721_workouts.csv"
    df = exertrack.read_export(path)
    raw = pd.read_csv(path)
    assert df.attrs["weight_unit"] == "lb"
    written = raw["Weight"].to_numpy()[df["source_line"].to_numpy() - 2]
    np.testing.assert_array_equal(df["weight"].to_numpy(), written)
    assert (df["weight_unit"] == "lb").all()


def test_path_bytes_and_file_objects_give_one_frame(data):
    path = data / "exports" / "marcpare__body__strong.csv"
    by_path = exertrack.read_export(path)
    by_str = exertrack.read_export(str(path))
    by_bytes = exertrack.read_export(path.read_bytes())
    with open(path, "rb") as f:
        by_binary = exertrack.read_export(f)
    by_text = exertrack.read_export(io.StringIO(path.read_text(encoding="utf-8")))
    for other in (by_str, by_bytes, by_binary, by_text):
        pd.testing.assert_frame_equal(other, by_path)
    assert by_binary.attrs["source"] == str(path) and by_bytes.attrs["source"] == "<bytes>"


def test_every_format_reads(data):
    formats = {exertrack.read_export(p).attrs["format"] for p in sorted((data / "exports").glob("*.csv"))}
    assert {"strong", "fitnotes"} <= formats, formats


def test_sessions_and_transitions_name_the_models_features(data):
    df = exertrack.read_export(data / "exports" / "marcpare__body__strong.csv")
    s = exertrack.sessions(df)
    assert s.groupby("exercise", observed=True)["session"].apply(lambda x: (np.diff(x) == 1).all()).all()
    t = exertrack.transitions(df)
    assert list(exertrack.FEATURE_NAMES) == t.attrs["feature_names"]
    assert set(exertrack.FEATURE_NAMES) <= set(t.columns)
    model_json = (exertrack.shipped_model_dir() / "forecast.json").read_text()
    for name in exertrack.FEATURE_NAMES + exertrack.PLANNED_REPS_FEATURE_NAMES:
        assert f'"{name}"' in model_json, f"{name} is not a feature name the shipped model records"
    assert t["action"].cat.categories.tolist() == list(exertrack.ACTIONS)
    # A filtered frame is a shorter history: fewer transitions, same features for what is left.
    early = df[df["start_time"] < df["start_time"].quantile(0.5)]
    te = exertrack.transitions(early)
    assert 0 < len(te) < len(t)


def test_the_shipped_model_loads_from_anywhere(data):
    # From / with nothing but the installed package: the model is package data.
    code = (
        "import exertrack, sys; m = exertrack.Model.load(); "
        "print(exertrack.shipped_model_dir()); print(m.training_summary); "
        f"print(len(m.recommend({str(data / 'exports' / 'marcpare__body__strong.csv')!r})))"
    )
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd="/")
    assert r.returncode == 0, r.stderr
    where, summary, rows = r.stdout.splitlines()
    assert Path(where) == Path(exertrack.__file__).parent / "models" / "next-session", (
        "Model.load() must find the model installed with the package, not the source tree")
    assert "trained on 51 lifters" in summary
    assert int(rows) > 0


def test_recommend_with_planned_reps_and_units(data):
    model = exertrack.Model.load()
    path = data / "exports" / "dstanek__lifting__strong.csv"
    df = model.recommend(path, planned_reps=[5, 8], unit="kg")
    assert (df["unit"] == "kg").all()
    assert df["planned"].map(lambda p: [x["reps"] for x in p] == [5, 8]).all()
    probabilities = df[[f"probabilities.{a}" for a in exertrack.ACTIONS]].sum(axis=1)
    np.testing.assert_allclose(probabilities, 1.0, atol=1e-9)
    one = model.recommend(path, exercise=df["name"].iloc[0])
    assert len(one) == 1
