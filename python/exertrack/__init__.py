"""exertrack from Python: every workout export into pandas, the next-session
forecast, and its training on a Dask cluster.

A thin binding over exertrack's C++ libraries: the reader, the sessions, the
features and targets, the model and its advice are computed by the same code
as the ``exertrack`` command line, never re-typed here.

>>> import exertrack
>>> df = exertrack.read_export("strong.csv")          # doctest: +SKIP
>>> exertrack.Model.load().recommend(df)              # doctest: +SKIP
"""

from ._errors import ExportError
from ._forecast import ACTIONS, FEATURE_NAMES, PLANNED_REPS_FEATURE_NAMES, Model, sessions, shipped_model_dir, transitions
from ._read import read_export
from ._version import __version__

__all__ = [
    "ACTIONS",
    "FEATURE_NAMES",
    "PLANNED_REPS_FEATURE_NAMES",
    "ExportError",
    "Model",
    "__version__",
    "read_export",
    "sessions",
    "shipped_model_dir",
    "transitions",
]
