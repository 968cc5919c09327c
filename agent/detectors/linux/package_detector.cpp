#include "detectors/linux/package_detector.h"

#include <algorithm>
#include <sstream>

namespace indblik::agent {

std::vector<InstalledPackage> parseDpkgStatus(std::string_view text) {
    std::vector<InstalledPackage> out;
    InstalledPackage current;
    bool installed = false;
    const auto flush = [&] {
        if (installed && !current.name.empty()) {
            out.push_back(current);
        }
        current = {};
        installed = false;
    };
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) {
            flush();
        } else if (line.rfind("Package: ", 0) == 0) {
            current.name = line.substr(9);
        } else if (line.rfind("Version: ", 0) == 0) {
            current.version = line.substr(9);
        } else if (line.rfind("Status: ", 0) == 0) {
            installed = line.substr(8) == "install ok installed";
        }
    }
    flush();
    return out;
}

std::vector<Observation> detectPackages(const DetectorContext& ctx) {
    auto text = ctx.readConfig("/var/lib/dpkg/status", 256 << 20);
    if (!text) {
        return {};
    }
    const auto packages = parseDpkgStatus(text.value());
    std::vector<Observation> out;
    for (const auto& entry : ctx.catalog.entries()) {
        if (!entry.linux || entry.linux->packages.empty()) {
            continue;
        }
        std::vector<std::string> evidence;
        for (const auto& p : packages) {
            if (std::find(entry.linux->packages.begin(), entry.linux->packages.end(), p.name) !=
                entry.linux->packages.end()) {
                evidence.push_back("installed package: " + p.name + " " + p.version);
            }
        }
        if (!evidence.empty()) {
            out.push_back(productObservation(entry, "package", std::move(evidence),
                                             "A program package is installed on this computer.",
                                             "En programpakke er installeret på denne computer."));
        }
    }
    return out;
}

} // namespace indblik::agent
