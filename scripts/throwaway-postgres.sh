# Sourced by test.sh: starts a throwaway PostgreSQL for the tests and stops it on exit.
# Skipped when QP_TEST_DB already names a server (a connection string with rights to create databases).
# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user.

qp_pg_bin() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$initdb" ]; then
    echo "PostgreSQL is not installed; installing it (Debian package 'postgresql')" >&2
    if [ "$(id -u)" -ne 0 ]; then echo "run as root, or install postgresql, or set QP_TEST_DB" >&2; return 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  fi
  dirname "$(readlink -f "$initdb")"
}

qp_free_port() {
  local port
  for port in $(seq 54329 54429); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

qp_start_postgres() {
  if [ -n "${QP_TEST_DB:-}" ]; then
    echo "Using the PostgreSQL of QP_TEST_DB" >&2
    return 0
  fi
  local bin port as=()
  bin=$(qp_pg_bin) || return 1
  port=$(qp_free_port) || { echo "no free port for PostgreSQL" >&2; return 1; }
  QP_PG_DIR=$(mktemp -d /tmp/qp-postgres.XXXXXX)
  chmod 755 "$QP_PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$QP_PG_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$QP_PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$QP_PG_DIR/initdb.log" 2>&1 \
    || { cat "$QP_PG_DIR/initdb.log" >&2; return 1; }
  # Durability is not needed for a throwaway server; speed is.
  "${as[@]}" "$bin/pg_ctl" -D "$QP_PG_DIR/data" -l "$QP_PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $QP_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$QP_PG_DIR/server.log" >&2; return 1; }
  QP_PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$QP_PG_DIR/data" -m immediate stop)
  export QP_TEST_DB="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "Started a throwaway PostgreSQL on port $port ($QP_PG_DIR)" >&2
}

qp_stop_postgres() {
  if [ -n "${QP_PG_DIR:-}" ]; then
    "${QP_PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$QP_PG_DIR"
  fi
}
