#include "detectors/linux/config_detector.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "detectors/linux/destination.h"

namespace indblik::agent {

namespace {

constexpr std::size_t kMaxConfig = 1 << 20;
constexpr std::size_t kMaxLine = 4096;

} // namespace

std::vector<std::string> catalogConfigPaths(const Catalog& catalog) {
    std::vector<std::string> out;
    for (const auto& e : catalog.entries()) {
        if (!e.linux) {
            continue;
        }
        for (const auto& c : e.linux->config) {
            if (std::find(out.begin(), out.end(), c.path) == out.end()) {
                out.push_back(c.path);
            }
        }
    }
    return out;
}

std::vector<std::string> configDestinations(std::string_view text, const std::string& destination,
                                            std::size_t maxItems) {
    std::vector<std::string> out;
    std::regex re;
    try {
        re = std::regex(destination);
    } catch (const std::regex_error&) {
        return out; // the catalog parser rejects these; nothing to match
    }
    std::istringstream in{std::string(text)};
    bool inXmlComment = false;
    for (std::string line; std::getline(in, line) && out.size() < maxItems;) {
        // XML comments (<!-- ... -->), possibly across lines, are not configuration.
        std::string kept;
        for (std::size_t i = 0; i < line.size();) {
            if (inXmlComment) {
                const auto end = line.find("-->", i);
                if (end == std::string::npos) {
                    i = line.size();
                } else {
                    inXmlComment = false;
                    i = end + 3;
                }
            } else {
                const auto start = line.find("<!--", i);
                kept += line.substr(i, start == std::string::npos ? std::string::npos : start - i);
                if (start == std::string::npos) {
                    i = line.size();
                } else {
                    inXmlComment = true;
                    i = start + 4;
                }
            }
        }
        const auto first = kept.find_first_not_of(" \t");
        if (first == std::string::npos || kept.size() > kMaxLine || kept[first] == '#' ||
            kept[first] == ';' || kept.compare(first, 2, "//") == 0) {
            continue;
        }
        std::smatch m;
        if (!std::regex_search(kept, m, re) || m.size() < 2 || !m[1].matched) {
            continue;
        }
        for (auto& d : splitDestinations(m[1].str(), maxItems - out.size())) {
            if (std::find(out.begin(), out.end(), d) == out.end()) {
                out.push_back(std::move(d));
            }
        }
    }
    return out;
}

std::vector<Observation> detectConfiguredDestinations(const DetectorContext& ctx) {
    std::vector<Observation> out;
    for (const auto& entry : ctx.catalog.entries()) {
        if (!entry.linux || entry.linux->config.empty()) {
            continue;
        }
        std::vector<std::string> evidence;
        bool sends = false;
        for (const auto& c : entry.linux->config) {
            auto text = ctx.readConfig(c.path, kMaxConfig);
            if (!text) {
                continue;
            }
            const auto present = "configuration: " + c.path;
            if (std::find(evidence.begin(), evidence.end(), present) == evidence.end()) {
                evidence.push_back(present);
            }
            if (!c.destination) {
                continue;
            }
            for (const auto& d : configDestinations(*text, *c.destination)) {
                const auto line = "sends to: " + d;
                if (std::find(evidence.begin(), evidence.end(), line) == evidence.end()) {
                    evidence.push_back(line);
                    sends = true;
                }
            }
        }
        if (evidence.empty()) {
            continue;
        }
        out.push_back(productObservation(
            entry, "config", std::move(evidence),
            sends ? "Its configuration file is on this computer and names the server it sends "
                    "data to."
                  : "Its configuration file is on this computer.",
            sends ? "Dens konfigurationsfil findes på denne computer og oplyser, hvilken server "
                    "den sender data til."
                  : "Dens konfigurationsfil findes på denne computer."));
    }
    return out;
}

} // namespace indblik::agent
