#!/bin/bash
# Runs every benchmark the issues name and writes docs/BENCHMARKS.md: the machine, a summary of
# each figure beside its peer or its limit measured in the same run, and each part's tables.
#
#   bench/run-all.sh [--quick] [--only PARTS] [--skip PARTS] [--year-dir DIR] [--fill]
#                    [--no-build] [--no-install] [--no-postgres] [--out FILE]
#
# PARTS, comma-separated (default all, in this order):
#   agent   issue 3: one discovery (CLI and Google Benchmark), the agent's PSS and CPU in service
#           mode beside zabbix_agentd and prometheus-node-exporter (installed with apt when
#           missing, unless --no-install); a 10-minute CPU window
#   server  issue 4: ingest beside raw inserts, end to end over HTTPS, and 5,000 simulated agents
#           syncing every 5 minutes for 15 minutes; SQLite and a throwaway PostgreSQL
#   sync    issue 5: ledger appends beside raw SQLite, a one-day backlog drained, 1,000 kill -9s
#   tray    issue 6: launch to the first window and RSS after every view, beside a minimal Qt
#           window, under Xvfb
#   year    issues 4 and 7 at 10,000 employees × one year: the employee-data call and the works
#           council's report, each beside the raw read of the same rows; needs a filled database
#           in --year-dir (default /var/tmp/indblik-bench-year); --fill makes one (about 19 GiB,
#           25–40 minutes); without one the part is listed as not measured
# --quick       short variants for a smoke run (30 s CPU window, 500 agents for 2 minutes, 100
#               kills, 3 tray runs, 100 people): about 20 minutes instead of about 80
# --no-build    use the binaries already in build/default
# --no-postgres server figures on SQLite only
# --out FILE    write there instead of docs/BENCHMARKS.md
set -euo pipefail

cd "$(dirname "$0")/.."
all_args="$*"
parts="agent,server,sync,tray,year"
skip=""
quick=0
build=1
install=1
postgres=1
fill=0
year_dir=/var/tmp/indblik-bench-year
out=docs/BENCHMARKS.md
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; shift ;;
        --only) parts="$2"; shift 2 ;;
        --skip) skip="$2"; shift 2 ;;
        --year-dir) year_dir="$2"; shift 2 ;;
        --fill) fill=1; shift ;;
        --no-build) build=0; shift ;;
        --no-install) install=0; shift ;;
        --no-postgres) postgres=0; shift ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
        *) echo "run-all.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
for p in ${parts//,/ } ${skip//,/ }; do
    case "$p" in
        agent|server|sync|tray|year) ;;
        *) echo "run-all.sh: unknown part '$p' (agent, server, sync, tray, year)" >&2; exit 2 ;;
    esac
done
wanted() { [[ ",$parts," == *",$1,"* && ",$skip," != *",$1,"* ]]; }

