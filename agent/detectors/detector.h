#pragma once

// A detector has one uniform signature: it reads what it needs below ctx.root (so tests build a
// real fake tree in a temp dir) and returns observations. Detectors keep only facts about
// monitoring: paths, process names, rule lines; never monitored content.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.h"
#include "observation.h"

namespace indblik::agent {

struct DetectorContext {
    std::string root = "/";
    const Catalog& catalog;
};

struct Detector {
    std::string_view name;
    std::function<std::vector<Observation>(const DetectorContext&)> run;
};

// The detectors for the platform this agent was built for (picked by CMake, not #ifdef).
std::vector<Detector> platformDetectors();

// An observation for a recognised catalog product, with the plain-language "why" filled in.
Observation productObservation(const CatalogEntry& entry, std::string detector,
                               std::vector<std::string> evidence, std::string_view foundAs_en,
                               std::string_view foundAs_da);

} // namespace indblik::agent
