# The distribution's trust store as Debian's ca-certificates builds it, plus a local root CA an
# administrator adds the documented way (a .crt in /usr/local/share/ca-certificates, then the
# package's own update-ca-certificates, here with --sysroot on the fake root). Only the local CA
# may be reported; the ~140 distribution CAs linked into /etc/ssl/certs must not be.
source "$(dirname "$0")/lib.sh" "$@"
unpack ca-certificates
# What the package's postinst writes: every distribution certificate, selected.
(cd "$ROOT/usr/share/ca-certificates" && find . -name '*.crt' | sed 's|^\./||' | sort) |
    put /etc/ca-certificates.conf
mkdir -p "$ROOT/usr/local/share/ca-certificates/corp" "$ROOT/tmp"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$ROOT/tmp/ca.key" \
    -subj "/CN=Indblik Test Inspection CA/O=Test Corp" -days 30 \
    -addext "basicConstraints=critical,CA:TRUE" \
    -out "$ROOT/usr/local/share/ca-certificates/corp/inspection.crt" 2>/dev/null
# A server certificate in the same place is not a CA and must not count.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$ROOT/tmp/leaf.key" \
    -subj "/CN=intranet.test.example" -days 30 -addext "basicConstraints=critical,CA:FALSE" \
    -out "$ROOT/usr/local/share/ca-certificates/intranet.crt" 2>/dev/null
sh "$ROOT/usr/sbin/update-ca-certificates" --sysroot "$ROOT" >/dev/null ||
    fail "update-ca-certificates failed"
links=$(find "$ROOT/etc/ssl/certs" -type l | wc -l)
[ "$links" -gt 200 ] || fail "update-ca-certificates made only $links links"
[ -L "$ROOT/etc/ssl/certs/inspection.pem" ] || fail "the local CA was not linked"
fingerprint=$(openssl x509 -noout -fingerprint -sha256 \
    -in "$ROOT/usr/local/share/ca-certificates/corp/inspection.crt" | sed 's/.*=//')
discover
expect_json "[o['name'] for o in obs if o['detector'] == 'tls'] == ['Added root certificate: Indblik Test Inspection CA']" \
    "exactly the local CA is reported, no distribution CA and no leaf certificate"
expect_evidence "SHA-256 fingerprint: $fingerprint"
expect_evidence "file: /usr/local/share/ca-certificates/corp/inspection.crt"
expect_evidence "file: /etc/ssl/certs/inspection.pem"
expect_json "all(c in o['categories'] for o in obs if o['detector'] == 'tls' for c in ('tls_inspection', 'web_history', 'network_traffic'))" \
    "TLS inspection categories"
expect_json "not d.get('could_not_read')" "no problems reading a real trust store"
never_stored "BEGIN"
