// Works-council alerts that arrive: the history on the seeded workplace of council_seed.h (a
// real SQLite file, or PostgreSQL under the postgres label) raises an alert once, clears it and
// raises it again; the mail owed goes to a real SMTP socket (smtp_sink.h), once per new alert per
// council member with an address, in their language, with no hidden number; a sink that is down
// loses nothing. And the settings file: every mistake named.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include <Poco/Data/Session.h>
#include <Poco/Net/MailMessage.h>

#include <gtest/gtest.h>

#include "admin.h"
#include "cli.h"
#include "council_alerts.h"
#include "council_report.h"
#include "council_seed.h"
#include "smtp_sink.h"
#include "test_database.h"
#include "test_time_zone.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

const std::string kFeb1 = "2026-02-01T00:00:00.000Z";

std::string settingsError(const std::string& text) {
    auto s = parseAlertSettings(text, "alerts.conf");
    return s ? std::string("(accepted)") : s.error();
}

TEST(AlertSettingsTest, AGoodFileAndEachMistakeNamed) {
    auto good = parseAlertSettings("# mail\ninterval = 90s\npublic_url = https://x.test:8444/\n"
                                   "smtp.host = mail.test\nsmtp.port = 587\n"
                                   "smtp.from = indblik@x.test\nsmtp.starttls = yes\n",
                                   "alerts.conf");
    ASSERT_TRUE(good.ok()) << good.error();
    EXPECT_EQ(good->intervalSeconds, 90);
    EXPECT_EQ(good->publicUrl, "https://x.test:8444");
    EXPECT_EQ(good->smtp.port, 587);
    EXPECT_TRUE(good->smtp.starttls);
    EXPECT_TRUE(good->mail());
    auto none = parseAlertSettings("", "alerts.conf");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->mail());
    EXPECT_EQ(none->intervalSeconds, kDefaultAlertIntervalSeconds);

    EXPECT_EQ(settingsError("smtp.host = m\nsmtp.from = a@b\nsmtp.port = 0\n"),
              "alerts.conf line 3: smtp.port: expected a port from 1 to 65535, got \"0\"");
    EXPECT_EQ(settingsError("smtp.host = m\n"),
              "alerts.conf: smtp.from is required when smtp.host is set");
    EXPECT_EQ(settingsError("smtp.port = 25\n"),
              "alerts.conf: smtp.host is required when other smtp settings are given");
    EXPECT_EQ(settingsError("smtp.from = not-an-address\n"),
              "alerts.conf line 1: smtp.from: expected an e-mail address, got \"not-an-address\"");
    EXPECT_EQ(settingsError("interval = 0s\n"),
              "alerts.conf line 1: interval: expected a duration from 1s to 1d such as 90s, 15m "
              "or 1h, got \"0s\"");
    EXPECT_EQ(settingsError("smtp.hots = m\n"),
              "alerts.conf line 1: unknown setting \"smtp.hots\"");
    EXPECT_NE(settingsError("smtp.password = hunter2\n").find("smtp.password_file"),
              std::string::npos);
    EXPECT_EQ(settingsError("smtp.password = hunter2\n").find("hunter2"), std::string::npos);
    EXPECT_EQ(settingsError("smtp.host = m\nsmtp.from = a@b\nsmtp.user = u\n"
                            "smtp.password_file = /p\n"),
              "alerts.conf: smtp.user needs smtp.starttls = yes (the password is not sent "
              "unencrypted)");
    EXPECT_EQ(settingsError("interval = 1m\ninterval = 2m\n"),
              "alerts.conf line 2: interval: given twice");
    EXPECT_FALSE(plausibleMailAddress("a@b\r\nBcc: x@y"));
    EXPECT_FALSE(plausibleMailAddress("Carla <carla@x.test>"));
    EXPECT_TRUE(plausibleMailAddress("carla.council@x.test"));
}

