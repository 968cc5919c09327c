#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

// The libraries listed in /etc/ld.so.preload (separated by whitespace or ':').
std::vector<std::string> parsePreload(std::string_view text);
// Libraries preloaded into every program; known command loggers (e.g. snoopy) are recognised
// from the catalog, unknown ones are still reported because they can see everything a program
// does.
std::vector<Observation> detectPreload(const DetectorContext& ctx);

} // namespace indblik::agent
