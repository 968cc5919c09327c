#pragma once

#include <string>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

struct ProcessInfo {
    int pid = 0;
    std::string comm; // /proc/<pid>/comm, at most 15 characters
    std::string exe;  // target of /proc/<pid>/exe, or argv[0] when that link can't be read
};

// Reads root/proc/<pid>/{comm,exe,cmdline}. Only the executable is kept, never the arguments:
// they can hold what the person typed.
std::vector<ProcessInfo> readProcesses(const std::string& root);
// Whether the process is one of the entry's (by process name or executable path).
bool processMatches(const CatalogEntry& entry, const ProcessInfo& process);
std::vector<Observation> matchProcesses(const std::vector<ProcessInfo>& processes,
                                        const Catalog& catalog);
std::vector<Observation> detectProcesses(const DetectorContext& ctx);

} // namespace indblik::agent
