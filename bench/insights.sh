#!/usr/bin/env bash
# p99 of GET /api/v1/insights/weekly for a person with 3 years of daily entries against a person with
# 3 entries (the baseline), measured in the same run with wrk. The read path touches precomputed rows
# only, so both should be alike; a read that scanned history would show up as a gap between them.
#
#   INSIGHTS_URL   insights-service (default http://localhost:8083)
#   JOURNAL_URL    journal-service, used to seed (default http://localhost:8081)
#   HEAVY_TOKEN / LIGHT_TOKEN  bearer tokens of the two people (default: ./openly token --user bench-heavy|bench-light)
#   SEED=0         skip seeding (people already have their entries)
#   BENCH_SECONDS, BENCH_CLIENTS   wrk duration and connections (default 20 s, 16)
# Seeding 1,095 entries needs journal's write limit raised, e.g. start it with
#   OPENLY_JOURNAL_RATE_LIMIT_WRITES_PER_MINUTE=100000 ; otherwise the script waits out each 429.
set -euo pipefail
cd "$(dirname "$0")/.."
INSIGHTS_URL="${INSIGHTS_URL:-http://localhost:8083}"
JOURNAL_URL="${JOURNAL_URL:-http://localhost:8081}"
SECONDS_PER_RUN="${BENCH_SECONDS:-20}"
CLIENTS="${BENCH_CLIENTS:-16}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
HEAVY_TOKEN="${HEAVY_TOKEN:-$(./openly token --user bench-heavy --org bench-org)}"
LIGHT_TOKEN="${LIGHT_TOKEN:-$(./openly token --user bench-light --org bench-org)}"
ZONE="Europe/Berlin"
WEEK="2026-W48"

post_entry() { # token date
  local body code
  body="{\"practice\":\"HONEST_SENTENCE\",\"occurredAt\":\"$2T20:00:00+01:00\",\"timeZone\":\"$ZONE\",\"sentence\":\"bench\",\"courage\":3}"
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$JOURNAL_URL/api/v1/entries" \
      -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$body")
    case "$code" in
      201|200) return 0 ;;
      429) sleep 1 ;;
      *) echo "seeding failed with HTTP $code" >&2; exit 1 ;;
    esac
  done
}

if [[ "${SEED:-1}" == 1 ]]; then
  echo "seeding: 1,095 daily entries for bench-heavy, 3 for bench-light ..."
  day=$(date -u -d 2026-11-24 +%s)
  for i in $(seq 0 1094); do post_entry "$HEAVY_TOKEN" "$(date -u -d "@$((day - i * 86400))" +%F)"; done
  for d in 2026-11-22 2026-11-23 2026-11-24; do post_entry "$LIGHT_TOKEN" "$d"; done
  echo "waiting until insights has consumed them ..."
  for _ in $(seq 1 120); do
    got=$(curl -s -H "Authorization: Bearer $HEAVY_TOKEN" "$INSIGHTS_URL/api/v1/insights/streaks" | grep -o '"longest":[0-9]*' | sort -t: -k2 -n | tail -1 | cut -d: -f2 || true)
    [[ "${got:-0}" -ge 1000 ]] && break
    sleep 1
  done
fi

run() { # label token
  echo "== $1"
  wrk -t2 -c"$CLIENTS" -d"${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $2" \
    "$INSIGHTS_URL/api/v1/insights/weekly?week=$WEEK" | tee "bench/insights/last-$1.txt" | grep -E 'Requests/sec|Non-2xx|99%|50%'
}
# Interleaved so both see the same warm JVM and the same load on the box.
run light-warmup "$LIGHT_TOKEN" >/dev/null
run heavy "$HEAVY_TOKEN"
run light "$LIGHT_TOKEN"
echo "p99 heavy (3 years): $(grep '99%' bench/insights/last-heavy.txt | awk '{print $2}')  p99 baseline (3 entries): $(grep '99%' bench/insights/last-light.txt | awk '{print $2}')"
