#!/usr/bin/env bash
# Where PostgreSQL's CPU per POSTed entry goes: one `./openly bench journal` (or the benches named) against the running
# stack, sampled once a second by sampler.py (CPU of every PostgreSQL process by its title, pg_stat_statements,
# pg_stat_wal, journal's POST count), then attributed by analyze.py over the bench's measured POST run.
#
#   bench/postgres/attribution.sh OUTDIR [BENCH...]      (default bench: journal)
#
# Needs: python3 and psql (any recent client; zonky's binaries bring none) on the PATH, a stack from ./openly up with
# the same OPENLY_* port variables exported (OPENLY_PG_PORT, OPENLY_JOURNAL_PORT, ...; defaults as ./openly's) and
# OPENLY_HOME if the stack lives elsewhere than .openly/. For the per-statement part, start the stack with
# pg_stat_statements loaded: `./openly down && OPENLY_PG_STAT_STATEMENTS=1 ./openly up`; this script then creates the
# extension (as the local superuser) if it is missing. Without it, the per-process attribution still works.
# Output in OUTDIR: bench.txt (the bench's own output, with load average), attrib.txt (the attribution; its last lines
# are a summary row), samples.jsonl, pgss.* snapshots, tables.before/after (pg_stat_user_tables of the three databases).
# Not part of ./openly bench (bench/run-all.sh runs bench/*.sh only). bench/postgres/RESULTS.md has what it found.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$ROOT/bench/postgres"
[ $# -ge 1 ] || { echo "usage: bench/postgres/attribution.sh OUTDIR [BENCH...]" >&2; exit 2; }
out="$1"; shift
benches=("$@"); [ ${#benches[@]} -gt 0 ] || benches=(journal)

command -v python3 >/dev/null 2>&1 || { echo "attribution: python3 is required" >&2; exit 1; }
command -v psql >/dev/null 2>&1 || { echo "attribution: psql (the PostgreSQL client) is required" >&2; exit 1; }

HOME_DIR="${OPENLY_HOME:-$ROOT/.openly}"
PG_PORT="${OPENLY_PG_PORT:-5432}"
JOURNAL_PORT="${OPENLY_JOURNAL_PORT:-8081}"
MANAGEMENT_PORT="${OPENLY_JOURNAL_MANAGEMENT_PORT:-$((JOURNAL_PORT + 100))}"
[ -f "$HOME_DIR/pg/postmaster.pid" ] || { echo "attribution: no PostgreSQL of ./openly up in $HOME_DIR (start the stack first)" >&2; exit 1; }

export PGPASSWORD="${OPENLY_PG_PASSWORD:-openly}"
user="${OPENLY_PG_USER:-openly}"
q() { psql -h localhost -p "$PG_PORT" -U "$user" -d "$1" -At -F $'\t' -v ON_ERROR_STOP=1 -c "$2"; }

# The local stack's superuser (LocalSetup creates the databases as it): only it may read shared_preload_libraries and
# create this extension.
superuser() { PGPASSWORD=postgres psql -h localhost -p "$PG_PORT" -U postgres -d postgres -At -q -v ON_ERROR_STOP=1 -c "$1"; }
statements=()
if superuser "show shared_preload_libraries" | grep -q pg_stat_statements; then
  superuser "create extension if not exists pg_stat_statements"
  statements=(--statements)
else
  echo "attribution: pg_stat_statements is not loaded (start the stack with OPENLY_PG_STAT_STATEMENTS=1 ./openly up):" \
    "attributing per process only" >&2
fi

rm -rf "$out"; mkdir -p "$out"
tables() {
  for db in journal reminder insights; do
    q "$db" "select '$db', relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_dead_tup, n_live_tup, autovacuum_count,
             autoanalyze_count, coalesce(idx_scan, 0), seq_scan from pg_stat_user_tables"
  done
}
tables > "$out/tables.before"

python3 "$here/sampler.py" --home "$HOME_DIR" --pg-port "$PG_PORT" --management-port "$MANAGEMENT_PORT" --out "$out" \
  "${statements[@]}" > "$out/sampler.log" 2>&1 &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

echo "load at start: $(cat /proc/loadavg)" > "$out/bench.txt"
"$ROOT/openly" bench "${benches[@]}" >> "$out/bench.txt" 2>&1 || echo "attribution: the bench failed (see $out/bench.txt)" >&2
echo "load at end: $(cat /proc/loadavg)" >> "$out/bench.txt"
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
trap - EXIT

tables > "$out/tables.after"
if [ ${#statements[@]} -gt 0 ]; then
  q postgres "select queryid, dbid, regexp_replace(query, '\s+', ' ', 'g') from pg_stat_statements" > "$out/texts.tsv"
fi
q postgres "select oid, datname from pg_database" > "$out/dbs.tsv"
python3 "$here/analyze.py" "$out" > "$out/attrib.txt"
cat "$out/attrib.txt"
