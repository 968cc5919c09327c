// Admin commands for the works council's reports: the report itself (for a council, DPO or
// administrator account named with --as, which the report's log records) and the workplace's
// minimum group size.

#include <charconv>
#include <ostream>

#include "accounts.h"
#include "admin.h"
#include "council_alerts.h"
#include "council_report.h"
#include "disclosure.h"
#include "ledger.h"

namespace indblik::server {
namespace {

Result<int> number(const std::string& what, const std::string& t) {
    int n = 0;
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) {
        return Error{what + ": expected a whole number, got \"" + t + "\""};
    }
    return n;
}

int councilReport(AdminContext& x) {
    const auto& o = x.options;
    if (o.has("--all") == o.has("--unit")) {
        return adminFail(x.err, "give either --unit UNIT or --all");
    }
    for (const char* required : {"--from", "--to", "--as"}) {
        if (!o.has(required)) {
            return adminFail(x.err, std::string(required) + " is required");
        }
    }
    const std::string format = o.option("--format", "text");
    if (format != "text" && format != "json" && format != "csv") {
        return adminFail(x.err, "--format: text, json or csv (got \"" + format + "\")");
    }
    const std::string lang = o.option("--lang", "en");
    if (lang != "en" && lang != "da") {
        return adminFail(x.err, "--lang: en or da (got \"" + lang + "\")");
    }
    auto coverage = number("--coverage-days",
                           o.option("--coverage-days", std::to_string(kDefaultCoverageDays)));
    if (!coverage) {
        return adminFail(x.err, coverage.error());
    }
    AccountStore accounts(x.db);
    auto account = accounts.find(o.option("--as"));
    if (!account) {
        return adminFail(x.err, account.error());
    }
    if (!account.value()) {
        return adminFail(x.err, "--as: no account \"" + o.option("--as") + "\"");
    }
    const Account& who = *account.value();
    if (!who.disabledAt.empty()) {
        return adminFail(x.err, "--as: account \"" + who.login + "\" is disabled");
    }
    if (who.role != Role::Council && who.role != Role::Dpo && who.role != Role::Admin) {
        return adminFail(x.err, "--as: account \"" + who.login +
                                    "\" is an employee's; reports "
                                    "are for council, DPO and administrator accounts");
    }
    CouncilReportRequest request;
    request.all = o.has("--all");
    request.unit = o.option("--unit");
    request.from = o.option("--from");
    request.to = o.option("--to");
    request.askedBy = who.login;
    request.askedRole = std::string(roleName(who.role));
    request.coverageDays = coverage.value();
    CouncilReports reports(x.db);
    auto outcome = reports.generate(request);
    if (!outcome.ok()) {
        return adminFail(x.err, lang == "da" && !outcome.errorDa.empty() ? outcome.errorDa
                                                                         : outcome.error);
    }
    const Language language = lang == "da" ? Language::Danish : Language::English;
    if (format == "json") {
        x.out << reportJson(*outcome.report) << "\n";
    } else if (format == "csv") {
        x.out << reportCsv(*outcome.report, language);
    } else {
        x.out << reportText(*outcome.report, language);
    }
    return 0;
}

// The alerts now, one a line (kind, since, text); with --all also the recorded history, one
// spell a line: raised, cleared (or "holding"), kind, key, mails sent of owed, text.
int councilAlertsCommand(AdminContext& x) {
    const std::string lang = x.options.option("--lang", "en");
    if (lang != "en" && lang != "da") {
        return adminFail(x.err, "--lang: en or da");
    }
    const Language language = lang == "da" ? Language::Danish : Language::English;
    auto alerts = councilAlerts(x.db, nowIso8601());
    if (!alerts) {
        return adminFail(x.err, alerts.error());
    }
    for (const auto& a : alerts.value()) {
        x.out << a.kind << "\t" << (a.since.empty() ? "-" : a.since) << "\t" << a.text.in(language)
              << "\n";
    }
    if (!x.options.has("--all")) {
        return 0;
    }
    auto history = councilAlertHistory(x.db, true);
    if (!history) {
        return adminFail(x.err, history.error());
    }
    x.out << "history (raised, cleared, kind, key, mail sent/owed, text):\n";
    for (const auto& a : history.value()) {
        x.out << a.raisedAt << "\t" << (a.clearedAt.empty() ? "holding" : a.clearedAt) << "\t"
              << a.kind << "\t" << a.key << "\t" << a.mailsSent << "/" << a.mailsOwed << "\t"
              << a.text.in(language) << "\n";
    }
    return 0;
}

} // namespace

