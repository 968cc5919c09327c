// The works council's report on a seeded workplace: three units (30, 12 and 3 people), each
// person with one computer whose agent sent real ledger batches, requests and access events in
// January 2026. Checks the figures, that small cells are hidden together with what would give
// them away, the differencing guard across reports, the log, and the admin commands.

#include <sstream>

#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include "admin.h"
#include "cli.h"
#include "council_report.h"
#include "council_seed.h"
#include "council_web.h"
#include "ledger.h"
#include "policy_lifecycle.h"
#include "server_store.h"
#include "test_database.h"
#include "test_time_zone.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

const ReportTable& table(const CouncilReport& r, const std::string& id) {
    for (const auto& t : r.tables) {
        if (t.id == id) {
            return t;
        }
    }
    throw std::runtime_error("no table " + id);
}

// The figure at (row key, column key).
const ReportFigure& at(const ReportTable& t, const std::string& row, const std::string& column) {
    for (std::size_t r = 0; r < t.rowKeys.size(); ++r) {
        if (t.rowKeys[r] != row) {
            continue;
        }
        for (std::size_t c = 0; c < t.columnKeys.size(); ++c) {
            if (t.columnKeys[c] == column) {
                return t.cells[r][c];
            }
        }
    }
    throw std::runtime_error("no cell " + row + "/" + column + " in " + t.id);
}

std::int64_t count(const ReportFigure& f) {
    if (f.hidden || !f.count) {
        throw std::runtime_error("the figure is hidden or not a count");
    }
    return *f.count;
}

class CouncilReportTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        // The workplace of server/council_seed.h; its policy was published in October 2025, so
        // it is in effect all through the January the tests report on.
        m_seed = std::make_unique<testing::CouncilSeed>(*m_db);
        m_seed->all();
        ASSERT_TRUE(
            m_db->write("add accounts",
                        [](Poco::Data::Session& s) {
                            s << "INSERT INTO accounts (account_id, login, display_name, role, "
                                 "created_at, created_by) VALUES ('a1', 'carla', 'Carla', "
                                 "'council', 't', 'test'), ('a2', 'emil', 'Emil', 'employee', "
                                 "'t', 'test')",
                                now;
                            return true;
                        })
                .ok());
    }

    CouncilReportOutcome report(bool all, const std::string& unit,
                                const std::string& from = "2026-01-01",
                                const std::string& to = "2026-02-01") {
        CouncilReportRequest r;
        r.all = all;
        r.unit = unit;
        r.from = from;
        r.to = to;
        r.askedBy = "carla";
        r.askedRole = "council";
        CouncilReports reports(*m_db, [] { return std::string("2026-03-01T12:00:00.000Z"); });
        return reports.generate(r);
    }

    std::int64_t scalar(const std::string& sql) {
        Poco::Int64 n = -1;
        EXPECT_TRUE(
            m_db->read("count", [&](Poco::Data::Session& s) { s << sql, into(n), now; }).ok());
        return n;
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<testing::CouncilSeed> m_seed;
};

