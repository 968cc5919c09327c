#include "self_requests.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include <Poco/Logger.h>

#include "access_log.h"
#include "export.h"
#include "html.h"
#include "web_auth.h"

namespace indblik::server {
namespace {

using html::escape;
using html::Lang;
using html::tr;

// A form of up to 10,000 characters of text: in UTF-8 and percent-encoded, up to nine bytes each.
constexpr std::size_t kMaxFormBody = 128 * 1024;
constexpr std::size_t kAnswerPreview = 300; // characters of an answer shown in the list

Poco::Logger& log() {
    return Poco::Logger::get("indblik.server.requests");
}

using html::languageQuery;

// One line of plain explanation per request type, under its name in the form.
const char* typeHint(Lang l, std::string_view type) {
    if (type == "question") {
        return tr(l, "Spørg om overvågningen, om dine data eller om hvordan de bruges.",
                  "Ask about the monitoring, your data or how it is used.");
    }
    if (type == "copy") {
        return tr(l, "Få en kopi af de oplysninger, arbejdsgiveren har om dig.",
                  "Get a copy of the information the employer holds about you.");
    }
    if (type == "correction") {
        return tr(l, "Få rettet oplysninger om dig, som er forkerte eller mangelfulde.",
                  "Have information about you corrected that is wrong or incomplete.");
    }
    if (type == "objection") {
        return tr(l, "Sig fra over for en bestemt overvågning eller brug af dine data.",
                  "Object to a particular monitoring or use of your data.");
    }
    if (type == "deletion") {
        return tr(l, "Bed om at få slettet oplysninger om dig.",
                  "Ask for information about you to be deleted.");
    }
    return "";
}

// "2026-11-23 14:05 UTC" from ISO-8601.
std::string when(const std::string& iso) {
    if (iso.size() < 16) {
        return iso;
    }
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

// The first `max` characters (not bytes) of text, with "…" when cut.
std::string preview(const std::string& text, std::size_t max) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == max) {
            return text.substr(0, i) + "…";
        }
    }
    return text;
}

std::string nav(Lang l, bool toList) {
    const std::string q = languageQuery(l);
    std::string out =
        "<nav><a href=\"/" + q + "\">" + tr(l, "Forside", "Home") + "</a> · <a href=\"/me" + q +
        "\">" + tr(l, "Mine data og hvem der har set dem", "My data and who looked at it") + "</a>";
    if (toList) {
        out += std::string(" · <a href=\"/me/requests") + q + "\">" +
               tr(l, "Mine anmodninger", "My requests") + "</a>";
    }
    return out + "</nav>\n";
}

// A signed-in employee with a person of their own; anyone else gets the page that says why.
std::optional<Reply> notAnEmployee(const Request& request) {
    if (request.caller && request.caller->role == Role::Employee &&
        !request.caller->personId.empty()) {
        return std::nullopt;
    }
    const Lang l = html::language(request);
    return html::pageReply(403, l, tr(l, "Ikke muligt", "Not possible"),
                           std::string("<p>") +
                               tr(l,
                                  "Kun en medarbejders egen konto har anmodninger. Denne konto "
                                  "er ikke knyttet til en medarbejder; spørg IT.",
                                  "Only an employee's own account has requests. This account is "
                                  "not tied to an employee; ask IT.") +
                               "</p>");
}

// The store's message ("subject: required") in plain words, in the page's language.
std::string plainError(Lang l, const RequestOutcome& o) {
    const std::string& e = o.error;
    if (o.status >= 500) {
        return tr(l, "Anmodningen kunne ikke gemmes lige nu. Prøv igen om lidt.",
                  "The request could not be saved just now. Please try again in a moment.");
    }
    if (e.rfind("type", 0) == 0) {
        return tr(l, "Vælg, hvad anmodningen drejer sig om.", "Choose what the request is about.");
    }
    if (e.rfind("subject: required", 0) == 0) {
        return tr(l, "Skriv et emne.", "Write a subject.");
    }
    if (e.rfind("subject", 0) == 0) {
        return std::string(tr(l, "Emnet må højst have ", "The subject may have at most ")) +
               std::to_string(kMaxRequestSubject) + tr(l, " tegn.", " characters.");
    }
    if (e.rfind("body", 0) == 0) {
        return std::string(tr(l, "Teksten må højst have ", "The text may have at most ")) +
               std::to_string(kMaxRequestBody) + tr(l, " tegn.", " characters.");
    }
    return e;
}

struct HistoryLine {
    std::string time;
    std::string text;
};

