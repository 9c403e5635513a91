"""Distributed training (exertrack.dask.train on a LocalCluster) against the
single-machine trainer (the C++ train_model, as `exertrack train` runs it)
on the same synthetic lifters.

    .venv/bin/python -P bench/python/dask_train.py --transitions 1000000 [--workers 2] [--rounds N] [--skip-single]

Lifters are written by `exertrack synth` (one Strong export per lifter,
seeds 1, 2, ...) into --dir (default $TMPDIR/exertrack-dask-bench), until
their transitions reach --transitions; they are kept there for the next run.
The cluster has --workers worker processes of one thread each, each limited
to --memory-limit and spilling to --dir/spill past Dask's thresholds.
Printed: wall time, CPU seconds (the workers' processes, or the child's),
transitions per second of wall and of CPU, and peak memory (the workers'
process memory summed, sampled every 0.5 s by distributed's MemorySampler;
for the single-machine trainer the child process's peak RSS). On a shared
machine the CPU figures are the reliable ones: other jobs stretch wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import exertrack
from exertrack import _core

ROOT = Path(__file__).resolve().parents[2]


def transitions_of(path: Path) -> int:
    return len(exertrack.transitions(path))


def make_lifters(exe: Path, directory: Path, target: int, weeks: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    files, total, seed = [], 0, 1
    while total < target:
        path = directory / f"synthetic-{seed:06d}.csv"
        if not path.exists():
            subprocess.run([str(exe), "synth", "--out", str(path), "--seed", str(seed), "--weeks", str(weeks)],
                           check=True, capture_output=True)
        files.append(path)
        total += transitions_of(path)
        seed += 1
    return files


def _cpu_seconds() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


SINGLE = """
import json, resource, sys, time
from exertrack import _core
files, overrides = json.loads(sys.argv[1]), json.loads(sys.argv[2])
t0 = time.perf_counter()
lifters = _core.load_lifters(files)
t1 = time.perf_counter()
model = _core.train_local(lifters, overrides)
t2 = time.perf_counter()
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"read": t1 - t0, "train": t2 - t1, "cpu": u.ru_utime + u.ru_stime, "peak_rss": u.ru_maxrss * 1024}))
"""


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--transitions", type=float, required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--memory-limit", default="6GiB")
    p.add_argument("--rounds", type=int, help="rounds of every head (default: the product's, per head)")
    p.add_argument("--weeks", type=int, default=520, help="length of each synthetic lifter's log")
    p.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "exertrack-dask-bench"))
    p.add_argument("--skip-single", action="store_true")
    p.add_argument("--skip-dask", action="store_true")
    args = p.parse_args()
    exe = Path(os.environ.get("EXERTRACK_BIN", ROOT / "build" / "apps" / "exertrack" / "exertrack"))
    directory = Path(args.dir)
    t0 = time.perf_counter()
    files = make_lifters(exe, directory / "lifters", int(args.transitions), args.weeks)
    print(f"{len(files)} synthetic lifters in {directory / 'lifters'} ({time.perf_counter() - t0:.0f} s to list/make)",
          flush=True)
    overrides = {"rounds": args.rounds} if args.rounds else {}
    rows = []

    if not args.skip_dask:
        import distributed
        from distributed.diagnostics import MemorySampler

        cluster = distributed.LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, memory_limit=args.memory_limit,
            local_directory=str(directory / "spill"), dashboard_address=None,
        )
        client = distributed.Client(cluster)
        sampler = MemorySampler()
        cpu0 = sum(client.run(_cpu_seconds).values())
        t0 = time.perf_counter()
        with sampler.sample("train", interval=0.5):
            model = exertrack.dask.train(files, client, directory / "model-dask", options=overrides,
                                         log=lambda line: print("  dask:", line, flush=True))
        wall = time.perf_counter() - t0
        cpu = sum(client.run(_cpu_seconds).values()) - cpu0
        peak = float(sampler.to_pandas()["train"].max())
        n = model.training["transitions"]
        rows.append(("dask", args.workers, n, wall, cpu, peak))
        client.close()
        cluster.close()

    if not args.skip_single:
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-P", "-c", SINGLE, json.dumps([str(f) for f in files]), json.dumps(overrides)],
                           capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t0
        m = json.loads(r.stdout)
        n = sum(len(exertrack.transitions(f)) for f in files) if not rows else rows[0][2]
        print(f"  single: read {m['read']:.1f} s, train {m['train']:.1f} s", flush=True)
        rows.append(("single machine (C++, 2 threads)", 1, n, wall, m["cpu"], m["peak_rss"]))

    print("| trainer | workers | transitions | wall s | CPU s | transitions/s (wall) | transitions per CPU s | peak memory GiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, w, n, wall, cpu, peak in rows:
        print(f"| {name} | {w} | {n:,} | {wall:.0f} | {cpu:.0f} | {n / wall:,.0f} | {n / cpu:,.0f} | {peak / 2**30:.2f} |")


if __name__ == "__main__":
    import exertrack.dask  # noqa: F401

    main()