TEST_F(CouncilReportTest, AUnitsFiguresWithTheSmallOnesHiddenAndNotDerivable) {
    auto o = report(false, "Udvikling");
    ASSERT_TRUE(o.ok()) << o.error;
    const auto& r = *o.report;
    EXPECT_EQ(r.minGroupSize, 10);

    const auto& summary = table(r, "summary");
    EXPECT_EQ(count(at(summary, "unit:Udvikling", "people")), 30);
    EXPECT_EQ(count(at(summary, "unit:Udvikling", "computers")), 30);
    EXPECT_EQ(count(at(summary, "unit:Udvikling", "computers_reported")), 25);
    EXPECT_EQ(count(at(summary, "unit:Udvikling", "people_undeclared")), 14);
    // 25 of 30 reported: the 5 who did not are fewer than k, so a band, not 83 %.
    EXPECT_EQ(at(summary, "unit:Udvikling", "coverage").text, "over 66 %");
    EXPECT_EQ(at(summary, "unit:Udvikling", "undeclared_share").text, "47 %");

    const auto& systems = table(r, "systems");
    EXPECT_EQ(count(at(systems, "product:crowdstrike-falcon", "computers")), 30);
    EXPECT_EQ(at(systems, "product:crowdstrike-falcon", "declared").text, "yes");
    EXPECT_EQ(count(at(systems, "product:hubstaff", "people")), 12);
    EXPECT_TRUE(at(systems, "product:teramind", "people").hidden) << "2 people";
    EXPECT_TRUE(at(systems, "product:teramind", "declared").hidden);

    const auto& categories = table(r, "categories");
    EXPECT_EQ(count(at(categories, "security_telemetry", "people")), 30);
    EXPECT_TRUE(at(categories, "keystrokes", "people").hidden);

    // Undeclared: Teramind's 2 are hidden, and so is what total minus Hubstaff would give.
    const auto& undeclared = table(r, "undeclared");
    EXPECT_TRUE(at(undeclared, "product:teramind", "observations").hidden);
    EXPECT_TRUE(at(undeclared, "product:hubstaff", "observations").hidden ||
                at(undeclared, "total", "observations").hidden);

    // Requests: the 2 objections hidden, and the questions (11, the smallest other row) with
    // them, so no column total minus the visible rows gives them; copies shown with their median.
    const auto& requests = table(r, "requests");
    EXPECT_EQ(count(at(requests, "copy", "received")), 12);
    EXPECT_EQ(at(requests, "copy", "median_days").text, "5.0");
    EXPECT_EQ(count(at(requests, "total", "received")), 25);
    EXPECT_EQ(count(at(requests, "total", "answered")), 24);
    EXPECT_EQ(at(requests, "total", "median_days").text, "5.0");
    EXPECT_TRUE(at(requests, "total", "open").hidden) << "1 open, from 1 person";
    EXPECT_TRUE(at(requests, "question", "received").hidden);
    EXPECT_TRUE(at(requests, "question", "median_days").hidden);
    EXPECT_TRUE(at(requests, "objection", "received").hidden);
    EXPECT_TRUE(at(requests, "objection", "overdue").hidden);
    EXPECT_TRUE(at(requests, "total", "overdue").hidden) << "1 overdue, from 1 person";
    for (const std::string column : {"received", "answered", "open", "overdue"}) {
        std::int64_t visible = 0;
        int hidden = 0;
        for (const std::string type : {"question", "copy", "correction", "objection", "deletion"}) {
            const auto& f = at(requests, type, column);
            hidden += f.hidden ? 1 : 0;
            visible += f.hidden ? 0 : *f.count;
        }
        const auto& total = at(requests, "total", column);
        EXPECT_TRUE(hidden == 0 || total.hidden || hidden >= 2) << column;
    }

    // Reads: the one refused council attempt is hidden, with the smallest row (the DPO's ten
    // reads with a reason) as its partner; the twelve reads for requests stay.
    const auto& access = table(r, "access");
    EXPECT_EQ(count(at(access, "dpo/request", "read")), 12);
    EXPECT_TRUE(at(access, "dpo/reason", "read").hidden);
    EXPECT_TRUE(at(access, "council/no_reason", "refused").hidden);
    EXPECT_TRUE(at(access, "council/no_reason", "total").hidden);
    EXPECT_TRUE(at(access, "total", "refused").hidden);

    const auto& policies = table(r, "policies");
    ASSERT_EQ(policies.rows.size(), 1u);
    EXPECT_EQ(at(policies, "edr@1", "system").text, "Falcon EDR");
    EXPECT_EQ(at(policies, "edr@1", "phase").text, "in effect");
    EXPECT_EQ(at(policies, "edr@1", "effective").text, "2025-11-15");
    EXPECT_EQ(at(policies, "edr@1", "notice").text, "kept");
}

// Udvikling from January to March (server/council_seed.h): March's computers, requests and
// reads come from 3, 3 and 2 people, so March is hidden; February's requests and reads go with
// it (the total minus January would be March), its computers stay (a computer reports in many
// months: no sum line). The undeclared people are the same 14 in every month.
TEST_F(CouncilReportTest, TrendsByMonthHideASmallMonthAndWhatTheTotalWouldGiveAway) {
    auto o = report(false, "Udvikling", "2026-01-01", "2026-04-01");
    ASSERT_TRUE(o.ok()) << o.error;
    const auto& trends = table(*o.report, "trends");
    ASSERT_EQ(trends.rowKeys, (std::vector<std::string>{"2026-01", "2026-02", "2026-03", "total"}));
    EXPECT_EQ(trends.rows[2].en, "March 2026");
    EXPECT_EQ(trends.rows[2].da, "marts 2026");
    EXPECT_EQ(count(at(trends, "2026-01", "computers_reported")), 30);
    EXPECT_EQ(count(at(trends, "2026-02", "computers_reported")), 30);
    EXPECT_TRUE(at(trends, "2026-03", "computers_reported").hidden) << "3 computers, 3 people";
    EXPECT_EQ(count(at(trends, "total", "computers_reported")), 30) << "not 63";
    for (const std::string month : {"2026-01", "2026-02", "2026-03", "total"}) {
        EXPECT_EQ(count(at(trends, month, "people_undeclared")), 14) << month;
        EXPECT_EQ(count(at(trends, month, "observations_undeclared")), 14) << month;
        EXPECT_EQ(at(trends, month, "undeclared_share").text, "47 %") << month;
    }
    EXPECT_EQ(count(at(trends, "2026-01", "requests_received")), 25);
    EXPECT_TRUE(at(trends, "2026-02", "requests_received").hidden) << "10 people, fewer than 14";
    EXPECT_TRUE(at(trends, "2026-03", "requests_received").hidden);
    EXPECT_EQ(count(at(trends, "total", "requests_received")), 38);
    EXPECT_EQ(count(at(trends, "2026-01", "access_events")), 23);
    EXPECT_TRUE(at(trends, "2026-02", "access_events").hidden);
    EXPECT_TRUE(at(trends, "2026-03", "access_events").hidden);
    EXPECT_EQ(count(at(trends, "total", "access_events")), 37);
    // The totals are the other tables' figures for the period, not another version of them.
    EXPECT_EQ(count(at(table(*o.report, "requests"), "total", "received")), 38);
    EXPECT_EQ(count(at(table(*o.report, "access"), "total", "total")), 37);
    EXPECT_EQ(count(at(table(*o.report, "summary"), "unit:Udvikling", "people_undeclared")), 14);

    // March's figures are nowhere in the outputs: no "Trends" line of March with a number.
    const std::string csv = reportCsv(*o.report, Language::English);
    EXPECT_NE(csv.find("Trends by month,March 2026,Requests received,*\r\n"), std::string::npos)
        << csv;
    EXPECT_NE(csv.find("Trends by month,Total,Requests received,38\r\n"), std::string::npos);
    EXPECT_NE(csv.find("Trends by month,January 2026,Computers that reported,30\r\n"),
              std::string::npos);
    const std::string json = reportJson(*o.report);
    EXPECT_NE(json.find("\"id\":\"trends\""), std::string::npos);
    const std::string text = reportText(*o.report, Language::Danish);
    EXPECT_NE(text.find("== Måned for måned =="), std::string::npos);
}

