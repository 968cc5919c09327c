#include "retry.h"

#include <algorithm>

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

} // namespace indblik::agent
