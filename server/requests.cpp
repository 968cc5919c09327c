#include "requests.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <sstream>
#include <string_view>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/URI.h>

#include "access_log.h"
#include "html.h"
#include "ledger.h"
#include "local_time.h"
#include "pki.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

Poco::Logger& log() {
    return Poco::Logger::get("indblik.server.requests");
}

// Characters, not bytes: Danish letters take two bytes in UTF-8.
std::size_t characters(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// "" when the text fits, else the message naming the field and the limit.
std::string checkLength(const std::string& field, const std::string& text, std::size_t max,
                        bool required) {
    if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return field + ": required";
    }
    if (const auto n = characters(text); n > max) {
        return field + ": at most " + std::to_string(max) + " characters (got " +
               std::to_string(n) + ")";
    }
    return {};
}

constexpr const char* kColumns =
    "SELECT request_id, person_id, type, subject, body, status, received_at, due_at, "
    "COALESCE(extended_at, ''), COALESCE(extension_reason, ''), COALESCE(assigned_to, ''), "
    "COALESCE(answer, ''), COALESCE(answered_at, ''), COALESCE(answered_by, ''), updated_at "
    "FROM requests ";

struct Columns {
    std::vector<std::string> c[15];

    // Binds every column's vector to the statement.
    template <typename Statement>
    void into(Statement& st) {
        for (auto& v : c) {
            st, Poco::Data::Keywords::into(v);
        }
    }
    std::vector<PersonRequest> take() {
        std::vector<PersonRequest> out;
        for (std::size_t i = 0; i < c[0].size(); ++i) {
            out.push_back({std::move(c[0][i]), std::move(c[1][i]), std::move(c[2][i]),
                           std::move(c[3][i]), std::move(c[4][i]), std::move(c[5][i]),
                           std::move(c[6][i]), std::move(c[7][i]), std::move(c[8][i]),
                           std::move(c[9][i]), std::move(c[10][i]), std::move(c[11][i]),
                           std::move(c[12][i]), std::move(c[13][i]), std::move(c[14][i])});
        }
        return out;
    }
};

std::optional<PersonRequest> findIn(Poco::Data::Session& s, const std::string& id) {
    Columns cols;
    Poco::Data::Statement st(s);
    st << (std::string(kColumns) + "WHERE request_id = $1"), useRef(id);
    cols.into(st);
    st.execute();
    auto found = cols.take();
    if (found.empty()) {
        return std::nullopt;
    }
    return std::move(found.front());
}

RequestOutcome failure(int status, std::string error) {
    RequestOutcome o;
    o.status = status;
    o.error = std::move(error);
    return o;
}

// application/x-www-form-urlencoded, as the pages' forms send it; a repeated name keeps the
// first value.
std::map<std::string, std::string> parseForm(const std::string& body) {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start <= body.size()) {
        auto end = body.find('&', start);
        if (end == std::string::npos) {
            end = body.size();
        }
        std::string pair = body.substr(start, end - start);
        std::replace(pair.begin(), pair.end(), '+', ' ');
        const auto eq = pair.find('=');
        std::string name, value;
        try {
            Poco::URI::decode(pair.substr(0, eq), name);
            if (eq != std::string::npos) {
                Poco::URI::decode(pair.substr(eq + 1), value);
            }
        } catch (const Poco::Exception&) {
            name.clear();
        }
        if (!name.empty()) {
            out.emplace(std::move(name), std::move(value));
        }
        start = end + 1;
    }
    return out;
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

// Request ids are 24 hex digits; anything else is not looked up at all.
bool plausibleId(const std::string& id) {
    return id.size() == 24 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

} // namespace

bool isRequestType(std::string_view type) {
    return std::find(std::begin(kRequestTypes), std::end(kRequestTypes), type) !=
           std::end(kRequestTypes);
}

std::string addCalendarMonths(std::string_view isoDate, int months) {
    using namespace std::chrono;
    if (isoDate.size() < 10) {
        return {};
    }
    int y = 0;
    unsigned m = 0, d = 0;
    const std::string text(isoDate.substr(0, 10));
    if (std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
        return {};
    }
    const year_month_day start{year{y}, month{m}, day{d}};
    if (!start.ok()) {
        return {};
    }
    const year_month target = year_month{start.year(), start.month()} + std::chrono::months{months};
    const day last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
    const year_month_day due{target.year(), target.month(), std::min(start.day(), last)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(due.year()),
                  static_cast<unsigned>(due.month()), static_cast<unsigned>(due.day()));
    return buf;
}

std::string requestDueAt(std::string_view receivedAt, int months) {
    // Received on a day where the workplace is; due at the end of the same day of the month
    // `months` later, there.
    const std::string date = addCalendarMonths(localDate(receivedAt), months);
    return date.empty() ? std::string() : localDayEnd(date);
}

std::optional<std::string> personForDevice(Poco::Data::Session& s, const std::string& deviceId,
                                           const std::string& osUser) {
    std::vector<std::string> users, people;
    // The exact user sorts before '*' for any name: order by whether it is the wildcard.
    s << "SELECT os_user, person_id FROM person_devices WHERE device_id = $1 AND (os_user = $2 "
         "OR os_user = '*')",
        into(users), into(people), useRef(deviceId), useRef(osUser), now;
    std::optional<std::string> wildcard;
    for (std::size_t i = 0; i < users.size(); ++i) {
        if (users[i] == osUser) {
            return people[i];
        }
        wildcard = people[i];
    }
    return wildcard;
}

