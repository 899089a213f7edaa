#!/usr/bin/env bash
# CPU of a statement alone, two forms against each other (how the history reads in RESULTS.md were compared):
#
#   bench/postgres/statement-cpu.sh DATABASE ROUNDS OLD.sql NEW.sql
#
# Runs OLD, NEW, OLD, NEW: each time one fresh psql connection executes the file ROUNDS times, and the CPU of its
# backend process (utime+stime from /proc/<pid>/stat, 10 ms ticks) is the figure; the load average is printed with
# it. Same server, same data, same cache, interleaved, so the box's noise hits both forms alike (a fresh connection's
# first statements also fill its catalog caches: take enough ROUNDS for that to vanish). The files are plain
# SQL (e.g. the statement with literal arguments, or PREPARE once and EXECUTE in the file for the generic plan the
# services' JDBC driver uses after five executions). Needs psql and the stack's PostgreSQL on this machine
# (OPENLY_PG_PORT as for ./openly; user openly).
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: bench/postgres/statement-cpu.sh DATABASE ROUNDS OLD.sql NEW.sql" >&2; exit 2; }
db="$1"; rounds="$2"; old="$3"; new="$4"
command -v psql >/dev/null 2>&1 || { echo "statement-cpu: psql (the PostgreSQL client) is required" >&2; exit 1; }
export PGPASSWORD="${OPENLY_PG_PASSWORD:-openly}"
port="${OPENLY_PG_PORT:-5432}"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # fields 14/15: utime, stime (no spaces in a backend's name)
tick_ms=$((1000 / $(getconf CLK_TCK)))

for form in old new old new; do
  file="$old"; [ "$form" = new ] && file="$new"
  coproc P { psql -h localhost -p "$port" -U "${OPENLY_PG_USER:-openly}" -d "$db" -At -q -f - ; }
  echo "select pg_backend_pid();" >&"${P[1]}"
  read -r backend <&"${P[0]}"
  echo '\o /dev/null' >&"${P[1]}"   # the statements' results are not read: no pipe fills up
  before=$(ticks "$backend")
  for _ in $(seq "$rounds"); do cat "$file" >&"${P[1]}"; echo >&"${P[1]}"; done
  printf '%s\n' '\o' "select 'statement-cpu done';" >&"${P[1]}"
  while read -r line <&"${P[0]}"; do [ "$line" = "statement-cpu done" ] && break; done
  after=$(ticks "$backend")
  exec {P[1]}>&-
  wait "$P_PID" 2>/dev/null || true
  echo "$form ($(basename "$file")): $(( (after - before) * tick_ms )) CPU-ms for $rounds rounds; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
