#!/usr/bin/python3
"""PyTorch peer (Debian's python3-torch): the exertrack model — Linear(4,u1)
ReLU Linear(u1,u2) ReLU Linear(u2,3), Glorot-uniform kernels and zero biases
like Keras, Adam(lr 1e-3, eps 1e-7 as Keras), cross-entropy from the logits —
trained with a reshuffled mini-batch loop, timed per epoch. The first
`--warmup` epochs are not counted.

    torch_epoch.py --data train.csv --units 32,96 --batch 32 --epochs 5 --threads 1 [--warmup 1]

Prints one JSON object: median wall and process-CPU (all threads) ms per epoch.
"""
import argparse
import json
import statistics
import time

import numpy as np
import threadpoolctl
import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--units", default="32,96")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    u1, u2 = (int(u) for u in a.units.split(","))

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = np.loadtxt(a.data, delimiter=",", skiprows=1, dtype=np.float64)
    x = torch.from_numpy(d[:, :4].astype(np.float32))
    y = torch.from_numpy(d[:, 4].astype(np.int64))
    n = x.shape[0]

    model = torch.nn.Sequential(
        torch.nn.Linear(4, u1), torch.nn.ReLU(),
        torch.nn.Linear(u1, u2), torch.nn.ReLU(),
        torch.nn.Linear(u2, 3),
    )
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()

    # torch.set_num_threads sets ATen's pool only; OpenBLAS (Debian's torch
    # calls the system BLAS) keeps its own pthreads: limit those too.
    limiter = threadpoolctl.threadpool_limits(limits=a.threads)
    wall, cpu = [], []
    last_loss = float("nan")
    for epoch in range(a.warmup + a.epochs):
        c0, t0 = time.process_time(), time.perf_counter()
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            xb, yb = x[idx], y[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)  # Keras-style running epoch loss
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
        last_loss = total / n
    wall, cpu = wall[a.warmup:], cpu[a.warmup:]
    blas = [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for i in threadpoolctl.threadpool_info()]
    limiter.restore_original_limits()
    print(json.dumps({
        "peer": f"torch-{a.threads}t",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "units": [u1, u2],
        "batch": a.batch,
        "rows": n,
        "warmup_epochs": a.warmup,
        "epoch_wall_ms": wall,
        "epoch_cpu_ms": cpu,
        "wall_ms": statistics.median_low(wall),
        "cpu_ms": statistics.median_low(cpu),
        "final_loss": last_loss,
        "blas": blas,
        "torch_parallel": torch.__config__.parallel_info().splitlines()[:3],
    }))


if __name__ == "__main__":
    main()
