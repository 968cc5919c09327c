#pragma once

// One discovery run: every detector, then one observation per recognised product (a product
// found both running and installed is one system with both pieces of evidence), then matching
// against the declared policies.

#include <cstdint>
#include <vector>

#include <Poco/JSON/Array.h>

#include "detectors/detector.h"
#include "policy.h"

namespace indblik::agent {

struct Discovery {
    std::vector<Observation> observations;
    std::vector<DetectorProblem> problems; // what could not be read, in detector order
};

// [{"detector", "path", "problem"}], as the local API and `discover --json` show them.
Poco::JSON::Array::Ptr toJson(const std::vector<DetectorProblem>& problems);

// Runs every detector below ctx.root. Text that is not valid UTF-8 (a path with Latin-1 bytes) is
// shown with \xNN escapes, so every observation can be stored and sent as JSON.
Discovery discover(const std::string& root, const Catalog& catalog,
                   const std::vector<Detector>& detectors);

// Marks each observation declared when a policy in effect on `today` (days since 1970-01-01)
// covers it: by catalog id, or by a rule naming one of its detectors and a text found in one of
// its evidence lines. A policy still in its notice period covers nothing yet.
void matchPolicies(std::vector<Observation>& observations, const std::vector<Policy>& policies,
                   std::int64_t today);

} // namespace indblik::agent
