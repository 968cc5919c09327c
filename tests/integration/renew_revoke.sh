#!/usr/bin/env bash
# Certificate renewal and revocation with the real programs. A server that issues client
# certificates valid for 90 s; a real agent service syncing every second. The agent renews its
# certificate after about 60 s without enrolling again and keeps syncing: the device's serial
# changes, every entry arrives once, and the old certificate (saved before) is refused with
# reason "unknown_certificate" once the new one is in use. Then `admin revoke-device`: the agent
# stops syncing, its overview says why (and keeps saying so after a kill -9 and restart), and
# it does not call the server again.
# Usage: renew_revoke.sh AGENT SERVER SOURCE_DIR
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
wait_for() { local n=0 max=${WAIT_STEPS:-300}; until "$@" >/dev/null 2>&1; do n=$((n + 1)); [ $n -lt "$max" ] || return 1; sleep 0.2; done; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"; }
admin() { "$server" admin --data-dir "$work/server" "$@"; }
# A column of the one device's line in list-devices, by its header name.
device_field() {
    admin list-devices | python3 -c "
import sys
rows = [l.rstrip('\n').split('\t') for l in sys.stdin]
print(rows[1][rows[0].index('$1')])"
}
# The serial of a certificate file, and one the server lists, in one form: lowercase hex without
# leading zeros (both print whole bytes, so a serial whose first byte is below 0x10 starts with 0).
serial_of() { openssl x509 -noout -serial -in "$1" | sed 's/^serial=//' | tr 'A-F' 'a-f' | sed 's/^0*//'; }
listed_serial() { device_field cert_serial | sed 's/^0*//'; }

agent_port=$(free_port)
enroll_port=$(free_port)
lifetime=90
"$server" run --data-dir "$work/server" --listen 127.0.0.1 --agent-port "$agent_port" \
    --enroll-port "$enroll_port" --device-cert-lifetime ${lifetime}s >>"$work/server.log" 2>&1 &
pids+=($!)
wait_for test -s "$work/server/listening.json" || fail "server did not start"
person=$(admin add-person --name "Anna" --employee-number 1)
token=$(admin create-enrollment-token --person "$person")
fingerprint=$(admin ca-fingerprint)
"$agent" enroll --server "https://localhost:$enroll_port" --token "$token" \
    --ca-fingerprint "$fingerprint" --state-dir "$work/agent" || fail "enrollment failed"
identity="$work/agent/identity"
device=$(device_field device_id)
first_serial=$(listed_serial)
[ "$(serial_of "$identity/agent.crt")" = "$first_serial" ] || fail "the agent's certificate is not the enrolled one"
expires=$(device_field cert_expires)
[ "$expires" != "-" ] || fail "enrollment did not record when the certificate expires"
cp "$identity/agent.crt" "$work/old.crt"
cp "$identity/agent.key" "$work/old.key"

# What the old certificate gets from the agent listener: "STATUS REASON".
call_with() {
    local out status
    out=$(curl -sS --cacert "$identity/ca.crt" --cert "$1" --key "$2" \
        -H 'Content-Type: application/json' -d '{"entries":[]}' -w '\n%{http_code}' \
        "https://localhost:$agent_port/api/v1/sync")
    status=$(tail -n 1 <<<"$out")
    reason=$(head -n -1 <<<"$out" | json 'd.get("reason", "-")' 2>/dev/null || echo "-")
    echo "$status $reason"
}
[ "$(call_with "$work/old.crt" "$work/old.key")" = "200 -" ] || fail "the enrolled certificate does not work"

cp -r "$src/tests/fixtures/sample-root" "$work/root"
forward="$work/root/etc/rsyslog.d/60-forward.conf"
start_agent() {
    "$agent" run --state-dir "$work/agent" --socket "$work/agent.sock" --root "$work/root" \
        --catalog "$src/policies/catalog" --sync-interval 1 --discovery-interval 1 \
        >>"$work/agent.log" 2>&1 &
    agent_pid=$!
    pids+=($agent_pid)
}
overview() { "$agent" show --json --socket "$work/agent.sock"; }
synced() { overview | json 'int(bool(d["sync"]["last_success"]) and d["sync"]["pending"] == 0)' | grep -qx 1; }
start_agent
wait_for synced || fail "agent did not sync"
certificate_expires=$(overview | json 'd["device"]["certificate_expires"]')
[ "$certificate_expires" = "$expires" ] || fail "the overview says the certificate expires $certificate_expires, the server $expires"

# Changes keep coming while the certificate ages.
started=$(date +%s)
renewed() { [ "$(listed_serial)" != "$first_serial" ]; }
i=0
until renewed; do
    i=$((i + 1))
    [ $(($(date +%s) - started)) -lt $((lifetime + 30)) ] || fail "no renewal within $((lifetime + 30)) s"
    printf 'auth,authpriv.* @@siem-%d.eksempel-as.example:6514\n' "$i" >"$forward"
    sleep 1
done
renewed_after=$(($(date +%s) - started))
grep -q "renewed the client certificate" "$work/agent.log" || fail "the agent did not log the renewal"
# The first sync with the new certificate retires the old one.
retired() { [ "$(device_field previous_serial)" = "-" ]; }
wait_for retired || fail "the previous serial stayed accepted"
new_serial=$(listed_serial)
[ "$(serial_of "$identity/agent.crt")" = "$new_serial" ] ||
    fail "the agent's certificate ($(serial_of "$identity/agent.crt")) is not the renewed one ($new_serial)"
[ "$(device_field device_id)" = "$device" ] || fail "the device id changed: renewal enrolled again"
old=$(call_with "$work/old.crt" "$work/old.key")
[ "$old" = "403 unknown_certificate" ] || fail "the old certificate got \"$old\" after the new one was used"
new=$(call_with "$identity/agent.crt" "$identity/agent.key")
[ "$new" = "200 -" ] || fail "the renewed certificate got \"$new\""
ls "$identity" | grep -q '\.new$' && fail "renewal left .new files behind"
[ "$(stat -c %a "$identity/agent.key")" = 600 ] || fail "the new key is not 0600"

# More changes after renewal; everything arrives, once.
for j in 1 2 3; do
    printf 'auth,authpriv.* @@after-%d.eksempel-as.example:6514\n' "$j" >"$forward"
    sleep 1.2
done
# Everything the agent holds is on the server (activity may still add entries: wait for a
# moment when both agree).
stored_count() { admin show-entries | tail -n +2 | wc -l; }
caught_up() { synced && [ "$(overview | json 'd["ledger"]["entries"]')" = "$(stored_count)" ]; }
wait_for caught_up || fail "the server does not hold what the agent recorded after renewal"
# One snapshot for all three counts: the agent keeps syncing meanwhile.
held=$(admin show-entries | tail -n +2)
stored=$(grep -c . <<<"$held" || true)
unique=$(cut -f1,2 <<<"$held" | sort -u | wc -l)
[ "$unique" = "$stored" ] || fail "server stored duplicates ($stored rows, $unique unique)"
last=$(cut -f2 <<<"$held" | sort -n | tail -n 1)
[ "$last" = "$stored" ] || fail "server holds $stored entries but the last is $last"
grep -q "refused" "$work/agent.log" && fail "a sync was refused during renewal"

# Revoked: the agent stops and says why.
admin revoke-device "$device" >/dev/null
printf 'auth,authpriv.* @@revoked.eksempel-as.example:6514\n' >"$forward"
stopped() { overview | json 'd["sync"]["stopped"]["reason"]' | grep -qx revoked; }
wait_for stopped || fail "the agent did not stop syncing after revocation: $(overview)"
en=$("$agent" show --socket "$work/agent.sock" --language en)
grep -q "its certificate was withdrawn by IT (revoked)" <<<"$en" || fail "show does not say why: $en"
da=$("$agent" show --socket "$work/agent.sock" --language da)
grep -q "dens certifikat er trukket tilbage af IT (spærret)" <<<"$da" || fail "show does not say why in Danish: $da"
refusals() { grep -c "was revoked" "$work/server.log" || true; }
before=$(refusals)
# It keeps recording, and does not call the server again.
entries_before=$(overview | json 'd["ledger"]["entries"]')
for j in 1 2 3 4 5; do
    printf 'auth,authpriv.* @@offline-%d.eksempel-as.example:6514\n' "$j" >"$forward"
    sleep 1.2
done
entries_after=$(overview | json 'd["ledger"]["entries"]')
[ "$entries_after" -gt "$entries_before" ] || fail "the agent stopped recording"
[ "$(refusals)" = "$before" ] || fail "the agent kept calling the server: $before refusals, then $(refusals)"
# Killed hard and started again: still stopped, still quiet.
kill -9 "$agent_pid"
wait "$agent_pid" 2>/dev/null || true
start_agent
wait_for stopped || fail "the restarted agent forgot that syncing stopped"
sleep 4
[ "$(refusals)" = "$before" ] || fail "the restarted agent called the server: $before refusals, then $(refusals)"
echo "renew/revoke: renewed after ${renewed_after}s (serial $first_serial -> $new_serial), $stored entries stored once, old certificate refused; revoked: stopped with $before refused call(s), none after"
