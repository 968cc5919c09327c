#include "discovery.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace indblik::agent {

namespace {

void mergeInto(Observation& into, Observation from) {
    std::set<std::string> detectors;
    std::istringstream list(into.detector + "," + from.detector);
    for (std::string d; std::getline(list, d, ',');) {
        detectors.insert(d);
    }
    into.detector.clear();
    for (const auto& d : detectors) {
        into.detector += (into.detector.empty() ? "" : ",") + d;
    }
    for (auto& e : from.evidence) {
        if (std::find(into.evidence.begin(), into.evidence.end(), e) == into.evidence.end()) {
            into.evidence.push_back(std::move(e));
        }
    }
}

bool hasDetector(const Observation& o, const std::string& detector) {
    std::istringstream list(o.detector);
    for (std::string d; std::getline(list, d, ',');) {
        if (d == detector) {
            return true;
        }
    }
    return false;
}

bool covers(const Policy& policy, const Observation& o) {
    if (o.product && std::find(policy.coversCatalog.begin(), policy.coversCatalog.end(),
                               *o.product) != policy.coversCatalog.end()) {
        return true;
    }
    return std::any_of(policy.coversRules.begin(), policy.coversRules.end(), [&](const auto& r) {
        return hasDetector(o, r.detector) &&
               std::any_of(o.evidence.begin(), o.evidence.end(), [&](const std::string& e) {
                   return e.find(r.evidenceContains) != std::string::npos;
               });
    });
}

} // namespace

std::vector<Observation> discover(const DetectorContext& ctx,
                                  const std::vector<Detector>& detectors) {
    std::map<std::string, Observation> byKey;
    for (const auto& detector : detectors) {
        for (auto& o : detector.run(ctx)) {
            const auto key = o.key();
            auto it = byKey.find(key);
            if (it == byKey.end()) {
                byKey.emplace(key, std::move(o));
            } else {
                mergeInto(it->second, std::move(o));
            }
        }
    }
    std::vector<Observation> out;
    for (auto& [key, o] : byKey) {
        std::sort(o.evidence.begin(), o.evidence.end());
        out.push_back(std::move(o));
    }
    return out;
}

void matchPolicies(std::vector<Observation>& observations, const std::vector<Policy>& policies,
                   std::int64_t today) {
    for (auto& o : observations) {
        o.declared = false;
        o.policy.reset();
        for (const auto& p : policies) {
            if (p.inEffect(today) && covers(p, o)) {
                o.declared = true;
                o.policy = p.id;
                break;
            }
        }
    }
}

} // namespace indblik::agent