if [ "$build" = 1 ]; then
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$PWD")}"
    if [ ! -f build/default/CMakeCache.txt ]; then
        cmake --preset default -DINDBLIK_BUILD_BENCH=ON >/dev/null
    else
        cmake build/default -DINDBLIK_BUILD_BENCH=ON >/dev/null
    fi
    targets=()
    wanted agent && targets+=(indblik-agent indblik_discovery_bench)
    wanted server && targets+=(indblik-server indblik_server_ingest_bench indblik_server_fill)
    wanted sync && targets+=(indblik-agent indblik-server indblik_ledger_append_bench
                             indblik_faults_test)
    wanted tray && targets+=(indblik-agent indblik-server indblik-tray indblik_qt_floor_window)
    wanted year && targets+=(indblik_server_fill indblik_council_report_bench)
    [ ${#targets[@]} -eq 0 ] || nice cmake --build build/default --target "${targets[@]}"
fi

if wanted agent && [ "$install" = 1 ] && { ! command -v zabbix_agentd >/dev/null && [ ! -x /usr/sbin/zabbix_agentd ] ||
                           ! command -v prometheus-node-exporter >/dev/null; }; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends \
        zabbix-agent prometheus-node-exporter >/dev/null ||
        echo "run-all.sh: could not install zabbix-agent and prometheus-node-exporter;" \
             "they are left out of the report" >&2
fi
# The packages' own services (if an init system started them) are not part of the run; the
# scripts start their own copies with minimal configurations in temporary directories.

# What is measured: the commit at the start (the report itself does not count as a change).
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD -- . ':!docs/BENCHMARKS.md' 2>/dev/null; then
    commit="$commit (with uncommitted changes)"
fi
work="$(mktemp -d /tmp/indblik-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
body="$work/body.md"
export INDBLIK_BENCH_SUMMARY="$work/summary.jsonl"
: >"$body"
: >"$INDBLIK_BENCH_SUMMARY"
not_measured=()
started_at="$(date -u '+%F %H:%M')"
started_s=$SECONDS
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

run_part() { # name command...: a part that fails is reported, and the others still run
    local name="$1"; shift
    echo "== $name: $*"
    if ! "$@"; then
        not_measured+=("$name: \`$*\` failed; see its output above")
        echo "run-all.sh: $name failed" >&2
    fi
}

if wanted agent; then
    if [ "$quick" = 1 ]; then runs=5; duration=30; else runs=20; duration=600; fi
    run_part "agent: CLI discovery" python3 bench/discovery.py --runs "$runs" --out "$body"
    run_part "agent: Google Benchmark" python3 bench/gbench.py --out "$body"
    run_part "agent: service mode" python3 bench/service.py --duration "$duration" --out "$body"
fi
if wanted server; then
    args=(--out "$body")
    [ "$quick" = 1 ] || args+=(--full)
    [ "$postgres" = 1 ] || args+=(--no-postgres)
    run_part "server" python3 bench/server.py "${args[@]}"
fi
if wanted sync; then
    args=(--out "$body")
    [ "$quick" = 0 ] || args+=(--kill-iterations 100)
    run_part "sync" python3 bench/sync.py "${args[@]}"
fi
if wanted tray; then
    args=(--out "$body")
    [ "$quick" = 0 ] || args+=(--runs 3)
    [ "$install" = 1 ] || args+=(--no-install)
    run_part "tray" python3 bench/tray.py "${args[@]}"
fi
if wanted year; then
    args=(--out "$body" --data-dir "$year_dir")
    [ "$quick" = 0 ] || args+=(--queries 100 --runs 1)
    if [ -f "$year_dir/server.db" ] || [ "$fill" = 1 ]; then
        [ "$fill" = 0 ] || args+=(--fill)
        run_part "year" python3 bench/year.py "${args[@]}"
    else
        not_measured+=("10,000 employees × one year (issues 4 and 7): no filled database in \`$year_dir\`; run with \`--fill\` (about 19 GiB, 25–40 minutes) or \`--year-dir\`")
    fi
fi

version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "not installed"; }
# A long run on a working tree can outlive a commit or a rebuild: say so rather than pretend.
end_commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
changed_during=""
if [ "${commit%% *}" != "$end_commit" ]; then
    changed_during=" The tree moved to $end_commit during the run; parts that started after a rebuild measured that code."
fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
. /etc/os-release
mkdir -p "$(dirname "$out")"
{
    echo "# Benchmarks"
    echo
    echo "<!-- Written by bench/run-all.sh; run it again rather than editing. -->"
    echo "Written by \`bench/run-all.sh${all_args:+ $all_args}\` at commit $commit, $started_at UTC,"
    echo "in $(( (SECONDS - started_s) / 60 )) minutes.$changed_during How each figure is measured: [bench/README.md](../bench/README.md);"
    echo "how the figures were reached, with earlier runs and profiles: [benchmark-notes.md](benchmark-notes.md)."
    echo
    echo "## The machine"
    echo
    echo "- $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM;"
    echo "  ${PRETTY_NAME}, Linux $(uname -r); $(df -h --output=fstype,size,avail "${year_dir%/*}" | awk 'NR==2 {print $1 " disk, " $2 ", " $3 " free"}')."
    echo "- Load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "  (a shared development machine: other work may have run beside the benchmarks)."
    echo "- Built RelWithDebInfo with $(c++ --version | head -1); Poco $(version libpoco-dev),"
    echo "  SQLite $(version libsqlite3-0), OpenSSL $(version libssl3), Qt $(version qt6-base-dev),"
    echo "  PostgreSQL $(version postgresql-15)."
    echo "- Peers: zabbix-agent $(version zabbix-agent), prometheus-node-exporter $(version prometheus-node-exporter)."
    echo
    echo "## Summary"
    echo
    echo "Each figure an issue names, beside its peer or its limit measured in the same run."
    echo
    python3 - "$INDBLIK_BENCH_SUMMARY" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print("| issue | figure | Indblik | beside it, same run | goal | met? |")
print("|---:|---|---:|---|---|---|")
for r in sorted(rows, key=lambda r: r["issue"]):
    met = {True: "yes", False: "**no**", None: "–"}[r["met"]]
    print(f"| {r['issue']} | {r['figure']} | **{r['ours']}** | {r['reference']} | {r['goal']} | {met} |")
if not rows:
    print("| | nothing was measured | | | | |")
EOF
    if [ ${#not_measured[@]} -gt 0 ]; then
        echo
        echo "Not measured in this run:"
        echo
        for line in "${not_measured[@]}"; do echo "- $line"; done
    fi
    echo
    cat "$body"
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "Written to $out"
