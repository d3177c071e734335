#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the store tests and prints the
# connection string to use as EID_TEST_POSTGRES. Idempotent: reuses a running server.
set -euo pipefail

port="${EID_PG_PORT:-55432}"
data="${EID_PG_DATA:-/tmp/eid-pg}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

run_as_pg() { if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

if ! run_as_pg "$bin/pg_isready -q -h 127.0.0.1 -p $port" 2>/dev/null; then
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$data"
    run_as_pg "$bin/initdb -D $data -U eid --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  run_as_pg "$bin/pg_ctl -D $data -l $data/server.log -o \"-h 127.0.0.1 -p $port -k /tmp\" -w start" >/dev/null
fi
run_as_pg "$bin/psql -h 127.0.0.1 -p $port -U eid -d postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='eid_test'\"" | grep -q 1 \
  || run_as_pg "$bin/createdb -h 127.0.0.1 -p $port -U eid eid_test"
echo "Host=127.0.0.1;Port=$port;Username=eid;Database=eid_test"
