#pragma once

// Listening TCP sockets from /proc/net/tcp and tcp6, tied to the program that owns them through
// the socket inodes found in the one /proc scan.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/linux/process_detector.h"

namespace indblik::agent {

struct Listener {
    std::string address; // "127.0.0.1", "::"
    int port = 0;
    std::uint64_t inode = 0;
};

// The LISTEN lines of a /proc/net/tcp or tcp6 table (at most maxListeners).
std::vector<Listener> parseTcpListeners(std::string_view table, bool ipv6,
                                        std::size_t maxListeners = 4096);
std::vector<Listener> readListeners(const DetectorContext& ctx);

// Catalog products listening on their ports (with the owning process), and any program listening
// on a remote screen-viewing port (VNC, RDP) as possible remote screen viewing.
std::vector<Observation> matchListeners(const std::vector<ProcessInfo>& processes,
                                        const std::vector<Listener>& listeners,
                                        const Catalog& catalog);

} // namespace indblik::agent
