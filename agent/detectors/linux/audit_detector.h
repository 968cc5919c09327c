#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

struct AuditFinding {
    std::string category; // "commands" or "file_activity"
    std::string evidence; // "<file>:<line>: <rule>"
};

// Parses audit rules in auditctl syntax. Control lines (-D, -b, -e, -f …) and "never" rules
// collect nothing and are skipped.
std::vector<AuditFinding> parseAuditRules(std::string_view text, std::string_view origin);
// Reads /etc/audit/audit.rules and /etc/audit/rules.d/*.rules below ctx.root.
std::vector<Observation> detectAuditRules(const DetectorContext& ctx);
// Active audit plugins in /etc/audit/plugins.d and /etc/audisp/plugins.d: audisp-remote (with the
// server from audisp-remote.conf), the syslog plugin, or any other program. ruleCategories are
// what the audit rules record, which the forwarded records carry too.
std::vector<Observation> detectAuditPlugins(const DetectorContext& ctx,
                                            const std::set<std::string>& ruleCategories);
// Evidence lines ("file:line: rule") of PAM rules that switch TTY auditing on (pam_tty_audit.so
// with enable=).
std::vector<std::string> parsePamTtyAudit(std::string_view text, const std::string& origin);
// pam_tty_audit in /etc/pam.d/* → keystrokes.
std::vector<Observation> detectTtyAudit(const DetectorContext& ctx);
// Rules, plugins and TTY auditing: the "audit" detector.
std::vector<Observation> detectAudit(const DetectorContext& ctx);

} // namespace indblik::agent