// What happened to the request, oldest first: its receipt, and from the person's access log each
// time someone opened, extended, answered or refused it, or was refused seeing it.
std::vector<HistoryLine> history(Lang l, const PersonRequest& r,
                                 const std::vector<AccessEvent>& events) {
    std::vector<HistoryLine> lines;
    lines.push_back({r.receivedAt, tr(l, "Du sendte anmodningen.", "You sent the request.")});
    bool closedInLog = false;
    for (const auto& e : events) {
        const std::string who = e.actorName + ", " + roleInWords(e.actorRole, l) + ",";
        std::string text;
        if (e.outcome == kAccessRefused && e.what == "request:" + r.id) {
            text = who + tr(l, " bad om at se anmodningen og blev afvist.",
                            " asked to see the request and was refused.");
        } else if (e.outcome != kAccessRead) {
            continue;
        } else if (e.what == "request:" + r.id) {
            text = who + tr(l, " åbnede anmodningen.", " opened the request.");
        } else if (e.what == "request:extend:" + r.id) {
            text = who + tr(l, " forlængede fristen.", " extended the deadline.");
        } else if (e.what == "request:answer:" + r.id) {
            text = who + tr(l, " besvarede anmodningen.", " answered the request.");
            closedInLog = true;
        } else if (e.what == "request:refuse:" + r.id) {
            text = who + tr(l, " afviste anmodningen.", " refused the request.");
            closedInLog = true;
        }
        if (text.empty()) {
            continue; // a read of something else
        }
        lines.push_back({e.time, text});
    }
    if (!closedInLog && !r.answeredAt.empty()) {
        lines.push_back(
            {r.answeredAt,
             r.answeredBy + (r.status == kStatusRefused
                                 ? tr(l, " afviste anmodningen.", " refused the request.")
                                 : tr(l, " besvarede anmodningen.", " answered the request."))});
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const HistoryLine& a, const HistoryLine& b) { return a.time < b.time; });
    return lines;
}

} // namespace

Reply SelfRequestPages::listPage(const Request& request) {
    if (auto refusal = notAnEmployee(request)) {
        return *refusal;
    }
    return page(request, 200, {}, {}, {}, {});
}

