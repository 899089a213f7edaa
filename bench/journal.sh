#!/usr/bin/env bash
# How many entries per second POST /api/v1/entries sustains with 32 concurrent clients, its p99, and
# a baseline (GET /q/health/live on the same server, same connections) measured in the same run.
# Then where a write's time goes: AES-GCM, theme extraction and the database, from the service's
# own Micrometer timers (/q/metrics), as the difference between a scrape before and after the run.
#
# Env:
#   JOURNAL_URL        journal-service base URL (default http://localhost:8081)
#   OPENLY_TOKEN_CMD   command that prints a bearer token for the user id appended to it
#                      (./openly bench sets it to "./openly token --user"); TOKEN_CMD is accepted too
#   CLIENTS            concurrent connections (default 32), one person per connection
#   DURATION           seconds per measurement (default 15)
#
# Writes are rate-limited per person (openly.journal.rate-limit.writes-per-minute, default 60): a run
# longer than the burst measures the limiter, not the write path. Its 429s are reported, never hidden;
# for a throughput figure start the service with OPENLY_JOURNAL_RATE_LIMIT_WRITES_PER_MINUTE raised.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
URL="${JOURNAL_URL:-http://localhost:8081}"
TOKEN_CMD="${OPENLY_TOKEN_CMD:-${TOKEN_CMD:-}}"
CLIENTS="${CLIENTS:-32}"
DURATION="${DURATION:-15}"

die() { echo "bench/journal.sh: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is needed (apt-get install -y wrk)"
command -v curl >/dev/null || die "curl is needed"
[ -n "$TOKEN_CMD" ] || die "set OPENLY_TOKEN_CMD (or TOKEN_CMD) to a command printing a token for the user id appended to it"
curl -fs -o /dev/null --max-time 5 "$URL/q/health/live" || die "journal-service does not answer at $URL"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# One person per connection; tokens are made up front (each is a JVM start) four at a time.
run_id="bench-$(date +%s)"
seq 1 "$CLIENTS" | xargs -P 4 -I{} sh -c "$TOKEN_CMD $run_id-{} > '$WORK/token-{}' 2>/dev/null" \
  || die "the token command failed: $TOKEN_CMD <user>"
for i in $(seq 1 "$CLIENTS"); do tail -n1 "$WORK/token-$i"; done >"$WORK/tokens"
[ "$(grep -c . "$WORK/tokens")" -eq "$CLIENTS" ] || die "the token command printed no token"

export BENCH_TOKENS="$WORK/tokens"
export BENCH_OCCURRED_AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

value() { sed -n "s/^$1=//p" "$2"; }

# Sum and count of a Micrometer timer in the Prometheus scrape (0 if not yet recorded).
scrape() { curl -fs "$URL/q/metrics" >"$1" || die "cannot read $URL/q/metrics"; }
metric() { # file, metric name, label filter (regex)
  awk -v m="$2" -v f="$3" '$1 ~ "^"m"(\\{|$)" && $1 ~ f { s += $2 } END { printf "%.6f", s + 0 }' "$1"
}

# Warm-up: JIT, connection pools, each person's data key (created on a first write).
BENCH_RESULT="$WORK/warmup" wrk -t "$CLIENTS" -c "$CLIENTS" -d 3s -s "$HERE/journal/post-entry.lua" "$URL" >/dev/null

BENCH_RESULT="$WORK/baseline" wrk -t "$CLIENTS" -c "$CLIENTS" -d "${DURATION}s" --latency \
  -s "$HERE/journal/baseline.lua" "$URL/q/health/live" >/dev/null

scrape "$WORK/before"
BENCH_RESULT="$WORK/post" wrk -t "$CLIENTS" -c "$CLIENTS" -d "${DURATION}s" --latency \
  -s "$HERE/journal/post-entry.lua" "$URL" >/dev/null
scrape "$WORK/after"

delta() { awk -v a="$(metric "$WORK/after" "$1" "$2")" -v b="$(metric "$WORK/before" "$1" "$2")" 'BEGIN { printf "%.6f", a - b }'; }
http_sum="$(delta http_server_requests_seconds_sum 'method="POST".*status="201".*uri="/api/v1/entries"')"
http_count="$(delta http_server_requests_seconds_count 'method="POST".*status="201".*uri="/api/v1/entries"')"
write_sum="$(delta openly_journal_write_seconds_sum '')"
crypto_sum="$(delta openly_journal_crypto_seconds_sum '')"
cipher_sum="$(delta openly_journal_crypto_cipher_seconds_sum '')"
themes_sum="$(delta openly_journal_themes_seconds_sum '')"

echo "journal-service POST /api/v1/entries — $CLIENTS clients, ${DURATION}s, $(nproc) cores"
awk -v secs="$(value seconds "$WORK/post")" -v pp="$(value p99_ms "$WORK/post")" -v p50="$(value p50_ms "$WORK/post")" \
    -v pn="$(value requests "$WORK/post")" -v pe="$(value non2xx "$WORK/post")" -v ps="$(value socket_errors "$WORK/post")" \
    -v br="$(value rps "$WORK/baseline")" -v bp="$(value p99_ms "$WORK/baseline")" -v b50="$(value p50_ms "$WORK/baseline")" \
    -v hs="$http_sum" -v hc="$http_count" -v ws="$write_sum" -v cs="$crypto_sum" -v ci="$cipher_sum" -v ts="$themes_sum" 'BEGIN {
  pr = (secs > 0 ? (pn - pe) / secs : 0)  # 201s only: refused writes are not entries
  printf "  entries/s        %10.1f   (%d requests, %d not 201, %d socket errors)\n", pr, pn, pe, ps
  if (pe > 0) print "  WARNING: some writes were refused (429: the per-person rate limit); entries/s counts only what wrk saw, raise OPENLY_JOURNAL_RATE_LIMIT_WRITES_PER_MINUTE for a throughput figure"
  printf "  p50 / p99        %7.2f ms / %.2f ms\n", p50, pp
  printf "  baseline GET /q/health/live: %.1f req/s, p50 %.2f ms, p99 %.2f ms\n", br, b50, bp
  if (br > 0) printf "  ratio            entries/s = %.3f x baseline req/s; p99 = %.1f x baseline p99\n", pr / br, (bp > 0 ? pp / bp : 0)
  if (hc > 0 && hs > 0) {
    printf "  server time per POST %.2f ms (%d requests seen by the server)\n", 1000 * hs / hc, hc
    printf "    AES-GCM (seal + key unwrap)        %5.1f %%\n", 100 * ci / hs
    printf "    theme extraction                   %5.1f %%\n", 100 * ts / hs
    printf "    database (write tx incl. commit, minus crypto and themes) %5.1f %%\n", 100 * (ws - ci - ts) / hs
    printf "      of which the data-key lookup     %5.1f %%\n", 100 * (cs - ci) / hs
    printf "    rest (HTTP, JWT, JSON, validation) %5.1f %%\n", 100 * (hs - ws) / hs
  } else {
    print "  (no timers in /q/metrics: is this journal-service with Micrometer enabled?)"
  }
}'
