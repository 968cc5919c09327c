#include "council_web.h"

#include <algorithm>
#include <map>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/URI.h>

#include "council_alerts.h"
#include "html.h"
#include "ledger.h"
#include "web_auth.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {

using html::escape;
using html::Lang;
using html::tr;

namespace {

std::string t(Lang l, const char* da, const char* en) {
    return escape(tr(l, da, en));
}

Language language(Lang l) {
    return l == Lang::Da ? Language::Danish : Language::English;
}

bool isCouncil(const Request& r) {
    return r.caller && r.caller->role == Role::Council;
}

Reply forbidden(Lang l) {
    const char* title = tr(l, "Ingen adgang", "Not allowed");
    return html::pageReply(403, l, title,
                           "<h1>" + escape(title) + "</h1><p>" +
                               t(l, "Kun samarbejdsudvalgets medlemmer ser rapporterne her.",
                                 "Only members of the works council see the reports here.") +
                               "</p>");
}

struct Asked {
    std::string scope; // "all" or "unit:<name>"
    std::string from;
    std::string to;
    std::string format = "html";
};

std::string crumbs(Lang l) {
    return "<p class=\"lang\"><a href=\"/council/reports?lang=da\"" +
           std::string(l == Lang::Da ? " aria-current=\"true\"" : "") +
           ">Dansk</a> · <a href=\"/council/reports?lang=en\"" +
           (l == Lang::En ? " aria-current=\"true\"" : "") +
           ">English</a></p><nav class=\"crumbs\"><a href=\"/" + html::languageQuery(l) + "\">" +
           t(l, "Forside", "Home") + "</a> › <a href=\"/council/reports" + html::languageQuery(l) +
           "\">" + t(l, "Rapporter", "Reports") + "</a></nav>\n";
}

std::string formHtml(Lang l, const Request& request, const std::vector<std::string>& units,
                     const Asked& asked) {
    std::string options = "<option value=\"all\"" +
                          std::string(asked.scope == "all" ? " selected" : "") + ">" +
                          t(l, "Hele arbejdspladsen", "The whole workplace") + "</option>";
    for (const auto& u : units) {
        const std::string value = "unit:" + u;
        options += "<option value=\"" + escape(value) + "\"" +
                   (asked.scope == value ? " selected" : "") + ">" + escape(u) + "</option>";
    }
    return "<form method=\"post\" action=\"/council/reports" + html::languageQuery(l) +
           "\" class=\"stack\">" + html::csrfField(request.caller->csrfToken) +
           "<label for=\"scope\">" + t(l, "Enhed", "Unit") + "</label><select id=\"scope\" " +
           "name=\"scope\">" + options + "</select><label for=\"from\">" +
           t(l, "Fra (med)", "From (included)") +
           "</label><input id=\"from\" name=\"from\" type=\"date\" required value=\"" +
           escape(asked.from) + "\"><label for=\"to\">" + t(l, "Til (uden)", "To (not included)") +
           "</label><input id=\"to\" name=\"to\" type=\"date\" required value=\"" +
           escape(asked.to) + "\"><label for=\"format\">" + t(l, "Form", "Format") +
           "</label><select id=\"format\" name=\"format\"><option value=\"html\">" +
           t(l, "Vis her", "Show here") + "</option><option value=\"csv\"" +
           (asked.format == "csv" ? " selected" : "") + ">" +
           t(l, "Hent som CSV", "Download as CSV") + "</option></select><p class=\"hint\">" +
           t(l,
             "Hver rapport registreres med dit navn. Tal fra færre personer end mindste "
             "gruppestørrelse vises ikke, og en rapport, der sammen med en anden for samme "
             "periode ville beskrive få personer, udleveres ikke.",
             "Every report is logged with your name. Figures from fewer people than the minimum "
             "group size are not shown, and a report that together with another for the same "
             "period would describe a few people is not given out.") +
           "</p><button type=\"submit\">" + t(l, "Lav rapporten", "Make the report") +
           "</button></form>\n";
}

// The alerts at the top of the council's pages, each with since when, those raised after the
// member's last visit marked new; then the alerts resolved in the last 90 days. Opening the
// page counts as the visit.
std::string alertsHtml(Lang l, Database& db, const std::string& accountId) {
    const std::string at = nowIso8601();
    auto alerts = councilAlerts(db, at);
    const std::string resolvedSince = isoDaysBefore(at, kResolvedAlertDays);
    auto history = councilAlertHistory(db, false, resolvedSince);
    if (!alerts || !history) {
        return "<div class=\"error\" role=\"alert\"><p>" +
               t(l, "Alarmerne kunne ikke beregnes.", "The alerts could not be computed.") +
               "</p></div>\n";
    }
    auto visit = recordCouncilVisit(db, accountId, at);
    const std::string lastVisit = visit ? visit.value() : std::string();
    std::map<std::string, std::string> raisedAt; // key -> when the holding spell was raised
    std::vector<const AlertRecord*> resolved;
    for (const auto& a : history.value()) {
        if (a.clearedAt.empty()) {
            raisedAt[a.key] = a.raisedAt;
        } else {
            resolved.push_back(&a);
        }
    }
    std::string out;
    if (!alerts.value().empty()) {
        std::string items;
        std::size_t fresh = 0;
        for (const auto& a : alerts.value()) {
            // Not yet recorded (the task runs every few minutes) is new as well.
            const auto it = raisedAt.find(a.key);
            const bool isNew = lastVisit.empty() || it == raisedAt.end() || it->second > lastVisit;
            fresh += isNew ? 1 : 0;
            items += "<li class=\"alert-" + escape(a.kind) + (isNew ? " new" : "") + "\">";
            if (isNew) {
                items += "<strong class=\"new\">" + t(l, "Ny:", "New:") + "</strong> ";
            }
            items += escape(a.text.in(language(l)));
            if (!a.since.empty()) {
                items += " <span class=\"since\">" + t(l, "Siden ", "Since ") +
                         escape(a.since.substr(0, 10)) + ".</span>";
            }
            items += "</li>";
        }
        out += "<section class=\"alerts\" id=\"alerts\" role=\"alert\"><h2>" +
               t(l, "Alarmer", "Alerts") + " (" + std::to_string(alerts.value().size()) + ")</h2>";
        if (!lastVisit.empty()) {
            out += "<p class=\"hint\">" + std::to_string(fresh) +
                   t(l, " nye siden dit sidste besøg ", " new since your last visit on ") +
                   escape(lastVisit.substr(0, 10)) + ".</p>";
        }
        out += "<ul>" + items + "</ul></section>\n";
    }
    if (!resolved.empty()) {
        out += "<section class=\"resolved-alerts\" id=\"resolved-alerts\"><h2>" +
               t(l, "Løst siden ", "Resolved since ") + escape(resolvedSince.substr(0, 10)) +
               "</h2><ul>";
        for (const auto* a : resolved) {
            out += "<li class=\"alert-" + escape(a->kind) + "\">" +
                   escape(a->text.in(language(l))) + " <span class=\"since\">" +
                   t(l, "Rejst ", "Raised ") + escape(a->raisedAt.substr(0, 10)) +
                   t(l, ", løst ", ", resolved ") + escape(a->clearedAt.substr(0, 10)) +
                   ".</span></li>";
        }
        out += "</ul></section>\n";
    }
    return out;
}

std::vector<std::string> unitNames(Database& db) {
    std::vector<std::string> units;
    // The directory's unit names only: how many people each has is the report's to say.
    auto s = db.read("read the org units", [&](Poco::Data::Session& session) {
        session << "SELECT DISTINCT org_unit FROM people WHERE org_unit <> '' ORDER BY org_unit",
            into(units), now;
    });
    return s ? units : std::vector<std::string>{};
}

std::string figureHtml(const ReportFigure& f, Lang l) {
    if (f.hidden) {
        return "<td class=\"num hidden\" title=\"" +
               t(l,
                 "Skjult: færre personer end mindste gruppestørrelse, eller ville afsløre et "
                 "sådant tal",
                 "Hidden: fewer people than the minimum group size, or would give such a figure "
                 "away") +
               "\">*</td>";
    }
    if (f.count) {
        return "<td class=\"num\">" + std::to_string(*f.count) + "</td>";
    }
    return "<td>" + escape(l == Lang::Da ? f.textDa : f.text) + "</td>";
}

// A bar per row for the table's first column when it is a count, scaled to the largest shown
// value of the rows (the total row has none). Drawn from the report's figures only.
std::string barFor(const ReportTable& table, std::size_t row) {
    if (table.cells.empty() || table.cells[row].empty() || table.rowKeys[row] == "total") {
        return "<td></td>";
    }
    std::int64_t largest = 0;
    for (std::size_t r = 0; r < table.cells.size(); ++r) {
        const auto& f = table.cells[r][0];
        if (table.rowKeys[r] != "total" && !f.hidden && f.count) {
            largest = std::max(largest, *f.count);
        }
    }
    const auto& f = table.cells[row][0];
    if (f.hidden || !f.count || *f.count <= 0 || largest <= 0) {
        return "<td></td>";
    }
    const auto width = std::max<std::int64_t>(1, *f.count * 100 / largest);
    return "<td class=\"barcell\"><svg class=\"chart\" width=\"100\" height=\"12\" viewBox=\"0 0 "
           "100 12\" aria-hidden=\"true\"><rect width=\"" +
           std::to_string(width) + "\" height=\"12\"/></svg></td>";
}

bool hasBars(const ReportTable& table) {
    for (const auto& line : table.cells) {
        if (!line.empty() && (line[0].count || line[0].hidden)) {
            continue;
        }
        return false;
    }
    return !table.cells.empty() && table.id != "policies" && table.id != "summary" &&
           table.id != "trends";
}

// The trends as charts: one column chart per count column, months along the x axis, scaled to
// the largest shown month. A hidden month is a gap: a dashed outline marked "hidden" with a
// <title> that says why, and no number (the report has none to give). The total row is the
// table's. Drawn from the suppressed report only.
std::string trendCharts(const ReportTable& table, Lang l) {
    const Language lang = language(l);
    constexpr int kStep = 64, kBar = 40, kPlot = 110, kTop = 16, kBottom = 22;
    std::vector<std::size_t> months;
    for (std::size_t r = 0; r < table.rowKeys.size(); ++r) {
        if (table.rowKeys[r] != "total") {
            months.push_back(r);
        }
    }
    if (months.empty()) {
        return {};
    }
    const std::string hiddenWord = tr(l, "skjult", "hidden");
    const std::string why = tr(l,
                               "skjult: færre personer end mindste gruppestørrelse, eller ville "
                               "afsløre et sådant tal",
                               "hidden: fewer people than the minimum group size, or would give "
                               "such a figure away");
    const int width = kStep * static_cast<int>(months.size()) + 8;
    const int height = kTop + kPlot + kBottom;
    const std::string n = std::to_string(width), h = std::to_string(height);
    const std::string axis = std::to_string(kTop + kPlot);
    std::string out = "<div class=\"trend-charts\">";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        bool counts = true;
        std::int64_t largest = 0;
        for (const auto r : months) {
            const auto& f = table.cells[r][c];
            counts = counts && (f.hidden || f.count.has_value());
            if (!f.hidden && f.count) {
                largest = std::max(largest, *f.count);
            }
        }
        if (!counts) {
            continue; // a column of texts (the rate) stays in the table
        }
        const std::string name = table.columns[c].in(lang);
        std::string values;
        for (const auto r : months) {
            const auto& f = table.cells[r][c];
            values += (values.empty() ? "" : "; ") + table.rows[r].in(lang) + ": " +
                      (f.hidden ? hiddenWord : std::to_string(*f.count));
        }
        const std::string label = name + tr(l, " pr. måned: ", " by month: ") + values;
        const std::string id = "trend-" + table.columnKeys[c];
        out += "<figure class=\"trend\" id=\"" + escape(id) + "\"><figcaption>" + escape(name) +
               "</figcaption><svg class=\"trend\" role=\"img\" aria-label=\"" + escape(label) +
               "\" width=\"" + n + "\" height=\"" + h + "\" viewBox=\"0 0 " + n + " " + h +
               "\"><title>" + escape(label) + "</title><line class=\"axis\" x1=\"0\" y1=\"" + axis +
               "\" x2=\"" + n + "\" y2=\"" + axis + "\"/>";
        for (std::size_t i = 0; i < months.size(); ++i) {
            const auto r = months[i];
            const auto& f = table.cells[r][c];
            const int x = 8 + kStep * static_cast<int>(i);
            const std::string month = table.rows[r].in(lang);
            const std::string left = std::to_string(x);
            const std::string mid = std::to_string(x + kBar / 2);
            if (f.hidden) {
                out += "<g class=\"gap\"><title>" + escape(month + ": " + why) +
                       "</title><rect class=\"gap\" x=\"" + left + "\" y=\"" +
                       std::to_string(kTop) + "\" width=\"" + std::to_string(kBar) +
                       "\" height=\"" + std::to_string(kPlot) + "\"/><text class=\"gap\" x=\"" +
                       mid + "\" y=\"" + std::to_string(kTop + kPlot / 2) +
                       "\" text-anchor=\"middle\">" + escape(hiddenWord) + "</text></g>";
            } else {
                const std::int64_t v = *f.count;
                const auto bar = largest > 0 ? static_cast<int>(v * kPlot / largest) : 0;
                out += "<g class=\"bar\"><title>" + escape(month + ": " + std::to_string(v)) +
                       "</title><rect x=\"" + left + "\" y=\"" +
                       std::to_string(kTop + kPlot - bar) + "\" width=\"" + std::to_string(kBar) +
                       "\" height=\"" + std::to_string(bar) + "\"/><text x=\"" + mid + "\" y=\"" +
                       std::to_string(kTop + kPlot - bar - 3) + "\" text-anchor=\"middle\">" +
                       std::to_string(v) + "</text></g>";
            }
            out += "<text class=\"month\" x=\"" + mid + "\" y=\"" + std::to_string(height - 6) +
                   "\" text-anchor=\"middle\">" + escape(table.rowKeys[r]) + "</text>";
        }
        out += "</svg></figure>";
    }
    return out + "</div>\n";
}

