// The works council's report pages end to end: a real indblik-server process over real TLS on its
// public port, people imported from a directory CSV and a council member made with the admin
// commands, signing in and posting the report form as a browser does (cookies, CSRF field,
// Origin). Runs on SQLite, and again on PostgreSQL under ctest's postgres fixture
// (pg.CouncilWebProcessTest.*).

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "server_process.h"
#include "test_database.h"
#include "web_browser.h"

namespace indblik {
namespace {

using testing::inputValue;
using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
using testing::WebAnswer;
namespace fs = std::filesystem;

const std::string kPassword = "correct horse battery staple";

class CouncilWebProcessTest : public testing::WebServerTest {
protected:
    CouncilWebProcessTest() : WebServerTest("indblik-councilweb") {}
};

TEST_F(CouncilWebProcessTest, AMemberAsksForReportsAndASmallUnitIsRefused) {
    // Salg: 12 people; Jura: 3.
    const fs::path csv = m_dir / "people.csv";
    {
        std::ofstream out(csv);
        out << "employee_number,name,email,org_unit,username\n";
        for (int i = 0; i < 15; ++i) {
            out << 1000 + i << ",Person " << i << ",," << (i < 12 ? "Salg" : "Jura") << ",u" << i
                << "\n";
        }
    }
    const Outcome imported = admin({"import-directory", csv.string()});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    const Outcome made = admin(
        {"create-user", "carla", "--role", "council", "--name", "Carla Council"}, kPassword + "\n");
    ASSERT_EQ(made.exitCode, 0) << made.err;
    const std::string council = testing::webSignIn(*m_server, "carla", kPassword);
    ASSERT_FALSE(council.empty());

    const WebAnswer home = call("GET", "/?lang=en", council);
    EXPECT_NE(home.body.find("href=\"/council/reports\""), std::string::npos) << home.body;
    const WebAnswer form = call("GET", "/council/reports?lang=en", council);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_NE(form.body.find("<option value=\"unit:Jura\">Jura</option>"), std::string::npos);
    const std::string csrf = inputValue(form.body, "csrf");
    ASSERT_EQ(csrf.size(), 64u);

    // Without the session's token: refused before anything is computed or logged.
    const std::string salg = "scope=unit%3ASalg&from=2026-01-01&to=2026-02-01";
    EXPECT_EQ(call("POST", "/council/reports?lang=en", council, salg).status, 403);

    const WebAnswer report =
        call("POST", "/council/reports?lang=en", council, "csrf=" + csrf + "&" + salg);
    ASSERT_EQ(report.status, 200) << report.body;
    EXPECT_NE(report.body.find("<h1>Salg, 2026-01-01 – 2026-02-01</h1>"), std::string::npos);
    EXPECT_NE(report.body.find("<th scope=\"row\">Salg</th><td class=\"num\">12</td>"),
              std::string::npos)
        << report.body;

    const WebAnswer csvAnswer = call("POST", "/council/reports?lang=da", council,
                                     "csrf=" + csrf + "&" + salg + "&format=csv");
    ASSERT_EQ(csvAnswer.status, 200) << csvAnswer.body;
    EXPECT_EQ(csvAnswer.contentType, "text/csv; charset=utf-8");
    EXPECT_NE(csvAnswer.body.find("Overblik,Salg,Personer,12\r\n"), std::string::npos)
        << csvAnswer.body;

    const WebAnswer jura =
        call("POST", "/council/reports?lang=en", council,
             "csrf=" + csrf + "&scope=unit%3AJura&from=2026-01-01&to=2026-02-01");
    EXPECT_EQ(jura.status, 409);
    EXPECT_NE(jura.body.find("the group has fewer people than the minimum group size 10"),
              std::string::npos)
        << jura.body;
    EXPECT_EQ(jura.body.find("<table"), std::string::npos);

    // The whole workplace minus Salg would be Jura's three: refused for the same period.
    const WebAnswer all = call("POST", "/council/reports?lang=en", council,
                               "csrf=" + csrf + "&scope=all&from=2026-01-01&to=2026-02-01");
    EXPECT_EQ(all.status, 409) << all.body;
    EXPECT_NE(all.body.find("differs by fewer than 10 people"), std::string::npos) << all.body;
    EXPECT_EQ(all.body.find("3 people"), std::string::npos) << "Jura's size: " << all.body;

    // The command line sees the same rules and the log: four released or refused so far.
    const Outcome cli = admin({"council-report", "--unit", "Salg", "--from", "2026-01-01", "--to",
                               "2026-02-01", "--as", "carla", "--format", "csv"});
    ASSERT_EQ(cli.exitCode, 0) << cli.err;
    EXPECT_NE(cli.out.find("Summary,Salg,People,12\r\n"), std::string::npos) << cli.out;
}

} // namespace
} // namespace indblik
