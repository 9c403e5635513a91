#!/usr/bin/env bash
# Loopback HTTP benchmark: `exertrack serve` against a minimal Node.js server
# on the js/ package (node_server.mjs), both models side by side in one run,
# the same requests to each, measured with wrk. Builds nothing.
#
#   bench/serve/run.sh <exertrack binary> <notebook model dir> [seconds per run (10)] [connections (16)]
#
# FORECAST_MODEL names the next-session model (default: the shipped one,
# models/next-session); EXERTRACK_DATA_DIR the shared data whose largest
# export is uploaded as CSV (default ../shared/data beside the repository).
#
# Before measuring, the answers are checked: the notebook model's label,
# target and reason from both servers; the forecast's whole answer from both
# (the probabilities within 1e-6, the js/ package's contract with C++:
# js/tests/forecast.test.js), and exertrack's against `exertrack recommend
# --json` on the same histories written as a Strong export. Then, per model,
# server and body, requests/s and p50/p99 latency, and the ratios; then a
# soundness run (check.lua): wrk on the one-exercise forecast with 1,000
# malformed bodies interleaved, every answer checked; then the largest
# shared export uploaded to /v1/recommendations/csv, its time in the access
# log. Exits non-zero when an answer differs, a check fails or a server dies.
# The js/ package's dependencies must be installed (cd js && npm ci).
set -euo pipefail
usage="usage: run.sh <exertrack binary> <notebook model dir> [seconds] [connections]"
exe=${1:?$usage}
model=${2:?$usage}
secs=${3:-10}
conns=${4:-16}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
forecast=${FORECAST_MODEL:-$repo/models/next-session}
data=${EXERTRACK_DATA_DIR:-$repo/../shared/data}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/make_bodies.py" "$work"

# name -> port; the access logs go to files: their cost is part of what is measured.
declare -A port=([exertrack_notebook]=${CPP_PORT:-18080} [node_notebook]=${NODE_PORT:-18081}
                 [exertrack_forecast]=${CPP_FORECAST_PORT:-18082} [node_forecast]=${NODE_FORECAST_PORT:-18083})
declare -A pid
"$exe" serve --model "$model" --port "${port[exertrack_notebook]}" --access-log "$work/notebook.log" 2>"$work/exertrack_notebook.err" &
pid[exertrack_notebook]=$!
"$exe" serve --model "$forecast" --port "${port[exertrack_forecast]}" --access-log "$work/forecast.log" 2>"$work/exertrack_forecast.err" &
pid[exertrack_forecast]=$!
node "$here/node_server.mjs" "$model" "${port[node_notebook]}" 2>"$work/node_notebook.err" &
pid[node_notebook]=$!
node "$here/node_server.mjs" "$forecast" "${port[node_forecast]}" 2>"$work/node_forecast.err" &
pid[node_forecast]=$!
pids+=("${pid[@]}")

wait_up() {
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  echo "server on port $1 did not come up" >&2
  cat "$work"/*.err >&2
  exit 1
}
for s in "${!port[@]}"; do wait_up "${port[$s]}"; done

post() {  # server body_file [path] [content type]
  curl -fsS -H "Content-Type: ${4:-application/json}" --data-binary "@$2" "http://127.0.0.1:${port[$1]}${3:-/v1/recommendations}"
}

# Same answers before measuring.
for n in 1 64; do
  post exertrack_notebook "$work/body_$n.json" >"$work/a.json"
  post node_notebook "$work/body_$n.json" >"$work/b.json"
  python3 - "$work/a.json" "$work/b.json" <<'PY'
import json, sys
a, b = (json.load(open(x))["results"] for x in sys.argv[1:3])
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(a, b):
    assert (x["label"], x["target"], x["reason"]) == (y["label"], y["target"], y["reason"]), (x, y)
print(f"notebook: same answers from both servers ({len(a)} exercise(s); first: {x['label']}, {x['target']})")
PY
done
for n in 1 16; do
  post exertrack_forecast "$work/forecast_$n.json" >"$work/forecast_$n.expected"
  post node_forecast "$work/forecast_$n.json" >"$work/b.json"
  python3 - "$work/forecast_$n.expected" "$work/b.json" <<'PY'
import json, sys
a, b = (json.load(open(x)) for x in sys.argv[1:3])
PROBABILITIES = ("probability", "ready_to_add_weight", "probabilities")
def split(r):
    p = [r["probability"], r["ready_to_add_weight"], *r["probabilities"].values()]
    return {k: v for k, v in r.items() if k not in PROBABILITIES}, p
assert a["not_strength"] == b["not_strength"] and len(a["results"]) == len(b["results"])
worst = 0.0
for x, y in zip(a["results"], b["results"]):
    (x, p), (y, q) = split(x), split(y)
    assert x == y, (x, y)
    worst = max([worst] + [abs(u - v) for u, v in zip(p, q)])
assert worst <= 1e-6, worst
print(f"forecast: same answers from both servers ({len(a['results'])} exercise(s), probabilities within {worst:.1e}; "
      f"first: {a['results'][0]['action']}, {a['results'][0]['target']})")
PY
done
"$exe" recommend --model "$forecast" --data "$work/forecast_16.csv" --json 2>/dev/null >"$work/recommend.json"
post exertrack_forecast "$work/forecast_16.csv" /v1/recommendations/csv text/csv >"$work/csv.json"
python3 - "$work/forecast_16.expected" "$work/recommend.json" "$work/csv.json" <<'PY'
import json, sys
served, recommended, csv = (json.load(open(x)) for x in sys.argv[1:4])
by_name = lambda d: {r["name"]: r for r in d["results"]}
assert by_name(served) == by_name(recommended), "POST /v1/recommendations differs from exertrack recommend"
assert csv == recommended, "POST /v1/recommendations/csv differs from exertrack recommend"
print(f"forecast: exertrack recommend on the same {len(recommended['results'])} histories as a Strong export: same answers")
PY

declare -A rps p99
run() {  # server body_file label (GET_PATH set: a GET of it, no body)
  local out
  BODY_FILE=$2 wrk -t2 -c"$conns" -d2s -s "$here/post.lua" "http://127.0.0.1:${port[$1]}" >/dev/null  # warm-up (JIT, pools, caches)
  out=$(BODY_FILE=$2 wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$here/post.lua" "http://127.0.0.1:${port[$1]}" | grep '^RESULT')
  printf '%-19s %-38s %s\n' "$1" "$3" "${out#RESULT }"
  rps[$1_$3]=$(sed -E 's/.*requests\/s=([0-9]+).*/\1/' <<<"$out")
}
echo "wrk -t2 -c$conns -d${secs}s on loopback ($(nproc) cores), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 1 64; do
  for s in exertrack_notebook node_notebook; do run "$s" "$work/body_$n.json" "$n exercise(s), 7 sets"; done
