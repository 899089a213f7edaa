#!/usr/bin/env bash
# Events/s of the entry-events consumers of insights-service and reminder-service (issue 17 goal 3): each works
# through a backlog of recorded entries published at once to journal.entry-events, in batches (one transaction
# per Kafka poll, as configured) and, in the same run, with one record per poll (one transaction and one commit
# per event, as before batching). Self-contained like bench/reminder.sh: the opt-in EntryEventsDrain*Bench tests
# start each service on its own embedded PostgreSQL (fsync off, as zonky starts it) and Kafka; the stack that
# ./openly up started is neither needed nor touched.
#   BENCH_EVENTS, BENCH_PEOPLE   backlog size and how many people it spreads over (default 3000, 500)
#   BENCH_DURABLE=1              PostgreSQL with fsync and synchronous_commit on (durable commits, as in production)
#   BENCH_SERVICES               which consumers (default "insights-service reminder-service")
#   BENCH_ONE_BY_ONE=0           the batch drain only (for interleaved A/B runs)
# reminder-service also prints CPU-ms per event (its JVM, its consumer threads, its PostgreSQL), the figure that
# survives a noisy box.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${BENCH_EVENTS:-3000}"
people="${BENCH_PEOPLE:-500}"
durable="$([ "${BENCH_DURABLE:-0}" = 1 ] && echo true || echo false)"
echo "PostgreSQL durable commits (fsync, synchronous_commit): $durable"
tests="$([ "${BENCH_ONE_BY_ONE:-1}" = 0 ] && echo 'EntryEventsDrainBench' || echo 'EntryEventsDrain*Bench')"
for svc in ${BENCH_SERVICES:-insights-service reminder-service}; do
  rm -f "$svc/target/bench-entry-events.txt"
  # "test", not "verify": no Quarkus packaging, so a service started by ./openly up keeps its jars.
  ./mvnw -B -ntp -q test -pl "$svc" -am -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench=true -Dbench.events="$events" -Dbench.people="$people" \
    -Dopenly.test.durable-commits="$durable" >/dev/null \
    || { echo "EntryEventsDrain*Bench failed: see $svc/target/surefire-reports" >&2; exit 1; }
  cat "$svc/target/bench-entry-events.txt"
  awk '/batches/ {b=$(NF-6)} /one by one/ {o=$(NF-6)} END {if (b && o) printf "  ratio batches / one by one: %.1fx\n", b/o}' \
    "$svc/target/bench-entry-events.txt"
done