// A period inside one month: one row, cut to the period, and the total. (Asked on its own: after
// January to March, the guard over time would refuse it, since the 2 objections of 2 and 3
// January are from 2 people.)
TEST_F(CouncilReportTest, TrendsOfAPeriodInsideOneMonth) {
    auto mid = report(false, "Udvikling", "2026-01-10", "2026-01-20");
    ASSERT_TRUE(mid.ok()) << mid.error;
    const auto& one = table(*mid.report, "trends");
    EXPECT_EQ(one.rowKeys, (std::vector<std::string>{"2026-01", "total"}));
    EXPECT_EQ(count(at(one, "2026-01", "access_events")), 23) << "the reads of 15 January";
}

// The trends' share follows the rate rule: all 12 people of a unit with undeclared monitoring is
// not "100 %" (it would say something about each of them) but "over 16 %".
TEST_F(CouncilReportTest, TrendSharesFollowTheRateRule) {
    for (int i = 0; i < 12; ++i) {
        m_seed->person("d" + std::to_string(i), "Drift",
                       {{"observation.added",
                         testing::seedObservation("hubstaff", "application_usage", false)}},
                       true);
    }
    auto o = report(false, "Drift", "2026-01-01", "2026-03-01");
    ASSERT_TRUE(o.ok()) << o.error;
    const auto& trends = table(*o.report, "trends");
    for (const std::string month : {"2026-01", "2026-02", "total"}) {
        EXPECT_EQ(count(at(trends, month, "people_undeclared")), 12) << month;
        EXPECT_EQ(at(trends, month, "undeclared_share").text, "over 16 %") << month;
    }
    // No computer of Drift dated anything in February: 0, from no one, shown.
    EXPECT_EQ(count(at(trends, "2026-02", "computers_reported")), 0);
}

// A month is the workplace's local month: a read at 23:30 UTC on 28 February is March's in
// Copenhagen.
TEST_F(CouncilReportTest, TrendMonthsAreLocalMonths) {
    for (int i = 0; i < 12; ++i) {
        m_seed->access("u" + std::to_string(i), "dpo", "late", "read", "2026-02-28T23:30:00.000Z");
    }
    testing::ScopedTimeZone zone(testing::kCopenhagenZone);
    auto o = report(false, "Udvikling", "2026-02-01", "2026-04-01");
    ASSERT_TRUE(o.ok()) << o.error;
    const auto& trends = table(*o.report, "trends");
    // February: the 12 of 12 February; March: those 12 and the 2 of 12 March.
    EXPECT_EQ(count(at(trends, "2026-02", "access_events")), 12);
    EXPECT_EQ(count(at(trends, "2026-03", "access_events")), 14);
    EXPECT_EQ(count(at(trends, "total", "access_events")), 26);
}

TEST_F(CouncilReportTest, ASmallUnitIsRefusedAndTheRefusalLogged) {
    auto o = report(false, "Jura");
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.status, 409);
    // The refusal does not tell Jura's size either: 3 would be a figure about 3 people.
    EXPECT_EQ(o.error, "refused: the group has fewer people than the minimum group size 10");
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_reports WHERE outcome = 'refused' AND "
                     "asked_by = 'carla' AND scope = 'unit:Jura'"),
              1);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_report_people"), 0);
    auto unknown = report(false, "Nowhere");
    EXPECT_EQ(unknown.status, 409);
    EXPECT_NE(unknown.error.find("has no people"), std::string::npos);
    auto backwards = report(false, "Salg", "2026-02-01", "2026-01-01");
    EXPECT_EQ(backwards.status, 400);
    auto bad = report(false, "Salg", "2026-02-30", "2026-03-01");
    EXPECT_EQ(bad.status, 400);
}

