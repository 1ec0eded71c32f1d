#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the sink.postgres tests, installing
# the server (Debian's postgresql package) if it is missing, and prints the line that exports
# its URL:
#
#   eval "$(scripts/start-postgres.sh)"      # sets INGEST_TEST_DATABASE_URL
#   swift test --filter SinksTests
#   scripts/start-postgres.sh --stop
#
# Settings (environment): INGEST_PG_DIR (default /tmp/ingest-test-postgres), INGEST_PG_PORT
# (default 55432). The cluster is kept between calls; a second call only starts it if needed.
# It is a test server: password authentication over TCP with a generated password, which the
# printed URL carries.
set -euo pipefail

base="${INGEST_PG_DIR:-/tmp/ingest-test-postgres}"
port="${INGEST_PG_PORT:-55432}"
data="$base/data"
say() { echo "start-postgres: $*" >&2; }

find_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

bin="$(find_bin || true)"
if [ -z "$bin" ]; then
    say "installing PostgreSQL (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin="$(find_bin)"
fi

# The server refuses to run as root: run it as the postgres user when we are root.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-}" = "--stop" ]; then
    [ -d "$data" ] && as_owner "$bin/pg_ctl" -D "$data" -m fast stop >&2 || true
    exit 0
fi

mkdir -p "$base"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$base"
if [ ! -s "$base/password" ]; then
    as_owner sh -c "umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > '$base/password'"
fi
password="$(cat "$base/password")"

if [ ! -f "$data/PG_VERSION" ]; then
    say "initialising a cluster in $data"
    as_owner "$bin/initdb" -D "$data" -U ingest --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$base/password" -E UTF8 --locale=C.UTF-8 >&2
fi

if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "starting the server on 127.0.0.1:$port"
    as_owner "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off" start >&2
fi

if ! as_owner "$bin/psql" -h "$base" -p "$port" -U ingest -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'ingest_test'" | grep -q 1; then
    as_owner "$bin/createdb" -h "$base" -p "$port" -U ingest ingest_test
fi

echo "export INGEST_TEST_DATABASE_URL='postgres://ingest:$password@127.0.0.1:$port/ingest_test'"
