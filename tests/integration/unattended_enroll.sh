#!/usr/bin/env bash
# Unattended enrollment with the real programs over real TLS. The agent starts with a drop-in
# (agent.conf.d/50-enroll.conf) naming a port where nothing listens yet: it keeps running,
# discovering and recording, and retries with backoff; its overview and `show` say it waits for
# enrollment. Then the server starts: the placeholder fingerprint is refused by the agent and
# nothing reaches the server; a drop-in with the real fingerprint but an expired, then a used
# token is reported as refused; a drop-in with a bad line changes nothing; a fresh token in the
# token file enrolls the agent by itself (same process, no restart) and its entries arrive. No
# token appears in the agent's log.
# Usage: unattended_enroll.sh AGENT SERVER SOURCE_DIR
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
overview() { "$agent" show --json --socket "$work/agent.sock"; }
enrollment() { overview | json "(d['device']['enrollment'] or {}).get('$1')"; }
state_is() { [ "$(enrollment state)" = "$1" ]; }

agent_port=$(free_port)
enroll_port=$(free_port)
cp -r "$src/tests/fixtures/sample-root" "$work/root"
conf="$work/agent.conf"
mkdir -p "$conf.d"
cat >"$conf" <<EOF
# the shipped file sets nothing
state_dir = $work/agent
EOF
# A fleet tool's broken drop-in: left out at start, reported, and the agent runs anyway.
printf 'sync_interval = 5\nthis line is broken\n' >"$conf.d/40-broken.conf"
placeholder_token=placeholder-$RANDOM$RANDOM
cat >"$conf.d/50-enroll.conf" <<EOF
server = https://localhost:$enroll_port
ca_fingerprint = $(printf '0%.0s' $(seq 64))
enrollment_token = $placeholder_token
EOF
"$agent" run --config "$conf" --socket "$work/agent.sock" --root "$work/root" \
    --catalog "$src/policies/catalog" --sync-interval 1 --discovery-interval 1 \
    >>"$work/agent.log" 2>&1 &
agent_pid=$!
pids+=($agent_pid)

# 1. Nothing listens: the agent runs on, records, and retries.
retried() { state_is unreachable && [ "$(enrollment attempts)" -ge 3 ]; }
wait_for retried || fail "the agent did not retry enrollment: $(overview)"
[ "$(overview | json 'd["ledger"]["entries"]')" -gt 0 ] || fail "nothing recorded while not enrolled"
[ "$(overview | json 'd["device"]["enrolled"]')" = False ] || fail "enrolled without a server"
[ "$(enrollment server)" = "https://localhost:$enroll_port" ] || fail "the overview names another server"
[ "$(enrollment next_attempt)" != None ] || fail "the overview does not say when the next attempt is"
en=$("$agent" show --socket "$work/agent.sock" --language en)
grep -q "Not connected: waiting for enrollment with https://localhost:$enroll_port" <<<"$en" || fail "show (en): $en"
grep -q "The server does not answer yet" <<<"$en" || fail "show (en) does not say why: $en"
da=$("$agent" show --socket "$work/agent.sock" --language da)
grep -q "Ikke forbundet: venter på tilmelding til https://localhost:$enroll_port" <<<"$da" || fail "show (da): $da"
grep -q "nothing listens\|Connection refused\|cannot fetch the server's CA" "$work/agent.log" || fail "the log does not say why"
grep -q "configuration: $conf.d/40-broken.conf:2: expected key = value; left out" "$work/agent.log" \
    || fail "the broken drop-in was not reported at start"
[[ "$(enrollment settings_error)" == *"40-broken.conf:2"* ]] || fail "the overview does not show the broken drop-in"
rm "$conf.d/40-broken.conf"

# 2. The server starts; the agent's pinned fingerprint is not its CA's: refused by the agent.
"$server" run --data-dir "$work/server" --listen 127.0.0.1 --agent-port "$agent_port" \
    --enroll-port "$enroll_port" >>"$work/server.log" 2>&1 &
pids+=($!)
wait_for test -s "$work/server/listening.json" || fail "server did not start"
fingerprint=$(admin ca-fingerprint)
wait_for state_is wrong_ca || fail "a wrong fingerprint was not reported: $(overview)"
grep -q "presented a CA with fingerprint $fingerprint, not the pinned" "$work/agent.log" \
    || fail "the log does not name the fingerprints"
grep -q "did not show the expected CA fingerprint" <<<"$("$agent" show --socket "$work/agent.sock" --language en)" \
    || fail "show does not say the fingerprint is wrong"
