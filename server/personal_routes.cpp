#include "personal_routes.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/URI.h>

#include "html.h"
#include "web_auth.h"

namespace indblik::server {
namespace {

constexpr std::size_t kMaxReasonBytes = 500;
constexpr std::size_t kMaxPeopleQuery = 100;
// A reason (500 bytes, up to 1,500 percent-encoded), the CSRF token and the options.
constexpr std::size_t kMaxReadBody = 8 * 1024;

Poco::Logger& log() {
    return Poco::Logger::get("indblik.server.personal");
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool hasControl(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

// A number within [min, max], the fallback when absent; nullopt when malformed.
std::optional<long long> numberParam(const std::string& text, long long min, long long max,
                                     long long fallback) {
    if (text.empty()) {
        return fallback;
    }
    long long value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

// A path segment with everything but unreserved characters percent-encoded.
std::string pathSegment(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]%", out);
    return out;
}

// The DPO's downloads: small POST forms carrying the same reason (a reason never goes into an
// address). Each download is a read of its own, recorded with that reason.
std::string downloadForms(html::Lang l, const std::string& personId, const std::string& csrf,
                          const std::string& why, long long days) {
    using html::escape;
    std::string out = "<div class=\"downloads\"><p>" +
                      escape(html::tr(l,
                                      "Hent data (hver download registreres i personens "
                                      "adgangslog med samme begrundelse):",
                                      "Download the data (each download is recorded in the "
                                      "person's access log with the same reason):")) +
                      "</p>";
    for (const char* f : {"html", "csv", "ndjson"}) {
        out += " <form method=\"post\" action=\"/api/v1/people/" + escape(pathSegment(personId)) +
               "/export?lang=" + std::string(html::code(l)) + "\" class=\"inline\">" +
               html::csrfField(csrf) + "<input type=\"hidden\" name=\"why\" value=\"" +
               escape(why) + "\"><input type=\"hidden\" name=\"days\" value=\"" +
               std::to_string(days) + "\"><input type=\"hidden\" name=\"format\" value=\"" + f +
               "\"><button type=\"submit\">" + html::tr(l, "Hent ", "Download ") +
               (f == std::string("ndjson") ? "NDJSON"
                : f == std::string("csv")  ? "CSV"
                                           : "HTML") +
               "</button></form>";
    }
    return out + "</div>\n";
}

Reply pageError(int status, html::Lang lang, const std::string& message) {
    return html::pageReply(status, lang, html::tr(lang, "Ikke muligt", "Not possible"),
                           "<p>" + html::escape(message) + "</p>");
}

std::string fileDate(const std::string& iso) {
    return iso.substr(0, std::min<std::size_t>(10, iso.size()));
}

} // namespace

std::variant<Caller, Reply> PersonalDataApi::agentCaller(const Request& r) {
    const std::string user = r.param("user");
    if (!validOsUser(user)) {
        return errorReply(400, "?user=: the OS user the agent vouches for (1 to " +
                                   std::to_string(kMaxOsUserLength) +
                                   " characters, no control characters)");
    }
    auto person = m_people.personAt(r.caller->deviceId, user);
    if (!person) {
        log().error(person.error());
        return errorReply(500, "cannot look up the person");
    }
    if (!person.value()) {
        Poco::JSON::Object answer;
        answer.set("error", "this computer's user is not linked to a person; ask IT");
        answer.set("error_da", "denne computers bruger er ikke knyttet til en person; spørg IT");
        std::ostringstream out;
        answer.stringify(out);
        return Reply{404, out.str()};
    }
    Caller caller = *r.caller;
    caller.personId = person.value()->id;
    caller.actorId = "device:" + r.caller->deviceId + "/" + user;
    caller.name = person.value()->name + " (" + r.caller->name + ")";
    return caller;
}

PersonalDataApi::Asked PersonalDataApi::fromQuery(const Request& r) {
    return Asked{r.param("why"), r.param("days"), r.param("limit"), r.param("format"), {}};
}

PersonalDataApi::Asked PersonalDataApi::fromBody(const Request& r) {
    Asked asked;
    std::string type = r.contentType.substr(0, r.contentType.find(';'));
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    type = trimmed(type);
    if (r.body.empty()) {
        return asked;
    }
    if (type == "application/x-www-form-urlencoded") {
        // A browser's form: the fields it may carry besides these (csrf, lang) are not ours.
        auto form = parseForm(r.body);
        asked.why = form["why"];
        asked.days = form["days"];
        asked.limit = form["limit"];
        asked.format = form["format"];
        return asked;
    }
    if (type != "application/json") {
        asked.problem = "the body: a JSON object (Content-Type application/json) or a form "
                        "(application/x-www-form-urlencoded), got \"" +
                        type.substr(0, 60) + "\"";
        return asked;
    }
    Poco::JSON::Object::Ptr object;
    try {
        Poco::JSON::Parser parser;
        const auto value = parser.parse(r.body);
        if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
            asked.problem = "$: a JSON object {\"why\": ..., \"days\"?: N, \"limit\"?: N}";
            return asked;
        }
        object = value.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        asked.problem = "$: valid JSON (" + e.message() + ")";
        return asked;
    }
    for (const auto& [key, value] : *object) {
        std::string* text = key == "why"      ? &asked.why
                            : key == "format" ? &asked.format
                            : key == "days"   ? &asked.days
                            : key == "limit"  ? &asked.limit
                                              : nullptr;
        if (text == nullptr) {
            asked.problem = "$." + key.substr(0, 60) + ": no such field (why, days, limit, format)";
            return asked;
        }
        const bool number = key == "days" || key == "limit";
        if (number ? !value.isInteger() : !value.isString()) {
            asked.problem = "$." + key + (number ? ": an integer" : ": a string");
            return asked;
        }
        *text = value.convert<std::string>();
    }
    return asked;
}

bool PersonalDataApi::recordRefusal(const std::string& personId, const Caller& caller,
                                    const std::string& what, const std::string& reason,
                                    const std::string& message) {
    if (auto s = m_data.recordRefused(personId, caller, what, reason); !s) {
        log().error(s.error());
        return false;
    }
    log().warning("refused %s (%s) reading person %s: %s", caller.actorId,
                  std::string(roleName(caller.role)), personId, message);
    return true;
}

Reply PersonalDataApi::reasonForm(const Request& r, const std::string& personId, int status,
                                  const std::string& message, const Asked& asked) {
    using html::escape;
    using html::tr;
    const html::Lang l = html::language(r);
    auto person = m_people.find(personId);
    if (!person) {
        log().error(person.error());
        return pageError(500, l, "cannot look up the person");
    }
    if (!person.value()) {
        return pageError(404, l, tr(l, "Der er ingen sådan person.", "There is no such person."));
    }
    const Person& p = *person.value();
    const std::string lang = "?lang=" + std::string(html::code(l));
    std::string body = "<nav><a href=\"/dpo/people" + lang + "\">" +
                       tr(l, "Find en person", "Find a person") + "</a></nav>\n<h1>" +
                       tr(l, "Se en persons data", "See a person's data") + "</h1>\n<p>" +
                       tr(l, "Person", "Person") + ": <strong>" + escape(p.name) + "</strong>" +
                       (p.employeeNumber.empty()
                            ? std::string()
                            : " (" + std::string(tr(l, "medarbejdernummer", "employee number")) +
                                  " " + escape(p.employeeNumber) + ")") +
                       "</p>\n";
    if (!message.empty()) {
        body += "<p class=\"error\" role=\"alert\">" + escape(message) + "</p>\n";
    }
    if (!r.param("why").empty()) {
        // An old bookmark or link: say why its reason is not used (and do not echo it).
        body +=
            "<p class=\"error\" role=\"alert\">" +
            std::string(tr(l,
                           "En begrundelse i adressen bruges ikke: den ville blive gemt i "
                           "browserens historik og i logfiler. Skriv den i feltet nedenfor.",
                           "A reason in the address is not used: it would be kept in the "
                           "browser's history and in log files. Write it in the field below.")) +
            "</p>\n";
    }
    const auto value = [](const std::string& text, const char* fallback) {
        return escape(text.empty() ? std::string(fallback) : text);
    };
    body +=
        "<p>" +
        std::string(tr(l,
                       "Skriv hvorfor du vil se personens data, f.eks. hvilken anmodning du "
                       "besvarer. Når du trykker på knappen, bliver din læsning og begrundelsen "
                       "registreret i personens adgangslog, som personen selv kan se.",
                       "Write why you want to see this person's data, for example which request "
                       "you are answering. When you press the button, your reading and your "
                       "reason are recorded in the person's access log, which the person can "
                       "see.")) +
        (message.empty() ? std::string(" ") + tr(l, "Intet er vist eller registreret endnu.",
                                                 "Nothing has been shown or recorded yet.")
                         : std::string()) +
        "</p>\n<form method=\"post\" action=\"/people/" + escape(pathSegment(personId)) + lang +
        "\" class=\"stack\">" + html::csrfField(r.caller ? r.caller->csrfToken : std::string()) +
        "<label for=\"why\">" + tr(l, "Begrundelse", "Reason") +
        "</label><input id=\"why\" name=\"why\" required maxlength=\"500\" autocomplete=\"off\" "
        "aria-describedby=\"why-hint\" value=\"" +
        escape(trimmed(asked.why).size() <= kMaxReasonBytes ? asked.why : std::string()) +
        "\"><p class=\"hint\" id=\"why-hint\">" +
        tr(l, "Én linje, højst 500 tegn (æ, ø og å tæller for to).",
           "One line, at most 500 characters (æ, ø and å count as two).") +
        "</p><label for=\"days\">" +
        tr(l, "Hændelser fra de seneste dage", "Events of the last days") +
        "</label><input id=\"days\" name=\"days\" type=\"number\" min=\"1\" max=\"" +
        std::to_string(kMaxPersonalDays) + "\" value=\"" + value(asked.days, "365") +
        "\"><label for=\"limit\">" + tr(l, "Højst så mange hændelser", "At most this many events") +
        "</label><input id=\"limit\" name=\"limit\" type=\"number\" min=\"1\" max=\"" +
        std::to_string(kMaxPersonalLimit) + "\" value=\"" +
        value(asked.limit, std::to_string(kDefaultViewLimit).c_str()) +
        "\"><button type=\"submit\">" +
        tr(l, "Vis data og registrér læsningen", "Show the data and record the reading") +
        "</button></form>\n";
    return html::pageReply(status, l, tr(l, "Begrundelse", "Reason"), body);
}

Reply PersonalDataApi::serve(Request& r, const Caller& caller, const std::string& personId,
                             Output output, const Asked& asked, const std::string& exportBase) {
    const html::Lang lang = html::language(r);
    const auto fail = [&](int status, const std::string& message) {
        return output == Output::Page ? pageError(status, lang, message)
                                      : errorReply(status, message);
    };
    std::optional<ExportFormat> format;
    std::string what = "data";
    if (output == Output::Export) {
        format = parseExportFormat(asked.format);
        what = "export:" + (format ? std::string(exportExtension(*format)) : asked.format);
    }
    const bool self = isSelf(caller, personId);
    std::string why;
    // Everyone but the person is refused except the DPO with a reason; each refusal is an
    // event in the person's log (when there is such a person).
    const auto refuse = [&](int status, const std::string& message, const std::string& reason) {
        if (!recordRefusal(personId, caller, what, reason, message)) {
            return fail(500, "cannot record the attempt");
        }
        return fail(status, message);
    };
    if (!self) {
        if (caller.role == Role::Employee) {
            return refuse(404, "no such person", "");
        }
        if (caller.role != Role::Dpo) {
            return refuse(403,
                          "only the person and the data protection officer may read a person's "
                          "data",
                          "");
        }
        if (!asked.problem.empty()) {
            return refuse(400, asked.problem, "(the request could not be read)");
        }
        why = trimmed(asked.why);
        if (why.empty() || why.size() > kMaxReasonBytes || hasControl(why)) {
            const std::string message =
                "why: give the reason for reading this person's data (1 to " +
                std::to_string(kMaxReasonBytes) + " bytes, one line); the person will see it";
            // Refused, not malformed: without a reason the DPO may not read (403). The attempt
            // is still the person's to see.
            if (output == Output::Page) {
                if (!recordRefusal(personId, caller, what, "(no reason given)", message)) {
                    return fail(500, "cannot record the attempt");
                }
                return reasonForm(
                    r, personId, 403,
                    html::tr(lang,
                             "Skriv en begrundelse: én linje, højst 500 tegn. Forsøget uden "
                             "begrundelse er registreret i personens adgangslog.",
                             "Write a reason: one line, at most 500 characters. The attempt "
                             "without one is recorded in the person's access log."),
                    asked);
            }
            return refuse(403, message, "(no reason given)");
        }
    } else if (!asked.problem.empty()) {
        return fail(400, asked.problem);
    }
    if (output == Output::Export && !format) {
        const std::string message = "format: ndjson, csv or html";
        return self ? fail(400, message) : refuse(400, message, why);
    }
    const auto days = numberParam(asked.days, 1, kMaxPersonalDays, 365);
    const auto limit = numberParam(
        asked.limit, 1, static_cast<long long>(kMaxPersonalLimit),
        static_cast<long long>(output == Output::Export ? kDefaultExportLimit : kDefaultViewLimit));
    if (!days || !limit) {
        const std::string message = "days must be 1 to " + std::to_string(kMaxPersonalDays) +
                                    " and limit 1 to " + std::to_string(kMaxPersonalLimit);
        return self ? fail(400, message) : refuse(400, message, why);
    }
    PersonalDataOptions options;
    options.days = static_cast<int>(*days);
    options.limit = static_cast<std::size_t>(*limit);
    if (const std::string before = r.param("before"); !before.empty()) {
        options.after = parseEventCursor(before);
        if (!options.after) {
            const std::string message =
                "?before= must be the events' \"next\" value from an earlier answer "
                "(TIME,DEVICE,SEQ)";
            return self ? fail(400, message) : refuse(400, message, why);
        }
    }
    const bool record = !self || output == Output::Export;
    auto data = m_data.read(personId, caller, record, what, self ? kOwnExportWhy : why, options);
    if (!data) {
        log().error(data.error());
        return fail(500, "cannot read the data");
    }
    if (!data.value()) {
        return fail(404, "no such person");
    }
    const PersonalDataSet& d = *data.value();
    switch (output) {
    case Output::Json:
        return {200, personalDataJson(d)};
    case Output::Page: {
        HtmlView view;
        view.exportBase = exportBase;
        view.selfPath = self ? r.path : std::string();
        std::string nav;
        if (self) {
            nav = "<nav><a href=\"/\">" + std::string(html::tr(lang, "Forside", "Home")) +
                  "</a> · <a href=\"/me/requests\">" +
                  html::tr(lang, "Mine anmodninger: spørg, få en kopi, gør indsigelse",
                           "My requests: ask, get a copy, object") +
                  "</a></nav>\n";
        } else {
            view.readerNote = std::string(html::tr(lang, "Du læser som", "You are reading as")) +
                              " " + caller.name + ". " + html::tr(lang, "Begrundelse", "Reason") +
                              ": " + why + ". " +
                              html::tr(lang, "Personen kan se dette i sin adgangslog.",
                                       "The person sees this in their access log.");
            view.downloads = downloadForms(lang, personId, caller.csrfToken, why, *days);
            nav = "<nav><a href=\"/dpo/people?lang=" + std::string(html::code(lang)) + "\">" +
                  html::tr(lang, "Find en person", "Find a person") + "</a></nav>\n";
        }
        return html::pageReply(200, lang,
                               self ? html::tr(lang, "Dine data", "Your data")
                                    : html::tr(lang, "Data om en person", "Data about a person"),
                               nav + personalDataHtmlBody(d, lang, view));
    }
    case Output::Export:
        break;
    }
    Reply reply{200, exportDocument(d, *format, lang), std::string(exportContentType(*format))};
    const std::string name = "indblik-" + (self ? std::string() : personId + "-") +
                             fileDate(d.generatedAt) + "." + std::string(exportExtension(*format));
    reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    return reply;
}

Reply PersonalDataApi::agentData(Request& r) {
    auto who = agentCaller(r);
    if (auto* refusal = std::get_if<Reply>(&who)) {
        return *refusal;
    }
    const Caller& caller = std::get<Caller>(who);
    return serve(r, caller, caller.personId, Output::Json, fromQuery(r));
}

Reply PersonalDataApi::agentExport(Request& r) {
    auto who = agentCaller(r);
    if (auto* refusal = std::get_if<Reply>(&who)) {
        return *refusal;
    }
    const Caller& caller = std::get<Caller>(who);
    return serve(r, caller, caller.personId, Output::Export, fromQuery(r));
}

namespace {

// A signed-in employee account that is not tied to a person has no data to show.
std::optional<Reply> needPerson(const Request& r, bool page) {
    if (r.caller && !r.caller->personId.empty()) {
        return std::nullopt;
    }
    const std::string message = "this account is not tied to a person; ask IT";
    return page ? pageError(403, html::language(r), message) : errorReply(403, message);
}

} // namespace

Reply PersonalDataApi::ownPage(Request& r) {
    if (auto refusal = needPerson(r, true)) {
        return *refusal;
    }
    return serve(r, *r.caller, r.caller->personId, Output::Page, fromQuery(r), "/me/export");
}

Reply PersonalDataApi::ownJson(Request& r) {
    if (auto refusal = needPerson(r, false)) {
        return *refusal;
    }
    return serve(r, *r.caller, r.caller->personId, Output::Json, fromQuery(r));
}

Reply PersonalDataApi::ownExport(Request& r) {
    if (auto refusal = needPerson(r, false)) {
        return *refusal;
    }
    return serve(r, *r.caller, r.caller->personId, Output::Export, fromQuery(r));
}

Reply PersonalDataApi::personJson(Request& r) {
    return serve(r, *r.caller, r.param("person"), Output::Json, fromBody(r));
}

Reply PersonalDataApi::personPage(Request& r) {
    return serve(r, *r.caller, r.param("person"), Output::Page, fromBody(r));
}

Reply PersonalDataApi::personExport(Request& r) {
    return serve(r, *r.caller, r.param("person"), Output::Export, fromBody(r));
}

Reply PersonalDataApi::personForm(Request& r) {
    const html::Lang l = html::language(r);
    const Caller& caller = *r.caller;
    const std::string personId = r.param("person");
    if (isSelf(caller, personId)) {
        return html::seeOther("/me");
    }
    // Asking for the form is no read; but anyone who may not read is refused here, and the
    // person sees that someone tried.
    if (caller.role != Role::Dpo) {
        const bool employee = caller.role == Role::Employee;
        const std::string message =
            employee ? "no such person"
                     : "only the person and the data protection officer may read a person's data";
        if (!recordRefusal(personId, caller, "data", "", message)) {
            return pageError(500, l, "cannot record the attempt");
        }
        return employee
                   ? pageError(
                         404, l,
                         html::tr(l, "Der er ingen sådan person.", "There is no such person."))
                   : pageError(403, l,
                               html::tr(l,
                                        "Kun personen selv og databeskyttelsesrådgiveren må se en "
                                        "persons data.",
                                        "Only the person and the data protection officer may see "
                                        "a person's data."));
    }
    return reasonForm(r, personId, 200, {}, {});
}

Reply PersonalDataApi::findPage(Request& r) {
    using html::escape;
    using html::tr;
    const html::Lang l = html::language(r);
    if (!r.caller || r.caller->role != Role::Dpo) {
        return pageError(403, l,
                         tr(l, "Kun databeskyttelsesrådgiveren kan søge efter personer.",
                            "Only the data protection officer can search for people."));
    }
    const std::string q = trimmed(r.param("q"));
    const std::string lang = std::string(html::code(l));
    std::string body =
        "<nav><a href=\"/\">" + std::string(tr(l, "Forside", "Home")) +
        "</a> · <a href=\"/dpo/requests?lang=" + lang + "\">" + tr(l, "Anmodninger", "Requests") +
        "</a></nav>\n<h1>" + tr(l, "Find en person", "Find a person") + "</h1>\n<p>" +
        tr(l,
           "Søg på navn, medarbejdernummer, e-mail eller brugernavn. Listen viser kun navn, "
           "medarbejdernummer og afdeling fra medarbejderregistret, ingen data om personen. Data "
           "ser du først, når du har skrevet en begrundelse; din læsning og begrundelsen bliver "
           "vist for personen.",
           "Search by name, employee number, e-mail or username. The list shows only the name, "
           "employee number and org unit from the employee directory, none of the person's data. "
           "You see data only after writing a reason; your reading and the reason are shown to "
           "the person.") +
        "</p>\n<form method=\"get\" action=\"/dpo/people\" class=\"stack\" role=\"search\">"
        "<input type=\"hidden\" name=\"lang\" value=\"" +
        lang + "\"><label for=\"q\">" + tr(l, "Søg", "Search") +
        "</label><input id=\"q\" name=\"q\" type=\"search\" required maxlength=\"" +
        std::to_string(kMaxPeopleQuery) + "\" value=\"" + escape(q) +
        "\"><button type=\"submit\">" + tr(l, "Søg", "Search") + "</button></form>\n";
    if (q.empty()) {
        return html::pageReply(200, l, tr(l, "Find en person", "Find a person"), body);
    }
    if (q.size() > kMaxPeopleQuery || hasControl(q)) {
        body += "<p class=\"error\" role=\"alert\">" +
                escape(tr(l, "Søgningen må højst have 100 tegn på én linje.",
                          "The search may have at most 100 characters on one line.")) +
                "</p>";
        return html::pageReply(400, l, tr(l, "Find en person", "Find a person"), body);
    }
    auto found = m_people.search(q);
    if (!found) {
        log().error(found.error());
        return pageError(500, l, "cannot search the people");
    }
    const auto& people = found.value().people;
    if (people.empty()) {
        body += "<p role=\"status\">" + escape(tr(l, "Ingen fundet.", "Nobody found.")) + "</p>";
    } else {
        body += "<table><caption>" + std::to_string(people.size()) +
                (found.value().more ? "+" : "") + " " + tr(l, "fundet", "found") +
                "</caption><thead><tr><th>" + tr(l, "Navn", "Name") + "</th><th>" +
                tr(l, "Medarbejdernummer", "Employee number") + "</th><th>" +
                tr(l, "Afdeling", "Org unit") + "</th><th></th></tr></thead><tbody>\n";
        for (const auto& p : people) {
            body += "<tr><td>" + escape(p.name) +
                    (p.leftAt.empty() ? std::string()
                                      : " (" + std::string(tr(l, "fratrådt", "has left")) + ")") +
                    "</td><td>" + escape(p.employeeNumber) + "</td><td>" + escape(p.orgUnit) +
                    "</td><td><a href=\"/people/" + escape(pathSegment(p.id)) + "?lang=" + lang +
                    "\">" + tr(l, "Se data (med begrundelse)", "See data (with a reason)") +
                    "<span class=\"visually-hidden\"> — " + escape(p.name) +
                    "</span></a></td></tr>\n";
        }
        body += "</tbody></table>\n";
        if (found.value().more) {
            body += "<p>" +
                    escape(tr(l, "Der er flere. Gør søgningen mere præcis.",
                              "There are more. Make the search more precise.")) +
                    "</p>";
        }
    }
    return html::pageReply(200, l, tr(l, "Find en person", "Find a person"), body);
}

void addPersonalDataRoutes(Router& router, PersonalDataApi& api) {
    const auto add = [&router](Listener listener, std::string method, std::string pattern,
                               Access access, std::vector<Role> roles, bool personal,
                               Handler handler, std::string summary) {
        Route route;
        route.listener = listener;
        route.method = std::move(method);
        route.pattern = std::move(pattern);
        route.access = access;
        route.roles = std::move(roles);
        route.personal = personal;
        route.maxBody = route.method == "GET" ? 0 : kMaxReadBody;
        route.handler = std::move(handler);
        route.summary = std::move(summary);
        router.add(std::move(route));
    };
    add(
        Listener::Agent, "GET", "/api/v1/me", Access::Device, {}, true,
        [&api](Request& r) { return api.agentData(r); },
        "the data of the person the agent's OS user is (?user=)");
    add(
        Listener::Agent, "GET", "/api/v1/me/export", Access::Device, {}, true,
        [&api](Request& r) { return api.agentExport(r); },
        "an export of that person's data (?format=ndjson|csv|html)");
    add(
        Listener::Public, "GET", "/me", Access::Session, {Role::Employee}, true,
        [&api](Request& r) { return api.ownPage(r); }, "the signed-in employee's data, a page");
    add(
        Listener::Public, "GET", "/api/v1/people/me", Access::Session, {Role::Employee}, true,
        [&api](Request& r) { return api.ownJson(r); }, "the signed-in employee's data, JSON");
    add(
        Listener::Public, "GET", "/me/export", Access::Session, {Role::Employee}, true,
        [&api](Request& r) { return api.ownExport(r); },
        "an export of the signed-in employee's data");
    // Any signed-in role reaches these, so that a refused attempt is recorded in the person's
    // log rather than turned away before anyone knew whose data it was about. The reason is in
    // the body of a POST, never in the address.
    add(
        Listener::Public, "POST", "/api/v1/people/{person}/data", Access::Session, {}, true,
        [&api](Request& r) { return api.personJson(r); },
        "a person's data for the DPO (body: why required; recorded in the person's access log)");
    add(
        Listener::Public, "POST", "/people/{person}", Access::Session, {}, true,
        [&api](Request& r) { return api.personPage(r); },
        "a person's data for the DPO, a page (form: why required; recorded)");
    add(
        Listener::Public, "POST", "/api/v1/people/{person}/export", Access::Session, {}, true,
        [&api](Request& r) { return api.personExport(r); },
        "an export of a person's data for the DPO (body: format, why required; recorded)");
    // Shows no data and reads none (not `personal`): the DPO's form asking why. Everyone else
    // is refused and the attempt recorded, as on the routes above.
    add(
        Listener::Public, "GET", "/people/{person}", Access::Session, {}, false,
        [&api](Request& r) { return api.personForm(r); },
        "the DPO's form asking why before a person's data is shown (records nothing)");
    add(
        Listener::Public, "GET", "/dpo/people", Access::Session, {Role::Dpo}, false,
        [&api](Request& r) { return api.findPage(r); },
        "the DPO's search for a person by name or number (names only, no data)");
}

} // namespace indblik::server
