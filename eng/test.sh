#!/usr/bin/env bash
# Runs every test project in EId.sln and ends with one line totalling them all:
#   N passed, N failed, N skipped
# Extra arguments go to `dotnet test` (e.g. --filter-class, --no-build).
set -uo pipefail
cd "$(dirname "$0")/.."

# Store tests use a real PostgreSQL server when one can be started here; they skip with a reason otherwise.
if [ -z "${EID_TEST_POSTGRES:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  EID_TEST_POSTGRES=$(bash eng/postgres.sh 2>/dev/null) && export EID_TEST_POSTGRES || unset EID_TEST_POSTGRES
fi

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet test --solution EId.sln -c Release --results-directory "$results" --report-xunit-trx "$@"
status=$?

# Sum the per-project TRX counters (xunit writes skipped tests as notExecuted).
passed=0 failed=0 skipped=0
for trx in $(find "$results" -name '*.trx' 2>/dev/null); do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed || echo 0)))
  failed=$((failed + $(get failed || echo 0)))
  skipped=$((skipped + $(get notExecuted || echo 0)))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A project crashed or failed to build: count it as a failure so the total cannot look green.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
