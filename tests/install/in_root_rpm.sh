#!/bin/bash
# Runs inside the throwaway root made by install_test.sh, after in_root.sh has purged the .debs:
# installs, upgrades and erases the RPMs in RPMS_DIR with this Debian machine's rpm and checks
# the result after each step. The scriptlets run for real (rpm runs them with /bin/sh in this
# root). --nodeps: the RPMs require Debian's sonames (automatic Requires of the binaries, built
# here) and shadow-utils, which no package in this rpm database provides; the programs and tools
# themselves are present in the root. The rpm database is a fresh one inside the root.
set -euo pipefail
rpms=$1
db=/var/lib/indblik-test-rpmdb
rpm_() { rpm --dbpath "$db" "$@"; }

fail() { echo "FAIL: $*"; exit 1; }
check_mode() { # check_mode PATH OWNER:GROUP MODE
    local got
    got=$(stat -c '%U:%G %a' "$1") || fail "$1 is missing"
    [ "$got" = "$2 $3" ] || fail "$1 is $got, expected $2 $3"
}
absent() { [ ! -e "$1" ] || fail "$1 still exists"; }
present() { [ -e "$1" ] || fail "$1 is missing"; }
wants=/etc/systemd/system/multi-user.target.wants
enabled() { [ -L "$wants/$1" ]; }

# The .deb part purged everything: the RPMs start from a clean root.
getent passwd indblik >/dev/null && fail "the user indblik is left from before"
absent /var/lib/indblik-server
absent /var/lib/indblik-agent
enabled indblik-agent.service && fail "the agent unit is enabled before the installation"

v1_agent=$(ls "$rpms"/indblik-agent-*.rpm | grep -v -- '-99\.')
v1_server=$(ls "$rpms"/indblik-server-*.rpm | grep -v -- '-99\.')
v2_agent=$(ls "$rpms"/indblik-agent-*-99.*.rpm)
v2_server=$(ls "$rpms"/indblik-server-*-99.*.rpm)

mkdir -p "$db"
rpm_ --initdb

echo "-- rpm -i"
rpm_ -i --nodeps "$v1_server" "$v1_agent" >/tmp/rpm.log 2>&1 || { cat /tmp/rpm.log; fail "rpm -i"; }
# A scriptlet that fails makes rpm warn but still exit 0 for post scriptlets: look at the log.
grep -qi 'scriptlet failed\|warning' /tmp/rpm.log && { cat /tmp/rpm.log; fail "rpm -i warned"; }
rpm_ -q indblik-agent indblik-server >/dev/null || fail "rpm does not know the packages"
for f in /usr/bin/indblik-agent /usr/bin/indblik-tray /usr/bin/indblik-server; do
    check_mode "$f" root:root 755
done
check_mode /lib/systemd/system/indblik-agent.service root:root 644
check_mode /lib/systemd/system/indblik-server.service root:root 644
check_mode /usr/lib/systemd/system-preset/80-indblik-agent.preset root:root 644
check_mode /etc/indblik root:root 755
check_mode /etc/indblik/agent.conf root:root 640
check_mode /var/lib/indblik-agent root:root 700
check_mode /var/lib/indblik-server indblik:indblik 700
[ "$(ls /usr/share/indblik/catalog/*.json | wc -l)" -gt 10 ] || fail "the catalog is nearly empty"
IFS=: read -r _ _ uid gid _ home shell < <(getent passwd indblik)
[ "$uid" -lt 1000 ] || fail "indblik is not a system user (uid $uid)"
[ "$shell" = /usr/sbin/nologin ] || fail "indblik has the shell $shell"
[ "$home" = /var/lib/indblik-server ] || fail "indblik's home is $home"
[ "$(getent group indblik | cut -d: -f3)" = "$gid" ] || fail "indblik's group is not indblik"
# `systemctl preset` (offline: no systemd runs in this root) made the enablement links.
enabled indblik-agent.service || fail "the agent unit is not enabled"
enabled indblik-server.service || fail "the server unit is not enabled"
# rpm -V: sizes, digests, modes, owners of every packaged file as installed (--nodeps: not the
# Requires, which nothing here provides).
rpm_ -V --nodeps indblik-agent indblik-server || fail "rpm -V after installation"

echo "-- the installed programs work"
indblik-agent discover --json >/tmp/discover.json || fail "indblik-agent discover"
grep -q '"observations"' /tmp/discover.json || fail "discover printed no observations list"
indblik-agent run --config /etc/indblik/agent.conf >/tmp/agent.log 2>&1 &
agent=$!
for _ in $(seq 100); do [ -e /var/lib/indblik-agent/ledger.db ] && break; sleep 0.1; done
kill $agent; wait $agent || true
present /var/lib/indblik-agent/ledger.db
fp1=$(runuser -u indblik -- indblik-server admin --data-dir /var/lib/indblik-server ca-fingerprint)
[ -n "$fp1" ] || fail "no CA fingerprint"
[ -z "$(find /var/lib/indblik-server -not -user indblik)" ] || fail "server data not owned by indblik"
# An administrator's edit of the configuration, and an administrator's choice to disable the
# server: both must survive the upgrade.
echo "sync_interval = 120" >>/etc/indblik/agent.conf
systemctl disable indblik-server.service >/dev/null 2>&1
enabled indblik-server.service && fail "systemctl disable did not work offline"
ledger_sum=$(sha256sum /var/lib/indblik-agent/ledger.db)

