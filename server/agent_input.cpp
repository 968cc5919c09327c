#include "agent_input.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>

#include "integrity.h"
#include "json_reader.h"

namespace indblik::server {

namespace {

bool isHostChar(unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == '-';
}

} // namespace

std::string hostFromHeader(const std::string& hostHeader) {
    std::string host = hostHeader;
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string::npos) {
            return {};
        }
        const std::string inner = host.substr(1, close - 1);
        const bool ok = !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
        });
        return ok ? "[" + inner + "]" : std::string();
    }
    if (const auto colon = host.find(':'); colon != std::string::npos) {
        host.resize(colon);
    }
    const bool ok = !host.empty() && host.size() <= 253 &&
                    std::all_of(host.begin(), host.end(),
                                [](char c) { return isHostChar(static_cast<unsigned char>(c)); });
    return ok ? host : std::string();
}

EnrollRequest parseEnrollRequest(const std::string& body) {
    json::ObjectReader root(json::parse(body, kMaxEnrollBodyBytes), "$");
    EnrollRequest request;
    request.token = root.string("token", 256);
    request.csr = root.string("csr", 16 * 1024);
    request.hostname = root.string("hostname", 253);
    root.finish();
    return request;
}

SyncBatch parseSyncBatch(const std::string& body) {
    json::ObjectReader root(json::parse(body, kMaxSyncBodyBytes), "$");
    const auto items = root.array("entries", kMaxBatchEntries);
    std::vector<Poco::Dynamic::Var> checkpoints;
    if (root.has("checkpoints")) {
        checkpoints = root.array("checkpoints", kMaxBatchCheckpoints);
    }
    root.finish();
    SyncBatch batch;
    auto& entries = batch.entries;
    entries.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        json::ObjectReader e(items[i], "$.entries[" + std::to_string(i) + "]");
        LedgerEntry entry;
        entry.seq = e.integer("seq", 1, std::numeric_limits<std::int64_t>::max());
        entry.time = e.string("time", 64);
        entry.kind = e.string("kind", 128);
        entry.payload = e.string("payload", kMaxPayloadBytes);
        entry.prevHash = e.string("prev_hash", 64);
        entry.hash = e.string("hash", 64);
        e.finish();
        entries.push_back(std::move(entry));
    }
    for (std::size_t i = 0; i < checkpoints.size(); ++i) {
        json::ObjectReader c(checkpoints[i], "$.checkpoints[" + std::to_string(i) + "]");
        Checkpoint checkpoint;
        checkpoint.seq = c.integer("seq", 1, std::numeric_limits<std::int64_t>::max());
        checkpoint.head = c.string("head", 64);
        checkpoint.time = c.string("time", kMaxCheckpointTime);
        checkpoint.signature = c.string("signature", kMaxCheckpointSignature);
        c.finish();
        batch.checkpoints.push_back(std::move(checkpoint));
    }
    return batch;
}

std::vector<LedgerEntry> parseBatch(const std::string& body) {
    return parseSyncBatch(body).entries;
}

Result<std::int64_t> clockSkewSeconds(const std::string& deviceTime,
                                      const Poco::Timestamp& serverNow) {
    const std::string what = std::string(kDeviceTimeHeader) + ": ";
    // "2026-05-01T10:00:00Z" up to "2026-05-01T10:00:00.123456Z".
    const bool shaped = deviceTime.size() >= 20 && deviceTime.size() <= 40 &&
                        deviceTime[4] == '-' && deviceTime[10] == 'T' && deviceTime.back() == 'Z';
    Poco::DateTime parsed;
    int zone = 0;
    if (!shaped ||
        !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, deviceTime,
                                        parsed, zone) ||
        zone != 0) {
        return Error{what + "\"" + deviceTime.substr(0, 40) +
                     "\" is not a UTC time such as 2026-05-01T10:00:00.000Z"};
    }
    const auto micros = parsed.timestamp() - serverNow;
    // Rounded to whole seconds, towards zero.
    return static_cast<std::int64_t>(micros / Poco::Timestamp::resolution());
}

} // namespace indblik::server
