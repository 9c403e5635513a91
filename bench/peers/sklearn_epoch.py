#!/usr/bin/python3
"""scikit-learn peer (Debian's python3-sklearn on OpenBLAS): MLPClassifier
with the exertrack model — hidden (u1, u2) relu, softmax output, log-loss,
solver adam (lr 1e-3, epsilon 1e-7 as Keras), no L2 (alpha 0, Keras has none),
shuffled mini-batches — timed per epoch via partial_fit, which in
sklearn/neural_network/_multilayer_perceptron.py (_fit_stochastic with
incremental=True) makes exactly one shuffled pass over the data. The first
`--warmup` epochs are not counted. BLAS is limited to `--threads` threads
with threadpoolctl; the JSON names the BLAS and the kernel
("architecture") that actually ran.

    sklearn_epoch.py --data train.csv --units 32,96 --batch 32 --epochs 5 [--threads 1] [--dtype float32]
"""
import argparse
import json
import statistics
import time
import warnings

import numpy as np
import sklearn
import threadpoolctl
from sklearn.neural_network import MLPClassifier


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--units", default="32,96")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    u1, u2 = (int(u) for u in a.units.split(","))

    d = np.loadtxt(a.data, delimiter=",", skiprows=1, dtype=np.float64)
    x = np.ascontiguousarray(d[:, :4], dtype=a.dtype)
    y = d[:, 4].astype(np.int64)
    classes = np.array([0, 1, 2])

    clf = MLPClassifier(hidden_layer_sizes=(u1, u2), activation="relu", solver="adam", alpha=0.0,
                        batch_size=a.batch, learning_rate_init=1e-3, epsilon=1e-7, shuffle=True,
                        random_state=a.seed)
    wall, cpu = [], []
    with threadpoolctl.threadpool_limits(limits=a.threads), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(a.warmup + a.epochs):
            c0, t0 = time.process_time(), time.perf_counter()
            clf.partial_fit(x, y, classes=classes)
            wall.append((time.perf_counter() - t0) * 1e3)
            cpu.append((time.process_time() - c0) * 1e3)
        blas = [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                for i in threadpoolctl.threadpool_info()]
    wall, cpu = wall[a.warmup:], cpu[a.warmup:]
    print(json.dumps({
        "peer": "sklearn",
        "version": sklearn.__version__,
        "threads": a.threads,
        "units": [u1, u2],
        "batch": a.batch,
        "rows": len(y),
        "warmup_epochs": a.warmup,
        "dtype": str(clf.coefs_[0].dtype),
        "epoch_wall_ms": wall,
        "epoch_cpu_ms": cpu,
        "wall_ms": statistics.median_low(wall),
        "cpu_ms": statistics.median_low(cpu),
        "final_loss": float(clf.loss_),
        "blas": blas,
    }))


if __name__ == "__main__":
    main()
