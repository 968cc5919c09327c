# sudo as Debian ships it (no I/O logging), then with log_input/log_output and a log server in
# sudoers.d.
source "$(dirname "$0")/lib.sh" "$@"
unpack sudo
grep -q '^@includedir /etc/sudoers.d' "$ROOT/etc/sudoers" || fail "sudoers does not include sudoers.d"
put /var/log/sudo-io/00/00/01/ttyin <<'LOG'
PLANTED-TYPED-PASSWORD
LOG
discover
expect_json "not any('session-recording' in o['detector'] for o in obs)" \
    "the untouched sudo was reported as recording sessions"

put /etc/sudoers.d/iolog <<'CONF'
Defaults log_input, log_output
Defaults log_servers=logsrv.example.com:30344
CONF
chmod 0440 "$ROOT/etc/sudoers.d/iolog"
discover
expect_json "any(o['name'] == 'sudo session recording (I/O logs)' and set(o['categories']) == {'keystrokes', 'terminal_sessions'} for o in obs)" \
    "sudo I/O logging not discovered"
expect_json "any(o['name'] == 'sudo logs sent to logsrv.example.com:30344' for o in obs)" \
    "sudo log server not discovered"
expect_evidence "/etc/sudoers.d/iolog:1: Defaults log_input, log_output"
never_stored "PLANTED-TYPED-PASSWORD"
