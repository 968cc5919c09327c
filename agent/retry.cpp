#include "retry.h"

#include <algorithm>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>

namespace indblik::agent {

std::chrono::seconds syncRetryDelay(int failures, int intervalSeconds,
                                    std::optional<int> retryAfterSeconds, std::uint64_t random) {
    const std::int64_t interval = std::clamp(intervalSeconds, 1, kMaxRetryDelaySeconds);
    std::int64_t base = interval;
    for (int i = 1; i < failures && base < kMaxRetryDelaySeconds; ++i) {
        base *= 2;
    }
    base = std::min<std::int64_t>(base, kMaxRetryDelaySeconds);
    // Between half and all of base, uniformly.
    const std::int64_t half = base / 2;
    std::int64_t delay =
        half + static_cast<std::int64_t>(random % static_cast<std::uint64_t>(base - half + 1));
    if (retryAfterSeconds && *retryAfterSeconds > 0) {
        delay = std::max<std::int64_t>(delay, std::min(*retryAfterSeconds, kMaxRetryDelaySeconds));
    }
    return std::chrono::seconds(std::max<std::int64_t>(delay, 1));
}

std::optional<int> parseRetryAfter(const std::string& value) {
    if (value.empty() || value.size() > 9 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::stoi(value);
}

std::optional<std::int64_t> estimateClockSkew(std::int64_t sentMicros, std::int64_t answeredMicros,
                                              const std::string& serverTime) {
    Poco::DateTime parsed;
    int zone = 0;
    if (serverTime.size() < 20 || serverTime.size() > 40 || serverTime.back() != 'Z' ||
        !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, serverTime,
                                        parsed, zone) ||
        zone != 0) {
        return std::nullopt;
    }
    // The server stamped its answer somewhere between our sending and our receiving it.
    const std::int64_t middle = sentMicros + (answeredMicros - sentMicros) / 2;
    return (middle - parsed.timestamp().epochMicroseconds()) / 1'000'000;
}

} // namespace indblik::agent
