#!/usr/bin/env bash
# Rebuilds the model exertrack ships, models/next-session/forecast.json, from
# the 51 real lifters of docs/model-card.md: the notebook's 721-workouts file,
# exports/ and lifters/ of $EXERTRACK_DATA_DIR (default ../shared/data beside
# the repository), in that order. It is `exertrack train --task
# next-session` on them, the same command that retrains on your own lifters,
# and it is deterministic: the same bytes for any run and thread count.
#
#   scripts/build-model.sh            build exertrack, train, replace the shipped model
#   scripts/build-model.sh --check    train and compare with the shipped model (exit 1 if they differ)
#   --exe PATH                        use this exertrack instead of building one
#   --run DIR                         keep the training run there (metrics.json, evaluation.txt, report.html)
#
# Without the data: exit 77 (CTest's skip), or 1 when CI=true (CI has it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
check=0
exe=""
run=""
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --exe) exe="$2"; shift ;;
    --run) run="$2"; shift ;;
    *) echo "build-model.sh: unknown argument '$1' (see the comment at the top)" >&2; exit 2 ;;
  esac
  shift
done

data="${EXERTRACK_DATA_DIR:-$root/../shared/data}"
sources=("$data/weightlifting_721_workouts.csv" "$data/exports" "$data/lifters")
for s in "${sources[@]}"; do
  if [ ! -e "$s" ]; then
    echo "build-model.sh: $s is missing (set EXERTRACK_DATA_DIR to the shared data set)" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77
  fi
done

if [ -z "$exe" ]; then
  build="${EXERTRACK_BUILD_DIR:-$root/build}"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target exertrack -j"$(nproc)" >/dev/null
  exe="$build/apps/exertrack/exertrack"
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
run="${run:-$scratch/run}"
data_flags=()
for s in "${sources[@]}"; do data_flags+=(--data "$s"); done
"$exe" train --task next-session "${data_flags[@]}" --out "$run" --quiet >/dev/null

shipped="$root/models/next-session/forecast.json"
built="$run/model/forecast.json"
if [ "$check" = 1 ]; then
  if cmp -s "$built" "$shipped"; then
    echo "build-model.sh: the shipped model is what the data and the code make ($(wc -c <"$shipped") bytes)"
    exit 0
  fi
  echo "build-model.sh: $shipped is not what the code makes from the data: features or training changed" >&2
  echo "  without a new model. Run scripts/build-model.sh, commit models/ and update docs/model-card.md." >&2
  exit 1
fi
mkdir -p "$(dirname "$shipped")"
cp "$built" "$shipped.tmp"
mv "$shipped.tmp" "$shipped"
echo "build-model.sh: wrote $shipped ($(wc -c <"$shipped") bytes)"
