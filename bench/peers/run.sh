#!/usr/bin/env bash
# Side-by-side training benchmark (issue 4): time per epoch of the exertrack
# model in exertrack, TensorFlow.js 4.x (cpu and wasm backends, Keras API in
# Node), PyTorch (Debian's python3-torch, 1 and 2 threads) and scikit-learn's
# MLPClassifier (Debian's python3-sklearn on OpenBLAS), plus the FLOP lower
# bound at this CPU's measured peak, and the wall time of the whole
# `exertrack train` flow. Not run in CI.
#
#   bench/peers/run.sh [--quick] [--out DIR] [--build-dir DIR] [--exertrack-bin PATH]
#
# Needs (bench-only, not CI dependencies): apt-get install python3-torch
# python3-sklearn python3-threadpoolctl libopenblas0-pthread; node + npm
# (the TensorFlow.js packages come from bench/peers/package-lock.json);
# hyperfine (optional, else one timed run).
# --quick: fewer timed epochs and one whole-flow run (about 3 minutes).
# Results land in DIR (default /tmp/exertrack-peers): results.jsonl, the
# tables in report.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
quick=0
out=${TMPDIR:-/tmp}/exertrack-peers
build=""
exertrack_bin=""
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --out) out=$2; shift ;;
    --build-dir) build=$2; shift ;;
    --exertrack-bin) exertrack_bin=$2; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
build=${build:-$out/build}
data_dir=${EXERTRACK_DATA_DIR:-$root/../shared/data}
data=$data_dir/weightlifting_721_workouts.csv
[[ -f $data ]] || { echo "run.sh: $data not found (set EXERTRACK_DATA_DIR)" >&2; exit 2; }
# Debian's python3 (python3-torch / python3-sklearn live there), whatever
# python3 comes first on PATH.
py=/usr/bin/python3
"$py" -c 'import torch, sklearn, threadpoolctl' 2>/dev/null || {
  echo "run.sh: $py lacks torch/sklearn/threadpoolctl: apt-get install python3-torch python3-sklearn python3-threadpoolctl libopenblas0-pthread" >&2
  exit 2
}
mkdir -p "$out"
log() { echo "run.sh: $*" >&2; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- build: exertrack_epoch, peers_flops and the CLI ---------------------
targets=(exertrack_epoch peers_flops)
[[ -n $exertrack_bin ]] || targets+=(exertrack)
log "building ${targets[*]} in $build"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEXERTRACK_BENCH=OFF >"$out/cmake.log" 2>&1 ||
  { cat "$out/cmake.log" >&2; exit 1; }
cmake --build "$build" --target "${targets[@]}" -j"$(nproc)" >>"$out/cmake.log" 2>&1 ||
  { tail -n 40 "$out/cmake.log" >&2; exit 1; }
exertrack_bin=${exertrack_bin:-$build/exertrack/apps/exertrack/exertrack}

# ---- TensorFlow.js from the lock file -------------------------------------
if [[ ! -d $here/node_modules/@tensorflow/tfjs-backend-wasm ]]; then
  log "npm ci in $here"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

# ---- data: the notebook split's training rows, standardized ---------------
log "exertrack train --tune none --cv-folds 0 (the split and scaler of the training matrix)"
rm -rf "$out/run"
"$exertrack_bin" train --task notebook --data "$data" --out "$out/run" --quiet --tune none --cv-folds 0 >/dev/null
"$py" "$here/export_data.py" "$out/run" "$out/train.csv"

# ---- peak FLOP rate --------------------------------------------------------
log "bench_flops"
"$build/peers_flops" --benchmark_format=json >"$out/flops.json" 2>/dev/null

# ---- per-epoch timings -----------------------------------------------------
# Timed epochs per peer (after one warm-up epoch). TensorFlow.js at 512/256
# takes seconds per epoch: fewer there to keep the run bounded.
if ((quick)); then
  n_ex=5 n_py=2 n_js=1 n_js_big=1
else
  n_ex=20 n_py=5 n_js=3 n_js_big=1
fi
: >"$out/results.jsonl"
# OpenBLAS: Debian's 0.3.21 does not recognise recent CPUs (a current Xeon
# or EPYC) and falls back to its Prescott SSE3 kernel, which made scikit-learn
# and PyTorch look slow (512/256 epoch 528 ms vs 321 ms with SkylakeX). The
# peers run with the best kernel the CPU's flags allow, chosen here and said
# in the report; any pin in the environment (OPENBLAS_L2_SIZE too) is dropped.
# The JSON records the kernel that ran, via threadpoolctl.
flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
has() { [[ " $flags " == *" $1 "* ]]; }
if has avx512f && has avx512vl && has avx512bw && has avx512dq; then
  blas_kernel=SkylakeX
elif has avx2 && has fma; then
  blas_kernel=Haswell
elif has avx; then
  blas_kernel=SandyBridge
else
  blas_kernel=""  # left to OpenBLAS
fi
log "OpenBLAS kernel for the peers: ${blas_kernel:-detected by OpenBLAS} (from the CPU flags)"
blas_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${blas_kernel:+OPENBLAS_CORETYPE=$blas_kernel})
run_peer() {  # name, command...
  local name=$1; shift
  log "  $name"
  if ! "$@" >>"$out/results.jsonl" 2>>"$out/peers.log"; then
    log "  $name FAILED (see $out/peers.log)"
  fi
}
for units in 32,96 128,64 512,256; do
  for batch in 32 256; do
    log "units $units, batch $batch"
    njs=$n_js
    [[ $units == 512,256 ]] && njs=$n_js_big
    common=(--data "$out/train.csv" --units "$units" --batch "$batch")
    run_peer exertrack "$build/exertrack_epoch" "${common[@]}" --epochs "$n_ex"
    run_peer tfjs-cpu node "$here/tfjs_epoch.js" "${common[@]}" --backend cpu --epochs "$njs"
    run_peer tfjs-wasm node "$here/tfjs_epoch.js" "${common[@]}" --backend wasm --epochs "$njs"
    run_peer torch-1t "${blas_env[@]}" "$py" "$here/torch_epoch.py" "${common[@]}" --threads 1 --epochs "$n_py"
    run_peer torch-2t "${blas_env[@]}" "$py" "$here/torch_epoch.py" "${common[@]}" --threads 2 --epochs "$n_py"
    run_peer sklearn "${blas_env[@]}" "$py" "$here/sklearn_epoch.py" "${common[@]}" --threads 1 --epochs "$n_py"
  done
