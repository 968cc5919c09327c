#include "council_report.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timespan.h>

#include "csv.h"
#include "html.h"
#include "ledger.h"
#include "lenient_json.h"
#include "local_time.h"
#include "pki.h"
#include "policy_lifecycle.h"
#include "requests.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

using disclosure::PersonSet;

constexpr int kMaxReportDays = 3660;
constexpr int kMaxCoverageDays = 365;
constexpr std::size_t kMembersPerInsert = 400;

// ---- dates -------------------------------------------------------------------------------

std::optional<Poco::DateTime> parseDay(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    int y = 0, m = 0, d = 0;
    const std::tuple<std::size_t, std::size_t, int*> parts[] = {{0, 4, &y}, {5, 2, &m}, {8, 2, &d}};
    for (const auto& [at, len, value] : parts) {
        const char* b = text.data() + at;
        const auto [ptr, ec] = std::from_chars(b, b + len, *value);
        if (ec != std::errc() || ptr != b + len) {
            return std::nullopt;
        }
    }
    if (!Poco::DateTime::isValid(y, m, d)) {
        return std::nullopt;
    }
    return Poco::DateTime(y, m, d);
}

// ---- payloads ------------------------------------------------------------------------------

using lenient::parseObject;
using lenient::text;

// ---- what the report is about --------------------------------------------------------------

struct Scope {
    PersonSet group;
    std::map<std::string, std::string> unitOf;                    // person -> org unit
    std::map<std::string, std::vector<std::string>> devicePeople; // device -> group members
};

Scope readScope(Poco::Data::Session& s, const CouncilReportRequest& r, const std::string& from) {
    Scope scope;
    std::vector<std::string> ids, units, left;
    s << "SELECT person_id, org_unit, COALESCE(left_at, '') FROM people", into(ids), into(units),
        into(left), now;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if ((r.all || units[i] == r.unit) && (left[i].empty() || left[i] >= from)) {
            scope.group.insert(ids[i]);
            scope.unitOf[ids[i]] = units[i];
        }
    }
    std::vector<std::string> devices, people, revoked;
    s << "SELECT pd.device_id, pd.person_id, COALESCE(d.revoked_at, '') FROM person_devices pd "
         "JOIN devices d ON d.device_id = pd.device_id",
        into(devices), into(people), into(revoked), now;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (scope.group.count(people[i]) != 0 && (revoked[i].empty() || revoked[i] >= from)) {
            auto& members = scope.devicePeople[devices[i]];
            if (std::find(members.begin(), members.end(), people[i]) == members.end()) {
                members.push_back(people[i]);
            }
        }
    }
    return scope;
}

// A count with the people behind it, gathered before the table's rows are known.
struct Tally {
    std::int64_t value = 0;
    PersonSet people;
    void add(std::int64_t n, const std::vector<std::string>& who) {
        value += n;
        people.insert(who.begin(), who.end());
    }
    void add(std::int64_t n, const std::string& who) {
        value += n;
        people.insert(who);
    }
};

// One monitoring system found on a device in the period, folded from its observation entries.
struct Found {
    LocalizedText label;
    std::set<std::string> categories;
    bool inPeriod = false;
    bool declaredInPeriod = false;
    bool undeclaredInPeriod = false;
    std::string undeclaredSince; // the start of the undeclared spell that reached the period
};

// A device's observation entries before a time, in the order the device wrote them, parsed once
// (the trends fold them again for each month).
struct ObservationRow {
    std::string time;
    bool removed = false;
    std::string key; // "product:<id>" or "<detector>:<name>"
    LocalizedText label;
    std::set<std::string> categories;
    bool declared = false;
    std::size_t keyIndex = 0; // into ObservationRows::keys
};
struct ObservationRows {
    std::vector<ObservationRow> rows;
    std::vector<std::string> keys; // each system once
};

ObservationRows readObservations(Poco::Data::Session& s, const std::string& device,
                                 const std::string& to) {
    std::vector<std::string> times, kinds, payloads;
    s << "SELECT time, kind, payload FROM ledger_entries WHERE device_id = $1 AND kind IN "
         "('observation.added', 'observation.changed', 'observation.removed') AND time < $2 "
         "ORDER BY seq",
        into(times), into(kinds), into(payloads), useRef(device), useRef(to), now;
    ObservationRows out;
    std::map<std::string, std::size_t> keyIndex;
    out.rows.reserve(kinds.size());
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        const auto o = parseObject(payloads[i]);
        ObservationRow row;
        row.time = times[i];
        row.removed = kinds[i] == "observation.removed";
        row.key = text(o, "product");
        row.key =
            row.key.empty() ? text(o, "detector") + ":" + text(o, "name") : "product:" + row.key;
        if (!row.removed) {
            std::string name = text(o, "name");
            if (name.empty()) {
                name = text(o, "product");
            }
            row.label = LocalizedText{name, name};
            if (o && o->has("title")) {
                if (auto title = o->getObject("title")) {
                    const auto en = text(title, "en"), da = text(title, "da");
                    if (!en.empty() && !da.empty()) {
                        row.label = LocalizedText{en, da};
                    }
                }
            }
            if (o && o->has("categories")) {
                if (auto array = o->getArray("categories")) {
                    for (std::size_t c = 0; c < array->size(); ++c) {
                        row.categories.insert(array->get(static_cast<unsigned>(c)).toString());
                    }
                }
            }
            if (o && o->has("declared")) {
                try {
                    row.declared = o->get("declared").convert<bool>();
                } catch (const Poco::Exception&) {
                }
            }
        }
        const auto [at, fresh] = keyIndex.try_emplace(row.key, out.keys.size());
        if (fresh) {
            out.keys.push_back(row.key);
        }
        row.keyIndex = at->second;
        out.rows.push_back(std::move(row));
    }
    return out;
}

// The systems present on a device at any time in [from, to): present at `from`, or added or
// changed inside the period. Undeclared in the period when undeclared at any time in it. The
// rows dated at or after `to` are left out, as if they had not been read.
std::map<std::string, Found> foldObservationRows(const ObservationRows& rows,
                                                 const std::string& from, const std::string& to) {
    struct State {
        Found found;
        bool present = false;
        bool undeclaredNow = false;
        std::string spellSince;
        const std::set<std::string>* categories = nullptr; // the latest entry's
    };
    std::map<std::string, State> states;
    bool started = false;
    auto mark = [](State& st) {
        st.found.inPeriod = true;
        if (st.categories != nullptr) {
            st.found.categories.insert(st.categories->begin(), st.categories->end());
        }
        if (st.undeclaredNow) {
            if (!st.found.undeclaredInPeriod || st.spellSince < st.found.undeclaredSince) {
                st.found.undeclaredSince = st.spellSince;
            }
            st.found.undeclaredInPeriod = true;
        } else {
            st.found.declaredInPeriod = true;
        }
    };
    for (const auto& row : rows.rows) {
        if (row.time >= to) {
            continue;
        }
        if (!started && row.time >= from) {
            started = true;
            for (auto& [key, st] : states) {
                if (st.present) {
                    mark(st);
                }
            }
        }
        State& st = states[row.key];
        if (row.removed) {
            st.present = false;
            st.undeclaredNow = false;
            continue;
        }
        st.found.label = row.label;
        st.categories = &row.categories;
        st.present = true;
        if (!row.declared && !st.undeclaredNow) {
            st.spellSince = row.time;
        }
        st.undeclaredNow = !row.declared;
        if (started) {
            mark(st);
        }
    }
    if (!started) {
        for (auto& [key, st] : states) {
            if (st.present) {
                mark(st);
            }
        }
    }
    std::map<std::string, Found> out;
    for (auto& [key, st] : states) {
        if (st.found.inPeriod) {
            out.emplace(key, std::move(st.found));
        }
    }
    return out;
}

// The systems undeclared at some time in [from, to), as foldObservationRows finds them, with
// nothing else: the trends ask it of every month of every computer.
std::set<std::string> undeclaredIn(const ObservationRows& rows, const std::string& from,
                                   const std::string& to) {
    const std::size_t n = rows.keys.size();
    std::vector<char> present(n, 0), undeclaredNow(n, 0), hit(n, 0);
    bool started = false;
    auto start = [&] {
        started = true;
        for (std::size_t k = 0; k < n; ++k) {
            hit[k] = hit[k] || (present[k] && undeclaredNow[k]) ? 1 : 0;
        }
    };
    for (const auto& row : rows.rows) {
        if (row.time >= to) {
            continue;
        }
        if (!started && row.time >= from) {
            start();
        }
        const std::size_t k = row.keyIndex;
        present[k] = row.removed ? 0 : 1;
        undeclaredNow[k] = row.removed || row.declared ? 0 : 1;
        if (started && undeclaredNow[k]) {
            hit[k] = 1;
        }
    }
    if (!started) {
        start();
    }
    std::set<std::string> out;
    for (std::size_t k = 0; k < n; ++k) {
        if (hit[k]) {
            out.insert(rows.keys[k]);
        }
    }
    return out;
}

std::map<std::string, Found> foldObservations(Poco::Data::Session& s, const std::string& device,
                                              const std::string& from, const std::string& to) {
    return foldObservationRows(readObservations(s, device, to), from, to);
}

// ---- tables --------------------------------------------------------------------------------

LocalizedText lt(const char* en, const char* da) {
    return LocalizedText{en, da};
}

ReportFigure countFigure(const disclosure::Cell& cell) {
    ReportFigure f;
    if (!cell.shown()) {
        f.hidden = true;
    } else {
        f.count = cell.value;
    }
    return f;
}

