#pragma once

// A detector has one uniform signature: it reads what it needs below ctx.root (so tests build a
// real fake tree in a temp dir) and returns observations. Detectors keep only facts about
// monitoring: paths, process names, rule lines; never monitored content.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.h"
#include "observation.h"

namespace indblik::agent {

// What a detector could not read (an unreadable, huge or binary file, a symlink loop): the path
// and why, never the content. Reported beside the observations so the employee knows the picture
// may be incomplete.
struct DetectorProblem {
    std::string detector;
    std::string path;
    std::string problem;
    bool operator==(const DetectorProblem&) const = default;
};

struct DetectorContext {
    std::string root = "/";
    const Catalog& catalog;
    // Where problems go; discover() points it at its own list. May be null (problems dropped).
    std::vector<DetectorProblem>* problems = nullptr;
    std::string_view detector; // set by discover() while a detector runs

    // `path` is the path as the detector saw it below root; it is reported without the root.
    void report(const std::string& path, std::string problem) const;
    // A configuration file read for rule text: nullopt, with a problem reported, when it is
    // missing (quietly, no problem), unreadable, larger than maxBytes, or binary.
    std::optional<std::string> readConfig(const std::string& absolutePath,
                                          std::size_t maxBytes = 1 << 20) const;
};

struct Detector {
    std::string_view name;
    std::function<std::vector<Observation>(const DetectorContext&)> run;
    // Absolute paths (files or directories, below the root at run time) whose change should
    // trigger a rediscovery at once instead of at the next scheduled run.
    std::vector<std::string> watch = {};
};

// The detectors for the platform this agent was built for (picked by CMake, not #ifdef).
std::vector<Detector> platformDetectors();

// Every path whose change should trigger rediscovery: the detectors' own, plus the configuration
// files the catalog names for this platform (known only at run time).
std::vector<std::string> platformWatchPaths(const Catalog& catalog);

// An observation for something with no catalog product (an audit rule, a log forwarding
// destination, a browser policy): the detector names it, titles it in both languages and says why
// the evidence implies the categories.
Observation findingObservation(std::string detector, std::string name, LocalizedText title,
                               std::vector<std::string> categories,
                               std::vector<std::string> evidence, LocalizedText why);

// An observation for a recognised catalog product, with the plain-language "why" filled in.
Observation productObservation(const CatalogEntry& entry, std::string detector,
                               std::vector<std::string> evidence, std::string_view foundAs_en,
                               std::string_view foundAs_da);

} // namespace indblik::agent
