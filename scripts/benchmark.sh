#!/usr/bin/env bash
# The city-scale benchmark of issue 8 (see docs/performance.md).
#
#   scripts/benchmark.sh [--communities N] [--runs R] [--quarter YYYYQn]
#
# Publishes qp in Release (precompiled, as the README says) into out/bench/qp, generates the
# synthetic city data set (N communities, default 7000) into out/bench/city and a tenfold-rows
# variant (--responses 5000) into out/bench/city-x10 (both kept and reused while their parameters
# stay the same), starts a throwaway PostgreSQL, measures each item R times (default 3) and prints
# a table of medians with each target and whether it is met.
# The table is also written to out/bench/results.md; logs of every run are in out/bench/logs/.
#
# Exit status: 0 when everything ran (whether or not every target is met), 1 when something failed
# or the SQL peer's results differ from the engine's.

set -euo pipefail

communities=7000
runs=3
quarter=2025Q1
as_of=2025-04-10T02:00:00+08:00
seed=1

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --communities) communities=${2:?--communities needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --quarter) quarter=${2:?--quarter needs YYYYQn}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$communities" =~ ^[1-9][0-9]*$ ]] || { echo "--communities must be a positive integer" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "--runs must be a positive integer" >&2; exit 2; }

cd "$(dirname "$0")/.."
root=$(pwd)
bench_dir=$root/out/bench
logs=$bench_dir/logs
work=$bench_dir/runs
mkdir -p "$logs" "$work"

started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
progress() { printf '[%s +%4ss] %s\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - started ))" "$*" >&2; }
die() { echo "benchmark: $*" >&2; exit 1; }

if awk -v l="${load_start%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  progress "warning: load average is $load_start on $(nproc) cores: other work is running, and the times will show it"
fi
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed for peak memory: apt-get install time"
command -v psql >/dev/null || die "psql is needed: apt-get install postgresql-client"

# ------------------------------------------------------------------------------------------- build
progress "building Release (qp published as the README says, and the benchmark helper)"
dotnet publish src/QuasiProperty.Cli -c Release -o "$bench_dir/qp" -nologo -v q >"$logs/build.log" 2>&1 || { cat "$logs/build.log" >&2; die "build failed"; }
dotnet build bench/QuasiProperty.Benchmarks -c Release -nologo -v q >>"$logs/build.log" 2>&1 || { cat "$logs/build.log" >&2; die "build failed"; }
qp=$bench_dir/qp/qp
bench=$root/bench/QuasiProperty.Benchmarks/bin/Release/net10.0/qp-bench

# ---------------------------------------------------------------------------------------- data sets
# The generator's fingerprint: the hash of a tiny data set it writes, so that a changed generator
# gives a new data set rather than a stale one.
fingerprint_dir=$(mktemp -d)
"$qp" samples generate --communities 3 --quarter "$quarter" --seed "$seed" --out "$fingerprint_dir/s" >/dev/null 2>&1 \
  || die "qp samples generate failed"
generator=$(cd "$fingerprint_dir/s" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12)
rm -rf "$fingerprint_dir"

# generate DIR RESPONSES: (re)generates DIR unless it holds a complete set with the same parameters.
generate() {
  local dir=$1 responses=$2
  local stamp="communities=$communities quarter=$quarter seed=$seed responses=$responses incidents=100 generator=$generator"
  if [ -f "$dir/.bench-params" ] && [ "$(cat "$dir/.bench-params")" = "$stamp" ]; then
    progress "data set $dir is there ($stamp): reused"
    return
  fi
  progress "generating $dir ($stamp)"
  rm -rf "$dir"
  "$qp" samples generate --communities "$communities" --quarter "$quarter" --seed "$seed" \
    --responses "$responses" --incidents 100 --out "$dir" >"$logs/generate-$(basename "$dir").log" 2>&1 \
    || { cat "$logs/generate-$(basename "$dir").log" >&2; die "generating $dir failed"; }
  echo "$stamp" >"$dir/.bench-params"
  progress "generated $dir: $(du -sh "$dir" | cut -f1)"
}
city=$bench_dir/city
city_x10=$bench_dir/city-x10
generate "$city" 500
generate "$city_x10" 5000

# The quarter's three months, and its survey and grid files.
year=${quarter:0:4}; q=${quarter:5:1}
months=()
for k in 1 2 3; do months+=("$(printf '%s-%02d' "$year" $(( (q - 1) * 3 + k )))"); done

# ------------------------------------------------------------------------------------------ helpers
# Median of numbers (one per line on stdin).
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }
# A key=value field of a result line.
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
calc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; }
le() { awk "BEGIN { exit !($1 <= $2) }"; }

