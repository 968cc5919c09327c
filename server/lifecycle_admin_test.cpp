// The policy and retention admin commands as an administrator runs them: parsed from the
// command line, against a real data directory and database.

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "admin.h"
#include "cli.h"
#include "json_reader.h"
#include "test_database.h"
#include "test_time_zone.h"

namespace indblik::server {
namespace {

class LifecycleAdminTest : public ::testing::Test {
protected:
    // Expected times below are written in UTC.
    testing::ScopedTimeZone m_zone{testing::kUtcZone};
    struct Run {
        int exitCode = 0;
        std::string out;
        std::string err;
    };

    Run admin(std::vector<std::string> args) {
        args.insert(args.begin(), {"admin", "--data-dir", (m_testDb.scratch() / "data").string(),
                                   "--database", m_testDb.location()});
        Run run;
        auto cl = parseCommandLine(args);
        if (!cl) {
            run.exitCode = 2;
            run.err = cl.error();
            return run;
        }
        std::ostringstream out, err;
        std::istringstream in;
        run.exitCode = runAdmin(cl->admin, out, err, in);
        run.out = out.str();
        run.err = err.str();
        return run;
    }

    std::string policyFile(const std::string& categories) {
        const auto path = m_testDb.scratch() / "policy.json";
        std::ofstream(path)
            << R"({"format": "indblik.policy/1", "id": "acme-edr", "system": "Acme EDR",)"
               R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": [)"
            << categories
            << R"(], "purposes": {"en": "Security", "da": "Sikkerhed"},)"
               R"( "legal_basis": {"en": "Article 6.1.f", "da": "Artikel 6.1.f"},)"
               R"( "retention_days": 90, "access": [{"role": {"en": "IT", "da": "IT"},)"
               R"( "level": "aggregate"}], "announced": "2026-01-05", "effective": "2026-02-16",)"
               R"( "contact": {"name": "DPO", "email": "dpo@example.test"}})";
        return path.string();
    }

    testing::TestDatabase m_testDb;
};

TEST_F(LifecycleAdminTest, DraftAnnounceListRetire) {
    const std::string file = policyFile("\"security_telemetry\"");
    auto drafted = admin({"policy-draft", file});
    ASSERT_EQ(drafted.exitCode, 0) << drafted.err;
    EXPECT_NE(drafted.out.find("drafted policy acme-edr version 1"), std::string::npos);

    auto missing = admin({"policy-announce", "acme-edr"});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("--effective"), std::string::npos);

    auto tomorrow = admin({"policy-announce", "acme-edr", "--effective", "2099-01-01"});
    EXPECT_EQ(tomorrow.exitCode, 0) << tomorrow.err;
    auto list = admin({"policy-list"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.out.find("acme-edr\t1\tannounced\t"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("2099-01-01T00:00:00.000Z"), std::string::npos);

    // A wider version (a new category) for tomorrow: refused without a reason, nothing changes.
    ASSERT_EQ(
        admin({"policy-draft", policyFile("\"security_telemetry\", \"keystrokes\"")}).exitCode, 0);
    const std::string soon = json::formatIsoDate(json::todayUtc() + 1);
    auto early = admin({"policy-announce", "acme-edr", "--effective", soon});
    EXPECT_EQ(early.exitCode, 1);
    EXPECT_NE(early.err.find("the earliest date is"), std::string::npos) << early.err;
    EXPECT_NE(admin({"policy-list"}).out.find("acme-edr\t2\tdraft\t"), std::string::npos);
    auto reasoned = admin({"policy-announce", "acme-edr", "--effective", soon,
                           "--short-notice-reason", "An attack is under way."});
    ASSERT_EQ(reasoned.exitCode, 0) << reasoned.err;
    EXPECT_NE(admin({"policy-list"}).out.find("An attack is under way."), std::string::npos);

    auto notice = admin({"policy-notice-days", "30"});
    ASSERT_EQ(notice.exitCode, 0) << notice.err;
    EXPECT_NE(notice.out.find("notice period: 30 days"), std::string::npos);
    EXPECT_EQ(admin({"policy-notice-days", "3"}).exitCode, 1);

    auto retired = admin({"policy-retire", "acme-edr"});
    ASSERT_EQ(retired.exitCode, 0) << retired.err;
    EXPECT_NE(admin({"policy-list", "acme-edr"}).out.find("\tretired\t"), std::string::npos);
    EXPECT_EQ(admin({"policy-retire", "acme-edr"}).exitCode, 1);
}

TEST_F(LifecycleAdminTest, PublishPolicyStillPublishesAtOnce) {
    auto published = admin({"publish-policy", policyFile("\"security_telemetry\"")});
    ASSERT_EQ(published.exitCode, 0) << published.err;
    EXPECT_NE(published.out.find("published directly by an administrator"), std::string::npos)
        << published.out;
    EXPECT_NE(admin({"policy-list"}).out.find("\tin_effect\t"), std::string::npos);
    auto health = admin({"health"});
    EXPECT_NE(health.out.find("policies in effect: 1"), std::string::npos) << health.out;

    const auto bad = m_testDb.scratch() / "bad.json";
    std::ofstream(bad) << "{\"format\": \"indblik.policy/1\"}";
    auto refused = admin({"publish-policy", bad.string()});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_NE(refused.err.find("bad.json: $.id"), std::string::npos) << refused.err;
}

TEST_F(LifecycleAdminTest, RetentionDryRunDeletesNothing) {
    auto dry = admin({"retention", "--dry-run"});
    ASSERT_EQ(dry.exitCode, 0) << dry.err;
    EXPECT_NE(dry.out.find("dry run: nothing deleted"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("(no declared policy)\t730\t"), std::string::npos) << dry.out;
    auto set = admin({"retention", "--undeclared-max-days", "10"});
    EXPECT_EQ(set.exitCode, 1); // below the minimum of 30
    EXPECT_NE(set.err.find("undeclared_max_days: from 30"), std::string::npos) << set.err;
    auto real = admin({"retention", "--undeclared-max-days", "365"});
    ASSERT_EQ(real.exitCode, 0) << real.err;
    EXPECT_NE(real.out.find("(no declared policy)\t365\t"), std::string::npos) << real.out;
    EXPECT_NE(real.out.find("deleted 0 entries"), std::string::npos);
}

} // namespace
} // namespace indblik::server
