#include "web_auth.h"

#include <algorithm>
#include <cctype>
#include <openssl/crypto.h>
#include <thread>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include "access_log.h"
#include "database.h"
#include "html.h"
#include "pki.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

using html::Lang;
using html::tr;

constexpr std::size_t kMaxFormFields = 100;
constexpr std::size_t kMaxNextLength = 512;
constexpr std::size_t kMaxFormBytes = 8 * 1024;

Poco::Logger& authLog() {
    return Poco::Logger::get("indblik.server.auth");
}

// The login as typed, for the log: only when it could be a login (a password typed into the
// login field must not end up in the log).
std::string loggable(const std::string& login) {
    return checkLogin(login) ? normalizeLogin(login) : std::string("(not a valid login name)");
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string formDecode(std::string_view text) {
    std::string plus(text);
    std::replace(plus.begin(), plus.end(), '+', ' ');
    std::string out;
    try {
        Poco::URI::decode(plus, out);
    } catch (const Poco::Exception&) {
        return {};
    }
    return out;
}

// Where to go after signing in: only a path on this server ("/x", never "//host" or "/\host").
std::string safeNext(const std::string& next) {
    if (next.empty() || next.size() > kMaxNextLength || next.front() != '/' ||
        (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) ||
        std::any_of(next.begin(), next.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\';
        })) {
        return "/";
    }
    return next;
}

std::string newToken() {
    auto token = pki::randomHex(32);
    if (!token) {
        throw std::runtime_error(token.error());
    }
    return token.value();
}

// The request's path and query, for coming back after signing in.
std::string requestTarget(const Request& request) {
    if (request.http != nullptr) {
        return request.http->getURI();
    }
    return request.path;
}

// Keeps the language a person picked with ?lang= for the pages that follow.
void rememberLanguage(const Request& request, Reply& reply) {
    const std::string lang = request.param("lang");
    if (lang == "da" || lang == "en") {
        reply.headers.emplace_back("Set-Cookie", "indblik_lang=" + lang +
                                                     "; Path=/; Secure; SameSite=Strict; "
                                                     "Max-Age=31536000");
    }
}

Reply redirect(const std::string& location) {
    return html::seeOther(location);
}

std::string languageLinks(Lang lang, const std::string& path) {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    return "<p class=\"lang\"><a href=\"" + html::escape(path + sep + "lang=da") + "\"" +
           (lang == Lang::Da ? " aria-current=\"true\"" : "") + ">Dansk</a> · <a href=\"" +
           html::escape(path + sep + "lang=en") + "\"" +
           (lang == Lang::En ? " aria-current=\"true\"" : "") + ">English</a></p>";
}

std::string messageBox(const std::string& message, const char* kind = "error") {
    if (message.empty()) {
        return {};
    }
    return std::string("<p class=\"") + kind + "\" role=\"alert\">" + html::escape(message) +
           "</p>";
}

Reply refusal(const Request& request, int status, const char* jsonMessage, const char* da,
              const char* en) {
    if (wantsJson(request)) {
        return errorReply(status, jsonMessage);
    }
    const Lang lang = html::language(request);
    const char* title = status == 401 ? tr(lang, "Log ind igen", "Sign in again")
                                      : tr(lang, "Ikke tilladt", "Not allowed");
    std::string body = "<h1>" + html::escape(title) + "</h1><p>" + html::escape(tr(lang, da, en)) +
                       "</p><p><a href=\"/\">" + tr(lang, "Til forsiden", "To the home page") +
                       "</a></p>";
    return html::pageReply(status, lang, title, body);
}

// The pages a role starts from. Each part of the server that adds pages for a role adds its
// entry here.
struct HomeLink {
    Role role;
    const char* href;
    const char* da;
    const char* en;
};
constexpr HomeLink kHomeLinks[] = {
    {Role::Employee, "/me", "Mine data: overvågning, hændelser, hvem har set dem",
     "My data: monitoring, events, who looked at them"},
    {Role::Employee, "/me/requests", "Mine anmodninger", "My requests"},
    {Role::Dpo, "/dpo/requests", "Anmodninger fra medarbejdere", "Requests from employees"},
    {Role::Dpo, "/dpo/people", "Find en medarbejder og se deres data (med begrundelse)",
     "Find an employee and see their data (with a reason)"},
    {Role::Dpo, "/dpo/policies", "Erklærede politikker", "Declared policies"},
    {Role::Council, "/council/policies", "Politikker og samarbejdsudvalgets holdning",
     "Policies and the council's position"},
    {Role::Council, "/council/reports", "Rapporter: overvågning, anmodninger og opslag i tal",
     "Reports: monitoring, requests and reads in figures"},
};

