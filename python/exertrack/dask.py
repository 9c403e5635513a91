"""Training the next-session model on a Dask cluster, with xgboost.dask.

Each lifter's export is one partition: the workers read it and compute its
transitions (features and targets) with the C++ libraries, exactly as
``exertrack train --task next-session`` does on one machine. The four heads
are then trained by ``xgboost.dask`` with the parameters, the probe and the
temperature recipe of the C++ trainer, read from its definition through the
binding (``_core.training_recipe``, ``calibration_held_out``,
``fit_temperature``), never copied. The model directory it writes is the one
``exertrack serve``, ``exertrack recommend``, the web page and the Node.js
package load.

>>> from distributed import Client                               # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")                      # doctest: +SKIP
>>> exertrack.dask.train(["s3-mounted/lifters/"], client, "model/")  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import ExportError
from ._forecast import FEATURE_NAMES, PLANNED_REPS_FEATURE_NAMES, Model, transition_columns
from ._read import read_log

PathLike = Union[str, "os.PathLike[str]"]

# A partition's columns: what the heads learn from, per transition.
_LABELS = ("action", "weight_target", "weight_sample_weight", "reps_target", "load_target", "load_sample_weight")


def _partition_meta() -> pd.DataFrame:
    columns: dict[str, Any] = {"lifter": np.array([], np.int32)}
    for name in FEATURE_NAMES + PLANNED_REPS_FEATURE_NAMES:
        columns[name] = np.array([], np.float32)
    for name in _LABELS:
        columns[name] = np.array([], np.float32)
    columns["has_load"] = np.array([], bool)
    columns["calibration_latest"] = np.array([], bool)
    return pd.DataFrame(columns)


def lifter_partition(path: str, lifter: int, weight_unit: str = "auto") -> pd.DataFrame:
    """One lifter's transitions as the trainer's partition (runs on a worker).

    The lifter's name is the file's stem, as ``exertrack train`` names it.
    """
    log = read_log(path, weight_unit=weight_unit)
    c = transition_columns(log, Path(path).stem, weight_unit)
    n = len(c["session"])
    columns: dict[str, Any] = {"lifter": np.full(n, lifter, np.int32)}
    for name in FEATURE_NAMES + PLANNED_REPS_FEATURE_NAMES:
        columns[name] = c[name]
    columns["action"] = np.asarray(c["action"].codes, np.float32)
    for name in _LABELS[1:]:
        columns[name] = np.asarray(c[name], np.float32)
    columns["has_load"] = c["has_load"]
    columns["calibration_latest"] = c["calibration_latest"]
    return pd.DataFrame(columns)


def _mark_calibration(part: pd.DataFrame, held_out: np.ndarray) -> pd.DataFrame:
    """calibrate: the transitions the probe does not learn from (as calibration_split)."""
    part = part.copy()
    part["calibrate"] = held_out[part["lifter"].to_numpy()] | part["calibration_latest"].to_numpy()
    return part


def _booster_json(booster: Any) -> str:
    # The C++ side predicts from positions, as exertrack's own models do: the
    # column names a DataFrame gave the booster are not part of the file.
    booster.feature_names = None
    booster.feature_types = None
    return bytes(booster.save_raw("json")).decode("utf-8")


def _fit(client: Any, head: Mapping[str, Any], x: Any, y: Any, weight: Any = None) -> Any:
    import xgboost

    # nthread is the only parameter not passed on: Dask gives each worker its threads.
    params = {k: v for k, v in head["params"].items() if k != "nthread"}
    dtrain = xgboost.dask.DaskQuantileDMatrix(client, x, y, weight=weight, max_bin=int(params["max_bin"]))
    return xgboost.dask.train(client, params, dtrain, num_boost_round=int(head["rounds"]))["booster"]


def train(
    paths: Iterable[PathLike],
    client: Any,
    out: Optional[PathLike] = None,
    *,
    weight_unit: str = "auto",
    options: Optional[Mapping[str, Any]] = None,
    log: Any = None,
) -> Model:
    """Train the next-session model on a Dask cluster.

    Parameters
    ----------
    paths : iterable of str or path objects
        Exports, one lifter per file; a directory stands for every export in
        it (``.csv``/``.txt``, by name), as ``exertrack train --data``. The
        workers read them: every worker must see the same paths (a shared
        file system or object store mounted alike).
    client : distributed.Client
        The cluster, e.g. ``Client("tcp://scheduler:8786")`` or a ``LocalCluster``'s.
    out : str or path object, optional
        The model directory to write (DIR/forecast.json, atomically).
    weight_unit : {'auto', 'kg', 'lb'}, default 'auto'
        As read_export's.
    options : mapping, optional
        Overrides of the C++ trainer's settings, as ``exertrack train``'s
        flags: ``rounds``, ``eta``, ``max_depth``, ``min_child_weight``
        (every head) and ``seed``. Default: the product's settings.
    log : callable, optional
        Called with one line per step (timings).

    Returns
    -------
    Model
        The trained model (also written to ``out`` when given).

    Raises
    ------
    ExportError
        An export cannot be read (raised on the worker, with its attributes).
    ValueError
        Fewer than 20 transitions to learn from, or none with a load.
    """
    import dask
    import dask.dataframe as dd

    say = log or (lambda line: None)
    overrides = dict(options or {})
    recipe = _core.training_recipe(overrides)
    heads = recipe["heads"]
    files = _core.expand_data_paths([os.fspath(p) for p in paths])
    names = [Path(f).stem for f in files]
    t0 = time.perf_counter()

    parts = [dask.delayed(lifter_partition)(f, i, weight_unit) for i, f in enumerate(files)]
    frame = client.persist(dd.from_delayed(parts, meta=_partition_meta(), verify_meta=False))
    lengths, actions, load_rows = client.compute(
        [frame.map_partitions(len), frame["action"].value_counts(), frame["has_load"].sum()], sync=True
    )
    counts = [int(c) for c in lengths]
    transitions = sum(counts)
    if transitions < 20:
        raise ValueError(
            "next-session training needs at least 20 transitions (session -> next session of an exercise), got "
            f"{transitions}"
        )
    say(f"read {len(files)} lifter(s), {transitions} transitions on the workers: {time.perf_counter() - t0:.1f} s")

    # The calibration split of the C++ trainer: whole lifters held out by
    # name among those with transitions, and every other lifter's latest share.
    with_transitions = [i for i, c in enumerate(counts) if c > 0]
    held = _core.calibration_held_out([names[i] for i in with_transitions], overrides)
    held_out = np.zeros(len(files), bool)
    held_out[[i for i, h in zip(with_transitions, held) if h]] = True
    marked = frame.map_partitions(_mark_calibration, held_out, meta=_partition_meta().assign(calibrate=np.array([], bool)))
    features = list(FEATURE_NAMES)
    fit_part = marked[~marked["calibrate"]]
    cal_part = marked[marked["calibrate"]]
    n_fit, n_cal = (int(x) for x in client.compute([fit_part.shape[0], cal_part.shape[0]], sync=True))

    temperature = 1.0
    # As train_model: a temperature when there is a held-out half and enough to fit the probe on.
    if n_cal > 0 and n_fit >= 20:
        t1 = time.perf_counter()
        import xgboost

        probe = _fit(client, heads["action"], fit_part[features], fit_part["action"])
        raw = xgboost.dask.predict(client, probe, cal_part[features])
        raw, labels = client.compute([raw, cal_part["action"]], sync=True)
        temperature = _core.fit_temperature(np.asarray(raw, np.float32), np.asarray(labels, np.float32))
        say(f"probe on {n_fit} transitions, temperature {temperature:g} on {n_cal}: {time.perf_counter() - t1:.1f} s")

    boosters = {}
    t2 = time.perf_counter()
    boosters["action"] = _fit(client, heads["action"], frame[features], frame["action"])
    boosters["weight"] = _fit(client, heads["weight"], frame[features], frame["weight_target"], frame["weight_sample_weight"])
    boosters["reps"] = _fit(client, heads["reps"], frame[features], frame["reps_target"])
    if int(load_rows) == 0:
        raise ValueError("next-session training: no transition with a load on both sessions")
    loaded = frame[frame["has_load"]]
    boosters["load"] = _fit(
        client,
        heads["load"],
        loaded[features + list(PLANNED_REPS_FEATURE_NAMES)],
        loaded["load_target"],
        loaded["load_sample_weight"],
    )
    say(f"four heads on {transitions} transitions ({int(load_rows)} with a load): {time.perf_counter() - t2:.1f} s")

    by_action = np.zeros(len(_core.action_names()), np.int64)
    for code, n in actions.items():
        by_action[int(code)] = int(n)
    model = _core.model_from_heads(
        {name: _booster_json(b) for name, b in boosters.items()},
        temperature,
        overrides,
        transitions,
        int(load_rows),
        int(np.argmax(by_action)),  # the first most frequent, as the C++ run records it
        list(zip(names, counts)),
    )
    client.cancel(frame)
    result = Model(model, Path(os.fspath(out)) if out is not None else None)
    if out is not None:
        result.save(out)
    return result


def evaluate(
    paths: Iterable[PathLike],
    client: Any = None,
    *,
    protocol: str = "kfold",
    folds: int = 10,
    options: Optional[Mapping[str, Any]] = None,
    weight_unit: str = "auto",
) -> dict[str, Any]:
    """``exertrack evaluate --protocol P --json`` on these lifters, with each fold's
    model trained on the cluster (``client``) or, without one, by the C++ trainer.

    The folds, the scores and the baselines are the C++ evaluation's
    (next_session/train/evaluate.cpp); only the trainer differs.
    """
    files = _core.expand_data_paths([os.fspath(p) for p in paths])
    lifters = _core.load_lifters(files, weight_unit)
    trainer = None
    if client is not None:

        def trainer(indices: Sequence[int]) -> Any:
            return train([files[i] for i in indices], client, weight_unit=weight_unit, options=options)._model

    return json.loads(_core.evaluate(lifters, protocol, folds, dict(options or {}), trainer))


def main(argv: Optional[Sequence[str]] = None) -> int:
    """exertrack-dask-train: the command line of train()."""
    p = argparse.ArgumentParser(
        prog="exertrack-dask-train",
        description="Train exertrack's next-session model on a Dask cluster (xgboost.dask); "
        "the model directory it writes is what exertrack serve / recommend load.",
    )
    p.add_argument("--data", action="append", required=True, help="export file or directory of exports (repeatable)")
    p.add_argument("--out", required=True, help="model directory to write (DIR/forecast.json)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", help="the cluster's scheduler, e.g. tcp://scheduler:8786")
    where.add_argument("--local-workers", type=int, help="start a LocalCluster of this many one-thread workers here")
    p.add_argument("--weight-unit", default="auto", choices=["auto", "kg", "lb"])
    p.add_argument("--rounds", type=int, help="boosting rounds of every head (default: the C++ trainer's per head)")
    args = p.parse_args(argv)

    from distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.local_workers, threads_per_worker=1, processes=True))
    try:
        model = train(
            args.data,
            client,
            args.out,
            weight_unit=args.weight_unit,
            options={"rounds": args.rounds},
            log=lambda line: print(f"exertrack-dask-train: {line}", file=sys.stderr, flush=True),
        )
    except (ExportError, ValueError) as e:
        print(f"exertrack-dask-train: {e}", file=sys.stderr)
        return 1
    finally:
        client.close()
    print(f"exertrack-dask-train: wrote {Path(args.out) / 'forecast.json'}: {model.training_summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
