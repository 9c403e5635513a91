#!/usr/bin/env bash
# The main job end to end on the embedded default data: installs what is
# missing, builds, runs the notebook flow (CV, Hyperband, best-epoch run,
# final model, evaluation, TensorFlow.js export, report) and prints the
# recommendations the model makes for the embedded lifter.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-deps.sh
build="${EXERTRACK_BUILD_DIR:-$root/build}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DEXERTRACK_BENCH=OFF >/dev/null
log="$(mktemp)"
cmake --build "$build" --target exertrack -j"$(nproc)" >"$log" 2>&1 || { tail -80 "$log"; rm -f "$log"; exit 1; }
rm -f "$log"
out="${1:-$root/runs/default}"
"$build/apps/exertrack/exertrack" train --out "$out"
"$build/apps/exertrack/exertrack" recommend --model "$out"
echo "run directory: $out (open $out/report.html)"
