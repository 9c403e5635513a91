#!/usr/bin/env bash
# Installs what exertrack needs on Debian 12, only what is missing (idempotent,
# quiet). Run as root or with sudo available. Nothing is downloaded at build
# time: every library comes from here (Debian) or from js/package-lock.json (npm).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libeigen3-dev nlohmann-json3-dev libsimdjson-dev libxgboost-dev libcli11-dev libcpp-httplib-dev libcsv-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3-jsonschema         # a test validates metrics.json against docs/metrics.schema.json
  # The Python package (python/, issue 21): pybind11 builds its extension; Debian's
  # NumPy, pandas, XGBoost (1.7.4, xgboost.dask, the same version as libxgboost-dev)
  # and dask.distributed run it, seen from a venv made with --system-site-packages.
  pybind11-dev python3-dev python3-venv python3-setuptools python3-wheel
  python3-numpy python3-pandas python3-xgboost python3-dask python3-distributed python3-pytest
  chromium                   # the web page's browser tests (web/tests, puppeteer-core)
  clang libclang-rt-14-dev   # libFuzzer targets
  gnuplot-nox fonts-dejavu-core libpng-dev zlib1g-dev   # plots in the run report (libpng: its screenshot test)
  chromium                   # the report test renders report.html headless
)
[ -n "${EXERTRACK_EXTRA_PACKAGES:-}" ] && read -r -a extra <<<"$EXERTRACK_EXTRA_PACKAGES" && packages+=("${extra[@]}")
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Node.js package's dependencies, exactly as locked.
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ -f "$here/js/package-lock.json" ]; then
  if [ ! -d "$here/js/node_modules" ] || [ "$here/js/package-lock.json" -nt "$here/js/node_modules/.package-lock.json" ]; then
    (cd "$here/js" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
# The web page's build and test tools (esbuild, uPlot, puppeteer-core), as
# locked; puppeteer-core drives Debian's chromium and downloads no browser.
if [ -f "$here/web/package-lock.json" ]; then
  if [ ! -d "$here/web/node_modules" ] || [ "$here/web/package-lock.json" -nt "$here/web/node_modules/.package-lock.json" ]; then
    (cd "$here/web" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
