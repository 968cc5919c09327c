# indblik-server post scriptlet: the data directory readable by `indblik` alone, then the unit set
# up like Fedora's systemd_post macro (preset on the first installation only, so an
# administrator's `systemctl disable` survives upgrades) and, as the Debian package does, started
# when systemd runs and the preset enabled it. Every systemctl call is guarded: in a chroot or a
# container without systemd, only the enablement links are made.
# $1: 1 = first installation, 2 or more = upgrade (the old version's postun scriptlet restarts
# it).
set -e
unit=indblik-server.service
install -d -m 0755 -o root -g root /etc/indblik
install -d -m 0700 -o indblik -g indblik /var/lib/indblik-server
# An existing directory keeps its data but gets the owner and mode back.
chown indblik:indblik /var/lib/indblik-server
chmod 0700 /var/lib/indblik-server
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
if [ "$1" -eq 1 ] && command -v systemctl >/dev/null 2>&1; then
    systemctl --no-reload preset "$unit" >/dev/null 2>&1 || :
    if [ -d /run/systemd/system ] && systemctl --quiet is-enabled "$unit" 2>/dev/null; then
        systemctl start "$unit" >/dev/null 2>&1 || :
    fi
fi
exit 0
