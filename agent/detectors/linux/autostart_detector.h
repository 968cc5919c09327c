#pragma once

// XDG autostart entries (/etc/xdg/autostart and each person's ~/.config/autostart) that start a
// catalog product or a screen-sharing server when someone logs in. Entries with Hidden=true or
// X-GNOME-Autostart-enabled=false are switched off and not reported.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

struct AutostartEntry {
    std::string program;   // base name of the Exec= program ("x11vnc")
    bool disabled = false; // Hidden=true or X-GNOME-Autostart-enabled=false
    std::string condition; // AutostartCondition=, when the start depends on a setting
};

// Parses the [Desktop Entry] group of a .desktop file. Only the program's base name is kept from
// Exec=, never its arguments.
AutostartEntry parseDesktopEntry(std::string_view text);

// Home directories below root/home (at most maxHomes, sorted), as absolute paths without root.
std::vector<std::string> homeDirectories(const DetectorContext& ctx, std::size_t maxHomes = 64);

std::vector<Observation> detectAutostart(const DetectorContext& ctx);

} // namespace indblik::agent
