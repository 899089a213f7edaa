#!/usr/bin/env bash
# How long one due-reminder scan takes with 1,000,000 people scheduled, against 10,000 people and against
# a forced sequential scan, all in the same run (PostgreSQL's EXPLAIN ANALYZE, median of 25), plus one
# whole scheduler round at 1,000,000. Runs on its own embedded PostgreSQL and Kafka (the opt-in
# DueScanBench test), so it does not need or touch the stack that ./openly up started.
# Takes a few minutes, most of it seeding 2,000,000 reminders and 1,000,000 preferences.
set -euo pipefail
cd "$(dirname "$0")/.."
# -am builds what reminder-service needs from this tree; no other test matches the filter. "test", not
# "verify": no Quarkus packaging, so a reminder-service started by ./openly up keeps its jars.
./mvnw -B -ntp -q test -pl reminder-service -am -Dtest=DueScanBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true \
  >/dev/null || { echo "DueScanBench failed: see reminder-service/target/surefire-reports" >&2; exit 1; }
cat reminder-service/target/bench-reminder-due-scan.txt
