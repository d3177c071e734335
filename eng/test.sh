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

# Count every test's outcome in the per-project TRX files: Passed; Failed/Error/Timeout/Aborted;
# anything else (NotExecuted = skipped, NotRunnable = explicit-only) counts as skipped.
passed=0 failed=0 skipped=0
while IFS= read -r outcome; do
  case "$outcome" in
    Passed) passed=$((passed + 1)) ;;
    Failed|Error|Timeout|Aborted) failed=$((failed + 1)) ;;
    *) skipped=$((skipped + 1)) ;;
  esac
done < <(find "$results" -name '*.trx' -exec grep -o '<UnitTestResult [^>]*' {} + 2>/dev/null | grep -o ' outcome="[A-Za-z]*"' | cut -d'"' -f2)

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A project crashed or failed to build: count it as a failure so the total cannot look green.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
