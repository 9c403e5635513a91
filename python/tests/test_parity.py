"""Reader parity: for every shared export, what the package computes through
its DataFrames equals what the C++ side computes from the file, bit for bit,
and Model.recommend answers what `exertrack recommend --json` prints."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import exertrack
from conftest import shared_exports

EXPORTS = shared_exports()
IDS = [p.name for p in EXPORTS]
# recommend through a frame on a few (the frame round trip is checked bit for
# bit for every export above, and each advice costs ~1 s of CI here): lb,
# kg with a unit column, FitNotes (sets grouped by day).
FRAME_CHECKED = {"weightlifting_721_workouts.csv", "dstanek__lifting__strong.csv", "MakisChristou__verifit__fitnotes.csv"}


@pytest.fixture(scope="module")
def reference(data, reference_bin) -> dict[str, dict]:
    out = subprocess.run([str(reference_bin), *map(str, EXPORTS)], capture_output=True, text=True, check=True).stdout
    return {r["file"]: r for r in map(json.loads, out.splitlines())}


@pytest.fixture(scope="module")
def model() -> exertrack.Model:
    return exertrack.Model.load()


def column(rows: list[list], k: int) -> np.ndarray:
    return np.array([np.nan if r[k] is None else r[k] for r in rows], dtype=np.float64)


def seconds(times: pd.Series) -> np.ndarray:
    return times.to_numpy("datetime64[ns]").view(np.int64) // 1_000_000_000


def test_every_shared_export_is_here(data):
    assert len(EXPORTS) == 51, [p.name for p in EXPORTS]


@pytest.mark.parametrize("path", EXPORTS, ids=IDS)
def test_sets_sessions_and_transitions_equal_the_cpp_ones(path: Path, reference):
    ref = reference[str(path)]
    if "error" in ref:
        with pytest.raises(exertrack.ExportError) as e:
            exertrack.read_export(path)
        assert str(e.value) == ref["error"]
        return
    df = exertrack.read_export(path)
    sets = ref["sets"]
    assert len(df) == len(sets["time"])
    np.testing.assert_array_equal(seconds(df["start_time"]), sets["time"])
    assert df["exercise"].astype(str).tolist() == sets["exercise"]
    np.testing.assert_array_equal(df["weight_kg"].to_numpy(), np.array(sets["weight_kg"], np.float64))
    np.testing.assert_array_equal(df["reps"].to_numpy(), np.array(sets["reps"], np.float64))
    np.testing.assert_array_equal(df["set_kind"].cat.codes.to_numpy(), sets["kind"])
    np.testing.assert_array_equal(df["source_line"].to_numpy(), sets["line"])

    # Sessions and transitions through the frame (DataFrame -> C++ log), not the file.
    s = exertrack.sessions(df)
    rows = ref["sessions"]
    assert len(s) == len(rows)
    assert s["exercise"].astype(str).tolist() == [r[0] for r in rows]
    np.testing.assert_array_equal(s["session"].to_numpy(), column(rows, 1))
    np.testing.assert_array_equal(seconds(s["start_time"]), column(rows, 2).astype(np.int64))
    for k, name in enumerate(
        ["top_weight_kg", "top_reps", "e1rm_kg", "working_sets", "distinct_loads", "volume_kg", "min_reps", "max_reps",
         "rpe", "days_since_previous", "source_line"],
        start=3,
    ):
        np.testing.assert_array_equal(s[name].to_numpy(np.float64), column(rows, k), err_msg=name)

    t = exertrack.transitions(df)
    rows = ref["transitions"]
    assert len(t) == len(rows)
    assert t["exercise"].astype(str).tolist() == [r[0] for r in rows]
    np.testing.assert_array_equal(t["session"].to_numpy(), column(rows, 1))
    np.testing.assert_array_equal(t["action"].cat.codes.to_numpy(), column(rows, 2))
    np.testing.assert_array_equal(t["next_weight_kg"].to_numpy(), column(rows, 3))
    np.testing.assert_array_equal(t["next_reps"].to_numpy(), column(rows, 4))
    features = np.array([[np.nan if v is None else v for v in r[5]] for r in rows], np.float64).reshape(len(rows), -1)
    got = t[list(exertrack.FEATURE_NAMES)].to_numpy(np.float64)
    np.testing.assert_array_equal(got, features)
    for k, name in enumerate(["weight_target", "weight_sample_weight", "reps_target"], start=6):
        np.testing.assert_array_equal(t[name].to_numpy(np.float64), column(rows, k), err_msg=name)
    has_load = np.array([len(r) > 9 for r in rows], bool)
    np.testing.assert_array_equal(t["has_load"].to_numpy(), has_load)
    loaded = [r for r in rows if len(r) > 9]
    extra = np.array([[np.nan if v is None else v for v in r[9]] for r in loaded], np.float64)
    got = t.loc[has_load, list(exertrack.PLANNED_REPS_FEATURE_NAMES)].to_numpy(np.float64)
    np.testing.assert_array_equal(got, extra.reshape(got.shape))
    np.testing.assert_array_equal(t.loc[has_load, "load_target"].to_numpy(np.float64), column(loaded, 10))
    np.testing.assert_array_equal(t.loc[has_load, "load_sample_weight"].to_numpy(np.float64), column(loaded, 11))
    assert t.loc[~has_load, "load_target"].isna().all()


@pytest.mark.parametrize("path", EXPORTS, ids=IDS)
def test_recommend_equals_the_cli(path: Path, model, exertrack_bin):
    cli = subprocess.run([str(exertrack_bin), "recommend", "--data", str(path), "--json"], capture_output=True, text=True)
    if cli.returncode != 0:
        with pytest.raises(exertrack.ExportError) as e:
            model.recommend_json(path)
        assert f"exertrack: error: {e.value}\n" in cli.stderr
        return
    assert model.recommend_json(path) + "\n" == cli.stdout
    if path.name not in FRAME_CHECKED:
        return
    # Through the DataFrame, which the user may have filtered: unfiltered, the same answer.
    frame = exertrack.read_export(path)
    assert model.recommend_json(frame) + "\n" == cli.stdout
    answer = json.loads(cli.stdout)
    expected = pd.json_normalize(answer["results"])
    got = model.recommend(frame)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["not_strength"] == answer["not_strength"]
