#pragma once

// An observation: what the agent found on this machine. Facts about monitoring only: paths,
// process names, rule lines; never monitored content.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

#include "result.h"
#include "vocabulary.h"

namespace indblik {

struct Observation {
    std::string detector;               // "process", "audit", "preload", "package"
    std::optional<std::string> product; // catalog id, when recognised
    std::string name;                   // the product's name, or what was found (identity)
    // A plain-language title in both languages for what has no product name (e.g. audit rules);
    // shown instead of name when present.
    std::optional<LocalizedText> title;
    std::vector<std::string> categories;
    std::vector<std::string> evidence;
    LocalizedText why; // why the evidence implies the categories, in plain language
    bool declared = false;
    std::optional<std::string> policy;

    // Identity across discovery runs: the same monitoring found again has the same key.
    std::string key() const;
    const std::string& displayName(Language language) const {
        return title ? title->in(language) : name;
    }
    bool operator==(const Observation&) const = default;
};

Poco::JSON::Object::Ptr toJson(const Observation& observation);
std::string toJsonText(const Observation& observation);
Result<Observation> observationFromJson(std::string_view text, std::string_view origin);

} // namespace indblik
