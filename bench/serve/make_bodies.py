#!/usr/bin/env python3
"""Writes the benchmark request bodies: 1 and 64 exercises, each the issue's
example history (7 sets, kg) with the weights shifted per exercise."""
import json
import sys

out = sys.argv[1]
base = [(100, 10), (100, 10), (100, 10), (100, 20), (100, 30), (120, 10), (130, 8)]


def exercise(i):
    return {"name": f"Bench Press (Barbell) {i}", "unit": "kg",
            "sets": [{"weight": w + i % 7, "reps": r} for w, r in base]}


for n in (1, 64):
    with open(f"{out}/body_{n}.json", "w") as f:
        json.dump({"exercises": [exercise(i) for i in range(n)]}, f)
