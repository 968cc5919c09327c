#include <gtest/gtest.h>

#include "json_reader.h"
#include "policy_lifecycle.h"
#include "test_database.h"
#include "test_time_zone.h"

namespace indblik::server {
namespace {

struct Doc {
    std::string id = "acme-edr";
    std::vector<std::string> categories = {"security_telemetry", "login_activity"};
    int retention = 90;
    std::string level = "aggregate";
    std::string purpose = "Protect the computers against malware.";
    std::string catalog = "crowdstrike-falcon";
    std::string announced = "2026-01-05";
    std::string effective = "2026-02-16";

    std::string text() const {
        std::string cats;
        for (const auto& c : categories) {
            cats += (cats.empty() ? "\"" : ", \"") + c + "\"";
        }
        return R"({"format": "indblik.policy/1", "id": ")" + id +
               R"(", "system": "Acme EDR", "covers": {"catalog": [")" + catalog +
               R"("]}, "categories": [)" + cats + R"(], "purposes": {"en": ")" + purpose +
               R"(", "da": "Beskytte computerne."}, "legal_basis": {"en": "Article 6.1.f",)"
               R"( "da": "Artikel 6.1.f"}, "retention_days": )" +
               std::to_string(retention) +
               R"(, "access": [{"role": {"en": "IT security", "da": "IT-sikkerhed"}, "level": ")" +
               level + R"("}], "announced": ")" + announced + R"(", "effective": ")" + effective +
               R"(", "contact": {"name": "DPO", "email": "dpo@example.test"}})";
    }
    Policy parsed() const { return parsePolicy(text(), "doc").value(); }
};

TEST(PolicyWidens, EachWayOfWidening) {
    const Doc base;
    EXPECT_FALSE(widens(base.parsed(), base.parsed()));

    Doc more = base;
    more.categories.push_back("keystrokes");
    EXPECT_TRUE(widens(base.parsed(), more.parsed()));
    EXPECT_EQ(wideningOf(base.parsed(), more.parsed()).front(), "adds categories: keystrokes");
    EXPECT_FALSE(widens(more.parsed(), base.parsed())); // fewer categories narrow

    Doc longer = base;
    longer.retention = 180;
    EXPECT_TRUE(widens(base.parsed(), longer.parsed()));
    EXPECT_FALSE(widens(longer.parsed(), base.parsed()));

    Doc individual = base;
    individual.level = "individual";
    EXPECT_TRUE(widens(base.parsed(), individual.parsed()));
    EXPECT_NE(wideningOf(base.parsed(), individual.parsed()).front().find("individual-level"),
              std::string::npos);
    EXPECT_FALSE(widens(individual.parsed(), base.parsed()));

    Doc purpose = base;
    purpose.purpose = "Protect the computers and measure productivity.";
    EXPECT_TRUE(widens(base.parsed(), purpose.parsed()));

    Doc covers = base;
    covers.catalog = "sentinelone";
    EXPECT_TRUE(widens(base.parsed(), covers.parsed()));

    // The dates alone are not a widening.
    Doc redated = base;
    redated.announced = "2026-03-01";
    redated.effective = "2026-05-01";
    EXPECT_FALSE(widens(base.parsed(), redated.parsed()));
}

class PolicyLifecycleTest : public ::testing::Test {
protected:
    // Expected times below are written in UTC.
    testing::ScopedTimeZone m_zone{testing::kUtcZone};
    void SetUp() override {
        m_db = m_testDb.open();
        m_lifecycle = std::make_unique<PolicyLifecycle>(*m_db, [this] { return m_now; });
    }

    PoliciesForAgents agents() {
        auto p = policiesForAgents(*m_db, m_now);
        EXPECT_TRUE(p.ok());
        return p.ok() ? p.value() : PoliciesForAgents{};
    }

    std::string m_now = "2026-03-02T09:00:00.000Z";
    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<PolicyLifecycle> m_lifecycle;
};