done

# ---- whole flow ------------------------------------------------------------
runs=3
((quick)) && runs=1
log "whole flow: exertrack train x$runs"
flow_cmd="$exertrack_bin train --task notebook --data $data --out $out/flow-run --quiet"
if command -v hyperfine >/dev/null; then
  hyperfine --runs "$runs" --warmup 0 --style none --export-json "$out/flow.json" "$flow_cmd" >&2
else
  # hyperfine's JSON shape, from one /usr/bin/time run.
  /usr/bin/time -f '%e %U %S' -o "$out/flow.time" $flow_cmd
  read -r e u s <"$out/flow.time"
  printf '{"results":[{"command":"%s","mean":%s,"min":%s,"times":[%s],"user":%s,"system":%s}]}\n' \
    "$flow_cmd" "$e" "$e" "$e" "$u" "$s" >"$out/flow.json"
fi

# ---- report ----------------------------------------------------------------
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
"$py" - "$out" "$load_before" "$load_after" "$blas_kernel" <<'EOF'
import json, sys
out, before, after, kernel = sys.argv[1:5]
timings = json.load(open(f"{out}/flow-run/metrics.json")).get("timings_s", {})
import os
json.dump({"loadavg": [before, after], "nproc": os.cpu_count(), "flow_timings_s": timings,
           "openblas_coretype": kernel or None},
          open(f"{out}/env.json", "w"))
EOF
"$py" "$here/report.py" "$out" | tee "$out/report.md"