TEST(AlertSettingsTest, ThePasswordFileMustBeTheServersAlone) {
    testing::TestDatabase scratchOwner;
    const auto dir = scratchOwner.scratch();
    const auto password = dir / "smtp-password";
    std::ofstream(password) << "s3cret\n";
    const auto conf = dir / "alerts.conf";
    std::ofstream(conf) << "smtp.host = m.test\nsmtp.from = a@b.test\nsmtp.starttls = yes\n"
                           "smtp.user = indblik\nsmtp.password_file = "
                        << password.string() << "\n";
    ::chmod(password.c_str(), 0644);
    auto open = readAlertSettings(conf.string());
    ASSERT_FALSE(open.ok());
    EXPECT_NE(open.error().find("smtp.password_file: " + password.string() +
                                " may be read by others; make it mode 0600"),
              std::string::npos)
        << open.error();
    ::chmod(password.c_str(), 0600);
    auto closed = readAlertSettings(conf.string());
    ASSERT_TRUE(closed.ok()) << closed.error();
    EXPECT_EQ(closed->smtp.password, "s3cret");
    EXPECT_FALSE(readAlertSettings((dir / "missing.conf").string()).ok());
}

class CouncilAlertHistoryTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_seed = std::make_unique<testing::CouncilSeed>(*m_db);
        m_seed->all();
        // Council members: Carla reads English, Dora has no language (both), Finn has no
        // address; Emil is an employee with an address, Gerd a disabled council member.
        ASSERT_TRUE(
            m_db->write("add accounts",
                        [](Poco::Data::Session& s) {
                            s << "INSERT INTO accounts (account_id, login, display_name, role, "
                                 "created_at, created_by, disabled_at) VALUES ('a1', 'carla', "
                                 "'Carla', 'council', 't', 'test', NULL), ('a2', 'dora', 'Dora', "
                                 "'council', 't', 'test', NULL), ('a3', 'finn', 'Finn', "
                                 "'council', 't', 'test', NULL), ('a4', 'emil', 'Emil', "
                                 "'employee', 't', 'test', NULL), ('a5', 'gerd', 'Gerd', "
                                 "'council', 't', 'test', 't')",
                                now;
                            return true;
                        })
                .ok());
        ASSERT_TRUE(setAccountEmail(*m_db, "carla", "carla@council.test", "en").ok());
        ASSERT_TRUE(setAccountEmail(*m_db, "dora", "dora@council.test", "").ok());
        ASSERT_TRUE(setAccountEmail(*m_db, "emil", "emil@staff.test", "").ok());
        ASSERT_TRUE(setAccountEmail(*m_db, "gerd", "gerd@council.test", "").ok());
        EXPECT_FALSE(setAccountEmail(*m_db, "nobody", "x@y.test", "").ok());
        EXPECT_FALSE(setAccountEmail(*m_db, "carla", "carla@x\nBcc: z@y", "").ok());
    }

    std::int64_t scalar(const std::string& sql) {
        Poco::Int64 n = -1;
        EXPECT_TRUE(
            m_db->read("count", [&](Poco::Data::Session& s) { s << sql, into(n), now; }).ok());
        return n;
    }

    AlertSettings sinkSettings(int port) {
        AlertSettings s;
        s.smtp.host = "127.0.0.1";
        s.smtp.port = port;
        s.smtp.from = "indblik@workplace.test";
        s.publicUrl = "https://indblik.workplace.test:8444";
        return s;
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<testing::CouncilSeed> m_seed;
};