TEST_F(CouncilReportTest, TheWorkplaceByUnitHidesTheSmallUnitAndASecondOneWithIt) {
    auto o = report(true, "");
    ASSERT_TRUE(o.ok()) << o.error;
    const auto& units = table(*o.report, "units");
    EXPECT_EQ(count(at(units, "total", "people")), 45);
    EXPECT_EQ(count(at(units, "Udvikling", "people")), 30);
    for (const std::string column : {"people", "computers", "people_undeclared"}) {
        EXPECT_TRUE(at(units, "Jura", column).hidden) << column;
        // The total minus the visible units would be Jura if it were the only one hidden.
        int hidden = 0;
        for (const std::string unit : {"Jura", "Salg", "Udvikling", "total"}) {
            hidden += at(units, unit, column).hidden ? 1 : 0;
        }
        EXPECT_GE(hidden, 2) << column;
    }
    // Hubstaff and Teramind: 14 in Udvikling, 3 in Jura, none in Salg. Udvikling's figure goes
    // with Jura's (Salg's zero protects nothing).
    EXPECT_TRUE(at(units, "Udvikling", "people_undeclared").hidden);
    EXPECT_EQ(count(at(units, "Salg", "people_undeclared")), 0);
    EXPECT_EQ(count(at(table(*o.report, "summary"), "all", "people")), 45);
    // The log holds the released report with its 45 people.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_reports WHERE outcome = 'released' AND scope "
                     "= 'all' AND group_size = 45"),
              1);
    // 45 in the report's group, and the 42 of the two unit rows it shows.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_report_people WHERE group_no = 0"), 45);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_report_people WHERE group_no > 0"), 42);
}

TEST_F(CouncilReportTest, TheDifferencingGuardRefusesAGroupOneNewcomerApart) {
    auto first = report(false, "Salg");
    ASSERT_TRUE(first.ok()) << first.error;
    // The same report again is fine.
    ASSERT_TRUE(report(false, "Salg").ok());
    m_seed->person("newcomer", "Salg", {}, true);
    auto second = report(false, "Salg");
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status, 409);
    EXPECT_NE(second.error.find("differs by fewer than 10 people"), std::string::npos)
        << second.error;
    // Another period has released nothing yet.
    EXPECT_TRUE(report(false, "Salg", "2026-02-01", "2026-03-01").ok());
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_reports WHERE outcome = 'refused'"), 1);
}

// The guard over time: Udvikling's requests and reads add up over the months, so two released
// periods of one scope that overlap give the difference by subtraction. January to February
// minus January is February (10 questions from 10 people, 12 reads of 12: enough people);
// January to March minus January to February would be March (3 copies from 3 people, 2 reads
// of 2), hidden in the trends.
TEST_F(CouncilReportTest, TheGuardOverTimeRefusesAPeriodWhoseDifferenceIsAFewPeople) {
    ASSERT_TRUE(report(false, "Udvikling", "2026-01-01", "2026-02-01").ok());
    auto janFeb = report(false, "Udvikling", "2026-01-01", "2026-03-01");
    ASSERT_TRUE(janFeb.ok()) << "February's figures come from at least 10 people: " << janFeb.error;
    auto janMar = report(false, "Udvikling", "2026-01-01", "2026-04-01");
    ASSERT_FALSE(janMar.ok()) << "38 - 35 would be March's 3 requests from 3 people";
    EXPECT_EQ(janMar.status, 409);
    EXPECT_NE(janMar.error.find("refused: a report for the same scope and an overlapping period"),
              std::string::npos)
        << janMar.error;
    EXPECT_NE(janMar.errorDa.find("afvist: en rapport for samme enhed og en overlappende periode"),
              std::string::npos)
        << janMar.errorDa;
    // No number but k: not how many people, not which figure.
    for (const std::string& message : {janMar.error, janMar.errorDa}) {
        std::string rest = message;
        rest.replace(rest.find("10"), 2, "");
        EXPECT_EQ(rest.find_first_of("0123456789"), std::string::npos) << message;
    }
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_reports WHERE outcome = 'refused' AND "
                     "asked_by = 'carla' AND scope = 'unit:Udvikling' AND reason LIKE 'refused: a "
                     "report for the same scope%'"),
              1);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_report_people p JOIN released_reports r ON "
                     "r.report_id = p.report_id WHERE r.outcome = 'refused'"),
              0);
    // Inside a released period (nested) the same: January 10 to 20 inside January leaves 1 to 9
    // and 20 to 31 January, the first with the 2 objections of 2 and 3 January. February inside
    // January to February leaves January, with those objections too: the guard counts the
    // people behind each figure in the difference, shown or hidden in the reports.
    EXPECT_EQ(report(false, "Udvikling", "2026-01-10", "2026-01-20").status, 409);
    EXPECT_EQ(report(false, "Udvikling", "2026-02-01", "2026-03-01").status, 409);
    // A window without events changes no figure: December adds nothing.
    auto withDecember = report(false, "Udvikling", "2025-12-01", "2026-03-01");
    EXPECT_TRUE(withDecember.ok()) << withDecember.error;
    // Another scope is not compared; periods that only touch subtract nothing.
    EXPECT_TRUE(report(false, "Salg", "2026-01-01", "2026-04-01").ok());
    EXPECT_TRUE(report(false, "Udvikling", "2026-03-01", "2026-05-01").ok())
        << "after January to February: no overlap";
}

