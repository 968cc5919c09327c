#include "people.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "csv.h"
#include "ledger.h"
#include "pki.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

constexpr const char* kPersonColumns =
    "SELECT p.person_id, COALESCE(p.employee_number, ''), p.name, p.email, p.org_unit, "
    "p.username, p.created_at, p.updated_at, COALESCE(p.left_at, '') FROM people p ";

struct PersonColumns {
    std::vector<std::string> ids, numbers, names, emails, units, usernames, created, updated, left;

    // Runs the statement (kPersonColumns + rest) into the columns.
    // A limit, when given, is bound after the values.
    void select(Poco::Data::Session& s, const std::string& rest,
                const std::vector<std::string>& values = {},
                std::optional<Poco::Int64> limit = std::nullopt) {
        Poco::Data::Statement st(s);
        st << (std::string(kPersonColumns) + rest), into(ids), into(numbers), into(names),
            into(emails), into(units), into(usernames), into(created), into(updated), into(left);
        for (const auto& v : values) {
            st, useRef(v);
        }
        if (limit) {
            st, bind(*limit);
        }
        st.execute();
    }

    std::vector<Person> take() {
        std::vector<Person> out;
        out.reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            out.push_back({std::move(ids[i]), std::move(numbers[i]), std::move(names[i]),
                           std::move(emails[i]), std::move(units[i]), std::move(usernames[i]),
                           std::move(created[i]), std::move(updated[i]), std::move(left[i])});
        }
        return out;
    }
};

bool hasControl(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// The problem with one field's value, or "" when it is fine. Names and units may hold any
// printable text (they are escaped wherever shown); nothing may hold control characters, which
// would break lines in listings and logs.
std::string checkField(const std::string& column, const std::string& value) {
    const auto tooLong = [&](std::size_t max) {
        return value.size() > max ? column + " is longer than " + std::to_string(max) + " bytes"
                                  : std::string();
    };
    if (hasControl(value)) {
        return column + " contains a control character (a line break or tab)";
    }
    if (column == "employee_number") {
        if (value.empty()) {
            return "employee_number is empty";
        }
        return tooLong(64);
    }
    if (column == "name") {
        if (value.empty()) {
            return "name is empty";
        }
        return tooLong(200);
    }
    if (column == "email") {
        if (value.empty()) {
            return {};
        }
        const auto at = value.find('@');
        if (at == std::string::npos || at == 0 || at + 1 == value.size() ||
            value.find('@', at + 1) != std::string::npos || value.find(' ') != std::string::npos) {
            return "email \"" + value + "\" is not an e-mail address (name@domain)";
        }
        return tooLong(254);
    }
    if (column == "org_unit") {
        return tooLong(200);
    }
    if (column == "username") {
        if (value == "*") {
            return "username \"*\" is reserved (it means every user of a device)";
        }
        return tooLong(kMaxOsUserLength);
    }
    if (column == "hostname") {
        const bool ok = std::all_of(value.begin(), value.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' ||
                   c == '_';
        });
        if (!ok) {
            return "hostname \"" + value + "\" may hold only letters, digits, '.', '-' and '_'";
        }
        return tooLong(253);
    }
    return {};
}

const std::vector<std::string>& directoryColumns() {
    static const std::vector<std::string> columns = {"employee_number", "name",     "email",
                                                     "org_unit",        "username", "hostname"};
    return columns;
}

struct Row {
    std::size_t line = 0;
    std::map<std::string, std::string> values;
    const std::string& operator[](const std::string& column) const {
        static const std::string empty;
        const auto it = values.find(column);
        return it == values.end() ? empty : it->second;
    }
};

} // namespace

bool validOsUser(const std::string& name) {
    return !name.empty() && name.size() <= kMaxOsUserLength && name != "*" && !hasControl(name);
}

