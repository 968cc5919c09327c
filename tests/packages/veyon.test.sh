# veyon-service as Debian ships it, enabled the way `systemctl enable veyon` (and the package's
# postinst) does: a symlink to its unit in multi-user.target.wants.
source "$(dirname "$0")/lib.sh" "$@"
unpack veyon-service
unit=$(cd "$ROOT" && find . -name veyon.service -path '*systemd/system*' | sed 's|^\.||' | head -n1)
[ -n "$unit" ] || fail "veyon-service ships no veyon.service"
discover
expect_product veyon
expect_evidence "service installed: veyon.service"
mkdir -p "$ROOT/etc/systemd/system/multi-user.target.wants"
ln -s "$unit" "$ROOT/etc/systemd/system/multi-user.target.wants/veyon.service"
discover
expect_product veyon
expect_evidence "service enabled: veyon.service"
# Its server running and listening on its default port, seen through a fake /proc.
mkdir -p "$ROOT/proc/4242/fd" "$ROOT/proc/net"
echo veyon-server >"$ROOT/proc/4242/comm"
ln -s /usr/bin/veyon-server "$ROOT/proc/4242/exe"
ln -s "socket:[31337]" "$ROOT/proc/4242/fd/7"
[ -x "$ROOT/usr/bin/veyon-server" ] || fail "veyon-service ships no /usr/bin/veyon-server"
printf '%s\n%s\n' "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode" \
    "   0: 00000000:2B5C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 0 100 0 0 10 0" \
    >"$ROOT/proc/net/tcp"
discover
expect_evidence "listening on TCP 0.0.0.0:11100: /usr/bin/veyon-server"
expect_evidence "running process: /usr/bin/veyon-server"
