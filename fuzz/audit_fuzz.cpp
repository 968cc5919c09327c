// Linux audit rules (/etc/audit/rules.d/*.rules, auditctl -l) and PAM files with pam_tty_audit:
// the detectors read whatever these files hold.

#include "detectors/linux/audit_detector.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = indblik::fuzz::text(data, size);
    (void)indblik::agent::parseAuditRules(text, "/etc/audit/rules.d/fuzz.rules");
    (void)indblik::agent::parsePamTtyAudit(text, "/etc/pam.d/fuzz");
    return 0;
}
