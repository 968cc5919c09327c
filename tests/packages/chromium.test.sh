# Chromium as Debian ships it, then managed the way an administrator does: a policy file in
# /etc/chromium/policies/managed that force-installs an extension, sends reports to the
# management service and routes browsing through a proxy with a password. The package alone
# (its master_preferences and /etc/chromium.d defaults) is not monitoring.
source "$(dirname "$0")/lib.sh" "$@"
unpack chromium chromium-common
[ -d "$ROOT/etc/chromium" ] || fail "the chromium package has no /etc/chromium"
discover
expect_json "not any(o['detector'] == 'browser_policy' for o in obs)" \
    "an unmanaged Chromium must not be reported"

put /etc/chromium/policies/managed/corp.json <<'JSON'
{
  "ExtensionInstallForcelist": ["cjpalhdlnbpafiamejdnhcphjbkeiagm;https://clients2.google.com/service/update2/crx"],
  "CloudReportingEnabled": true,
  "ProxyMode": "fixed_servers",
  "ProxyServer": "http://jens:Hemmelig-42@proxy.corp.example:3128"
}
JSON
put /etc/chromium/policies/recommended/ignored.json <<'JSON'
{"ExtensionInstallForcelist": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]}
JSON
discover
expect_evidence "ExtensionInstallForcelist: cjpalhdlnbpafiamejdnhcphjbkeiagm"
expect_evidence "CloudReportingEnabled"
expect_evidence "proxy.corp.example:3128"
expect_json "all('aaaaaaaa' not in e for o in obs for e in o['evidence'])" \
    "recommended (not managed) policies are not enforced and must not be reported"
never_stored Hemmelig-42
never_stored "jens:"
