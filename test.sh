#!/usr/bin/env bash
# Runs every test of QuasiProperty and ends with one line: "N passed, N failed".
# It starts what the tests need by itself — a throwaway PostgreSQL (installed with apt if it is
# missing) unless QP_TEST_DB names a server — and stops it afterwards.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/throwaway-postgres.sh

log=$(mktemp)
trap 'qp_stop_postgres; rm -f "$log"' EXIT

if qp_start_postgres; then
  dotnet test QuasiProperty.sln --blame-hang-timeout 10m 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
else
  echo "could not start PostgreSQL" | tee "$log"
  status=1
fi

# Sum the per-assembly summaries ("Failed:     0, Passed:    44, ...").
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
# A build error, a crashed test host or a missing server reports no failed test, but it is a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "$passed passed, $failed failed"
exit "$status"