Result<OverdueFigures> overdueRequests(Database& db, const std::string& asOf) {
    OverdueFigures f;
    std::vector<std::string> types;
    std::vector<Poco::Int64> counts;
    auto status = db.read("count overdue requests", [&](Poco::Data::Session& s) {
        s << "SELECT COUNT(*) FROM requests WHERE status IN ('received', 'in_progress')",
            into(f.open), now;
        s << "SELECT type, COUNT(*) FROM requests WHERE status IN ('received', 'in_progress') "
             "AND due_at < $1 GROUP BY type ORDER BY type",
            into(types), into(counts), useRef(asOf), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    for (std::size_t i = 0; i < types.size(); ++i) {
        f.overdue += counts[i];
        f.overdueByType.emplace_back(types[i], counts[i]);
    }
    return f;
}

RequestStore::RequestStore(Database& db, Clock clock) : m_db(db), m_clock(std::move(clock)) {}

std::string RequestStore::currentTime() const {
    return m_clock ? m_clock() : nowIso8601();
}

RequestOutcome RequestStore::create(const std::string& personId, const std::string& type,
                                    const std::string& subject, const std::string& body) {
    if (!isRequestType(type)) {
        return failure(400, "type: one of question, copy, correction, objection, deletion (got \"" +
                                type.substr(0, 40) + "\")");
    }
    for (const auto& problem : {checkLength("subject", subject, kMaxRequestSubject, true),
                                checkLength("body", body, kMaxRequestBody, false)}) {
        if (!problem.empty()) {
            return failure(400, problem);
        }
    }
    auto id = pki::randomHex(12);
    if (!id) {
        return failure(500, id.error());
    }
    PersonRequest r;
    r.id = id.value();
    r.personId = personId;
    r.type = type;
    r.subject = subject;
    r.body = body;
    r.status = std::string(kStatusReceived);
    r.receivedAt = currentTime();
    r.dueAt = requestDueAt(r.receivedAt);
    r.updatedAt = r.receivedAt;
    auto status = m_db.write("record the request", [&](Poco::Data::Session& s) {
        s << "INSERT INTO requests (request_id, person_id, type, subject, body, status, "
             "received_at, due_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            useRef(r.id), useRef(r.personId), useRef(r.type), useRef(r.subject), useRef(r.body),
            useRef(r.status), useRef(r.receivedAt), useRef(r.dueAt), useRef(r.updatedAt), now;
        return true;
    });
    if (!status) {
        return failure(500, status.error());
    }
    log().information("request %s (%s) received from person %s, due %s", r.id, r.type, personId,
                      r.dueAt);
    RequestOutcome o;
    o.status = 201;
    o.request = std::move(r);
    return o;
}

Result<std::vector<PersonRequest>> RequestStore::forPerson(const std::string& personId) {
    Columns cols;
    auto status = m_db.read("read the person's requests", [&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << (std::string(kColumns) + "WHERE person_id = $1 ORDER BY received_at DESC"),
            useRef(personId);
        cols.into(st);
        st.execute();
    });
    if (!status) {
        return Error{status.error()};
    }
    return cols.take();
}

RequestOutcome RequestStore::ownRequest(const std::string& id, const Caller& caller) {
    RequestOutcome o = failure(404, "no such request");
    if (!plausibleId(id)) {
        return o;
    }
    auto status = m_db.write("read a request", [&](Poco::Data::Session& s) {
        auto found = findIn(s, id);
        if (!found) {
            return false;
        }
        if (!isSelf(caller, found->personId)) {
            // The owner sees that someone asked for their request; the asker learns nothing.
            AccessLog::recordIn(s, found->personId, caller, "request:" + id,
                                "asked for another person's request", kAccessRefused);
            log().warning("%s asked for request %s of another person: refused", caller.actorId, id);
            return true;
        }
        o.status = 200;
        o.error.clear();
        o.request = std::move(*found);
        return true;
    });
    if (!status) {
        return failure(500, status.error());
    }
    return o;
}

Result<std::vector<PersonRequest>> RequestStore::inbox(std::size_t limit) {
    Columns open, closed;
    const Poco::Int64 max = static_cast<Poco::Int64>(limit);
    auto status = m_db.read("read the request inbox", [&](Poco::Data::Session& s) {
        Poco::Data::Statement a(s);
        a << (std::string(kColumns) +
              "WHERE status IN ('received', 'in_progress') ORDER BY due_at, received_at LIMIT $1"),
            bind(max);
        open.into(a);
        a.execute();
        Poco::Data::Statement b(s);
        b << (std::string(kColumns) + "WHERE status NOT IN ('received', 'in_progress') ORDER BY "
                                      "updated_at DESC LIMIT $1"),
            bind(max);
        closed.into(b);
        b.execute();
    });
    if (!status) {
        return Error{status.error()};
    }
    auto out = open.take();
    for (auto& r : closed.take()) {
        out.push_back(std::move(r));
    }
    return out;
}

RequestOutcome RequestStore::change(
    const std::string& id, const Caller& caller, const std::string& what,
    const std::function<RequestOutcome(Poco::Data::Session&, PersonRequest&)>& apply) {
    if (caller.role != Role::Dpo) {
        return failure(403, "only the data protection officer handles requests");
    }
    RequestOutcome o = failure(404, "no request \"" + id.substr(0, 64) + "\"");
    if (!plausibleId(id)) {
        return o;
    }
    auto status = m_db.write("handle request " + id, [&](Poco::Data::Session& s) {
        auto found = findIn(s, id);
        if (!found) {
            return false;
        }
        o = apply(s, *found);
        if (!o.ok()) {
            return false;
        }
        // Reading or acting on a request is reading the person's data.
        AccessLog::recordIn(s, found->personId, caller, what + id, "handling request " + id);
        o.request = std::move(*found);
        return true;
    });
    if (!status) {
        return failure(500, status.error());
    }
    return o;
}

RequestOutcome RequestStore::open(const std::string& id, const Caller& caller) {
    const std::string at = currentTime();
    return change(id, caller, "request:", [&](Poco::Data::Session& s, PersonRequest& r) {
        if (r.status == kStatusReceived) {
            r.status = std::string(kStatusInProgress);
            r.assignedTo = caller.name;
            r.updatedAt = at;
            s << "UPDATE requests SET status = $1, assigned_to = $2, updated_at = $3 WHERE "
                 "request_id = $4 AND status = 'received'",
                useRef(r.status), useRef(r.assignedTo), useRef(at), useRef(r.id), now;
        }
        return RequestOutcome{};
    });
}

namespace {

RequestOutcome closeRequest(Poco::Data::Session& s, PersonRequest& r, const Caller& caller,
                            std::string_view newStatus, const std::string& text,
                            const std::string& at) {
    if (!r.open()) {
        return failure(409, "request " + r.id + " is already " + r.status + " (" + r.answeredAt +
                                "); nothing was changed");
    }
    r.status = std::string(newStatus);
    r.answer = text;
    r.answeredAt = at;
    r.answeredBy = caller.name;
    r.updatedAt = at;
    if (r.assignedTo.empty()) {
        r.assignedTo = caller.name;
    }
    s << "UPDATE requests SET status = $1, answer = $2, answered_at = $3, answered_by = $4, "
         "updated_at = $3, assigned_to = $5 WHERE request_id = $6",
        useRef(r.status), useRef(r.answer), useRef(at), useRef(r.answeredBy), useRef(r.assignedTo),
        useRef(r.id), now;
    return {};
}

} // namespace

RequestOutcome RequestStore::answer(const std::string& id, const Caller& caller,
                                    const std::string& text) {
    if (auto problem = checkLength("answer", text, kMaxRequestAnswer, true); !problem.empty()) {
        return failure(400, problem);
    }
    const std::string at = currentTime();
    return change(id, caller, "request:answer:", [&](Poco::Data::Session& s, PersonRequest& r) {
        return closeRequest(s, r, caller, kStatusAnswered, text, at);
    });
}

RequestOutcome RequestStore::refuse(const std::string& id, const Caller& caller,
                                    const std::string& reason) {
    if (auto problem = checkLength("reason", reason, kMaxRequestReason, true); !problem.empty()) {
        return failure(400, problem + " (a refusal must say why)");
    }
    const std::string at = currentTime();
    return change(id, caller, "request:refuse:", [&](Poco::Data::Session& s, PersonRequest& r) {
        return closeRequest(s, r, caller, kStatusRefused, reason, at);
    });
}

RequestOutcome RequestStore::extend(const std::string& id, const Caller& caller,
                                    const std::string& reason, int months) {
    if (auto problem = checkLength("reason", reason, kMaxRequestReason, true); !problem.empty()) {
        return failure(400, problem + " (an extension must say why)");
    }
    if (months <= kRequestMonths || months > kRequestMaxMonths) {
        return failure(400, "months: 2 or 3 (the deadline may be extended to at most three "
                            "months after receipt)");
    }
    const std::string at = currentTime();
    return change(id, caller, "request:extend:", [&](Poco::Data::Session& s, PersonRequest& r) {
        if (!r.open()) {
            return failure(409,
                           "request " + r.id + " is already " + r.status + "; nothing was changed");
        }
        if (!r.extendedAt.empty()) {
            return failure(409, "request " + r.id + " was already extended on " +
                                    r.extendedAt.substr(0, 10) + " (to " + r.dueAt.substr(0, 10) +
                                    "); it can be extended only once");
        }
        const std::string firstMonthEnds = requestDueAt(r.receivedAt, kRequestMonths);
        if (at > firstMonthEnds) {
            return failure(409, "request " + r.id +
                                    ": an extension must be recorded within the "
                                    "first month after receipt (it ended " +
                                    firstMonthEnds.substr(0, 10) +
                                    "); the request is overdue and must be answered now");
        }
        r.dueAt = requestDueAt(r.receivedAt, months);
        r.extendedAt = at;
        r.extensionReason = reason;
        r.updatedAt = at;
        if (r.status == kStatusReceived) {
            r.status = std::string(kStatusInProgress);
        }
        if (r.assignedTo.empty()) {
            r.assignedTo = caller.name;
        }
        s << "UPDATE requests SET due_at = $1, extended_at = $2, extension_reason = $3, "
             "updated_at = $2, status = $4, assigned_to = $5 WHERE request_id = $6",
            useRef(r.dueAt), useRef(at), useRef(reason), useRef(r.status), useRef(r.assignedTo),
            useRef(r.id), now;
        return RequestOutcome{};
    });
}

namespace {

Poco::JSON::Object::Ptr requestObject(const PersonRequest& r, const std::string& now,
                                      bool withPerson) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const auto opt = [](const std::string& v) {
        return v.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(v);
    };
    j->set("id", r.id);
    if (withPerson) {
        j->set("person_id", r.personId);
    }
    j->set("type", r.type);
    j->set("subject", r.subject);
    j->set("body", r.body);
    j->set("status", r.status);
    j->set("received_at", r.receivedAt);
    j->set("due_at", r.dueAt);
    j->set("due_date", r.dueAt.substr(0, 10));
    j->set("overdue", r.overdue(now));
    j->set("extended_at", opt(r.extendedAt));
    j->set("extension_reason", opt(r.extensionReason));
    j->set("answer", opt(r.status == kStatusAnswered ? r.answer : std::string()));
    j->set("refusal_reason", opt(r.status == kStatusRefused ? r.answer : std::string()));
    j->set("answered_at", opt(r.answeredAt));
    j->set("answered_by", opt(r.answeredBy));
    if (withPerson) {
        j->set("assigned_to", opt(r.assignedTo));
    }
    j->set("updated_at", r.updatedAt);
    return j;
}

std::string stringify(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

Reply outcomeReply(const RequestOutcome& o, const std::string& now, bool withPerson) {
    if (!o.ok()) {
        return errorReply(o.status, o.error);
    }
    return {o.status, stringify(requestObject(o.request, now, withPerson))};
}

Reply listReply(const std::vector<PersonRequest>& requests, const std::string& now,
                bool withPerson) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    std::int64_t overdue = 0;
    for (const auto& r : requests) {
        auto item = requestObject(r, now, withPerson);
        if (withPerson) {
            // The DPO's inbox is for finding the next request: who sent it and what it says are
            // read per request, where reading it is an access event in the person's log.
            for (const char* hidden :
                 {"person_id", "body", "answer", "refusal_reason", "extension_reason"}) {
                item->remove(hidden);
            }
        }
        items->add(item);
        overdue += r.overdue(now) ? 1 : 0;
    }
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("requests", items);
    j->set("overdue", overdue);
    return {200, stringify(j)};
}

// A JSON object body with only the allowed string (or integer) fields; the error names the
// field.
struct JsonFields {
    Poco::JSON::Object::Ptr object;
    std::string error;

    std::string text(const std::string& key) const {
        return object->has(key) && object->get(key).isString() ? object->getValue<std::string>(key)
                                                               : std::string();
    }
};

JsonFields readFields(const std::string& body, std::initializer_list<const char*> strings,
                      std::initializer_list<const char*> integers = {}) {
    JsonFields f;
    try {
        Poco::JSON::Parser parser;
        const auto v = parser.parse(body);
        if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
            f.error = "$: a JSON object";
            return f;
        }
        f.object = v.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        f.error = "$: valid JSON (" + e.message() + ")";
        return f;
    }
    for (const auto& [key, value] : *f.object) {
        // std::find, not a lambda: clang before 16 cannot capture a structured binding.
        const std::string_view name(key);
        const bool isString = std::find(strings.begin(), strings.end(), name) != strings.end();
        const bool isInteger = std::find(integers.begin(), integers.end(), name) != integers.end();
        if (!isString && !isInteger) {
            f.error = "$." + key + ": no such field";
            return f;
        }
        if (isString && !value.isString()) {
            f.error = "$." + key + ": a string";
            return f;
        }
        if (isInteger && !value.isInteger()) {
            f.error = "$." + key + ": an integer";
            return f;
        }
    }
    return f;
}

} // namespace

