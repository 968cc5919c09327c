# zabbix-agent as Debian ships it, configured the way its postinst does (the sample configuration
# copied to /etc/zabbix) and then pointed at a server with a pre-shared key. Discovery must name
# the servers from the configuration and never store the key or its identity.
source "$(dirname "$0")/lib.sh" "$@"
unpack zabbix-agent
conf=/etc/zabbix/zabbix_agentd.conf
cp "$ROOT/usr/share/zabbix-agent/zabbix_agentd.conf" "$ROOT$conf"
sed -i -e 's/^Server=127.0.0.1$/Server=zabbix.corp.example/' \
    -e 's/^ServerActive=127.0.0.1$/ServerActive=zabbix.corp.example:10051/' "$ROOT$conf"
cat >>"$ROOT$conf" <<'CONF'
TLSConnect=psk
TLSAccept=psk
TLSPSKIdentity=psk-identity-laptop-17
TLSPSKFile=/etc/zabbix/zabbix_agentd.psk
CONF
echo 6f0bdc5a94b1e3f0c4a2a2b7a1d5e9c36f0bdc5a94b1e3f0c4a2a2b7a1d5e9c3 | put /etc/zabbix/zabbix_agentd.psk
discover
expect_product zabbix-agent
expect_evidence "installed package: zabbix-agent"
expect_evidence "configuration: $conf"
expect_json "sorted(e for o in obs if o['product'] == 'zabbix-agent' for e in o['evidence'] if e.startswith('sends to: ')) == ['sends to: zabbix.corp.example', 'sends to: zabbix.corp.example:10051']" \
    "exactly the configured servers, none from the file's commented examples"
never_stored 6f0bdc5a94b1e3f0c4a2a2b7a1d5e9c3
never_stored psk-identity-laptop-17
