#pragma once

// Programs that read keyboards or mice directly from /dev/input or /dev/hidraw, below the
// display server, can see every key pressed in every program. Display servers and the input
// stack do this by design; they are on a documented allowlist so a normal desktop shows nothing.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/linux/process_detector.h"

namespace indblik::agent {

enum class InputKind { keyboard, pointer, other, unknown };

struct InputDevice {
    InputKind kind = InputKind::unknown;
    std::string name; // the kernel's device name ("AT Translated Set 2 keyboard")
};

// Parses /proc/bus/input/devices: which /dev/input/eventN is a keyboard (it has letter keys), a
// pointer (a mouse handler or relative axes) or something else (a power button, a lid switch).
std::map<std::string, InputDevice> parseInputDevices(std::string_view text);
std::map<std::string, InputDevice> readInputDevices(const DetectorContext& ctx);

// True for display servers, compositors and input daemons that read input devices by design.
bool isAllowedInputReader(const ProcessInfo& p);

std::vector<Observation> matchInputReaders(const std::vector<ProcessInfo>& processes,
                                           const std::map<std::string, InputDevice>& devices,
                                           const Catalog& catalog);

} // namespace indblik::agent
