# acct as Debian ships it (no accounting data yet), then with a non-empty accounting file and the
# service enabled the way `systemctl enable acct` does.
source "$(dirname "$0")/lib.sh" "$@"
unpack acct
[ -f "$ROOT/lib/systemd/system/acct.service" ] || fail "acct has no acct.service"
wants=/etc/systemd/system/multi-user.target.wants
mkdir -p "$ROOT$wants"
ln -s /lib/systemd/system/acct.service "$ROOT$wants/acct.service"
discover
expect_json "not any('process-accounting' in o['detector'] for o in obs)" \
    "acct without accounting data was reported"

# An accounting record names the program a user ran: monitored content.
mkdir -p "$ROOT/var/log/account"
printf '\x03\x00PLANTED-PROGRAM-NAME\x00\x00\x00\x00' >"$ROOT/var/log/account/pacct"
discover
expect_json "any('process-accounting' in o['detector'] and set(o['categories']) == {'commands', 'login_activity'} for o in obs)" \
    "process accounting not discovered"
expect_evidence "/var/log/account/pacct: 26 bytes"
expect_evidence "$wants/acct.service: service enabled"
never_stored "PLANTED-PROGRAM-NAME"