ReportFigure textFigure(std::string en, std::string da = {}) {
    ReportFigure f;
    f.textDa = da.empty() ? en : std::move(da);
    f.text = std::move(en);
    return f;
}

ReportFigure hiddenFigure() {
    ReportFigure f;
    f.hidden = true;
    return f;
}

// A suppressed count table in the report's shape, with "Total" as the last row and column
// when the table has them.
ReportTable shape(std::string id, LocalizedText title, LocalizedText note,
                  std::vector<std::string> rowKeys, std::vector<LocalizedText> rows,
                  std::vector<std::string> columnKeys, std::vector<LocalizedText> columns,
                  disclosure::Table& t) {
    ReportTable out;
    out.id = std::move(id);
    out.title = std::move(title);
    out.note = std::move(note);
    out.rowKeys = std::move(rowKeys);
    out.rows = std::move(rows);
    out.columnKeys = std::move(columnKeys);
    out.columns = std::move(columns);
    for (std::size_t r = 0; r < t.rows(); ++r) {
        std::vector<ReportFigure> line;
        for (std::size_t c = 0; c < t.columns(); ++c) {
            line.push_back(countFigure(t.at(r, c)));
        }
        if (t.hasRowTotals()) {
            line.push_back(countFigure(t.rowTotal(r)));
        }
        out.cells.push_back(std::move(line));
    }
    if (t.hasRowTotals()) {
        out.columnKeys.push_back("total");
        out.columns.push_back(lt("Total", "I alt"));
    }
    if (t.hasColumnTotals()) {
        std::vector<ReportFigure> line;
        for (std::size_t c = 0; c < t.columns(); ++c) {
            line.push_back(countFigure(t.columnTotal(c)));
        }
        if (t.hasRowTotals()) {
            line.push_back(countFigure(t.grandTotal()));
        }
        out.rowKeys.push_back("total");
        out.rows.push_back(lt("Total", "I alt"));
        out.cells.push_back(std::move(line));
    }
    return out;
}

// Adds a column of texts, each shown only when the figure in column `gate` of its row is.
void addGatedColumn(ReportTable& t, std::string key, LocalizedText label, std::size_t gate,
                    const std::vector<ReportFigure>& values) {
    t.columnKeys.push_back(std::move(key));
    t.columns.push_back(std::move(label));
    for (std::size_t r = 0; r < t.cells.size(); ++r) {
        const bool open = !t.cells[r][gate].hidden && r < values.size();
        t.cells[r].push_back(open ? values[r] : hiddenFigure());
    }
}

ReportFigure rateFigureOf(std::int64_t with, std::int64_t group, int k) {
    const auto r = disclosure::rateFigure(with, group, k);
    if (r.kind == disclosure::RateFigure::Kind::Hidden) {
        return hiddenFigure();
    }
    return textFigure(disclosure::rateText(r));
}

std::string oneDecimal(double v) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(1);
    o << v;
    return o.str();
}

double daysBetween(const std::string& a, const std::string& b) {
    Poco::DateTime ta, tb;
    int tz = 0;
    try {
        ta = Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, a, tz);
        tb = Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, b, tz);
    } catch (const Poco::Exception&) {
        return 0;
    }
    return static_cast<double>((tb - ta).totalSeconds()) / 86400.0;
}

LocalizedText roleLabel(const std::string& role) {
    if (role == "employee") {
        return lt("employee", "medarbejder");
    }
    if (role == "council") {
        return lt("works council", "samarbejdsudvalg");
    }
    if (role == "dpo") {
        return lt("data protection officer", "databeskyttelsesrådgiver");
    }
    if (role == "admin") {
        return lt("administrator", "administrator");
    }
    if (role == "system") {
        return lt("the server", "serveren");
    }
    return LocalizedText{role, role};
}

// The purpose of a read, from its recorded reason, in a few fixed words: the reasons
// themselves are free text and may name a person.
std::pair<std::string, LocalizedText> purposeOf(const std::string& why) {
    if (why == "self") {
        return {"own_export", lt("own export", "egen eksport")};
    }
    if (why.rfind("handling request ", 0) == 0) {
        return {"request", lt("answering a request", "behandling af en anmodning")};
    }
    if (why.empty() || why.front() == '(') {
        return {"no_reason", lt("no reason given", "ingen begrundelse")};
    }
    return {"reason", lt("a stated reason", "en angivet begrundelse")};
}

LocalizedText phaseLabel(const std::string& phase) {
    if (phase == "in_effect") {
        return lt("in effect", "gældende");
    }
    if (phase == "announced") {
        return lt("announced", "varslet");
    }
    if (phase == "retired") {
        return lt("retired", "ophørt");
    }
    if (phase == "superseded") {
        return lt("superseded", "afløst");
    }
    return LocalizedText{phase, phase};
}

} // namespace

// ---- settings ------------------------------------------------------------------------------

Result<int> minGroupSizeSetting(Database& db) {
    std::vector<std::string> values;
    auto status = db.read("read the minimum group size", [&](Poco::Data::Session& s) {
        s << "SELECT value FROM settings WHERE name = 'min_group_size'", into(values), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (values.empty()) {
        return disclosure::kDefaultMinGroupSize;
    }
    int k = 0;
    const auto& t = values.front();
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), k);
    if (ec != std::errc() || ptr != t.data() + t.size()) {
        return Error{"setting min_group_size: not a number (\"" + t + "\")"};
    }
    // A stored value below the floor (written by hand) is never used below it.
    return std::max(k, disclosure::kMinGroupSizeFloor);
}

Status setMinGroupSize(Database& db, int k, const std::string& by) {
    if (auto ok = disclosure::checkMinGroupSize(k); !ok) {
        return ok;
    }
    const std::string value = std::to_string(k);
    const std::string at = nowIso8601();
    return db.write("set the minimum group size", [&](Poco::Data::Session& s) {
        s << "INSERT INTO settings (name, value, updated_at, updated_by) VALUES "
             "('min_group_size', $1, $2, $3) ON CONFLICT (name) DO UPDATE SET value = "
             "excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            useRef(value), useRef(at), useRef(by), now;
        return true;
    });
}

Result<int> councilAlertShareSetting(Database& db) {
    std::vector<std::string> values;
    auto status = db.read("read the council alert share", [&](Poco::Data::Session& s) {
        s << "SELECT value FROM settings WHERE name = 'council_alert_share'", into(values), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (values.empty()) {
        return kDefaultCouncilAlertShare;
    }
    int p = 0;
    const auto& t = values.front();
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), p);
    if (ec != std::errc() || ptr != t.data() + t.size() || p < 0 || p > 100) {
        return Error{"setting council_alert_share: not a percentage (\"" + t + "\")"};
    }
    return p;
}

Status setCouncilAlertShare(Database& db, int percent, const std::string& by) {
    if (percent < 0 || percent > 99) {
        return Error{"the council alert share is a percentage from 0 to 99 (got " +
                     std::to_string(percent) + ")"};
    }
    const std::string value = std::to_string(percent);
    const std::string at = nowIso8601();
    return db.write("set the council alert share", [&](Poco::Data::Session& s) {
        s << "INSERT INTO settings (name, value, updated_at, updated_by) VALUES "
             "('council_alert_share', $1, $2, $3) ON CONFLICT (name) DO UPDATE SET value = "
             "excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            useRef(value), useRef(at), useRef(by), now;
        return true;
    });
}

