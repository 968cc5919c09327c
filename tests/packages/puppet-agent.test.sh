# puppet-agent as Debian ships it, with its default /etc/puppet/puppet.conf extended the way an
# administrator points an agent at a primary server (and a proxy with a password). Discovery must
# name the servers and never store the password.
source "$(dirname "$0")/lib.sh" "$@"
unpack puppet-agent
cat >>"$ROOT/etc/puppet/puppet.conf" <<'CONF'
[main]
server = puppet.corp.example
# server = old-puppet.corp.example
http_proxy_host = proxy.corp.example
http_proxy_password = s3cr3t-proxy-password

[agent]
report_server = reports.corp.example:8140
server_list = puppet1.corp.example:8140, puppet2.corp.example
CONF
discover
expect_product puppet-agent
expect_evidence "installed package: puppet-agent"
expect_evidence "configuration: /etc/puppet/puppet.conf"
expect_json "sorted(e for o in obs if o['product'] == 'puppet-agent' for e in o['evidence'] if e.startswith('sends to: ')) == ['sends to: puppet.corp.example', 'sends to: puppet1.corp.example:8140', 'sends to: puppet2.corp.example', 'sends to: reports.corp.example:8140']" \
    "exactly the configured servers"
never_stored s3cr3t-proxy-password
never_stored old-puppet