done
for n in 1 16; do
  for s in exertrack_forecast node_forecast; do run "$s" "$work/forecast_$n.json" "$n exercise(s), 12 sessions x 3 sets"; done
done
# The floor under every line above: the same server and wrk, no body and no
# model (GET /healthz). What a request costs here before any model work.
GET_PATH=/healthz run exertrack_forecast "" "GET /healthz (no model work)"
for n in 1 64; do
  awk -v a="${rps[exertrack_notebook_$n exercise(s), 7 sets]}" -v b="${rps[node_notebook_$n exercise(s), 7 sets]}" -v n="$n" \
    'BEGIN { printf "ratio exertrack/node, notebook, %2d exercise(s)/request: %.1fx\n", n, a / b }'
done
for n in 1 16; do
  awk -v a="${rps[exertrack_forecast_$n exercise(s), 12 sessions x 3 sets]}" -v b="${rps[node_forecast_$n exercise(s), 12 sessions x 3 sets]}" -v n="$n" \
    'BEGIN { printf "ratio exertrack/node, forecast, %2d exercise(s)/request: %.1fx\n", n, a / b }'
done

# Soundness under load: 500 malformed bodies per wrk thread among the valid ones.
out=$(BODY_FILE="$work/forecast_1.json" EXPECTED_FILE="$work/forecast_1.expected" BAD_DIR="$work/malformed" BAD_EVERY=20 BAD_PER_THREAD=500 \
      wrk -t2 -c"$conns" -d"${secs}s" -s "$here/check.lua" "http://127.0.0.1:${port[exertrack_forecast]}" | grep '^CHECK')
echo "forecast, 1 exercise, $(ls "$work/malformed" | wc -l) kinds of malformed body interleaved: ${out#CHECK }"
kill -0 "${pid[exertrack_forecast]}" || { echo "exertrack serve (forecast) died" >&2; exit 1; }
curl -fsS "http://127.0.0.1:${port[exertrack_forecast]}/healthz" >/dev/null
python3 - "$out" "$conns" <<'PY'
import re, sys
f = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)\b", sys.argv[1]) if k != "requests/s"}
in_flight = int(sys.argv[2])  # requests wrk stops waiting for at the end
assert f["wrong"] == 0 and f["socket_errors"] == 0, f
assert f["malformed_sent"] == 1000, f"{f['malformed_sent']} malformed bodies sent, not 1,000: a longer run"
assert f["malformed_sent"] - in_flight <= f["rejected_4xx"] <= f["malformed_sent"], f
print("soundness: no wrong answer, every malformed body refused with a 4xx, the server up")
PY

# The largest shared export (lifters/ and exports/) uploaded as CSV, 20 times.
largest=$(ls -S "$data"/lifters/* "$data"/exports/* 2>/dev/null | head -1 || true)
if [[ -n $largest ]]; then
  # The log is flushed every 200 ms in the background: wait for the runs
  # above to be written before counting, and for the uploads after.
  sleep 1
  before=$(wc -l <"$work/forecast.log")
  for _ in $(seq 1 20); do post exertrack_forecast "$largest" /v1/recommendations/csv text/csv >/dev/null; done
  sleep 1
  tail -n +"$((before + 1))" "$work/forecast.log" | grep '"POST /v1/recommendations/csv"' | grep -o '[0-9.]*ms$' | tr -d ms | sort -n |
    awk -v f="$(basename "$largest")" -v b="$(stat -c %s "$largest")" \
      '{ t[NR] = $1 } END { printf "CSV upload of %s (%d bytes), 20 times, access log: min %.2f ms, median %.2f ms, max %.2f ms\n", f, b, t[1], t[int((NR + 1) / 2)], t[NR] }'
else
  echo "no shared data in $data: the CSV upload is not measured"
fi
echo "access log lines written: notebook $(wc -l <"$work/notebook.log"), forecast $(wc -l <"$work/forecast.log"); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
