#!/usr/bin/env bash
# The long fuzz run: every operation of the OpenAPI document, as every caller, on the embedded database and
# then on a throwaway PostgreSQL server, FUZZ_RUNS requests per operation and caller (default 500: about
# 130,000 requests per engine). FUZZ_SEED replays a run.   usage: scripts/fuzz.sh [vitest args…]
set -uo pipefail
cd "$(dirname "$0")/.."
export FUZZ_RUNS="${FUZZ_RUNS:-500}"
status=0
printf '\n==> fuzz on the embedded database (PGlite), %s runs per operation and caller\n' "$FUZZ_RUNS"
env -u DATABASE_URL npx vitest run test/http/fuzz.test.ts "$@" || status=1
printf '\n==> fuzz on PostgreSQL, %s runs per operation and caller\n' "$FUZZ_RUNS"
bash scripts/with-postgres.sh npx vitest run test/http/fuzz.test.ts "$@" || status=1
exit $status
