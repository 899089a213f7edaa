#!/usr/bin/env bash
# api-contract's Node tools, run by its Maven build (exec-maven-plugin): Spectral lints the three OpenAPI documents
# (.spectral.yaml; a finding of severity error fails the build) and tsc compiles the TypeScript clients generated from
# them (tsconfig.clients.json, strict). Both come from package-lock.json, installed here with npm ci (the npm registry)
# the first time and again when the lockfile changes.
#
# Usage: run.sh <require-node: true|false> <document>...
# Without Node on the machine, a plain `./mvnw verify` only SKIPS these two checks, loudly (the Java client and
# ContractRulesTest still run); `./openly test` installs Node first (Debian's nodejs + npm) and passes true, so there
# a missing Node fails the build instead.
set -euo pipefail
cd "$(dirname "$0")"
require_node="$1"; shift

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  cat >&2 <<'MSG'
[WARNING] ************************************************************************************************
[WARNING] api-contract: NO NODE/NPM ON THIS MACHINE - Spectral lint and the TypeScript client compile are SKIPPED.
[WARNING] The contract is only half checked. Run ./openly test (it installs nodejs + npm from Debian first),
[WARNING] or install Node >= 18 with npm and run ./mvnw verify again.
[WARNING] ************************************************************************************************
MSG
  if [ "$require_node" = "true" ]; then
    echo "[ERROR] api-contract: Node is required here (-Dapi-contract.require-node=true)" >&2
    exit 1
  fi
  exit 0
fi

if [ ! -f node_modules/.openly-installed ] || [ package-lock.json -nt node_modules/.openly-installed ]; then
  echo "[INFO] api-contract: npm ci (Spectral, TypeScript) from lint/package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.openly-installed
fi

echo "[INFO] api-contract: Spectral lint of $# documents"
node node_modules/@stoplight/spectral-cli/dist/index.js lint --ruleset .spectral.yaml --fail-severity error \
  --display-only-failures "$@"
echo "[INFO] api-contract: tsc (strict) over the generated TypeScript clients"
node node_modules/typescript/bin/tsc -p tsconfig.clients.json
