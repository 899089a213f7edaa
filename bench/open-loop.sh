#!/usr/bin/env bash
# Open-loop load (issue 17 goal 2): POST /api/v1/entries at fixed arrival rates, latency from each request's intended
# send time (no coordinated omission), and the lag from each 201 until the entry is applied in reminder-service and in
# insights-service (read from their own databases' per-person counters, polled; see OpenLoopBench).
#   OPEN_LOOP_RATES     entries/s, one phase each (default 100,250,500)
#   OPEN_LOOP_SECONDS   seconds per phase (default 60)
#   BENCH_SHORT=1       a short try: 5 s per phase, 200 people, 20 s drain
#   OPEN_LOOP_PEOPLE, OPEN_LOOP_POLL_MS, OPEN_LOOP_DRAIN_SECONDS   (default 1000, 100, 60)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
: "${OPENLY_PG_JDBC:?run ./openly bench (it exports OPENLY_PG_JDBC), or set it to jdbc:postgresql://localhost:<port>}"
ensure_load_generator
short="${BENCH_SHORT:-0}"
if [ "$short" = 1 ]; then seconds=5 people=200 drain=20; else seconds=60 people=1000 drain=60; fi
java -cp "local-stack/target/classes:local-stack/target/lib/*" app.openly.localstack.OpenlyLocal bench-open-loop \
  --journal "${JOURNAL_URL:-http://localhost:8081}" --pg "$OPENLY_PG_JDBC" --rates "${OPEN_LOOP_RATES:-100,250,500}" \
  --seconds "${OPEN_LOOP_SECONDS:-$seconds}" --people "${OPEN_LOOP_PEOPLE:-$people}" --poll-ms "${OPEN_LOOP_POLL_MS:-100}" \
  --drain-seconds "${OPEN_LOOP_DRAIN_SECONDS:-$drain}" --home .openly
