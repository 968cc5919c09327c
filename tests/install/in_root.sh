#!/bin/bash
# Runs inside the throwaway root made by install_test.sh: installs, upgrades, removes and purges
# the packages in DEBS_DIR and checks the result after each step.
set -euo pipefail
debs=$1
export DEBIAN_FRONTEND=noninteractive

fail() { echo "FAIL: $*"; exit 1; }
check_mode() { # check_mode PATH OWNER:GROUP MODE
    local got
    got=$(stat -c '%U:%G %a' "$1") || fail "$1 is missing"
    [ "$got" = "$2 $3" ] || fail "$1 is $got, expected $2 $3"
}
absent() { [ ! -e "$1" ] || fail "$1 still exists"; }
present() { [ -e "$1" ] || fail "$1 is missing"; }
wants=/etc/systemd/system/multi-user.target.wants

# Not left over from the host: the overlay starts from it.
getent passwd indblik >/dev/null && fail "the host already has a user indblik"
absent /var/lib/indblik-server

v1_agent=$(ls "$debs"/indblik-agent_*.deb | grep -v -- '-99_')
v1_server=$(ls "$debs"/indblik-server_*.deb | grep -v -- '-99_')
v2_agent=$(ls "$debs"/indblik-agent_*-99_*.deb)
v2_server=$(ls "$debs"/indblik-server_*-99_*.deb)

echo "-- preseed the enrollment settings (a fleet tool's silent install)"
token=preseeded-token-$RANDOM$RANDOM
fingerprint=$(printf 'AB:%.0s' $(seq 31))AB
debconf-set-selections <<EOF
indblik-agent indblik-agent/server string https://localhost:1
indblik-agent indblik-agent/ca_fingerprint string $fingerprint
indblik-agent indblik-agent/enrollment_token password $token
EOF
dropin=/etc/indblik/agent.conf.d/50-debconf.conf

echo "-- install"
dpkg -i "$v1_server" "$v1_agent" >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -i"; }
for f in /usr/bin/indblik-agent /usr/bin/indblik-tray /usr/bin/indblik-server; do
    check_mode "$f" root:root 755
done
check_mode /lib/systemd/system/indblik-agent.service root:root 644
check_mode /lib/systemd/system/indblik-server.service root:root 644
check_mode /etc/xdg/autostart/indblik-tray.desktop root:root 644
check_mode /etc/indblik root:root 755
check_mode /etc/indblik/agent.conf root:root 640
check_mode /var/lib/indblik-agent root:root 700
check_mode /var/lib/indblik-server indblik:indblik 700
present /usr/share/indblik/catalog
[ "$(ls /usr/share/indblik/catalog/*.json | wc -l)" -gt 10 ] || fail "the catalog is nearly empty"
present /usr/share/doc/indblik-agent/copyright
present /usr/share/doc/indblik-server/changelog.Debian.gz
dpkg-query -W -f='${Conffiles}\n' indblik-agent | grep -q ' /etc/indblik/agent.conf ' \
    || fail "agent.conf is not a conffile"
# The preseeded enrollment settings: in a root-only drop-in that is not a conffile, the token no
# longer in debconf's database.
check_mode /etc/indblik/agent.conf.d root:root 755
check_mode $dropin root:root 600
grep -qx 'server = https://localhost:1' $dropin || fail "the drop-in lacks the server: $(cat $dropin)"
grep -qx "ca_fingerprint = $(printf 'ab%.0s' $(seq 32))" $dropin || fail "the drop-in lacks the normalised fingerprint"
grep -qx "enrollment_token = $token" $dropin || fail "the drop-in lacks the token"
dpkg-query -W -f='${Conffiles}\n' indblik-agent | grep -q 50-debconf && fail "the drop-in is a conffile"
grep -rqF "$token" /var/cache/debconf/ && fail "the token is still in the debconf database"
grep -q 'indblik-agent/server' /var/cache/debconf/config.dat || fail "debconf does not know the templates"
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd indblik)
[ "$uid" -lt 1000 ] || fail "indblik is not a system user (uid $uid)"
[ "$shell" = /usr/sbin/nologin ] || fail "indblik has the shell $shell"
[ "$home" = /var/lib/indblik-server ] || fail "indblik's home is $home"
getent group indblik >/dev/null || fail "no group indblik"
[ -L $wants/indblik-agent.service ] || fail "the agent unit is not enabled"
[ -L $wants/indblik-server.service ] || fail "the server unit is not enabled"
# The installed units parse and name existing programs, and their sandbox does not regress
# (docs/deploy.md has the scores: agent 2.9, server 1.5).
systemd-analyze verify /lib/systemd/system/indblik-agent.service \
    /lib/systemd/system/indblik-server.service || fail "systemd-analyze verify"
exposure() {
    systemd-analyze security --offline=yes "/lib/systemd/system/$1" 2>/dev/null \
        | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}