echo "-- rpm -U to release 99"
rpm_ -U --nodeps "$v2_server" "$v2_agent" >/tmp/rpm.log 2>&1 || { cat /tmp/rpm.log; fail "rpm -U"; }
grep -qi 'scriptlet failed\|warning' /tmp/rpm.log && { cat /tmp/rpm.log; fail "rpm -U warned"; }
[ "$(rpm_ -q --qf '%{RELEASE}' indblik-agent)" = 99 ] || fail "indblik-agent was not upgraded"
[ "$(rpm_ -q indblik-server | wc -l)" = 1 ] || fail "two versions of indblik-server installed"
grep -q '^sync_interval = 120$' /etc/indblik/agent.conf || fail "the upgrade lost the edited configuration"
absent /etc/indblik/agent.conf.rpmnew
[ "$(sha256sum /var/lib/indblik-agent/ledger.db)" = "$ledger_sum" ] || fail "the upgrade changed the ledger"
fp2=$(runuser -u indblik -- indblik-server admin --data-dir /var/lib/indblik-server ca-fingerprint)
[ "$fp1" = "$fp2" ] || fail "the upgrade replaced the server's CA"
check_mode /var/lib/indblik-server indblik:indblik 700
check_mode /var/lib/indblik-agent root:root 700
enabled indblik-agent.service || fail "the upgrade disabled the agent unit"
enabled indblik-server.service && fail "the upgrade re-enabled the server the administrator disabled"
# Only the configuration differs from the package (5 = digest, S = size).
rpm_ -V --nodeps indblik-agent >/tmp/verify.log || true
[ "$(awk '{print $NF}' /tmp/verify.log)" = /etc/indblik/agent.conf ] \
    || { cat /tmp/verify.log; fail "rpm -V after the upgrade: more than the edited configuration"; }
rpm_ -V --nodeps indblik-server || fail "rpm -V indblik-server after the upgrade"

echo "-- rpm -e"
systemctl enable indblik-server.service >/dev/null 2>&1
rpm_ -e indblik-agent indblik-server >/tmp/rpm.log 2>&1 || { cat /tmp/rpm.log; fail "rpm -e"; }
rpm_ -q indblik-agent >/dev/null 2>&1 && fail "rpm still knows indblik-agent"
absent /usr/bin/indblik-agent
absent /usr/bin/indblik-server
absent /lib/systemd/system/indblik-agent.service
absent /usr/lib/systemd/system-preset/80-indblik-agent.preset
enabled indblik-agent.service && fail "rpm -e left the agent unit enabled"
enabled indblik-server.service && fail "rpm -e left the server unit enabled"
left=$(find /etc/systemd -name 'indblik*' 2>/dev/null || true)
[ -z "$left" ] || fail "rpm -e left: $left"
# Data kept: the ledger, the server's CA and database, the user; the edited configuration is
# kept by rpm as agent.conf.rpmsave.
[ "$(sha256sum /var/lib/indblik-agent/ledger.db)" = "$ledger_sum" ] || fail "rpm -e changed the ledger"
check_mode /var/lib/indblik-server indblik:indblik 700
[ -n "$(ls -A /var/lib/indblik-server)" ] || fail "rpm -e deleted the server's data"
getent passwd indblik >/dev/null || fail "rpm -e deleted the user"
grep -q '^sync_interval = 120$' /etc/indblik/agent.conf.rpmsave || fail "rpm -e did not keep the edited configuration"
absent /etc/indblik/agent.conf
echo "-- the scriptlets where there is no systemctl (a container without systemd)"
# The packaged scriptlets, run with sh as rpm runs them ($1 = 1: first installation; 0: erase),
# with a PATH that has the tools they use but no systemctl.
nosd=/tmp/no-systemctl
mkdir -p $nosd
for tool in sh install chown chmod getent groupadd useradd; do ln -sf "$(command -v $tool)" $nosd/; done
rm -rf /var/lib/indblik-server
for pkg in "$v2_agent" "$v2_server"; do
    for tag in PREIN:1 POSTIN:1 PREUN:0 POSTUN:0; do
        body=$(rpm -qp --qf "%{${tag%:*}}" "$pkg")
        [ "$body" = "(none)" ] && continue
        PATH=$nosd /bin/sh -c "$body" "${tag%:*}" "${tag#*:}" \
            || fail "$(basename "$pkg") ${tag%:*} failed without systemctl"
    done
done
check_mode /var/lib/indblik-server indblik:indblik 700
enabled indblik-agent.service && fail "a scriptlet enabled the agent without systemctl"
echo "-- all RPM steps checked"
