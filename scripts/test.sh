#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds with
# warnings as errors, then runs the Node.js parity tests, the page in a
# browser, a bounded fuzzing pass, the fast C++ subset under ASan + UBSan and
# every C++ test (CTest last, so its summary closes the output).
#
# The real data set ($EXERTRACK_DATA_DIR, default ../shared/data beside the
# repository) is not part of the repository: without it the steps and tests
# that read it are skipped with a message, so a clone anywhere passes. With
# CI=true (CI has the data and must run every test) missing data is an error.
# EXERTRACK_CMAKE_ARGS adds configure arguments to every build, e.g.
# "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-deps.sh

build="${EXERTRACK_BUILD_DIR:-$root/build}"
jobs="$(nproc)"
export EXERTRACK_DATA_DIR="${EXERTRACK_DATA_DIR:-$root/../shared/data}"
read -ra cmake_extra <<<"${EXERTRACK_CMAKE_ARGS:-}"

have_data=1
for need in weightlifting_721_workouts.csv weightlifting_721_features_reference.csv exports; do
  if [ ! -e "$EXERTRACK_DATA_DIR/$need" ]; then
    if [ "${CI:-}" = true ]; then
      echo "test.sh: CI=true but $EXERTRACK_DATA_DIR/$need is missing (set EXERTRACK_DATA_DIR); CI runs every test" >&2
      exit 1
    fi
    have_data=0
  fi
done
[ "$have_data" = 1 ] ||
  echo "== no data set in $EXERTRACK_DATA_DIR (set EXERTRACK_DATA_DIR): the steps and tests that read it are skipped"

echo "== build ($build)"
# EXERTRACK_PYTHON: the Python package's extension is built with the rest
# (its libraries once, position-independent), and pip installs it from here.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DEXERTRACK_WERROR=ON -DEXERTRACK_BENCH=ON -DEXERTRACK_WEB=ON \
  -DEXERTRACK_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3 "${cmake_extra[@]}" >/dev/null
log="$(mktemp)"
cmake --build "$build" -j"$jobs" >"$log" 2>&1 || { tail -80 "$log"; rm -f "$log"; exit 1; }
rm -f "$log"

echo "== Node.js package: features, labels and probabilities against the C++ side"
"$build/tests/notebook/export/export_golden" "$build/js-golden" >/dev/null
# The shipped model's answer for the embedded demo lifter (no data needed):
# the packed, installed package must give it with no model path (pack.test.js).
"$build/tests/next_session/train/forecast_golden" "$build/js-shipped" --shipped "$root/models/next-session" >/dev/null
# Next-session forecast: sessions, features, XGBoost heads and advice
# (js/tests/forecast.test.js), from a model trained on the embedded synthetic
# lifters: no data needed, so every clone compares the Node.js port with C++.
"$build/tests/next_session/train/forecast_golden" "$build/js-forecast-synthetic" --synthetic >/dev/null
export EXERTRACK_SHIPPED_GOLDEN="$build/js-shipped/shipped.json" EXERTRACK_BIN="$build/apps/exertrack/exertrack"
export EXERTRACK_FORECAST_GOLDEN="$build/js-forecast-synthetic/golden.json"
if [ "$have_data" = 1 ]; then
  "$build/tests/notebook/export/export_parity" "$build/js-parity" >/dev/null
  # The same from a model trained on two real exports, asked about every shared export.
  "$build/tests/next_session/train/forecast_golden" "$build/js-forecast" >/dev/null
  export EXERTRACK_FORECAST_GOLDEN="$EXERTRACK_FORECAST_GOLDEN:$build/js-forecast/golden.json"
  (cd js && EXERTRACK_GOLDEN="$build/js-golden/golden.json" EXERTRACK_PARITY="$build/js-parity/parity.json" npm test --silent)
  echo "== Node.js: the model \`exertrack train\` exports (721 file, units 32/96) loads in tfjs and agrees"
  "$build/apps/exertrack/exertrack" train --task notebook --data "$EXERTRACK_DATA_DIR/weightlifting_721_workouts.csv" \
    --out "$build/js-train-run" --tune none --cv-folds 0 --quiet >/dev/null
  "$build/tests/notebook/export/export_parity" "$build/js-parity-train" --model "$build/js-train-run/model" >/dev/null
  (cd js && EXERTRACK_GOLDEN="$build/js-golden/golden.json" EXERTRACK_PARITY="$build/js-parity-train/parity.json" \
    npm test --silent)
