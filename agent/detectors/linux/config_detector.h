#pragma once

// What configuration-management, EDR and telemetry agents say they send and where to: for each
// catalog entry's linux.config files, a present file is evidence of the product and each line
// matching the entry's destination expression names a destination (host, host:port or URL,
// without credentials). Only the matched group is kept, never the rest of the file.

#include <string>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

// The configuration files the catalog names for Linux (for the rediscovery watch list, which the
// static Detector::watch cannot hold because the catalog is loaded at run time).
std::vector<std::string> catalogConfigPaths(const Catalog& catalog);

// Destinations that `destination` finds in text, line by line, outside comment lines (# ; //)
// and XML comments; list values ("a,b") are split; credentials stripped; at most maxItems.
std::vector<std::string> configDestinations(std::string_view text, const std::string& destination,
                                            std::size_t maxItems = 5);

std::vector<Observation> detectConfiguredDestinations(const DetectorContext& ctx);

} // namespace indblik::agent
