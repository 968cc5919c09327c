# x11vnc as Debian ships it, set to start for everyone at login the way an administrator does it:
# the package's own desktop entry copied into /etc/xdg/autostart.
source "$(dirname "$0")/lib.sh" "$@"
unpack x11vnc
[ -f "$ROOT/usr/share/applications/x11vnc.desktop" ] || fail "x11vnc ships no desktop entry"
mkdir -p "$ROOT/etc/xdg/autostart"
cp "$ROOT/usr/share/applications/x11vnc.desktop" "$ROOT/etc/xdg/autostart/"
discover
expect_product x11vnc
expect_evidence "autostart entry: /etc/xdg/autostart/x11vnc.desktop"
expect_evidence "installed package: x11vnc"
never_stored "rfbport"

# Switched off the way GNOME does it: no longer reported as autostarted.
echo "X-GNOME-Autostart-enabled=false" >>"$ROOT/etc/xdg/autostart/x11vnc.desktop"
discover
expect_json "not any('autostart entry' in e for o in obs for e in o['evidence'])" \
    "a disabled autostart entry was reported"
