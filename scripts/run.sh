#!/usr/bin/env bash
# The main job end to end on the embedded default data: installs what is
# missing, builds, trains the next-session forecast on the embedded synthetic
# lifters (judged first on their latest sessions, beside the baselines),
# prints its advice for the embedded lifter, then runs the notebook's flow
# (CV, Hyperband, final model, TensorFlow.js export, report) beside it.
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
exe="$build/apps/exertrack/exertrack"
"$exe" train --task next-session --out "$out"
"$exe" recommend --model "$out"
"$exe" train --task notebook --out "$out-notebook"
echo "next-session model: $out (open report.html; evaluation.txt, metrics.json); notebook run: $out-notebook (open report.html)"