std::string reportHtml(const CouncilReport& r, Lang l) {
    const Language lang = language(l);
    std::string body = "<p>" + t(l, "Mindste gruppestørrelse: ", "Minimum group size: ") +
                       std::to_string(r.minGroupSize) + ". " +
                       t(l, "* = skjult. Rapport ", "* = hidden. Report ") + escape(r.reportId) +
                       t(l, ", lavet ", ", made ") + escape(r.generatedAt) +
                       t(l, " for ", " for ") + escape(r.askedBy) + ".</p>\n";
    for (const auto& table : r.tables) {
        const bool bars = hasBars(table);
        body += "<section class=\"report-table\" id=\"" + escape(table.id) + "\"><h2>" +
                escape(table.title.in(lang)) + "</h2><p class=\"hint\">" +
                escape(table.note.in(lang)) + "</p>\n";
        if (table.rows.empty()) {
            body +=
                "<p>" + t(l, "Intet i perioden.", "Nothing in the period.") + "</p></section>\n";
            continue;
        }
        body += "<table><thead><tr><th scope=\"col\"></th>";
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            body += "<th scope=\"col\">" + escape(table.columns[c].in(lang)) + "</th>";
            if (c == 0 && bars) {
                body += "<th scope=\"col\"><span class=\"visually-hidden\">" +
                        t(l, "Søjle", "Bar") + "</span></th>";
            }
        }
        body += "</tr></thead><tbody>\n";
        for (std::size_t row = 0; row < table.rows.size(); ++row) {
            std::string label = escape(table.rows[row].in(lang));
            if (table.id == "units" && table.rowKeys[row] != "total") {
                // Drill-down: this unit's report for the same period, through the form.
                std::string query;
                Poco::URI::encode("unit:" + table.rowKeys[row], "&=+;/?#%:", query);
                label = "<a class=\"drill\" href=\"/council/reports?scope=" + escape(query) +
                        "&amp;from=" + escape(r.from) + "&amp;to=" + escape(r.to) +
                        "&amp;lang=" + (l == Lang::Da ? "da" : "en") + "\">" + label + "</a>";
            }
            body += std::string(table.rowKeys[row] == "total" ? "<tr class=\"total\">" : "<tr>") +
                    "<th scope=\"row\">" + label + "</th>";
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                body += figureHtml(table.cells[row][c], l);
                if (c == 0 && bars) {
                    body += barFor(table, row);
                }
            }
            body += "</tr>\n";
        }
        body += "</tbody></table>";
        if (table.id == "trends") {
            body += trendCharts(table, l);
        }
        body += "</section>\n";
    }
    return body;
}

} // namespace

