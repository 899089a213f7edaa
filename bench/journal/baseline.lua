-- wrk script for the baseline: the cheapest endpoint of the same server, same connections.
function done(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_RESULT"), "w")
  out:write(string.format("requests=%d\nseconds=%.3f\nrps=%.1f\np50_ms=%.2f\np99_ms=%.2f\nnon2xx=%d\nsocket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  out:close()
end