// Either order: with January to March released, January to February is the one refused.
TEST_F(CouncilReportTest, TheGuardOverTimeIsTheSameInEitherOrder) {
    ASSERT_TRUE(report(false, "Udvikling", "2026-01-01", "2026-04-01").ok());
    EXPECT_EQ(report(false, "Udvikling", "2026-01-01", "2026-03-01").status, 409);
    EXPECT_EQ(report(false, "Udvikling", "2026-02-01", "2026-04-01").status, 409)
        << "January is behind 2 objections from 2 people";
    EXPECT_TRUE(report(false, "Udvikling", "2026-01-01", "2026-04-01").ok()) << "a repeat";
}

// A figure of one kind counts alone: the total of requests in the window may come from enough
// people and still one type from a few. And the people of the two groups, not only the times:
// someone who left between the two periods' starts is in one group only.
TEST_F(CouncilReportTest, TheGuardOverTimeCountsPeoplePerFigureAndPerGroup) {
    // 10 reads in February by the DPO answering a request (12 people): enough. One council read
    // of u5 in February: a figure from 1 person in the window.
    m_seed->access("u5", "council", "(no reason given)", "refused", "2026-02-20T09:00:00.000Z");
    ASSERT_TRUE(report(false, "Udvikling", "2026-01-01", "2026-02-01").ok());
    EXPECT_EQ(report(false, "Udvikling", "2026-01-01", "2026-03-01").status, 409);

    // s99 of Salg left on 5 January: in the group of a period from 1 January, not of one from
    // 10 January. Over 10 to 31 January the two reports differ by the read of s99's data only.
    m_seed->person("s99", "Salg", {}, true);
    ASSERT_TRUE(m_db->write("s99 leaves",
                            [](Poco::Data::Session& s) {
                                s << "UPDATE people SET left_at = '2026-01-05T00:00:00.000Z' "
                                     "WHERE person_id = 's99'",
                                    now;
                                return true;
                            })
                    .ok());
    m_seed->access("s99", "dpo", "export after leaving", "read", "2026-01-20T09:00:00.000Z");
    ASSERT_TRUE(report(false, "Salg", "2026-01-01", "2026-02-01").ok());
    auto later = report(false, "Salg", "2026-01-10", "2026-02-01");
    EXPECT_EQ(later.status, 409) << "s99's read on 20 January is in the first report only";
}

// The trends rows of one month in two reports subtract too: January to March minus 15 January
// to 14 February gives, in February's rows, 15 to 28 February alone, even when that window with
// March has enough people (11 questions from 11 people).
TEST_F(CouncilReportTest, TheGuardOverTimeComparesTheMonthsBothPeriodsReach) {
    m_seed->request("s0", "question", "answered", "2026-02-20T10:00:00.000Z",
                    "2026-03-20T23:59:59.999Z", "2026-02-23T10:00:00.000Z");
    for (int i = 1; i <= 10; ++i) {
        m_seed->request("s" + std::to_string(i), "question", "answered", "2026-03-10T10:00:00.000Z",
                        "2026-04-10T23:59:59.999Z", "2026-03-12T10:00:00.000Z");
    }
    ASSERT_TRUE(report(false, "Salg", "2026-01-01", "2026-04-01").ok());
    auto inside = report(false, "Salg", "2026-01-15", "2026-02-15");
    EXPECT_EQ(inside.status, 409) << "February minus 1 to 14 February is s0's question";
    // January to February leaves March: 10 questions from 10 people, enough.
    auto janFeb = report(false, "Salg", "2026-01-01", "2026-03-01");
    EXPECT_TRUE(janFeb.ok()) << janFeb.error;
}

TEST_F(CouncilReportTest, TheWorkplaceAndAllButOneUnitMayNotBeReleasedTogether) {
    ASSERT_TRUE(report(false, "Udvikling").ok());
    ASSERT_TRUE(report(false, "Salg").ok());
    // Workplace minus Udvikling minus Salg would be Jura's 3 people.
    auto all = report(true, "");
    ASSERT_FALSE(all.ok());
    EXPECT_EQ(all.status, 409);
    EXPECT_NE(all.error.find("leave fewer people than the minimum group size 10"),
              std::string::npos)
        << all.error;
}

TEST_F(CouncilReportTest, AfterTheWorkplaceWithItsUnitRowsAUnitReportWouldExposeTheSmallUnit) {
    ASSERT_TRUE(report(true, "").ok());
    ASSERT_TRUE(report(true, "").ok()) << "the same report again is a repeat";
    // The workplace report showed Salg's row; Udvikling's own report would let the workplace
    // minus Udvikling minus Salg be Jura.
    auto udvikling = report(false, "Udvikling");
    ASSERT_FALSE(udvikling.ok());
    EXPECT_NE(udvikling.error.find("leave fewer people than the minimum group size 10"),
              std::string::npos)
        << udvikling.error;
}