// As of 1 February the seed has undeclared monitoring on 17 of 45 computers and an overdue
// request (council_report_test.cpp).
TEST_F(CouncilAlertHistoryTest, RaisedOnceClearedAndRaisedAgain) {
    auto first = recordCouncilAlerts(*m_db, kFeb1);
    ASSERT_TRUE(first.ok()) << first.error();
    ASSERT_EQ(first->raised.size(), 2u);
    EXPECT_EQ(first->raised[0].key, "undeclared_share");
    EXPECT_EQ(first->raised[1].key, "overdue_requests");
    // Owed to Carla and Dora only: Finn has no address, Emil is no council member, Gerd is
    // disabled.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM council_alert_mail"), 4);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM council_alert_mail WHERE account_id IN ('a1', 'a2')"),
              4);

    // Still holding an hour later: not raised again, only seen.
    auto again = recordCouncilAlerts(*m_db, "2026-02-01T01:00:00.000Z");
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_TRUE(again->raised.empty());
    EXPECT_TRUE(again->cleared.empty());
    EXPECT_EQ(again->holding, 2u);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM council_alerts"), 2);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM council_alert_mail"), 4);

    // Above the share the undeclared alert no longer holds: cleared, the other one stays.
    ASSERT_TRUE(setCouncilAlertShare(*m_db, 38, "test").ok());
    auto cleared = recordCouncilAlerts(*m_db, "2026-02-02T00:00:00.000Z");
    ASSERT_TRUE(cleared.ok()) << cleared.error();
    ASSERT_EQ(cleared->cleared.size(), 1u);
    EXPECT_EQ(cleared->cleared[0].key, "undeclared_share");
    EXPECT_EQ(cleared->cleared[0].clearedAt, "2026-02-02T00:00:00.000Z");
    EXPECT_TRUE(cleared->raised.empty());

    // Back under the share: a new spell, raised and owed again.
    ASSERT_TRUE(setCouncilAlertShare(*m_db, 5, "test").ok());
    auto back = recordCouncilAlerts(*m_db, "2026-02-03T00:00:00.000Z");
    ASSERT_TRUE(back.ok()) << back.error();
    ASSERT_EQ(back->raised.size(), 1u);
    EXPECT_EQ(back->raised[0].key, "undeclared_share");
    EXPECT_NE(back->raised[0].id, first->raised[0].id);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM council_alert_mail"), 6);

    auto history = councilAlertHistory(*m_db, true);
    ASSERT_TRUE(history.ok()) << history.error();
    ASSERT_EQ(history->size(), 3u);
    EXPECT_EQ(history->at(0).raisedAt, "2026-02-03T00:00:00.000Z");
    EXPECT_TRUE(history->at(0).clearedAt.empty());
    EXPECT_EQ(history->at(0).mailsOwed, 2);
    // Without all: the holding ones, and those cleared since the date given.
    EXPECT_EQ(councilAlertHistory(*m_db, false).value().size(), 2u);
    EXPECT_EQ(councilAlertHistory(*m_db, false, "2026-02-01T12:00:00.000Z").value().size(), 3u);
    EXPECT_EQ(councilAlertHistory(*m_db, false, "2026-02-02T12:00:00.000Z").value().size(), 2u);

    // The admin command shows the history with --all.
    std::ostringstream out, err;
    std::istringstream in;
    auto cl = parseCommandLine({"admin", "--data-dir", (m_testDb.scratch() / "data").string(),
                                "--database", m_testDb.location(), "council-alerts", "--all"});
    ASSERT_TRUE(cl.ok()) << cl.error();
    ASSERT_EQ(runAdmin(cl->admin, out, err, in), 0) << err.str();
    EXPECT_NE(out.str().find("history (raised, cleared, kind, key, mail sent/owed, text):\n"
                             "2026-02-03T00:00:00.000Z\tholding\tundeclared_share\t"
                             "undeclared_share\t0/2\tUndeclared monitoring on 17 of 45"),
              std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("2026-02-01T00:00:00.000Z\t2026-02-02T00:00:00.000Z\t"
                             "undeclared_share"),
              std::string::npos)
        << out.str();
}

std::string decodedBody(const std::string& data) {
    std::istringstream in(data);
    Poco::Net::MailMessage message;
    message.read(in);
    return message.getContent();
}

