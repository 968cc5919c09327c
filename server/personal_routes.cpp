#include "personal_routes.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "html.h"

namespace indblik::server {
namespace {

constexpr std::size_t kMaxReasonBytes = 500;

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

// A number parameter within [min, max], the fallback when absent; nullopt when malformed.
std::optional<long long> numberParam(const Request& r, const std::string& name, long long min,
                                     long long max, long long fallback) {
    const std::string text = r.param(name);
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

Reply PersonalDataApi::serve(Request& r, const Caller& caller, const std::string& personId,
                             Output output, const std::string& exportBase) {
    const html::Lang lang = html::language(r);
    const auto fail = [&](int status, const std::string& message) {
        return output == Output::Page ? pageError(status, lang, message)
                                      : errorReply(status, message);
    };
    std::optional<ExportFormat> format;
    std::string what = "data";
    if (output == Output::Export) {
        format = parseExportFormat(r.param("format"));
        what = "export:" + (format ? std::string(exportExtension(*format)) : r.param("format"));
    }
    const bool self = isSelf(caller, personId);
    std::string why;
    // Everyone but the person is refused except the DPO with a reason; each refusal is an
    // event in the person's log (when there is such a person).
    const auto refuse = [&](int status, const std::string& message, const std::string& reason) {
        if (auto s = m_data.recordRefused(personId, caller, what, reason); !s) {
            log().error(s.error());
            return fail(500, "cannot record the attempt");
        }
        log().warning("refused %s (%s) reading person %s: %s", caller.actorId,
                      std::string(roleName(caller.role)), personId, message);
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
        why = trimmed(r.param("why"));
        if (why.empty() || why.size() > kMaxReasonBytes || hasControl(why)) {
            const std::string message =
                "give the reason for reading this person's data in ?why= (1 to " +
                std::to_string(kMaxReasonBytes) + " bytes, one line); the person will see it";
            if (output == Output::Page) {
                // The DPO's way in: a form asking for the reason. The attempt without one is
                // still the person's to see.
                (void)refuse(403, message, "(no reason given)");
                const std::string form =
                    "<p>" +
                    html::escape(html::tr(lang,
                                          "Skriv hvorfor du vil se denne persons data. Personen "
                                          "kan se din begrundelse.",
                                          "Say why you want to see this person's data. The "
                                          "person will see your reason.")) +
                    "</p><form method=\"get\" action=\"/people/" + html::escape(personId) +
                    "\"><label>" + html::escape(html::tr(lang, "Begrundelse", "Reason")) +
                    " <input name=\"why\" required maxlength=\"500\"></label> <button "
                    "type=\"submit\">" +
                    html::escape(html::tr(lang, "Vis", "Show")) + "</button></form>";
                return html::pageReply(403, lang, html::tr(lang, "Begrundelse", "Reason"), form);
            }
            // Refused, not malformed: without a reason the DPO may not read (403).
            return refuse(403, message, "(no reason given)");
        }
    }
    if (output == Output::Export && !format) {
        const std::string message = "?format=: ndjson, csv or html";
        return self ? fail(400, message) : refuse(400, message, why);
    }
    const auto days = numberParam(r, "days", 1, kMaxPersonalDays, 365);
    const auto limit = numberParam(
        r, "limit", 1, static_cast<long long>(kMaxPersonalLimit),
        static_cast<long long>(output == Output::Export ? kDefaultExportLimit : kDefaultViewLimit));
    if (!days || !limit) {
        const std::string message = "?days= must be 1 to " + std::to_string(kMaxPersonalDays) +
                                    " and ?limit= 1 to " + std::to_string(kMaxPersonalLimit);
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
        if (!self) {
            view.readerNote = std::string(html::tr(lang, "Du læser som", "You are reading as")) +
                              " " + caller.name + ". " + html::tr(lang, "Begrundelse", "Reason") +
                              ": " + why + ". " +
                              html::tr(lang, "Personen kan se dette i sin adgangslog.",
                                       "The person sees this in their access log.");
        }
        return html::pageReply(200, lang,
                               self ? html::tr(lang, "Dine data", "Your data")
                                    : html::tr(lang, "Data om en person", "Data about a person"),
                               personalDataHtmlBody(d, lang, view));
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
    return serve(r, caller, caller.personId, Output::Json);
}

Reply PersonalDataApi::agentExport(Request& r) {
    auto who = agentCaller(r);
    if (auto* refusal = std::get_if<Reply>(&who)) {
        return *refusal;
    }
    const Caller& caller = std::get<Caller>(who);
    return serve(r, caller, caller.personId, Output::Export);
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
    return serve(r, *r.caller, r.caller->personId, Output::Page, "/me/export");
}

Reply PersonalDataApi::ownJson(Request& r) {
    if (auto refusal = needPerson(r, false)) {
        return *refusal;
    }
    return serve(r, *r.caller, r.caller->personId, Output::Json);
}

Reply PersonalDataApi::ownExport(Request& r) {
    if (auto refusal = needPerson(r, false)) {
        return *refusal;
    }
    return serve(r, *r.caller, r.caller->personId, Output::Export);
}

Reply PersonalDataApi::personJson(Request& r) {
    return serve(r, *r.caller, r.param("person"), Output::Json);
}

Reply PersonalDataApi::personPage(Request& r) {
    return serve(r, *r.caller, r.param("person"), Output::Page);
}

Reply PersonalDataApi::personExport(Request& r) {
    return serve(r, *r.caller, r.param("person"), Output::Export);
}

void addPersonalDataRoutes(Router& router, PersonalDataApi& api) {
    const auto add = [&router](Listener listener, std::string pattern, Access access,
                               std::vector<Role> roles, Handler handler, std::string summary) {
        Route route;
        route.listener = listener;
        route.method = "GET";
        route.pattern = std::move(pattern);
        route.access = access;
        route.roles = std::move(roles);
        route.personal = true;
        route.maxBody = 0;
        route.handler = std::move(handler);
        route.summary = std::move(summary);
        router.add(std::move(route));
    };
    add(
        Listener::Agent, "/api/v1/me", Access::Device, {},
        [&api](Request& r) { return api.agentData(r); },
        "the data of the person the agent's OS user is (?user=)");
    add(
        Listener::Agent, "/api/v1/me/export", Access::Device, {},
        [&api](Request& r) { return api.agentExport(r); },
        "an export of that person's data (?format=ndjson|csv|html)");
    add(
        Listener::Public, "/me", Access::Session, {Role::Employee},
        [&api](Request& r) { return api.ownPage(r); }, "the signed-in employee's data, a page");
    add(
        Listener::Public, "/api/v1/people/me", Access::Session, {Role::Employee},
        [&api](Request& r) { return api.ownJson(r); }, "the signed-in employee's data, JSON");
    add(
        Listener::Public, "/me/export", Access::Session, {Role::Employee},
        [&api](Request& r) { return api.ownExport(r); },
        "an export of the signed-in employee's data");
    // Any signed-in role reaches these, so that a refused attempt is recorded in the person's
    // log rather than turned away before anyone knew whose data it was about.
    add(
        Listener::Public, "/api/v1/people/{person}/data", Access::Session, {},
        [&api](Request& r) { return api.personJson(r); },
        "a person's data for the DPO (?why= required; recorded in the person's access log)");
    add(
        Listener::Public, "/people/{person}", Access::Session, {},
        [&api](Request& r) { return api.personPage(r); },
        "a person's data for the DPO, a page (?why= required; recorded)");
    add(
        Listener::Public, "/api/v1/people/{person}/export", Access::Session, {},
        [&api](Request& r) { return api.personExport(r); },
        "an export of a person's data for the DPO (?format=, ?why= required; recorded)");
}

} // namespace indblik::server
