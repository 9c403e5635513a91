#!/usr/bin/env python3
"""Writes the benchmark request bodies into DIR:
- body_1.json, body_64.json (notebook model): 1 and 64 exercises, each the
  issue's example history (7 sets, kg) with the weights shifted per exercise;
- forecast_1.json, forecast_16.json (next-session model): 1 and 16
  exercises of 12 dated sessions of 3 sets (bench/bench_serve.cpp's
  forecast_body builds the same requests in process), and forecast_16.csv,
  the same 16 histories as a Strong export, for `exertrack recommend`;
- malformed/NNN.json: bodies the server must refuse with a 4xx, each kind of
  mistake a client makes (bench/serve/check.lua interleaves them)."""
import json
import os
import sys

out = sys.argv[1]
base = [(100, 10), (100, 10), (100, 10), (100, 20), (100, 30), (120, 10), (130, 8)]


def exercise(i):
    return {"name": f"Bench Press (Barbell) {i}", "unit": "kg",
            "sets": [{"weight": w + i % 7, "reps": r} for w, r in base]}


def dump(name, doc):
    with open(os.path.join(out, name), "w") as f:
        json.dump(doc, f, separators=(",", ":"))


for n in (1, 64):
    dump(f"body_{n}.json", {"exercises": [exercise(i) for i in range(n)]})

# Twelve sessions two days apart, three equal sets each.
WEIGHTS = [80, 80, 80, 82.5, 82.5, 82.5, 85, 85, 82.5, 85, 87.5, 87.5]
REPS = [8, 9, 10, 8, 9, 10, 8, 8, 10, 9, 7, 8]


def forecast_exercise(i):
    return {"name": f"Bench Press (Barbell) {i}", "unit": "kg",
            "sessions": [{"date": f"2024-01-{1 + 2 * s:02d}",
                          "sets": [{"weight": WEIGHTS[s] + i, "reps": REPS[s]}] * 3}
                         for s in range(12)]}


for n in (1, 16):
    dump(f"forecast_{n}.json", {"exercises": [forecast_exercise(i) for i in range(n)]})

with open(os.path.join(out, "forecast_16.csv"), "w") as f:
    f.write('"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";'
            '"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n')
    for s in range(12):
        for i in range(16):
            for k in range(3):
                f.write(f'"{s + 1}";"2024-01-{1 + 2 * s:02d} 00:00:00";"Workout";"3600";"Bench Press (Barbell) {i}";'
                        f'"{k + 1}";"{WEIGHTS[s] + i}";"{REPS[s]}";"";"0";"0";"";""\n')

# What a client gets wrong: syntax, shapes, types, values out of range,
# encodings. Each must be a 4xx, never a 200, a 5xx or a crash.
good = json.dumps({"exercises": [forecast_exercise(0)]}, separators=(",", ":"))
one = forecast_exercise(0)


def with_set(**fields):
    e = json.loads(json.dumps(one))
    e["sessions"][-1]["sets"][0].update(fields)
    return json.dumps({"exercises": [e]})


malformed = [good[: len(good) * k // 10] for k in range(1, 10)]  # cut anywhere
malformed += [
    "", "hello", "null", "[]", "{}", "{\"exercises\": []}", "{\"exercises\": \"squat\"}", "{\"exercises\": [null]}",
    "{\"exercises\": [1, 2, 3]}", "[" * 100000 + "]" * 100000, "{\"exercises\": [{\"name\": \"x\"}]}",
    json.dumps({"exercises": [{**one, "unit": "stone"}]}),
    json.dumps({"exercises": [{k: v for k, v in one.items() if k != "unit"}]}),
    json.dumps({"exercises": [{**one, "sessions": []}]}),
    json.dumps({"exercises": [{**one, "sessions": [{"date": "2024-13-45", "sets": [{"weight": 80, "reps": 5}]}]}]}),
    json.dumps({"exercises": [{**one, "sessions": [{"date": "2024-01-01", "sets": []}]}]}),
    json.dumps({"exercises": [one], "planned_reps": [0]}),
    json.dumps({"exercises": [one], "planned_reps": [1.5]}),
    json.dumps({"exercises": [one], "planned_reps": [1e9]}),
    json.dumps({"exercises": [one], "planned_reps": "five"}),
    with_set(reps=-3), with_set(reps="ten"), with_set(reps=1e300), with_set(weight="NaN"), with_set(weight=1e308),
    with_set(weight=None),
    good.replace("\"reps\":8", "\"reps\":1e999", 1),
    good + "garbage", good.replace("{", "{{", 1), good.replace("\"", "'"),
]
os.makedirs(os.path.join(out, "malformed"), exist_ok=True)
for k, body in enumerate(malformed):
    with open(os.path.join(out, "malformed", f"{k:03d}.json"), "w") as f:
        f.write(body)
with open(os.path.join(out, "malformed", f"{len(malformed):03d}.json"), "wb") as f:
    f.write(good.replace("Bench", "B\xffnch").encode("latin-1"))  # not UTF-8