Result<Person> PeopleStore::add(const NewPerson& p) {
    for (const auto& [column, value] : {std::pair<std::string, const std::string*>{"name", &p.name},
                                        {"email", &p.email},
                                        {"org_unit", &p.orgUnit},
                                        {"username", &p.username}}) {
        if (auto problem = checkField(column, *value); !problem.empty()) {
            return Error{problem};
        }
    }
    if (!p.employeeNumber.empty()) {
        if (auto problem = checkField("employee_number", p.employeeNumber); !problem.empty()) {
            return Error{problem};
        }
    }
    auto id = pki::randomHex(16);
    if (!id) {
        return Error{id.error()};
    }
    const std::string created = nowIso8601();
    bool taken = false;
    auto status = m_db.write("add a person", [&](Poco::Data::Session& s) {
        if (!p.employeeNumber.empty()) {
            Poco::Int64 found = 0;
            s << "SELECT COUNT(*) FROM people WHERE employee_number = $1", useRef(p.employeeNumber),
                into(found), now;
            if (found > 0) {
                taken = true;
                return false;
            }
        }
        s << "INSERT INTO people (person_id, employee_number, name, email, org_unit, username, "
             "created_at, updated_at) VALUES ($1, NULLIF($2, ''), $3, $4, $5, $6, $7, $7)",
            useRef(id.value()), useRef(p.employeeNumber), useRef(p.name), useRef(p.email),
            useRef(p.orgUnit), useRef(p.username), useRef(created), now;
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (taken) {
        return Error{"employee number \"" + p.employeeNumber +
                     "\" already belongs to someone (see list-people)"};
    }
    return Person{id.value(), p.employeeNumber, p.name,  p.email, p.orgUnit,
                  p.username, created,          created, {}};
}

ImportOutcome PeopleStore::importDirectory(const std::string& text, const std::string& origin,
                                           bool markMissingLeft) {
    ImportOutcome outcome;
    const auto error = [&](std::size_t line, std::size_t column, const std::string& message) {
        if (outcome.errors.size() < kMaxImportErrors) {
            outcome.errors.push_back(origin + ":" + std::to_string(line) + ":" +
                                     std::to_string(column) + ": " + message);
        } else if (outcome.errors.size() == kMaxImportErrors) {
            outcome.errors.push_back(origin + ": more errors not shown");
        }
    };
    if (text.size() > kMaxDirectoryBytes) {
        outcome.errors.push_back(origin + ": larger than " +
                                 std::to_string(kMaxDirectoryBytes >> 20) + " MiB");
        return outcome;
    }
    csv::Limits limits;
    limits.maxRecords = kMaxDirectoryRows + 1;
    limits.maxFields = 32;
    limits.maxFieldBytes = 1024;
    auto records = csv::parse(text, limits);
    if (!records) {
        outcome.errors.push_back(origin + ":" + records.error());
        return outcome;
    }
    if (records.value().empty()) {
        outcome.errors.push_back(origin + ":1:1: the file is empty; the first line names the "
                                          "columns: employee_number,name,email,org_unit,"
                                          "username[,hostname]");
        return outcome;
    }

    // The header: the known columns in any order, each once; all but hostname required.
    const auto& header = records.value().front();
    std::vector<std::string> columns;
    for (const auto& field : header.fields) {
        const std::string name = lower(trim(field.text));
        const auto& known = directoryColumns();
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            error(field.line, field.column,
                  "unknown column \"" + field.text +
                      "\" (the columns are employee_number, name, email, org_unit, username "
                      "and optionally hostname)");
        } else if (std::find(columns.begin(), columns.end(), name) != columns.end()) {
            error(field.line, field.column, "column \"" + name + "\" appears twice");
        }
        columns.push_back(name);
    }
    for (const auto& required : directoryColumns()) {
        if (required != "hostname" &&
            std::find(columns.begin(), columns.end(), required) == columns.end()) {
            error(header.line, 1, "the header lacks the column \"" + required + "\"");
        }
    }
    if (!outcome.errors.empty()) {
        return outcome;
    }
    if (records.value().size() - 1 > kMaxDirectoryRows) {
        error(records.value()[kMaxDirectoryRows + 1].line, 1,
              "more than " + std::to_string(kMaxDirectoryRows) + " people");
        return outcome;
    }

    std::vector<Row> rows;
    std::map<std::string, std::size_t> lineOfNumber;
    std::map<std::string, std::vector<std::size_t>> rowsOfHost; // lowercase hostname -> rows
    for (std::size_t r = 1; r < records.value().size(); ++r) {
        const auto& record = records.value()[r];
        if (record.fields.size() != columns.size()) {
            const std::size_t column =
                record.fields.size() > columns.size() ? record.fields[columns.size()].column : 1;
            error(record.line, column,
                  "expected " + std::to_string(columns.size()) +
                      " fields as in the header, found " + std::to_string(record.fields.size()));
            continue;
        }
        Row row;
        row.line = record.line;
        bool ok = true;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const auto& field = record.fields[i];
            std::string value = trim(field.text);
            if (auto problem = checkField(columns[i], value); !problem.empty()) {
                error(field.line, field.column, problem);
                ok = false;
            }
            row.values[columns[i]] = std::move(value);
        }
        if (!ok) {
            continue;
        }
        const auto& number = row["employee_number"];
        if (auto [it, fresh] = lineOfNumber.emplace(number, record.line); !fresh) {
            error(record.line, record.fields[0].column,
                  "employee_number \"" + number + "\" is also on line " +
                      std::to_string(it->second));
            continue;
        }
        if (!row["hostname"].empty()) {
            rowsOfHost[lower(row["hostname"])].push_back(rows.size());
        }
        rows.push_back(std::move(row));
    }
    // A computer listed for one person is theirs for every user of it; one listed for several
    // (a shared machine) is tied per OS user, so each of them needs a distinct username.
    for (const auto& [host, indices] : rowsOfHost) {
        if (indices.size() < 2) {
            continue;
        }
        std::set<std::string> users;
        for (auto i : indices) {
            const auto& username = rows[i]["username"];
            if (username.empty() || !users.insert(username).second) {
                error(rows[i].line, 1,
                      "hostname \"" + host +
                          "\" is listed for several people, so each needs a distinct username "
                          "(the OS user the computer knows them by)");
            }
        }
    }
    if (!outcome.errors.empty()) {
        return outcome;
    }

    const std::string stamp = nowIso8601();
    auto status = m_db.write("import the employee directory", [&](Poco::Data::Session& s) {
        PersonColumns c;
        c.select(s, "WHERE p.employee_number IS NOT NULL");
        std::map<std::string, Person> existing;
        for (auto& p : c.take()) {
            existing.emplace(p.employeeNumber, std::move(p));
        }
        std::map<std::string, std::string> idOfNumber;
        for (const auto& row : rows) {
            const auto& number = row["employee_number"];
            const auto it = existing.find(number);
            if (it == existing.end()) {
                auto id = pki::randomHex(16);
                if (!id) {
                    throw Poco::Exception(id.error());
                }
                s << "INSERT INTO people (person_id, employee_number, name, email, org_unit, "
                     "username, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                    useRef(id.value()), useRef(number), useRef(row["name"]), useRef(row["email"]),
                    useRef(row["org_unit"]), useRef(row["username"]), useRef(stamp), now;
                idOfNumber[number] = id.value();
                ++outcome.added;
                continue;
            }
            const Person& p = it->second;
            idOfNumber[number] = p.id;
            if (p.name == row["name"] && p.email == row["email"] && p.orgUnit == row["org_unit"] &&
                p.username == row["username"] && p.leftAt.empty()) {
                ++outcome.unchanged;
                continue;
            }
            s << "UPDATE people SET name = $1, email = $2, org_unit = $3, username = $4, "
                 "updated_at = $5, left_at = NULL WHERE person_id = $6",
                useRef(row["name"]), useRef(row["email"]), useRef(row["org_unit"]),
                useRef(row["username"]), useRef(stamp), useRef(p.id), now;
            ++(p.leftAt.empty() ? outcome.updated : outcome.rejoined);
        }
        if (markMissingLeft) {
            for (const auto& [number, p] : existing) {
                if (!p.leftAt.empty() || lineOfNumber.count(number) != 0) {
                    continue;
                }
                s << "UPDATE people SET left_at = $1, updated_at = $1 WHERE person_id = $2",
                    useRef(stamp), useRef(p.id), now;
                ++outcome.markedLeft;
            }
        }
        if (rowsOfHost.empty()) {
            return true;
        }
        // Enrolled, unrevoked devices by lowercase hostname, and what each is tied to now.
        std::vector<std::string> deviceIds, hostnames;
        s << "SELECT device_id, hostname FROM devices WHERE revoked_at IS NULL", into(deviceIds),
            into(hostnames), now;
        std::map<std::string, std::vector<std::string>> devicesOfHost;
        for (std::size_t i = 0; i < deviceIds.size(); ++i) {
            devicesOfHost[lower(hostnames[i])].push_back(deviceIds[i]);
        }
        std::vector<std::string> tiedDevices, tiedUsers, tiedPeople;
        s << "SELECT device_id, os_user, person_id FROM person_devices", into(tiedDevices),
            into(tiedUsers), into(tiedPeople), now;
        std::map<std::string, std::map<std::string, std::string>> ties;
        for (std::size_t i = 0; i < tiedDevices.size(); ++i) {
            ties[tiedDevices[i]][tiedUsers[i]] = tiedPeople[i];
        }
        for (const auto& [host, indices] : rowsOfHost) {
            std::map<std::string, std::string> wanted; // os user -> person
            for (auto i : indices) {
                wanted[indices.size() == 1 ? std::string("*") : rows[i]["username"]] =
                    idOfNumber[rows[i]["employee_number"]];
            }
            const auto found = devicesOfHost.find(host);
            if (found == devicesOfHost.end()) {
                outcome.warnings.push_back(origin + ":" +
                                           std::to_string(rows[indices.front()].line) +
                                           ": no enrolled computer is named \"" + host +
                                           "\" yet; import the file again once it has enrolled");
                continue;
            }
            for (const auto& deviceId : found->second) {
                // The directory decides for the computers it names: what it says replaces
                // earlier ties of that computer.
                if (ties[deviceId] == wanted) {
                    continue;
                }
                s << "DELETE FROM person_devices WHERE device_id = $1", useRef(deviceId), now;
                for (const auto& [osUser, personId] : wanted) {
                    s << "INSERT INTO person_devices (device_id, os_user, person_id, "
                         "assigned_at, source) VALUES ($1, $2, $3, $4, 'directory')",
                        useRef(deviceId), useRef(osUser), useRef(personId), useRef(stamp), now;
                }
                ++outcome.devicesTied;
            }
        }
        return true;
    });
    if (!status) {
        outcome.errors.push_back(status.error());
        outcome.added = outcome.updated = outcome.unchanged = outcome.rejoined =
            outcome.markedLeft = outcome.devicesTied = 0;
        outcome.warnings.clear();
    }
    return outcome;
}

