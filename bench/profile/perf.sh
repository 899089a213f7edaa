#!/usr/bin/env bash
# Who spends the CPU of a POSTed entry, by process, thread and function: one `./openly bench journal` against the running
# stack, with `perf record -a -g` (Linux perf, system-wide, 499 Hz) during its measured POST run and during the JDBC
# ceiling's, then bench/profile/perf_report.py over the two recordings.
#
#   bench/profile/perf.sh OUTDIR
#
# Needs: perf (Debian: linux-perf; run as root or with kernel.perf_event_paranoid <= 0), python3, jcmd (the JDK's), a stack
# from ./openly up (OPENLY_HOME if it lives elsewhere than .openly/). Not part of ./openly bench (bench/run-all.sh runs
# bench/*.sh only) and never needed by the tests.
# Why perf and not /proc: /proc/<pid>/stat says how much CPU each process used, not on what; perf samples every CPU
# whatever runs there, so the same instrument covers PostgreSQL's backends (by pid, each named by its database), each
# JVM's threads (journal's request threads apart from its JIT compiler's) and the kernel's work for both, in the same
# window. Java frames are named from each JVM's perf map (`jcmd PID Compiler.perfmap`, written right after the POST run),
# so only JIT-compiled code's leaf frames get Java names; callers above them are not walked (no frame pointers).
# Output in OUTDIR: bench.log, post.data / ceiling.data (perf), ps.post / ps.ceiling, pids, report.txt.
# Cost: perf's own sampling takes ~3 % of the box, in both windows alike; compare within one run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -eq 1 ] || { echo "usage: bench/profile/perf.sh OUTDIR" >&2; exit 2; }
out="$1"
for tool in perf python3 jcmd; do
  command -v "$tool" >/dev/null 2>&1 || { echo "perf.sh: $tool is required" >&2; exit 1; }
done
HOME_DIR="${OPENLY_HOME:-$ROOT/.openly}"
for service in journal reminder insights kafka; do
  [ -f "$HOME_DIR/run/$service.pid" ] || { echo "perf.sh: no $service of ./openly up in $HOME_DIR (start the stack first)" >&2; exit 1; }
done
rm -rf "$out"; mkdir -p "$out"
for service in journal reminder insights kafka; do
  echo "$service $(cat "$HOME_DIR/run/$service.pid")"
done > "$out/pids"
git -C "$ROOT" log --oneline -1 > "$out/head" 2>/dev/null || true

"$ROOT/openly" bench journal > "$out/bench.log" 2>&1 &
bench=$!
trap 'kill "$bench" 2>/dev/null || true' EXIT

# The bench prints a warm-up line when its rounds end ("steady" or "still warming"); the measured run starts right after
# (a checkpoint first, ~0.2 s), and lasts 15 s: record 10 s of it, one second in.
record() { # record WHICH WARMUP_PREFIX
  until grep "$2" "$out/bench.log" 2>/dev/null | grep -q "steady\|still warming"; do
    kill -0 "$bench" 2>/dev/null || { echo "perf.sh: the bench ended before its $1 run (see $out/bench.log)" >&2; exit 1; }
    sleep 0.1
  done
  sleep 1
  ps -eo pid,args > "$out/ps.$1"
  perf record -F 499 -g -a -o "$out/$1.data" -- sleep 10 > "$out/perf.$1.log" 2>&1
}
record post "warm-up POST"
for service in journal reminder insights kafka; do # Java names for the JIT's code, as it stands after the POST run
  jcmd "$(cat "$HOME_DIR/run/$service.pid")" Compiler.perfmap > /dev/null 2>&1 || true
done
record ceiling "warm-up JDBC ceiling"
wait "$bench"
trap - EXIT
python3 "$ROOT/bench/profile/perf_report.py" "$out" | tee "$out/report.txt"
