#pragma once

// Declared policy, format v1: the employer's statement about one monitoring system. The JSON
// Schema in policies/schema/policy.schema.json documents the same format; this parser is the
// authority and rejects a file whole, naming the file, the field's path and what was expected.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"
#include "vocabulary.h"

namespace indblik {

inline constexpr std::string_view kPolicyFormat = "indblik.policy/1";
inline constexpr int kDefaultNoticeDays = 42;

enum class AccessLevel { Individual, Aggregate };
std::string_view accessLevelWord(AccessLevel level);

struct PolicyAccess {
    LocalizedText role;
    AccessLevel level = AccessLevel::Aggregate;
};

// An observation is covered when its detector matches and one evidence line contains the text.
struct CoverRule {
    std::string detector;
    std::string evidenceContains;
};

struct Policy {
    std::string id;
    std::string system;
    std::vector<std::string> coversCatalog;
    std::vector<CoverRule> coversRules;
    std::vector<std::string> categories;
    LocalizedText purposes;
    LocalizedText legalBasis;
    int retentionDays = 0;
    std::vector<PolicyAccess> access;
    std::optional<std::string> agreementName;
    std::optional<std::string> agreementDate;
    std::int64_t announcedDay = 0; // days since 1970-01-01
    std::int64_t effectiveDay = 0;
    std::optional<LocalizedText> shortNoticeReason;
    std::string contactName;
    std::string contactEmail;
    // The validated document as received, passed on unchanged (server → agent → tray).
    std::string json;

    // A policy covers nothing before its notice period has run out.
    bool inEffect(std::int64_t today) const { return today >= effectiveDay; }
};

// Whether the policy's cover rules name one observation: its catalog product (empty when it was
// not recognised) is one the policy lists, or a rule names one of its detectors (comma-separated,
// as in Observation::detector) and a text found in one of its evidence lines. Whether the policy
// is in effect yet is the caller's question. The agent decides "declared" with this, and the tray
// uses it to say which coming change concerns what was found on the computer.
bool policyCovers(const Policy& policy, std::string_view detectors, std::string_view product,
                  const std::vector<std::string>& evidence);

struct PolicyParseOptions {
    int noticeDays = kDefaultNoticeDays;
};

// origin names the input in errors, e.g. the file path or "batch from device 12".
Result<Policy> parsePolicy(std::string_view text, std::string_view origin,
                           const PolicyParseOptions& options = {});

// Reads every *.json below dir. One bad file fails the whole set so the caller keeps its last
// good set.
Result<std::vector<Policy>> loadPolicyDirectory(const std::string& dir,
                                                const PolicyParseOptions& options = {});

} // namespace indblik