// Alerts as of 1 February: 17 of 45 computers with undeclared monitoring (Hubstaff 12 and
// Teramind 2 in Udvikling, Teramind 3 in Jura; 17 people, so the count may be shown), and u21's
// objection open since its due date, 20 January. Falcon's policy kept its notice.
TEST_F(CouncilReportTest, AlertsUndeclaredShareShortNoticeAndOverdueRequests) {
    const std::string feb1 = "2026-02-01T00:00:00.000Z";
    auto alerts = councilAlerts(*m_db, feb1);
    ASSERT_TRUE(alerts.ok()) << alerts.error();
    ASSERT_EQ(alerts.value().size(), 2u);
    const auto& undeclared = alerts.value()[0];
    EXPECT_EQ(undeclared.kind, "undeclared_share");
    EXPECT_EQ(undeclared.since, "2026-01-04T08:00:00.000Z");
    EXPECT_EQ(undeclared.text.en,
              "Undeclared monitoring on 17 of 45 computers, more than the alert share of 5 %.");
    EXPECT_EQ(undeclared.text.da, "Ikke-erklæret overvågning på 17 af 45 computere, mere end "
                                  "alarmgrænsen på 5 %.");
    const auto& overdue = alerts.value()[1];
    EXPECT_EQ(overdue.kind, "overdue_requests");
    EXPECT_EQ(overdue.since, "2026-01-20T23:59:59.999Z");
    EXPECT_EQ(overdue.text.en, "1 request from an employee is open past its due date.");
    // Before its due date the objection is not overdue; before 4 January nothing was found.
    EXPECT_TRUE(councilAlerts(*m_db, "2026-01-03T00:00:00.000Z").value().empty());

    // With k = 20 the 17 people behind the count are too few: the share is said, not the count.
    ASSERT_TRUE(setMinGroupSize(*m_db, 20, "test").ok());
    const auto hidden = councilAlerts(*m_db, feb1).value().front();
    EXPECT_EQ(hidden.text.en, "Undeclared monitoring on more than 5 % of the computers (the "
                              "number is hidden: fewer than 20 people).");
    EXPECT_EQ(hidden.text.en.find("17"), std::string::npos);

    // Above the set share there is no alert: 17 of 45 is 37.8 %.
    EXPECT_FALSE(setCouncilAlertShare(*m_db, 100, "test").ok());
    ASSERT_TRUE(setCouncilAlertShare(*m_db, 38, "test").ok());
    EXPECT_EQ(councilAlertShareSetting(*m_db).value(), 38);
    EXPECT_EQ(councilAlerts(*m_db, feb1).value().front().kind, "overdue_requests");
    ASSERT_TRUE(setCouncilAlertShare(*m_db, 37, "test").ok());
    EXPECT_EQ(councilAlerts(*m_db, feb1).value().front().kind, "undeclared_share");

    // A policy published directly the day before it takes effect: short notice, with since
    // the day it was announced.
    PolicyLifecycle lifecycle(*m_db, [] { return std::string("2026-01-25T09:00:00.000Z"); });
    std::string hub = testing::kCouncilSeedPolicy;
    hub.replace(hub.find(R"("id": "edr")"), 11, R"("id": "hub")");
    hub.replace(hub.find("crowdstrike-falcon"), 18, "hubstaff");
    hub.replace(hub.find("2025-10-01"), 10, "2026-01-25");
    hub.replace(hub.find("2025-11-15"), 10, "2026-01-26");
    hub.replace(hub.find(R"("contact")"), 0,
                R"("short_notice_reason": {"en": "Licence audit", "da": "Licensrevision"}, )");
    const auto published = lifecycle.publishDirectly(hub, "hub.json", "test");
    ASSERT_TRUE(published.ok()) << published.error;
    bool shortNotice = false;
    const auto withHub = councilAlerts(*m_db, feb1);
    ASSERT_TRUE(withHub.ok());
    for (const auto& a : withHub.value()) {
        if (a.kind == "short_notice") {
            shortNotice = true;
            EXPECT_EQ(a.since.substr(0, 10), "2026-01-25");
            EXPECT_NE(a.text.en.find("Policy hub v1 took effect 2026-01-26 without its notice "
                                     "period of 42 days; reason given: Licensrevision."),
                      std::string::npos)
                << a.text.en;
            EXPECT_NE(a.text.da.find("Politik hub v1 trådte i kraft 2026-01-26 uden sit varsel"),
                      std::string::npos)
                << a.text.da;
        }
    }
    EXPECT_TRUE(shortNotice);
}

// The period's days are the workplace's local days: a copy request at 00:30 on 1 February in
// Copenhagen (23:30 UTC on 31 January) is February's there, January's in a UTC workplace.
TEST_F(CouncilReportTest, ThePeriodIsInTheWorkplacesLocalDays) {
    m_seed->request("u0", "copy", "answered", "2026-01-31T23:30:00.000Z",
                    "2026-03-01T22:59:59.999Z", "2026-02-02T10:00:00.000Z");
    {
        testing::ScopedTimeZone zone(testing::kCopenhagenZone);
        auto o = report(false, "Udvikling");
        ASSERT_TRUE(o.ok()) << o.error;
        EXPECT_EQ(count(at(table(*o.report, "requests"), "total", "received")), 25);
    }
    {
        testing::ScopedTimeZone zone(testing::kUtcZone);
        // The same dates an hour off overlap the Copenhagen report: the hour from 23:00 UTC on
        // 31 January holds u0's request alone, and 26 - 25 would be that one person's.
        auto refused = report(false, "Udvikling");
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.status, 409);
        ASSERT_TRUE(m_db->write("forget the released reports",
                                [](Poco::Data::Session& s) {
                                    s << "DELETE FROM released_report_people", now;
                                    s << "DELETE FROM released_reports", now;
                                    return true;
                                })
                        .ok());
        auto o = report(false, "Udvikling");
        ASSERT_TRUE(o.ok()) << o.error;
        EXPECT_EQ(count(at(table(*o.report, "requests"), "total", "received")), 26);
    }
}

