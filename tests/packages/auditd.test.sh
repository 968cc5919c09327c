# auditd and audispd-plugins as Debian ships them (every plugin inactive), then with au-remote
# switched on and pointed at a server the way an administrator would.
source "$(dirname "$0")/lib.sh" "$@"
unpack auditd audispd-plugins
[ -f "$ROOT/etc/audit/plugins.d/au-remote.conf" ] || fail "audispd-plugins has no au-remote.conf"
# Monitored content the agent must never copy: an audit log with a command line in it.
put /var/log/audit/audit.log <<'LOG'
type=EXECVE msg=audit(1700000000.000:42): argc=2 a0="cat" a1="PLANTED-AUDIT-ARGUMENT"
LOG
discover
expect_json "not any(o['name'].startswith('audit records') or o['name'].startswith('audit plugin') for o in obs)" \
    "the untouched packages were reported as forwarding audit records"

sed -i 's/^active = no/active = yes/' "$ROOT/etc/audit/plugins.d/au-remote.conf"
sed -i 's/^remote_server =.*/remote_server = audit.example.com/' "$ROOT/etc/audit/audisp-remote.conf"
put /etc/audit/rules.d/50-exec.rules <<'RULES'
-a always,exit -F arch=b64 -S execve -k exec
RULES
discover
expect_json "any(o['name'] == 'audit records forwarded to audit.example.com:60' and 'commands' in o['categories'] for o in obs)" \
    "au-remote forwarding to audit.example.com:60 not discovered"
expect_evidence "/etc/audit/plugins.d/au-remote.conf:"
expect_evidence "/etc/audit/audisp-remote.conf:"
never_stored "PLANTED-AUDIT-ARGUMENT"
