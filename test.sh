#!/usr/bin/env bash
# Runs every test of QuasiProperty and ends with one line: "N passed, N failed".
# It starts whatever the tests need by itself; nothing has to be running beforehand.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test QuasiProperty.sln --blame-hang-timeout 10m 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries ("Failed:     0, Passed:    44, ...").
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
# A build error or a crashed test host reports no failed test, but it is a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "$passed passed, $failed failed"
exit "$status"
