#include "export.h"

#include <algorithm>
#include <functional>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>

#include "csv.h"
#include "server_store.h"

namespace indblik::server {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr object() {
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

std::string stringify(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

Poco::Dynamic::Var orNull(const std::string& text) {
    return text.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(text);
}

Array::Ptr array(const std::vector<std::string>& items) {
    Array::Ptr a = new Array;
    for (const auto& i : items) {
        a->add(i);
    }
    return a;
}

Object::Ptr localizedJson(const LocalizedText& text) {
    auto o = object();
    o->set("da", text.da);
    o->set("en", text.en);
    return o;
}

// The stored JSON as a value (policies and payloads pass on as written), or the text when it
// does not parse.
Poco::Dynamic::Var embedded(const std::string& json) {
    try {
        Poco::JSON::Parser parser;
        return parser.parse(json);
    } catch (const Poco::Exception&) {
        return json;
    } catch (const std::exception&) {
        return json;
    }
}

Object::Ptr personJson(const Person& p) {
    auto o = object();
    o->set("id", p.id);
    o->set("employee_number", orNull(p.employeeNumber));
    o->set("name", p.name);
    o->set("email", p.email);
    o->set("org_unit", p.orgUnit);
    o->set("username", p.username);
    o->set("left_at", orNull(p.leftAt));
    return o;
}

Object::Ptr integrityJson(const DeviceIntegrity* i) {
    auto o = object();
    const bool verified = i != nullptr && i->verified;
    // intact: true (checked against a signed checkpoint), false (a change was found), or null
    // (no checkpoint yet, so nothing to check against).
    o->set("intact", i != nullptr && !i->intact ? Poco::Dynamic::Var(false)
                     : verified                 ? Poco::Dynamic::Var(true)
                                                : Poco::Dynamic::Var());
    o->set("verified_up_to", verified ? Poco::Dynamic::Var(i->verifiedUpTo) : Poco::Dynamic::Var());
    o->set("seq", verified ? i->seq : 0);
    o->set("checkpoints", i != nullptr ? i->checkpoints : 0);
    o->set("problem",
           i != nullptr && !i->intact ? Poco::Dynamic::Var(i->problem) : Poco::Dynamic::Var());
    o->set("checked_at", i != nullptr ? orNull(i->checkedAt) : Poco::Dynamic::Var());
    return o;
}

Object::Ptr deviceJson(const PersonDevice& d, const PersonalDataSet& set) {
    auto o = object();
    o->set("device_id", d.deviceId);
    o->set("hostname", d.hostname);
    o->set("os_user", d.osUser);
    o->set("tied_by", d.source);
    o->set("tied_at", d.assignedAt);
    o->set("enrolled_at", d.enrolledAt);
    o->set("last_seen", orNull(d.lastSeen));
    o->set("revoked_at", orNull(d.revokedAt));
    // How far the device's clock was off at its last sync: event times are the device's own.
    o->set("clock_offset_seconds",
           d.clockSkewSeconds ? Poco::Dynamic::Var(*d.clockSkewSeconds) : Poco::Dynamic::Var());
    o->set("clock_off", clockIsOff(d.clockSkewSeconds));
    o->set("integrity", integrityJson(integrityOf(set, d.deviceId)));
    return o;
}

Object::Ptr observationJson(const PersonalObservation& x) {
    auto o = object();
    o->set("device_id", x.deviceId);
    o->set("hostname", x.hostname);
    o->set("detector", x.detector);
    o->set("product", orNull(x.product));
    o->set("name", x.name);
    o->set("title", x.title ? Poco::Dynamic::Var(localizedJson(*x.title)) : Poco::Dynamic::Var());
    o->set("categories", array(x.categories));
    o->set("evidence", array(x.evidence));
    o->set("why", localizedJson(x.why));
    o->set("declared", x.declared);
    o->set("policy", orNull(x.policy));
    o->set("first_seen", x.firstSeen);
    o->set("last_change", x.lastChange);
    return o;
}

// A JSON string literal appended to out: quoted, with quotes, backslashes and control
// characters escaped and the rest (UTF-8) as it is. Written here because Poco::toJSON takes
// several times as long as the rest of an employee-data answer together (measured with
// indblik_server_fill query).
void appendJsonString(std::string& out, const std::string& text) {
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
                out += hex[static_cast<unsigned char>(c) & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

// An event's members (without the braces) appended to out, written directly rather than
// through Poco::JSON objects: events are nearly all of a person's data by size, and their
// payloads are stored JSON. A payload that parsed as an object (Poco's parser is strict:
// nothing before or after it) goes in as written, without being parsed into objects and
// printed again; any other is embedded as a string.
void appendEventMembers(std::string& out, const PersonalEvent& e) {
    out += "\"device_id\":";
    appendJsonString(out, e.deviceId);
    out += ",\"hostname\":";
    appendJsonString(out, e.hostname);
    out += ",\"seq\":";
    out += std::to_string(e.seq);
    out += ",\"time\":";
    appendJsonString(out, e.time);
    out += ",\"kind\":";
    appendJsonString(out, e.kind);
    out += ",\"summary\":{\"da\":";
    appendJsonString(out, e.summary.da);
    out += ",\"en\":";
    appendJsonString(out, e.summary.en);
    out += "},\"payload\":";
    if (e.parsed) {
        out += e.payload;
    } else {
        appendJsonString(out, e.payload);
    }
}

// value as a JSON object appended to out, in its members' order; the members `raw` names are
// written by its function instead (their value in `value` is only a placeholder).
void appendObject(std::string& out, const Object::Ptr& value, const std::string& raw,
                  const std::function<void(std::string&)>& writeRaw) {
    out += '{';
    bool first = true;
    for (const auto& name : value->getNames()) {
        if (!first) {
            out += ',';
        }
        first = false;
        appendJsonString(out, name);
        out += ':';
        if (name == raw) {
            writeRaw(out);
        } else {
            out += stringify(value->get(name));
        }
    }
    out += '}';
}

Object::Ptr policyJson(const PersonalPolicy& p) {
    auto o = object();
    o->set("id", p.id);
    o->set("version", p.version);
    o->set("status", p.inEffect ? "in_effect" : "announced");
    o->set("announced", p.announced);
    o->set("effective", p.effective);
    o->set("short_notice_reason", orNull(p.shortNoticeReason));
    o->set("covers_my_computers", p.coversMine);
    o->set("policy", embedded(p.json));
    return o;
}

Object::Ptr accessJson(const AccessEvent& e) {
    auto o = object();
    o->set("seq", e.seq);
    o->set("time", e.time);
    o->set("actor_id", e.actorId);
    o->set("actor_name", e.actorName);
    o->set("actor_role", e.actorRole);
    o->set("what", e.what);
    o->set("why", e.why);
    o->set("outcome", e.outcome);
    o->set("own", isOwnEvent(e));
    o->set("hash", e.hash);
    return o;
}

Object::Ptr requestJson(const PersonalRequest& r) {
    auto o = object();
    o->set("id", r.id);
    o->set("request_type", r.type); // "type" names the NDJSON line's kind
    o->set("subject", r.subject);
    o->set("body", r.body);
    o->set("status", r.status);
    o->set("received_at", r.receivedAt);
    o->set("due_at", r.dueAt);
    o->set("extended_at", orNull(r.extendedAt));
    o->set("extension_reason", orNull(r.extensionReason));
    o->set("answer", orNull(r.answer));
    o->set("answered_at", orNull(r.answeredAt));
    o->set("updated_at", r.updatedAt);
    return o;
}

std::string shortTime(const std::string& iso) {
    if (iso.size() >= 16 && iso[10] == 'T') {
        return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
    }
    return iso;
}

// "The clock on laptop-17 was 2 hours fast ...": for a device whose clock is off.
std::string clockWarning(html::Lang l, const PersonDevice& d) {
    const bool da = l == html::Lang::Da;
    const std::int64_t skew = d.clockSkewSeconds.value_or(0);
    const std::int64_t off = skew < 0 ? -skew : skew;
    std::string amount;
    if (off >= 2 * 86400) {
        amount = std::to_string(off / 86400) + (da ? " døgn" : " days");
    } else if (off >= 2 * 3600) {
        amount = std::to_string(off / 3600) + (da ? " timer" : " hours");
    } else {
        amount = std::to_string(off / 60) + (da ? " minutter" : " minutes");
    }
    const char* direction =
        skew > 0 ? (da ? " for hurtigt" : " fast") : (da ? " for langsomt" : " slow");
    return da ? "Uret på " + d.hostname + " gik " + amount + direction +
                    ", da computeren sidst meldte sig. Tider, den har registreret, kan være "
                    "forskudt lige så meget. Frister regnes altid efter serverens ur."
              : "The clock on " + d.hostname + " was " + amount + direction +
                    " when the computer last reported. Times it recorded may be off by as much. "
                    "Deadlines are always counted by the server's clock.";
}

// Whether the record the server keeps of a computer is as the computer signed it.
std::string integrityText(const DeviceIntegrity* i, const std::string& host, html::Lang l) {
    const bool da = l == html::Lang::Da;
    if (i != nullptr && !i->intact) {
        return da ? "ADVARSEL: registreringen fra " + host +
                        " er ændret på serveren efter computeren underskrev den (" + i->problem +
                        "). Kontakt databeskyttelsesrådgiveren."
                  : "WARNING: the record from " + host +
                        " was changed on the server after the computer signed it (" + i->problem +
                        "). Contact the data protection officer.";
    }
    if (i == nullptr || !i->verified) {
        return da ? "Registreringen fra " + host + " er endnu ikke kontrolleret."
                  : "The record from " + host + " has not been verified yet.";
    }
    return da ? "Din registrering fra " + host + " er intakt, kontrolleret til og med " +
                    shortTime(i->verifiedUpTo) + "."
              : "Your record from " + host + " is intact, verified up to " +
                    shortTime(i->verifiedUpTo) + ".";
}

Language language(html::Lang lang) {
    return lang == html::Lang::Da ? Language::Danish : Language::English;
}

std::string categoryNames(const std::vector<std::string>& words, html::Lang lang) {
    std::string out;
    for (const auto& w : words) {
        const auto* c = findDataCategory(w);
        out += (out.empty() ? "" : ", ") + (c ? std::string(c->name(language(lang))) : w);
    }
    return out;
}

std::string roleText(const std::string& role, html::Lang l) {
    if (role == "employee") {
        return html::tr(l, "medarbejder", "employee");
    }
    if (role == "council") {
        return html::tr(l, "samarbejdsudvalg", "works council");
    }
    if (role == "dpo") {
        return html::tr(l, "databeskyttelsesrådgiver (DPO)", "data protection officer (DPO)");
    }
    if (role == "admin") {
        return html::tr(l, "IT-administrator", "IT administrator");
    }
    if (role == "system") {
        return html::tr(l, "systemet", "the system");
    }
    return role;
}

std::string requestTypeText(const std::string& type, html::Lang l) {
    if (type == "question") {
        return html::tr(l, "Spørgsmål", "Question");
    }
    if (type == "copy") {
        return html::tr(l, "Kopi af mine data", "Copy of my data");
    }
    if (type == "correction") {
        return html::tr(l, "Rettelse", "Correction");
    }
    if (type == "objection") {
        return html::tr(l, "Indsigelse", "Objection");
    }
    if (type == "deletion") {
        return html::tr(l, "Sletning", "Deletion");
    }
    return type;
}

std::string accessLevelText(AccessLevel level, html::Lang l) {
    return level == AccessLevel::Individual
               ? html::tr(l, "kan se data om dig personligt", "may see data about you individually")
               : html::tr(l, "ser kun samlede tal, aldrig dig alene",
                          "sees only totals, never you alone");
}

std::string accessText(const PersonalPolicy& p, html::Lang l) {
    std::string out;
    if (!p.policy) {
        return out;
    }
    for (const auto& a : p.policy->access) {
        out +=
            (out.empty() ? "" : "; ") + a.role.in(language(l)) + ": " + accessLevelText(a.level, l);
    }
    return out;
}

std::string evidenceText(const std::vector<std::string>& evidence) {
    std::string out;
    for (const auto& e : evidence) {
        out += (out.empty() ? "" : "; ") + e;
    }
    return out;
}

std::string observationDetails(const PersonalObservation& o, html::Lang l) {
    std::string out = evidenceText(o.evidence);
    if (!o.why.in(language(l)).empty()) {
        out += (out.empty() ? "" : " – ") + o.why.in(language(l));
    }
    return out;
}

} // namespace

std::optional<ExportFormat> parseExportFormat(std::string_view name) {
    if (name == "ndjson") {
        return ExportFormat::Ndjson;
    }
    if (name == "csv") {
        return ExportFormat::Csv;
    }
    if (name == "html") {
        return ExportFormat::Html;
    }
    return std::nullopt;
}

std::string_view exportExtension(ExportFormat format) {
    switch (format) {
    case ExportFormat::Ndjson:
        return "ndjson";
    case ExportFormat::Csv:
        return "csv";
    case ExportFormat::Html:
        break;
    }
    return "html";
}

std::string_view exportContentType(ExportFormat format) {
    switch (format) {
    case ExportFormat::Ndjson:
        return "application/x-ndjson; charset=utf-8";
    case ExportFormat::Csv:
        return "text/csv; charset=utf-8";
    case ExportFormat::Html:
        break;
    }
    return "text/html; charset=utf-8";
}

std::string personalDataJson(const PersonalDataSet& d) {
    auto root = object();
    root->set("format", kPersonalDataFormat);
    root->set("generated_at", d.generatedAt);
    root->set("person", personJson(d.person));
    Array::Ptr devices = new Array;
    for (const auto& x : d.devices) {
        devices->add(deviceJson(x, d));
    }
    root->set("devices", devices);
    Array::Ptr observations = new Array;
    for (const auto& x : d.observations) {
        observations->add(observationJson(x));
    }
    root->set("observations", observations);
    auto events = object();
    events->set("since", d.eventsSince);
    events->set("limit", static_cast<Poco::UInt64>(d.eventLimit));
    events->set("more", d.moreEvents);
    events->set("next", orNull(d.nextEvents));
    events->set("items", Poco::Dynamic::Var()); // written below
    root->set("events", Poco::Dynamic::Var());  // written below
    Array::Ptr policies = new Array;
    for (const auto& x : d.policies) {
        policies->add(policyJson(x));
    }
    root->set("policies", policies);
    auto access = object();
    access->set("intact", d.accessIntact);
    access->set("problem", orNull(d.accessProblem));
    access->set("total", d.accessTotal);
    Array::Ptr accessEvents = new Array;
    for (const auto& x : d.accessEvents) {
        accessEvents->add(accessJson(x));
    }
    access->set("events", accessEvents);
    root->set("access_log", access);
    Array::Ptr requests = new Array;
    for (const auto& x : d.requests) {
        requests->add(requestJson(x));
    }
    root->set("requests", requests);
    std::string out;
    std::size_t bytes = 4096;
    for (const auto& x : d.events) {
        bytes += x.payload.size() + x.summary.da.size() + x.summary.en.size() + 200;
    }
    out.reserve(bytes);
    appendObject(out, root, "events", [&](std::string& o) {
        appendObject(o, events, "items", [&](std::string& items) {
            items += '[';
            for (std::size_t i = 0; i < d.events.size(); ++i) {
                items += i == 0 ? "{" : ",{";
                appendEventMembers(items, d.events[i]);
                items += '}';
            }
            items += ']';
        });
    });
    return out;
}

std::string personalDataNdjson(const PersonalDataSet& d) {
    auto header = object();
    header->set("type", "header");
    header->set("format", kPersonalDataFormat);
    header->set("description", "Everything the Indblik server holds about this person: one JSON "
                               "object per line, each with a \"type\"");
    header->set("generated_at", d.generatedAt);
    header->set("person", personJson(d.person));
    header->set("events_since", d.eventsSince);
    header->set("event_limit", static_cast<Poco::UInt64>(d.eventLimit));
    header->set("more_events", d.moreEvents);
    header->set("access_log_intact", d.accessIntact);
    auto counts = object();
    counts->set("devices", static_cast<Poco::UInt64>(d.devices.size()));
    counts->set("observations", static_cast<Poco::UInt64>(d.observations.size()));
    counts->set("events", static_cast<Poco::UInt64>(d.events.size()));
    counts->set("policies", static_cast<Poco::UInt64>(d.policies.size()));
    counts->set("access_events", static_cast<Poco::UInt64>(d.accessEvents.size()));
    counts->set("requests", static_cast<Poco::UInt64>(d.requests.size()));
    header->set("counts", counts);
    std::string out = stringify(header) + "\n";
    const auto line = [&out](const char* type, const Object::Ptr& o) {
        // "type" first, so a reader can dispatch on the line's start: written before the
        // object's own members (every object here has some, none is called "type").
        const std::string members = stringify(o);
        out += "{\"type\":\"";
        out += type;
        out += "\",";
        out.append(members, 1, std::string::npos);
        out += "\n";
    };
    for (const auto& x : d.devices) {
        line("device", deviceJson(x, d));
    }
    for (const auto& x : d.observations) {
        line("observation", observationJson(x));
    }
    for (const auto& x : d.events) {
        out += "{\"type\":\"event\",";
        appendEventMembers(out, x);
        out += "}";
        out += "\n";
    }
    for (const auto& x : d.policies) {
        line("policy", policyJson(x));
    }
    for (const auto& x : d.accessEvents) {
        line("access_event", accessJson(x));
    }
    for (const auto& x : d.requests) {
        line("request", requestJson(x));
    }
    return out;
}

std::string personalDataCsv(const PersonalDataSet& d, html::Lang l) {
    const Language lang = language(l);
    std::string out =
        csv::line({"section", "time", "device", "subject", "categories", "status", "details"});
    const auto& p = d.person;
    out += csv::line({"person", d.generatedAt, "", p.name, "", p.leftAt.empty() ? "" : "left",
                      "employee_number=" + p.employeeNumber + "; email=" + p.email +
                          "; org_unit=" + p.orgUnit + "; username=" + p.username});
    for (const auto& x : d.devices) {
        out += csv::line(
            {"device", x.enrolledAt, x.hostname, "os_user=" + x.osUser, "",
             x.revokedAt.empty() ? "active" : "revoked " + x.revokedAt,
             "device_id=" + x.deviceId + "; last_seen=" + x.lastSeen + "; tied_by=" + x.source +
                 (x.clockSkewSeconds
                      ? "; clock_offset_seconds=" + std::to_string(*x.clockSkewSeconds)
                      : std::string()) +
                 "; record=" + integrityText(integrityOf(d, x.deviceId), x.hostname, l)});
    }
    for (const auto& x : d.observations) {
        out += csv::line({"observation", x.firstSeen, x.hostname, x.displayName(lang),
                          categoryNames(x.categories, l),
                          x.declared ? "declared " + x.policy : "undeclared",
                          observationDetails(x, l)});
    }
    for (const auto& x : d.events) {
        out += csv::line({"event", x.time, x.hostname, x.summary.in(lang), "", x.kind, x.payload});
    }
    for (const auto& x : d.policies) {
        std::string details;
        std::string categories;
        std::string system = x.id;
        if (x.policy) {
            system = x.policy->system;
            categories = categoryNames(x.policy->categories, l);
            details = "purposes: " + x.policy->purposes.in(lang) +
                      " | legal basis: " + x.policy->legalBasis.in(lang) +
                      " | retention: " + std::to_string(x.policy->retentionDays) +
                      " days | access: " + accessText(x, l) +
                      " | agreement: " + x.policy->agreementName.value_or("-") + " " +
                      x.policy->agreementDate.value_or("") +
                      " | contact: " + x.policy->contactName + " <" + x.policy->contactEmail + ">";
        }
        out += csv::line({"policy", x.effective, "", system, categories,
                          (x.inEffect ? "in_effect " : "announced ") + x.id, details});
    }
    for (const auto& x : d.accessEvents) {
        out += csv::line({"access", x.time, "", x.actorName + " (" + x.actorRole + ")", "",
                          x.outcome, "what=" + x.what + "; why=" + x.why});
    }
    for (const auto& x : d.requests) {
        out += csv::line({"request", x.receivedAt, "", x.type + ": " + x.subject, "", x.status,
                          "due=" + x.dueAt + "; answer=" + x.answer});
    }
    return out;
}

std::string personalDataHtmlBody(const PersonalDataSet& d, html::Lang l, const HtmlView& view) {
    using html::escape;
    using html::tr;
    const Language lang = language(l);
    std::string b;
    const bool ownView = view.readerNote.empty();
    b += "<h1>" +
         escape(ownView ? tr(l, "Dine data", "Your data") : tr(l, "Data om", "Data about")) + ": " +
         escape(d.person.name) + "</h1>\n";
    if (!view.selfPath.empty()) {
        b += "<p class=\"languages\"><a href=\"" + escape(view.selfPath) +
             "?lang=da\" lang=\"da\">Dansk</a> | <a href=\"" + escape(view.selfPath) +
             "?lang=en\" lang=\"en\">English</a></p>\n";
    }
    if (!view.readerNote.empty()) {
        b += "<p class=\"notice\">" + escape(view.readerNote) + "</p>\n";
    }
    b += "<p>" +
         escape(tr(l,
                   "Her er alt, hvad Indblik-serveren har om dig: overvågning fundet på dine "
                   "computere, hvad den har registreret, de erklærede politikker, hvem der "
                   "har set dine data, og dine henvendelser.",
                   "This is everything the Indblik server holds about you: monitoring found on "
                   "your computers, what it recorded, the declared policies, who looked at your "
                   "data, and your requests.")) +
         "</p>\n<p>" + escape(tr(l, "Dannet", "Generated")) + " " +
         escape(shortTime(d.generatedAt)) + "</p>\n";
    if (!view.exportBase.empty()) {
        const char sep = view.exportBase.find('?') == std::string::npos ? '?' : '&';
        b += "<p>" + escape(tr(l, "Hent dine data:", "Download your data:"));
        for (const char* f : {"html", "csv", "ndjson"}) {
            b += " <a href=\"" + escape(view.exportBase + sep + "format=" + f) + "\">" +
                 escape(f == std::string("ndjson") ? "NDJSON"
                        : f == std::string("csv")  ? "CSV"
                                                   : "HTML") +
                 "</a>";
        }
        b += "</p>\n";
    } else {
        b += view.downloads;
    }

    b += "<h2>" + escape(tr(l, "Dig", "You")) + "</h2>\n<dl>";
    const auto item = [&b](const std::string& term, const std::string& value) {
        b += "<dt>" + html::escape(term) + "</dt><dd>" + html::escape(value) + "</dd>";
    };
    item(tr(l, "Navn", "Name"), d.person.name);
    item(tr(l, "Medarbejdernummer", "Employee number"), d.person.employeeNumber);
    item(tr(l, "E-mail", "E-mail"), d.person.email);
    item(tr(l, "Afdeling", "Org unit"), d.person.orgUnit);
    item(tr(l, "Brugernavn", "Username"), d.person.username);
    if (!d.person.leftAt.empty()) {
        item(tr(l, "Fratrådt", "Left"), shortTime(d.person.leftAt));
    }
    b += "</dl>\n";

    b += "<h2>" + escape(tr(l, "Dine computere", "Your computers")) + "</h2>\n";
    if (d.devices.empty()) {
        b += "<p>" +
             escape(tr(l, "Ingen computere er knyttet til dig.", "No computers are tied to you.")) +
             "</p>\n";
    } else {
        b += "<table><thead><tr><th>" + escape(tr(l, "Computer", "Computer")) + "</th><th>" +
             escape(tr(l, "Bruger", "User")) + "</th><th>" + escape(tr(l, "Tilmeldt", "Enrolled")) +
             "</th><th>" + escape(tr(l, "Sidst set", "Last seen")) + "</th><th>" +
             escape(tr(l, "Status", "Status")) + "</th></tr></thead><tbody>\n";
        for (const auto& x : d.devices) {
            b += "<tr><td>" + escape(x.hostname) + "</td><td>" +
                 escape(x.osUser == "*" ? tr(l, "alle brugere", "every user") : x.osUser) +
                 "</td><td>" + escape(shortTime(x.enrolledAt)) + "</td><td>" +
                 escape(x.lastSeen.empty() ? "-" : shortTime(x.lastSeen)) + "</td><td>" +
                 escape(x.revokedAt.empty() ? tr(l, "aktiv", "active")
                                            : tr(l, "tilbagekaldt", "revoked")) +
                 "</td></tr>\n";
        }
        b += "</tbody></table>\n";
        std::vector<std::string> done;
        for (const auto& x : d.devices) {
            if (std::find(done.begin(), done.end(), x.deviceId) != done.end()) {
                continue;
            }
            done.push_back(x.deviceId);
            const auto* i = integrityOf(d, x.deviceId);
            const bool broken = i != nullptr && !i->intact;
            b += broken ? "<p class=\"warning integrity\"><strong>" : "<p class=\"integrity\">";
            b += escape(integrityText(i, x.hostname, l));
            b += broken ? "</strong></p>\n" : "</p>\n";
            if (clockIsOff(x.clockSkewSeconds)) {
                b += "<p class=\"warning\">" + escape(clockWarning(l, x)) + "</p>\n";
            }
        }
    }

    b += "<h2>" +
         escape(
             tr(l, "Overvågning fundet på dine computere", "Monitoring found on your computers")) +
         "</h2>\n";
    if (d.observations.empty()) {
        b += "<p>" + escape(tr(l, "Intet fundet.", "Nothing found.")) + "</p>\n";
    } else {
        b += "<ul class=\"observations\">\n";
        for (const auto& x : d.observations) {
            b += x.declared ? "<li>" : "<li class=\"undeclared\">";
            b += "<strong>" + escape(x.displayName(lang)) + "</strong> (" + escape(x.hostname) +
                 ") ";
            if (x.declared) {
                b += escape(tr(l, "erklæret i politik", "declared in policy")) + " " +
                     escape(x.policy);
            } else {
                b += "<strong class=\"warning\">" +
                     escape(tr(l, "IKKE ERKLÆRET: ingen politik dækker dette",
                               "NOT DECLARED: no policy covers this")) +
                     "</strong>";
            }
            b += "<br>" + escape(tr(l, "Kan indsamle", "May collect")) + ": " +
                 escape(categoryNames(x.categories, l)) + "<br>" + escape(tr(l, "Hvorfor", "Why")) +
                 ": " + escape(x.why.in(lang)) + "<br>" + escape(tr(l, "Spor", "Evidence")) + ": " +
                 escape(evidenceText(x.evidence)) + "<br>" +
                 escape(tr(l, "Først set", "First seen")) + " " + escape(shortTime(x.firstSeen)) +
                 "</li>\n";
        }
        b += "</ul>\n";
    }

    b += "<h2>" + escape(tr(l, "Registreringer", "Recorded events")) + "</h2>\n<p>" +
         escape(tr(l, "Nyeste først, siden", "Newest first, since")) + " " +
         escape(shortTime(d.eventsSince)) +
         (d.moreEvents ? escape(tr(l, "; kun de nyeste vises (hent eksporten for flere).",
                                   "; only the newest are shown (download an export for more)."))
                       : std::string(".")) +
         "</p>\n";
    if (!d.events.empty()) {
        b += "<table><thead><tr><th>" + escape(tr(l, "Tid", "Time")) + "</th><th>" +
             escape(tr(l, "Computer", "Computer")) + "</th><th>" + escape(tr(l, "Hvad", "What")) +
             "</th></tr></thead><tbody>\n";
        for (const auto& x : d.events) {
            b += "<tr><td>" + escape(shortTime(x.time)) + "</td><td>" + escape(x.hostname) +
                 "</td><td>" + escape(x.summary.in(lang)) + "</td></tr>\n";
        }
        b += "</tbody></table>\n";
    }
    if (d.moreEvents && !view.selfPath.empty()) {
        std::string cursor;
        Poco::URI::encode(d.nextEvents, "&=+#,:", cursor);
        b += "<p><a href=\"" + escape(view.selfPath) +
             "?lang=" + (l == html::Lang::Da ? "da" : "en") + "&amp;before=" + escape(cursor) +
             "\">" + escape(tr(l, "Ældre registreringer", "Older events")) + "</a></p>\n";
    }

    b += "<h2>" + escape(tr(l, "Erklærede politikker", "Declared policies")) + "</h2>\n";
    if (d.policies.empty()) {
        b += "<p>" +
             escape(tr(l, "Arbejdsgiveren har ikke erklæret nogen overvågning.",
                       "The employer has declared no monitoring.")) +
             "</p>\n";
    }
    for (const auto& x : d.policies) {
        b += x.inEffect ? "<section class=\"policy\">" : "<section class=\"policy coming\">";
        b += "<h3>" + escape(x.policy ? x.policy->system : x.id) + "</h3>\n";
        if (!x.inEffect) {
            b += "<p class=\"notice\"><strong>" +
                 escape(tr(l, "Kommende ændring: gælder fra", "Coming change: applies from")) +
                 " " + escape(shortTime(x.effective)) + "</strong> (" +
                 escape(tr(l, "varslet", "announced")) + " " + escape(shortTime(x.announced)) +
                 ")</p>\n";
        } else {
            b += "<p>" + escape(tr(l, "Gælder fra", "Applies from")) + " " +
                 escape(shortTime(x.effective)) + "</p>\n";
        }
        if (!x.shortNoticeReason.empty()) {
            b += "<p class=\"notice\">" +
                 escape(tr(l, "Kortere varsel, fordi:", "Shorter notice, because:")) + " " +
                 escape(x.policy && x.policy->shortNoticeReason
                            ? x.policy->shortNoticeReason->in(lang)
                            : x.shortNoticeReason) +
                 "</p>\n";
        }
        if (!x.policy) {
            b += "<p>" + escape(tr(l, "Politikken kan ikke læses.", "The policy cannot be read.")) +
                 "</p></section>\n";
            continue;
        }
        const auto& p = *x.policy;
        b += "<dl>";
        item(tr(l, "Data", "Data"), categoryNames(p.categories, l));
        item(tr(l, "Formål", "Purpose"), p.purposes.in(lang));
        item(tr(l, "Retsgrundlag", "Legal basis"), p.legalBasis.in(lang));
        item(tr(l, "Opbevaring", "Retention"),
             std::to_string(p.retentionDays) + " " + tr(l, "dage", "days"));
        item(tr(l, "Hvem kan se hvad", "Who may see what"), accessText(x, l));
        item(tr(l, "Aftale med medarbejderne", "Agreement with the employees"),
             p.agreementName ? *p.agreementName +
                                   (p.agreementDate ? " (" + *p.agreementDate + ")" : std::string())
                             : std::string(tr(l, "ingen angivet", "none stated")));
        item(tr(l, "Kontakt", "Contact"), p.contactName + " <" + p.contactEmail + ">");
        item(tr(l, "Findes på dine computere", "Found on your computers"),
             x.coversMine ? tr(l, "ja", "yes") : tr(l, "nej", "no"));
        b += "</dl></section>\n";
    }

    b += "<h2>" + escape(tr(l, "Hvem har set dine data", "Who looked at your data")) + "</h2>\n";
    b += d.accessIntact
             ? "<p>" +
                   escape(tr(l, "Loggen er hel: ingen hændelse er ændret eller fjernet.",
                             "The log is intact: no event was changed or removed.")) +
                   "</p>\n"
             : "<p class=\"warning\"><strong>" +
                   escape(tr(l, "Loggen er brudt – kontakt databeskyttelsesrådgiveren:",
                             "The log is broken – contact the data protection officer:")) +
                   "</strong> " + escape(d.accessProblem) + "</p>\n";
    if (d.accessEvents.empty()) {
        b += "<p>" + escape(tr(l, "Ingen har set dine data.", "Nobody has looked at your data.")) +
             "</p>\n";
    } else {
        b += "<table><thead><tr><th>" + escape(tr(l, "Tid", "Time")) + "</th><th>" +
             escape(tr(l, "Hvem", "Who")) + "</th><th>" + escape(tr(l, "Hvad", "What")) +
             "</th><th>" + escape(tr(l, "Hvorfor", "Why")) + "</th><th>" +
             escape(tr(l, "Udfald", "Outcome")) + "</th></tr></thead><tbody>\n";
        for (const auto& x : d.accessEvents) {
            const bool own = isOwnEvent(x);
            b += std::string(x.outcome == kAccessRefused ? "<tr class=\"refused\">" : "<tr>") +
                 "<td>" + escape(shortTime(x.time)) + "</td><td>" +
                 escape(own ? std::string(tr(l, "Dig selv", "You")) + " (" + x.actorName + ")"
                            : x.actorName + " (" + roleText(x.actorRole, l) + ")") +
                 "</td><td>" + escape(x.what) + "</td><td>" +
                 escape(own ? std::string(tr(l, "din egen eksport", "your own export")) : x.why) +
                 "</td><td>" +
                 escape(x.outcome == kAccessRefused ? tr(l, "afvist", "refused")
                                                    : tr(l, "læst", "read")) +
                 "</td></tr>\n";
        }
        b += "</tbody></table>\n";
    }

    b += "<h2>" + escape(tr(l, "Dine henvendelser", "Your requests")) + "</h2>\n";
    if (d.requests.empty()) {
        b += "<p>" + escape(tr(l, "Ingen henvendelser.", "No requests.")) + "</p>\n";
    } else {
        b += "<table><thead><tr><th>" + escape(tr(l, "Modtaget", "Received")) + "</th><th>" +
             escape(tr(l, "Slags", "Type")) + "</th><th>" + escape(tr(l, "Emne", "Subject")) +
             "</th><th>" + escape(tr(l, "Status", "Status")) + "</th><th>" +
             escape(tr(l, "Frist", "Due")) + "</th><th>" + escape(tr(l, "Svar", "Answer")) +
             "</th></tr></thead><tbody>\n";
        for (const auto& x : d.requests) {
            b += "<tr><td>" + escape(shortTime(x.receivedAt)) + "</td><td>" +
                 escape(requestTypeText(x.type, l)) + "</td><td>" + escape(x.subject) +
                 "</td><td>" + escape(x.status) + "</td><td>" + escape(shortTime(x.dueAt)) +
                 "</td><td>" + escape(x.answer) + "</td></tr>\n";
        }
        b += "</tbody></table>\n";
    }
    return b;
}

std::string roleInWords(const std::string& role, html::Lang lang) {
    return roleText(role, lang);
}

std::string personalDataHtml(const PersonalDataSet& d, html::Lang lang, const HtmlView& view) {
    return html::page(lang, html::tr(lang, "Dine data", "Your data"),
                      personalDataHtmlBody(d, lang, view));
}

std::string exportDocument(const PersonalDataSet& d, ExportFormat format, html::Lang lang) {
    switch (format) {
    case ExportFormat::Ndjson:
        return personalDataNdjson(d);
    case ExportFormat::Csv:
        return personalDataCsv(d, lang);
    case ExportFormat::Html:
        break;
    }
    return personalDataHtml(d, lang);
}

} // namespace indblik::server
