#!/usr/bin/env bash
# Runs every executable bench/*.sh (except this one) one after the other and says which failed; with names
# (./openly bench journal open-loop) only those. BENCH_SHORT=1 asks each benchmark that has one for its short mode.
# ./openly bench calls it with JOURNAL_URL, REMINDER_URL, INSIGHTS_URL and OPENLY_TOKEN_CMD exported;
# run it directly only with those set. A failing benchmark does not stop the others.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for v in JOURNAL_URL REMINDER_URL INSIGHTS_URL OPENLY_TOKEN_CMD; do
  [ -n "${!v:-}" ] || { echo "bench: $v is not set; run ./openly bench instead" >&2; exit 1; }
done

ran=0
failed=()
for b in "$here"/*.sh; do
  [ "$(basename "$b")" = run-all.sh ] && continue
  [ -f "$b" ] && [ -x "$b" ] || continue
  name="$(basename "$b" .sh)"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  echo "== $name"
  start=$SECONDS
  if bash "$b"; then
    echo "== $name done in $((SECONDS - start))s"
  else
    rc=$?
    echo "== $name FAILED (exit $rc) after $((SECONDS - start))s"
    failed+=("$name")
  fi
  ran=$((ran + 1))
done

if [ "$ran" -eq 0 ]; then
  echo "bench: no executable benchmarks in bench/ (bench/<name>.sh)"
  exit 0
fi
if [ "${#failed[@]}" -gt 0 ]; then
  echo "bench: $ran run, ${#failed[@]} failed: ${failed[*]}" >&2
  exit 1
fi
echo "bench: $ran run, all finished"
