// The policy pages end to end: a real indblik-server process over real TLS on its public port,
// a DPO and a works-council member made with the admin commands, signing in through the pages
// and submitting the pages' forms as a browser does (cookies, CSRF field, Origin). Runs on
// SQLite, and again on PostgreSQL under ctest's postgres fixture (pg.PolicyWebProcessTest.*).

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "json_reader.h"
#include "server_process.h"
#include "test_database.h"
#include "web_browser.h"

namespace indblik {
namespace {

using testing::formEncode;
using testing::inputValue;
using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
using testing::WebAnswer;
namespace fs = std::filesystem;

const std::string kPassword = "correct horse battery staple";

const std::string kPolicy =
    R"({"format": "indblik.policy/1", "id": "acme-edr", "system": "Acme EDR",)"
    R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": ["security_telemetry"],)"
    R"( "purposes": {"en": "Find attacks.", "da": "Finde angreb."},)"
    R"( "legal_basis": {"en": "Legitimate interest.", "da": "Legitim interesse."},)"
    R"( "retention_days": 90, "access": [{"role": {"en": "IT security", "da": "IT"},)"
    R"( "level": "aggregate"}], "announced": "2026-01-05", "effective": "2026-02-16",)"
    R"( "contact": {"name": "DPO", "email": "dpo@example.com"}})";

class PolicyWebProcessTest : public testing::WebServerTest {
protected:
    PolicyWebProcessTest() : WebServerTest("indblik-policyweb") {}

    // An account of the role, signed in through the pages; the session's Cookie header.
    std::string signedIn(const std::string& login, const std::string& role,
                         const std::string& name) {
        const Outcome made =
            admin({"create-user", login, "--role", role, "--name", name}, kPassword + "\n");
        EXPECT_EQ(made.exitCode, 0) << made.err;
        return testing::webSignIn(*m_server, login, kPassword);
    }
};

TEST_F(PolicyWebProcessTest, DpoDraftsAndAnnouncesCouncilObjectsAndTheDpoSeesIt) {
    const std::string dpo = signedIn("mette", "dpo", "Mette DPO");
    ASSERT_FALSE(dpo.empty());
    const WebAnswer home = call("GET", "/?lang=en", dpo);
    ASSERT_EQ(home.status, 200);
    EXPECT_NE(home.body.find("href=\"/dpo/policies\""), std::string::npos);

    const WebAnswer empty = call("GET", "/dpo/policies?lang=en", dpo);
    ASSERT_EQ(empty.status, 200) << empty.body;
    EXPECT_NE(empty.body.find("There are no policies yet."), std::string::npos);
    const std::string csrf = inputValue(call("GET", "/dpo/policies/new?lang=en", dpo).body, "csrf");
    ASSERT_EQ(csrf.size(), 64u);

    // The draft form without the session's CSRF token: refused, nothing stored.
    const WebAnswer forged =
        call("POST", "/dpo/policies/new?lang=en", dpo, "document=" + formEncode(kPolicy));
    EXPECT_EQ(forged.status, 403);
    EXPECT_NE(call("GET", "/dpo/policies?lang=en", dpo).body.find("There are no policies yet."),
              std::string::npos);

    const WebAnswer drafted = call("POST", "/dpo/policies/new?lang=en", dpo,
                                   "csrf=" + csrf + "&document=" + formEncode(kPolicy));
    ASSERT_EQ(drafted.status, 303) << drafted.body;
    EXPECT_EQ(drafted.location, "/dpo/policies/acme-edr/1?lang=en");
    const WebAnswer draftPage = call("GET", drafted.location, dpo);
    ASSERT_EQ(draftPage.status, 200);
    const std::string earliest = json::formatIsoDate(json::todayUtc() + 42);
    EXPECT_NE(draftPage.body.find("Earliest date without a reason: " + earliest),
              std::string::npos);

    // Too early without a reason: refused and said why; then on the earliest date.
    const std::string soon = json::formatIsoDate(json::todayUtc() + 3);
    const WebAnswer early = call("POST", "/dpo/policies/acme-edr/announce?lang=en", dpo,
                                 "csrf=" + csrf + "&effective=" + soon + "&reason=");
    EXPECT_EQ(early.status, 409);
    EXPECT_NE(early.body.find("the date is before the notice period ends (" + earliest + ")"),
              std::string::npos)
        << early.body;
    const WebAnswer announced = call("POST", "/dpo/policies/acme-edr/announce?lang=en", dpo,
                                     "csrf=" + csrf + "&effective=" + earliest + "&reason=");
    ASSERT_EQ(announced.status, 303) << announced.body;
    EXPECT_EQ(announced.location, "/dpo/policies/acme-edr/1?lang=en");

    // The works council: the version, and the member's objection through the form.
    const std::string council = signedIn("carla", "council", "Carla Council");
    ASSERT_FALSE(council.empty());
    EXPECT_EQ(call("GET", "/dpo/policies", council).status, 403);
    EXPECT_EQ(call("GET", "/council/policies", dpo).status, 403);
    const WebAnswer list = call("GET", "/council/policies?lang=en", council);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_NE(list.body.find("Announced: applies from " + earliest), std::string::npos);
    const WebAnswer version = call("GET", "/council/policies/acme-edr/1?lang=en", council);
    ASSERT_EQ(version.status, 200);
    const std::string councilCsrf = inputValue(version.body, "csrf");
    ASSERT_EQ(councilCsrf.size(), 64u);
    EXPECT_EQ(call("POST", "/council/policies/acme-edr/1/position?lang=en", council,
                   "position=objection&note=no+token")
                  .status,
              403);
    const WebAnswer objected =
        call("POST", "/council/policies/acme-edr/1/position?lang=en", council,
             "csrf=" + councilCsrf + "&position=objection&note=" +
                 formEncode("90 days is longer than the agreement allows."));
    ASSERT_EQ(objected.status, 303) << objected.body;
    EXPECT_EQ(objected.location, "/council/policies/acme-edr/1?lang=en");

    const WebAnswer seen = call("GET", "/dpo/policies?lang=en", dpo);
    ASSERT_EQ(seen.status, 200);
    EXPECT_NE(seen.body.find("Objection</strong> – Carla Council"), std::string::npos) << seen.body;
    EXPECT_NE(seen.body.find("90 days is longer than the agreement allows."), std::string::npos);
    EXPECT_EQ(seen.body.find("no token"), std::string::npos);
}

} // namespace
} // namespace indblik
