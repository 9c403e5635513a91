#!/usr/bin/env bash
# The main job end to end: installs what is missing, builds, and advises the
# embedded demo lifter (and every --data export given) with the next-session
# model exertrack ships (models/next-session, docs/model-card.md): no
# training step. With the shared data beside the repository
# ($EXERTRACK_DATA_DIR, default ../shared/data) it also prints the model's
# cross-validation by lifter over the 51 lifters it was trained on, beside
# the baselines. Then it runs the notebook's flow (CV, Hyperband, final
# model, TensorFlow.js export, report) as it always did.
#
#   scripts/run.sh [--data EXPORT.csv]... [--out DIR]      (default DIR: runs/default)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/runs/default"
exports=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data) exports+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift ;;
    --out) out="$2"; shift ;;
    *) echo "run.sh: unknown argument '$1' (usage: scripts/run.sh [--data EXPORT.csv]... [--out DIR])" >&2; exit 2 ;;
  esac
  shift
done
scripts/install-deps.sh
build="${EXERTRACK_BUILD_DIR:-$root/build}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DEXERTRACK_BENCH=OFF >/dev/null
log="$(mktemp)"
cmake --build "$build" --target exertrack -j"$(nproc)" >"$log" 2>&1 || { tail -80 "$log"; rm -f "$log"; exit 1; }
rm -f "$log"
exe="$build/apps/exertrack/exertrack"
mkdir -p "$out"

echo "== the shipped next-session model advises the embedded demo lifter"
"$exe" recommend | tee "$out/demo-advice.txt"
"$exe" recommend --json >"$out/demo-advice.json" 2>/dev/null
for f in "${exports[@]}"; do
  name="$(basename "$f")"
  echo "== the shipped model advises $name"
  "$exe" recommend --data "$f" | tee "$out/${name%.*}-advice.txt"
done

data="${EXERTRACK_DATA_DIR:-$root/../shared/data}"
if [ -e "$data/weightlifting_721_workouts.csv" ] && [ -d "$data/exports" ] && [ -d "$data/lifters" ]; then
  echo "== cross-validation by lifter over the 51 training lifters (10 folds of whole lifters; about a minute)"
  "$exe" evaluate --protocol kfold --folds 10 --quiet --data "$data/weightlifting_721_workouts.csv" \
    --data "$data/exports" --data "$data/lifters" >"$out/cross-validation-51.txt"
  awk '/^$/ { blank++ } blank < 2' "$out/cross-validation-51.txt"   # the header and the macro table
else
  echo "== no shared data in $data: the cross-validation over the 51 training lifters is skipped (docs/model-card.md has its numbers)"
fi

echo "== the notebook's flow (--task notebook), on the embedded log"
"$exe" train --task notebook --out "$out-notebook"
echo "advice: $out/demo-advice.txt (and .json); notebook run: $out-notebook (open report.html)"
