-- wrk script for ./cirrus bench ingest: POST /api/v1/telemetry, one reading per request, each request with the
-- token of the next device in the file given after "--" (one token per line). Counts the requests sent, answered
-- 202, and answered otherwise; done() prints them with the latency percentiles on one line the benchmark parses.
-- Run with -t 1: the counters are per thread.

local tokens = {}
-- Globals, so that done() can read them with thread:get.
sent, accepted, refused = 0, 0, 0

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
end

function request()
  local r = sent
  sent = sent + 1
  local body = string.format('{"values":{"temperature":%.1f,"humidity":%d,"battery":%d}}',
    18 + r % 100 / 10, 40 + r % 20, 100 - r % 100)
  return wrk.format("POST", "/api/v1/telemetry", {
    ["X-Device-Token"] = tokens[r % #tokens + 1],
    ["Content-Type"] = "application/json"
  }, body)
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local t = threads[1]
  io.write(string.format("cirrus-wrk sent=%d accepted=%d refused=%d p50us=%d p99us=%d errors=%d\n",
    t:get("sent"), t:get("accepted"), t:get("refused"), latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
