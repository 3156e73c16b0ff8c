-- wrk script for ./cirrus bench ingest: POST /api/v1/telemetry, one reading per request, each request with the
-- token of the next device in the file given after "--" (one token per line). Counts the requests sent, answered
-- 2xx (the endpoint answers 202 or an error), and answered otherwise; done() prints them with the latency
-- percentiles on one line the benchmark parses.
-- Run with -t 1: the counters are per thread.

-- Requests are formatted once, in init(), one per token, and only counted per request: formatting each request in
-- Lua and handing every response's headers to a response() callback cost wrk a quarter more CPU than the server
-- spent on the request's HTTP, on the same 2 cores. Answers other than 2xx are counted by wrk (errors.status).
local requests = {}
-- A global, so that done() can read it with thread:get.
sent = 0

function init(args)
  local i = 0
  for token in io.lines(args[1]) do
    local body = string.format('{"values":{"temperature":%.1f,"humidity":%d,"battery":%d}}',
      18 + i % 100 / 10, 40 + i % 20, 100 - i % 100)
    requests[#requests + 1] = wrk.format("POST", "/api/v1/telemetry", {
      ["X-Device-Token"] = token,
      ["Content-Type"] = "application/json"
    }, body)
    i = i + 1
  end
end

function request()
  local r = sent
  sent = sent + 1
  return requests[r % #requests + 1]
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local t = threads[1]
  local refused = summary.errors.status
  io.write(string.format("cirrus-wrk sent=%d accepted=%d refused=%d p50us=%d p99us=%d errors=%d\n",
    t:get("sent"), summary.requests - refused, refused, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
