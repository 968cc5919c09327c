#pragma once

// systemd units of catalog products: enabled (a symlink in a *.wants directory, as
// `systemctl enable` makes) or only installed (a unit file in a unit directory). Screen-sharing
// servers no catalog product covers are reported when enabled.

#include <string>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

// "veyon.service" -> "veyon"; "vncserver@:1.service" -> "vncserver@"; other unit types unchanged.
std::string serviceBaseName(const std::string& unit);

std::vector<Observation> detectServices(const DetectorContext& ctx);

// Directories the service detector reads (also its watch list).
const std::vector<std::string>& serviceWatchPaths();

} // namespace indblik::agent
