#pragma once

// Activity of discovered monitoring, seen from the outside without reading content: when a
// monitoring process used CPU, which remote endpoints its TCP sockets are connected to, how many
// bytes it wrote (files and network together, /proc/PID/io wchar), how many files appeared in
// the product's spool directories and how large they are, and how much the audit log grew.
//
// Sampled once per discovery cycle. Activity is kept as one open interval per observation; the
// interval is closed (and becomes one "activity" ledger entry) when the observation was idle for
// a whole sample, after at most one hour of continuous activity, or when the observation goes
// away. Everything is read below the configured root.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "catalog.h"
#include "observation.h"
#include "result.h"

namespace indblik::agent {

inline constexpr std::size_t kMaxRemoteEndpoints = 16;
inline constexpr std::chrono::seconds kMaxIntervalLength{3600};

struct ActivityInterval {
    std::string observation; // the observation's key
    std::string name;        // the observation's name, for reading the ledger
    std::optional<std::string> product;
    std::string start; // ISO 8601 UTC
    std::string end;   // ISO 8601 UTC: the last sample that saw activity
    double cpuSeconds = 0;
    std::uint64_t bytesWritten = 0;           // /proc/PID/io wchar: files and network together
    std::vector<std::string> remoteEndpoints; // "10.0.0.5:443", "[2001:db8::1]:443"; at most 16
    std::uint64_t spoolFiles = 0;             // files that appeared or changed in spool dirs
    std::uint64_t spoolBytes = 0;
    std::uint64_t auditLogBytes = 0; // growth of /var/log/audit/audit.log
    bool operator==(const ActivityInterval&) const = default;
};

Poco::JSON::Object::Ptr toJson(const ActivityInterval& interval);
std::string toJsonText(const ActivityInterval& interval);
Result<ActivityInterval> activityFromJson(const Poco::JSON::Object::Ptr& object);

// What the sampler remembers between samples (persisted by AgentStore, so a restart neither
// loses an open interval nor counts a process's CPU twice).
struct ActivityState {
    std::string sampledAt; // ISO 8601 UTC of the last sample; empty before the first
    struct ProcessBaseline {
        std::uint64_t cpuTicks = 0;
        std::uint64_t bytesWritten = 0;
    };
    // "pid:starttime" -> counters at the last sample (a reused pid has another start time).
    std::map<std::string, ProcessBaseline> processes;
    std::optional<std::uint64_t> auditLogInode;
    std::uint64_t auditLogSize = 0;
    std::map<std::string, ActivityInterval> open; // by observation key
    std::map<std::string, ActivityInterval> last; // the last closed interval, by observation key
    bool operator==(const ActivityState& other) const;
};

std::string toJsonText(const ActivityState& state);
Result<ActivityState> activityStateFromJson(const std::string& text);

// One sample: reads /proc (and spool dirs, the audit log) below root for the observations in
// `current`, updates `state` and returns the intervals that closed.
std::vector<ActivityInterval> sampleActivity(const std::string& root, const Catalog& catalog,
                                             const std::vector<Observation>& current,
                                             ActivityState& state,
                                             std::chrono::system_clock::time_point now);

// The parsed remote address of an ESTABLISHED socket in /proc/net/tcp or tcp6, by inode.
std::map<std::uint64_t, std::string> establishedRemotes(const std::string& procNetTcpText,
                                                        bool ipv6);

std::string isoTime(std::chrono::system_clock::time_point t);
std::optional<std::chrono::system_clock::time_point> parseIsoTime(const std::string& text);

} // namespace indblik::agent