std::string requestJson(const PersonRequest& request, const std::string& now, bool withPerson) {
    return stringify(requestObject(request, now, withPerson));
}

std::variant<Caller, Reply> RequestsApi::agentPerson(const Request& request) {
    const std::string user = request.param("user");
    if (user.empty() || user.size() > kMaxOsUser || user == "*" ||
        user.find_first_of("\r\n/") != std::string::npos) {
        return errorReply(400, "user: the OS user the agent answers for (1.." +
                                   std::to_string(kMaxOsUser) + " characters)");
    }
    Caller caller = *request.caller;
    std::optional<std::string> person;
    auto status = m_db.read("find the device's person", [&](Poco::Data::Session& s) {
        person = personForDevice(s, caller.deviceId, user);
    });
    if (!status) {
        log().error(status.error());
        return errorReply(500, "cannot look up whose computer this is");
    }
    if (!person) {
        return errorReply(404, "the user \"" + user +
                                   "\" of this computer is not tied to a "
                                   "person yet; ask IT to assign the device");
    }
    caller.personId = *person;
    caller.actorId = "device:" + caller.deviceId + "/" + user;
    return caller;
}

Reply RequestsApi::create(const Caller& person, const std::string& body) {
    auto fields = readFields(body, {"type", "subject", "body"});
    if (!fields.error.empty()) {
        return errorReply(400, "request: " + fields.error);
    }
    auto o = m_store.create(person.personId, fields.text("type"), fields.text("subject"),
                            fields.text("body"));
    if (!o.ok()) {
        return errorReply(o.status, "request: " + o.error);
    }
    return outcomeReply(o, m_store.currentTime(), false);
}

