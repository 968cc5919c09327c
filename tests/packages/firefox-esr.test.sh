# Firefox ESR as Debian ships it: /usr/lib/firefox-esr/distribution is a link to
# /usr/share/firefox-esr/distribution, where an administrator puts policies.json. The package alone
# is not monitoring; a policy that installs an extension, adds an enterprise root certificate and
# sets a proxy is, and the proxy's password is never stored.
source "$(dirname "$0")/lib.sh" "$@"
unpack firefox-esr
[ -L "$ROOT/usr/lib/firefox-esr/distribution" ] || fail "expected Debian's distribution link"
discover
expect_json "not any(o['detector'] == 'browser_policy' for o in obs)" \
    "an unmanaged Firefox must not be reported"

put /usr/share/firefox-esr/distribution/policies.json <<'JSON'
{
  "policies": {
    "Extensions": {"Install": ["https://addons.corp.example/monitor@corp.example.xpi"]},
    "Certificates": {"ImportEnterpriseRoots": true},
    "Proxy": {"Mode": "manual", "HTTPProxy": "jens:Hemmelig-42@proxy.corp.example:3128",
              "UseHTTPProxyForAllProtocols": true}
  }
}
JSON
discover
expect_evidence "/usr/lib/firefox-esr/distribution/policies.json"
expect_evidence "Extensions.Install"
expect_evidence "ImportEnterpriseRoots"
expect_evidence "proxy.corp.example:3128"
never_stored Hemmelig-42
never_stored "jens:"
