#pragma once

// When to try a failed sync again. Thousands of agents that lost the server at the same moment
// must not all come back at the same moment: after the n-th failure in a row the agent waits
// the sync interval doubled n-1 times, capped at an hour, of which a random part (between half
// and all of it) so their retries spread out; a Retry-After from the server (429, 503) is a
// floor, honoured up to the same hour.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace indblik::agent {

inline constexpr int kMaxRetryDelaySeconds = 3600;

// failures: failed syncs in a row (1 after the first). random: any 64-bit random number (the
// jitter). Returns at least one second.
std::chrono::seconds syncRetryDelay(int failures, int intervalSeconds,
                                    std::optional<int> retryAfterSeconds, std::uint64_t random);

// The seconds of an HTTP Retry-After header in its delta-seconds form ("120"); nullopt for the
// HTTP-date form, an empty or malformed value.
std::optional<int> parseRetryAfter(const std::string& value);

// How far this device's clock is ahead of the server's (negative: behind), in whole seconds:
// the server's time in its answer against the middle of our request, both in microseconds since
// 1970 on our clock. nullopt when serverTime is not an ISO 8601 UTC time.
std::optional<std::int64_t> estimateClockSkew(std::int64_t sentMicros, std::int64_t answeredMicros,
                                              const std::string& serverTime);

} // namespace indblik::agent