Reply RequestsApi::list(const Caller& person) {
    auto requests = m_store.forPerson(person.personId);
    if (!requests) {
        log().error(requests.error());
        return errorReply(500, "cannot read your requests");
    }
    return listReply(requests.value(), m_store.currentTime(), false);
}

Reply RequestsApi::show(const Caller& person, const std::string& id) {
    return outcomeReply(m_store.ownRequest(id, person), m_store.currentTime(), false);
}

Reply RequestsApi::agentCreate(const Request& request) {
    auto who = agentPerson(request);
    if (auto* refusal = std::get_if<Reply>(&who)) {
        return *refusal;
    }
    return create(std::get<Caller>(who), request.body);
}

Reply RequestsApi::agentList(const Request& request) {
    auto who = agentPerson(request);
    if (auto* refusal = std::get_if<Reply>(&who)) {
        return *refusal;
    }
    return list(std::get<Caller>(who));
}

Reply RequestsApi::agentShow(const Request& request) {
    auto who = agentPerson(request);
    if (auto* refusal = std::get_if<Reply>(&who)) {
        return *refusal;
    }
    return show(std::get<Caller>(who), request.param("id"));
}

namespace {

// A signed-in employee with a person of their own; everything else is refused.
std::optional<Reply> notAnEmployee(const Request& request) {
    if (!request.caller || request.caller->role != Role::Employee ||
        request.caller->personId.empty()) {
        return errorReply(403, "only an employee's own account has requests");
    }
    return std::nullopt;
}

} // namespace