TEST_F(PolicyLifecycleTest, NewPolicyNeedsNoticeOrARecordedReason) {
    Doc doc;
    auto drafted = m_lifecycle->draft(doc.text(), "acme.json", "dpo");
    ASSERT_TRUE(drafted.ok()) << drafted.error;
    EXPECT_EQ(drafted.value.version, 1);
    EXPECT_TRUE(agents().inEffect.empty());
    EXPECT_TRUE(agents().announced.empty()); // drafts go nowhere

    auto early = m_lifecycle->announce("acme-edr", "2026-03-12", std::nullopt, "dpo");
    EXPECT_EQ(early.status, 409);
    EXPECT_NE(early.error.find("new policy"), std::string::npos) << early.error;
    EXPECT_NE(early.error.find("earliest date is 2026-04-13"), std::string::npos) << early.error;
    EXPECT_EQ(m_lifecycle->announce("acme-edr", "2026-03-01", std::nullopt, "dpo").status, 400);
    EXPECT_EQ(m_lifecycle->announce("acme-edr", "someday", std::nullopt, "dpo").status, 400);
    EXPECT_EQ(m_lifecycle->announce("nope", "2026-05-01", std::nullopt, "dpo").status, 404);

    auto announced = m_lifecycle->announce("acme-edr", "2026-04-13", std::nullopt, "dpo");
    ASSERT_TRUE(announced.ok()) << announced.error;
    EXPECT_EQ(announced.value.phase, "announced");
    EXPECT_EQ(announced.value.effectiveAt, "2026-04-13T00:00:00.000Z");
    // The document agents get carries the server's dates and passes the agents' own check.
    auto parsed = parsePolicy(announced.value.json, "announced");
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_EQ(json::formatIsoDate(parsed->announcedDay), "2026-03-02");
    EXPECT_EQ(json::formatIsoDate(parsed->effectiveDay), "2026-04-13");
    EXPECT_FALSE(parsed->shortNoticeReason);

    auto before = agents();
    EXPECT_TRUE(before.inEffect.empty());
    ASSERT_EQ(before.announced.size(), 1u);
    EXPECT_EQ(before.announced[0].effectiveAt, "2026-04-13T00:00:00.000Z");
    const std::string answer = syncAnswer(3, before);
    EXPECT_EQ(answer.rfind("{\"acked\":3,\"policies\":[],\"announced\":[{\"effective_at\":"
                           "\"2026-04-13T00:00:00.000Z\",\"policy\":{",
                           0),
              0u)
        << answer;
    json::ObjectReader reader(json::parse(answer), "$"); // valid JSON
    (void)reader;

    m_now = "2026-04-13T00:00:00.000Z";
    auto after = agents();
    ASSERT_EQ(after.inEffect.size(), 1u);
    EXPECT_TRUE(after.announced.empty());
    EXPECT_EQ(m_lifecycle->versions().value().front().phase, "in_effect");
}

TEST_F(PolicyLifecycleTest, ShortNoticeReasonIsRecordedAndShownToEmployees) {
    Doc doc;
    ASSERT_TRUE(m_lifecycle->draft(doc.text(), "acme.json", "dpo").ok());
    EXPECT_EQ(m_lifecycle->announce("acme-edr", "2026-03-05", std::string("  "), "dpo").status,
              400);
    auto o = m_lifecycle->announce("acme-edr", "2026-03-05",
                                   std::string("An active ransomware attack."), "dpo");
    ASSERT_TRUE(o.ok()) << o.error;
    EXPECT_EQ(o.value.shortNoticeReason, "An active ransomware attack.");
    auto parsed = parsePolicy(o.value.json, "announced");
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    ASSERT_TRUE(parsed->shortNoticeReason);
    EXPECT_EQ(parsed->shortNoticeReason->en, "An active ransomware attack.");
    EXPECT_EQ(m_lifecycle->versions("acme-edr").value().front().shortNoticeReason,
              "An active ransomware attack.");
}