Status PeopleStore::assignDevice(const std::string& deviceId, const std::string& personId,
                                 const std::string& osUser) {
    if (osUser != "*" && !validOsUser(osUser)) {
        return Error{"--os-user: 1 to " + std::to_string(kMaxOsUserLength) +
                     " characters without control characters, or * for every user"};
    }
    std::string problem;
    const std::string stamp = nowIso8601();
    auto status = m_db.write("tie the device to the person", [&](Poco::Data::Session& s) {
        Poco::Int64 devices = 0, people = 0;
        s << "SELECT COUNT(*) FROM devices WHERE device_id = $1", useRef(deviceId), into(devices),
            now;
        s << "SELECT COUNT(*) FROM people WHERE person_id = $1", useRef(personId), into(people),
            now;
        if (devices == 0) {
            problem = "no device \"" + deviceId + "\" (see list-devices)";
            return false;
        }
        if (people == 0) {
            problem = "no person \"" + personId + "\" (see list-people)";
            return false;
        }
        s << "INSERT INTO person_devices (device_id, os_user, person_id, assigned_at, source) "
             "VALUES ($1, $2, $3, $4, 'admin') ON CONFLICT (device_id, os_user) DO UPDATE SET "
             "person_id = excluded.person_id, assigned_at = excluded.assigned_at, source = "
             "excluded.source",
            useRef(deviceId), useRef(osUser), useRef(personId), useRef(stamp), now;
        return true;
    });
    if (!status) {
        return status;
    }
    if (!problem.empty()) {
        return Error{problem};
    }
    return {};
}