namespace {

// Everything a report is computed from, read in one go, and what its parts leave for the log.
struct RequestRow {
    std::string person, type, status, received, due, answered;
};
struct AccessRow {
    std::string person, role, why, outcome, time;
};
// A local calendar month of the period, clipped to it: [from, to) as ISO-8601 UTC.
struct Month {
    std::string key; // YYYY-MM
    LocalizedText label;
    std::string from, to;
};
struct Context {
    explicit Context(const CouncilReportRequest& r) : request(r) {}
    const CouncilReportRequest& request;
    int k = 0;
    std::string scopeKey, from, to, asOf, coverageFrom;
    Scope scope;
    std::map<std::string, std::map<std::string, Found>> found; // device -> systems
    std::map<std::string, bool> reported;                      // device -> in the last N days
    std::vector<RequestRow> requestRows;
    std::vector<AccessRow> accessRows;
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> deletions; // policy -> runs, n
    std::vector<PolicyVersion> versions;
    std::vector<CouncilPosition> positions;
    std::vector<PersonSet> shownUnits; // the groups of the unit rows the report shows
    std::vector<Month> months;
    // device -> for each month: the systems undeclared at some time in it; whether the computer
    // dated an entry in it
    std::map<std::string, std::vector<std::set<std::string>>> undeclaredByMonth;
    std::map<std::string, std::vector<bool>> reportedByMonth;
};

// The local calendar months that overlap [from, to), each clipped to it.
std::vector<Month> monthsOf(const Poco::DateTime& fromDay, const Poco::DateTime& toDay) {
    static const char* const en[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
    static const char* const da[] = {"januar",    "februar", "marts",    "april",
                                     "maj",       "juni",    "juli",     "august",
                                     "september", "oktober", "november", "december"};
    std::vector<Month> months;
    Poco::DateTime start = fromDay;
    while (start < toDay) {
        const int y = start.year(), m = start.month();
        Poco::DateTime end(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
        if (toDay < end) {
            end = toDay;
        }
        Month month;
        month.key = Poco::DateTimeFormatter::format(start, "%Y-%m");
        const std::string year = std::to_string(y);
        month.label =
            LocalizedText{std::string(en[m - 1]) + " " + year, std::string(da[m - 1]) + " " + year};
        month.from = localDayStart(Poco::DateTimeFormatter::format(start, "%Y-%m-%d"));
        month.to = localDayStart(Poco::DateTimeFormatter::format(end, "%Y-%m-%d"));
        months.push_back(std::move(month));
        start = end;
    }
    return months;
}

// The month an ISO-8601 UTC time in the period falls in (the last that starts at or before it).
std::size_t monthIndex(const std::vector<Month>& months, const std::string& time) {
    std::size_t at = 0;
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (months[i].from <= time) {
            at = i;
        }
    }
    return at;
}

void readFacts(Poco::Data::Session& s, Context& c) {
    c.scope = readScope(s, c.request, c.from);
    for (const auto& [device, people] : c.scope.devicePeople) {
        const auto rows = readObservations(s, device, c.to);
        c.found[device] = foldObservationRows(rows, c.from, c.to);
        auto& undeclared = c.undeclaredByMonth[device];
        for (const auto& month : c.months) {
            undeclared.push_back(undeclaredIn(rows, month.from, month.to));
        }
        // The months the computer dated an entry in: one step down ledger_entries_device_time
        // per month, all in one statement (a statement per month cost more than the steps).
        auto& reportedIn = c.reportedByMonth[device];
        reportedIn.assign(c.months.size(), false);
        if (!c.months.empty()) {
            std::string sql;
            for (std::size_t m = 0; m < c.months.size(); ++m) {
                const std::string p = std::to_string(3 * m + 1);
                sql +=
                    std::string(m == 0 ? "" : " UNION ALL ") + "SELECT CAST(" + std::to_string(m) +
                    " AS BIGINT) WHERE EXISTS (SELECT 1 FROM ledger_entries WHERE device_id = $" +
                    p + " AND time >= $" + std::to_string(3 * m + 2) + " AND time < $" +
                    std::to_string(3 * m + 3) + ")";
            }
            std::vector<Poco::Int64> reportedMonths;
            Poco::Data::Statement select(s);
            select << sql, into(reportedMonths);
            for (const auto& month : c.months) {
                select, useRef(device), useRef(month.from), useRef(month.to);
            }
            select.execute();
            for (const auto m : reportedMonths) {
                if (m >= 0 && static_cast<std::size_t>(m) < reportedIn.size()) {
                    reportedIn[static_cast<std::size_t>(m)] = true;
                }
            }
        }
        std::vector<std::string> latest;
        // One step down ledger_entries_device_time from the period's end.
        s << "SELECT time FROM ledger_entries WHERE device_id = $1 AND time < $2 ORDER BY time "
             "DESC LIMIT 1",
            into(latest), useRef(device), useRef(c.to), now;
        c.reported[device] = !latest.empty() && latest.front() >= c.coverageFrom;
    }
    {
        std::vector<std::string> person, type, status, received, due, answered;
        s << "SELECT person_id, type, status, received_at, due_at, COALESCE(answered_at, '') "
             "FROM requests WHERE received_at >= $1 AND received_at < $2",
            into(person), into(type), into(status), into(received), into(due), into(answered),
            useRef(c.from), useRef(c.to), now;
        for (std::size_t i = 0; i < person.size(); ++i) {
            if (c.scope.group.count(person[i]) != 0) {
                c.requestRows.push_back(
                    {person[i], type[i], status[i], received[i], due[i], answered[i]});
            }
        }
    }
    {
        std::vector<std::string> person, role, why, outcome, time;
        s << "SELECT person_id, actor_role, why, outcome, time FROM access_events WHERE time >= $1 "
             "AND time < $2",
            into(person), into(role), into(why), into(outcome), into(time), useRef(c.from),
            useRef(c.to), now;
        for (std::size_t i = 0; i < person.size(); ++i) {
            if (c.scope.group.count(person[i]) != 0) {
                c.accessRows.push_back({person[i], role[i], why[i], outcome[i], time[i]});
            }
        }
    }
    std::vector<std::string> details;
    std::vector<Poco::Int64> counts;
    s << "SELECT detail, count FROM system_actions WHERE action = 'retention.delete' AND time >= "
         "$1 AND time < $2",
        into(details), into(counts), useRef(c.from), useRef(c.to), now;
    for (std::size_t i = 0; i < details.size(); ++i) {
        auto& d = c.deletions[text(parseObject(details[i]), "policy")];
        d.first += 1;
        d.second += counts[i];
    }
}

// The groups of the reports released for the period [from, to): each report's own (group_no 0)
// and those of the unit rows it showed.
std::vector<disclosure::ReleasedGroups>
releasedGroups(Poco::Data::Session& s, const std::string& from, const std::string& to) {
    std::vector<std::string> ids, members;
    std::vector<Poco::Int64> numbers;
    s << "SELECT r.report_id, p.group_no, p.person_id FROM released_reports r JOIN "
         "released_report_people p ON p.report_id = r.report_id WHERE r.period_from = $1 "
         "AND r.period_to = $2 AND r.outcome = 'released'",
        into(ids), into(numbers), into(members), useRef(from), useRef(to), now;
    std::map<std::string, std::map<Poco::Int64, PersonSet>> released;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        released[ids[i]][numbers[i]].insert(members[i]);
    }
    std::vector<disclosure::ReleasedGroups> groups;
    for (auto& [id, byNumber] : released) {
        disclosure::ReleasedGroups g;
        for (auto& [number, people] : byNumber) {
            if (number == 0) {
                g.group = std::move(people);
            } else {
                g.rows.push_back(std::move(people));
            }
        }
        groups.push_back(std::move(g));
    }
    return groups;
}

// ---- the differencing guard over time ----------------------------------------------------
//
// Requests received and access events add up over time: a request has one receipt, an event one
// time. Two released reports of one scope whose periods overlap but differ give, figure by figure,
// the events of the difference by subtraction (Udvikling's requests January to March minus
// January to February is March's). For each such pair, the events counted by exactly one of the
// two reports (inside one period and not the other, or of a person in one group and not the
// other) are looked at in windows: between the periods' boundaries (a trends month can isolate
// each), and each local month both periods reach (its two trends rows subtract). In each window,
// each additive figure (requests by type and in all; access events by role and kind of reason,
// by outcome, and in all) must come from no one or from at least k people, shown or hidden in
// either report (conservative: hidden cells still take part in sums). Pairs only: three or more
// reports that together isolate a window are not checked (docs/council-reports.md).
struct TimedEvent {
    std::string person, time;
    std::vector<std::string> figures; // the additive figures the event counts in
};

struct ReleasedPeriod {
    std::string id, from, to;
    PersonSet group;
};

// The whole local month "YYYY-MM" as ISO-8601 UTC [from, to).
std::pair<std::string, std::string> wholeMonth(const std::string& key) {
    const int y = std::stoi(key.substr(0, 4));
    const int m = std::stoi(key.substr(5, 2));
    const Poco::DateTime next(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
    return {localDayStart(key + "-01"),
            localDayStart(Poco::DateTimeFormatter::format(next, "%Y-%m-%d"))};
}

std::vector<TimedEvent> additiveEvents(Poco::Data::Session& s, const std::string& from,
                                       const std::string& to) {
    std::vector<TimedEvent> events;
    {
        std::vector<std::string> person, type, received;
        s << "SELECT person_id, type, received_at FROM requests WHERE received_at >= $1 AND "
             "received_at < $2",
            into(person), into(type), into(received), useRef(from), useRef(to), now;
        const std::vector<std::string> types(std::begin(kRequestTypes), std::end(kRequestTypes));
        for (std::size_t i = 0; i < person.size(); ++i) {
            if (std::find(types.begin(), types.end(), type[i]) != types.end()) {
                events.push_back({person[i], received[i], {"requests:" + type[i], "requests"}});
            }
        }
    }
    {
        std::vector<std::string> person, role, why, outcome, time;
        s << "SELECT person_id, actor_role, why, outcome, time FROM access_events WHERE time >= $1 "
             "AND time < $2",
            into(person), into(role), into(why), into(outcome), into(time), useRef(from),
            useRef(to), now;
        for (std::size_t i = 0; i < person.size(); ++i) {
            const std::string row = "access:" + role[i] + "/" + purposeOf(why[i]).first;
            const std::string column = outcome[i] == "refused" ? ":refused" : ":read";
            events.push_back(
                {person[i], time[i], {row, row + column, "access" + column, "access"}});
        }
    }
    return events;
}

// Whether the asked report, against the released reports of its scope whose periods overlap it,
// would let subtraction give an additive figure from 1 to k-1 people.
bool derivableOverTime(Poco::Data::Session& s, const Context& c) {
    std::vector<std::string> ids, froms, tos;
    s << "SELECT report_id, period_from, period_to FROM released_reports WHERE scope = $1 AND "
         "outcome = 'released' AND period_from < $2 AND period_to > $3 AND NOT (period_from = $4 "
         "AND period_to = $5)",
        into(ids), into(froms), into(tos), useRef(c.scopeKey), useRef(c.to), useRef(c.from),
        useRef(c.from), useRef(c.to), now;
    if (ids.empty()) {
        return false;
    }
    std::vector<ReleasedPeriod> released;
    std::string lo = c.from, hi = c.to;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        ReleasedPeriod r;
        r.id = ids[i];
        r.from = froms[i];
        r.to = tos[i];
        std::vector<std::string> members;
        s << "SELECT person_id FROM released_report_people WHERE report_id = $1 AND group_no = 0",
            into(members), useRef(r.id), now;
        r.group.insert(members.begin(), members.end());
        lo = std::min(lo, r.from);
        hi = std::max(hi, r.to);
        released.push_back(std::move(r));
    }
    const auto k = static_cast<std::size_t>(c.k);
    const PersonSet& group = c.scope.group;
    // Only the events of someone in one of the groups can differ; by time, to find a window's.
    auto events = additiveEvents(s, lo, hi);
    events.erase(std::remove_if(events.begin(), events.end(),
                                [&](const TimedEvent& e) {
                                    return group.count(e.person) == 0 &&
                                           std::none_of(released.begin(), released.end(),
                                                        [&](const ReleasedPeriod& r) {
                                                            return r.group.count(e.person) != 0;
                                                        });
                                }),
                 events.end());
    std::sort(events.begin(), events.end(),
              [](const TimedEvent& a, const TimedEvent& b) { return a.time < b.time; });
    for (const auto& r : released) {
        // The events in [start, end) that one report counts and the other does not: from 1 to k-1
        // people behind any figure is a refusal.
        auto fewBehind = [&](const std::string& start, const std::string& end) {
            std::map<std::string, PersonSet> people; // figure -> the people behind its difference
            const auto first = std::lower_bound(
                events.begin(), events.end(), start,
                [](const TimedEvent& e, const std::string& t) { return e.time < t; });
            for (auto it = first; it != events.end() && it->time < end; ++it) {
                const TimedEvent& e = *it;
                const bool inAsked =
                    group.count(e.person) != 0 && e.time >= c.from && e.time < c.to;
                const bool inReleased =
                    r.group.count(e.person) != 0 && e.time >= r.from && e.time < r.to;
                if (inAsked != inReleased) {
                    for (const auto& f : e.figures) {
                        people[f].insert(e.person);
                    }
                }
            }
            return std::any_of(people.begin(), people.end(), [&](const auto& figure) {
                return !figure.second.empty() && figure.second.size() < k;
            });
        };
        // The windows between the two periods' boundaries: what the totals of the requests and
        // reads tables give, window by window once a trends month isolates one.
        std::vector<std::string> cuts = {c.from, c.to, r.from, r.to};
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
        for (std::size_t w = 0; w + 1 < cuts.size(); ++w) {
            if (fewBehind(cuts[w], cuts[w + 1])) {
                return true;
            }
        }
        // A local month both periods reach has a trends row in each: the two rows' difference
        // is the difference within that month (January 1 to 31 minus 15 to 31 is 1 to 14, even
        // when the periods' difference also holds other months).
        for (const auto& month : c.months) {
            const auto [monthFrom, monthTo] = wholeMonth(month.key);
            if (r.from < monthTo && r.to > monthFrom && fewBehind(monthFrom, monthTo)) {
                return true;
            }
        }
    }
    return false;
}

// Group 0 is the report's; 1, 2, ... the unit rows it shows.
void storeGroups(Poco::Data::Session& s, const std::string& reportId, const Context& c) {
    std::vector<std::pair<Poco::Int64, std::string>> rows;
    for (const auto& p : c.scope.group) {
        rows.emplace_back(0, p);
    }
    for (std::size_t g = 0; g < c.shownUnits.size(); ++g) {
        for (const auto& p : c.shownUnits[g]) {
            rows.emplace_back(static_cast<Poco::Int64>(g + 1), p);
        }
    }
    for (std::size_t at = 0; at < rows.size(); at += kMembersPerInsert) {
        const std::size_t n = std::min(kMembersPerInsert, rows.size() - at);
        Poco::Data::Statement insert(s);
        insert << "INSERT INTO released_report_people (report_id, group_no, person_id) "
                  "VALUES " +
                      placeholderRows(n, {"$", "$", "$"});
        for (std::size_t i = 0; i < n; ++i) {
            insert, useRef(reportId), useRef(rows[at + i].first), useRef(rows[at + i].second);
        }
        insert.execute();
    }
}

// the summary: people, computers, coverage, undeclared monitoring
void summaryTable(Context& x, std::vector<ReportTable>& out) {
    Scope& scope = x.scope;
    auto& found = x.found;
    auto& reported = x.reported;
    const CouncilReportRequest& request = x.request;
    const int kk = x.k;
    Tally people, devices, devicesReported, undeclaredPeople;
    PersonSet withComputers, covered;
    std::map<std::string, bool> allReported; // person -> every computer reported
    for (const auto& p : scope.group) {
        people.add(1, p);
    }
    for (const auto& [device, members] : scope.devicePeople) {
        devices.add(1, members);
        if (reported[device]) {
            devicesReported.add(1, members);
        }
        for (const auto& m : members) {
            withComputers.insert(m);
            auto [it, fresh] = allReported.try_emplace(m, true);
            it->second = it->second && reported[device];
        }
        for (const auto& [key, f] : found[device]) {
            if (f.undeclaredInPeriod) {
                undeclaredPeople.people.insert(members.begin(), members.end());
            }
        }
    }
    for (const auto& [person, ok] : allReported) {
        if (ok) {
            covered.insert(person);
        }
    }
    undeclaredPeople.value = static_cast<std::int64_t>(undeclaredPeople.people.size());
    disclosure::Table t(1, 4, false, false);
    t.setRowGroup(0, scope.group);
    const Tally* cells[] = {&people, &devices, &devicesReported, &undeclaredPeople};
    for (std::size_t c = 0; c < 4; ++c) {
        t.at(0, c).value = cells[c]->value;
        t.at(0, c).people = cells[c]->people;
    }
    disclosure::suppress(t, kk);
    auto table = shape(
        "summary", lt("Summary", "Overblik"),
        lt("Computers are those tied to the group's people. A computer has reported when the "
           "server holds an entry it dated in the last days before the period's end.",
           "Computere er dem, der er knyttet til gruppens personer. En computer har "
           "rapporteret, når serveren har en registrering, den har dateret i de sidste dage "
           "før periodens slutning."),
        {x.scopeKey},
        {request.all ? lt("Whole workplace", "Hele arbejdspladsen")
                     : LocalizedText{request.unit, request.unit}},
        {"people", "computers", "computers_reported", "people_undeclared"},
        {lt("People", "Personer"), lt("Computers", "Computere"),
         LocalizedText{"Computers reported (" + std::to_string(request.coverageDays) + " days)",
                       "Computere, der har rapporteret (" + std::to_string(request.coverageDays) +
                           " dage)"},
         lt("People with undeclared monitoring", "Personer med ikke-erklæret overvågning")},
        t);
    addGatedColumn(table, "coverage",
                   lt("People whose computers all reported", "Personer, hvis computere alle "
                                                             "har rapporteret"),
                   0,
                   {rateFigureOf(static_cast<std::int64_t>(covered.size()),
                                 static_cast<std::int64_t>(withComputers.size()), kk)});
    addGatedColumn(
        table, "undeclared_share",
        lt("Share with undeclared monitoring", "Andel med ikke-erklæret overvågning"), 0,
        {rateFigureOf(undeclaredPeople.value, static_cast<std::int64_t>(scope.group.size()), kk)});
    out.push_back(std::move(table));
}

// units (the whole workplace only): a unit's figures add up to the workplace's
void unitsTable(Context& x, std::vector<ReportTable>& out) {
    Scope& scope = x.scope;
    auto& found = x.found;
    auto& reported = x.reported;
    const int kk = x.k;
    auto& shownUnits = x.shownUnits;
    if (!x.request.all) {
        return;
    }
    std::map<std::string, PersonSet> members;
    for (const auto& [person, unit] : scope.unitOf) {
        members[unit].insert(person);
    }
    std::map<std::string, Tally> devices, undeclared, covered;
    std::map<std::string, std::map<std::string, bool>> allReported;
    for (const auto& [device, people] : scope.devicePeople) {
        bool anyUndeclared = false;
        for (const auto& [key, f] : found[device]) {
            anyUndeclared = anyUndeclared || f.undeclaredInPeriod;
        }
        for (const auto& p : people) {
            const auto& unit = scope.unitOf[p];
            devices[unit].add(1, p);
            if (anyUndeclared) {
                undeclared[unit].people.insert(p);
            }
            auto [it, fresh] = allReported[unit].try_emplace(p, true);
            it->second = it->second && reported[device];
        }
    }
    std::vector<std::string> keys;
    std::vector<LocalizedText> labels;
    for (const auto& [unit, people] : members) {
        keys.push_back(unit);
        labels.push_back(unit.empty() ? lt("(no unit)", "(ingen enhed)")
                                      : LocalizedText{unit, unit});
    }
    disclosure::Table t(keys.size(), 4, false, true);
    for (std::size_t c : {0u, 2u, 3u}) {
        t.setPeopleColumn(c);
    }
    std::vector<ReportFigure> rates;
    for (std::size_t r = 0; r < keys.size(); ++r) {
        const auto& unit = keys[r];
        t.setRowGroup(r, members[unit]);
        t.at(r, 0).value = static_cast<std::int64_t>(members[unit].size());
        t.at(r, 0).people = members[unit];
        t.at(r, 1).value = devices[unit].value;
        t.at(r, 1).people = devices[unit].people;
        t.at(r, 2).people = undeclared[unit].people;
        t.at(r, 2).value = static_cast<std::int64_t>(undeclared[unit].people.size());
        std::int64_t withComputers = 0;
        for (const auto& [p, ok] : allReported[unit]) {
            ++withComputers;
            if (ok) {
                t.at(r, 3).people.insert(p);
            }
        }
        t.at(r, 3).value = static_cast<std::int64_t>(t.at(r, 3).people.size());
        rates.push_back(rateFigureOf(t.at(r, 3).value, withComputers, kk));
    }
    disclosure::suppress(t, kk);
    auto table = shape(
        "units", lt("By org unit", "Efter enhed"),
        lt("A unit with fewer people than the minimum group size shows no figures; another "
           "unit's figure is hidden with it so the total does not give it away.",
           "En enhed med færre personer end mindste gruppestørrelse viser ingen tal; en anden "
           "enheds tal skjules med, så totalen ikke afslører det."),
        keys, labels, {"people", "computers", "people_undeclared", "people_covered"},
        {lt("People", "Personer"), lt("Computers", "Computere"),
         lt("People with undeclared monitoring", "Personer med ikke-erklæret overvågning"),
         lt("People whose computers all reported", "Personer, hvis computere alle har "
                                                   "rapporteret")},
        t);
    for (std::size_t r = 0; r < keys.size(); ++r) {
        bool any = false;
        for (std::size_t c = 0; c < t.columns(); ++c) {
            any = any || t.at(r, c).shown();
        }
        if (any) {
            shownUnits.push_back(members[keys[r]]);
        }
    }
    rates.push_back(hiddenFigure()); // the total row: the summary has it
    addGatedColumn(table, "coverage", lt("Coverage", "Dækning"), 3, rates);
    out.push_back(std::move(table));
}

// monitoring systems, data categories, undeclared
void monitoringTables(Context& x, std::vector<ReportTable>& out) {
    Scope& scope = x.scope;
    auto& found = x.found;
    const int kk = x.k;
    std::map<std::string, Tally> systemDevices, categoryDevices, undeclaredObs;
    std::map<std::string, LocalizedText> systemLabel;
    std::map<std::string, std::pair<bool, bool>> systemDeclared; // declared, undeclared seen
    std::map<std::string, std::string> undeclaredSince;
    for (const auto& [device, people] : scope.devicePeople) {
        for (const auto& [key, f] : found[device]) {
            systemDevices[key].add(1, people);
            systemLabel[key] = f.label;
            systemDeclared[key].first |= f.declaredInPeriod;
            systemDeclared[key].second |= f.undeclaredInPeriod;
            for (const auto& c : f.categories) {
                categoryDevices[c].add(0, people);
            }
            if (f.undeclaredInPeriod) {
                undeclaredObs[key].add(1, people);
                auto& since = undeclaredSince[key];
                if (since.empty() || f.undeclaredSince < since) {
                    since = f.undeclaredSince;
                }
            }
        }
        std::set<std::string> categories;
        for (const auto& [key, f] : found[device]) {
            categories.insert(f.categories.begin(), f.categories.end());
        }
        for (const auto& c : categories) {
            categoryDevices[c].value += 1;
        }
    }
    {
        std::vector<std::string> keys;
        std::vector<LocalizedText> labels;
        for (const auto& [key, tally] : systemDevices) {
            keys.push_back(key);
            labels.push_back(systemLabel[key]);
        }
        disclosure::Table t(keys.size(), 2, false, false);
        t.setPeopleColumn(1);
        std::vector<ReportFigure> declared;
        for (std::size_t r = 0; r < keys.size(); ++r) {
            const auto& tally = systemDevices[keys[r]];
            t.at(r, 0).value = tally.value;
            t.at(r, 0).people = tally.people;
            t.at(r, 1).value = static_cast<std::int64_t>(tally.people.size());
            t.at(r, 1).people = tally.people;
            const auto [yes, no] = systemDeclared[keys[r]];
            declared.push_back(yes && no ? textFigure("partly", "delvis")
                               : yes     ? textFigure("yes", "ja")
                                         : textFigure("no", "nej"));
        }
        disclosure::suppress(t, kk);
        auto table = shape("systems", lt("Monitoring systems present", "Overvågningssystemer"),
                           lt("Found by the agents on the group's computers at any time in "
                              "the period.",
                              "Fundet af agenterne på gruppens computere på et tidspunkt i "
                              "perioden."),
                           keys, labels, {"computers", "people"},
                           {lt("Computers", "Computere"), lt("People", "Personer")}, t);
        addGatedColumn(table, "declared", lt("Declared", "Erklæret"), 1, declared);
        out.push_back(std::move(table));
    }
    {
        std::vector<std::string> keys;
        std::vector<LocalizedText> labels;
        for (const auto& [word, tally] : categoryDevices) {
            keys.push_back(word);
            const auto* c = findDataCategory(word);
            labels.push_back(c ? LocalizedText{std::string(c->nameEn), std::string(c->nameDa)}
                               : LocalizedText{word, word});
        }
        disclosure::Table t(keys.size(), 2, false, false);
        t.setPeopleColumn(1);
        for (std::size_t r = 0; r < keys.size(); ++r) {
            const auto& tally = categoryDevices[keys[r]];
            t.at(r, 0).value = tally.value;
            t.at(r, 0).people = tally.people;
            t.at(r, 1).value = static_cast<std::int64_t>(tally.people.size());
            t.at(r, 1).people = tally.people;
        }
        disclosure::suppress(t, kk);
        out.push_back(
            shape("categories", lt("Data categories in use", "Datakategorier i brug"),
                  lt("What the monitoring present can collect, by the catalog and the declared "
                     "policies.",
                     "Hvad den fundne overvågning kan indsamle, efter kataloget og de erklærede "
                     "politikker."),
                  keys, labels, {"computers", "people"},
                  {lt("Computers", "Computere"), lt("People", "Personer")}, t));
    }
    {
        std::vector<std::string> keys;
        std::vector<LocalizedText> labels;
        for (const auto& [key, tally] : undeclaredObs) {
            keys.push_back(key);
            labels.push_back(systemLabel[key]);
        }
        disclosure::Table t(keys.size(), 2, false, true);
        t.setPeopleColumn(1);
        std::vector<ReportFigure> since;
        for (std::size_t r = 0; r < keys.size(); ++r) {
            const auto& tally = undeclaredObs[keys[r]];
            t.at(r, 0).value = tally.value;
            t.at(r, 0).people = tally.people;
            t.at(r, 1).value = static_cast<std::int64_t>(tally.people.size());
            t.at(r, 1).people = tally.people;
            since.push_back(textFigure(undeclaredSince[keys[r]].substr(0, 10)));
        }
        std::string earliest;
        for (const auto& [key, s] : undeclaredSince) {
            earliest = earliest.empty() ? s : std::min(earliest, s);
        }
        since.push_back(textFigure(earliest.substr(0, 10)));
        disclosure::suppress(t, kk);
        auto table = shape(
            "undeclared", lt("Undeclared monitoring", "Ikke-erklæret overvågning"),
            lt("Monitoring no declared policy covered at some time in the period: one "
               "observation per computer and system; since: the start of the undeclared "
               "spell.",
               "Overvågning, som ingen erklæret politik dækkede på et tidspunkt i perioden: én "
               "observation pr. computer og system; siden: hvornår den blev ikke-erklæret."),
            keys, labels, {"observations", "people"},
            {lt("Observations", "Observationer"), lt("People", "Personer")}, t);
        addGatedColumn(table, "since", lt("Since", "Siden"), 0, since);
        out.push_back(std::move(table));
    }
}

// policies and the council's positions: the employer's acts, shown whole
void policiesTable(Context& x, std::vector<ReportTable>& out) {
    const std::string& from = x.from;
    const std::string& to = x.to;
    std::map<std::pair<std::string, std::int64_t>, std::pair<std::int64_t, std::int64_t>> stance;
    for (const auto& p : x.positions) {
        auto& st = stance[{p.policyId, p.version}];
        (p.position == "objection" ? st.second : st.first) += 1;
    }
    // The effective time of the version after each, to tell whether a superseded one was
    // still in effect in the period.
    std::map<std::pair<std::string, std::int64_t>, std::string> nextEffective;
    for (const auto& v : x.versions) {
        for (const auto& w : x.versions) {
            if (w.policyId == v.policyId && w.version > v.version && !w.effectiveAt.empty() &&
                w.state != "draft") {
                auto& n = nextEffective[{v.policyId, v.version}];
                n = n.empty() ? w.effectiveAt : std::min(n, w.effectiveAt);
            }
        }
    }
    ReportTable table;
    table.id = "policies";
    table.title = lt("Declared policies", "Erklærede politikker");
    table.note = lt("Versions in effect, announced, superseded or retired in the period. "
                    "Notice: whether the notice period was kept; a short notice has its "
                    "recorded reason.",
                    "Versioner gældende, varslet, afløst eller ophørt i perioden. Varsel: om "
                    "varslingsperioden blev overholdt; et kort varsel har sin registrerede "
                    "begrundelse.");
    table.columnKeys = {"system",    "version", "phase",        "announced",
                        "effective", "notice",  "acknowledged", "objections"};
    table.columns = {lt("System", "System"),
                     lt("Version", "Version"),
                     lt("Phase", "Fase"),
                     lt("Announced", "Varslet"),
                     lt("Effective", "Gældende fra"),
                     lt("Notice", "Varsel"),
                     lt("Council: acknowledged", "Udvalg: taget til efterretning"),
                     lt("Council: objections", "Udvalg: indsigelser")};
    for (const auto& v : x.versions) {
        if (v.phase == "draft" || v.announcedAt.empty() || v.announcedAt >= to) {
            continue;
        }
        if (v.phase == "retired" && !v.retiredAt.empty() && v.retiredAt < from) {
            continue;
        }
        if (v.phase == "superseded") {
            const auto n = nextEffective.find({v.policyId, v.version});
            if (n != nextEffective.end() && n->second < from) {
                continue;
            }
        }
        std::string system = text(parseObject(v.json), "system");
        table.rowKeys.push_back(v.policyId + "@" + std::to_string(v.version));
        table.rows.push_back(LocalizedText{v.policyId, v.policyId});
        const auto phase = phaseLabel(v.phase);
        const auto st = stance[{v.policyId, v.version}];
        ReportFigure version, acknowledged, objections;
        version.count = v.version;
        acknowledged.count = st.first;
        objections.count = st.second;
        table.cells.push_back(
            {textFigure(system), version, textFigure(phase.en, phase.da),
             textFigure(v.announcedAt.substr(0, 10)), textFigure(v.effectiveAt.substr(0, 10)),
             v.shortNoticeReason.empty()
                 ? textFigure("kept", "overholdt")
                 : textFigure("short: " + v.shortNoticeReason, "kort: " + v.shortNoticeReason),
             acknowledged, objections});
    }
    out.push_back(std::move(table));
}

// requests
void requestsTable(Context& x, std::vector<ReportTable>& out) {
    const int kk = x.k;
    const auto& requestRows = x.requestRows;
    const std::string& asOf = x.asOf;
    const std::vector<std::string> types(std::begin(kRequestTypes), std::end(kRequestTypes));
    disclosure::Table t(types.size(), 4, false, true);
    std::vector<std::vector<double>> days(types.size());
    std::vector<double> allDays;
    for (const auto& r : requestRows) {
        const auto it = std::find(types.begin(), types.end(), r.type);
        if (it == types.end()) {
            continue;
        }
        const auto row = static_cast<std::size_t>(it - types.begin());
        const bool open = r.status == kStatusReceived || r.status == kStatusInProgress;
        const bool closedInTime = !open && !r.answered.empty() && r.answered < asOf;
        t.add(row, 0, 1, r.person);
        if (closedInTime) {
            t.add(row, 1, 1, r.person);
            days[row].push_back(daysBetween(r.received, r.answered));
            allDays.push_back(days[row].back());
        } else {
            t.add(row, 2, 1, r.person);
        }
        const bool late = (!closedInTime && asOf > r.due) || (closedInTime && r.answered > r.due);
        if (late) {
            t.add(row, 3, 1, r.person);
        }
    }
    disclosure::suppress(t, kk);
    std::vector<LocalizedText> labels;
    std::vector<ReportFigure> medians;
    for (std::size_t r = 0; r < types.size(); ++r) {
        labels.push_back(LocalizedText{requestTypeLabel(html::Lang::En, types[r]),
                                       requestTypeLabel(html::Lang::Da, types[r])});
        medians.push_back(days[r].empty() ? hiddenFigure()
                                          : textFigure(oneDecimal(disclosure::median(days[r]))));
    }
    medians.push_back(allDays.empty() ? hiddenFigure()
                                      : textFigure(oneDecimal(disclosure::median(allDays))));
    auto table =
        shape("requests", lt("Requests", "Anmodninger"),
              lt("Requests received in the period by the group's people. Overdue: answered after "
                 "the due date, or still open past it. Median days from receipt to answer.",
                 "Anmodninger modtaget i perioden fra gruppens personer. Forsinket: besvaret efter "
                 "fristen eller stadig åben efter den. Median dage fra modtagelse til svar."),
              std::vector<std::string>(types), labels, {"received", "answered", "open", "overdue"},
              {lt("Received", "Modtaget"), lt("Answered or refused", "Besvaret eller afvist"),
               lt("Open", "Åbne"), lt("Overdue", "Forsinkede")},
              t);
    addGatedColumn(table, "median_days", lt("Median days to answer", "Median dage til svar"), 1,
                   medians);
    out.push_back(std::move(table));
}

// access events: roles and purposes, counts only
void accessTable(Context& x, std::vector<ReportTable>& out) {
    const int kk = x.k;
    const auto& accessRows = x.accessRows;
    std::map<std::string, std::pair<LocalizedText, std::vector<const AccessRow*>>> groups;
    for (const auto& a : accessRows) {
        const auto [purposeKey, purpose] = purposeOf(a.why);
        const auto role = roleLabel(a.role);
        auto& g = groups[a.role + "/" + purposeKey];
        g.first = LocalizedText{role.en + ": " + purpose.en, role.da + ": " + purpose.da};
        g.second.push_back(&a);
    }
    std::vector<std::string> keys;
    std::vector<LocalizedText> labels;
    for (const auto& [key, g] : groups) {
        keys.push_back(key);
        labels.push_back(g.first);
    }
    disclosure::Table t(keys.size(), 2, true, true);
    for (std::size_t r = 0; r < keys.size(); ++r) {
        for (const auto* a : groups[keys[r]].second) {
            t.add(r, a->outcome == "refused" ? 1 : 0, 1, a->person);
        }
    }
    disclosure::suppress(t, kk);
    out.push_back(
        shape("access", lt("Reads of people's data", "Opslag i personers data"),
              lt("Access events in the period about the group's people, by the reader's role and "
                 "the kind of reason. Counts only: who and why stay in each person's own log.",
                 "Adgangshændelser i perioden om gruppens personer, efter læserens rolle og "
                 "begrundelsens art. Kun antal: hvem og hvorfor står i hver persons egen log."),
              keys, labels, {"read", "refused"}, {lt("Read", "Læst"), lt("Refused", "Afvist")}, t));
}

// trends: one row per local month of the period, then the period's total. Requests received and
// access events add up over the months (each has one time), so their columns are sum lines for
// complementary suppression; computers that reported, people with undeclared monitoring and
// undeclared observations do not (a computer, person or observation can be in several months),
// so their totals are the period's own figures, the same as the summary's and the undeclared
// table's, and subtracting months from them gives nothing exact.
void trendsTable(Context& x, std::vector<ReportTable>& out) {
    const int kk = x.k;
    const auto& months = x.months;
    const std::size_t n = months.size();
    disclosure::Table t(n, 5, false, true);
    t.setPeopleColumn(1);
    Tally reportedTotal, undeclaredPeopleTotal, observationsTotal;
    for (const auto& [device, members] : x.scope.devicePeople) {
        const auto& reportedIn = x.reportedByMonth[device];
        const auto& undeclaredIn = x.undeclaredByMonth[device];
        bool reportedAny = false;
        for (std::size_t m = 0; m < n; ++m) {
            if (reportedIn[m]) {
                reportedAny = true;
                t.at(m, 0).value += 1;
                t.at(m, 0).people.insert(members.begin(), members.end());
            }
            if (!undeclaredIn[m].empty()) {
                t.at(m, 1).people.insert(members.begin(), members.end());
            }
            t.at(m, 2).value += static_cast<std::int64_t>(undeclaredIn[m].size());
            if (!undeclaredIn[m].empty()) {
                t.at(m, 2).people.insert(members.begin(), members.end());
            }
        }
        if (reportedAny) {
            reportedTotal.add(1, members);
        }
        for (const auto& [key, f] : x.found[device]) {
            if (f.undeclaredInPeriod) {
                observationsTotal.add(1, members);
                undeclaredPeopleTotal.people.insert(members.begin(), members.end());
            }
        }
    }
    undeclaredPeopleTotal.value = static_cast<std::int64_t>(undeclaredPeopleTotal.people.size());
    // The requests and reads the requests and access tables count, by when they came.
    const std::vector<std::string> types(std::begin(kRequestTypes), std::end(kRequestTypes));
    for (const auto& r : x.requestRows) {
        if (std::find(types.begin(), types.end(), r.type) != types.end()) {
            t.add(monthIndex(months, r.received), 3, 1, r.person);
        }
    }
    for (const auto& a : x.accessRows) {
        t.add(monthIndex(months, a.time), 4, 1, a.person);
    }
    t.setColumnTotalGiven(0, reportedTotal.value, reportedTotal.people);
    t.setColumnTotalGiven(1, undeclaredPeopleTotal.value, undeclaredPeopleTotal.people);
    t.setColumnTotalGiven(2, observationsTotal.value, observationsTotal.people);
    disclosure::suppress(t, kk);
    std::vector<std::string> keys;
    std::vector<LocalizedText> labels;
    std::vector<ReportFigure> rates;
    const auto group = static_cast<std::int64_t>(x.scope.group.size());
    for (std::size_t m = 0; m < n; ++m) {
        keys.push_back(months[m].key);
        labels.push_back(months[m].label);
        rates.push_back(
            rateFigureOf(static_cast<std::int64_t>(t.at(m, 1).people.size()), group, kk));
    }
    rates.push_back(rateFigureOf(undeclaredPeopleTotal.value, group, kk));
    auto table = shape(
        "trends", lt("Trends by month", "Måned for måned"),
        lt("One row per calendar month of the period (the first and last cut to the period), "
           "then the whole period. Computers that dated an entry in the month; people and "
           "observations (computer and system) with monitoring no declared policy covered at "
           "some time in the month; requests received; reads of the group's people's data. Only "
           "requests and reads add up over the months: the others count a computer or person "
           "in every month it was in, so their total is the period's own figure.",
           "Én række pr. kalendermåned i perioden (den første og sidste afkortet til perioden) "
           "og så hele perioden. Computere, der har dateret en registrering i måneden; personer "
           "og observationer (computer og system) med overvågning, som ingen erklæret politik "
           "dækkede på et tidspunkt i måneden; modtagne anmodninger; opslag i gruppens "
           "personers data. Kun anmodninger og opslag kan lægges sammen over månederne: de "
           "andre tæller en computer eller person i hver måned, den var med i, så deres total er "
           "periodens eget tal."),
        keys, labels,
        {"computers_reported", "people_undeclared", "observations_undeclared", "requests_received",
         "access_events"},
        {lt("Computers that reported", "Computere, der har rapporteret"),
         lt("People with undeclared monitoring", "Personer med ikke-erklæret overvågning"),
         lt("Undeclared observations", "Ikke-erklærede observationer"),
         lt("Requests received", "Modtagne anmodninger"),
         lt("Reads of people's data", "Opslag i personers data")},
        t);
    // The rate rule on each month's share (0 % and 100 % never shown, bands under k people).
    addGatedColumn(table, "undeclared_share",
                   lt("Share with undeclared monitoring", "Andel med ikke-erklæret overvågning"), 1,
                   rates);
    out.push_back(std::move(table));
}

// retention: what the server deleted (workplace-wide)
void retentionTable(Context& x, std::vector<ReportTable>& out) {
    const auto& deletions = x.deletions;
    ReportTable table;
    table.id = "retention";
    table.title = lt("Retention deletions", "Sletning efter opbevaringsperiode");
    table.note = lt("What the server deleted in the period, for the whole workplace: ledger "
                    "entries past their policy's retention, or past the maximum for entries "
                    "under no policy.",
                    "Hvad serveren slettede i perioden for hele arbejdspladsen: registreringer "
                    "ud over politikkens opbevaringsperiode eller over maksimum for "
                    "registreringer uden politik.");
    table.columnKeys = {"runs", "entries"};
    table.columns = {lt("Deletions", "Sletninger"), lt("Entries deleted", "Slettede poster")};
    for (const auto& [policy, d] : deletions) {
        table.rowKeys.push_back(policy.empty() ? "(none)" : policy);
        table.rows.push_back(policy.empty() ? lt("(no declared policy)", "(ingen erklæret politik)")
                                            : LocalizedText{policy, policy});
        ReportFigure runs, entries;
        runs.count = d.first;
        entries.count = d.second;
        table.cells.push_back({runs, entries});
    }
    out.push_back(std::move(table));
}

} // namespace

