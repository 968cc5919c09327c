# rsyslog as Debian ships it (local files only), then with a forwarding rule in rsyslog.d.
source "$(dirname "$0")/lib.sh" "$@"
unpack rsyslog
grep -q '^\$IncludeConfig /etc/rsyslog.d/' "$ROOT/etc/rsyslog.conf" || fail "rsyslog.conf does not include rsyslog.d"
put /var/log/auth.log <<'LOG'
Nov 23 10:00:00 host sshd[1]: Accepted password for PLANTED-LOG-USER from 10.0.0.1
LOG
discover
expect_json "not any('log-forwarding' in o['detector'] for o in obs)" \
    "the untouched rsyslog was reported as forwarding"

put /etc/rsyslog.d/60-forward.conf <<'CONF'
# ship everything to the central log server
*.* action(type="omfwd" target="logs.example.com" port="10514" protocol="tcp")
#*.* @@disabled.example.com
CONF
discover
expect_json "any(o['name'] == 'log forwarding to logs.example.com:10514' and 'login_activity' in o['categories'] and 'system_logs' in o['categories'] for o in obs)" \
    "rsyslog forwarding to logs.example.com:10514 not discovered"
expect_json "not any('disabled.example.com' in o['name'] for o in obs)" "a commented-out rule was reported"
expect_evidence "/etc/rsyslog.d/60-forward.conf:2:"
never_stored "PLANTED-LOG-USER"
