#pragma once

// The works council's report as web pages (Danish and English) for signed-in council members:
// /council/reports shows the form (a unit or the whole workplace, a period); posting it
// generates the report through CouncilReports — disclosure control, the differencing guard
// and the log, with the member's login as who asked — and shows its tables with bars, or
// downloads it as CSV. Every number on the page is the suppressed report's; the page derives
// nothing. Generating is a POST with the session's CSRF token, since it is logged.

#include "council_report.h"
#include "router.h"

namespace indblik::server {

class CouncilReportWeb {
public:
    explicit CouncilReportWeb(Database& db) : m_db(db) {}

    Reply form(const Request& request);     // GET /council/reports
    Reply generate(const Request& request); // POST /council/reports (format html or csv)

private:
    Database& m_db;
};

void addCouncilReportRoutes(Router& router, CouncilReportWeb& web);

} // namespace indblik::server
