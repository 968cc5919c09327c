# indblik-server preun scriptlet: on erase ($1 = 0) the unit is stopped and disabled; on upgrade
# ($1 = 1) nothing happens here (the postun scriptlet restarts it). The data directory and the
# user stay.
if [ "$1" -eq 0 ] && command -v systemctl >/dev/null 2>&1; then
    systemctl --no-reload disable indblik-server.service >/dev/null 2>&1 || :
    if [ -d /run/systemd/system ]; then
        systemctl stop indblik-server.service >/dev/null 2>&1 || :
    fi
fi
exit 0