Reply RequestsApi::employeeCreate(const Request& request) {
    if (auto refusal = notAnEmployee(request)) {
        return *refusal;
    }
    return create(*request.caller, request.body);
}

Reply RequestsApi::employeeList(const Request& request) {
    if (auto refusal = notAnEmployee(request)) {
        return *refusal;
    }
    return list(*request.caller);
}

Reply RequestsApi::employeeShow(const Request& request) {
    if (auto refusal = notAnEmployee(request)) {
        // Still an attempt on someone's request: the owner sees it.
        return refuseNonDpo(request, request.param("id"));
    }
    return show(*request.caller, request.param("id"));
}

Reply RequestsApi::refuseNonDpo(const Request& request, const std::string& id) {
    if (request.caller && plausibleId(id)) {
        auto status = m_db.write("record a refused attempt", [&](Poco::Data::Session& s) {
            auto found = findIn(s, id);
            if (!found || isSelf(*request.caller, found->personId)) {
                return false;
            }
            AccessLog::recordIn(s, found->personId, *request.caller, "request:" + id,
                                "not allowed to handle requests", kAccessRefused);
            return true;
        });
        if (!status) {
            log().error(status.error());
        }
    }
    return errorReply(403, "only the data protection officer handles requests");
}

Reply RequestsApi::dpoList(const Request& request) {
    if (!request.caller || request.caller->role != Role::Dpo) {
        return errorReply(403, "only the data protection officer handles requests");
    }
    auto requests = m_store.inbox();
    if (!requests) {
        log().error(requests.error());
        return errorReply(500, "cannot read the requests");
    }
    return listReply(requests.value(), m_store.currentTime(), true);
}

Reply RequestsApi::dpoShow(const Request& request) {
    const std::string id = request.param("id");
    if (!request.caller || request.caller->role != Role::Dpo) {
        return refuseNonDpo(request, id);
    }
    return outcomeReply(m_store.open(id, *request.caller), m_store.currentTime(), true);
}

Reply RequestsApi::act(const Caller& caller, const std::string& id, const std::string& action,
                       const std::string& text, int months) {
    RequestOutcome o;
    if (action == "answer") {
        o = m_store.answer(id, caller, text);
    } else if (action == "refuse") {
        o = m_store.refuse(id, caller, text);
    } else {
        o = m_store.extend(id, caller, text, months);
    }
    if (o.ok()) {
        log().information("request %s: %s by %s", id, action, caller.actorId);
    }
    return outcomeReply(o, m_store.currentTime(), true);
}

Reply RequestsApi::dpoAnswer(const Request& request) {
    if (!request.caller || request.caller->role != Role::Dpo) {
        return refuseNonDpo(request, request.param("id"));
    }
    auto f = readFields(request.body, {"answer"});
    if (!f.error.empty()) {
        return errorReply(400, "answer: " + f.error);
    }
    return act(*request.caller, request.param("id"), "answer", f.text("answer"), 0);
}

Reply RequestsApi::dpoRefuse(const Request& request) {
    if (!request.caller || request.caller->role != Role::Dpo) {
        return refuseNonDpo(request, request.param("id"));
    }
    auto f = readFields(request.body, {"reason"});
    if (!f.error.empty()) {
        return errorReply(400, "refusal: " + f.error);
    }
    return act(*request.caller, request.param("id"), "refuse", f.text("reason"), 0);
}

Reply RequestsApi::dpoExtend(const Request& request) {
    if (!request.caller || request.caller->role != Role::Dpo) {
        return refuseNonDpo(request, request.param("id"));
    }
    auto f = readFields(request.body, {"reason"}, {"months"});
    if (!f.error.empty()) {
        return errorReply(400, "extension: " + f.error);
    }
    int months = kRequestMaxMonths;
    if (f.object->has("months")) {
        const auto n = f.object->get("months").convert<Poco::Int64>();
        months = (n < 0 || n > 12) ? -1 : static_cast<int>(n);
    }
    return act(*request.caller, request.param("id"), "extend", f.text("reason"), months);
}

