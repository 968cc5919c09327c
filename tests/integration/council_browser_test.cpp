// The works council's report pages in a real browser: headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core from tests/browser/council.mjs) against a real
// indblik-server process over real TLS, on the seeded workplace whose figures are known
// (server/council_seed.h: Udvikling 30 people, Salg 12, Jura 3).
//
// The browser signs in through the form, makes reports for a unit and for the workplace, checks
// the numbers and the hidden marks, downloads the CSV, switches to Danish and prints. Runs on
// SQLite and again on PostgreSQL under ctest's postgres fixture. Screenshots go to
// INDBLIK_BROWSER_ARTIFACTS (the build dir).

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "council_seed.h"
#include "server_process.h"
#include "test_database.h"
#include "web_browser.h"

using namespace Poco::Data::Keywords;

namespace indblik {
namespace {

using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
namespace fs = std::filesystem;

const std::string kPassword = "correct horse battery staple";

class CouncilBrowserTest : public testing::WebServerTest {
protected:
    CouncilBrowserTest() : WebServerTest("indblik-councilbrowser") {}

    void beforeStart() override {
        auto db = m_db.open();
        server::testing::CouncilSeed seed(*db);
        seed.all();
    }
};

TEST_F(CouncilBrowserTest, AMemberSignsInAndReadsReportsInChromium) {
    const fs::path browserDir = INDBLIK_BROWSER_DIR;
    ASSERT_TRUE(fs::exists(browserDir / "node_modules" / "playwright-core"))
        << "run `npm ci` in " << browserDir << " (scripts/indblik test does)";
    ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "apt-get install chromium";
    const Outcome made = admin(
        {"create-user", "carla", "--role", "council", "--name", "Carla Council"}, kPassword + "\n");
    ASSERT_EQ(made.exitCode, 0) << made.err;

    const char* pg = std::getenv("INDBLIK_TEST_POSTGRES");
    const fs::path artifacts =
        fs::path(INDBLIK_BROWSER_ARTIFACTS) / (pg && *pg ? "postgresql" : "sqlite");
    fs::remove_all(artifacts); // this run's screenshots only
    fs::create_directories(artifacts);
    const Outcome run = testing::runProgram(
        {"/usr/bin/env", "node", (browserDir / "council.mjs").string(), "--url",
         "https://127.0.0.1:" + std::to_string(m_server->enrollPort()), "--ca",
         (m_server->dataDir() / "ca.crt").string(), "--login", "carla", "--artifacts",
         artifacts.string(), "--downloads", (m_dir / "downloads").string()},
        m_dir, std::chrono::seconds(120), kPassword + "\n");
    EXPECT_EQ(run.exitCode, 0) << "--- council.mjs stdout ---\n"
                               << run.out << "\n--- stderr ---\n"
                               << run.err;
    std::cout << run.out;
    // Every report the browser asked for is in the log with who asked: Udvikling five times
    // (page, CSV, its trends from February to March as page and CSV, Danish), the workplace once;
    // Jura refused (and the drill-down, for 1-31 Jan, and January to March after January: the
    // guard over time).
    auto db = m_db.open();
    Poco::Int64 released = -1;
    Poco::Int64 refused = -1;
    Poco::Int64 overTime = -1;
    ASSERT_TRUE(db->read("count the log", [&](Poco::Data::Session& s) {
                      s << "SELECT COUNT(*) FROM released_reports WHERE asked_by = 'carla' "
                           "AND outcome = 'released'",
                          into(released), now;
                      s << "SELECT COUNT(*) FROM released_reports WHERE asked_by = 'carla' "
                           "AND outcome = 'refused' AND scope = 'unit:Jura'",
                          into(refused), now;
                      s << "SELECT COUNT(*) FROM released_reports WHERE asked_by = 'carla' "
                           "AND outcome = 'refused' AND scope = 'unit:Udvikling' AND reason "
                           "LIKE 'refused: a report for the same scope and an overlapping%'",
                          into(overTime), now;
                  }).ok());
    EXPECT_EQ(released, 6);
    EXPECT_EQ(refused, 1);
    EXPECT_EQ(overTime, 1);

    // The same alerts on the command line; above the set share the undeclared one goes.
    const Outcome alerts = admin({"council-alerts"});
    ASSERT_EQ(alerts.exitCode, 0) << alerts.err;
    EXPECT_EQ(alerts.out, "undeclared_share\t2026-01-04T08:00:00.000Z\tUndeclared monitoring on "
                          "17 of 45 computers, more than the alert share of 5 %.\n"
                          "overdue_requests\t2026-01-20T23:59:59.999Z\t1 request from an "
                          "employee is open past its due date.\n");
    ASSERT_EQ(admin({"set-council-alert-share", "40"}).exitCode, 0);
    const Outcome fewer = admin({"council-alerts", "--lang", "da"});
    EXPECT_EQ(fewer.out, "overdue_requests\t2026-01-20T23:59:59.999Z\t1 anmodning fra en "
                         "medarbejder er åben efter fristen.\n");
}

} // namespace
} // namespace indblik
