#include "discovery.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "json_reader.h"

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

bool covers(const Policy& policy, const Observation& o) {
    return policyCovers(policy, o.detector, o.product ? std::string_view(*o.product) : "",
                        o.evidence);
}

void makeTextValid(Observation& o) {
    o.name = json::escapeInvalidUtf8(o.name);
    for (auto& e : o.evidence) {
        e = json::escapeInvalidUtf8(e);
    }
}

} // namespace

Poco::JSON::Array::Ptr toJson(const std::vector<DetectorProblem>& problems) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& p : problems) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("detector", p.detector);
        o->set("path", p.path);
        o->set("problem", p.problem);
        list->add(o);
    }
    return list;
}

Discovery discover(const std::string& root, const Catalog& catalog,
                   const std::vector<Detector>& detectors) {
    Discovery result;
    DetectorContext ctx{root, catalog, &result.problems, {}};
    std::map<std::string, Observation> byKey;
    for (const auto& detector : detectors) {
        ctx.detector = detector.name;
        for (auto& o : detector.run(ctx)) {
            makeTextValid(o);
            const auto key = o.key();
            auto it = byKey.find(key);
            if (it == byKey.end()) {
                byKey.emplace(key, std::move(o));
            } else {
                mergeInto(it->second, std::move(o));
            }
        }
    }
    for (auto& [key, o] : byKey) {
        std::sort(o.evidence.begin(), o.evidence.end());
        result.observations.push_back(std::move(o));
    }
    for (auto& p : result.problems) {
        p.path = json::escapeInvalidUtf8(p.path);
        p.problem = json::escapeInvalidUtf8(p.problem);
    }
    return result;
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
