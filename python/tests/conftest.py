"""Where the tests find the shared data and the C++ build.

EXERTRACK_DATA_DIR: the shared data (default ../shared/data beside the
repository). Without it the tests that need it are skipped, except under
CI=true, where a missing data set fails (CI runs every test), as in
scripts/test.sh. EXERTRACK_BUILD_DIR: the CMake build holding
apps/exertrack/exertrack and tests/next_session/train/forecast_reference
(default build/ in the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return Path(os.environ.get("EXERTRACK_DATA_DIR", ROOT.parent / "shared" / "data"))


def build_dir() -> Path:
    return Path(os.environ.get("EXERTRACK_BUILD_DIR", ROOT / "build"))


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        message = f"{what} is missing ({path})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {message}; CI runs every test")
        pytest.skip(message)
    return path


def shared_exports() -> list[Path]:
    """Every shared export: the 721-workouts file, exports/ and lifters/ (the 51 lifters)."""
    d = data_dir()
    if not d.exists():
        return []
    files = [d / "weightlifting_721_workouts.csv"]
    for sub in ("exports", "lifters"):
        files += sorted(p for p in (d / sub).iterdir() if p.suffix.lower() in (".csv", ".txt"))
    return [f for f in files if f.exists()]


@pytest.fixture(scope="session")
def data() -> Path:
    return _need(data_dir(), "the shared data set (set EXERTRACK_DATA_DIR)")


@pytest.fixture(scope="session")
def exertrack_bin() -> Path:
    return _need(Path(os.environ.get("EXERTRACK_BIN", build_dir() / "apps" / "exertrack" / "exertrack")),
                 "the exertrack binary (set EXERTRACK_BIN or EXERTRACK_BUILD_DIR)")


@pytest.fixture(scope="session")
def reference_bin() -> Path:
    return _need(build_dir() / "tests" / "next_session" / "train" / "forecast_reference",
                 "forecast_reference (build it: cmake --build build --target forecast_reference)")
