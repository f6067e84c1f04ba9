#!/usr/bin/env bash
# Runs every test of QuasiProperty and ends with one line: "N passed, N failed".
# It starts what the tests need by itself — a throwaway PostgreSQL (installed with apt if it is
# missing) unless QP_TEST_DB names a server — and stops it afterwards. The browser tests drive
# Debian's Chromium (installed with apt if it is missing); they never download a browser.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/throwaway-postgres.sh

# The browser tests (tests/QuasiProperty.Portal.Tests) launch /usr/bin/chromium headless.
qp_ensure_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is not installed and this is not root: install Debian's package first (sudo apt-get install chromium)" >&2
    return 1
  fi
  echo "Chromium is not installed; installing it (Debian package 'chromium') for the browser tests" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 \
    && command -v chromium >/dev/null 2>&1
}

log=$(mktemp)
trap 'qp_stop_postgres; rm -f "$log"' EXIT

if ! qp_ensure_chromium; then
  echo "could not install Chromium for the browser tests (apt-get install chromium)" | tee "$log"
  status=1
elif qp_start_postgres; then
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
