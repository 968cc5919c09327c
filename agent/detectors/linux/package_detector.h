#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

struct InstalledPackage {
    std::string name;
    std::string version;
};

// Parses a dpkg status file; keeps only packages whose status is "install ok installed".
std::vector<InstalledPackage> parseDpkgStatus(std::string_view text);
// Monitoring software that is installed, even when it is not running right now.
std::vector<Observation> detectPackages(const DetectorContext& ctx);

} // namespace indblik::agent
