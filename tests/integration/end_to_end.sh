#!/usr/bin/env bash
# The walking skeleton's whole path with the real programs: a server on port 0 publishes a
# policy, the agent enrolls with a one-time token, discovers on the sample computer, records
# in its ledger, syncs over mutual TLS, is killed and started again (syncing everything
# again), and the server must hold each ledger entry exactly once; the employee's view shows
# the fact declared and undeclared; the ledger verifies; a reused token is refused; with the
# server gone, the agent's retries back off.
# Usage: end_to_end.sh AGENT SERVER SOURCE_DIR
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
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "== $f" >&2; cat "$f" >&2; done; exit 1; }
wait_for() { local n=0; until "$@" >/dev/null 2>&1; do n=$((n + 1)); [ $n -lt 150 ] || return 1; sleep 0.2; done; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

"$server" run --data-dir "$work/server" --listen 127.0.0.1 --agent-port 0 --enroll-port 0 \
    >"$work/server.log" 2>&1 &
pids+=($!)
wait_for test -s "$work/server/listening.json" || fail "server did not start"
enroll_port=$(json 'd["enroll_port"]' <"$work/server/listening.json")
"$server" admin --data-dir "$work/server" publish-policy "$src/policies/examples/eksempel-snoopy.json"
token=$("$server" admin --data-dir "$work/server" create-enrollment-token)
fingerprint=$("$server" admin --data-dir "$work/server" ca-fingerprint)

# A wrong fingerprint is refused before the token is spent.
if "$agent" enroll --server "https://localhost:$enroll_port" --token "$token" \
    --ca-fingerprint "$(printf '0%.0s' {1..64})" --state-dir "$work/other" 2>"$work/wrong.log"; then
    fail "enrollment with a wrong CA fingerprint succeeded"
fi
"$agent" enroll --server "https://localhost:$enroll_port" --token "$token" \
    --ca-fingerprint "$fingerprint" --state-dir "$work/agent" || fail "enrollment failed"
if "$agent" enroll --server "https://localhost:$enroll_port" --token "$token" \
    --ca-fingerprint "$fingerprint" --state-dir "$work/again" 2>"$work/reuse.log"; then
    fail "a used token was accepted again"
fi
[ "$(stat -c %a "$work/agent/identity/agent.key")" = 600 ] || fail "agent key is not 0600"

start_agent() {
    "$agent" run --state-dir "$work/agent" --socket "$work/agent.sock" \
        --root "$src/tests/fixtures/sample-root" --catalog "$src/policies/catalog" \
        --sync-interval 1 >>"$work/agent.log" 2>&1 &
    agent_pid=$!
    pids+=($agent_pid)
}
synced() {
    "$agent" show --json --socket "$work/agent.sock" \
        | json 'int(bool(d["sync"]["last_success"]) and d["sync"]["pending"] == 0)' | grep -qx 1
}
start_agent
wait_for synced || fail "agent did not sync"
entries=$("$agent" show --json --socket "$work/agent.sock" | json 'd["ledger"]["entries"]')
[ "$entries" -ge 3 ] || fail "expected at least 3 ledger entries, got $entries"
# The agent learned from the server's answer how far its clock is off: here, not at all.
offset=$("$agent" show --json --socket "$work/agent.sock" \
    | json 'abs(d["sync"]["clock_offset_seconds"]) <= 2 and not d["sync"]["clock_off"]')
[ "$offset" = True ] || fail "the agent did not keep its clock offset (got $offset)"

# Kill the agent hard and forget what the server acknowledged, so everything is sent again.
kill -9 "$agent_pid"
wait "$agent_pid" 2>/dev/null || true
python3 - "$work/agent/ledger.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE agent_state SET value = '0' WHERE key = 'sent_up_to'")
db.execute("UPDATE agent_state SET value = NULL WHERE key = 'last_sync_success'")
db.commit()
PY
start_agent
wait_for synced || fail "agent did not sync after restart"

held=$("$server" admin --data-dir "$work/server" show-entries | tail -n +2)
stored=$(grep -c . <<<"$held" || true)
unique=$(cut -f1,2 <<<"$held" | sort -u | wc -l)
[ "$stored" = "$entries" ] || fail "server stored $stored entries, agent has $entries"
[ "$unique" = "$stored" ] || fail "server stored duplicates ($stored rows, $unique unique)"

view=$("$agent" show --socket "$work/agent.sock" --language da)
grep -q "\[OPLYST\] Snoopy" <<<"$view" || fail "snoopy not shown as declared: $view"
grep -q "\[IKKE OPLYST\] CrowdStrike" <<<"$view" || fail "falcon not shown as undeclared: $view"
"$agent" verify-ledger --state-dir "$work/agent" | grep -q "intact" || fail "ledger does not verify"

# The server goes away: the agent keeps trying, and waits longer each time (agent/retry.h: the
# 1 s interval doubled with each failure in a row, a random half to all of it).
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
wait_for grep -q "sync attempt 3 failed" "$work/agent.log" \
    || fail "the agent did not retry three times after the server stopped"
third=$(grep -o "sync attempt 3 failed; the next in [0-9]* s" "$work/agent.log" | head -n 1 \
    | sed 's/.*the next in \([0-9]*\) s/\1/')
[ "${third:-0}" -ge 2 ] || fail "after three failures the agent waits ${third:-?} s; expected at least 2"
echo "end-to-end: $entries entries synced twice, stored once; view and ledger checked; backoff after the server stopped"