agent_score=$(exposure indblik-agent.service)
server_score=$(exposure indblik-server.service)
echo "   systemd-analyze security: agent $agent_score, server $server_score"
awk -v a="$agent_score" -v s="$server_score" 'BEGIN { exit !(a != "" && s != "" && a <= 3.0 && s <= 1.6) }' \
    || fail "the units' exposure rose (agent $agent_score > 3.0 or server $server_score > 1.6)"
readelf -S /usr/bin/indblik-agent | grep -q debug_info && fail "indblik-agent is not stripped"

echo "-- the installed programs work with the installed layout"
# The agent's compiled-in catalog is the packaged one: discovery finds the catalog and runs.
indblik-agent discover --json >/tmp/discover.json || fail "indblik-agent discover"
grep -q '"observations"' /tmp/discover.json || fail "discover printed no observations list"
# The shipped configuration is accepted: the agent runs and creates its ledger.
indblik-agent run --config /etc/indblik/agent.conf >/tmp/agent.log 2>&1 &
agent=$!
for _ in $(seq 100); do [ -S /run/indblik/agent.sock ] && break; sleep 0.1; done
[ -S /run/indblik/agent.sock ] || { cat /tmp/agent.log; fail "the agent did not open its socket"; }
# It takes the preseeded settings and tries to enroll (nothing listens on port 1), and runs on.
enrolling() {
    indblik-agent show --json | python3 -c "import json,sys; e=json.load(sys.stdin)['device']['enrollment']; sys.exit(not (e['state'] == 'unreachable' and e['server'] == 'https://localhost:1'))"
}
for _ in $(seq 100); do enrolling && break; sleep 0.1; done
enrolling || { cat /tmp/agent.log; fail "the agent did not try the preseeded enrollment"; }
grep -qF "$token" /tmp/agent.log && fail "the agent logged the token"
kill $agent; wait $agent || true
present /var/lib/indblik-agent/ledger.db
# The server, as its user, creates its CA in its data directory.
fp1=$(runuser -u indblik -- indblik-server admin --data-dir /var/lib/indblik-server ca-fingerprint)
[ -n "$fp1" ] || fail "no CA fingerprint"
check_mode /var/lib/indblik-server indblik:indblik 700
[ -z "$(find /var/lib/indblik-server -not -user indblik)" ] || fail "server data not owned by indblik"
# An administrator's edit of the configuration.
echo "sync_interval = 120" >>/etc/indblik/agent.conf
ledger_sum=$(sha256sum /var/lib/indblik-agent/ledger.db)

echo "-- upgrade"
dpkg -i "$v2_server" "$v2_agent" >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -i (upgrade)"; }
[ "$(dpkg-query -W -f='${Version}' indblik-agent)" = "$(dpkg-deb -f "$v2_agent" Version)" ] \
    || fail "indblik-agent was not upgraded"
grep -q '^sync_interval = 120$' /etc/indblik/agent.conf || fail "the upgrade lost the edited configuration"
[ "$(sha256sum /var/lib/indblik-agent/ledger.db)" = "$ledger_sum" ] || fail "the upgrade changed the ledger"
fp2=$(runuser -u indblik -- indblik-server admin --data-dir /var/lib/indblik-server ca-fingerprint)
[ "$fp1" = "$fp2" ] || fail "the upgrade replaced the server's CA"
check_mode /var/lib/indblik-server indblik:indblik 700
check_mode /var/lib/indblik-agent root:root 700
[ -L $wants/indblik-agent.service ] || fail "the upgrade disabled the agent unit"
check_mode $dropin root:root 600
grep -qx "enrollment_token = $token" $dropin || fail "the upgrade lost the token before the agent enrolled"
grep -qx 'server = https://localhost:1' $dropin || fail "the upgrade lost the server"

echo "-- remove"
dpkg -r indblik-agent indblik-server >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -r"; }
absent /usr/bin/indblik-agent
absent /usr/bin/indblik-server
absent /lib/systemd/system/indblik-agent.service
present /var/lib/indblik-agent/ledger.db
[ -n "$(ls -A /var/lib/indblik-server)" ] || fail "remove deleted the server's data"
grep -q '^sync_interval = 120$' /etc/indblik/agent.conf || fail "remove deleted the configuration"
getent passwd indblik >/dev/null || fail "remove deleted the user"
present $dropin

echo "-- purge"
dpkg -P indblik-agent indblik-server >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -P"; }
absent /var/lib/indblik-agent
absent /var/lib/indblik-server
absent /etc/indblik
grep -q 'indblik-agent/' /var/cache/debconf/config.dat && fail "purge left the debconf answers"
getent passwd indblik >/dev/null && fail "purge left the user indblik"
getent group indblik >/dev/null && fail "purge left the group indblik"
left=$(find /etc/systemd /var/lib/systemd/deb-systemd-helper-enabled \
    /var/lib/systemd/deb-systemd-helper-masked -name 'indblik*' 2>/dev/null || true)
[ -z "$left" ] || fail "purge left: $left"
dpkg-query -W indblik-agent >/dev/null 2>&1 && fail "dpkg still knows indblik-agent"
echo "-- all steps checked"
