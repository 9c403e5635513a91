-- wrk script for run.sh's soundness run: POSTs $BODY_FILE to $PATH_ (default
-- /v1/recommendations) and, every $BAD_EVERY-th request until $BAD_PER_THREAD
-- of them per thread, one of the malformed bodies in $BAD_DIR (000.json,
-- 001.json, ... in turn). Every answer is checked: a 200 must be byte for
-- byte $EXPECTED_FILE (the answer checked against Node.js and `exertrack
-- recommend` before the run), a malformed body must get a 4xx; anything else
-- (another body, a 5xx, a dropped connection) is counted as wrong.
local function slurp(name)
  local f = io.open(name, "rb")
  if f == nil then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args)
  path = os.getenv("PATH_") or "/v1/recommendations"
  valid = assert(slurp(os.getenv("BODY_FILE")))
  expected = assert(slurp(os.getenv("EXPECTED_FILE")))
  bad = {}
  local dir = os.getenv("BAD_DIR")
  while dir do
    local b = slurp(string.format("%s/%03d.json", dir, #bad))
    if b == nil then break end
    table.insert(bad, b)
  end
  bad_every = tonumber(os.getenv("BAD_EVERY") or "100")
  bad_per_thread = tonumber(os.getenv("BAD_PER_THREAD") or "0")
  headers = {["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"}
  sent, sent_bad, ok, rejected, wrong = 0, 0, 0, 0, 0
end

function request()
  sent = sent + 1
  if #bad > 0 and sent_bad < bad_per_thread and sent % bad_every == 0 then
    sent_bad = sent_bad + 1
    return wrk.format("POST", path, headers, bad[(sent_bad - 1) % #bad + 1])
  end
  return wrk.format("POST", path, headers, valid)
end

function response(status, headers, body)
  if status == 200 and body == expected then ok = ok + 1
  elseif status >= 400 and status < 500 then rejected = rejected + 1
  else wrong = wrong + 1 end
end

function done(summary, latency, requests)
  local s = {sent_bad = 0, ok = 0, rejected = 0, wrong = 0}
  for _, t in ipairs(threads) do
    for k, _ in pairs(s) do s[k] = s[k] + t:get(k) end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("CHECK requests=%d equal_200=%d malformed_sent=%d rejected_4xx=%d wrong=%d socket_errors=%d requests/s=%.0f p99_ms=%.3f\n",
    summary.requests, s.ok, s.sent_bad, s.rejected, s.wrong, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(99) / 1000))
end
