# indblik-server pre scriptlet: the system user and group `indblik` (no login shell, home is the
# data directory), created before the files are unpacked. Kept on erase, like the data.
# $1: 1 = first installation, 2 or more = upgrade. rpm expands macros in scriptlets: no per-cent
# signs here.
set -e
if ! getent group indblik >/dev/null; then
    groupadd -r indblik
fi
if ! getent passwd indblik >/dev/null; then
    useradd -r -g indblik -d /var/lib/indblik-server -M -s /usr/sbin/nologin \
        -c "Indblik server" indblik
fi
