#!/usr/bin/env bash
# Loopback HTTP benchmark: `exertrack serve` against a minimal Node.js server
# on the js/ package (node_server.mjs), same requests (1 and 64 exercises per
# request, the issue's example history), measured with wrk. Builds nothing.
#
#   bench/serve/run.sh <exertrack binary> <model dir> [seconds per run (10)] [connections (16)]
#
# Prints, per server and body, requests/s and p50/p99 latency, then the
# throughput ratio exertrack / Node.js. The js/ package's dependencies must
# be installed (cd js && npm ci).
set -euo pipefail
exe=${1:?usage: run.sh <exertrack binary> <model dir> [seconds] [connections]}
model=${2:?usage: run.sh <exertrack binary> <model dir> [seconds] [connections]}
secs=${3:-10}
conns=${4:-16}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cpp_port=${CPP_PORT:-18080}
node_port=${NODE_PORT:-18081}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/make_bodies.py" "$work"

# The access log goes to a file: its cost is part of what is measured.
"$exe" serve --model "$model" --port "$cpp_port" --access-log "$work/access.log" 2>"$work/serve.err" &
pids+=($!)
node "$here/node_server.mjs" "$model" "$node_port" 2>"$work/node.err" &
pids+=($!)

wait_up() {
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  echo "server on port $1 did not come up" >&2
  cat "$work"/*.err >&2
  exit 1
}
wait_up "$cpp_port"
wait_up "$node_port"

# Same answer from both (label and target) before measuring.
for n in 1 64; do
  a=$(curl -fsS -H 'Content-Type: application/json' --data-binary "@$work/body_$n.json" "http://127.0.0.1:$cpp_port/v1/recommendations")
  b=$(curl -fsS -H 'Content-Type: application/json' --data-binary "@$work/body_$n.json" "http://127.0.0.1:$node_port/v1/recommendations")
  python3 - "$a" "$b" <<'PY'
import json, sys
a, b = (json.loads(x)["results"] for x in sys.argv[1:3])
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(a, b):
    assert (x["label"], x["target"], x["reason"]) == (y["label"], y["target"], y["reason"]), (x, y)
print(f"same answers from both servers ({len(a)} exercise(s); first: {a[0]['label']}, {a[0]['target']})")
PY
done

declare -A rps
run() {  # name port n
  local out
  out=$(BODY_FILE="$work/body_$3.json" wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$here/post.lua" "http://127.0.0.1:$2" | grep '^RESULT')
  printf '%-10s %2s exercise(s)/request: %s\n' "$1" "$3" "${out#RESULT }"
  rps[$1_$3]=$(sed -E 's/.*requests\/s=([0-9]+).*/\1/' <<<"$out")
}
echo "wrk -t2 -c$conns -d${secs}s on loopback ($(nproc) cores)"
for n in 1 64; do
  # Warm-up (JIT, thread pools, page cache), not reported.
  BODY_FILE="$work/body_$n.json" wrk -t2 -c"$conns" -d2s -s "$here/post.lua" "http://127.0.0.1:$cpp_port" >/dev/null
  BODY_FILE="$work/body_$n.json" wrk -t2 -c"$conns" -d2s -s "$here/post.lua" "http://127.0.0.1:$node_port" >/dev/null
  run exertrack "$cpp_port" "$n"
  run node "$node_port" "$n"
done
for n in 1 64; do
  awk -v a="${rps[exertrack_$n]}" -v b="${rps[node_$n]}" -v n="$n" \
    'BEGIN { printf "ratio exertrack/node, %2d exercise(s)/request: %.1fx\n", n, a / b }'
done
echo "access log lines written: $(wc -l <"$work/access.log")"
