#pragma once

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

} // namespace indblik::agent