// ---- the report ----------------------------------------------------------------------------

CouncilReports::CouncilReports(Database& db, Clock clock) : m_db(db), m_clock(std::move(clock)) {}

CouncilReportOutcome CouncilReports::generate(const CouncilReportRequest& request) {
    CouncilReportOutcome out;
    const auto fromDay = parseDay(request.from);
    const auto toDay = parseDay(request.to);
    if (!fromDay || !toDay) {
        out.status = 400;
        out.error = "the period's dates must be YYYY-MM-DD (got from \"" + request.from +
                    "\", to \"" + request.to + "\")";
        return out;
    }
    const auto length = (*toDay - *fromDay).days();
    if (length < 1 || length > kMaxReportDays) {
        out.status = 400;
        out.error = "the period must end after it starts and span at most " +
                    std::to_string(kMaxReportDays) + " days (to is not included)";
        return out;
    }
    if (request.coverageDays < 1 || request.coverageDays > kMaxCoverageDays) {
        out.status = 400;
        out.error = "coverage days: from 1 to " + std::to_string(kMaxCoverageDays);
        return out;
    }
    if (!request.all && request.unit.size() > 200) {
        out.status = 400;
        out.error = "the org unit's name is longer than 200 bytes";
        return out;
    }
    auto k = minGroupSizeSetting(m_db);
    if (!k) {
        out.status = 500;
        out.error = k.error();
        return out;
    }
    const std::string nowIso = m_clock ? m_clock() : nowIso8601();
    // The period's days are the workplace's local days (server/local_time.h), as deadlines and
    // effective dates are: from the start of `from` to the start of `to`, local time.
    const std::string from = localDayStart(request.from);
    const std::string to = localDayStart(request.to);
    // Figures "as of" the end of the period, or now while it runs.
    const std::string asOf = std::min(to, nowIso);
    Poco::DateTime coverageStartDay = *toDay;
    coverageStartDay -= Poco::Timespan(request.coverageDays, 0, 0, 0, 0);
    const std::string coverageFrom =
        localDayStart(Poco::DateTimeFormatter::format(coverageStartDay, "%Y-%m-%d"));

    CouncilReport report;
    report.generatedAt = nowIso;
    report.askedBy = request.askedBy;
    report.all = request.all;
    report.unit = request.unit;
    report.scope = request.all ? "all" : "unit:" + request.unit;
    report.from = request.from;
    report.to = request.to;
    report.minGroupSize = k.value();
    report.coverageDays = request.coverageDays;
    const int kk = k.value();

    Context c(request);
    c.k = kk;
    c.scopeKey = report.scope;
    c.from = from;
    c.to = to;
    c.asOf = asOf;
    c.coverageFrom = coverageFrom;
    c.months = monthsOf(*fromDay, *toDay);
    auto read = m_db.read("read the council report's data",
                          [&](Poco::Data::Session& s) { readFacts(s, c); });
    if (!read) {
        out.status = 500;
        out.error = read.error();
        return out;
    }
    const Scope& scope = c.scope;

    // The log identifies the group by a digest of its sorted ids as well as by its members.
    const std::string reportId = pki::randomHex(12).value();
    report.reportId = reportId;
    std::string digestText;
    for (const auto& p : scope.group) {
        digestText += p + "\n";
    }
    const std::string digest = sha256Hex(digestText);
    std::string refusal;
    std::string refusalDa; // when the refusal has a Danish text of its own
    if (scope.group.empty()) {
        refusal = request.all ? "refused: the workplace has no people (import the directory)"
                              : "refused: org unit \"" + request.unit + "\" has no people";
    }

    PolicyLifecycle lifecycle(m_db, [asOf] { return std::string(asOf); });
    auto versions = lifecycle.versions();
    auto positions = lifecycle.positions();
    if (!versions || !positions) {
        out.status = 500;
        out.error = !versions ? versions.error() : positions.error();
        return out;
    }
    c.versions = std::move(versions).value();
    c.positions = std::move(positions).value();

    for (auto* section : {summaryTable, unitsTable, trendsTable, monitoringTables, policiesTable,
                          requestsTable, accessTable, retentionTable}) {
        section(c, report.tables);
    }

    // ---- the differencing guard and the log: nothing leaves unless both pass ----
    const std::string scopeText = report.scope;
    const Poco::Int64 groupSize = static_cast<Poco::Int64>(scope.group.size());
    const Poco::Int64 minGroup = kk;
    const std::string askedBy = request.askedBy;
    const std::string askedRole = request.askedRole;
    auto logged = m_db.write("log the council report", [&](Poco::Data::Session& s) {
        if (m_db.backend() == Backend::Postgres) {
            // Two reports of one period asked at once must not both pass the guard.
            s << "SELECT pg_advisory_xact_lock(73697382)", now;
        }
        if (refusal.empty()) {
            const auto groups = releasedGroups(s, from, to);
            const disclosure::ReleasedGroups asked{scope.group, c.shownUnits};
            if (auto guard = disclosure::checkDifferencing(asked, groups, kk); !guard) {
                refusal = guard.error();
            } else if (derivableOverTime(s, c)) {
                // Never how many people or which figure: that would itself describe them.
                refusal = "refused: a report for the same scope and an overlapping period has "
                          "already been released, and subtracting one from the other would give "
                          "figures about fewer people than the minimum group size " +
                          std::to_string(kk) +
                          " (ask for the same period, or for one that does not overlap it)";
                refusalDa = "afvist: en rapport for samme enhed og en overlappende periode er "
                            "allerede udleveret, og trækker man den ene fra den anden, fås tal om "
                            "færre personer end mindste gruppestørrelse " +
                            std::to_string(kk) +
                            " (bed om samme periode eller om en, der ikke overlapper den)";
            }
        }
        const std::string outcome = refusal.empty() ? "released" : "refused";
        s << "INSERT INTO released_reports (report_id, generated_at, asked_by, asked_role, scope, "
             "period_from, period_to, min_group_size, group_size, group_digest, outcome, reason) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            useRef(reportId), useRef(nowIso), useRef(askedBy), useRef(askedRole), useRef(scopeText),
            useRef(from), useRef(to), bind(minGroup), bind(groupSize), useRef(digest),
            useRef(outcome), useRef(refusal), now;
        if (!refusal.empty()) {
            return true;
        }
        storeGroups(s, reportId, c);
        return true;
    });
    if (!logged) {
        out.status = 500;
        out.error = logged.error();
        return out;
    }
    if (!refusal.empty()) {
        out.status = 409;
        out.error = refusal;
        out.errorDa = refusalDa;
        return out;
    }

    out.report = std::move(report);
    return out;
}

