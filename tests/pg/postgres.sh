#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests: `postgres.sh start DIR` creates a cluster in DIR
# that listens only on a unix socket in DIR (no TCP port, no password: trust for the socket's
# owner), `postgres.sh stop DIR` stops it and removes DIR. Run as root, the server runs as the
# postgres system user (PostgreSQL refuses to run as root). The database is `indblik`, the role
# `indblik`; the tests' connection string is
#   postgresql:///indblik?host=DIR&port=PORT&user=indblik
set -euo pipefail

cmd=${1:?usage: postgres.sh start|stop DIR [PORT]}
dir=${2:?usage: postgres.sh start|stop DIR [PORT]}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$bin" ] || { echo "postgres.sh: PostgreSQL is not installed (apt package postgresql-15)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U indblik --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
port = $port
fsync = on
max_connections = 200
shared_buffers = 128MB
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    "$bin/psql" -h "$dir" -p "$port" -U indblik -d postgres -q -c "CREATE DATABASE indblik" \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql:///indblik?host=$dir&port=$port&user=indblik"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        # A fast stop writes a shutdown checkpoint (fsync is on); on a busy disk that has taken
        # over pg_ctl's default 60 s. The cluster is thrown away next, so after two minutes an
        # immediate stop is as good, and the suite's result stays about the tests.
        if ! as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 120 stop >/dev/null; then
            echo "postgres.sh: the fast stop took over 120 s (a busy disk?); stopping at once" >&2
            as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null
        fi
    fi
    rm -rf "$dir"
    ;;
*)
    echo "postgres.sh: unknown command $cmd (start or stop)" >&2
    exit 2
    ;;
esac
