#include <random>
#include <set>

#include <gtest/gtest.h>

#include "retry.h"

namespace indblik::agent {
namespace {

TEST(SyncRetry, DoublesWithEachFailureUpToAnHour) {
    // With the largest jitter draw the delay is the whole base: 60, 120, 240, ... 3600.
    const auto most = [](int failures) {
        std::int64_t longest = 0;
        for (std::uint64_t r = 0; r < 5000; ++r) {
            longest = std::max<std::int64_t>(longest, syncRetryDelay(failures, 60, {}, r).count());
        }
        return longest;
    };
    EXPECT_EQ(most(1), 60);
    EXPECT_EQ(most(2), 120);
    EXPECT_EQ(most(3), 240);
    EXPECT_EQ(most(6), 1920);
    EXPECT_EQ(most(7), 3600);
    EXPECT_EQ(most(1000), 3600) << "never past the hour, however long the outage";
}

TEST(SyncRetry, JitterSpreadsAgentsOverTheSecondHalfOfTheWait) {
    std::mt19937_64 rng(7);
    std::set<std::int64_t> seen;
    for (int i = 0; i < 2000; ++i) {
        const auto d = syncRetryDelay(8, 60, {}, rng()).count();
        ASSERT_GE(d, 1800);
        ASSERT_LE(d, 3600);
        seen.insert(d);
    }
    // 2,000 agents failing together come back at many different seconds, not at one.
    EXPECT_GT(seen.size(), 1000u);
}

TEST(SyncRetry, RetryAfterIsAFloorUpToAnHour) {
    for (std::uint64_t r = 0; r < 100; ++r) {
        EXPECT_GE(syncRetryDelay(1, 60, 600, r).count(), 600);
        EXPECT_LE(syncRetryDelay(1, 60, 600, r).count(), 600);
        EXPECT_EQ(syncRetryDelay(1, 60, 86400, r).count(), 3600);
        EXPECT_GE(syncRetryDelay(1, 60, 5, r).count(), 30) << "a short Retry-After keeps backoff";
    }
    EXPECT_GE(syncRetryDelay(0, 0, std::nullopt, 0).count(), 1);
}

TEST(SyncRetry, ReadsRetryAfterSecondsOnly) {
    EXPECT_EQ(parseRetryAfter("120"), 120);
    EXPECT_EQ(parseRetryAfter("0"), 0);
    EXPECT_FALSE(parseRetryAfter(""));
    EXPECT_FALSE(parseRetryAfter("-5"));
    EXPECT_FALSE(parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT"));
    EXPECT_FALSE(parseRetryAfter("99999999999"));
}

TEST(ClockSkew, MeasuredAgainstTheMiddleOfTheRequest) {
    // 2026-05-01T10:00:00Z in microseconds since 1970.
    const std::int64_t t = 1777629600LL * 1'000'000;
    // Sent at t, answered 2 s later: the server's stamp is compared with t + 1 s.
    EXPECT_EQ(estimateClockSkew(t, t + 2'000'000, "2026-05-01T10:00:01.000Z"), 0);
    // Our clock is ten minutes ahead: the server says 09:50.
    EXPECT_EQ(estimateClockSkew(t, t, "2026-05-01T09:50:00.000Z"), 600);
    // Behind by a day.
    EXPECT_EQ(estimateClockSkew(t, t, "2026-05-02T10:00:00Z"), -86400);
    EXPECT_FALSE(estimateClockSkew(t, t, "2026-05-01 10:00:00"));
    EXPECT_FALSE(estimateClockSkew(t, t, "2026-05-01T10:00:00+02:00"));
    EXPECT_FALSE(estimateClockSkew(t, t, ""));
    EXPECT_FALSE(estimateClockSkew(t, t, "yesterdayZ"));
}

} // namespace
} // namespace indblik::agent