// ---- output --------------------------------------------------------------------------------

namespace {

std::string figureText(const ReportFigure& f, Language language) {
    if (f.hidden) {
        return "*";
    }
    if (f.count) {
        return std::to_string(*f.count);
    }
    return language == Language::Danish ? f.textDa : f.text;
}

std::size_t displayWidth(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        n += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

std::string pad(const std::string& s, std::size_t width) {
    return s + std::string(width > displayWidth(s) ? width - displayWidth(s) : 0, ' ');
}

} // namespace

std::string reportText(const CouncilReport& r, Language l) {
    const bool da = l == Language::Danish;
    std::ostringstream o;
    o << (da ? "Rapport til samarbejdsudvalget: " : "Works-council report: ")
      << (r.all ? (da ? "hele arbejdspladsen" : "whole workplace")
                : (da ? "enhed " : "unit ") + r.unit)
      << ", " << r.from << (da ? " til " : " to ") << r.to
      << (da ? " (ekskl.)\n" : " (exclusive)\n")
      << (da ? "Mindste gruppestørrelse: " : "Minimum group size: ") << r.minGroupSize
      << (da ? "; * = skjult (færre personer end den, eller ville afsløre sådan et tal)\n"
             : "; * = hidden (fewer people than that, or would give such a figure away)\n")
      << (da ? "Rapport " : "Report ") << r.reportId << (da ? ", dannet " : ", generated ")
      << r.generatedAt << " for " << r.askedBy << "\n"; // "for" in both languages
    for (const auto& t : r.tables) {
        o << "\n== " << t.title.in(l) << " ==\n" << t.note.in(l) << "\n";
        if (t.rows.empty()) {
            o << (da ? "(intet)\n" : "(none)\n");
            continue;
        }
        std::vector<std::size_t> widths(t.columns.size() + 1, 0);
        for (const auto& row : t.rows) {
            widths[0] = std::max(widths[0], displayWidth(row.in(l)));
        }
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            widths[c + 1] = displayWidth(t.columns[c].in(l));
            for (const auto& line : t.cells) {
                widths[c + 1] = std::max(widths[c + 1], displayWidth(figureText(line[c], l)));
            }
        }
        o << pad("", widths[0]);
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            o << "  " << pad(t.columns[c].in(l), widths[c + 1]);
        }
        o << "\n";
        for (std::size_t row = 0; row < t.rows.size(); ++row) {
            o << pad(t.rows[row].in(l), widths[0]);
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                o << "  " << pad(figureText(t.cells[row][c], l), widths[c + 1]);
            }
            o << "\n";
        }
    }
    return o.str();
}