TEST_F(PolicyLifecycleTest, WidenedVersionWaitsNarrowedVersionDoesNot) {
    Doc v1;
    ASSERT_TRUE(m_lifecycle->draft(v1.text(), "v1", "dpo").ok());
    ASSERT_TRUE(m_lifecycle->announce("acme-edr", "2026-04-13", std::nullopt, "dpo").ok());
    m_now = "2026-05-01T12:00:00.000Z";

    Doc wider = v1;
    wider.categories.push_back("keystrokes");
    auto drafted = m_lifecycle->draft(wider.text(), "v2", "dpo");
    ASSERT_TRUE(drafted.ok());
    EXPECT_EQ(drafted.value.version, 2);
    // Drafting again replaces the draft instead of piling up versions.
    ASSERT_EQ(m_lifecycle->draft(wider.text(), "v2", "dpo").value.version, 2);
    auto refused = m_lifecycle->announce("acme-edr", "2026-05-10", std::nullopt, "dpo");
    EXPECT_EQ(refused.status, 409);
    EXPECT_NE(refused.error.find("adds categories: keystrokes"), std::string::npos)
        << refused.error;
    ASSERT_TRUE(m_lifecycle->announce("acme-edr", "2026-06-12", std::nullopt, "dpo").ok());
    // Version 1 stays in effect until then; agents see version 2 as announced.
    auto a = agents();
    ASSERT_EQ(a.inEffect.size(), 1u);
    EXPECT_EQ(parsePolicy(a.inEffect[0], "x")->categories.size(), 2u);
    ASSERT_EQ(a.announced.size(), 1u);
    m_now = "2026-06-12T00:00:01.000Z";
    a = agents();
    ASSERT_EQ(a.inEffect.size(), 1u);
    EXPECT_EQ(parsePolicy(a.inEffect[0], "x")->categories.size(), 3u);
    auto versions = m_lifecycle->versions("acme-edr").value();
    EXPECT_EQ(versions[0].phase, "superseded");
    EXPECT_EQ(versions[1].phase, "in_effect");

    // Shorter retention narrows: it may apply today, and says why there was no notice.
    Doc narrower = wider;
    narrower.retention = 30;
    ASSERT_TRUE(m_lifecycle->draft(narrower.text(), "v3", "dpo").ok());
    auto now = m_lifecycle->announce("acme-edr", "2026-06-12", std::nullopt, "dpo");
    ASSERT_TRUE(now.ok()) << now.error;
    auto parsed = parsePolicy(now.value.json, "v3");
    ASSERT_TRUE(parsed.ok()) << parsed.error(); // the agents' own 42-day check passes
    ASSERT_TRUE(parsed->shortNoticeReason);
    EXPECT_NE(parsed->shortNoticeReason->en.find("does not widen"), std::string::npos);
    m_now = "2026-06-12T00:00:02.000Z";
    EXPECT_EQ(parsePolicy(agents().inEffect[0], "x")->retentionDays, 30);
}

TEST_F(PolicyLifecycleTest, ConfiguredNoticePeriodApplies) {
    EXPECT_FALSE(setNoticeDays(*m_db, 3, "test").ok());
    ASSERT_TRUE(setNoticeDays(*m_db, 28, "test").ok());
    EXPECT_EQ(noticeDaysSetting(*m_db).value(), 28);
    Doc doc;
    ASSERT_TRUE(m_lifecycle->draft(doc.text(), "d", "dpo").ok());
    EXPECT_EQ(m_lifecycle->announce("acme-edr", "2026-03-29", std::nullopt, "dpo").status, 409);
    auto o = m_lifecycle->announce("acme-edr", "2026-03-30", std::nullopt, "dpo");
    ASSERT_TRUE(o.ok()) << o.error;
    auto parsed = parsePolicy(o.value.json, "x");
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_NE(parsed->shortNoticeReason->en.find("28 days"), std::string::npos);
}

TEST_F(PolicyLifecycleTest, RetiredPoliciesLeaveTheAgents) {
    Doc doc;
    ASSERT_TRUE(m_lifecycle->publishDirectly(doc.text(), "f", "admin").ok());
    EXPECT_EQ(agents().inEffect.size(), 1u);
    auto retired = m_lifecycle->retire("acme-edr", "dpo");
    ASSERT_TRUE(retired.ok()) << retired.error;
    EXPECT_EQ(retired.value.front().phase, "retired");
    EXPECT_TRUE(agents().inEffect.empty());
    EXPECT_EQ(m_lifecycle->retire("acme-edr", "dpo").status, 409);
    EXPECT_EQ(m_lifecycle->retire("unknown", "dpo").status, 404);
}