// ---- pages ----

std::string requestTypeLabel(html::Lang l, const std::string& type) {
    using html::tr;
    if (type == "question") {
        return tr(l, "Spørgsmål", "Question");
    }
    if (type == "copy") {
        return tr(l, "Kopi af mine data", "Copy of my data");
    }
    if (type == "correction") {
        return tr(l, "Berigtigelse", "Correction");
    }
    if (type == "objection") {
        return tr(l, "Indsigelse", "Objection");
    }
    if (type == "deletion") {
        return tr(l, "Sletning", "Deletion");
    }
    return type;
}

std::string requestStatusLabel(html::Lang l, const PersonRequest& r, const std::string& now) {
    using html::tr;
    std::string s;
    if (r.status == kStatusReceived) {
        s = tr(l, "Modtaget", "Received");
    } else if (r.status == kStatusInProgress) {
        s = tr(l, "Under behandling", "In progress");
    } else if (r.status == kStatusAnswered) {
        s = tr(l, "Besvaret", "Answered");
    } else if (r.status == kStatusRefused) {
        s = tr(l, "Afvist", "Refused");
    } else {
        s = r.status;
    }
    if (r.overdue(now)) {
        s += tr(l, " — OVERSKREDET", " — OVERDUE");
    }
    return s;
}

namespace {

using html::escape;
using html::Lang;
using html::tr;

using html::languageQuery;

std::string csrfField(const Caller& caller) {
    return html::csrfField(caller.csrfToken);
}

Reply forbiddenPage(Lang l) {
    return html::pageReply(403, l, tr(l, "Ingen adgang", "Not allowed"),
                           std::string("<p>") +
                               tr(l, "Kun databeskyttelsesrådgiveren behandler anmodninger.",
                                  "Only the data protection officer handles requests.") +
                               "</p>");
}

} // namespace

Reply RequestsApi::dpoListPage(const Request& request) {
    const Lang l = html::language(request);
    if (!request.caller || request.caller->role != Role::Dpo) {
        return forbiddenPage(l);
    }
    auto requests = m_store.inbox();
    if (!requests) {
        log().error(requests.error());
        return html::pageReply(
            500, l, tr(l, "Fejl", "Error"),
            std::string("<p>") +
                tr(l, "Anmodningerne kunne ikke læses.", "The requests could not be read.") +
                "</p>");
    }
    const std::string at = m_store.currentTime();
    std::int64_t open = 0, overdue = 0;
    std::string rows;
    for (const auto& r : requests.value()) {
        open += r.open() ? 1 : 0;
        overdue += r.overdue(at) ? 1 : 0;
        rows += std::string("<tr") + (r.overdue(at) ? " class=\"overdue\"" : "") + "><td>" +
                escape(r.dueAt.substr(0, 10)) + "</td><td>" + escape(requestStatusLabel(l, r, at)) +
                "</td><td>" + escape(requestTypeLabel(l, r.type)) +
                "</td><td><a href=\"/dpo/requests/" + escape(r.id) + languageQuery(l) + "\">" +
                escape(r.subject) + "</a></td><td>" + escape(r.receivedAt.substr(0, 10)) +
                "</td></tr>\n";
    }
    std::string body = std::string("<h1>") + tr(l, "Anmodninger", "Requests") + "</h1>\n<p>" +
                       std::to_string(open) + tr(l, " åbne, ", " open, ") +
                       std::to_string(overdue) +
                       tr(l, " overskredet fristen.", " past their due date.") + "</p>\n";
    if (rows.empty()) {
        body += std::string("<p>") + tr(l, "Ingen anmodninger.", "No requests.") + "</p>";
    } else {
        body += std::string("<table><thead><tr><th>") + tr(l, "Frist", "Due") + "</th><th>" +
                tr(l, "Status", "Status") + "</th><th>" + tr(l, "Type", "Type") + "</th><th>" +
                tr(l, "Emne", "Subject") + "</th><th>" + tr(l, "Modtaget", "Received") +
                "</th></tr></thead><tbody>\n" + rows + "</tbody></table>";
    }
    return html::pageReply(200, l, tr(l, "Anmodninger", "Requests"), body);
}

