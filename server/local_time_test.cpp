#include <gtest/gtest.h>

#include "local_time.h"
#include "requests.h"
#include "test_time_zone.h"

namespace indblik::server {
namespace {

using testing::kCopenhagenZone;
using testing::kUtcZone;
using testing::ScopedTimeZone;

TEST(LocalTime, DaysAreTheWorkplacesDays) {
    ScopedTimeZone zone(kCopenhagenZone);
    // 23:30 UTC on 31 January is already 1 February in Copenhagen (UTC+1 in winter).
    EXPECT_EQ(localDate("2026-01-31T23:30:00.000Z"), "2026-02-01");
    EXPECT_EQ(localDate("2026-01-31T22:59:59Z"), "2026-01-31");
    // Summer time (UTC+2).
    EXPECT_EQ(localDate("2026-07-14T22:00:00.000Z"), "2026-07-15");
    EXPECT_EQ(localDayStart("2026-02-01"), "2026-01-31T23:00:00.000Z");
    EXPECT_EQ(localDayEnd("2026-02-01"), "2026-02-01T22:59:59.999Z");
    EXPECT_EQ(localDayStart("2026-07-15"), "2026-07-14T22:00:00.000Z");
    EXPECT_EQ(localDayEnd("2026-07-15"), "2026-07-15T21:59:59.999Z");
    // The day the clocks go forward has 23 hours.
    EXPECT_EQ(localDayStart("2026-03-29"), "2026-03-28T23:00:00.000Z");
    EXPECT_EQ(localDayEnd("2026-03-29"), "2026-03-29T21:59:59.999Z");
}

TEST(LocalTime, TimesPeopleReadAreInTheWorkplacesZone) {
    testing::ScopedTimeZone zone(testing::kCopenhagenZone);
    EXPECT_EQ(localDateTime("2026-11-22T14:00:00.000Z"), "2026-11-22 15:00");
    EXPECT_EQ(localDateTime("2026-07-14T22:30:00Z"), "2026-07-15 00:30");
    EXPECT_EQ(localInterval("2026-11-22T14:00:00.000Z", "2026-11-22T15:05:00.000Z"),
              "2026-11-22 15:00–16:05");
    EXPECT_EQ(localInterval("2026-11-22T22:30:00.000Z", "2026-11-22T23:30:00.000Z"),
              "2026-11-22 23:30 – 2026-11-23 00:30");
    // What is not a time is shown as it came, not dropped.
    EXPECT_EQ(localDateTime("yesterday"), "");
    EXPECT_EQ(localInterval("yesterday", "2026-11-22T15:00:00Z"),
              "yesterday – 2026-11-22T15:00:00Z");
}

TEST(LocalTime, RefusesWhatIsNotADateOrATime) {
    ScopedTimeZone zone(kUtcZone);
    for (const char* bad :
         {"", "2026-02-30", "2026-13-01", "yesterday", "2026/01/01", "2026-01-01x"}) {
        EXPECT_EQ(localDayStart(bad), "") << bad;
        EXPECT_EQ(localDayEnd(bad), "") << bad;
    }
    EXPECT_EQ(localDate("2026-01-01"), "") << "a date without a time is no instant";
    EXPECT_EQ(localDate("2026-01-01T25:xx:00Z"), "");
    EXPECT_EQ(localDate("2026-01-01T10:00:00Z"), "2026-01-01");
}

TEST(LocalTime, ARequestIsDueAMonthLaterWhereTheWorkplaceIs) {
    ScopedTimeZone zone(kCopenhagenZone);
    // Sent at 00:30 on 1 February Copenhagen time (23:30 UTC the day before): due at the end of
    // 1 March there, not at the end of 28 February.
    EXPECT_EQ(requestDueAt("2026-01-31T23:30:00.000Z"), "2026-03-01T22:59:59.999Z");
    // Received 15 June, due at the end of 15 July in summer time.
    EXPECT_EQ(requestDueAt("2026-06-15T08:00:00.000Z"), "2026-07-15T21:59:59.999Z");
    // Extended to three months, clamped to the month's end.
    EXPECT_EQ(requestDueAt("2026-11-30T12:00:00.000Z", 3), "2027-02-28T22:59:59.999Z");
}

TEST(LocalTime, DescribesTheZoneInUse) {
    ScopedTimeZone zone(kCopenhagenZone);
    const std::string d = localZoneDescription();
    EXPECT_NE(d.find("CET"), std::string::npos) << d;
}

} // namespace
} // namespace indblik::server