Reply SelfRequestPages::page(const Request& request, int status, const std::string& error,
                             const std::string& type, const std::string& subject,
                             const std::string& text) {
    const Lang l = html::language(request);
    const Caller& caller = *request.caller;
    auto requests = m_store.forPerson(caller.personId);
    if (!requests) {
        log().error(requests.error());
        return html::pageReply(500, l, tr(l, "Fejl", "Error"),
                               std::string("<p>") +
                                   tr(l, "Dine anmodninger kunne ikke læses lige nu.",
                                      "Your requests could not be read just now.") +
                                   "</p>");
    }
    const std::string now = m_store.currentTime();
    const std::string q = languageQuery(l);
    std::string body =
        nav(l, false) + "<h1>" + tr(l, "Mine anmodninger", "My requests") + "</h1>\n<p>" +
        tr(l,
           "Her kan du stille databeskyttelsesrådgiveren et spørgsmål eller bruge dine "
           "rettigheder: få en kopi af dine data, få noget rettet, sige fra eller få noget "
           "slettet. Du skal have svar inden for en måned. Fristen kan forlænges med højst to "
           "måneder, og så får du at vide hvorfor.",
           "Here you can ask the data protection officer a question or use your rights: get a "
           "copy of your data, have something corrected, object, or have something deleted. You "
           "must get an answer within one month. The deadline can be extended by at most two "
           "months, and then you are told why.") +
        "</p>\n";
    if (!error.empty()) {
        body += "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>\n";
    }

    body += "<h2>" + std::string(tr(l, "Dine anmodninger", "Your requests")) + "</h2>\n";
    if (requests.value().empty()) {
        body += "<p>" +
                std::string(tr(l, "Du har ingen anmodninger endnu.", "You have no requests yet.")) +
                "</p>\n";
    } else {
        body += std::string("<table><thead><tr><th>") + tr(l, "Emne", "Subject") + "</th><th>" +
                tr(l, "Type", "Type") + "</th><th>" + tr(l, "Status", "Status") + "</th><th>" +
                tr(l, "Modtaget", "Received") + "</th><th>" + tr(l, "Frist", "Due") + "</th><th>" +
                tr(l, "Forlænget", "Extended") + "</th><th>" + tr(l, "Svar", "Answer") +
                "</th></tr></thead><tbody>\n";
        for (const auto& r : requests.value()) {
            std::string extended = tr(l, "Nej", "No");
            if (!r.extendedAt.empty()) {
                extended = std::string(tr(l, "Ja, til ", "Yes, to ")) + r.dueAt.substr(0, 10) +
                           ": " + r.extensionReason;
            }
            std::string answer = "—";
            if (r.status == kStatusAnswered) {
                answer = preview(r.answer, kAnswerPreview);
            } else if (r.status == kStatusRefused) {
                answer =
                    std::string(tr(l, "Afvist: ", "Refused: ")) + preview(r.answer, kAnswerPreview);
            }
            body += std::string("<tr") + (r.overdue(now) ? " class=\"overdue\"" : "") +
                    "><td><a href=\"/me/requests/" + escape(r.id) + q + "\">" + escape(r.subject) +
                    "</a></td><td>" + escape(requestTypeLabel(l, r.type)) + "</td><td>" +
                    escape(requestStatusLabel(l, r, now)) + "</td><td>" +
                    escape(r.receivedAt.substr(0, 10)) + "</td><td>" +
                    escape(r.dueAt.substr(0, 10)) + "</td><td>" + escape(extended) + "</td><td>" +
                    escape(answer) + "</td></tr>\n";
        }
        body += "</tbody></table>\n";
    }

    body += "<h2 id=\"new\">" + std::string(tr(l, "Ny anmodning", "New request")) + "</h2>\n" +
            "<form method=\"post\" action=\"/me/requests" + q + "\" class=\"stack wide\">" +
            html::csrfField(caller.csrfToken) + "<fieldset class=\"choices\"><legend>" +
            tr(l, "Hvad drejer det sig om?", "What is it about?") + "</legend>";
    const std::string chosen = isRequestType(type) ? type : std::string("question");
    for (const auto t : kRequestTypes) {
        const std::string id = "type-" + std::string(t);
        body += "<div class=\"choice\"><input type=\"radio\" name=\"type\" id=\"" + id +
                "\" value=\"" + std::string(t) + "\" aria-describedby=\"" + id + "-hint\"" +
                (t == chosen ? " checked" : "") + (t == kRequestTypes[0] ? " required" : "") +
                "><label for=\"" + id + "\">" + escape(requestTypeLabel(l, std::string(t))) +
                "</label><p class=\"hint\" id=\"" + id + "-hint\">" + escape(typeHint(l, t)) +
                "</p></div>";
    }
    body += "</fieldset><label for=\"subject\">" + std::string(tr(l, "Emne", "Subject")) +
            "</label><input id=\"subject\" name=\"subject\" required maxlength=\"" +
            std::to_string(kMaxRequestSubject) + "\" value=\"" + escape(subject) +
            "\" aria-describedby=\"subject-hint\"><p class=\"hint\" id=\"subject-hint\">" +
            tr(l, "Kort, f.eks. \"Kopi af mine data fra 2026\".",
               "Short, for example \"Copy of my data from 2026\".") +
            "</p><label for=\"text\">" + tr(l, "Din anmodning", "Your request") +
            "</label><textarea id=\"text\" name=\"text\" rows=\"8\" maxlength=\"" +
            std::to_string(kMaxRequestBody) + "\" aria-describedby=\"text-hint\">" + escape(text) +
            "</textarea><p class=\"hint\" id=\"text-hint\">" +
            tr(l,
               "Skriv så meget du vil (højst 10.000 tegn). Svaret kommer her på siden. Kun "
               "databeskyttelsesrådgiveren læser det, og hver gang det sker, kan du se det.",
               "Write as much as you like (at most 10,000 characters). The answer comes here on "
               "this page. Only the data protection officer reads it, and you can see each time "
               "they do.") +
            "</p><button type=\"submit\">" + tr(l, "Send anmodningen", "Send the request") +
            "</button></form>\n";
    return html::pageReply(status, l, tr(l, "Mine anmodninger", "My requests"), body);
}

Reply SelfRequestPages::create(const Request& request) {
    if (auto refusal = notAnEmployee(request)) {
        return *refusal;
    }
    const Lang l = html::language(request);
    auto form = parseForm(request.body);
    const std::string type = form["type"];
    const std::string subject = form["subject"];
    const std::string text = form["text"];
    const RequestOutcome o = m_store.create(request.caller->personId, type, subject, text);
    if (!o.ok()) {
        if (o.status >= 500) {
            log().error(o.error);
        }
        // Nothing was saved: the form again with what was typed.
        return page(request, o.status, plainError(l, o), type, subject, text);
    }
    return html::seeOther("/me/requests/" + o.request.id + languageQuery(l));
}