Result<std::optional<Person>> PeopleStore::find(const std::string& personId) {
    PersonColumns c;
    auto status = m_db.read("read a person", [&](Poco::Data::Session& s) {
        c.select(s, "WHERE p.person_id = $1", {personId});
    });
    if (!status) {
        return Error{status.error()};
    }
    auto found = c.take();
    if (found.empty()) {
        return std::optional<Person>();
    }
    return std::optional<Person>(std::move(found.front()));
}

Result<std::vector<Person>> PeopleStore::list() {
    PersonColumns c;
    auto status = m_db.read("read people", [&](Poco::Data::Session& s) {
        c.select(s, "ORDER BY p.name, p.person_id");
    });
    if (!status) {
        return Error{status.error()};
    }
    return c.take();
}

namespace {

// Letters beyond a-z that names here carry, capital and small: SQLite's LOWER folds only a-z, so
// both the text and the stored name are folded with these too (PostgreSQL's LOWER already does).
constexpr std::pair<const char*, const char*> kFoldedLetters[] = {
    {"Æ", "æ"}, {"Ø", "ø"}, {"Å", "å"}, {"Ä", "ä"}, {"Ö", "ö"}, {"Ü", "ü"}, {"É", "é"}};

std::string folded(const std::string& text) {
    std::string out = lower(text);
    for (const auto& [capital, small] : kFoldedLetters) {
        const std::string from(capital), to(small);
        for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at)) {
            out.replace(at, from.size(), to);
            at += to.size();
        }
    }
    return out;
}

