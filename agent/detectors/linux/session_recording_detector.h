#pragma once

// Terminal-session recording and keystroke logging outside the audit system: tlog via sssd,
// sudo I/O logging and sudo log servers, login shells that are recorders, and shell start-up
// files that send every command to the system log or start a recorder. Rule lines are the
// evidence, never any command history.

#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

struct SudoLogging {
    std::vector<std::string> input;    // evidence of log_input / LOG_INPUT:
    std::vector<std::string> output;   // evidence of log_output / LOG_OUTPUT:
    std::vector<std::string> iologDir; // evidence of iolog_dir
    // log_servers= entries ("host:port") with their evidence.
    std::vector<std::pair<std::string, std::string>> servers;
};

// Adds what one sudoers file says to `into`. Later "Defaults !log_input" switches input logging
// set earlier off again.
void parseSudoers(std::string_view text, const std::string& origin, SudoLogging& into);

std::vector<Observation> detectSessionRecording(const DetectorContext& ctx);

} // namespace indblik::agent
