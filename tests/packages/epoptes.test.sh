# epoptes-client as Debian 12 ships it: the classroom client that sends screen thumbnails and live
# views to the teacher's Epoptes server. The installed package alone identifies the catalog product.
source "$(dirname "$0")/lib.sh" "$@"
unpack epoptes-client
[ -x "$ROOT/usr/sbin/epoptes-client" ] || fail "the epoptes-client package has no /usr/sbin/epoptes-client"
[ -f "$ROOT/etc/xdg/autostart/epoptes-client.desktop" ] || fail "no epoptes-client.desktop autostart file"
[ -f "$ROOT/lib/systemd/system/epoptes-client.service" ] || fail "no epoptes-client.service unit"
discover
expect_product epoptes
expect_evidence "installed package: epoptes-client"