TEST_F(CouncilReportTest, TheMinimumGroupSizeSettingIsUsedAndHasAFloor) {
    EXPECT_EQ(minGroupSizeSetting(*m_db).value(), 10);
    const auto low = setMinGroupSize(*m_db, 4, "test");
    ASSERT_FALSE(low.ok());
    EXPECT_NE(low.error().find("below 5"), std::string::npos);
    ASSERT_TRUE(setMinGroupSize(*m_db, 15, "test").ok());
    EXPECT_EQ(minGroupSizeSetting(*m_db).value(), 15);
    // Salg's 12 people are now too few.
    auto o = report(false, "Salg");
    EXPECT_EQ(o.status, 409);
    auto u = report(false, "Udvikling");
    ASSERT_TRUE(u.ok()) << u.error;
    EXPECT_EQ(u.report->minGroupSize, 15);
    EXPECT_TRUE(at(table(*u.report, "systems"), "product:hubstaff", "people").hidden)
        << "12 people is below 15";
}

class CouncilAdminTest : public CouncilReportTest {
protected:
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
};

TEST_F(CouncilAdminTest, ReportsInThreeFormatsAndRefusesClearly) {
    auto text = admin({"council-report", "--unit", "Udvikling", "--from", "2026-01-01", "--to",
                       "2026-02-01", "--as", "carla"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("Works-council report: unit Udvikling"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("== Requests =="), std::string::npos);

    auto danish = admin({"council-report", "--unit", "Udvikling", "--from", "2026-01-01", "--to",
                         "2026-02-01", "--as", "carla", "--format", "csv", "--lang", "da"});
    ASSERT_EQ(danish.exitCode, 0) << danish.err;
    EXPECT_EQ(danish.out.rfind("tabel,række,kolonne,værdi\r\n", 0), 0u) << danish.out;
    EXPECT_NE(danish.out.find("Anmodninger,Kopi af mine data,Modtaget,12\r\n"), std::string::npos)
        << danish.out;
    EXPECT_NE(danish.out.find("Anmodninger,Indsigelse,Modtaget,*\r\n"), std::string::npos);

    // Another period: with Udvikling's released for January, the workplace is refused there.
    auto json = admin({"council-report", "--all", "--from", "2026-01-02", "--to", "2026-02-01",
                       "--as", "carla", "--format", "json"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    Poco::JSON::Parser parser;
    EXPECT_NO_THROW(parser.parse(json.out)) << json.out;
    EXPECT_NE(json.out.find(R"("format":"indblik.council-report/1")"), std::string::npos);
    EXPECT_NE(json.out.find(R"("asked_by":"carla")"), std::string::npos);

    auto both = admin({"council-report", "--unit", "Salg", "--all", "--from", "2026-01-01", "--to",
                       "2026-02-01", "--as", "carla"});
    EXPECT_EQ(both.exitCode, 1);
    EXPECT_NE(both.err.find("either --unit UNIT or --all"), std::string::npos);
    auto nobody = admin({"council-report", "--all", "--from", "2026-01-01", "--to", "2026-02-01",
                         "--as", "mallory"});
    EXPECT_EQ(nobody.exitCode, 1);
    EXPECT_NE(nobody.err.find("no account \"mallory\""), std::string::npos);
    auto employee = admin(
        {"council-report", "--all", "--from", "2026-01-01", "--to", "2026-02-01", "--as", "emil"});
    EXPECT_EQ(employee.exitCode, 1);
    EXPECT_NE(employee.err.find("employee's"), std::string::npos);
    auto small = admin({"council-report", "--unit", "Jura", "--from", "2026-01-01", "--to",
                        "2026-02-01", "--as", "carla"});
    EXPECT_EQ(small.exitCode, 1);
    EXPECT_NE(small.err.find("fewer people than the minimum group size"), std::string::npos);
    EXPECT_EQ(small.out, "") << "nothing of a refused report is printed";
    // Udvikling's January was released above: January to March would give March away.
    auto overTime = admin({"council-report", "--unit", "Udvikling", "--from", "2026-01-01", "--to",
                           "2026-04-01", "--as", "carla", "--lang", "da"});
    EXPECT_EQ(overTime.exitCode, 1);
    EXPECT_NE(overTime.err.find("afvist: en rapport for samme enhed og en overlappende periode"),
              std::string::npos)
        << overTime.err;
    EXPECT_EQ(overTime.out, "");

    auto low = admin({"set-min-group-size", "3"});
    EXPECT_EQ(low.exitCode, 1);
    EXPECT_NE(low.err.find("may not be below 5 (got 3)"), std::string::npos) << low.err;
    auto five = admin({"set-min-group-size", "5"});
    EXPECT_EQ(five.exitCode, 0) << five.err;
    EXPECT_EQ(five.out, "minimum group size: 5\n");
    auto word = admin({"set-min-group-size", "ten"});
    EXPECT_EQ(word.exitCode, 1);
}

class CouncilWebTest : public CouncilReportTest {
protected:
    Request as(Role role, const std::string& form = {}) {
        Caller c;
        c.role = role;
        c.actorId = role == Role::Council ? "a1" : "x";
        c.name = "Carla";
        c.csrfToken = "csrf-carla";
        Request r;
        r.method = form.empty() ? "GET" : "POST";
        r.path = "/council/reports";
        r.caller = c;
        r.params.emplace("lang", "en");
        r.body = form;
        r.contentType = "application/x-www-form-urlencoded";
        return r;
    }
};

TEST_F(CouncilWebTest, TheFormListsUnitNamesButNoCountsAndOnlyForTheCouncil) {
    CouncilReportWeb web(*m_db);
    const Reply page = web.form(as(Role::Council));
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("<option value=\"unit:Jura\">Jura</option>"), std::string::npos);
    EXPECT_NE(page.body.find("name=\"csrf\" value=\"csrf-carla\""), std::string::npos);
    EXPECT_EQ(web.form(as(Role::Dpo)).status, 403);
    EXPECT_EQ(web.form(as(Role::Employee)).status, 403);
    EXPECT_EQ(web.generate(as(Role::Admin, "scope=all&from=2026-01-01&to=2026-02-01")).status, 403);
}

TEST_F(CouncilWebTest, ThePageShowsTheSuppressedReportWithBarsAndLogsTheMember) {
    CouncilReportWeb web(*m_db);
    const Reply page =
        web.generate(as(Role::Council, "scope=unit%3AUdvikling&from=2026-01-01&to=2026-02-01"));
    ASSERT_EQ(page.status, 200) << page.body;
    const auto systems = page.body.substr(page.body.find("id=\"systems\""));
    // Hubstaff on 12 computers with a bar; Teramind (2 people) hidden, no bar.
    const auto hub = systems.substr(systems.find(">hubstaff<"));
    EXPECT_EQ(hub.find("<td class=\"num\">12</td><td class=\"barcell\"><svg"), hub.find("<td"))
        << hub.substr(0, 300);
    const auto tera = systems.substr(systems.find(">teramind<"));
    EXPECT_EQ(tera.find("<td class=\"num hidden\""), tera.find("<td")) << tera.substr(0, 300);
    EXPECT_EQ(tera.substr(0, tera.find("</tr>")).find("<svg"), std::string::npos);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM released_reports WHERE asked_by = 'carla' AND "
                     "outcome = 'released'"),
              1);

    const Reply csv = web.generate(
        as(Role::Council, "scope=unit%3AUdvikling&from=2026-01-01&to=2026-02-01&format=csv"));
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(csv.contentType, "text/csv; charset=utf-8");
    ASSERT_EQ(csv.headers.size(), 1u);
    EXPECT_EQ(csv.headers[0].first, "Content-Disposition");
    EXPECT_NE(csv.body.find("Requests,Copy of my data,Received,12\r\n"), std::string::npos)
        << csv.body;
    EXPECT_NE(csv.body.find("Monitoring systems present,teramind,People,*\r\n"), std::string::npos);
}

TEST_F(CouncilWebTest, ARefusedReportShowsWhyAndTheFormAgain) {
    CouncilReportWeb web(*m_db);
    const Reply small =
        web.generate(as(Role::Council, "scope=unit%3AJura&from=2026-01-01&to=2026-02-01"));
    EXPECT_EQ(small.status, 409);
    EXPECT_NE(small.body.find("The report was not made."), std::string::npos);
    EXPECT_NE(small.body.find("fewer people than the minimum group size 10"), std::string::npos);
    EXPECT_NE(small.body.find("<option value=\"unit:Jura\" selected>"), std::string::npos);
    EXPECT_EQ(small.body.find("<table"), std::string::npos) << "no figures of a refused report";
    const Reply bad = web.generate(as(Role::Council, "scope=nobody&from=2026-01-01&to=x"));
    EXPECT_EQ(bad.status, 400);
}

TEST_F(CouncilWebTest, TheGuardOverTimeRefusesInTheMembersLanguage) {
    CouncilReportWeb web(*m_db);
    ASSERT_EQ(
        web.generate(as(Role::Council, "scope=unit%3AUdvikling&from=2026-01-01&to=2026-03-01"))
            .status,
        200);
    auto danish = as(Role::Council, "scope=unit%3AUdvikling&from=2026-01-01&to=2026-04-01");
    danish.params.erase("lang");
    danish.params.emplace("lang", "da");
    const Reply refused = web.generate(danish);
    EXPECT_EQ(refused.status, 409);
    EXPECT_NE(refused.body.find("afvist: en rapport for samme enhed og en overlappende periode"),
              std::string::npos)
        << refused.body;
    EXPECT_EQ(refused.body.find("<table"), std::string::npos);
}

} // namespace
} // namespace indblik::server