Reply CouncilReportWeb::form(const Request& request) {
    const Lang l = html::language(request);
    if (!isCouncil(request)) {
        return forbidden(l);
    }
    const char* title = tr(l, "Rapporter til samarbejdsudvalget", "Works-council reports");
    // A drill-down link from a report's table by unit fills the form in; the report itself is
    // still a POST (logged, CSRF, the differencing guard), made when the member asks for it.
    Asked asked;
    auto param = [&](const char* name) {
        const auto it = request.params.find(name);
        return it == request.params.end() ? std::string() : it->second;
    };
    asked.scope = param("scope").rfind("unit:", 0) == 0 ? param("scope") : "all";
    asked.from = param("from");
    asked.to = param("to");
    return html::pageReply(200, l, title,
                           crumbs(l) + "<h1>" + escape(title) + "</h1>\n" +
                               alertsHtml(l, m_db, request.caller->actorId) + "<p>" +
                               t(l,
                                 "Hvilken overvågning der findes hvor, hvad der ikke er "
                                 "erklæret, politikker, anmodninger og opslag — kun samlede tal, "
                                 "aldrig én persons data.",
                                 "What monitoring runs where, what is undeclared, policies, "
                                 "requests and reads — totals only, never one person's data.") +
                               "</p>\n" + formHtml(l, request, unitNames(m_db), asked));
}