const char* roleTitle(Lang lang, Role role) {
    switch (role) {
    case Role::Employee:
        return tr(lang, "medarbejder", "employee");
    case Role::Council:
        return tr(lang, "samarbejdsudvalg", "works council");
    case Role::Dpo:
        return tr(lang, "databeskyttelsesrådgiver", "data protection officer");
    case Role::Admin:
        return tr(lang, "administrator", "administrator");
    case Role::System:
        break;
    }
    return "system";
}

} // namespace

std::map<std::string, std::string> parseForm(std::string_view body) {
    std::map<std::string, std::string> fields;
    std::size_t start = 0;
    while (start <= body.size() && fields.size() < kMaxFormFields) {
        const auto amp = body.find('&', start);
        const auto part = body.substr(start, amp == std::string_view::npos ? std::string_view::npos
                                                                           : amp - start);
        if (!part.empty()) {
            const auto eq = part.find('=');
            fields.emplace(formDecode(part.substr(0, eq)), eq == std::string_view::npos
                                                               ? std::string()
                                                               : formDecode(part.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    return fields;
}

std::string headerOf(const Request& request, const std::string& name) {
    return request.http == nullptr ? std::string() : request.http->get(name, "");
}

std::string cookieOf(const Request& request, const std::string& name) {
    if (request.http == nullptr) {
        return {};
    }
    Poco::Net::NameValueCollection cookies;
    request.http->getCookies(cookies);
    return cookies.get(name, "");
}

std::string sessionCookie(const std::string& token) {
    return std::string(kSessionCookie) + "=" + token +
           "; Secure; HttpOnly; SameSite=Strict; Path=/";
}

std::string expiredCookie(const std::string& name) {
    return name + "=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
}

bool isUnsafeMethod(const std::string& method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool wantsJson(const Request& request) {
    if (request.path.rfind("/api/", 0) == 0) {
        return true;
    }
    const std::string accept = headerOf(request, "Accept");
    return accept.find("application/json") != std::string::npos &&
           accept.find("text/html") == std::string::npos;
}

bool sameOrigin(const Request& request) {
    const std::string site = lower(headerOf(request, "Sec-Fetch-Site"));
    if (site == "cross-site" || site == "same-site") {
        return false;
    }
    if (request.http == nullptr || !request.http->has("Origin")) {
        return true;
    }
    return !request.host.empty() &&
           lower(headerOf(request, "Origin")) == "https://" + lower(request.host);
}

std::string csrfTokenOf(const Request& request) {
    std::string token = headerOf(request, "X-CSRF-Token");
    if (token.empty() &&
        lower(request.contentType).rfind("application/x-www-form-urlencoded", 0) == 0) {
        const auto form = parseForm(request.body);
        const auto it = form.find("csrf");
        if (it != form.end()) {
            token = it->second;
        }
    }
    return token;
}

bool sameToken(const std::string& a, const std::string& b) {
    return !a.empty() && a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::variant<Caller, Reply> SessionAuthenticator::authenticate(Request& request,
                                                               const Route& route) {
    const std::string token = cookieOf(request, kSessionCookie);
    std::optional<WebSession> session;
    if (!token.empty()) {
        auto found = m_accounts.session(token);
        if (!found) {
            return errorReply(500, "cannot check the sign-in: " + found.error());
        }
        session = std::move(found).value();
    }
    if (!session) {
        if (!wantsJson(request) && !isUnsafeMethod(request.method)) {
            Poco::URI login("/login");
            login.addQueryParameter("next", requestTarget(request));
            return redirect(login.toString());
        }
        return refusal(request, 401, "sign in first",
                       "Du er ikke logget ind, eller din session er udløbet. Log ind igen.",
                       "You are not signed in, or your session has expired. Sign in again.");
    }
    Caller caller;
    caller.role = session->account.role;
    caller.actorId = session->account.id;
    caller.name = session->account.displayName;
    caller.personId = session->account.personId;
    caller.csrfToken = session->csrfToken;

    if (isUnsafeMethod(request.method) &&
        (!sameOrigin(request) || !sameToken(csrfTokenOf(request), session->csrfToken))) {
        return refusal(request, 403, "missing or wrong CSRF token, or a foreign Origin",
                       "Formularen var for gammel eller kom fra et andet websted. Gå tilbage, "
                       "genindlæs siden og prøv igen.",
                       "The form was too old or came from another site. Go back, reload the page "
                       "and try again.");
    }
    if (!route.roles.empty() &&
        std::find(route.roles.begin(), route.roles.end(), caller.role) == route.roles.end()) {
        const std::string person = request.param("person");
        if (route.personal && !person.empty() && !isSelf(caller, person)) {
            // The person sees attempts on their data too; an id that names nobody has no log.
            auto logged = m_db.write("log the refused access", [&](Poco::Data::Session& s) {
                Poco::Int64 known = 0;
                s << "SELECT COUNT(*) FROM people WHERE person_id = $1", useRef(person),
                    into(known), now;
                if (known == 0) {
                    return false;
                }
                AccessLog::recordIn(s, person, caller, request.method + " " + request.path,
                                    "role " + std::string(roleName(caller.role)) +
                                        " may not use this route",
                                    kAccessRefused);
                return true;
            });
            if (!logged) {
                return errorReply(500, "cannot log the refused access: " + logged.error());
            }
        }
        return refusal(request, 403, "your role may not use this route",
                       "Din rolle giver ikke adgang til denne side.",
                       "Your role does not give access to this page.");
    }
    return caller;
}

Reply WebAuth::loginForm(Request& request, int status, const std::string& message) {
    const Lang lang = html::language(request);
    // The pre-session CSRF token: kept while the browser has it, so two open tabs both work.
    std::string csrf = cookieOf(request, kLoginCookie);
    if (csrf.size() != 64) {
        csrf = newToken();
    }
    std::string next = request.param("next");
    if (request.method == "POST") {
        next = parseForm(request.body)["next"];
    }
    next = safeNext(next);
    const char* title = tr(lang, "Log ind", "Sign in");
    std::string body = languageLinks(lang, "/login") + "<h1>" + html::escape(title) + "</h1>" +
                       messageBox(message) +
                       "<form method=\"post\" action=\"/login\" class=\"stack\">"
                       "<input type=\"hidden\" name=\"csrf\" value=\"" +
                       html::escape(csrf) + "\"><input type=\"hidden\" name=\"next\" value=\"" +
                       html::escape(next) + "\"><label for=\"login\">" +
                       tr(lang, "Brugernavn", "Login name") +
                       "</label><input id=\"login\" name=\"login\" autocomplete=\"username\" "
                       "required maxlength=\"64\" autofocus><label for=\"password\">" +
                       tr(lang, "Adgangskode", "Password") +
                       "</label><input id=\"password\" name=\"password\" type=\"password\" "
                       "autocomplete=\"current-password\" required maxlength=\"1024\">"
                       "<button type=\"submit\">" +
                       tr(lang, "Log ind", "Sign in") + "</button></form><p class=\"hint\">" +
                       tr(lang,
                          "Medarbejdere uden Indblik på deres computer kan få et link fra IT til "
                          "at oprette deres eget login.",
                          "Employees without Indblik on their computer can get a link from IT to "
                          "set up their own sign-in.") +
                       "</p>";
    Reply reply = html::pageReply(status, lang, title, body);
    reply.headers.emplace_back("Set-Cookie", std::string(kLoginCookie) + "=" + csrf +
                                                 "; Secure; HttpOnly; SameSite=Strict; Path=/; "
                                                 "Max-Age=3600");
    rememberLanguage(request, reply);
    return reply;
}

Reply WebAuth::loginPage(Request& request) {
    const std::string token = cookieOf(request, kSessionCookie);
    if (!token.empty()) {
        auto session = m_accounts.session(token);
        if (session && session.value()) {
            return redirect(safeNext(request.param("next")));
        }
    }
    return loginForm(request, 200, {});
}

Reply WebAuth::login(Request& request) {
    const auto started = std::chrono::steady_clock::now();
    const Lang lang = html::language(request);
    auto form = parseForm(request.body);
    if (!sameOrigin(request) || !sameToken(form["csrf"], cookieOf(request, kLoginCookie))) {
        return loginForm(request, 403,
                         tr(lang,
                            "Formularen var for gammel eller kom fra et andet websted. Prøv igen.",
                            "The form was too old or came from another site. Please try again."));
    }
    auto signedIn = m_accounts.signIn(form["login"], form["password"]);
    if (!signedIn) {
        return html::pageReply(500, lang, tr(lang, "Fejl", "Error"),
                               "<h1>" + std::string(tr(lang, "Fejl", "Error")) + "</h1><p>" +
                                   tr(lang, "Log ind kan ikke lade sig gøre lige nu.",
                                      "Signing in is not possible right now.") +
                                   "</p>");
    }
    if (!signedIn.value()) {
        authLog().warning("refused sign-in as %s from %s", loggable(form["login"]),
                          request.clientAddress);
        std::this_thread::sleep_until(started + m_options.refusalFloor);
        Reply refused = loginForm(
            request, 401,
            tr(lang,
               "Forkert brugernavn eller adgangskode. Efter flere forsøg i træk skal du vente "
               "nogle minutter.",
               "Wrong login name or password. After several attempts in a row you have to wait "
               "a few minutes."));
        // Guessing from one address also empties its rate bucket faster (per address, beside
        // the per-account lockout).
        refused.ratePenalty = kFailedSignInPenalty;
        return refused;
    }
    // A new token at every sign-in: a session id planted before it is worth nothing.
    if (const std::string old = cookieOf(request, kSessionCookie); !old.empty()) {
        (void)m_accounts.endSession(old);
    }
    authLog().information("%s signed in from %s", signedIn.value()->account.login,
                          request.clientAddress);
    Reply reply = redirect(safeNext(form["next"]));
    reply.headers.emplace_back("Set-Cookie", sessionCookie(signedIn.value()->token));
    reply.headers.emplace_back("Set-Cookie", expiredCookie(kLoginCookie));
    return reply;
}

Reply WebAuth::logout(Request& request) {
    if (const std::string token = cookieOf(request, kSessionCookie); !token.empty()) {
        if (auto s = m_accounts.endSession(token); !s) {
            return errorReply(500, s.error());
        }
    }
    Reply reply = redirect("/login");
    reply.headers.emplace_back("Set-Cookie", expiredCookie(kSessionCookie));
    return reply;
}

Reply WebAuth::setupForm(Request& request, int status, const std::string& token,
                         const std::string& personName, const std::string& login,
                         const std::string& message) {
    const Lang lang = html::language(request);
    std::string csrf = cookieOf(request, kLoginCookie);
    if (csrf.size() != 64) {
        csrf = newToken();
    }
    const char* title = tr(lang, "Opret dit login", "Set up your sign-in");
    std::string body =
        languageLinks(lang, "/setup?token=" + token) + "<h1>" + html::escape(title) + "</h1><p>" +
        html::escape(tr(lang, "Velkommen, ", "Welcome, ")) + html::escape(personName) + ". " +
        tr(lang,
           "Vælg et brugernavn og en adgangskode. Med dem kan du se dine egne data i Indblik: "
           "hvilken overvågning der gælder for dig, og hvem der har set dine data.",
           "Choose a login name and a password. With them you can see your own data in Indblik: "
           "which monitoring applies to you, and who has looked at your data.") +
        "</p>" + messageBox(message) +
        "<form method=\"post\" action=\"/setup\" class=\"stack\">"
        "<input type=\"hidden\" name=\"csrf\" value=\"" +
        html::escape(csrf) + "\"><input type=\"hidden\" name=\"token\" value=\"" +
        html::escape(token) + "\"><label for=\"login\">" + tr(lang, "Brugernavn", "Login name") +
        "</label><input id=\"login\" name=\"login\" autocomplete=\"username\" required "
        "minlength=\"3\" maxlength=\"64\" value=\"" +
        html::escape(login) + "\"><p class=\"hint\">" +
        tr(lang, "3-64 tegn: a-z, cifre og . _ - @", "3-64 characters: a-z, digits and . _ - @") +
        "</p><label for=\"password\">" + tr(lang, "Adgangskode", "Password") +
        "</label><input id=\"password\" name=\"password\" type=\"password\" "
        "autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"1024\">"
        "<p class=\"hint\">" +
        tr(lang, "Mindst 12 tegn. En sætning, du kan huske, er god.",
           "At least 12 characters. A sentence you can remember works well.") +
        "</p><label for=\"password2\">" + tr(lang, "Adgangskode igen", "Password again") +
        "</label><input id=\"password2\" name=\"password2\" type=\"password\" "
        "autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"1024\">"
        "<button type=\"submit\">" +
        tr(lang, "Opret login", "Set up sign-in") + "</button></form>";
    Reply reply = html::pageReply(status, lang, title, body);
    reply.headers.emplace_back("Set-Cookie", std::string(kLoginCookie) + "=" + csrf +
                                                 "; Secure; HttpOnly; SameSite=Strict; Path=/; "
                                                 "Max-Age=3600");
    rememberLanguage(request, reply);
    return reply;
}

namespace {

Reply linkInvalid(const Request& request) {
    const Lang lang = html::language(request);
    const char* title = tr(lang, "Linket virker ikke", "The link does not work");
    return html::pageReply(
        410, lang, title,
        "<h1>" + html::escape(title) + "</h1><p>" +
            tr(lang, "Linket er ukendt, allerede brugt eller udløbet. Bed IT om et nyt link.",
               "The link is unknown, already used or expired. Ask IT for a new link.") +
            "</p><p><a href=\"/login\">" + tr(lang, "Log ind", "Sign in") + "</a></p>");
}

} // namespace

Reply WebAuth::setupPage(Request& request) {
    const std::string token = request.param("token");
    auto link = m_accounts.setupLink(token);
    if (!link) {
        return errorReply(500, link.error());
    }
    if (!link.value()) {
        return linkInvalid(request);
    }
    return setupForm(request, 200, token, link.value()->personName, {}, {});
}

Reply WebAuth::setup(Request& request) {
    const Lang lang = html::language(request);
    auto form = parseForm(request.body);
    const std::string token = form["token"];
    auto link = m_accounts.setupLink(token);
    if (!link) {
        return errorReply(500, link.error());
    }
    if (!link.value()) {
        return linkInvalid(request);
    }
    const std::string name = link.value()->personName;
    if (!sameOrigin(request) || !sameToken(form["csrf"], cookieOf(request, kLoginCookie))) {
        return setupForm(request, 403, token, name, form["login"],
                         tr(lang,
                            "Formularen var for gammel eller kom fra et andet websted. Prøv igen.",
                            "The form was too old or came from another site. Please try again."));
    }
    if (form["password"] != form["password2"]) {
        return setupForm(
            request, 400, token, name, form["login"],
            tr(lang, "De to adgangskoder er ikke ens.", "The two passwords are not the same."));
    }
    auto outcome = m_accounts.useSetupLink(token, form["login"], form["password"]);
    switch (outcome.problem) {
    case SetupProblem::None:
        break;
    case SetupProblem::LinkInvalid:
    case SetupProblem::HasAccount:
        return linkInvalid(request);
    case SetupProblem::LoginInvalid:
        return setupForm(request, 400, token, name, form["login"],
                         tr(lang,
                            "Brugernavnet skal have 3-64 tegn: a-z, cifre og . _ - @, og begynde "
                            "med et bogstav eller et ciffer.",
                            "The login name must have 3-64 characters: a-z, digits and . _ - @, "
                            "and start with a letter or digit."));
    case SetupProblem::LoginTaken:
        return setupForm(request, 409, token, name, form["login"],
                         tr(lang, "Det brugernavn er optaget. Vælg et andet.",
                            "That login name is taken. Choose another."));
    case SetupProblem::PasswordWeak:
        return setupForm(
            request, 400, token, name, form["login"],
            tr(lang,
               "Adgangskoden skal have 12-1024 tegn, må ikke være brugernavnet og ikke "
               "bare ét tegn gentaget.",
               "The password must have 12-1024 characters, must not be the login "
               "name and not just one character repeated."));
    case SetupProblem::Internal:
        return errorReply(500, outcome.message);
    }
    authLog().information("%s set up the web account %s from a setup link, from %s",
                          outcome.session->account.personId, outcome.session->account.login,
                          request.clientAddress);
    Reply reply = redirect("/");
    reply.headers.emplace_back("Set-Cookie", sessionCookie(outcome.session->token));
    reply.headers.emplace_back("Set-Cookie", expiredCookie(kLoginCookie));
    return reply;
}

Reply WebAuth::home(Request& request) const {
    const Lang lang = html::language(request);
    const Caller& caller = *request.caller;
    const char* title = "Indblik";
    std::string links;
    for (const auto& link : kHomeLinks) {
        if (link.role == caller.role) {
            links += std::string("<li><a href=\"") + link.href + "\">" +
                     html::escape(tr(lang, link.da, link.en)) + "</a></li>";
        }
    }
    if (caller.role == Role::Council && m_options.councilAlertCount) {
        if (const int n = m_options.councilAlertCount(); n > 0) {
            links += "<li><a class=\"alert-count\" href=\"/council/reports" +
                     html::languageQuery(lang) + "#alerts\">" +
                     html::escape(n == 1 ? tr(lang, "1 alarm til samarbejdsudvalget",
                                              "1 alert to the works council")
                                         : std::to_string(n) + tr(lang,
                                                                  " alarmer til samarbejdsudvalget",
                                                                  " alerts to the works council")) +
                     "</a></li>";
        }
    }
    if (caller.role == Role::Admin) {
        links += std::string("<li>") +
                 tr(lang,
                    "Konti, enheder, tokens og politikker styres med kommandoen "
                    "<code>indblik-server admin</code>.",
                    "Accounts, devices, tokens and policies are managed with the command "
                    "<code>indblik-server admin</code>.") +
                 "</li>";
    }
    std::string body =
        "<header class=\"bar\"><span>" +
        html::escape(tr(lang, "Logget ind som ", "Signed in as ")) + "<strong>" +
        html::escape(caller.name) + "</strong> (" + html::escape(roleTitle(lang, caller.role)) +
        ")</span><form method=\"post\" action=\"/logout\" class=\"inline\">"
        "<input type=\"hidden\" name=\"csrf\" value=\"" +
        html::escape(caller.csrfToken) + "\"><button type=\"submit\">" +
        tr(lang, "Log ud", "Sign out") + "</button></form></header>" + languageLinks(lang, "/") +
        "<h1>Indblik</h1><p>" +
        tr(lang, "Indblik viser, hvilken overvågning der finder sted på arbejdspladsen.",
           "Indblik shows which monitoring takes place at the workplace.") +
        "</p><ul class=\"links\">" + links + "</ul>";
    Reply reply = html::pageReply(200, lang, title, body);
    rememberLanguage(request, reply);
    return reply;
}

Reply WebAuth::stylesheet() {
    return {200, kStylesheet, "text/css; charset=utf-8"};
}

void addWebAuthRoutes(Router& router, WebAuth& web) {
    const auto add = [&router](const char* method, const char* pattern, Access access,
                               std::size_t maxBody, const char* summary, Handler handler) {
        Route r;
        r.listener = Listener::Public;
        r.method = method;
        r.pattern = pattern;
        r.access = access;
        r.maxBody = maxBody;
        r.summary = summary;
        r.handler = std::move(handler);
        router.add(std::move(r));
    };
    add("GET", "/login", Access::Anyone, 0, "the sign-in page",
        [&web](Request& r) { return web.loginPage(r); });
    add("POST", "/login", Access::Anyone, kMaxFormBytes, "sign in with login and password",
        [&web](Request& r) { return web.login(r); });
    add("POST", "/logout", Access::Session, kMaxFormBytes, "sign out (ends the session)",
        [&web](Request& r) { return web.logout(r); });
    add("GET", "/setup", Access::Anyone, 0, "an employee's one-time sign-in setup page",
        [&web](Request& r) { return web.setupPage(r); });
    add("POST", "/setup", Access::Anyone, kMaxFormBytes,
        "create the employee's web account from a setup link",
        [&web](Request& r) { return web.setup(r); });
    add("GET", "/", Access::Session, 0, "the home page: what the signed-in role can do",
        [&web](Request& r) { return web.home(r); });
    add("GET", "/static/indblik.css", Access::Anyone, 0, "the stylesheet of every page",
        [](Request&) { return WebAuth::stylesheet(); });
}

} // namespace indblik::server
