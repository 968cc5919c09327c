#pragma once

// The works council's report for one org unit or the whole workplace over a period [from, to):
// the monitoring present and where, the data categories it touches, what is undeclared, the
// policies and the council's positions on them, how requests are answered, who read people's
// data (roles and purposes, counts only), what retention deleted, how many computers report,
// and the trends: a row per local month of the period with the period's total.
//
// Every figure about employees goes through disclosure control (disclosure.h) here, in the
// server, before any page, CSV or command line sees it: what leaves is already suppressed, and
// the people behind the figures never leave. Each report asked for is logged in released_reports
// with who asked, scope, period and outcome; a released report keeps the list of the people of
// its group (released_report_people), which the differencing guard reads for later reports of
// the same period, and the guard over time for reports of the same scope whose period overlaps
// (the requests and reads of the periods' difference must come from no one or from k people). Facts
// about the employer rather than employees (policies, council positions, retention deletions) are
// shown whole. docs/council-reports.md explains each figure.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "disclosure.h"
#include "result.h"
#include "vocabulary.h"

namespace indblik::server {

inline constexpr int kDefaultCoverageDays = 7;

// The workplace's minimum group size (setting min_group_size; default 10, never below 5).
Result<int> minGroupSizeSetting(Database& db);
Status setMinGroupSize(Database& db, int k, const std::string& by);

struct CouncilReportRequest {
    bool all = false;    // the whole workplace
    std::string unit;    // else this org unit ("" is the people with no unit)
    std::string from;    // YYYY-MM-DD, from 00:00 local time (server/local_time.h)
    std::string to;      // YYYY-MM-DD, until 00:00 local time (not included)
    std::string askedBy; // the account's login, for the log
    std::string askedRole;
    int coverageDays = kDefaultCoverageDays;
};

// One figure as it may be shown: hidden, a count, or a text (rates, medians, dates, words).
struct ReportFigure {
    bool hidden = false;
    std::optional<std::int64_t> count;
    std::string text; // when not a count: in both languages when it has words
    std::string textDa;
};

struct ReportTable {
    std::string id; // "systems", "categories", ...
    LocalizedText title;
    LocalizedText note;
    std::vector<std::string> columnKeys;
    std::vector<LocalizedText> columns;
    std::vector<std::string> rowKeys;
    std::vector<LocalizedText> rows;
    std::vector<std::vector<ReportFigure>> cells; // [row][column]
};

struct CouncilReport {
    std::string reportId;
    std::string generatedAt;
    std::string askedBy;
    std::string scope; // "all" or "unit:<name>"
    std::string unit;
    bool all = false;
    std::string from; // YYYY-MM-DD
    std::string to;
    int minGroupSize = 0;
    int coverageDays = 0;
    std::vector<ReportTable> tables;
};

// What refusing looks like: status 400 for bad input, 403 for a caller who may not, 409 for the
// disclosure rules (a group too small, differencing). The refusal is logged too.
struct CouncilReportOutcome {
    int status = 200;
    std::string error;
    std::string errorDa; // the refusal in Danish, when it has one (else error is shown)
    std::optional<CouncilReport> report;
    bool ok() const { return report.has_value(); }
};

class CouncilReports {
public:
    using Clock = std::function<std::string()>; // ISO-8601 UTC now
    explicit CouncilReports(Database& db, Clock clock = {});

    // Computes, suppresses, checks against released reports and logs. Nothing unsuppressed
    // is returned.
    CouncilReportOutcome generate(const CouncilReportRequest& request);

private:
    Database& m_db;
    Clock m_clock;
};

// The report as text (aligned tables), JSON (indblik.council-report/1) or CSV (RFC 4180, one
// line per figure: table,row,column,value; a hidden figure is "*").
// ---- alerts to the council -----------------------------------------------------------------
//
// Computed from the database when asked (the council's page, `admin council-alerts`), as of
// `now`: undeclared monitoring on more than the alert share of the computers; a policy version
// in effect or announced whose notice period was cut short; requests open past their due date.
// Counts of computers are shown only when at least k people are behind them; an overdue count is
// a count of requests and names no type, unit or person.

inline constexpr int kDefaultCouncilAlertShare = 5; // percent of computers

Result<int> councilAlertShareSetting(Database& db);
Status setCouncilAlertShare(Database& db, int percent, const std::string& by);

struct CouncilAlert {
    std::string kind; // "undeclared_share", "short_notice", "overdue_requests"
    // What the alert is about, stable while it holds: the kind, and for short notice the
    // policy and version ("short_notice:<policy>:v<version>"). The alert history keys on it.
    std::string key;
    std::string since; // ISO-8601 UTC: when what the alert is about began
    LocalizedText text;
};

Result<std::vector<CouncilAlert>> councilAlerts(Database& db, const std::string& now);

std::string reportText(const CouncilReport& report, Language language);
std::string reportJson(const CouncilReport& report);
std::string reportCsv(const CouncilReport& report, Language language);

} // namespace indblik::server