else
  echo "skipped: export_parity, the real-data forecast_golden and the 721-file train run need the data set (set EXERTRACK_DATA_DIR)"
  (cd js && EXERTRACK_GOLDEN="$build/js-golden/golden.json" npm test --silent)
fi

echo "== Python package: installed offline into a venv, then pytest (python/tests)"
# Debian's Python (/usr/bin/python3), whose pandas, XGBoost and Dask the venv
# sees; -P keeps the source tree's python/exertrack (no extension there) off sys.path.
venv="$build/py-venv"
[ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$venv"
EXERTRACK_CMAKE_BUILD_DIR="$build" "$venv/bin/pip" install --no-build-isolation --no-index --quiet "$root/python"
(cd "$root/python/tests" && EXERTRACK_BUILD_DIR="$build" "$venv/bin/python" -P -m pytest -q -p no:cacheprovider)

echo "== web page in headless chromium: every export uploaded, cards and charts against the API (web/tests)"
(cd web && EXERTRACK_BIN="$build/apps/exertrack/exertrack" EXERTRACK_WEB_ARTIFACTS="$build/web-artifacts" \
  PUPPETEER_SKIP_DOWNLOAD=1 npm test --silent)
echo "screenshots: $build/web-artifacts"

if [ "${EXERTRACK_SKIP_FUZZ:-0}" != 1 ]; then
  echo "== fuzzing (bounded)"
  fuzz_build="$root/build-fuzz"
  CXX=clang++ cmake -S . -B "$fuzz_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXERTRACK_FUZZ=ON -DEXERTRACK_BENCH=OFF \
    -DEXERTRACK_NATIVE=ON "${cmake_extra[@]}" >/dev/null
  for target in fuzz_ingest fuzz_serve_json fuzz_serve_csv; do
    cmake --build "$fuzz_build" --target "$target" -j"$jobs" >/dev/null
    corpus="fuzz/corpus/${target#fuzz_}"
    work="$(mktemp -d)"
    "$fuzz_build/fuzz/$target" -max_total_time="${EXERTRACK_FUZZ_SECONDS:-45}" -max_len=4096 -timeout=10 \
      -print_final_stats=0 "$work" "$corpus" 2>"$work.log" || { tail -50 "$work.log"; exit 1; }
    echo "$target: $(grep -c . <(ls "$work")) new inputs, no crash in ${EXERTRACK_FUZZ_SECONDS:-45} s"
    rm -rf "$work" "$work.log"
  done
fi

if [ "${EXERTRACK_SKIP_SANITIZE:-0}" != 1 ]; then
  # The fast subset under ASan + UBSan: the reader of every export (ingest),
  # the sessions and targets built from it, and the utilities both use. The
  # whole suite under them took about 17 minutes here, past CI's budget; the
  # HTTP API's readers run under them in the fuzzing pass above.
  echo "== sanitizers (ASan + UBSan): core/util, core/ingest, core/units and next_session/model tests"
  asan_build="$root/build-asan"
  cmake -S . -B "$asan_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXERTRACK_SANITIZE=ON -DEXERTRACK_BENCH=OFF \
    "${cmake_extra[@]}" >/dev/null
  log="$(mktemp)"
  cmake --build "$asan_build" --target test_core_util test_core_ingest test_core_units test_next_session_model -j"$jobs" >"$log" 2>&1 ||
    { tail -80 "$log"; rm -f "$log"; exit 1; }
  rm -f "$log"
  for t in core/util/test_core_util core/ingest/test_core_ingest core/units/test_core_units \
           next_session/model/test_next_session_model; do
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$asan_build/tests/$t" --gtest_brief=1
  done
fi

echo "== C++ tests"
ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 600
