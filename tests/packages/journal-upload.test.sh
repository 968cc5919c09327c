# systemd-journal-upload as Debian ships it (no URL, not enabled), then with a URL in a drop-in
# and the service enabled the way `systemctl enable` does.
source "$(dirname "$0")/lib.sh" "$@"
unpack systemd-journal-remote
[ -f "$ROOT/lib/systemd/system/systemd-journal-upload.service" ] || fail "no systemd-journal-upload.service"
wants=/etc/systemd/system/multi-user.target.wants
mkdir -p "$ROOT$wants"
ln -s /lib/systemd/system/systemd-journal-upload.service "$ROOT$wants/systemd-journal-upload.service"
discover
expect_json "not any('log-forwarding' in o['detector'] for o in obs)" \
    "enabled journal-upload without a URL was reported as forwarding"

put /etc/systemd/journal-upload.conf.d/50-central.conf <<'CONF'
[Upload]
URL=https://uploader:PLANTED-PASSWORD@journal.example.com:19532/upload?token=PLANTED-TOKEN
CONF
discover
expect_json "any(o['name'] == 'log forwarding to journal.example.com:19532' for o in obs)" \
    "journal upload to journal.example.com:19532 not discovered"
expect_evidence "systemd-journal-upload.service: service enabled"
never_stored "PLANTED-PASSWORD"
never_stored "PLANTED-TOKEN"

rm "$ROOT$wants/systemd-journal-upload.service"
discover
expect_json "not any('log-forwarding' in o['detector'] for o in obs)" \
    "journal upload was reported although the service is not enabled"
