#!/usr/bin/env bash
# The web client's end-to-end tests: Debian's chromium driven by playwright-core (installed from the
# lockfile, never downloading a browser), run by Node's own test runner against the real stack.
# Starts `./openly up --demo` on its own ports (OPENLY_*_PORT, default 1847x) and stops it after;
# with OPENLY_WEB_URL set it uses a stack that is already running instead.
set -euo pipefail
E2E="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$E2E/../.." && pwd)"

CHROMIUM="${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$CHROMIUM" ] || { echo "web e2e: chromium is not installed (Debian: apt-get install -y chromium)" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "web e2e: node (20 or newer) is not installed" >&2; exit 1; }
export CHROMIUM_PATH="$CHROMIUM" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
echo "web e2e: $("$CHROMIUM" --version 2>/dev/null | head -n1), node $(node --version)"

(cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error)

if [ -z "${OPENLY_WEB_URL:-}" ]; then
  export OPENLY_PG_PORT="${OPENLY_PG_PORT:-18470}" OPENLY_KAFKA_PORT="${OPENLY_KAFKA_PORT:-18471}" \
    OPENLY_KAFKA_CONTROLLER_PORT="${OPENLY_KAFKA_CONTROLLER_PORT:-18472}" OPENLY_JOURNAL_PORT="${OPENLY_JOURNAL_PORT:-18473}" \
    OPENLY_REMINDER_PORT="${OPENLY_REMINDER_PORT:-18474}" OPENLY_INSIGHTS_PORT="${OPENLY_INSIGHTS_PORT:-18475}" \
    OPENLY_WEB_PORT="${OPENLY_WEB_PORT:-18476}"
  trap '(cd "$ROOT" && ./openly down >/dev/null 2>&1) || true' EXIT
  (cd "$ROOT" && ./openly up --demo >/dev/null) || { echo "web e2e: ./openly up --demo failed" >&2; tail -n 30 "$ROOT"/.openly/logs/*.log >&2 || true; exit 1; }
  export OPENLY_WEB_URL="http://127.0.0.1:$OPENLY_WEB_PORT"
fi

cd "$E2E"
node --test --test-concurrency=1 --test-reporter=spec tests/
