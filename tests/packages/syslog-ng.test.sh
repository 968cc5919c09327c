# syslog-ng as Debian ships it (local files, the sample network destination commented out), then
# with a network destination in conf.d used by a log statement.
source "$(dirname "$0")/lib.sh" "$@"
unpack syslog-ng-core
grep -q '@include "/etc/syslog-ng/conf.d/' "$ROOT/etc/syslog-ng/syslog-ng.conf" || fail "syslog-ng.conf does not include conf.d"
put /var/log/syslog <<'LOG'
Nov 23 10:00:00 host app[1]: PLANTED-SYSLOG-LINE
LOG
discover
expect_json "not any('log-forwarding' in o['detector'] for o in obs)" \
    "the untouched syslog-ng was reported as forwarding"

put /etc/syslog-ng/conf.d/remote.conf <<'CONF'
destination d_central { network("central.example.com" port(6514) transport("tls")); };
destination d_unused { udp("unused.example.com"); };
log { source(s_src); filter(f_auth); destination(d_central); };
CONF
discover
expect_json "any(o['name'] == 'log forwarding to central.example.com:6514' and 'login_activity' in o['categories'] for o in obs)" \
    "syslog-ng forwarding to central.example.com:6514 not discovered"
expect_json "not any('unused.example.com' in o['name'] for o in obs)" "an unused destination was reported"
expect_evidence "/etc/syslog-ng/conf.d/remote.conf:1: network(\"central.example.com\""
never_stored "PLANTED-SYSLOG-LINE"