TEST_F(CouncilAlertHistoryTest, MailedOncePerNewAlertPerMemberAndNothingLostWhenTheSinkIsDown) {
    // With k = 20 the 17 people behind the undeclared count are too few: the mail must not
    // carry the count either.
    ASSERT_TRUE(setMinGroupSize(*m_db, 20, "test").ok());
    ASSERT_TRUE(recordCouncilAlerts(*m_db, kFeb1).ok());

    // The sink is down: nothing sent, nothing lost.
    int port = 0;
    {
        testing::SmtpSink probe;
        port = probe.port();
    }
    const auto down = deliverAlertMail(*m_db, sinkSettings(port), kFeb1, 60);
    EXPECT_EQ(down.sent, 0u);
    EXPECT_EQ(down.failed, 1u) << "after a failure to connect the rest wait";
    ASSERT_FALSE(down.errors.empty());
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM council_alert_mail WHERE sent_at IS NULL"), 4);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM council_alert_mail WHERE last_error <> ''"), 1);

    testing::SmtpSink sink(static_cast<Poco::UInt16>(port));
    const auto up = deliverAlertMail(*m_db, sinkSettings(port), "2026-02-01T00:15:00.000Z", 60);
    EXPECT_EQ(up.sent, 4u);
    EXPECT_EQ(up.failed, 0u);
    ASSERT_TRUE(sink.waitFor(4, std::chrono::seconds(5)));
    const auto mails = sink.mails();
    ASSERT_EQ(mails.size(), 4u);
    std::map<std::string, int> perRecipient;
    for (const auto& m : mails) {
        ASSERT_EQ(m.to.size(), 1u);
        ++perRecipient[m.to[0]];
        EXPECT_EQ(m.from, "indblik@workplace.test");
        const std::string body = decodedBody(m.data);
        EXPECT_EQ(body.find("17"), std::string::npos) << body;
        EXPECT_NE(m.data.find("Auto-Submitted: auto-generated"), std::string::npos);
        if (m.to[0] == "carla@council.test") {
            EXPECT_NE(m.data.find("Subject: Indblik: alert for the works council"),
                      std::string::npos)
                << m.data;
            EXPECT_EQ(body.find("Kære"), std::string::npos) << "English only: " << body;
            EXPECT_NE(body.find("See the works council's page: "
                                "https://indblik.workplace.test:8444/council/reports?lang=en"),
                      std::string::npos)
                << body;
        } else {
            EXPECT_NE(body.find("Kære Dora"), std::string::npos) << body;
            EXPECT_NE(body.find("Dear Dora"), std::string::npos) << body;
        }
        const bool undeclared = body.find("Undeclared monitoring on more than 5 % of the "
                                          "computers (the number is hidden: fewer than 20 "
                                          "people).") != std::string::npos;
        const bool overdue = body.find("1 request from an employee is open past its due "
                                       "date.") != std::string::npos;
        EXPECT_TRUE(undeclared != overdue) << body;
    }
    EXPECT_EQ(perRecipient["carla@council.test"], 2);
    EXPECT_EQ(perRecipient["dora@council.test"], 2);

    // Sent is sent: the next run sends nothing, and neither does the next raise of nothing new.
    ASSERT_TRUE(recordCouncilAlerts(*m_db, "2026-02-01T01:00:00.000Z").ok());
    const auto after = deliverAlertMail(*m_db, sinkSettings(port), "2026-02-01T01:00:00.000Z", 60);
    EXPECT_EQ(after.sent, 0u);
    EXPECT_EQ(sink.mails().size(), 4u);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM council_alert_mail WHERE sent_at IS NULL"), 0);
}

TEST(AlertMailTest, AMailSentAfterTheAlertClearedSaysSo) {
    AlertRecord a;
    a.kind = "overdue_requests";
    a.key = a.kind;
    a.since = "2026-01-20T23:59:59.999Z";
    a.text = LocalizedText{"1 request from an employee is open past its due date.",
                           "1 anmodning fra en medarbejder er åben efter fristen."};
    a.raisedAt = kFeb1;
    const auto holding = alertMail(a, "Carla", Language::English, "");
    EXPECT_EQ(holding.subject, "Indblik: alert for the works council");
    EXPECT_NE(holding.body.find("Since: 2026-01-20\nRaised: 2026-02-01 00:00 UTC\n\n"),
              std::string::npos)
        << holding.body;
    EXPECT_NE(holding.body.find("Sign in to Indblik and open the works council's page"),
              std::string::npos);
    EXPECT_EQ(holding.body.find("No longer holds"), std::string::npos);
    a.clearedAt = "2026-02-03T10:00:00.000Z";
    const auto both = alertMail(a, "Carla", std::nullopt, "https://x.test");
    EXPECT_NE(both.body.find("Gælder ikke længere siden: 2026-02-03 10:00 UTC"), std::string::npos)
        << both.body;
    EXPECT_NE(both.body.find("No longer holds since: 2026-02-03 10:00 UTC"), std::string::npos);
    EXPECT_LT(both.body.find("Kære Carla"), both.body.find("Dear Carla"));
}

TEST_F(CouncilAlertHistoryTest, AClaimedMailIsLeftToItsClaimant) {
    ASSERT_TRUE(recordCouncilAlerts(*m_db, kFeb1).ok());
    // Another process claimed them a minute ago (and is sending): left alone for the lease.
    ASSERT_TRUE(m_db->write("claim",
                            [](Poco::Data::Session& s) {
                                s << "UPDATE council_alert_mail SET claimed_at = "
                                     "'2026-02-01T00:00:00.000Z'",
                                    now;
                                return true;
                            })
                    .ok());
    testing::SmtpSink sink;
    const auto held =
        deliverAlertMail(*m_db, sinkSettings(sink.port()), "2026-02-01T00:01:00.000Z", 300);
    EXPECT_EQ(held.sent, 0u);
    const auto later =
        deliverAlertMail(*m_db, sinkSettings(sink.port()), "2026-02-01T00:06:00.000Z", 300);
    EXPECT_EQ(later.sent, 4u);
}

} // namespace
} // namespace indblik::server
