#!/usr/bin/env bash
# POST /api/v1/entries with 32 concurrent clients against a same-run baseline (GET /q/health/live),
# plus the share of the write transaction spent in crypto, theme extraction and the database, and (issue 17 goal 1)
# the database's ceiling: the same write transaction over plain JDBC at the same concurrency, right after, and the
# ratio of the two, each measured after warm-up rounds that end when its rate stops climbing and the JVMs stop
# compiling (up to 5 minutes after a start; every round is printed). ./openly bench exports OPENLY_PG_JDBC (jdbc:postgresql://localhost:<port>) for the ceiling.
#   BENCH_CLIENTS, BENCH_SECONDS   connections and seconds per measurement (default 32, 15; BENCH_SHORT=1: 5 s)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ensure_load_generator
jdbc=()
[ -n "${OPENLY_PG_JDBC:-}" ] && jdbc=(--jdbc "$OPENLY_PG_JDBC/journal")
java -cp "local-stack/target/classes:local-stack/target/lib/*" app.openly.localstack.OpenlyLocal bench-journal \
  --journal "${JOURNAL_URL:-http://localhost:8081}" "${jdbc[@]}" --clients "${BENCH_CLIENTS:-32}" --seconds "${BENCH_SECONDS:-$([ "${BENCH_SHORT:-0}" = 1 ] && echo 5 || echo 15)}" --home .openly
