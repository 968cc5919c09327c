#include "personal_data.h"

#include <algorithm>
#include <limits>
#include <map>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include "json_reader.h"
#include "ledger.h"
#include "lenient_json.h"
#include "local_time.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

// The agent's payloads are read leniently here (lenient_json.h).
using lenient::parseObject;
using lenient::text;

std::int64_t number(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key) || o->isNull(key)) {
        return 0;
    }
    try {
        return o->get(key).convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
        return 0;
    }
}

std::vector<std::string> strings(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    std::vector<std::string> out;
    if (!o || !o->has(key)) {
        return out;
    }
    const auto array = o->getArray(key);
    if (!array) {
        return out;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        try {
            out.push_back(array->get(static_cast<unsigned>(i)).toString());
        } catch (const Poco::Exception&) {
        }
    }
    return out;
}

std::optional<LocalizedText> localized(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key)) {
        return std::nullopt;
    }
    const auto inner = o->getObject(key);
    if (!inner) {
        return std::nullopt;
    }
    return LocalizedText{text(inner, "en"), text(inner, "da")};
}

std::string displayName(const Poco::JSON::Object::Ptr& o, Language language) {
    if (auto title = localized(o, "title"); title && !title->in(language).empty()) {
        return title->in(language);
    }
    if (auto name = text(o, "name"); !name.empty()) {
        return name;
    }
    if (auto product = text(o, "product"); !product.empty()) {
        return product;
    }
    return language == Language::Danish ? "(uden navn)" : "(unnamed)";
}

std::string categoryList(const std::vector<std::string>& words, Language language) {
    std::string out;
    for (const auto& w : words) {
        const auto* c = findDataCategory(w);
        out += (out.empty() ? "" : ", ") + (c ? std::string(c->name(language)) : w);
    }
    return out;
}

std::string bytesText(std::int64_t bytes) {
    if (bytes >= (std::int64_t{1} << 30)) {
        return std::to_string(bytes >> 30) + " GiB";
    }
    if (bytes >= (std::int64_t{1} << 20)) {
        return std::to_string(bytes >> 20) + " MiB";
    }
    if (bytes >= 1024) {
        return std::to_string(bytes >> 10) + " KiB";
    }
    return std::to_string(bytes) + " B";
}

std::string observationSummary(const std::string& kind, const Poco::JSON::Object::Ptr& o,
                               Language l) {
    const bool da = l == Language::Danish;
    std::string lead;
    if (kind == "observation.added") {
        lead = da ? "Fundet: " : "Found: ";
    } else if (kind == "observation.changed") {
        lead = da ? "Ændret: " : "Changed: ";
    } else {
        lead = da ? "Ikke længere fundet: " : "No longer found: ";
    }
    std::string out = lead + displayName(o, l);
    const auto categories = strings(o, "categories");
    if (!categories.empty()) {
        out += " (" + categoryList(categories, l) + ")";
    }
    if (kind != "observation.removed" && o && o->has("declared")) {
        bool declared = false;
        try {
            declared = o->get("declared").convert<bool>();
        } catch (const Poco::Exception&) {
        }
        if (declared) {
            out += da ? " – erklæret" : " – declared";
            if (auto policy = text(o, "policy"); !policy.empty()) {
                out += da ? " i politik " + policy : " in policy " + policy;
            }
        } else {
            out += da ? " – IKKE ERKLÆRET" : " – NOT DECLARED";
        }
    }
    return out;
}

std::string activitySummary(const Poco::JSON::Object::Ptr& o, Language l) {
    const bool da = l == Language::Danish;
    // In the workplace's time, as every other time people read from the server.
    std::string out = displayName(o, l) + (da ? " var aktiv " : " was active ") +
                      localInterval(text(o, "start"), text(o, "end"));
    std::vector<std::string> parts;
    if (auto cpu = number(o, "cpu_seconds"); cpu > 0) {
        parts.push_back(std::to_string(cpu) + (da ? " s CPU-tid" : " s of CPU time"));
    }
    if (auto written = number(o, "bytes_written"); written > 0) {
        parts.push_back(bytesText(written) + (da ? " skrevet" : " written"));
    }
    if (auto files = number(o, "spool_files"); files > 0) {
        parts.push_back(std::to_string(files) +
                        (da ? " nye optagelsesfiler (" : " new capture files (") +
                        bytesText(number(o, "spool_bytes")) + ")");
    }
    if (auto audit = number(o, "audit_log_bytes"); audit > 0) {
        parts.push_back(bytesText(audit) + (da ? " auditlog" : " of audit log"));
    }
    const auto remotes = strings(o, "remote_endpoints");
    if (!remotes.empty()) {
        std::string list;
        for (std::size_t i = 0; i < remotes.size() && i < 5; ++i) {
            list += (i == 0 ? "" : ", ") + remotes[i];
        }
        if (remotes.size() > 5) {
            list += ", …";
        }
        parts.push_back((da ? "forbundet til " : "connected to ") + list);
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += (i == 0 ? ": " : "; ") + parts[i];
    }
    return out;
}

