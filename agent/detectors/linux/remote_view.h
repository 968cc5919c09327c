#pragma once

// Screen-sharing programs and remote screen-viewing ports that Indblik knows without a catalog
// product: a VNC or RDP server shares the live screen with whoever connects. They are also tools
// a person may start on purpose to get help, so the explanation says so.

#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/linux/process_detector.h"

namespace indblik::agent {

// Executable base names of screen-sharing servers (TigerVNC, vino, krfb, GNOME Remote Desktop,
// wayvnc, FreeRDP's shadow server).
const std::vector<std::string>& remoteViewPrograms();
// The remote-view program this executable or comm is, or empty.
std::string remoteViewProgram(const ProcessInfo& p);
// True for TCP ports used for remote screen viewing: VNC (5900-5999) and its web viewer
// (5800-5899), RDP (3389).
bool isRemoteViewPort(int port);

// One observation per screen-sharing program; the same program found by process, listener,
// service or autostart entry merges into it (same detector and name).
Observation remoteViewObservation(const std::string& program, std::vector<std::string> evidence);

// Running screen-sharing programs that no catalog product covers.
std::vector<Observation> matchRemoteViewProcesses(const std::vector<ProcessInfo>& processes,
                                                  const Catalog& catalog);

} // namespace indblik::agent