Reply SelfRequestPages::showPage(const Request& request) {
    if (auto refusal = notAnEmployee(request)) {
        return *refusal;
    }
    const Lang l = html::language(request);
    const std::string q = languageQuery(l);
    const RequestOutcome o = m_store.ownRequest(request.param("id"), *request.caller);
    if (!o.ok()) {
        if (o.status >= 500) {
            log().error(o.error);
        }
        const bool missing = o.status == 404;
        return html::pageReply(
            missing ? 404 : 500, l,
            missing ? tr(l, "Ingen sådan anmodning", "No such request") : tr(l, "Fejl", "Error"),
            nav(l, true) + "<p>" +
                (missing ? tr(l, "Der er ingen anmodning med det nummer blandt dine.",
                              "There is no request with that number among yours.")
                         : tr(l, "Anmodningen kunne ikke læses lige nu.",
                              "The request could not be read just now.")) +
                "</p>");
    }
    const PersonRequest& r = o.request;
    const std::string now = m_store.currentTime();
    AccessLog accessLog(m_db);
    auto events = accessLog.events(r.personId);
    if (!events) {
        log().error(events.error());
    }
    const auto row = [](const std::string& label, const std::string& value) {
        return "<tr><th scope=\"row\">" + escape(label) + "</th><td>" + escape(value) +
               "</td></tr>\n";
    };
    std::string body = nav(l, true) + "<h1>" + escape(r.subject) + "</h1>\n<table>\n";
    body += row(tr(l, "Type", "Type"), requestTypeLabel(l, r.type) + " — " + typeHint(l, r.type));
    body += row(tr(l, "Status", "Status"), requestStatusLabel(l, r, now));
    body += row(tr(l, "Modtaget", "Received"), when(r.receivedAt));
    body += row(tr(l, "Frist for svar", "Answer due by"), r.dueAt.substr(0, 10));
    if (!r.extendedAt.empty()) {
        body +=
            row(tr(l, "Fristen blev forlænget", "The deadline was extended"), when(r.extendedAt));
        body += row(tr(l, "Hvorfor", "Why"), r.extensionReason);
    }
    body += "</table>\n<h2>" + std::string(tr(l, "Din anmodning", "Your request")) +
            "</h2>\n<p class=\"text\">" +
            escape(r.body.empty() ? std::string(tr(l, "(ingen tekst)", "(no text)")) : r.body) +
            "</p>\n";
    if (r.status == kStatusAnswered || r.status == kStatusRefused) {
        body += "<h2>" +
                std::string(r.status == kStatusAnswered ? tr(l, "Svar", "Answer")
                                                        : tr(l, "Afvist, med denne begrundelse",
                                                             "Refused, for this reason")) +
                "</h2>\n<p class=\"text\">" + escape(r.answer) + "</p>\n<p class=\"hint\">" +
                escape(r.answeredBy) + ", " + escape(when(r.answeredAt)) + "</p>\n";
    } else {
        body += "<p>" +
                escape(std::string(tr(l, "Ikke besvaret endnu. Svaret skal komme senest ",
                                      "Not answered yet. The answer must come by ")) +
                       r.dueAt.substr(0, 10) + ".") +
                "</p>\n";
    }
    body += "<h2>" + std::string(tr(l, "Forløb", "History")) + "</h2>\n<ol class=\"history\">";
    for (const auto& line : history(l, r, events ? events.value() : std::vector<AccessEvent>{})) {
        body += "<li><time datetime=\"" + escape(line.time) + "\">" + escape(when(line.time)) +
                "</time> " + escape(line.text) + "</li>";
    }
    body += "</ol>\n";
    if (!events) {
        body += "<p class=\"error\">" +
                escape(tr(l, "Adgangsloggen kunne ikke læses; forløbet kan mangle noget.",
                          "The access log could not be read; the history may be incomplete.")) +
                "</p>\n";
    }
    return html::pageReply(200, l, r.subject, body);
}

void addSelfRequestRoutes(Router& router, SelfRequestPages& pages) {
    const auto add = [&router](const char* method, const char* pattern, bool personal,
                               std::size_t maxBody, Handler handler, const char* summary) {
        Route r;
        r.listener = Listener::Public;
        r.method = method;
        r.pattern = pattern;
        r.access = Access::Session;
        r.roles = {Role::Employee};
        r.personal = personal;
        r.maxBody = maxBody;
        r.handler = std::move(handler);
        r.summary = summary;
        router.add(std::move(r));
    };
    add(
        "GET", "/me/requests", false, 0, [&pages](Request& r) { return pages.listPage(r); },
        "the signed-in employee's requests and the form for a new one");
    add(
        "POST", "/me/requests", false, kMaxFormBody,
        [&pages](Request& r) { return pages.create(r); },
        "a new request from the form (type, subject, text, csrf); 303 to it");
    // Takes the id of one person's request: another person's id is refused (404) and logged.
    add(
        "GET", "/me/requests/{id}", true, 0, [&pages](Request& r) { return pages.showPage(r); },
        "one of the signed-in employee's requests, with its answer and history");
}

} // namespace indblik::server
