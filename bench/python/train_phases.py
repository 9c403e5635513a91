"""The single-machine trainer's time by phase, on the synthetic lifters of
bench/python/dask_train.py (the first files of its --dir, up to --transitions).

    /usr/bin/time -v .venv/bin/python -P bench/python/train_phases.py --transitions 1000000 [--dir DIR] [--rounds N]

`exertrack train --task next-session` logs only its evaluation's and its
training's totals, so the phases are timed here, through the binding, on
the C++ functions the trainer runs (all in this one process, in order):

- reading: `read_workout_log` of every file (the C++ reader alone);
- sessions and features: `load_lifters` (reading again, then each lifter's
  sessions, transitions and features) less the reading;
- head rows, DMatrix and sketch: `train_model` with 1 round per head (the
  probe and the four heads' rows, their DMatrix and XGBoost's quantile
  sketch, plus one round each);
- boosting: `train_model` with the product's rounds (or --rounds N of
  every head), less the 1-round fit.

Printed per phase: wall and CPU seconds (the process's, both cores), and
the peak RSS; /usr/bin/time -v around it gives the same peak from outside.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import exertrack
from exertrack import _core, _read


def cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--transitions", type=float, required=True)
    p.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "exertrack-dask-bench"),
                   help="dask_train.py's --dir (its lifters/ are read; run dask_train.py first to make them)")
    p.add_argument("--rounds", type=int, help="rounds of every head in the full fit (default: the product's, per head)")
    args = p.parse_args()
    counts_path = Path(args.dir) / "transitions.json"
    counts = json.loads(counts_path.read_text()) if counts_path.exists() else {}
    files, total = [], 0
    for path in sorted((Path(args.dir) / "lifters").glob("synthetic-*.csv")):
        if total >= args.transitions:
            break
        if path.name not in counts:
            counts[path.name] = len(exertrack.transitions(path))
        files.append(str(path))
        total += counts[path.name]
    counts_path.write_text(json.dumps(counts))
    if total < args.transitions:
        sys.exit(f"only {total:,} transitions in {args.dir}/lifters: run dask_train.py --transitions {args.transitions:g} first")

    phases = []

    def phase(name, f):
        w0, c0 = time.perf_counter(), cpu()
        out = f()
        phases.append((name, time.perf_counter() - w0, cpu() - c0))
        return out

    phase("reading", lambda: [_read.read_log(f).sets for f in files])  # each log freed at once
    lifters = phase("reading + sessions and features", lambda: _core.load_lifters(files))
    one = phase("head rows, DMatrix and sketch (1 round)", lambda: _core.train_local(lifters, {"rounds": 1}))
    full = phase("full training", lambda: _core.train_local(lifters, {"rounds": args.rounds} if args.rounds else {}))
    n = json.loads(full.to_json())["training"]["transitions"]
    del one
    (_, rw, rc), (_, lw, lc), (_, dw, dc), (_, fw, fc) = phases
    rows = [("reading", rw, rc), ("sessions and features", lw - rw, lc - rc),
            ("head rows, DMatrix, sketch", dw, dc), ("boosting", fw - dw, fc - dc)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    rounds = f"{args.rounds} rounds per head" if args.rounds else "the product's rounds"
    print(f"{len(files)} lifters, {n:,} transitions, {rounds}; peak RSS {peak / 2**30:.2f} GiB")
    print("| phase | wall s | CPU s | CPU µs per transition |")
    print("| --- | ---: | ---: | ---: |")
    for name, w, c in rows:
        print(f"| {name} | {w:.2f} | {c:.2f} | {c / n * 1e6:.1f} |")
    print(f"| total (reading once, features, full training) | {lw + fw:.2f} | {lc + fc:.2f} | {(lc + fc) / n * 1e6:.1f} |")


if __name__ == "__main__":
    main()
