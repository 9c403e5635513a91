-- wrk script: POST the JSON body in $BODY_FILE to /v1/recommendations and
-- count non-200 answers (wrk's "Non-2xx" line covers them too); with
-- $GET_PATH instead, GET that path (the HTTP floor: no model work).
local get = os.getenv("GET_PATH")
if get then
  wrk.method = "GET"
  wrk.path = get
else
  local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
  wrk.path = "/v1/recommendations"
end

-- p50 / p99 in milliseconds on one line, for run.sh to pick up.
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests/s=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
