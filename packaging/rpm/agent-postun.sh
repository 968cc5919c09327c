# indblik-agent postun scriptlet: systemd forgets the removed unit; after an upgrade ($1 >= 1) a
# running agent is restarted with the new program (Fedora's systemd_postun_with_restart). The
# ledger and identity in /var/lib/indblik-agent and the configuration are kept on erase (rpm has
# no purge; see docs/deploy.md to delete them by hand).
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    if [ "$1" -ge 1 ]; then
        systemctl try-restart indblik-agent.service >/dev/null 2>&1 || :
    fi
fi
exit 0
