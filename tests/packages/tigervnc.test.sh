# TigerVNC's scraping server (shares the running X desktop), started for one person at login by
# an autostart entry, and running with its VNC listener, seen through a fake /proc.
source "$(dirname "$0")/lib.sh" "$@"
unpack tigervnc-scraping-server
[ -x "$ROOT/usr/bin/X0tigervnc" ] || fail "tigervnc-scraping-server ships no X0tigervnc"
mkdir -p "$ROOT/home/alice"
put /home/alice/.config/autostart/vnc.desktop <<'DESKTOP'
[Desktop Entry]
Type=Application
Exec=x0tigervncserver -display :0 -PasswordFile /home/alice/.vnc/passwd
DESKTOP
mkdir -p "$ROOT/proc/777/fd" "$ROOT/proc/net"
echo X0tigervnc >"$ROOT/proc/777/comm"
ln -s /usr/bin/X0tigervnc "$ROOT/proc/777/exe"
ln -s "socket:[4711]" "$ROOT/proc/777/fd/4"
printf '%s\n%s\n' "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode" \
    "   0: 00000000:170C 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0 100 0 0 10 0" \
    >"$ROOT/proc/net/tcp"
discover
expect_json "any(o['name'] == 'Screen sharing: X0tigervnc' and 'screen_live_view' in o['categories'] for o in obs)" \
    "the running TigerVNC server was not reported"
expect_evidence "running process: /usr/bin/X0tigervnc"
expect_evidence "listening on TCP 0.0.0.0:5900: /usr/bin/X0tigervnc"
expect_json "any(o['name'] == 'Screen sharing: x0tigervncserver' and any('/home/alice/.config/autostart/vnc.desktop' in e for e in o['evidence']) for o in obs)" \
    "the TigerVNC autostart entry was not reported"
never_stored ".vnc/passwd"
