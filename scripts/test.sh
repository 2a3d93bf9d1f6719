#!/usr/bin/env bash
# The whole test suite: type check, build, then every test on the embedded database and again on a
# throwaway PostgreSQL server. Installs what the tests need that npm does not (PostgreSQL server binaries).
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d /tmp/tonerloop-tests.XXXXXX)
trap 'rm -rf "$results"' EXIT
status=0

step() { printf '\n==> %s\n' "$*"; }

step "build (server and portal)"
npm run --silent build || status=1

step "type check (server, tests and portal)"
npm run --silent typecheck || status=1

step "Debian's chromium for the browser tests"
# Installed once here, before test files run in parallel and could race for the package manager's lock.
if ! command -v chromium >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null || status=1
fi
command -v chromium || status=1

step "Debian's pdftoppm and zbarimg for the label tests"
# The warehouse's label sheets are checked by an independent reader: pdftoppm renders the PDF, zbarimg decodes its barcodes.
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v zbarimg >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils zbar-tools; } >/dev/null || status=1
fi
command -v pdftoppm zbarimg || status=1

step "tests on the embedded database (PGlite)"
env -u DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile.json="$results/embedded.json" "$@" || status=1

step "tests on PostgreSQL"
bash scripts/with-postgres.sh npx vitest run --reporter=default --reporter=json --outputFile.json="$results/postgres.json" "$@" || status=1

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed++; continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    // A test file that fails to load has no tests to count, but it is a failure too.
    const broken = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
    passed += r.numPassedTests; failed += r.numFailedTests + broken; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results/embedded.json" "$results/postgres.json"
exit $status