# timed NAME CMD...: runs CMD under GNU time; appends "seconds kib" to $work/NAME.times.
timed() {
  local name=$1; shift
  local tf; tf=$(mktemp)
  if ! /usr/bin/time -f "%e %M" -o "$tf" "$@" >>"$logs/$name.log" 2>&1; then
    tail -n 20 "$logs/$name.log" >&2; rm -f "$tf"; die "$name failed (log: $logs/$name.log)"
  fi
  tail -n 1 "$tf" >>"$work/$name.times"
  rm -f "$tf"
  progress "  $name run: $(tail -n 1 "$work/$name.times" | awk '{ printf "%.2f s, peak %.0f MiB", $1, $2 / 1024 }')"
}
seconds_of() { awk '{ print $1 }' "$work/$1.times" | median; }
peak_mib_of() { awk '{ print $2 / 1024 }' "$work/$1.times" | maximum | awk '{ printf "%.0f", $1 }'; }

rm -f "$work"/*.times "$work"/*.results
for f in "$logs"/*.log; do [ "$f" = "$logs/build.log" ] || [[ "$f" == "$logs"/generate-* ]] || rm -f "$f"; done

# ----------------------------------------------------------------------------------- PostgreSQL
# shellcheck source=scripts/throwaway-postgres.sh
source "$root/scripts/throwaway-postgres.sh"
created_dbs=()
cleanup() {
  local db
  for db in "${created_dbs[@]}"; do psql -qAtX -d "${admin_db:-postgres}" -c "drop database if exists $db" >/dev/null 2>&1 || true; done
  qp_stop_postgres
}
trap cleanup EXIT
progress "starting a throwaway PostgreSQL"
qp_start_postgres

# The connection string (Npgsql: Key=Value;...) as libpq environment variables for psql.
cs_get() { tr ';' '\n' <<<"$QP_TEST_DB" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'; }
export PGHOST; PGHOST=$(cs_get Host)
export PGPORT; PGPORT=$(cs_get Port); PGPORT=${PGPORT:-5432}
export PGUSER; PGUSER=$(cs_get Username); [ -n "$PGUSER" ] || PGUSER=$(cs_get 'User Id')
pw=$(cs_get Password); [ -z "$pw" ] || export PGPASSWORD=$pw
admin_db=$(cs_get Database); admin_db=${admin_db:-postgres}
export PGOPTIONS="-c client_min_messages=warning" # no NOTICEs from "drop database if exists"
sql() { psql -qAtX -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
# The connection string of database $1 on the same server.
cs_for() { echo "$(sed -E 's/(^|;)Database=[^;]*//I' <<<"$QP_TEST_DB");Database=$1"; }
# What qp gets: the same, without Npgsql's 30 s command timeout, so that a slow step is measured
# rather than aborted. (An earlier importer's COMMIT of one city survey month, 3.4 million rows with
# their foreign keys checked at commit, took about a minute and failed under the default with
# "qp: database: Exception while reading from stream".)
qp_cs_for() { echo "$(cs_for "$1");Command Timeout=0"; }
new_db() { sql "$admin_db" "drop database if exists $1" >/dev/null; sql "$admin_db" "create database $1 ${2:+template $2}" >/dev/null; created_dbs+=("$1"); }
drop_db() { sql "$admin_db" "drop database if exists $1" >/dev/null; }
progress "PostgreSQL $(sql "$admin_db" 'show server_version') at $PGHOST:$PGPORT"