std::vector<AdminCommand> councilAdminCommands() {
    std::vector<AdminCommand> c;
    c.push_back({"council-report",
                 "council-report --unit UNIT|--all --from YYYY-MM-DD --to YYYY-MM-DD --as ACCOUNT "
                 "[--format text|json|csv] [--lang en|da] [--coverage-days N]",
                 "the works council's report for a unit or the workplace over [from, to), with "
                 "small groups suppressed; logged with the account that asked",
                 0,
                 0,
                 {"--unit", "--from", "--to", "--as", "--format", "--lang", "--coverage-days"},
                 {"--all"},
                 [](AdminContext& x) { return councilReport(x); }});
    c.push_back({"set-min-group-size",
                 "set-min-group-size N",
                 "the fewest people a figure in a council report may come from (default 10, "
                 "never below 5)",
                 1,
                 1,
                 {},
                 {},
                 [](AdminContext& x) {
                     auto k = number("N", x.options.args[0]);
                     if (!k) {
                         return adminFail(x.err, k.error());
                     }
                     if (auto s = setMinGroupSize(x.db, k.value(), "admin"); !s) {
                         return adminFail(x.err, s.error());
                     }
                     x.out << "minimum group size: " << k.value() << "\n";
                     return 0;
                 }});
    c.push_back({"council-alerts",
                 "council-alerts [--lang en|da] [--all]",
                 "the works council's alerts now: undeclared monitoring above the alert share, "
                 "short notice, overdue requests (one a line: kind, since, text); --all adds "
                 "their recorded history and the mail sent",
                 0,
                 0,
                 {"--lang"},
                 {"--all"},
                 [](AdminContext& x) { return councilAlertsCommand(x); }});
    c.push_back({"set-account-email",
                 "set-account-email LOGIN ADDRESS|- [--lang da|en]",
                 "the e-mail address (\"-\": none) to which a council account is sent new "
                 "alerts, and their language (default: Danish and English both)",
                 2,
                 2,
                 {"--lang"},
                 {},
                 [](AdminContext& x) {
                     const auto& a = x.options.args;
                     const std::string address = a[1] == "-" ? std::string() : a[1];
                     const std::string lang = x.options.option("--lang");
                     if (auto s = setAccountEmail(x.db, a[0], address, lang); !s) {
                         return adminFail(x.err, s.error());
                     }
                     x.out << a[0] << ": "
                           << (address.empty()
                                   ? std::string("no e-mail address")
                                   : address + (lang.empty() ? " (da+en)" : " (" + lang + ")"))
                           << "\n";
                     return 0;
                 }});
    c.push_back({"set-council-alert-share",
                 "set-council-alert-share P",
                 "alert the works council when undeclared monitoring is on more than P % of the "
                 "computers (default 5)",
                 1,
                 1,
                 {},
                 {},
                 [](AdminContext& x) {
                     auto p = number("P", x.options.args[0]);
                     if (!p) {
                         return adminFail(x.err, p.error());
                     }
                     if (auto s = setCouncilAlertShare(x.db, p.value(), "admin"); !s) {
                         return adminFail(x.err, s.error());
                     }
                     x.out << "council alert share: " << p.value() << " %\n";
                     return 0;
                 }});
    return c;
}

} // namespace indblik::server
