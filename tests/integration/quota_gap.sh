#!/usr/bin/env bash
# The disk quota reached, with the real programs: an agent with a tiny ledger quota syncs, the
# server stops, the monitoring configuration keeps changing until unsent entries fill the
# quota; recording pauses (the local overview says so) and what cannot be recorded is counted;
# the agent is killed hard and the server started again; the restarted agent syncs, prunes,
# records one ledger.gap entry and sends it: the server holds it exactly once, and the
# employee sees it in their data (/api/v1/me through the agent) and in the HTML export.
# Usage: quota_gap.sh AGENT SERVER SOURCE_DIR
set -euo pipefail
agent=$1 server=$2 src=$3
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "== $f" >&2; tail -n 60 "$f" >&2; done; exit 1; }
wait_for() { local n=0; until "$@" >/dev/null 2>&1; do n=$((n + 1)); [ $n -lt 300 ] || return 1; sleep 0.2; done; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"; }

agent_port=$(free_port)
enroll_port=$(free_port)
start_server() {
    "$server" run --data-dir "$work/server" --listen 127.0.0.1 --agent-port "$agent_port" \
        --enroll-port "$enroll_port" >>"$work/server.log" 2>&1 &
    server_pid=$!
    pids+=($server_pid)
    wait_for test -s "$work/server/listening.json" || fail "server did not start"
}
start_server
person=$("$server" admin --data-dir "$work/server" add-person --name "Anna" --employee-number 1)
token=$("$server" admin --data-dir "$work/server" create-enrollment-token --person "$person")
fingerprint=$("$server" admin --data-dir "$work/server" ca-fingerprint)
"$agent" enroll --server "https://localhost:$enroll_port" --token "$token" \
    --ca-fingerprint "$fingerprint" --state-dir "$work/agent" || fail "enrollment failed"

# A copy of the sample computer whose log forwarding the test changes.
cp -r "$src/tests/fixtures/sample-root" "$work/root"
forward="$work/root/etc/rsyslog.d/60-forward.conf"

start_agent() {
    "$agent" run --state-dir "$work/agent" --socket "$work/agent.sock" --root "$work/root" \
        --catalog "$src/policies/catalog" --sync-interval 1 --discovery-interval 1 \
        --ledger-quota-mb 0.125 >>"$work/agent.log" 2>&1 &
    agent_pid=$!
    pids+=($agent_pid)
}
overview() { "$agent" show --json --socket "$work/agent.sock"; }
synced() { overview | json 'int(bool(d["sync"]["last_success"]) and d["sync"]["pending"] == 0)' | grep -qx 1; }
paused() { overview | json 'int(d["storage"]["paused"])' | grep -qx 1; }
start_agent
wait_for synced || fail "agent did not sync"

# The server goes away; the forwarding target changes again and again.
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
rm -f "$work/server/listening.json"
i=0
until paused; do
    i=$((i + 1))
    [ $i -lt 400 ] || fail "recording never paused after $i changes"
    printf 'auth,authpriv.* @@siem-%d.eksempel-as.example:6514\n' "$i" >"$forward"
    sleep 0.15
done
# More changes while paused: counted, not recorded. On a loaded machine two changes can fall
# into one debounced discovery, so change until at least two records were counted.
dropped=0
for j in $(seq 1 20); do
    printf 'auth,authpriv.* @@paused-%d.eksempel-as.example:6514\n' "$j" >"$forward"
    sleep 1.5
    state=$(overview)
    dropped=$(json 'd["storage"]["dropped"]["count"]' <<<"$state")
    [ "$dropped" -ge 2 ] && break
done
[ "$dropped" -ge 2 ] || fail "expected at least 2 dropped records after $j changes, overview says $dropped: $state"
used=$(json 'd["storage"]["used_bytes"]' <<<"$state")
quota=$(json 'd["storage"]["quota_bytes"]' <<<"$state")
[ "$used" -le "$quota" ] || fail "the ledger uses $used bytes, more than its quota of $quota"
[ "$(json 'd["storage"]["cause"]' <<<"$state")" = quota ] || fail "cause is not the quota: $state"
grep -q "ledger full (disk quota of 0.125 MB reached)" "$work/agent.log" \
    || fail "the agent did not log that the ledger is full"
en=$("$agent" show --socket "$work/agent.sock" --language en)
grep -q "the storage for Indblik is full" <<<"$en" || fail "show does not say recording is paused: $en"

# Killed hard while paused; the server comes back; the agent starts again.
kill -9 "$agent_pid"
wait "$agent_pid" 2>/dev/null || true
start_server
start_agent
wait_for synced || fail "agent did not sync after the server came back"
resumed() { ! paused; }
wait_for resumed || fail "recording did not resume"
wait_for synced || fail "agent did not send the gap"

gaps=$("$server" admin --data-dir "$work/server" show-entries | awk -F'\t' '$3 == "ledger.gap"')
[ "$(grep -c . <<<"$gaps")" = 1 ] || fail "the server holds $(grep -c . <<<"$gaps") gap entries, expected 1: $gaps"
count=$(cut -f4 <<<"$gaps" | json 'd["count"]')
[ "$count" -ge "$dropped" ] || fail "the gap counts $count records, the agent had dropped $dropped"
# One snapshot for all three counts: the agent keeps recording and syncing meanwhile.
held=$("$server" admin --data-dir "$work/server" show-entries | tail -n +2)
stored=$(grep -c . <<<"$held" || true)
unique=$(cut -f1,2 <<<"$held" | sort -u | wc -l)
[ "$unique" = "$stored" ] || fail "server stored duplicates ($stored rows, $unique unique)"
last=$(cut -f2 <<<"$held" | sort -n | tail -n 1)
[ "$last" = "$stored" ] || fail "server holds $stored entries but the last is $last (some are missing)"
"$agent" verify-ledger --state-dir "$work/agent" | grep -q "intact" || fail "ledger does not verify"

mine=$("$agent" my-data --socket "$work/agent.sock")
json '[e["summary"]["en"] for e in d["events"]["items"] if e["kind"] == "ledger.gap"][0]' <<<"$mine" \
    | grep -q "this computer could not record $count events because its storage for Indblik was full; the server was out of reach" \
    || fail "the employee's data does not show the gap: $mine"
"$agent" my-data --socket "$work/agent.sock" --export html --output "$work/mine.html"
grep -q "kunne denne computer ikke registrere $count hændelser\|this computer could not record $count events" "$work/mine.html" \
    || fail "the HTML export does not show the gap"
echo "quota gap: paused after $i changes, $dropped dropped, one gap of $count records stored once"
