# indblik-server postun scriptlet: systemd forgets the removed unit; after an upgrade ($1 >= 1) a
# running server is restarted with the new program (Fedora's systemd_postun_with_restart). The
# data in /var/lib/indblik-server and the user `indblik` are kept on erase (rpm has no purge; see
# docs/deploy.md to delete them by hand).
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    if [ "$1" -ge 1 ]; then
        systemctl try-restart indblik-server.service >/dev/null 2>&1 || :
    fi
fi
exit 0