std::string reportJson(const CouncilReport& r) {
    auto localized = [](const LocalizedText& t) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("en", t.en);
        o->set("da", t.da);
        return o;
    };
    Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
    root.set("format", "indblik.council-report/1");
    root.set("report_id", r.reportId);
    root.set("generated_at", r.generatedAt);
    root.set("asked_by", r.askedBy);
    root.set("scope", r.all ? Poco::Dynamic::Var("all") : Poco::Dynamic::Var("unit"));
    root.set("unit", r.all ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.unit));
    root.set("from", r.from);
    root.set("to", r.to);
    root.set("min_group_size", r.minGroupSize);
    root.set("coverage_days", r.coverageDays);
    Poco::JSON::Array::Ptr tables = new Poco::JSON::Array;
    for (const auto& t : r.tables) {
        Poco::JSON::Object::Ptr jt = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        jt->set("id", t.id);
        jt->set("title", localized(t.title));
        jt->set("note", localized(t.note));
        Poco::JSON::Array::Ptr columns = new Poco::JSON::Array;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            auto col = localized(t.columns[c]);
            col->set("key", t.columnKeys[c]);
            columns->add(col);
        }
        jt->set("columns", columns);
        Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
        for (std::size_t row = 0; row < t.rows.size(); ++row) {
            Poco::JSON::Object::Ptr jr = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            jr->set("key", t.rowKeys[row]);
            jr->set("label", localized(t.rows[row]));
            Poco::JSON::Array::Ptr cells = new Poco::JSON::Array;
            for (const auto& f : t.cells[row]) {
                if (f.hidden) {
                    cells->add(Poco::Dynamic::Var());
                } else if (f.count) {
                    cells->add(static_cast<Poco::Int64>(*f.count));
                } else if (f.text == f.textDa) {
                    cells->add(f.text);
                } else {
                    cells->add(localized(LocalizedText{f.text, f.textDa}));
                }
            }
            jr->set("cells", cells);
            rows->add(jr);
        }
        jt->set("rows", rows);
        tables->add(jt);
    }
    root.set("tables", tables);
    std::ostringstream o;
    root.stringify(o);
    return o.str();
}