// "2026-11-23 18:04 UTC" from an ISO-8601 UTC time; the text as it is when it is not one.
std::string minuteUtc(const std::string& iso) {
    if (iso.size() < 16 || iso[10] != 'T') {
        return iso;
    }
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

// A ledger.gap entry: the agent could not record some events (its ledger's disk quota was
// reached while the server was out of reach, or the disk was full) and says how many and when.
std::string gapSummary(const Poco::JSON::Object::Ptr& o, Language l) {
    const bool da = l == Language::Danish;
    const auto count = number(o, "count");
    const auto from = minuteUtc(text(o, "from"));
    const auto to = minuteUtc(text(o, "to"));
    const bool disk = text(o, "cause") == "disk";
    std::string events;
    if (da) {
        events = count == 1 ? "1 hændelse" : std::to_string(count) + " hændelser";
    } else {
        events = count == 1 ? "1 event" : std::to_string(count) + " events";
    }
    std::string out =
        da ? "Mellem " + from + " og " + to + " kunne denne computer ikke registrere " + events
           : "Between " + from + " and " + to + " this computer could not record " + events;
    if (disk) {
        out += da ? ", fordi dens disk var fuld eller ikke kunne skrives til."
                  : " because its disk was full or could not be written to.";
    } else {
        out += da ? ", fordi dens lager til Indblik var fuldt; serveren kunne ikke nås."
                  : " because its storage for Indblik was full; the server was out of reach.";
    }
    return out;
}

std::string isoDaysAgo(int days) {
    Poco::Timestamp t;
    t -= Poco::Timespan(days, 0, 0, 0, 0);
    return Poco::DateTimeFormatter::format(t, "%Y-%m-%dT%H:%M:%S.%iZ");
}

constexpr const char* kObservationKinds =
    "kind IN ('observation.added', 'observation.changed', 'observation.removed')";

void readObservations(Poco::Data::Session& s, const PersonDevice& d,
                      std::vector<PersonalObservation>& out) {
    std::vector<std::string> times, kinds, payloads;
    // The partial index ledger_entries_observations (migration 4) holds exactly these rows.
    s << (std::string("SELECT time, kind, payload FROM ledger_entries WHERE device_id = $1 AND ") +
          kObservationKinds + " ORDER BY seq"),
        into(times), into(kinds), into(payloads), useRef(d.deviceId), now;
    std::map<std::string, PersonalObservation> current;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        const auto o = parseObject(payloads[i]);
        std::string key = text(o, "product");
        key = key.empty() ? text(o, "detector") + ":" + text(o, "name") : "product:" + key;
        if (kinds[i] == "observation.removed") {
            current.erase(key);
            continue;
        }
        auto [it, fresh] = current.try_emplace(key);
        PersonalObservation& p = it->second;
        if (fresh) {
            p.firstSeen = times[i];
        }
        p.deviceId = d.deviceId;
        p.hostname = d.hostname;
        p.detector = text(o, "detector");
        p.product = text(o, "product");
        p.name = text(o, "name");
        p.title = localized(o, "title");
        p.categories = strings(o, "categories");
        p.evidence = strings(o, "evidence");
        p.why = localized(o, "why").value_or(LocalizedText{});
        p.declared = false;
        if (o && o->has("declared")) {
            try {
                p.declared = o->get("declared").convert<bool>();
            } catch (const Poco::Exception&) {
            }
        }
        p.policy = text(o, "policy");
        p.lastChange = times[i];
    }
    for (auto& [key, o] : current) {
        out.push_back(std::move(o));
    }
}

