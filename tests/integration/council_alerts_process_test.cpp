// Works-council alerts that arrive, end to end: a real indblik-server process with
// --alerts-config pointing its SMTP at a sink in this test (a real TCP socket speaking SMTP,
// server/smtp_sink.h) records each alert once and mails it once to every council member with an
// address; a sink that is down loses nothing; the council page marks what is new since the
// member's last visit and lists what was resolved. Bad settings stop the start with the setting
// named. Runs on SQLite, and on PostgreSQL under ctest's postgres fixture
// (pg.CouncilAlertsProcessTest.*).

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <Poco/Net/MailMessage.h>

#include <gtest/gtest.h>

#include "json_reader.h"
#include "server_process.h"
#include "smtp_sink.h"
#include "test_database.h"
#include "web_browser.h"

namespace indblik {
namespace {

using server::testing::SmtpSink;
using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
using testing::WebAnswer;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kPassword = "correct horse battery staple";

// A policy published directly to take effect tomorrow: short notice, an alert for the council.
std::string shortNoticePolicy(const std::string& id) {
    const std::string today = json::formatIsoDate(json::todayUtc());
    const std::string tomorrow = json::formatIsoDate(json::todayUtc() + 1);
    return R"({"format": "indblik.policy/1", "id": ")" + id +
           R"(", "system": "Acme EDR",)"
           R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": ["keystrokes"],)"
           R"( "purposes": {"en": "Find attacks.", "da": "Finde angreb."},)"
           R"( "legal_basis": {"en": "Legitimate interest.", "da": "Legitim interesse."},)"
           R"( "retention_days": 90, "access": [{"role": {"en": "IT security", "da": "IT"},)"
           R"( "level": "individual"}], "announced": ")" +
           today + R"(", "effective": ")" + tomorrow +
           R"(", "short_notice_reason": {"en": "Licence audit", "da": "Licensrevision"},)"
           R"( "contact": {"name": "DPO", "email": "dpo@example.com"}})";
}

std::string body(const server::testing::SinkMail& m) {
    std::istringstream in(m.data);
    Poco::Net::MailMessage message;
    message.read(in);
    return message.getContent();
}

// Each test starts the server itself, with its own alert settings.
class CouncilAlertsProcessTest : public testing::WebServerTest {
protected:
    CouncilAlertsProcessTest() : WebServerTest("indblik-councilalerts", false) {}

    fs::path config(const std::string& text) {
        const fs::path path = m_dir / "alerts.conf";
        std::ofstream(path) << text;
        return path;
    }

    void member(const std::string& login, const std::string& address, const std::string& lang) {
        const Outcome made =
            admin({"create-user", login, "--role", "council", "--name", login}, kPassword + "\n");
        ASSERT_EQ(made.exitCode, 0) << made.err;
        if (address.empty()) {
            return;
        }
        std::vector<std::string> set = {"set-account-email", login, address};
        if (!lang.empty()) {
            set.insert(set.end(), {"--lang", lang});
        }
        const Outcome done = admin(set);
        ASSERT_EQ(done.exitCode, 0) << done.err;
    }

    void publish(const std::string& id) {
        const fs::path file = m_dir / (id + ".json");
        std::ofstream(file) << shortNoticePolicy(id);
        const Outcome published = admin({"publish-policy", file.string()});
        ASSERT_EQ(published.exitCode, 0) << published.err;
    }

    // Polls `admin council-alerts --all` until its output has text (the server runs every 1 s).
    bool historyShows(const std::string& text) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (std::chrono::steady_clock::now() < deadline) {
            if (admin({"council-alerts", "--all"}).out.find(text) != std::string::npos) {
                return true;
            }
            std::this_thread::sleep_for(100ms);
        }
        return false;
    }

    WebAnswer page(const std::string& cookies) {
        return testing::webCall(*m_server, "GET", "/council/reports?lang=en", cookies);
    }
};