Reply RequestsApi::dpoShowPage(const Request& request) {
    const Lang l = html::language(request);
    const std::string id = request.param("id");
    if (!request.caller || request.caller->role != Role::Dpo) {
        (void)refuseNonDpo(request, id);
        return forbiddenPage(l);
    }
    const auto o = m_store.open(id, *request.caller);
    if (!o.ok()) {
        return html::pageReply(o.status, l, tr(l, "Anmodning", "Request"),
                               "<p>" + escape(o.error) + "</p><p><a href=\"/dpo/requests" +
                                   languageQuery(l) + "\">" +
                                   tr(l, "Tilbage til listen", "Back to the list") + "</a></p>");
    }
    const PersonRequest& r = o.request;
    const std::string at = m_store.currentTime();
    std::string personName, personEmail;
    (void)m_db.read("read the person's name", [&](Poco::Data::Session& s) {
        std::vector<std::string> names, emails;
        s << "SELECT name, email FROM people WHERE person_id = $1", into(names), into(emails),
            useRef(r.personId), now;
        if (!names.empty()) {
            personName = names.front();
            personEmail = emails.front();
        }
    });
    const auto row = [](const std::string& label, const std::string& value) {
        return "<tr><th>" + escape(label) + "</th><td>" + escape(value) + "</td></tr>\n";
    };
    std::string body = "<p><a href=\"/dpo/requests" + languageQuery(l) + "\">" +
                       tr(l, "Alle anmodninger", "All requests") + "</a></p>\n<h1>" +
                       escape(r.subject) + "</h1>\n<table>\n";
    body += row(tr(l, "Type", "Type"), requestTypeLabel(l, r.type));
    body += row(tr(l, "Status", "Status"), requestStatusLabel(l, r, at));
    body += row(tr(l, "Fra", "From"),
                (personName.empty() ? r.personId : personName) +
                    (personEmail.empty() ? std::string() : " <" + personEmail + ">"));
    body += row(tr(l, "Modtaget", "Received"), r.receivedAt);
    body += row(tr(l, "Frist", "Due"), r.dueAt.substr(0, 10));
    if (!r.extendedAt.empty()) {
        body += row(tr(l, "Forlænget", "Extended"), r.extendedAt.substr(0, 10));
        body += row(tr(l, "Begrundelse for forlængelse", "Reason for the extension"),
                    r.extensionReason);
    }
    if (!r.assignedTo.empty()) {
        body += row(tr(l, "Behandles af", "Handled by"), r.assignedTo);
    }
    // The way to the person's data when answering needs it (a copy request): the form there
    // asks why, and the read is in the person's log.
    body += "</table>\n<p><a href=\"/people/" + escape(r.personId) + languageQuery(l) + "\">" +
            tr(l, "Se personens data (du bliver spurgt om begrundelsen; personen kan se den)",
               "See the person's data (you will be asked why; the person sees your reason)") +
            "</a></p>\n";
    body += "<h2>" + std::string(tr(l, "Anmodningen", "The request")) + "</h2>\n<p>" +
            escape(r.body) + "</p>\n";
    if (!r.open()) {
        body +=
            "<h2>" +
            std::string(r.status == kStatusAnswered ? tr(l, "Svar", "Answer")
                                                    : tr(l, "Afvist fordi", "Refused because")) +
            "</h2>\n<p>" + escape(r.answer) + "</p>\n<p>" + escape(r.answeredBy) + ", " +
            escape(r.answeredAt) + "</p>\n";
    } else {
        const std::string base = "/dpo/requests/" + escape(r.id) + "/";
        const std::string lang =
            "<input type=\"hidden\" name=\"lang\" value=\"" + std::string(html::code(l)) + "\">";
        body += "<h2>" + std::string(tr(l, "Svar", "Answer")) + "</h2>\n<form method=\"post\" " +
                "action=\"" + base + "answer\">" + csrfField(*request.caller) + lang +
                "<textarea name=\"text\" rows=\"8\" maxlength=\"" +
                std::to_string(kMaxRequestAnswer) + "\" required></textarea><button>" +
                tr(l, "Send svar", "Send answer") + "</button></form>\n";
        if (r.extendedAt.empty()) {
            body += "<h2>" + std::string(tr(l, "Forlæng fristen", "Extend the deadline")) +
                    "</h2>\n<p>" +
                    tr(l,
                       "Kun inden for den første måned, og kun med en begrundelse, som "
                       "medarbejderen ser.",
                       "Only within the first month, and only with a reason the employee sees.") +
                    "</p><form method=\"post\" action=\"" + base + "extend\">" +
                    csrfField(*request.caller) + lang + "<select name=\"months\"><option " +
                    "value=\"3\">" + tr(l, "3 måneder efter modtagelse", "3 months after receipt") +
                    "</option><option value=\"2\">" +
                    tr(l, "2 måneder efter modtagelse", "2 months after receipt") +
                    "</option></select><textarea name=\"text\" rows=\"3\" maxlength=\"" +
                    std::to_string(kMaxRequestReason) + "\" required></textarea><button>" +
                    tr(l, "Forlæng", "Extend") + "</button></form>\n";
        }
        body += "<h2>" + std::string(tr(l, "Afvis", "Refuse")) + "</h2>\n<form method=\"post\" " +
                "action=\"" + base + "refuse\">" + csrfField(*request.caller) + lang +
                "<textarea name=\"text\" rows=\"3\" maxlength=\"" +
                std::to_string(kMaxRequestReason) + "\" required></textarea><button>" +
                tr(l, "Afvis med denne begrundelse", "Refuse with this reason") +
                "</button></form>\n";
    }
    return html::pageReply(200, l, r.subject, body);
}

