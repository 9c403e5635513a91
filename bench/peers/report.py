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


def flow_epochs(metrics):
    """(rows, units, batch, epochs) of every training run in an `exertrack
    train` metrics.json: the CV folds, the Hyperband trials (epochs actually
    run), the best-epoch search and the final model."""
    items = []
    cv = metrics.get("cv")
    if cv:
        o = cv["options"]
        for f in cv["folds"]:
            items.append((f["train_rows"], tuple(o["units"]), o["batch_size"], f["epochs_run"]))
    train_rows = metrics["rows"]["train"]
    tuning = metrics.get("tuning")
    if tuning:
        for t in tuning["trials"]:
            h = t["hyperparameters"]
            items.append((train_rows, tuple(h["units"]), h["batch_size"], t["epochs_run"]))
    hp = metrics["hyperparameters"]
    for key in ("best_epoch_search", "final_training"):
        if metrics.get(key):
            items.append((train_rows, tuple(hp["units"]), hp["batch_size"], metrics[key]["epochs"]))
    return items


def fit_epoch_model(points, rows):
    """Least-squares fit, in relative error, of
        ms per epoch = a * steps + b * MFLOP,   steps = ceil(rows / batch)
    (a: fixed cost per optimizer step, b: cost per FLOP) to one peer's
    measured (units, batch, ms) points; a, b >= 0."""
    eqs = []
    for units, batch, ms in points:
        steps = -(-rows // batch)
        eqs.append((steps / ms, flop_count(rows, *units) / 1e6 / ms))

    def solve(use_a, use_b):
        saa = sum(e[0] * e[0] for e in eqs)
        sbb = sum(e[1] * e[1] for e in eqs)
        sab = sum(e[0] * e[1] for e in eqs)
        sa = sum(e[0] for e in eqs)
        sb = sum(e[1] for e in eqs)
        if use_a and use_b:
            det = saa * sbb - sab * sab
            if det > 0:
                return (sa * sbb - sb * sab) / det, (sb * saa - sa * sab) / det
        if use_a and not use_b:
            return sa / saa, 0.0
        return 0.0, sb / sbb

    a, b = solve(True, True)
    if a < 0:
        a, b = solve(False, True)
    elif b < 0:
        a, b = solve(True, False)
    return a, b


def flow_estimates(results, metrics, rows):
    """Each single-thread peer's CPU seconds for the training epochs of the
    whole flow, from its fitted per-epoch model (validation passes, data
    preparation and export left out)."""
    items = flow_epochs(metrics)
    out = {}
    for peer in PEERS:
        if peer in MULTI_THREADED:
            continue
        pts = [(tuple(r["units"]), r["batch"], r["cpu_ms"]) for r in results if r["peer"] == peer]
        if len(pts) < 2:
            continue
        a, b = fit_epoch_model(pts, rows)
        total_ms = 0.0
        for n, units, batch, epochs in items:
            per_epoch = a * -(-n // batch) + b * flop_count(n, *units) / 1e6
            total_ms += epochs * per_epoch
        out[peer] = total_ms / 1e3
    return items, out


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
            if metric == "cpu":
                # A multi-threaded run's CPU time adds its threads: show its
                # fastest timed epoch's wall time, the least disturbed one.
                return min(r["epoch_wall_ms"]) if peer in MULTI_THREADED else r["cpu_ms"]
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
    print("except torch-2t: two threads, wall time of its fastest timed epoch.\n")
    print(table(results, peak, rows, "cpu"))
    print("\nWall time per epoch, median (equal to the CPU time on an idle machine; inflated by other load):\n")
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
    if "openblas_coretype" in env:
        chosen = env["openblas_coretype"]
        print(f"OpenBLAS kernel for scikit-learn and PyTorch: "
              + (f"OPENBLAS_CORETYPE={chosen}, the best the CPU's flags allow (run.sh chose it: OpenBLAS 0.3.21 "
                 "falls back to its slowest kernel on CPUs it does not recognise)" if chosen else "OpenBLAS's own detection"))
    versions = {r["peer"]: r.get("version") for r in results if r.get("version")}
    if versions:
        print("versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    wasm = next((r for r in results if r["peer"] == "tfjs-wasm"), None)
    if wasm:
        print(f"tfjs-wasm: SIMD {wasm.get('wasm_simd')}, threads {wasm.get('wasm_threads')}")

    flow_path = os.path.join(d, "flow.json")
    flow_mean = None
    flow_user_cpu = None
    if os.path.exists(flow_path):
        with open(flow_path, encoding="utf-8") as f:
            flow = json.load(f)["results"][0]
        flow_mean = flow["mean"]
        flow_user_cpu = flow["user"] + flow["system"]
        print(f"\n## Whole flow: `{flow['command']}`\n")
        print(f"wall {flow['mean']:.2f} s (min {flow['min']:.2f} s, {len(flow['times'])} runs); "
              f"CPU user {flow['user']:.2f} s + system {flow['system']:.2f} s")
        print("Notebook reference (TensorFlow 2.15, Python): the Hyperband search alone took 1 min 49 s.")
    metrics_path = os.path.join(d, "flow-run", "metrics.json")
    if os.path.exists(metrics_path) and results:
        with open(metrics_path, encoding="utf-8") as f:
            metrics = json.load(f)
        items, est = flow_estimates(results, metrics, rows)
        n_epochs = sum(i[3] for i in items)
        flops = sum(i[3] * flop_count(i[0], *i[1]) for i in items)
        print(f"\nThe flow trains {len(items)} models for {n_epochs} epochs in all "
              f"({flops / 1e9:.0f} GFLOP; FLOP bound {flops / (peak * 1e9):.2f} s on one core, "
              f"{flops / (peak * 1e9) / os.cpu_count():.2f} s on {os.cpu_count()}).")
        print("Estimated CPU time of those epochs per peer (one thread; per-epoch cost fitted as "
              "a·steps + b·FLOPs to the table above; validation passes left out):\n")
        print("| " + " | ".join(est) + " |")
        print("|" + "---|" * len(est))
        ref = est.get("exertrack")
        print("| " + " | ".join(f"{v:.1f} s" + (f" (×{v / ref:.0f})" if ref and k != "exertrack" else "")
                                for k, v in est.items()) + " |")
        if ref and flow_user_cpu is not None:
            print(f"\nCheck of the model: exertrack's estimate {ref:.1f} s against its measured {flow_user_cpu:.1f} s CPU "
                  "(user + system of the whole run, validation passes and I/O included).")
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
        ncpu = os.cpu_count() or 1
        line = f"- whole flow ≤ 10 s wall: {flow_mean:.2f} s -> {'met' if flow_mean <= 10.0 else 'NOT met'}"
        if flow_user_cpu is not None:
            line += (f" (its CPU time {flow_user_cpu:.2f} s spread over {ncpu} cores would take "
                     f"{flow_user_cpu / ncpu:.2f} s: on a busy machine the wall time says little)")
        print(line)
    load = env.get("loadavg")
    if load:
        print(f"\nload average before/after: {load[0]} / {load[1]} on {env.get('nproc')} cores"
              + ("  (machine was busy: read the CPU-time table)" if float(load[0].split()[0]) > 0.5 else ""))


if __name__ == "__main__":
    main(sys.argv)