void readEvents(Poco::Data::Session& s, const PersonDevice& d, const std::string& since,
                const std::optional<EventCursor>& after, std::size_t limit,
                std::vector<PersonalEvent>& out) {
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> times, kinds, payloads;
    const Poco::Int64 max = static_cast<Poco::Int64>(limit) + 1;
    // Walks ledger_entries_device_time backwards from the newest (or from the cursor's time)
    // and stops at the limit. At the cursor's own time, a device after the cursor's device in
    // the order keeps all its entries, the cursor's device those below its sequence, and a
    // device before it none (they were on earlier pages).
    std::string until = "9999";
    Poco::Int64 below = std::numeric_limits<Poco::Int64>::max();
    if (after) {
        until = after->time;
        below = d.deviceId > after->deviceId    ? std::numeric_limits<Poco::Int64>::max()
                : d.deviceId == after->deviceId ? after->seq
                                                : std::numeric_limits<Poco::Int64>::min();
    }
    s << "SELECT seq, time, kind, payload FROM ledger_entries WHERE device_id = $1 AND time >= "
         "$2 AND time <= $3 AND (time < $3 OR seq < $4) ORDER BY time DESC, seq DESC LIMIT $5",
        into(seqs), into(times), into(kinds), into(payloads), useRef(d.deviceId), useRef(since),
        useRef(until), bind(below), bind(max), now;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        out.push_back({d.deviceId,
                       d.hostname,
                       seqs[i],
                       std::move(times[i]),
                       std::move(kinds[i]),
                       std::move(payloads[i]),
                       nullptr,
                       {}});
    }
}

void readPolicies(Poco::Data::Session& s, const std::string& nowText,
                  std::vector<PersonalPolicy>& out) {
    std::vector<std::string> ids, jsons, states, announced, effective, reasons;
    std::vector<Poco::Int64> versions;
    s << "SELECT policy_id, version, json, state, COALESCE(announced_at, ''), "
         "COALESCE(effective_at, ''), COALESCE(short_notice_reason, '') FROM policy_versions "
         "WHERE state IN ('announced', 'in_effect') ORDER BY policy_id, version",
        into(ids), into(versions), into(jsons), into(states), into(announced), into(effective),
        into(reasons), now;
    PolicyParseOptions lenient;
    lenient.noticeDays = 0; // validated when published; shown here as it is
    std::map<std::string, PersonalPolicy> current;
    std::vector<PersonalPolicy> coming;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        PersonalPolicy p;
        p.id = ids[i];
        p.version = versions[i];
        p.json = jsons[i];
        p.shortNoticeReason = reasons[i];
        auto parsed = parsePolicy(jsons[i], "policy " + ids[i], lenient);
        if (parsed) {
            p.policy = std::move(parsed).value();
        }
        p.announced = !announced[i].empty() || !p.policy
                          ? announced[i]
                          : json::formatIsoDate(p.policy->announcedDay);
        p.effective = !effective[i].empty() || !p.policy
                          ? effective[i]
                          : json::formatIsoDate(p.policy->effectiveDay);
        if (p.shortNoticeReason.empty() && p.policy && p.policy->shortNoticeReason) {
            p.shortNoticeReason = p.policy->shortNoticeReason->en;
        }
        p.inEffect = !p.effective.empty() && p.effective <= nowText;
        if (p.inEffect) {
            current[p.id] = std::move(p); // a later version in effect replaces an earlier one
        } else {
            coming.push_back(std::move(p));
        }
    }
    for (auto& [id, p] : current) {
        out.push_back(std::move(p));
    }
    for (auto& p : coming) {
        out.push_back(std::move(p));
    }
}

} // namespace

const DeviceIntegrity* integrityOf(const PersonalDataSet& data, const std::string& deviceId) {
    for (const auto& i : data.integrity) {
        if (i.deviceId == deviceId) {
            return &i;
        }
    }
    return nullptr;
}

std::string formatEventCursor(const EventCursor& cursor) {
    return cursor.time + "," + cursor.deviceId + "," + std::to_string(cursor.seq);
}

std::optional<EventCursor> parseEventCursor(const std::string& text) {
    const auto first = text.find(',');
    const auto second = first == std::string::npos ? first : text.find(',', first + 1);
    if (second == std::string::npos || text.size() > 200) {
        return std::nullopt;
    }
    EventCursor c;
    c.time = text.substr(0, first);
    c.deviceId = text.substr(first + 1, second - first - 1);
    const std::string seq = text.substr(second + 1);
    const auto isTimeChar = [](char ch) {
        return (ch >= '0' && ch <= '9') || ch == '-' || ch == ':' || ch == '.' || ch == 'T' ||
               ch == 'Z';
    };
    const auto isHex = [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); };
    if (c.time.size() < 10 || !std::all_of(c.time.begin(), c.time.end(), isTimeChar) ||
        c.deviceId.empty() || !std::all_of(c.deviceId.begin(), c.deviceId.end(), isHex) ||
        seq.empty() || seq.size() > 18 ||
        !std::all_of(seq.begin(), seq.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        return std::nullopt;
    }
    c.seq = std::stoll(seq);
    return c;
}

