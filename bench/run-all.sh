#!/bin/bash
# Runs every Indblik benchmark and writes one Markdown report to bench/results/<date>-<host>.md.
#
#   bench/run-all.sh [--duration S] [--runs N] [--no-build] [--no-install] [--out FILE]
#                    [--server | --server-full | --server-only] [--no-postgres]
#
# --duration  seconds of the service-mode CPU window (default 600; e.g. 30 for a smoke run)
# --runs      measured CLI discovery runs (default 20)
# --no-build  use the binaries already in build/default
# --no-install  do not install the peer daemons (zabbix-agent, prometheus-node-exporter) when
#             they are missing; they are then left out of the report
# --server    also the server figures (bench/server.py): ingest beside raw inserts and end to
#             end on SQLite and PostgreSQL, and a SHORT simulated-agent run (500 agents syncing
#             every 30 s for 2 min, the full run's ~17 requests/s); about 10 min more
# --server-full  the same with issue 4's full run: 5,000 agents every 5 min for 15 min, on
#             SQLite and PostgreSQL (about 45 min more)
# --server-only  only the server figures (combine with --server-full for the full run)
# --no-postgres  server figures on SQLite only
# --sync      also the sync figures (bench/sync.py, issue 5): ledger appends beside raw SQLite,
#             a one-day backlog drained, the 1000-iteration agent kill loop; about 10 min more
# --sync-only only the sync figures
# --tray      also the tray figures (bench/tray.py, issue 6): launch to the first window and memory
#             after opening every view, beside a minimal Qt window; Xvfb; about 2 min more
# --tray-only only the tray figures
set -euo pipefail

cd "$(dirname "$0")/.."
all_args="$*"
duration=600
runs=20
build=1
install=1
out=""
server=0
server_args=()
agent=1
sync=0
tray=0
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --no-install) install=0; shift ;;
        --out) out="$2"; shift 2 ;;
        --server) server=1; shift ;;
        --server-full) server=1; server_args+=(--full); shift ;;
        --server-only) server=1; agent=0; shift ;;
        --no-postgres) server_args+=(--no-postgres); shift ;;
        --sync) sync=1; shift ;;
        --sync-only) sync=1; agent=0; shift ;;
        --tray) tray=1; shift ;;
        --tray-only) tray=1; agent=0; shift ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "run-all.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

if [ "$build" = 1 ]; then
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$PWD")}"
    if [ ! -f build/default/CMakeCache.txt ]; then
        tray_option=OFF
        [ "$tray" = 1 ] && tray_option=ON
        cmake --preset default -DINDBLIK_BUILD_TRAY=$tray_option -DINDBLIK_BUILD_BENCH=ON >/dev/null
    else
        cmake build/default -DINDBLIK_BUILD_BENCH=ON >/dev/null
    fi
    targets=()
    [ "$agent" = 1 ] && targets+=(indblik-agent indblik_discovery_bench)
    [ "$server" = 1 ] && targets+=(indblik-server indblik_server_ingest_bench indblik_server_fill)
    [ "$sync" = 1 ] && targets+=(indblik-agent indblik-server indblik_ledger_append_bench
                                 indblik_faults_test)
    [ "$tray" = 1 ] && targets+=(indblik-agent indblik-server indblik-tray indblik_qt_floor_window)
    nice cmake --build build/default --target "${targets[@]}"
fi

if [ "$agent" = 1 ] && [ "$install" = 1 ] && { ! command -v zabbix_agentd >/dev/null && [ ! -x /usr/sbin/zabbix_agentd ] ||
                           ! command -v prometheus-node-exporter >/dev/null; }; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            zabbix-agent prometheus-node-exporter >/dev/null
    else
        echo "run-all.sh: zabbix-agent or prometheus-node-exporter is missing; install them as" \
             "root or pass --no-install" >&2
    fi
fi
# The packages' own services (if an init system started them) are not part of the run; this
# script starts its own copies with minimal configurations in a temporary directory.

host="$(hostname -s)"
mkdir -p bench/results
out="${out:-bench/results/$(date -u +%F)-$host.md}"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD 2>/dev/null; then commit="$commit (with uncommitted changes)"; fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
{
    echo "# Indblik benchmarks, $(date -u '+%F %H:%M') UTC"
    echo
    echo "Commit $commit; host $host: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM,"
    echo "Linux $(uname -r); load average at start $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Command: \`bench/run-all.sh${all_args:+ $all_args}\`."
    echo
} >"$out"

if [ "$agent" = 1 ]; then
    python3 bench/discovery.py --runs "$runs" --out "$out"
    if [ -x build/default/bench/indblik_discovery_bench ]; then
        python3 bench/gbench.py --out "$out"
    fi
    python3 bench/service.py --duration "$duration" --out "$out"
fi
if [ "$server" = 1 ]; then
    python3 bench/server.py --out "$out" "${server_args[@]}"
fi
if [ "$sync" = 1 ]; then
    python3 bench/sync.py --out "$out"
fi
if [ "$tray" = 1 ]; then
    args=(--out "$out")
    [ "$install" = 1 ] || args+=(--no-install)
    python3 bench/tray.py "${args[@]}"
fi
echo "Written to $out"
