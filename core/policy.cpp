#include "policy.h"

#include <algorithm>
#include <regex>

#include "file_util.h"
#include "json_reader.h"

namespace indblik {

std::string_view accessLevelWord(AccessLevel level) {
    return level == AccessLevel::Individual ? "individual" : "aggregate";
}

namespace {

bool hasDetector(std::string_view detectors, std::string_view wanted) {
    while (!detectors.empty()) {
        const auto comma = detectors.find(',');
        if (detectors.substr(0, comma) == wanted) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        detectors.remove_prefix(comma + 1);
    }
    return false;
}

} // namespace

bool policyCovers(const Policy& policy, std::string_view detectors, std::string_view product,
                  const std::vector<std::string>& evidence) {
    if (!product.empty() && std::find(policy.coversCatalog.begin(), policy.coversCatalog.end(),
                                      product) != policy.coversCatalog.end()) {
        return true;
    }
    return std::any_of(policy.coversRules.begin(), policy.coversRules.end(), [&](const auto& r) {
        return hasDetector(detectors, r.detector) &&
               std::any_of(evidence.begin(), evidence.end(), [&](const std::string& e) {
                   return e.find(r.evidenceContains) != std::string::npos;
               });
    });
}

namespace {

const std::regex kIdPattern("[a-z0-9][a-z0-9-]{0,63}");

Policy readPolicy(std::string_view text, const PolicyParseOptions& options) {
    json::ObjectReader root(json::parse(text), "$");
    if (root.string("format", 64) != kPolicyFormat) {
        throw json::ParseError("$.format", "\"" + std::string(kPolicyFormat) + "\"");
    }
    Policy p;
    p.id = root.string("id", 64);
    if (!std::regex_match(p.id, kIdPattern)) {
        throw json::ParseError("$.id", "lowercase letters, digits and '-' (got \"" + p.id + "\")");
    }
    p.system = root.string("system", 200);

    auto covers = root.object("covers");
    p.coversCatalog = covers.optionalStringArray("catalog", 100);
    if (covers.has("rules")) {
        const auto rules = covers.array("rules", 100);
        for (std::size_t i = 0; i < rules.size(); ++i) {
            json::ObjectReader rule(rules[i],
                                    covers.childPath("rules") + "[" + std::to_string(i) + "]");
            p.coversRules.push_back(
                {rule.string("detector", 64), rule.string("evidence_contains")});
            rule.finish();
        }
    } else {
        (void)covers.optionalStringArray("rules");
    }
    if (p.coversCatalog.empty() && p.coversRules.empty()) {
        throw json::ParseError("$.covers", "at least one catalog id or rule");
    }
    covers.finish();

    p.categories = root.categories("categories");
    p.purposes = root.localized("purposes");
    p.legalBasis = root.localized("legal_basis");
    p.retentionDays = static_cast<int>(root.integer("retention_days", 1, 3650));

    const auto access = root.array("access", 50);
    if (access.empty()) {
        throw json::ParseError("$.access", "at least one entry saying who may see the data");
    }
    for (std::size_t i = 0; i < access.size(); ++i) {
        json::ObjectReader a(access[i], "$.access[" + std::to_string(i) + "]");
        PolicyAccess pa;
        pa.role = a.localized("role");
        const auto level = a.string("level", 32);
        if (level == "individual") {
            pa.level = AccessLevel::Individual;
        } else if (level == "aggregate") {
            pa.level = AccessLevel::Aggregate;
        } else {
            throw json::ParseError(a.childPath("level"),
                                   "\"individual\" or \"aggregate\" (got \"" + level + "\")");
        }
        a.finish();
        p.access.push_back(std::move(pa));
    }

    if (auto agreement = root.optionalObject("agreement")) {
        p.agreementName = agreement->string("name", 500);
        p.agreementDate = json::formatIsoDate(agreement->date("date"));
        agreement->finish();
    }
    p.announcedDay = root.date("announced");
    p.effectiveDay = root.date("effective");
    if (root.has("short_notice_reason")) {
        p.shortNoticeReason = root.localized("short_notice_reason");
    } else {
        (void)root.optionalObject("short_notice_reason");
    }
    if (p.effectiveDay < p.announcedDay) {
        throw json::ParseError("$.effective", "a date on or after $.announced");
    }
    if (!p.shortNoticeReason && p.effectiveDay - p.announcedDay < options.noticeDays) {
        throw json::ParseError("$.effective",
                               "a date at least " + std::to_string(options.noticeDays) +
                                   " days after $.announced (the notice period), or a "
                                   "$.short_notice_reason that employees will see");
    }
    auto contact = root.object("contact");
    p.contactName = contact.string("name", 200);
    p.contactEmail = contact.string("email", 200);
    if (p.contactEmail.find('@') == std::string::npos) {
        throw json::ParseError(contact.childPath("email"), "an email address");
    }
    contact.finish();
    root.finish();
    p.json = std::string(text);
    return p;
}

} // namespace

Result<Policy> parsePolicy(std::string_view text, std::string_view origin,
                           const PolicyParseOptions& options) {
    try {
        return readPolicy(text, options);
    } catch (const json::ParseError& e) {
        return Error{std::string(origin) + ": " + e.what()};
    }
}

Result<std::vector<Policy>> loadPolicyDirectory(const std::string& dir,
                                                const PolicyParseOptions& options) {
    auto files = listFiles(dir, ".json");
    if (!files) {
        return Error{files.error()};
    }
    std::vector<Policy> policies;
    for (const auto& path : files.value()) {
        auto text = readFile(path, 1 << 20);
        if (!text) {
            return Error{text.error()};
        }
        auto policy = parsePolicy(text.value(), path, options);
        if (!policy) {
            return Error{policy.error()};
        }
        for (const auto& other : policies) {
            if (other.id == policy->id) {
                return Error{path + ": $.id: a unique policy id (\"" + other.id +
                             "\" is declared twice)"};
            }
        }
        policies.push_back(std::move(policy).value());
    }
    return policies;
}

} // namespace indblik