# ------------------------------------------------------------------------------------ measurements
progress "1/6 raw-read floor: CsvHelper reads every field of the quarter's survey and grid files (both cores)"
# Untimed warm-up: every measurement reads the files from the page cache, none from the disk.
warm() { cat "$1"/surveys/*.csv "$1"/grid/*.csv >/dev/null; }
warm "$city"
floor_rows=0
for run in $(seq "$runs"); do
  line=$("$bench" read-floor "$city" "$quarter" 2>>"$logs/read-floor.log") || die "read-floor failed (log: $logs/read-floor.log)"
  floor_rows=$(field rows <<<"$line")
  field seconds <<<"$line" >>"$work/read-floor.results"
  progress "  read-floor run: $(field seconds <<<"$line") s, $floor_rows rows"
done
floor_s=$(median <"$work/read-floor.results")
warm "$city_x10"
x10_rows=0
for run in $(seq "$runs"); do
  line=$("$bench" read-floor "$city_x10" "$quarter" 2>>"$logs/read-floor-x10.log") || die "read-floor failed (log: $logs/read-floor-x10.log)"
  x10_rows=$(field rows <<<"$line")
  field seconds <<<"$line" >>"$work/read-floor-x10.results"
  progress "  read-floor (x10 rows) run: $(field seconds <<<"$line") s, $x10_rows rows"
done
floor_x10_s=$(median <"$work/read-floor-x10.results")

progress "2/6 qp assess --ledger-only (file mode), and with tenfold rows per community"
# Runs that write the 21,000 report files write each into a folder of its own, all removed at the end:
# on this machine's ext4 (no journal) creating a file skips every inode deleted in the last minute or
# so, and deleting the previous run's 21,000 files just before a run made it seconds slower.
assess() { # NAME DATA OUT [extra args]
  local name=$1 data=$2 out=$3; shift 3
  rm -rf "$out"
  timed "$name" "$qp" assess --data "$data" --rules "$data/rules" --quarter "$quarter" --as-of "$as_of" --out "$out" "$@"
}
warm "$city"
for run in $(seq "$runs"); do assess assess-ledger "$city" "$work/assess-ledger" --ledger-only; done
warm "$city_x10"
for run in $(seq "$runs"); do assess assess-ledger-x10 "$city_x10" "$work/assess-ledger-x10" --ledger-only; done

progress "3/6 import: psql \\copy into bare tables (the bulk-load ceiling), then qp import folder into a fresh database"
copy_script=$work/copy.sql
{
  echo "create table s (response_id text, community_id text, household_ref text, cleaning text, greening text, \"order\" text, convenience text);"
  echo "create table g (incident_id text, community_id text, category text, reported_at text, due_at text, closed_at text);"
} >"$work/bare-tables.sql"
: >"$copy_script"
for m in "${months[@]}"; do
  for pair in "s:surveys" "g:grid"; do
    file=$city/${pair#*:}/$m.csv
    [ -f "$file" ] || continue
    # The file's own header gives the column list, so its column order does not matter.
    columns=$(head -n 1 "$file" | tr -d '\r\357\273\277' | sed 's/\border\b/"order"/')
    echo "\\copy ${pair%%:*} ($columns) from '$file' with (format csv, header true)" >>"$copy_script"
  done
done
for run in $(seq "$runs"); do
  new_db qp_bench_copy
  psql -qAtX -v ON_ERROR_STOP=1 -d qp_bench_copy -f "$work/bare-tables.sql" >/dev/null
  timed copy psql -qAtX -v ON_ERROR_STOP=1 -d qp_bench_copy -f "$copy_script"
  copied=$(sql qp_bench_copy "select (select count(*) from s) + (select count(*) from g)")
  [ "$copied" = "$floor_rows" ] || die "\\copy loaded $copied rows, the files have $floor_rows"
  drop_db qp_bench_copy
done
for run in $(seq "$runs"); do
  db=qp_bench_import_$run
  [ "$run" != 1 ] || progress "  (qp gets 'Command Timeout=0' in its connection string: see qp_cs_for above)"
  new_db "$db"
  "$qp" db migrate --db "$(qp_cs_for "$db")" >>"$logs/migrate.log" 2>&1 || die "qp db migrate failed (log: $logs/migrate.log)"
  timed import "$qp" import folder "$city" --db "$(qp_cs_for "$db")" --rules "$city/rules"
  stored=$(sql "$db" "select (select count(*) from survey_responses) + (select count(*) from grid_incidents)")
  [ "$stored" = "$floor_rows" ] || progress "  note: the import stored $stored survey and grid rows; the files have $floor_rows"
  # Keep the last import for the payout; drop the others (each is a few GB at city size).
  [ "$run" = "$runs" ] || drop_db "$db"
done
source_db=qp_bench_import_$runs
progress "  vacuum analyze of the imported database (not timed; the same for qp payout and the SQL peer)"
sql "$source_db" "vacuum analyze" >/dev/null

progress "4/6 qp payout from the database (each run on a fresh copy of the imported database, so each records its revisions)"
rm -rf "$work"/payout-* "$work"/assess-full-*
for run in $(seq "$runs"); do
  db=qp_bench_payout
  new_db "$db" "$source_db"
  timed payout "$qp" payout --quarter "$quarter" --as-of "$as_of" --out "$work/payout-$run" --db "$(qp_cs_for "$db")" --rules "$city/rules"
  drop_db "$db"
done
cmp -s "$work/payout-$runs/ledger.csv" "$work/assess-ledger/ledger.csv" \
  && progress "  qp payout's ledger.csv equals qp assess's, byte for byte" \
  || progress "  note: qp payout's ledger.csv differs from qp assess's"

progress "5/6 the SQL peer: the same assessment as one PostgreSQL query, checked against qp payout's ledger.csv"
peer() { # RESULTS [--stored-sums]: runs the peer R times, checking it against qp payout's ledger; sets $mismatches
  local results=$1 label="sql-peer${2:+ $2}" line; shift
  mismatches=0
  for run in $(seq "$runs"); do
    line=$("$bench" sql-peer "$@" "$(cs_for "$source_db")" "$quarter" "$as_of" "$work/payout-$runs/ledger.csv" 2>>"$logs/sql-peer.log") || true
    [ -n "$line" ] || { tail -n 20 "$logs/sql-peer.log" >&2; die "$label failed (log: $logs/sql-peer.log)"; }
    field seconds <<<"$line" >>"$work/$results.results"
    mismatches=$(field mismatches <<<"$line")
    progress "  $label run: $(field seconds <<<"$line") s, $(field contracts <<<"$line") contracts, $mismatches mismatches"
  done
}
peer sql-peer; peer_mismatches=$mismatches
peer_s=$(median <"$work/sql-peer.results")
# For reference, not a target: the same query reading the survey sums that qp import stores with each month
# (migration 0008), which qp payout reads, instead of summing the responses.
peer sql-peer-stored --stored-sums; stored_mismatches=$mismatches
stored_peer_s=$(median <"$work/sql-peer-stored.results")

progress "6/6 reports: full qp assess (ledger, working files, signed HTML reports, summary)"
warm "$city"
for run in $(seq "$runs"); do assess assess-full "$city" "$work/assess-full-$run"; done
contracts=$(( $(wc -l <"$work/assess-full-$runs/ledger.csv") - 1 ))
reports=$(find "$work/assess-full-$runs/contracts" -name '*.html' | wc -l)
rm -rf "$work"/payout-* "$work"/assess-full-*

# --------------------------------------------------------------------------------------- the table
assess_s=$(seconds_of assess-ledger); assess_mib=$(peak_mib_of assess-ledger)
x10_s=$(seconds_of assess-ledger-x10); x10_mib=$(peak_mib_of assess-ledger-x10)
copy_s=$(seconds_of copy); import_s=$(seconds_of import); import_mib=$(peak_mib_of import)
payout_s=$(seconds_of payout); payout_mib=$(peak_mib_of payout)
full_s=$(seconds_of assess-full); full_mib=$(peak_mib_of assess-full)
reports_s=$(calc "$full_s - $assess_s")

rate() { awk -v r="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", r / s; else print "-" }'; }
mark() { if "$@"; then echo yes; else echo "**NO**"; fi; }
floor_ratio=$(calc "$assess_s / $floor_s" 1); floor_ratio_raw=$(calc "$assess_s / $floor_s" 4)
x10_ratio=$(calc "$x10_s / $floor_x10_s" 1)
copy_rate=$(rate "$floor_rows" "$copy_s"); import_rate=$(rate "$floor_rows" "$import_s")
import_pct=$(calc "100 * $copy_s / $import_s" 0); import_pct_raw=$(calc "100 * $copy_s / $import_s" 4)
payout_ratio=$(calc "$payout_s / $peer_s" 2)

assess_met=$(mark eval 'le "$assess_s" 3 && le "$assess_mib" 512 && le "$floor_ratio_raw" 6')
# "Flat": the tenfold data set stays within the 512 MiB target and within 25% of the normal peak.
flat_met=$(mark eval 'le "$x10_mib" 512 && le "$x10_mib" "$(calc "$assess_mib * 1.25" 0)"')
import_met=$(mark le 70 "$import_pct_raw")
payout_met=$(mark eval 'le "$payout_s" 10 && awk "BEGIN { exit !($payout_s < $peer_s) }" && [ "$peer_mismatches" = 0 ]')
reports_met=$(mark le "$reports_s" 30)

fmt_rate() { awk -v r="$1" 'BEGIN { if (r == "-") print "-"; else { s = sprintf("%.0f", r); out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } print s out } }'; }
table=$(cat <<EOF
| measurement | median s | peak MiB | rows/s | vs peer | target | met? |
|---|---:|---:|---:|---|---|---|
| raw-read floor: CsvHelper, every field, 2 cores | $floor_s | – | $(fmt_rate "$(rate "$floor_rows" "$floor_s")") | (the peer) | – | – |
| \`qp assess --ledger-only\` | $assess_s | $assess_mib | $(fmt_rate "$(rate "$floor_rows" "$assess_s")") | ${floor_ratio}x the floor | ≤ 3 s, ≤ 512 MiB, ≤ 6x floor | $assess_met |
| raw-read floor, tenfold rows | $floor_x10_s | – | $(fmt_rate "$(rate "$x10_rows" "$floor_x10_s")") | (the peer) | – | – |
| \`qp assess --ledger-only\`, tenfold rows | $x10_s | $x10_mib | $(fmt_rate "$(rate "$x10_rows" "$x10_s")") | ${x10_ratio}x the floor; memory $(calc "$x10_mib / $assess_mib" 2)x normal | memory flat (≤ 512 MiB, ≤ 1.25x normal) | $flat_met |
| \`psql \\copy\` into bare tables | $copy_s | – | $(fmt_rate "$copy_rate") | (the peer) | – | – |
| \`qp import folder\`, fresh database | $import_s | $import_mib | $(fmt_rate "$import_rate") | ${import_pct}% of \\copy rows/s | ≥ 70% of \\copy | $import_met |
| SQL peer: one query (${peer_mismatches} mismatches) | $peer_s | – | – | (the peer) | – | – |
| \`qp payout\` (with its reports) | $payout_s | $payout_mib | – | ${payout_ratio}x the SQL peer | ≤ 10 s, faster than the peer | $payout_met |
| for reference: the SQL peer reading the stored survey sums (${stored_mismatches} mismatches) | $stored_peer_s | – | – | qp payout $(calc "$payout_s / $stored_peer_s" 2)x this | – | – |
| \`qp assess\` full | $full_s | $full_mib | – | – | – | – |
| reports: full − ledger-only ($reports signed HTML) | $reports_s | – | – | – | ≤ 30 s | $reports_met |
EOF
)

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
# The processor's name too: machines of the same size differ (docs/performance.md, "Results").
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
summary="$(date -u +%Y-%m-%dT%H:%MZ) · $(nproc) cores${cpu:+ ($cpu)} · $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) · $communities communities ($contracts contracts), $quarter · $floor_rows survey+grid rows ($x10_rows tenfold) · medians of $runs run(s) · load average before $load_start, after $load_end"
{
  echo "$summary"
  echo
  echo "$table"
} >"$bench_dir/results.md"
echo
echo "$summary"
echo
echo "$table"
echo
echo "(also in out/bench/results.md; logs in out/bench/logs/)"
met=$(grep -c '| yes |$' <<<"$table" || true); unmet=$(grep -c '| \*\*NO\*\* |$' <<<"$table" || true)
progress "done: $met target(s) met, $unmet not met"
[ "$peer_mismatches" = 0 ] && [ "$stored_mismatches" = 0 ] \
  || die "the SQL peer's results differ from the engine's in $peer_mismatches contract(s), reading the stored sums in $stored_mismatches (log: $logs/sql-peer.log)"