Reply RequestsApi::dpoFormPost(const Request& request, const std::string& action) {
    const Lang l = html::language(request);
    const std::string id = request.param("id");
    if (!request.caller || request.caller->role != Role::Dpo) {
        (void)refuseNonDpo(request, id);
        return forbiddenPage(l);
    }
    const auto form = parseForm(request.body);
    const auto field = [&form](const std::string& name) {
        const auto it = form.find(name);
        return it == form.end() ? std::string() : it->second;
    };
    if (request.caller->csrfToken.empty() ||
        !constantTimeEquals(field("csrf"), request.caller->csrfToken)) {
        return html::pageReply(403, l, tr(l, "Ingen adgang", "Not allowed"),
                               std::string("<p>") +
                                   tr(l, "Formularen er udløbet. Genindlæs siden og prøv igen.",
                                      "The form has expired. Reload the page and try again.") +
                                   "</p>");
    }
    int months = kRequestMaxMonths;
    if (action == "extend") {
        const std::string m = field("months");
        months = m == "2" ? 2 : m == "3" ? 3 : -1;
    }
    const Reply result = act(*request.caller, id, action, field("text"), months);
    if (result.status >= 300) {
        std::string message = result.body;
        try {
            Poco::JSON::Parser parser;
            message = parser.parse(result.body)
                          .extract<Poco::JSON::Object::Ptr>()
                          ->getValue<std::string>("error");
        } catch (const Poco::Exception&) {
        }
        return html::pageReply(result.status, l, tr(l, "Ikke udført", "Not done"),
                               "<p>" + escape(message) + "</p><p><a href=\"/dpo/requests/" +
                                   escape(id) + languageQuery(l) + "\">" +
                                   tr(l, "Tilbage", "Back") + "</a></p>");
    }
    return html::seeOther("/dpo/requests/" + id + languageQuery(l));
}

void addRequestRoutes(Router& router, RequestsApi& api) {
    const auto add = [&router](Listener listener, const char* method, const char* pattern,
                               Access access, std::vector<Role> roles, bool personal,
                               std::size_t maxBody, Handler handler, const char* summary) {
        Route r;
        r.listener = listener;
        r.method = method;
        r.pattern = pattern;
        r.access = access;
        r.roles = std::move(roles);
        r.personal = personal;
        r.maxBody = maxBody;
        r.handler = std::move(handler);
        r.summary = summary;
        router.add(std::move(r));
    };
    constexpr std::size_t kBody = 64 * 1024;
    add(
        Listener::Agent, "POST", "/api/v1/me/requests", Access::Device, {}, false, kBody,
        [&api](Request& r) { return api.agentCreate(r); },
        "an employee's new request, through their agent (?user=OS user)");
    add(
        Listener::Agent, "GET", "/api/v1/me/requests", Access::Device, {}, false, 0,
        [&api](Request& r) { return api.agentList(r); },
        "the employee's requests with status, due date and answer (?user=OS user)");
    add(
        Listener::Agent, "GET", "/api/v1/me/requests/{id}", Access::Device, {}, true, 0,
        [&api](Request& r) { return api.agentShow(r); }, "one of the employee's requests");
    add(
        Listener::Public, "POST", "/api/v1/requests", Access::Session, {Role::Employee}, false,
        kBody, [&api](Request& r) { return api.employeeCreate(r); },
        "a signed-in employee's new request");
    add(
        Listener::Public, "GET", "/api/v1/requests/mine", Access::Session, {Role::Employee}, false,
        0, [&api](Request& r) { return api.employeeList(r); }, "a signed-in employee's requests");
    add(
        Listener::Public, "GET", "/api/v1/requests/{id}", Access::Session, {Role::Employee}, true,
        0, [&api](Request& r) { return api.employeeShow(r); },
        "one of a signed-in employee's requests");
    add(
        Listener::Public, "GET", "/api/v1/dpo/requests", Access::Session, {Role::Dpo}, false, 0,
        [&api](Request& r) { return api.dpoList(r); },
        "the DPO's inbox: open requests first, overdue flagged");
    add(
        Listener::Public, "GET", "/api/v1/dpo/requests/{id}", Access::Session, {Role::Dpo}, true, 0,
        [&api](Request& r) { return api.dpoShow(r); },
        "one request, read for handling (an access event in the person's log)");
    for (const char* action : {"answer", "extend", "refuse"}) {
        const std::string a = action;
        Handler h;
        if (a == "answer") {
            h = [&api](Request& r) { return api.dpoAnswer(r); };
        } else if (a == "extend") {
            h = [&api](Request& r) { return api.dpoExtend(r); };
        } else {
            h = [&api](Request& r) { return api.dpoRefuse(r); };
        }
        Route r;
        r.listener = Listener::Public;
        r.method = "POST";
        r.pattern = "/api/v1/dpo/requests/{id}/" + a;
        r.access = Access::Session;
        r.roles = {Role::Dpo};
        r.personal = true;
        r.maxBody = kBody;
        r.handler = std::move(h);
        r.summary = "the DPO's " + a + " to a request";
        router.add(std::move(r));

        Route page;
        page.listener = Listener::Public;
        page.method = "POST";
        page.pattern = "/dpo/requests/{id}/" + a;
        page.access = Access::Session;
        page.roles = {Role::Dpo};
        page.personal = true;
        page.maxBody = kBody;
        page.handler = [&api, a](Request& req) { return api.dpoFormPost(req, a); };
        page.summary = "the DPO's " + a + " form";
        router.add(std::move(page));
    }
    add(
        Listener::Public, "GET", "/dpo/requests", Access::Session, {Role::Dpo}, false, 0,
        [&api](Request& r) { return api.dpoListPage(r); }, "the DPO's request inbox page");
    add(
        Listener::Public, "GET", "/dpo/requests/{id}", Access::Session, {Role::Dpo}, true, 0,
        [&api](Request& r) { return api.dpoShowPage(r); },
        "one request as a page, with answer, extend and refuse forms");
}

} // namespace indblik::server