// The same folding in SQL, of a column (built from the constants above, never from input).
std::string foldedSql(const std::string& column) {
    std::string expression = "LOWER(" + column + ")";
    for (const auto& [capital, small] : kFoldedLetters) {
        expression = "REPLACE(" + expression + ", '" + capital + "', '" + small + "')";
    }
    return expression;
}

} // namespace

Result<PeopleSearch> PeopleStore::search(const std::string& text, std::size_t limit) {
    const std::string needle = folded(trim(text));
    PeopleSearch out;
    if (needle.empty()) {
        return out;
    }
    // LIKE's own characters in the text match themselves ('!' escapes them).
    std::string pattern = "%";
    for (char c : needle) {
        if (c == '%' || c == '_' || c == '!') {
            pattern += '!';
        }
        pattern += c;
    }
    pattern += "%";
    PersonColumns c;
    auto status = m_db.read("search people", [&](Poco::Data::Session& s) {
        c.select(s,
                 "WHERE " + foldedSql("p.name") +
                     " LIKE $1 ESCAPE '!' OR LOWER(p.email) = $2 OR LOWER(p.username) = $2 OR "
                     "p.employee_number = $3 ORDER BY p.name, p.person_id LIMIT $4",
                 {pattern, needle, trim(text)}, static_cast<Poco::Int64>(limit + 1));
    });
    if (!status) {
        return Error{status.error()};
    }
    out.people = c.take();
    if (out.people.size() > limit) {
        out.people.resize(limit);
        out.more = true;
    }
    return out;
}

