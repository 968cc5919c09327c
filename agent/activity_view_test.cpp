// The activity line of the text view: plain words, local time, in Danish and English.

#include <cstdlib>
#include <ctime>

#include <gtest/gtest.h>

#include "activity.h"
#include "text_view.h"

namespace indblik::agent {
namespace {

std::string overviewWithActivity(const std::string& activity) {
    return R"({"ok": true, "user": {"uid": 1000, "name": "alice"},
      "device": {"enrolled": false}, "sync": {}, "ledger": {"entries": 2, "intact": true},
      "observations": [{"detector": "process", "product": "osquery", "name": "osquery",
        "categories": ["commands"], "evidence": ["running process: /usr/bin/osqueryd"],
        "why": {"en": "x", "da": "x"}, "declared": false, "policy": null,
        "activity": )" +
           activity + "}]}";
}

class ActivityView : public testing::Test {
protected:
    void SetUp() override {
        const char* tz = std::getenv("TZ");
        m_oldTz = tz ? std::optional<std::string>(tz) : std::nullopt;
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    void TearDown() override {
        if (m_oldTz) {
            ::setenv("TZ", m_oldTz->c_str(), 1);
        } else {
            ::unsetenv("TZ");
        }
        ::tzset();
    }
    std::optional<std::string> m_oldTz;
    const std::chrono::system_clock::time_point m_now = *parseIsoTime("2026-11-23T12:00:00.000Z");
};

TEST_F(ActivityView, SaysWhenTheSoftwareWasActiveAndWhereItConnected) {
    const auto json = overviewWithActivity(
        R"({"start": "2026-11-23T09:00:00.000Z", "end": "2026-11-23T10:00:00.000Z",
            "cpu_seconds": 12.4, "bytes_written": 4096, "remote_endpoints": ["10.0.0.5:443"],
            "spool_files": 3, "spool_bytes": 1536, "audit_log_bytes": 0, "active": false})");
    auto en = renderOverview(json, Language::English, m_now);
    ASSERT_TRUE(en) << en.error();
    EXPECT_NE(en.value().find("Activity: Active from 09:00 to 10:00 today; 12 s of processor "
                              "time; connected to 10.0.0.5:443; wrote 4.0 KiB (files and "
                              "network together); 3 new or changed file(s) in its storage "
                              "folders (1.5 KiB)."),
              std::string::npos)
        << en.value();
    auto da = renderOverview(json, Language::Danish, m_now);
    ASSERT_TRUE(da) << da.error();
    EXPECT_NE(da.value().find("Aktivitet: Aktiv fra 09:00 til 10:00 i dag; 12 s processortid; "
                              "havde forbindelse til 10.0.0.5:443; skrev 4,0 KiB"),
              std::string::npos)
        << da.value();
}

TEST_F(ActivityView, SpansDaysAndSaysWhenStillActive) {
    const auto json = overviewWithActivity(
        R"({"start": "2026-11-22T23:30:00.000Z", "end": "2026-11-23T00:10:00.000Z",
            "cpu_seconds": 0, "bytes_written": 0, "remote_endpoints": [],
            "spool_files": 0, "spool_bytes": 0, "audit_log_bytes": 2048, "active": true})");
    auto en = renderOverview(json, Language::English, m_now);
    ASSERT_TRUE(en) << en.error();
    EXPECT_NE(en.value().find("Active from 23:30 yesterday to 00:10 today and still active; the "
                              "audit log grew by 2.0 KiB."),
              std::string::npos)
        << en.value();
    // No activity, or a malformed one: no line, no crash.
    for (const char* a : {"null", R"({"start": "garbage"})", "[]",
                          R"({"start": "0001-01-01T00:00:00Z", "end": ""})"}) {
        auto text = renderOverview(overviewWithActivity(a), Language::English, m_now);
        ASSERT_TRUE(text) << a;
        EXPECT_EQ(text.value().find("Activity:"), std::string::npos) << a;
    }
}

TEST(ActivityTime, OnlyTimesTheClockCanHoldAreParsed) {
    EXPECT_TRUE(parseIsoTime("2026-11-23T12:00:00.000Z"));
    EXPECT_FALSE(parseIsoTime(""));
    EXPECT_FALSE(parseIsoTime("0001-01-01T00:00:00Z"));
    EXPECT_FALSE(parseIsoTime("9999-12-31T23:59:59Z"));
}

} // namespace
} // namespace indblik::agent
