-- wrk script: each wrk thread (one connection each) writes as its own person, cycling through the
-- five practices with realistic text, so encryption and theme extraction do their real work.
-- Reads the tokens from $BENCH_TOKENS (one per line) and the occurredAt from $BENCH_OCCURRED_AT.

local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local occurred = os.getenv("BENCH_OCCURRED_AT")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local bodies = {
  [[{"practice":"HONEST_SENTENCE","occurredAt":"%s","timeZone":"Europe/Berlin","sentence":"I told my sister I have been lonely since the move and I was afraid she would laugh.","sharedWith":"my sister","shared":true,"courage":4,"feeling":"NERVOUS","tags":["family"]}]],
  [[{"practice":"PRESENT_LISTENING","occurredAt":"%s","timeZone":"Europe/Berlin","listenedTo":"a close friend","minutes":20,"urgeToFix":7,"heard":"She wanted to be heard, not fixed. She is not angry, she is tired."}]],
  [[{"practice":"RITUAL_OF_OPENNESS","occurredAt":"%s","timeZone":"Europe/Berlin","kind":"GRATITUDE","text":"Thank you for making tea when I came home late and for not asking why I was quiet."}]],
  [[{"practice":"INNER_CRITIC_REFRAME","occurredAt":"%s","timeZone":"Europe/Berlin","whisper":"Everyone at work will see I am a fraud.","reframe":"It's safe to be real.","intensityBefore":8,"intensityAfter":4,"note":"after the meeting"}]],
  [[{"practice":"BODY_ANCHOR","occurredAt":"%s","timeZone":"Europe/Berlin","breaths":10,"handOnHeart":true,"calmBefore":3,"calmAfter":7}]],
}

local n = 0
local auth

function init(args)
  auth = "Bearer " .. tokens[((id - 1) % #tokens) + 1]
end

function request()
  n = n + 1
  local body = string.format(bodies[(n % #bodies) + 1], occurred)
  return wrk.format("POST", "/api/v1/entries",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_RESULT"), "w")
  out:write(string.format("requests=%d\nseconds=%.3f\nrps=%.1f\np50_ms=%.2f\np99_ms=%.2f\nnon2xx=%d\nsocket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  out:close()
end
