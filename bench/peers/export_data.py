#!/usr/bin/env python3
"""Exports the training matrix every peer benchmark trains on.

Reads an `exertrack train` run directory (dataset.csv + metrics.json) and
writes the notebook split's training rows, standardized with the run's own
StandardScaler (metrics.json "standardization": mean/scale), as a CSV with
columns f0,f1,f2,f3,label. Standard library only, so it runs under any
python3 (the peers' numpy/torch need not be importable here).

    export_data.py RUN_DIR OUT.csv
"""
import csv
import json
import math
import os
import sys

FEATURES = ["weight_change_pct", "reps_change_pct", "weight_ma", "reps_ma"]


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: export_data.py RUN_DIR OUT.csv")
    run_dir, out_path = argv[1], argv[2]
    with open(f"{run_dir}/metrics.json", encoding="utf-8") as f:
        std = json.load(f)["standardization"]
    mean, scale = std["mean"], std["scale"]
    if len(mean) != 4 or len(scale) != 4:
        sys.exit(f"{run_dir}/metrics.json: standardization must have 4 means and 4 scales")

    rows = []
    with open(f"{run_dir}/dataset.csv", newline="", encoding="utf-8") as f:
        for line_no, rec in enumerate(csv.DictReader(f), start=2):
            if rec["split"] != "train":
                continue
            try:
                x = [float(rec[name]) for name in FEATURES]
                label = int(rec["label"])
            except (KeyError, ValueError) as e:
                sys.exit(f"{run_dir}/dataset.csv:{line_no}: {e}")
            rows.append((x, label))
    if not rows:
        sys.exit(f"{run_dir}/dataset.csv: no split=train rows")

    # The scaler must be the one fitted on exactly these rows (population
    # std, like sklearn's StandardScaler); a mismatch means a stale run dir.
    n = len(rows)
    for j in range(4):
        m = sum(x[j] for x, _ in rows) / n
        s = math.sqrt(sum((x[j] - m) ** 2 for x, _ in rows) / n)
        if not (math.isclose(m, mean[j], rel_tol=1e-6, abs_tol=1e-9) and math.isclose(s, scale[j], rel_tol=1e-6)):
            sys.exit(f"feature {FEATURES[j]}: train mean/std {m}/{s} differ from metrics.json {mean[j]}/{scale[j]}")

    tmp = out_path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["f0", "f1", "f2", "f3", "label"])
        for x, label in rows:
            w.writerow([repr((x[j] - mean[j]) / scale[j]) for j in range(4)] + [label])
    os.replace(tmp, out_path)
    counts = [sum(1 for _, l in rows if l == c) for c in range(3)]
    print(f"export_data: {n} train rows, class counts {counts} -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
