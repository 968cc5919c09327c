# snoopy as Debian ships it, enabled the way its postinst does: its library in /etc/ld.so.preload.
source "$(dirname "$0")/lib.sh" "$@"
unpack snoopy
lib=$(cd "$ROOT" && find . -name 'libsnoopy.so*' | sed 's|^./||' | head -n1)
[ -n "$lib" ] || fail "the snoopy package has no libsnoopy.so"
echo "/$lib" | put /etc/ld.so.preload
discover
expect_product snoopy
expect_evidence "/etc/ld.so.preload"
expect_evidence "installed package: snoopy"
