#!/usr/bin/env bash
# p99 of GET /api/v1/insights/weekly for a person with 3 years of daily entries against a person with
# 3 entries (the baseline), measured in the same run. The read path touches precomputed rows only, so
# both should be alike; a read that scanned history would show up as a gap between them.
#
# Self-contained (like bench/reminder.sh): the opt-in WeeklyReadBench test starts insights-service on its
# own embedded PostgreSQL and Kafka, seeds 1,095 + 3 EntryRecorded over the real broker in seconds (the
# journal's per-person write limit would make seeding through the API take minutes), waits until they are
# consumed, and calls this script back with SEED=0 to measure with the project's Java load generator.
#   BENCH_SECONDS, BENCH_CLIENTS   duration of each measured run and connections (default 20 s, 16)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/insights
if [[ "${SEED:-1}" == 0 ]]; then
  : "${INSIGHTS_URL:?}" "${HEAVY_TOKEN:?}" "${LIGHT_TOKEN:?}"
  java -cp "local-stack/target/classes:local-stack/target/lib/*" app.openly.localstack.OpenlyLocal bench-insights \
    --insights "$INSIGHTS_URL" --heavy-token "$HEAVY_TOKEN" --light-token "$LIGHT_TOKEN" --week 2026-W48 \
    --clients "${BENCH_CLIENTS:-16}" --seconds "${BENCH_SECONDS:-20}" --home .openly | tee bench/insights/last-run.txt
  exit "${PIPESTATUS[0]}"
fi
rm -f bench/insights/last-run.txt
# The load generator lives in local-stack. Only compile (or, the first time, package) it: ./openly bench
# runs this next to a running stack, whose jars must not be rewritten under it.
if [ -d local-stack/target/lib ]; then
  ./mvnw -B -ntp -q compile -pl local-stack -am >/dev/null
else
  ./mvnw -B -ntp -q package -DskipTests -pl local-stack -am >/dev/null
fi
# "test", not "verify": no Quarkus packaging, so a running insights-service keeps its jars.
./mvnw -B -ntp -q test -pl insights-service -am -Dtest=WeeklyReadBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true \
  >/dev/null || { echo "WeeklyReadBench failed: see insights-service/target/surefire-reports" >&2; exit 1; }
cat bench/insights/last-run.txt