Result<std::vector<PersonDevice>> PeopleStore::devicesOf(const std::string& personId) {
    std::vector<std::string> ids, hosts, users, assigned, sources, enrolled, seen, revoked;
    auto status = m_db.read("read a person's devices", [&](Poco::Data::Session& s) {
        s << "SELECT pd.device_id, d.hostname, pd.os_user, pd.assigned_at, pd.source, "
             "d.enrolled_at, COALESCE(d.last_seen, ''), COALESCE(d.revoked_at, '') FROM "
             "person_devices pd JOIN devices d ON d.device_id = pd.device_id WHERE pd.person_id "
             "= $1 ORDER BY d.hostname, pd.device_id, pd.os_user",
            into(ids), into(hosts), into(users), into(assigned), into(sources), into(enrolled),
            into(seen), into(revoked), useRef(personId), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    std::vector<PersonDevice> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out.push_back({ids[i], hosts[i], users[i], assigned[i], sources[i], enrolled[i], seen[i],
                       revoked[i], std::nullopt});
    }
    return out;
}

Result<std::optional<Person>> PeopleStore::personAt(const std::string& deviceId,
                                                    const std::string& osUser) {
    PersonColumns c;
    // The tie for this very user wins over the device-wide one; if its person has left, the
    // user is nobody's (the device-wide tie does not stand in for them).
    auto status = m_db.read("find the person at a device", [&](Poco::Data::Session& s) {
        c.select(s,
                 "JOIN person_devices pd ON pd.person_id = p.person_id WHERE pd.device_id = $1 "
                 "AND (pd.os_user = $2 OR pd.os_user = '*') ORDER BY CASE WHEN pd.os_user = '*' "
                 "THEN 1 ELSE 0 END LIMIT 1",
                 {deviceId, osUser});
    });
    if (!status) {
        return Error{status.error()};
    }
    auto found = c.take();
    if (found.empty() || !found.front().leftAt.empty()) {
        return std::optional<Person>();
    }
    return std::optional<Person>(std::move(found.front()));
}

Result<std::vector<LinkedAccess>> linkedAccessSummary(Database& db, const std::string& deviceId) {
    std::vector<LinkedAccess> out;
    auto status = db.read("count access events for the device's people", [&](Poco::Data::Session&
                                                                                 s) {
        std::vector<std::string> people, users;
        s << "SELECT pd.person_id, pd.os_user FROM person_devices pd JOIN people p ON "
             "p.person_id = pd.person_id WHERE pd.device_id = $1 AND p.left_at IS NULL ORDER BY "
             "pd.os_user, pd.person_id",
            into(people), into(users), useRef(deviceId), now;
        for (std::size_t i = 0; i < people.size(); ++i) {
            LinkedAccess a;
            a.personId = people[i];
            a.osUser = users[i];
            Poco::Int64 count = 0;
            // The person's own exports are in their log too (actor role employee, outcome
            // read: an employee can read nobody else's data); they are not news to them.
            s << "SELECT COUNT(*), COALESCE(MAX(time), '') FROM access_events WHERE person_id = "
                 "$1 AND NOT (actor_role = 'employee' AND outcome = 'read')",
                into(count), into(a.newestAccess), useRef(a.personId), now;
            a.accessEvents = count;
            out.push_back(std::move(a));
        }
    });
    if (!status) {
        return Error{status.error()};
    }
    return out;
}

std::string linkedAccessJson(const std::vector<LinkedAccess>& people) {
    // Ids, OS user names and ISO times only; the user name is the one field that may need
    // escaping.
    const auto quoted = [](const std::string& text) {
        std::string out = "\"";
        for (char c : text) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (u < 0x20) {
                static const char* hex = "0123456789abcdef";
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xF];
            } else {
                out += c;
            }
        }
        return out + "\"";
    };
    std::string out = "[";
    for (std::size_t i = 0; i < people.size(); ++i) {
        const auto& p = people[i];
        out += (i == 0 ? "{" : ",{");
        out += "\"person\":" + quoted(p.personId) + ",\"os_user\":" + quoted(p.osUser) +
               ",\"access_events\":" + std::to_string(p.accessEvents) + ",\"newest_access\":" +
               (p.newestAccess.empty() ? std::string("null") : quoted(p.newestAccess)) + "}";
    }
    return out + "]";
}

} // namespace indblik::server
