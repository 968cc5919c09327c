#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

struct ProcessInfo {
    std::string comm; // /proc/<pid>/comm, at most 15 characters
    std::string exe;  // target of /proc/<pid>/exe, or argv[0] when that link can't be read
    int pid = 0;
    // From the one pass over /proc/<pid>/fd: input devices the process holds open
    // (/dev/input/*, /dev/hidraw*) and the inodes of its sockets. Nothing else is kept.
    std::vector<std::string> inputDevices;
    std::vector<std::uint64_t> sockets;
};

// Bounds of the /proc scan, so a machine with huge numbers of processes or descriptors cannot make
// discovery slow or large.
struct ProcessScanLimits {
    std::size_t maxProcesses = 16384;
    std::size_t maxFdsPerProcess = 8192;
    std::size_t maxFdsTotal = 262144;
    std::size_t maxInputDevicesPerProcess = 32;
    std::size_t maxSocketsPerProcess = 1024;
};

// Reads root/proc/<pid>/{comm,exe,cmdline,fd/*} once per process. Only the executable is kept,
// never the arguments: they can hold what the person typed. Processes that vanish mid-scan and
// descriptors that cannot be read (another user's process) are skipped quietly: that is normal.
std::vector<ProcessInfo> readProcesses(const std::string& root,
                                       const ProcessScanLimits& limits = {});

// True when a catalog process name matches the executable's base name or the (possibly
// truncated) comm.
bool processNameMatches(const std::string& pattern, const ProcessInfo& p);
// True when one of the entry's Linux process names or install paths matches the process.
bool processMatches(const CatalogEntry& entry, const ProcessInfo& p);
// The catalog entry whose Linux processes or paths match this process, or null.
const CatalogEntry* productForProcess(const ProcessInfo& p, const Catalog& catalog);
// How a process is shown in evidence: its executable path, else its comm.
std::string processLabel(const ProcessInfo& p);

std::vector<Observation> matchProcesses(const std::vector<ProcessInfo>& processes,
                                        const Catalog& catalog);
// One /proc scan shared by every process-based check: catalog products by process, direct
// readers of input devices, listeners on screen-viewing or catalog ports, and screen-sharing
// programs.
std::vector<Observation> detectProcesses(const DetectorContext& ctx);

} // namespace indblik::agent