bool isOwnEvent(const AccessEvent& event) {
    return event.actorRole == roleName(Role::Employee) && event.outcome == kAccessRead;
}

LocalizedText summarizeEntry(const std::string& kind, const std::string& payload) {
    return summarizeEntry(kind, parseObject(payload));
}

LocalizedText summarizeEntry(const std::string& kind, const Poco::JSON::Object::Ptr& o) {
    LocalizedText out;
    for (auto l : {Language::English, Language::Danish}) {
        std::string s;
        if (kind.rfind("observation.", 0) == 0) {
            s = observationSummary(kind, o, l);
        } else if (kind == "activity") {
            s = activitySummary(o, l);
        } else if (kind == "ledger.gap") {
            s = gapSummary(o, l);
        } else {
            s = (l == Language::Danish ? "Registrering: " : "Record: ") + kind;
        }
        (l == Language::Danish ? out.da : out.en) = std::move(s);
    }
    return out;
}

Result<std::optional<PersonalDataSet>> PersonalData::read(const std::string& personId,
                                                          const Caller& caller, bool record,
                                                          const std::string& what,
                                                          const std::string& why,
                                                          const PersonalDataOptions& options) {
    PersonalDataSet data;
    bool found = false;
    const auto work = [&](Poco::Data::Session& s) {
        data.generatedAt = nowIso8601();
        std::vector<std::string> ids, numbers, names, emails, units, usernames, created, updated,
            left;
        s << "SELECT person_id, COALESCE(employee_number, ''), name, email, org_unit, username, "
             "created_at, updated_at, COALESCE(left_at, '') FROM people WHERE person_id = $1",
            into(ids), into(numbers), into(names), into(emails), into(units), into(usernames),
            into(created), into(updated), into(left), useRef(personId), now;
        if (ids.empty()) {
            return false;
        }
        found = true;
        if (record) {
            AccessLog::recordIn(s, personId, caller, what, why, kAccessRead);
        }
        data.person = {ids[0],       numbers[0], names[0],   emails[0], units[0],
                       usernames[0], created[0], updated[0], left[0]};

        std::vector<std::string> devIds, hosts, users, assigned, sources, enrolled, seen, revoked;
        std::vector<Poco::Int64> skewKnown, skews;
        s << "SELECT pd.device_id, d.hostname, pd.os_user, pd.assigned_at, pd.source, "
             "d.enrolled_at, COALESCE(d.last_seen, ''), COALESCE(d.revoked_at, ''), CASE WHEN "
             "d.clock_skew_seconds IS NULL THEN 0 ELSE 1 END, COALESCE(d.clock_skew_seconds, 0) "
             "FROM "
             "person_devices pd JOIN devices d ON d.device_id = pd.device_id WHERE pd.person_id "
             "= $1 ORDER BY d.hostname, pd.device_id, pd.os_user",
            into(devIds), into(hosts), into(users), into(assigned), into(sources), into(enrolled),
            into(seen), into(revoked), into(skewKnown), into(skews), useRef(personId), now;
        for (std::size_t i = 0; i < devIds.size(); ++i) {
            data.devices.push_back(
                {devIds[i], hosts[i], users[i], assigned[i], sources[i], enrolled[i], seen[i],
                 revoked[i],
                 skewKnown[i] != 0 ? std::optional<std::int64_t>(skews[i]) : std::nullopt});
        }

        data.eventsSince = isoDaysAgo(options.days);
        data.eventLimit = options.limit;
        std::vector<std::string> done; // one device tied for two OS users is read once
        for (const auto& d : data.devices) {
            if (std::find(done.begin(), done.end(), d.deviceId) != done.end()) {
                continue;
            }
            done.push_back(d.deviceId);
            data.integrity.push_back(integritySummary(s, d.deviceId));
            readObservations(s, d, data.observations);
            readEvents(s, d, data.eventsSince, options.after, options.limit, data.events);
        }
        std::sort(data.events.begin(), data.events.end(),
                  [](const PersonalEvent& a, const PersonalEvent& b) {
                      return a.time != b.time           ? a.time > b.time
                             : a.deviceId != b.deviceId ? a.deviceId < b.deviceId
                                                        : a.seq > b.seq;
                  });
        if (data.events.size() > options.limit) {
            data.moreEvents = true;
            data.events.resize(options.limit);
            const PersonalEvent& last = data.events.back();
            data.nextEvents = formatEventCursor({last.time, last.deviceId, last.seq});
        }
        for (auto& e : data.events) {
            e.parsed = parseObject(e.payload);
            e.summary = summarizeEntry(e.kind, e.parsed);
        }

        readPolicies(s, data.generatedAt, data.policies);
        for (auto& p : data.policies) {
            for (const auto& o : data.observations) {
                const bool byCatalog =
                    p.policy && !o.product.empty() &&
                    std::find(p.policy->coversCatalog.begin(), p.policy->coversCatalog.end(),
                              o.product) != p.policy->coversCatalog.end();
                if (o.policy == p.id || byCatalog) {
                    p.coversMine = true;
                }
            }
        }

        s << "SELECT COUNT(*) FROM access_events WHERE person_id = $1", into(data.accessTotal),
            useRef(personId), now;
        std::vector<Poco::Int64> seqs;
        std::vector<std::string> times, actorIds, actorNames, roles, whats, whys, outcomes, prevs,
            hashes;
        const Poco::Int64 accessLimit = static_cast<Poco::Int64>(options.accessLimit);
        s << "SELECT seq, time, actor_id, actor_name, actor_role, what, why, outcome, prev_hash, "
             "hash FROM access_events WHERE person_id = $1 ORDER BY seq DESC LIMIT $2",
            into(seqs), into(times), into(actorIds), into(actorNames), into(roles), into(whats),
            into(whys), into(outcomes), into(prevs), into(hashes), useRef(personId),
            bind(accessLimit), now;
        for (std::size_t i = 0; i < seqs.size(); ++i) {
            data.accessEvents.push_back({personId, seqs[i], times[i], actorIds[i], actorNames[i],
                                         roles[i], whats[i], whys[i], outcomes[i], prevs[i],
                                         hashes[i]});
        }

        std::vector<std::string> rIds, types, subjects, bodies, statuses, received, due, extended,
            reasons, answers, answered, rUpdated;
        const Poco::Int64 requestLimit = static_cast<Poco::Int64>(options.requestLimit);
        s << "SELECT request_id, type, subject, body, status, received_at, due_at, "
             "COALESCE(extended_at, ''), COALESCE(extension_reason, ''), COALESCE(answer, ''), "
             "COALESCE(answered_at, ''), updated_at FROM requests WHERE person_id = $1 ORDER BY "
             "received_at DESC, request_id LIMIT $2",
            into(rIds), into(types), into(subjects), into(bodies), into(statuses), into(received),
            into(due), into(extended), into(reasons), into(answers), into(answered), into(rUpdated),
            useRef(personId), bind(requestLimit), now;
        for (std::size_t i = 0; i < rIds.size(); ++i) {
            data.requests.push_back({rIds[i], types[i], subjects[i], bodies[i], statuses[i],
                                     received[i], due[i], extended[i], reasons[i], answers[i],
                                     answered[i], rUpdated[i]});
        }
        return true;
    };
    const Status status =
        record ? m_db.write("read a person's data and record the access", work)
               : m_db.read("read a person's data", [&](Poco::Data::Session& s) { (void)work(s); });
    if (!status) {
        return Error{status.error()};
    }
    if (!found) {
        return std::optional<PersonalDataSet>();
    }
    // The whole chain, not just the events shown: an edit anywhere is found.
    AccessLog log(m_db);
    auto check = log.verify(personId);
    if (!check) {
        return Error{check.error()};
    }
    data.accessIntact = check->intact;
    if (!check->intact) {
        data.accessProblem =
            "event " + std::to_string(check->firstBroken.value_or(0)) + " " + check->reason;
    }
    return std::optional<PersonalDataSet>(std::move(data));
}

Status PersonalData::recordRefused(const std::string& personId, const Caller& caller,
                                   const std::string& what, const std::string& why) {
    return m_db.write("record a refused attempt", [&](Poco::Data::Session& s) {
        Poco::Int64 found = 0;
        s << "SELECT COUNT(*) FROM people WHERE person_id = $1", into(found), useRef(personId), now;
        if (found == 0) {
            return false;
        }
        AccessLog::recordIn(s, personId, caller, what, why, kAccessRefused);
        return true;
    });
}

} // namespace indblik::server