TEST_F(PolicyLifecycleTest, PublishDirectlyRecordsTheAdministratorAsTheReason) {
    Doc doc; // its own dates are in the past
    auto o = m_lifecycle->publishDirectly(doc.text(), "f", "admin");
    ASSERT_TRUE(o.ok()) << o.error;
    EXPECT_EQ(o.value.phase, "in_effect");
    EXPECT_EQ(o.value.effectiveAt, m_now);
    EXPECT_EQ(o.value.shortNoticeReason, "published directly by an administrator");
    auto parsed = parsePolicy(o.value.json, "x");
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_NE(parsed->shortNoticeReason->da.find("administrator"), std::string::npos);

    Doc bad = doc;
    bad.retention = 0;
    auto refused = m_lifecycle->publishDirectly(bad.text(), "bad.json", "admin");
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.error.find("bad.json: $.retention_days"), std::string::npos) << refused.error;
    EXPECT_EQ(m_lifecycle->versions().value().size(), 1u);

    // A file whose effective date lies ahead keeps it.
    Doc later = doc;
    later.id = "later";
    later.announced = "2026-03-02";
    later.effective = "2026-05-01";
    auto planned = m_lifecycle->publishDirectly(later.text(), "later.json", "admin");
    ASSERT_TRUE(planned.ok()) << planned.error;
    EXPECT_EQ(planned.value.phase, "announced");
    EXPECT_TRUE(planned.value.shortNoticeReason.empty());
}

TEST_F(PolicyLifecycleTest, CouncilRecordsAcknowledgementOrObjection) {
    Doc doc;
    ASSERT_TRUE(m_lifecycle->draft(doc.text(), "d", "dpo").ok());
    Caller council;
    council.role = Role::Council;
    council.actorId = "acct-council";
    council.name = "Works council";
    EXPECT_EQ(m_lifecycle->recordPosition("acme-edr", 1, council, "acknowledged", "").status,
              404); // still a draft
    ASSERT_TRUE(m_lifecycle->announce("acme-edr", "2026-04-13", std::nullopt, "dpo").ok());
    EXPECT_EQ(m_lifecycle->recordPosition("acme-edr", 1, council, "objection", " ").status, 400);
    EXPECT_EQ(m_lifecycle->recordPosition("acme-edr", 1, council, "maybe", "x").status, 400);
    EXPECT_EQ(m_lifecycle->recordPosition("acme-edr", 2, council, "objection", "x").status, 404);
    Caller dpo = council;
    dpo.role = Role::Dpo;
    EXPECT_EQ(m_lifecycle->recordPosition("acme-edr", 1, dpo, "acknowledged", "").status, 403);
    ASSERT_TRUE(m_lifecycle
                    ->recordPosition("acme-edr", 1, council, "objection",
                                     "Keystrokes are not needed for security.")
                    .ok());
    ASSERT_TRUE(m_lifecycle
                    ->recordPosition("acme-edr", 1, council, "acknowledged",
                                     "Agreed at the meeting of 10 March.")
                    .ok());
    auto positions = m_lifecycle->positions("acme-edr");
    ASSERT_TRUE(positions.ok());
    ASSERT_EQ(positions->size(), 1u); // one per member, the latest
    EXPECT_EQ(positions->front().position, "acknowledged");

    PolicyApi api(*m_lifecycle);
    Request r;
    r.caller = council;
    r.params = {{"id", "acme-edr"}, {"version", "1"}};
    r.body = R"({"position": "objection", "note": "Too long retention"})";
    EXPECT_EQ(api.position(r).status, 200);
    r.body = R"({"position": "objection", "extra": "x"})";
    EXPECT_EQ(api.position(r).status, 400);
    r.params["version"] = "1; DROP TABLE x";
    EXPECT_EQ(api.position(r).status, 400);
    const Reply list = api.list(r);
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("Too long retention"), std::string::npos);
    r.caller->role = Role::Employee;
    EXPECT_EQ(api.list(r).status, 403);
    EXPECT_EQ(api.position(r).status, 403);
}

} // namespace
} // namespace indblik::server
