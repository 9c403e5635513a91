"""Bad input: the reader's messages, as exceptions with their place as attributes."""

from __future__ import annotations

import io
import pickle
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import exertrack
from exertrack import ExportError

HEADER = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
GOOD = "2020-01-15 10:00:00,A,Bench,1,100,5\n"


def cli_error(exertrack_bin: Path, path: Path, *flags: str) -> str:
    r = subprocess.run([str(exertrack_bin), "recommend", "--data", str(path), *flags], capture_output=True, text=True)
    assert r.returncode != 0
    prefix = "exertrack: error: "
    return next(line[len(prefix):] for line in r.stderr.splitlines() if line.startswith(prefix))


def test_a_bad_cell_under_strict_names_file_line_column_and_value(tmp_path, exertrack_bin):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + GOOD + "2020-01-16 10:00:00,A,Bench,1,heavy,5\n")
    with pytest.raises(ExportError) as e:
        exertrack.read_export(path, strict=True)
    err = e.value
    assert isinstance(err, ValueError)
    assert (err.file, err.line, err.column, err.value) == (str(path), 3, "Weight", "heavy")
    assert str(err) == cli_error(exertrack_bin, path, "--strict")
    assert str(err).startswith(f"{path}:3: column 'Weight': value 'heavy'")


def test_without_strict_the_bad_row_is_dropped_and_counted():
    df = exertrack.read_export((HEADER + GOOD + "2020-01-16 10:00:00,A,Bench,1,heavy,5\n").encode())
    assert len(df) == 1
    assert df.attrs["dropped"]["bad-weight"]["count"] == 1
    assert df.attrs["dropped"]["bad-weight"]["first_lines"] == [3]


def test_a_file_with_no_row_left_names_the_first_dropped_row(tmp_path, exertrack_bin):
    path = tmp_path / "timers.csv"
    path.write_text(HEADER + "2020-01-15 10:00:00,A,Bench,Rest Timer,0,0\n")
    with pytest.raises(ExportError) as e:
        exertrack.read_export(path)
    assert (e.value.line, e.value.column, e.value.value) == (2, "Set Order", "Rest Timer")
    assert "no rows left" in str(e.value)
    assert str(e.value) == cli_error(exertrack_bin, path)


def test_a_missing_file_and_an_unclosed_quote(tmp_path, exertrack_bin):
    missing = tmp_path / "nope.csv"
    with pytest.raises(ExportError) as e:
        exertrack.read_export(missing)
    assert (e.value.file, e.value.line, e.value.column, e.value.value) == (str(missing), None, None, None)
    assert str(e.value) == cli_error(exertrack_bin, missing)

    path = tmp_path / "quote.csv"
    path.write_text(HEADER + GOOD + '2020-01-16 10:00:00,A,"Bench,1,100,5\n')
    with pytest.raises(ExportError) as e:
        exertrack.read_export(path)
    assert e.value.line == 3 and e.value.column == "Exercise Name"
    assert e.value.value == '"Bench,1,100,5\n'  # from the quote, as written
    assert str(e.value) == cli_error(exertrack_bin, path)


def test_bytes_and_file_objects_are_named_in_messages():
    with pytest.raises(ExportError) as e:
        exertrack.read_export(b"")
    assert e.value.file == "<bytes>" and str(e.value).startswith("<bytes>: the file is empty")
    stream = io.StringIO(HEADER)
    with pytest.raises(ExportError, match="has a header but no data rows"):
        exertrack.read_export(stream)


def test_bad_arguments_are_errors_not_guesses():
    with pytest.raises(ExportError, match="weight_unit: must be auto, kg or lb, got 'stone'"):
        exertrack.read_export((HEADER + GOOD).encode(), weight_unit="stone")
    with pytest.raises(ExportError, match="format: must be auto, .*, got 'myapp'"):
        exertrack.read_export((HEADER + GOOD).encode(), format="myapp")
    with pytest.raises(ExportError, match="date_order: must be auto, .*, got 'yearly'"):
        exertrack.read_export((HEADER + GOOD).encode(), date_order="yearly")
    with pytest.raises(TypeError):
        exertrack.read_export(42)
    with pytest.raises(ExportError, match="planned reps: 0.5 is not a whole number"):
        exertrack.Model.load().recommend((HEADER + GOOD).encode(), planned_reps=[0.5])
    with pytest.raises(ExportError, match="not_a_model"):
        exertrack.Model.load("/not_a_model")


def test_an_edited_frame_is_checked_before_cpp_reads_it():
    df = exertrack.read_export((HEADER + GOOD + GOOD.replace("15", "16")).encode())
    broken = df.copy()
    broken["exercise"] = broken["exercise"].cat.add_categories(["Squat"])
    broken.loc[0, "exercise"] = np.nan
    with pytest.raises(ValueError, match="column 'exercise': row 0 is missing"):
        exertrack.sessions(broken)
    with pytest.raises(ValueError, match="lacks the read_export column"):
        exertrack.sessions(df.drop(columns=["reps"]))
    with pytest.raises(ValueError, match="set_kind"):
        exertrack.sessions(df.assign(set_kind="superset"))
    # A plain-string column (a user's own frame) is as good as a categorical one.
    plain = df.assign(exercise=df["exercise"].astype(str), workout=df["workout"].astype(str))
    pd.testing.assert_frame_equal(exertrack.sessions(plain), exertrack.sessions(df))


def test_export_error_pickles_with_its_attributes():
    e = ExportError("f.csv:3: column 'Weight': value 'x' is not a number", "f.csv", 3, "Weight", "x")
    back = pickle.loads(pickle.dumps(e))
    assert (str(back), back.file, back.line, back.column, back.value) == (str(e), "f.csv", 3, "Weight", "x")


def test_bytes_that_are_not_utf8_reach_python_as_replacement_characters():
    # A Latin-1 export ("Übung" as 0xDC): the reader keeps the file's bytes;
    # Python gets U+FFFD for what is not UTF-8 instead of a UnicodeDecodeError.
    latin1 = (HEADER + "2020-01-15 10:00:00,A,\xdcbung,1,100,5\n").encode("latin-1")
    df = exertrack.read_export(latin1)
    assert df["exercise"].iloc[0] == "\ufffdbung"
    assert len(exertrack.sessions(df)) == 1
    bad_header = ("Date,Workout Name,Exercise Name,Set Order,Weight,Reps,\xdcbung\n" + GOOD).encode("latin-1")
    with pytest.raises(ExportError) as e:
        exertrack.read_export(bad_header, strict=True)
    assert "\ufffd" in str(e.value) or e.value.column is None or "\ufffd" in e.value.column
