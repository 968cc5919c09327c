# libpam-modules ships pam_tty_audit; it records keystrokes only when a PAM rule enables it.
source "$(dirname "$0")/lib.sh" "$@"
unpack libpam-modules
module=$(cd "$ROOT" && find . -name pam_tty_audit.so | head -n1)
[ -n "$module" ] || fail "libpam-modules has no pam_tty_audit.so"
put /etc/pam.d/sshd <<'PAM'
@include common-auth
session    required     pam_loginuid.so
#session   required     pam_tty_audit.so enable=*
PAM
put /var/log/audit/audit.log <<'LOG'
type=TTY msg=audit(1700000000.000:7): data="PLANTED-KEYSTROKES"
LOG
discover
expect_json "not any('keystrokes' in o['categories'] for o in obs)" \
    "a commented-out pam_tty_audit rule was reported"

echo "session    required     pam_tty_audit.so enable=* log_passwd" >>"$ROOT/etc/pam.d/sshd"
discover
expect_json "any(o['name'] == 'keystrokes recorded by the audit system (pam_tty_audit)' and o['categories'] == ['keystrokes'] for o in obs)" \
    "pam_tty_audit not discovered"
expect_evidence "/etc/pam.d/sshd:4: session required pam_tty_audit.so enable=* log_passwd"
never_stored "PLANTED-KEYSTROKES"