Reply CouncilReportWeb::generate(const Request& request) {
    const Lang l = html::language(request);
    if (!isCouncil(request)) {
        return forbidden(l);
    }
    const auto fields = parseForm(request.body);
    auto field = [&](const char* name) {
        const auto it = fields.find(name);
        return it == fields.end() ? std::string() : it->second;
    };
    Asked asked;
    asked.scope = field("scope");
    asked.from = field("from");
    asked.to = field("to");
    asked.format = field("format") == "csv" ? "csv" : "html";
    const char* title = tr(l, "Rapporter til samarbejdsudvalget", "Works-council reports");
    auto again = [&](int status, const std::string& error) {
        return html::pageReply(
            status, l, title,
            crumbs(l) + "<h1>" + escape(title) + "</h1>\n<div class=\"error\" role=\"alert\"><p>" +
                t(l, "Rapporten blev ikke lavet.", "The report was not made.") + "</p><p>" +
                escape(error) + "</p></div>\n" + formHtml(l, request, unitNames(m_db), asked));
    };
    CouncilReportRequest r;
    if (asked.scope == "all") {
        r.all = true;
    } else if (asked.scope.rfind("unit:", 0) == 0) {
        r.unit = asked.scope.substr(5);
    } else {
        return again(400, "scope: \"all\" or \"unit:NAME\"");
    }
    r.from = asked.from;
    r.to = asked.to;
    // The log names the member by login, as the command line does.
    std::vector<std::string> logins;
    const std::string accountId = request.caller->actorId;
    auto read = m_db.read("read the account", [&](Poco::Data::Session& s) {
        s << "SELECT login FROM accounts WHERE account_id = $1", into(logins), useRef(accountId),
            now;
    });
    r.askedBy = read && !logins.empty() ? logins.front() : accountId;
    r.askedRole = "council";
    CouncilReports reports(m_db);
    const auto o = reports.generate(r);
    if (!o.ok()) {
        return again(o.status, l == Lang::Da && !o.errorDa.empty() ? o.errorDa : o.error);
    }
    if (asked.format == "csv") {
        Reply reply(200, reportCsv(*o.report, language(l)), "text/csv; charset=utf-8");
        reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"council-report-" +
                                                              o.report->reportId + ".csv\"");
        return reply;
    }
    const std::string heading =
        (o.report->all ? std::string(tr(l, "Hele arbejdspladsen", "The whole workplace"))
                       : o.report->unit) +
        ", " + o.report->from + " – " + o.report->to;
    return html::pageReply(200, l, title,
                           crumbs(l) + "<h1>" + escape(heading) + "</h1>\n" +
                               reportHtml(*o.report, l) + "<h2>" +
                               t(l, "En anden rapport", "Another report") + "</h2>\n" +
                               formHtml(l, request, unitNames(m_db), asked));
}

void addCouncilReportRoutes(Router& router, CouncilReportWeb& web) {
    auto add = [&router](const char* method, const char* pattern, std::size_t maxBody,
                         Handler handler, const char* summary) {
        Route r;
        r.listener = Listener::Public;
        r.method = method;
        r.pattern = pattern;
        r.access = Access::Session;
        r.roles = {Role::Council};
        r.maxBody = maxBody;
        r.handler = std::move(handler);
        r.summary = summary;
        router.add(std::move(r));
    };
    add(
        "GET", "/council/reports", 0, [&web](Request& r) { return web.form(r); },
        "the form for a works-council report");
    add(
        "POST", "/council/reports", 8 * 1024, [&web](Request& r) { return web.generate(r); },
        "make a works-council report (logged) and show it or download it as CSV");
}

} // namespace indblik::server
