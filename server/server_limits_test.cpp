#include <gtest/gtest.h>

#include "cli.h"
#include "handlers.h"
#include "server_limits.h"

namespace indblik::server {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST(ServerLimitsRate, BurstThenTheSteadyRate) {
    RateLimiter limiter(2, 5); // 2 requests a second, 5 at once
    const auto t0 = Clock::time_point{} + 1000s;
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(limiter.take("a", t0), 0) << "request " << i << " of the burst";
    }
    EXPECT_EQ(limiter.take("a", t0), 1) << "the sixth waits for the next token, in 0.5 s: 1 s";
    EXPECT_EQ(limiter.take("b", t0), 0) << "another client has its own bucket";
    EXPECT_EQ(limiter.take("a", t0 + 400ms), 1);
    EXPECT_EQ(limiter.take("a", t0 + 500ms), 0) << "one token after 0.5 s";
    EXPECT_EQ(limiter.take("a", t0 + 500ms), 1);
    // Quiet for a long time: the bucket is full again, never fuller.
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(limiter.take("a", t0 + 60s), 0);
    }
    EXPECT_NE(limiter.take("a", t0 + 60s), 0);
}

TEST(ServerLimitsRate, RetryAfterSaysWhenTheNextRequestGoesThrough) {
    RateLimiter limiter(0.1, 1); // one request every 10 seconds
    const auto t0 = Clock::time_point{} + 1000s;
    EXPECT_EQ(limiter.take("a", t0), 0);
    const int wait = limiter.take("a", t0);
    EXPECT_EQ(wait, 10);
    EXPECT_NE(limiter.take("a", t0 + std::chrono::seconds(wait - 1)), 0);
    EXPECT_EQ(limiter.take("a", t0 + std::chrono::seconds(wait)), 0);
}

TEST(ServerLimitsRate, APenaltyMakesTheClientWaitLonger) {
    RateLimiter limiter(1, 10);
    const auto t0 = Clock::time_point{} + 1000s;
    EXPECT_EQ(limiter.take("guesser", t0), 0);
    limiter.charge("guesser", kFailedSignInPenalty, t0); // 9 - 10 = -1 token
    EXPECT_EQ(limiter.take("guesser", t0), 2) << "from -1 to 1 token takes 2 s";
    // At most one burst below zero: the wait is bounded.
    for (int i = 0; i < 100; ++i) {
        limiter.charge("guesser", kFailedSignInPenalty, t0);
    }
    EXPECT_EQ(limiter.take("guesser", t0), 11);
    EXPECT_EQ(limiter.take("guesser", t0 + 11s), 0);
}

TEST(ServerLimitsRate, MemoryIsBounded) {
    RateLimiter limiter(1, 2, 100);
    const auto t0 = Clock::time_point{} + 1000s;
    for (int i = 0; i < 1000; ++i) {
        EXPECT_EQ(limiter.take("client-" + std::to_string(i), t0), 0);
    }
    EXPECT_EQ(limiter.trackedClients(), 100u) << "the cap holds";
    // The most recent clients are remembered: client-999 is still limited.
    EXPECT_EQ(limiter.take("client-999", t0), 0);
    EXPECT_NE(limiter.take("client-999", t0), 0);

    // Idle clients are forgotten once their buckets would be full anyway (2 * burst / rate).
    EXPECT_EQ(limiter.take("late", t0 + 5s), 0);
    EXPECT_EQ(limiter.trackedClients(), 1u);
}

TEST(ServerLimitsRate, ZeroRateMeansUnlimited) {
    RateLimiter limiter(0, 1);
    EXPECT_FALSE(limiter.enabled());
    for (int i = 0; i < 1000; ++i) {
        ASSERT_EQ(limiter.take("a"), 0);
    }
    EXPECT_EQ(limiter.trackedClients(), 0u);
}

