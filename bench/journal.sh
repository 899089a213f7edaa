#!/usr/bin/env bash
# POST /api/v1/entries with 32 concurrent clients against a same-run baseline (GET /q/health/live),
# plus the share of the write transaction spent in crypto, theme extraction and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
java -cp "local-stack/target/classes:local-stack/target/lib/*" app.openly.localstack.OpenlyLocal bench-journal \
  --journal "${JOURNAL_URL:-http://localhost:8081}" --clients "${BENCH_CLIENTS:-32}" --seconds "${BENCH_SECONDS:-15}" --home .openly