TEST_F(CouncilAlertsProcessTest, EachNewAlertIsMailedOnceToEachMemberWithAnAddress) {
    auto sink = std::make_unique<SmtpSink>();
    const int port = sink->port();
    const fs::path conf = config("interval = 1s\npublic_url = https://indblik.test:8444/\n"
                                 "smtp.host = 127.0.0.1\nsmtp.port = " +
                                 std::to_string(port) + "\nsmtp.from = indblik@workplace.test\n");
    startServer({"--alerts-config", conf.string()});
    member("carla", "carla@council.test", "en");
    member("dora", "dora@council.test", "");
    member("finn", "", "");
    const std::string carla = testing::webSignIn(*m_server, "carla", kPassword);
    ASSERT_FALSE(carla.empty());
    EXPECT_EQ(page(carla).body.find("id=\"alerts\""), std::string::npos) << "no alerts yet";

    publish("edr-a");
    ASSERT_TRUE(sink->waitFor(2, 10s)) << sink->mails().size() << " mails";
    ASSERT_TRUE(historyShows("short_notice\tshort_notice:edr-a:v1\t2/2\t"));
    std::this_thread::sleep_for(1500ms); // a run or two more: still two
    auto mails = sink->mails();
    ASSERT_EQ(mails.size(), 2u);
    std::set<std::string> to;
    for (const auto& m : mails) {
        ASSERT_EQ(m.to.size(), 1u);
        to.insert(m.to[0]);
        const std::string text = body(m);
        EXPECT_NE(text.find("Policy edr-a v1 takes effect"), std::string::npos) << text;
        EXPECT_NE(text.find("https://indblik.test:8444/council/reports?lang=en"), std::string::npos)
            << text;
        if (m.to[0] == "dora@council.test") {
            EXPECT_NE(text.find("Politik edr-a v1 træder i kraft"), std::string::npos) << text;
        } else {
            EXPECT_EQ(text.find("Politik"), std::string::npos) << "English only:\n" << text;
        }
    }
    EXPECT_EQ(to, (std::set<std::string>{"carla@council.test", "dora@council.test"}));

    // The page: new since the last visit (the first); on the next visit no longer.
    const WebAnswer first = page(carla);
    ASSERT_EQ(first.status, 200);
    EXPECT_NE(first.body.find("<li class=\"alert-short_notice new\"><strong class=\"new\">New:"),
              std::string::npos)
        << first.body;
    const WebAnswer second = page(carla);
    EXPECT_NE(second.body.find("<li class=\"alert-short_notice\">Policy edr-a v1"),
              std::string::npos)
        << second.body;
    EXPECT_NE(second.body.find("0 new since your last visit on "), std::string::npos);

    // The sink goes down; a second alert is raised and kept, its mail owed and not lost.
    sink->stop();
    publish("edr-b");
    ASSERT_TRUE(historyShows("short_notice\tshort_notice:edr-b:v1\t0/2\t"));
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (readText(m_server->errPath()).find("council alert mail not sent") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_NE(readText(m_server->errPath()).find("council alert mail not sent, will try again"),
              std::string::npos);
    sink = std::make_unique<SmtpSink>(static_cast<Poco::UInt16>(port));
    ASSERT_TRUE(sink->waitFor(2, 10s)) << sink->mails().size() << " mails after the restart";
    ASSERT_TRUE(historyShows("short_notice\tshort_notice:edr-b:v1\t2/2\t"));
    for (const auto& m : sink->mails()) {
        EXPECT_NE(body(m).find("edr-b"), std::string::npos) << "only the one owed: " << body(m);
    }
    EXPECT_EQ(sink->mails().size(), 2u);

    // Retired, edr-a's alert clears and is listed as resolved.
    ASSERT_EQ(admin({"policy-retire", "edr-a"}).exitCode, 0);
    ASSERT_TRUE(historyShows("Z\tshort_notice\tshort_notice:edr-a:v1\t2/2\t")); // cleared
    const auto cleared = std::chrono::steady_clock::now() + 10s;
    std::string resolved;
    while (std::chrono::steady_clock::now() < cleared) {
        resolved = page(carla).body;
        if (resolved.find("id=\"resolved-alerts\"") != std::string::npos) {
            break;
        }
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_NE(resolved.find("<h2>Resolved since "), std::string::npos) << resolved;
    EXPECT_NE(resolved.find("Policy edr-a v1"), std::string::npos) << resolved;
    const WebAnswer danish = testing::webCall(*m_server, "GET", "/council/reports?lang=da", carla);
    EXPECT_NE(danish.body.find("<h2>Løst siden "), std::string::npos) << danish.body;
    EXPECT_NE(admin({"council-alerts", "--all"})
                  .out.find("holding\tshort_notice\tshort_notice:"
                            "edr-b:v1"),
              std::string::npos);
    EXPECT_EQ(sink->mails().size(), 2u) << "clearing mails no one";
}

TEST_F(CouncilAlertsProcessTest, BadSettingsStopTheStartNamingTheSetting) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"smtp.host = 127.0.0.1\nsmtp.port = 0\nsmtp.from = a@b.test\n", "smtp.port"},
        {"smtp.host = 127.0.0.1\n", "smtp.from is required"},
        {"smtp.host = 127.0.0.1\nsmtp.from = a@b.test\nsmtp.starttls = yes\nsmtp.user = u\n"
         "smtp.password_file = /nonexistent/pw\n",
         "smtp.password_file: cannot read /nonexistent/pw"},
    };
    for (const auto& [text, named] : cases) {
        const fs::path conf = config(text);
        const Outcome run = testing::runProgram(
            {INDBLIK_SERVER_BIN, "run", "--data-dir", (m_dir / "data").string(), "--database",
             m_db.location(), "--listen", "127.0.0.1", "--agent-port", "0", "--enroll-port", "0",
             "--alerts-config", conf.string()},
            m_dir, 20s);
        EXPECT_EQ(run.exitCode, 78) << run.err; // EX_CONFIG
        EXPECT_NE(run.err.find(named), std::string::npos) << run.err;
        EXPECT_FALSE(fs::exists(m_dir / "data" / "listening.json"));
    }
}

} // namespace
} // namespace indblik
