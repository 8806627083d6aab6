#!/usr/bin/env bash
# Runs every Hearth test: type-check, then the whole suite on embedded PGlite
# and again on a real PostgreSQL server. Installs what the tests need from
# Debian's packages when it is missing (PostgreSQL, Chromium, xmllint) and
# starts a throwaway PostgreSQL cluster of its own on a private port.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || [ -x /usr/lib/postgresql/*/bin/initdb ] 2>/dev/null || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test.sh: missing ${need[*]}; install them (sudo apt-get install ${need[*]}) and re-run" >&2
    exit 1
  fi
fi

[ -d node_modules ] || npm ci --no-audit --no-fund

echo "== type-check"
npx tsc --noEmit -p .

# A private PostgreSQL cluster for this run, on its own port, removed at exit.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR=$(mktemp -d /tmp/hearth-pg.XXXXXX)
PGPORT=${HEARTH_TEST_PGPORT:-55432}
chown -R postgres "$PGDIR" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
export TEST_DATABASE_URL_PG="postgres://postgres@127.0.0.1:$PGPORT/postgres"

echo "== tests on PGlite (embedded)"
TEST_DATABASE_URL= node scripts/run-tests.mjs "$@"

echo "== tests on PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
TEST_DATABASE_URL="$TEST_DATABASE_URL_PG" node scripts/run-tests.mjs "$@"
