#!/usr/bin/env bash
# Starts a local PostgreSQL to try the service mode without Docker, with an empty database
# 'quasiproperty', and prints the line that points qp at it:
#
#   eval "$(scripts/local-postgres.sh)"
#
# The server keeps running until you stop it with the command it prints.
set -euo pipefail
source "$(dirname "$0")/throwaway-postgres.sh"
unset QP_TEST_DB
qp_start_postgres
psql_connection="host=127.0.0.1 port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$QP_TEST_DB") user=postgres dbname=postgres"
psql "$psql_connection" -qc "create database quasiproperty" >/dev/null
echo "export ConnectionStrings__Default=\"${QP_TEST_DB/Database=postgres/Database=quasiproperty}\""
echo "echo 'Local PostgreSQL ready. Stop it with: ${QP_PG_STOP[*]} && rm -rf $QP_PG_DIR'"
