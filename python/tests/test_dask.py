"""Training on a Dask cluster (xgboost.dask): as good as the single-machine
trainer on lifters neither saw, and its model directory is what
`exertrack serve` loads.

Sizing (CI has 2 cores and little time): the claim is judged in
cross-validation by lifter over the 51 shared lifters with FOLDS folds of
whole lifters (lifter i in fold i mod FOLDS, the C++ evaluation's own folds
and scores, next_session/train/evaluate.cpp) instead of the model card's 10.
Every lifter is still scored by a model that never saw them, each fold's
model still learns from two thirds of the lifters with the product's
parameters, and both trainers are judged on the same folds, so a trainer
that learned worse shows in the same macro-F1 and MAEs.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import urllib.request

import pytest

import exertrack
from conftest import shared_exports

distributed = pytest.importorskip("distributed")
pytest.importorskip("xgboost")
import exertrack.dask  # noqa: E402

FOLDS = 3


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_distributed_training_matches_the_single_machine_model_by_lifter(data, client):
    paths = shared_exports()
    assert len(paths) == 51
    single = exertrack.dask.evaluate(paths, None, protocol="kfold", folds=FOLDS)["macro"]["model"]
    cluster = exertrack.dask.evaluate(paths, client, protocol="kfold", folds=FOLDS)["macro"]["model"]
    print(json.dumps({"single": single, "dask": cluster}, indent=1))
    assert single["transitions"] == cluster["transitions"] > 70000
    assert abs(cluster["f1_macro"] - single["f1_macro"]) <= 0.01, (cluster, single)
    for mae in ("weight_mae_kg", "reps_mae", "load_mae_kg"):
        assert abs(cluster[mae] - single[mae]) <= 0.02 * single[mae], (mae, cluster[mae], single[mae])


def test_the_command_line_trains_a_model_exertrack_serve_answers_with(data, exertrack_bin, tmp_path):
    out = tmp_path / "model"
    r = subprocess.run(
        [sys.executable, "-P", "-m", "exertrack.dask", "--data", str(data / "exports"), "--out", str(out),
         "--local-workers", "2"],
        capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    model = exertrack.Model.load(out)
    assert model.training["transitions"] > 1000 and len(model.training["lifters"]) == 12
    assert 0.5 <= model.temperature <= 3

    export = data / "exports" / "dstanek__lifting__strong.csv"
    server = subprocess.Popen([str(exertrack_bin), "serve", "--model", str(out), "--port", "0", "--access-log", "off"],
                              stderr=subprocess.PIPE, text=True)
    try:
        address = None
        for line in server.stderr:
            m = re.search(r"serving .* on (http://\S+)", line)
            if m:
                address = m.group(1)
                break
        assert address, "exertrack serve did not start"
        request = urllib.request.Request(f"{address}/v1/recommendations/csv", data=export.read_bytes(),
                                         headers={"Content-Type": "text/csv"}, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            served = json.load(response)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert served["results"], served
    assert served["results"] == json.loads(model.recommend_json(export))["results"]
