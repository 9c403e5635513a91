"""exertrack.read_export against pandas.read_csv alone, on the same file.

    .venv/bin/python -P bench/python/read_export_vs_read_csv.py [FILE] [--repeat N]

Default FILE: the largest shared export ($EXERTRACK_DATA_DIR, default
../shared/data). read_csv is given the file's delimiter and nothing else: it
neither detects the format nor reads units, set kinds, dates or bad rows,
which read_export does. Both are timed in this process, alternating, after
a warm-up each; the median of the repeats is compared (process CPU time and
wall time), with the minor page faults per call beside them: glibc returns
large freed blocks to the kernel, and touching them again costs a fault per
4 KiB page, so the order the two run in moves both (bench/README.md).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from pathlib import Path

import pandas as pd

import exertrack


def largest_export(data: Path) -> Path:
    files = [data / "weightlifting_721_workouts.csv"]
    for sub in ("exports", "lifters"):
        files += [p for p in (data / sub).iterdir() if p.suffix == ".csv"]
    return max(files, key=lambda p: p.stat().st_size)


def timed(f) -> tuple[float, float, int]:
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    w0, c0 = time.perf_counter(), time.process_time()
    f()
    w, c = time.perf_counter() - w0, time.process_time() - c0
    return w, c, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    p = argparse.ArgumentParser()
    p.add_argument("file", nargs="?")
    p.add_argument("--repeat", type=int, default=41)
    args = p.parse_args()
    data = Path(os.environ.get("EXERTRACK_DATA_DIR", root.parent / "shared" / "data"))
    path = Path(args.file) if args.file else largest_export(data)
    head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    sep = ";" if head.count(";") > head.count(",") else ","

    def ours():
        return exertrack.read_export(path)

    def theirs():
        return pd.read_csv(path, sep=sep)

    ours(), theirs()  # warm-up: page cache, imports, allocator
    runs = {"read_export": [], "read_csv": []}
    for _ in range(args.repeat):
        runs["read_export"].append(timed(ours))
        runs["read_csv"].append(timed(theirs))
    df, raw = ours(), theirs()
    print(f"file: {path.name} ({path.stat().st_size:,} bytes, {len(raw):,} CSV rows; "
          f"read_export kept {len(df):,} sets, format {df.attrs['format']})")
    med = {k: (statistics.median(w for w, _, _ in v), statistics.median(c for _, c, _ in v)) for k, v in runs.items()}
    low = {k: (min(w for w, _, _ in v), min(c for _, c, _ in v)) for k, v in runs.items()}
    faults = {k: statistics.median(f for _, _, f in v) for k, v in runs.items()}
    for k in runs:
        print(f"{k:12s} wall median {med[k][0] * 1e3:7.2f} ms (min {low[k][0] * 1e3:7.2f})   "
              f"cpu median {med[k][1] * 1e3:7.2f} ms (min {low[k][1] * 1e3:7.2f})   "
              f"{faults[k]:,.0f} page faults   ({args.repeat} runs)")
    print(f"read_csv / read_export: wall {med['read_csv'][0] / med['read_export'][0]:.2f}x "
          f"(min {low['read_csv'][0] / low['read_export'][0]:.2f}x), cpu {med['read_csv'][1] / med['read_export'][1]:.2f}x "
          f"(min {low['read_csv'][1] / low['read_export'][1]:.2f}x)")


if __name__ == "__main__":
    main()
