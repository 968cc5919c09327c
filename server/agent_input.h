#pragma once

// What agents and enrolling computers send the server, parsed apart from the routes that act on
// it (api.h): the parsers of outside input, kept free of the store, the network and logging so
// they can be tested and fuzzed alone (fuzz/).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Poco/Timestamp.h>

#include "checkpoint.h"
#include "ledger.h"
#include "result.h"

namespace indblik::server {

inline constexpr std::size_t kMaxSyncBodyBytes = std::size_t(4) << 20;
inline constexpr std::size_t kMaxEnrollBodyBytes = std::size_t(64) << 10;
inline constexpr std::size_t kMaxBatchEntries = 10000;
inline constexpr std::size_t kMaxPayloadBytes = std::size_t(1) << 20;

// Parses {"entries": [...]}; throws json::ParseError naming the field.
std::vector<LedgerEntry> parseBatch(const std::string& body);

// Parses {"entries": [...], "checkpoints": [...]} (checkpoints optional, at most
// kMaxBatchCheckpoints (integrity.h), each {"seq", "head", "time", "signature"}); throws
// json::ParseError.
struct SyncBatch {
    std::vector<LedgerEntry> entries;
    std::vector<Checkpoint> checkpoints;
};
SyncBatch parseSyncBatch(const std::string& body);

// The body of POST /api/v1/enroll: {"token", "csr", "hostname"}; throws json::ParseError.
struct EnrollRequest {
    std::string token;
    std::string csr;
    std::string hostname;
};
EnrollRequest parseEnrollRequest(const std::string& body);

// "host" from a Host header value such as "host:8444" or "[::1]:8444"; empty when malformed.
std::string hostFromHeader(const std::string& hostHeader);

// The header in which an agent sends its clock's time as it sends a sync, ISO 8601 UTC.
inline constexpr const char* kDeviceTimeHeader = "X-Indblik-Device-Time";

// Seconds by which the device's clock is ahead of ours (negative: behind), from the header's
// value and our time when the request arrived. An error names the header and what is wrong.
Result<std::int64_t> clockSkewSeconds(const std::string& deviceTime,
                                      const Poco::Timestamp& serverNow);

} // namespace indblik::server
