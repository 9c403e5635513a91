#!/usr/bin/env python3
"""Prints run.sh's results as tables: ms per epoch per configuration and
peer, with each peer's ratio to exertrack, the FLOP lower bound, the
whole-flow timing and the issue's targets. Standard library only.

    report.py RESULTS_DIR

RESULTS_DIR holds results.jsonl (one JSON object per peer run), flops.json
(bench_flops' Google Benchmark JSON), optionally flow.json (hyperfine's
--export-json of `exertrack train`) and env.json (machine notes).

FLOP count of one epoch (forward + backward, rows x (4-u1-u2-3) MLP):
    6 * rows * (4*u1 + u1*u2 + u2*3)
2 FLOPs per multiply-add in the forward products, 4 in the backward ones
(input gradient and weight gradient); bias, ReLU, softmax and Adam are O(rows*units)
or O(params) and left out, so the bound is a true lower bound.
"""
import json
import os
import sys

PEERS = ["exertrack", "tfjs-cpu", "tfjs-wasm", "torch-1t", "torch-2t", "sklearn"]
MULTI_THREADED = {"torch-2t"}


def flop_count(rows, u1, u2):
    return 6.0 * rows * (4 * u1 + u1 * u2 + u2 * 3)


def peak_gflops(flops_json):
    rates = [b["GFLOPs"] for b in flops_json.get("benchmarks", []) if "GFLOPs" in b]
    if not rates:
        sys.exit("report: bench_flops reported no GFLOPs counter")
    return max(rates)  # already GFLOP per CPU second (bench_flops divides by 1e9)


def fmt_ms(ms):
    if ms is None:
        return "—"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


def table(results, peak, rows, metric):
    """metric 'cpu': process CPU time (single-thread peers; torch-2t wall)."""
    configs = sorted({(tuple(r["units"]), r["batch"]) for r in results}, key=lambda c: (c[0][0] * c[0][1], c[1]))
    head = "| units | batch | " + " | ".join(PEERS) + " | FLOP bound |"
    lines = [head, "|" + "---|" * (len(PEERS) + 3)]
    for units, batch in configs:
        by_peer = {r["peer"]: r for r in results if tuple(r["units"]) == units and r["batch"] == batch}

        def value(peer):
            r = by_peer.get(peer)
            if r is None:
                return None
            if metric == "cpu" and peer not in MULTI_THREADED:
                return r["cpu_ms"]
            return r["wall_ms"]

        ref = value("exertrack")
        cells = []
        for peer in PEERS:
            v = value(peer)
            if v is None:
                cells.append("—")
            elif peer == "exertrack" or ref is None:
                cells.append(fmt_ms(v))
            else:
                cells.append(f"{fmt_ms(v)} (×{v / ref:.1f})")
        bound = flop_count(rows, *units) / (peak * 1e9) * 1e3
        bound_cell = fmt_ms(bound)
        if ref is not None:
            bound_cell += f" (exertrack ×{ref / bound:.1f})"
        lines.append(f"| {units[0]}/{units[1]} | {batch} | " + " | ".join(cells) + f" | {bound_cell} |")
    return "\n".join(lines)


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: report.py RESULTS_DIR")
    d = argv[1]
    with open(os.path.join(d, "results.jsonl"), encoding="utf-8") as f:
        results = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(d, "flops.json"), encoding="utf-8") as f:
        peak = peak_gflops(json.load(f))
    rows = results[0]["rows"] if results else 0
    env = {}
    if os.path.exists(os.path.join(d, "env.json")):
        with open(os.path.join(d, "env.json"), encoding="utf-8") as f:
            env = json.load(f)

    print(f"## Training: ms per epoch, {rows} rows x 4 features, 3 classes; ratio = peer / exertrack\n")
    print("Process CPU time per epoch (median of the timed epochs after a warm-up epoch); one thread each,")
    print("except torch-2t: wall time with two threads.\n")
    print(table(results, peak, rows, "cpu"))
    print("\nWall time per epoch (equal to the CPU time on an idle machine; inflated by other load):\n")
    print(table(results, peak, rows, "wall"))
    print(f"\nFLOP bound = 6 * rows * (4*u1 + u1*u2 + u2*3) / {peak:.1f} GFLOP/s (bench_flops, one core, peak FMA).")

    for r in results:
        if r["peer"] == "sklearn" and r.get("blas"):
            blas = [b for b in r["blas"] if b.get("internal_api") not in ("openmp",)]
            if blas:
                b = blas[0]
                print(f"scikit-learn {r['version']} ({r.get('dtype')}): BLAS {b['internal_api']} {b['version']}, "
                      f"kernel {b['architecture']}, {b['num_threads']} thread(s)")
            break
    versions = {r["peer"]: r.get("version") for r in results if r.get("version")}
    if versions:
        print("versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    wasm = next((r for r in results if r["peer"] == "tfjs-wasm"), None)
    if wasm:
        print(f"tfjs-wasm: SIMD {wasm.get('wasm_simd')}, threads {wasm.get('wasm_threads')}")

    flow_path = os.path.join(d, "flow.json")
    flow_mean = None
    if os.path.exists(flow_path):
        with open(flow_path, encoding="utf-8") as f:
            flow = json.load(f)["results"][0]
        flow_mean = flow["mean"]
        print(f"\n## Whole flow: `{flow['command']}`\n")
        print(f"wall {flow['mean']:.2f} s (min {flow['min']:.2f} s, {len(flow['times'])} runs); "
              f"CPU user {flow['user']:.2f} s + system {flow['system']:.2f} s")
        print("Notebook reference (TensorFlow 2.15, Python): the Hyperband search alone took 1 min 49 s.")
    stages = env.get("flow_timings_s")
    if stages:
        print("exertrack's own stage timings (metrics.json timings_s): "
              + ", ".join(f"{k} {v:.3f} s" for k, v in stages.items()))

    print("\n## Targets (issue 4)\n")
    ex = {(tuple(r["units"]), r["batch"]): r for r in results if r["peer"] == "exertrack"}
    small = ex.get(((32, 96), 32))
    if small:
        ok = small["cpu_ms"] <= 3.0
        print(f"- 32/96 batch 32 epoch ≤ 3 ms: {fmt_ms(small['cpu_ms'])} CPU, {fmt_ms(small['wall_ms'])} wall -> "
              f"{'met' if ok else 'NOT met'} (CPU)")
    for batch in (32, 256):
        big = ex.get(((512, 256), batch))
        if big:
            bound = flop_count(rows, 512, 256) / (peak * 1e9) * 1e3
            ratio = big["cpu_ms"] / bound
            print(f"- 512/256 batch {batch} within 2x of its FLOP bound ({fmt_ms(bound)}): {fmt_ms(big['cpu_ms'])} "
                  f"= {ratio:.2f}x -> {'met' if ratio <= 2.0 else 'NOT met'}")
    if flow_mean is not None:
        print(f"- whole flow ≤ 10 s wall: {flow_mean:.2f} s -> {'met' if flow_mean <= 10.0 else 'NOT met'}")
    load = env.get("loadavg")
    if load:
        print(f"\nload average before/after: {load[0]} / {load[1]} on {env.get('nproc')} cores"
              + ("  (machine was busy: read the CPU-time table)" if float(load[0].split()[0]) > 0.5 else ""))


if __name__ == "__main__":
    main(sys.argv)