TEST(ServerLimitsRate, ParsesRates) {
    EXPECT_DOUBLE_EQ(parseRate("10/s").value(), 10);
    EXPECT_DOUBLE_EQ(parseRate("10").value(), 10);
    EXPECT_DOUBLE_EQ(parseRate("120/min").value(), 2);
    EXPECT_DOUBLE_EQ(parseRate("0.5/s").value(), 0.5);
    EXPECT_DOUBLE_EQ(parseRate("off").value(), 0);
    for (const char* bad : {"", "/s", "ten/s", "10/h", "-1/s", "10/s/s", "1e9/s", "nan"}) {
        auto rate = parseRate(bad);
        EXPECT_FALSE(rate.ok()) << bad;
        if (!rate.ok()) {
            EXPECT_NE(rate.error().find("--rate-limit"), std::string::npos) << rate.error();
        }
    }
}

TEST(ServerLimitsRate, AddressKeys) {
    EXPECT_EQ(addressKey("192.0.2.7"), "ip:192.0.2.7");
    // One IPv6 client typically holds a whole /64.
    EXPECT_EQ(addressKey("2001:db8:1:2:aaaa::1"), addressKey("2001:db8:1:2:bbbb::9"));
    EXPECT_NE(addressKey("2001:db8:1:2::1"), addressKey("2001:db8:1:3::1"));
    EXPECT_EQ(addressKey("2001:db8:1:2::1"), "ip:2001:db8:1:2::/64");
}

TEST(ServerLimitsCli, RunTakesLimits) {
    auto defaults = parseCommandLine({"run"});
    ASSERT_TRUE(defaults.ok()) << defaults.error();
    EXPECT_DOUBLE_EQ(defaults->run.limits.ratePerSecond, 10);
    EXPECT_DOUBLE_EQ(defaults->run.limits.burst, 100);
    EXPECT_EQ(defaults->run.limits.maxThreads, 32);
    EXPECT_EQ(defaults->run.limits.maxQueued, 256);

    auto cl = parseCommandLine({"run", "--rate-limit", "30/min", "--burst", "7", "--max-threads",
                                "2", "--max-queued", "3"});
    ASSERT_TRUE(cl.ok()) << cl.error();
    EXPECT_DOUBLE_EQ(cl->run.limits.ratePerSecond, 0.5);
    EXPECT_DOUBLE_EQ(cl->run.limits.burst, 7);
    EXPECT_EQ(cl->run.limits.maxThreads, 2);
    EXPECT_EQ(cl->run.limits.maxQueued, 3);

    for (const auto& bad : std::vector<std::vector<std::string>>{{"run", "--rate-limit", "x"},
                                                                 {"run", "--burst", "0"},
                                                                 {"run", "--max-threads", "0"},
                                                                 {"run", "--max-queued"},
                                                                 {"run", "--max-queued", "-1"}}) {
        auto refused = parseCommandLine(bad);
        EXPECT_FALSE(refused.ok()) << bad[1];
        if (!refused.ok()) {
            EXPECT_NE(refused.error().find(bad[1]), std::string::npos) << refused.error();
        }
    }
}

TEST(ServerLimitsParams, RefusesControlCharactersInvalidUtf8AndHugeValues) {
    EXPECT_EQ(paramProblem(""), "");
    EXPECT_EQ(paramProblem("' OR 1=1 --"), "");
    EXPECT_EQ(paramProblem("<script>alert(1)</script>"), "");
    EXPECT_EQ(paramProblem("Søren Ærø – 😀"), "");
    EXPECT_EQ(paramProblem(std::string(kMaxParamBytes, 'a')), "");
    EXPECT_NE(paramProblem(std::string(kMaxParamBytes + 1, 'a')).find("longer than"),
              std::string::npos);
    EXPECT_EQ(paramProblem(std::string("a\0b", 3)), "control character at byte 1");
    EXPECT_EQ(paramProblem("a\nb"), "control character at byte 1");
    EXPECT_EQ(paramProblem("\x7f"), "control character at byte 0");
    for (const char* bad : {"\xff", "\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                            "\xf4\x90\x80\x80", "a\x80"}) {
        EXPECT_EQ(paramProblem(bad), "not valid UTF-8") << bad;
    }
}

} // namespace
} // namespace indblik::server