std::string reportCsv(const CouncilReport& r, Language l) {
    const bool da = l == Language::Danish;
    std::string out = csv::line({da ? "tabel" : "table", da ? "række" : "row",
                                 da ? "kolonne" : "column", da ? "værdi" : "value"});
    for (const auto& t : r.tables) {
        for (std::size_t row = 0; row < t.rows.size(); ++row) {
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                out += csv::line({t.title.in(l), t.rows[row].in(l), t.columns[c].in(l),
                                  figureText(t.cells[row][c], l)});
            }
        }
    }
    return out;
}

Result<std::vector<CouncilAlert>> councilAlerts(Database& db, const std::string& nowIso) {
    auto k = minGroupSizeSetting(db);
    if (!k) {
        return Error{k.error()};
    }
    auto share = councilAlertShareSetting(db);
    if (!share) {
        return Error{share.error()};
    }
    const auto kk = static_cast<std::size_t>(k.value());
    std::vector<CouncilAlert> alerts;

    // Undeclared monitoring now, on the computers tied to someone and not revoked.
    std::size_t computers = 0, undeclared = 0;
    std::set<std::string> undeclaredPeople;
    std::string undeclaredSince;
    std::vector<std::string> overdueDue;
    auto status = db.read("compute the council's alerts", [&](Poco::Data::Session& s) {
        std::vector<std::string> devices, people;
        s << "SELECT pd.device_id, pd.person_id FROM person_devices pd JOIN devices d ON "
             "d.device_id = pd.device_id WHERE COALESCE(d.revoked_at, '') = '' OR d.revoked_at "
             "> $1 ORDER BY pd.device_id",
            into(devices), into(people), useRef(nowIso), now;
        std::map<std::string, std::set<std::string>> owners;
        for (std::size_t i = 0; i < devices.size(); ++i) {
            owners[devices[i]].insert(people[i]);
        }
        for (const auto& [device, who] : owners) {
            ++computers;
            bool any = false;
            for (const auto& [key, f] : foldObservations(s, device, nowIso, nowIso)) {
                if (f.undeclaredInPeriod) {
                    any = true;
                    if (undeclaredSince.empty() || f.undeclaredSince < undeclaredSince) {
                        undeclaredSince = f.undeclaredSince;
                    }
                }
            }
            if (any) {
                ++undeclared;
                undeclaredPeople.insert(who.begin(), who.end());
            }
        }
        s << "SELECT due_at FROM requests WHERE status IN ('received', 'in_progress') AND due_at "
             "< $1 ORDER BY due_at",
            into(overdueDue), useRef(nowIso), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (computers > 0 && undeclared * 100 > static_cast<std::size_t>(share.value()) * computers) {
        CouncilAlert a;
        a.kind = "undeclared_share";
        a.key = a.kind;
        a.since = undeclaredSince;
        const std::string p = std::to_string(share.value());
        if (undeclaredPeople.size() >= kk) {
            const std::string n = std::to_string(undeclared), m = std::to_string(computers);
            a.text = LocalizedText{"Undeclared monitoring on " + n + " of " + m +
                                       " computers, more than the alert share of " + p + " %.",
                                   "Ikke-erklæret overvågning på " + n + " af " + m +
                                       " computere, mere end alarmgrænsen på " + p + " %."};
        } else {
            // Fewer than k people behind it: the share is said, the count is not.
            a.text = LocalizedText{"Undeclared monitoring on more than " + p +
                                       " % of the computers (the number is hidden: fewer than " +
                                       std::to_string(kk) + " people).",
                                   "Ikke-erklæret overvågning på mere end " + p +
                                       " % af computerne (antallet er skjult: færre end " +
                                       std::to_string(kk) + " personer)."};
        }
        alerts.push_back(std::move(a));
    }

    // Policy versions in effect or announced whose notice period was cut short.
    PolicyLifecycle lifecycle(db, [nowIso] { return nowIso; });
    auto versions = lifecycle.versions();
    if (!versions) {
        return Error{versions.error()};
    }
    for (const auto& v : versions.value()) {
        if (v.shortNoticeReason.empty() || (v.phase != "in_effect" && v.phase != "announced")) {
            continue;
        }
        CouncilAlert a;
        a.kind = "short_notice";
        a.key = "short_notice:" + v.policyId + ":v" + std::to_string(v.version);
        a.since = v.announcedAt;
        const std::string id = v.policyId + " v" + std::to_string(v.version);
        const std::string eff = v.effectiveAt.substr(0, 10);
        a.text = LocalizedText{
            "Policy " + id + (v.phase == "in_effect" ? " took effect " : " takes effect ") + eff +
                " without its notice period of " + std::to_string(v.noticeDays) +
                " days; reason given: " + v.shortNoticeReason + ".",
            "Politik " + id + (v.phase == "in_effect" ? " trådte i kraft " : " træder i kraft ") +
                eff + " uden sit varsel på " + std::to_string(v.noticeDays) +
                " dage; begrundelse: " + v.shortNoticeReason + "."};
        alerts.push_back(std::move(a));
    }

    // Requests open past their due date: a count of requests, of no one in particular.
    if (!overdueDue.empty()) {
        CouncilAlert a;
        a.kind = "overdue_requests";
        a.key = a.kind;
        a.since = overdueDue.front();
        const std::string n = std::to_string(overdueDue.size());
        a.text = overdueDue.size() == 1
                     ? LocalizedText{"1 request from an employee is open past its due date.",
                                     "1 anmodning fra en medarbejder er åben efter fristen."}
                     : LocalizedText{n + " requests from employees are open past their due date.",
                                     n + " anmodninger fra medarbejdere er åbne efter fristen."};
        alerts.push_back(std::move(a));
    }
    return alerts;
}

} // namespace indblik::server