[ "$(admin list-devices | tail -n +2 | grep -c . || true)" = 0 ] || fail "a device was stored despite the wrong fingerprint"
[ "$(admin show-entries | tail -n +2 | grep -c . || true)" = 0 ] || fail "entries were stored despite the wrong fingerprint"
[ ! -e "$work/agent/identity/ca.crt" ] || fail "the agent kept the CA it did not trust"

# 3. The right fingerprint in a later drop-in, with an expired token (from a token file):
#    refused by the server, reported, and tried at once (the settings changed) without a restart.
expired=$(admin create-enrollment-token --ttl-minutes 0)
sleep 1.1
echo "$expired" >"$work/token"
cat >"$conf.d/60-fix.conf" <<EOF
ca_fingerprint = $fingerprint
enrollment_token_file = $work/token
EOF
wait_for state_is refused || fail "an expired token was not reported: $(overview)"
[[ "$(enrollment error)" == *"expired"* ]] || fail "the overview does not say the token expired: $(enrollment error)"
#    A used token: another computer enrolled with it first (by `enroll`, the settings from its
#    configuration file instead of the command line).
used=$(admin create-enrollment-token)
printf 'server = https://localhost:%s\nca_fingerprint = %s\nenrollment_token = %s\n' \
    "$enroll_port" "$fingerprint" "$used" >"$work/other.conf"
"$agent" enroll --config "$work/other.conf" --state-dir "$work/other" >/dev/null \
    || fail "enrolling the other computer with settings from its configuration failed"
[ -s "$work/other/identity/agent.crt" ] || fail "the other computer has no certificate"
echo "$used" >"$work/token"
used_reported() { state_is refused && [[ "$(enrollment error)" == *"already used"* ]]; }
wait_for used_reported || fail "a used token was not reported: $(overview)"
en=$("$agent" show --socket "$work/agent.sock" --language en)
grep -q "The server refused the enrollment token (used, expired or unknown)" <<<"$en" || fail "show (en): $en"
da=$("$agent" show --socket "$work/agent.sock" --language da)
grep -q "Serveren afviste tilmeldingsnøglen" <<<"$da" || fail "show (da): $da"
grep -q "the server refused the enrollment token ($conf.d/60-fix.conf:2)" "$work/agent.log" \
    || fail "the log does not say which setting held the refused token"
[ "$(admin list-devices | tail -n +2 | grep -c . || true)" = 1 ] || fail "a refused token stored a device"

# 4. A drop-in with a bad line changes nothing and is named with its line.
printf 'server = https://elsewhere.example:8444\nthis line is wrong\n' >"$conf.d/55-bad.conf"
bad_named() { grep -q "$conf.d/55-bad.conf:2: expected key = value" "$work/agent.log"; }
wait_for bad_named || fail "the bad line was not reported"
[ "$(enrollment server)" = "https://localhost:$enroll_port" ] || fail "a file with a bad line changed the server"
[[ "$(enrollment settings_error)" == *"55-bad.conf:2"* ]] || fail "the overview does not show the settings error"
rm "$conf.d/55-bad.conf"

# 5. A fresh token in the token file: the agent enrolls by itself and its entries arrive.
token=$(admin create-enrollment-token)
echo "$token" >"$work/token"
enrolled() { [ "$(overview | json 'd["device"]["enrolled"]')" = True ]; }
wait_for enrolled || fail "the agent did not enroll with a fresh token: $(overview)"
kill -0 "$agent_pid" || fail "the agent is not the same process"
[ "$(overview | json 'd["device"]["enrollment"]')" = None ] || fail "the overview still shows enrollment once enrolled"
stored_count() { admin show-entries | tail -n +2 | grep -c . || true; }
caught_up() {
    [ "$(overview | json 'int(bool(d["sync"]["last_success"]) and d["sync"]["pending"] == 0)')" = 1 ] &&
        [ "$(overview | json 'd["ledger"]["entries"]')" = "$(stored_count)" ]
}
wait_for caught_up || fail "the agent's entries did not arrive: $(overview)"
device=$(overview | json 'd["device"]["device_id"]')
admin list-devices | grep -q "^$device" || fail "the server does not list device $device"
grep -q "the enrollment token is no longer needed and may be deleted" "$work/agent.log" || fail "the log does not say the token may go"
for secret in "$placeholder_token" "$expired" "$used" "$token"; do
    grep -qF "$secret" "$work/agent.log" && fail "the agent's log contains a token"
done
attempts=$(grep -c "enrolling with" "$work/agent.log" || true)
echo "unattended enrollment: $attempts attempts (unreachable, wrong CA, expired, used, then enrolled as $device), $(stored_count) entries stored, no token logged"
