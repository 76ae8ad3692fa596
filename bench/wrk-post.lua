-- wrk script for the Switchyard bench: POSTs a fixed chat-completions body and, when done,
-- prints one JSON line (prefixed with "WRK_JSON ") with the counts and latency percentiles
-- in microseconds. Inputs come from the environment: WRK_BODY, WRK_AUTH (optional).
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY") or '{"model":"bench-model","messages":[{"role":"user","content":"hi"}]}'
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("WRK_AUTH")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = auth
end

local non2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,' ..
    '"writeErrors":%d,"timeouts":%d,"non2xx":%d,"status":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    non2xx, e.status, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
