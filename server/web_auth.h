#pragma once

// Web sign-in on the public listener: the sign-in and sign-out pages, the employee's one-time
// setup page, the home page, the stylesheet, and SessionAuthenticator, which every
// Access::Session route goes through.
//
// A session is a random 32-byte token in the cookie __Host-indblik_session (Secure, HttpOnly,
// SameSite=Strict, Path=/); the database keeps only its SHA-256 (accounts.h). CSRF: each
// session has a token that every POST/PUT/PATCH/DELETE on a Session route must carry, in the
// form field "csrf" or the X-CSRF-Token header, and an Origin header, when sent, must be this
// server; SessionAuthenticator checks both, so no route can forget. The sign-in and setup forms,
// which come before any session, carry a token that must equal the __Host-indblik_login cookie
// (double submit).

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "accounts.h"
#include "router.h"

namespace indblik::server {

inline constexpr const char* kSessionCookie = "__Host-indblik_session";
inline constexpr const char* kLoginCookie = "__Host-indblik_login";

// application/x-www-form-urlencoded fields (the first of a repeated name wins; at most 100).
std::map<std::string, std::string> parseForm(std::string_view body);
// A request header or cookie, "" when absent (also when request.http is null).
std::string headerOf(const Request& request, const std::string& name);
std::string cookieOf(const Request& request, const std::string& name);
// The Set-Cookie value for a session token, and one that deletes a cookie.
std::string sessionCookie(const std::string& token);
std::string expiredCookie(const std::string& name);
// GET, HEAD and OPTIONS are safe; everything else must carry the CSRF token.
bool isUnsafeMethod(const std::string& method);
// Refusals of /api/... paths and of clients that ask for JSON are JSON; the rest are pages.
bool wantsJson(const Request& request);
// Whether an Origin header, when sent, names this server (the Host the request used), and no
// Sec-Fetch-Site header says another site sent the request.
bool sameOrigin(const Request& request);
// The CSRF token the request carries (X-CSRF-Token header, else the form field "csrf").
std::string csrfTokenOf(const Request& request);
// Constant-time comparison of two tokens; false when either is empty.
bool sameToken(const std::string& a, const std::string& b);

class Database;

class SessionAuthenticator {
public:
    SessionAuthenticator(AccountStore& accounts, Database& db) : m_accounts(accounts), m_db(db) {}

    // The caller of an Access::Session route, or the refusal: no or expired session (401, or
    // 303 to /login for a page), a role not in route.roles (403; on a personal route also an
    // access event "refused" in the named person's log), a missing or wrong CSRF token or a
    // foreign Origin on an unsafe method (403).
    std::variant<Caller, Reply> authenticate(Request& request, const Route& route);

private:
    AccountStore& m_accounts;
    Database& m_db;
};

struct WebAuthOptions {
    // A refused sign-in is answered no sooner than this after it arrived, whatever the reason.
    std::chrono::milliseconds refusalFloor{400};
    // How many alerts the works council has now, for its home page (none when unset).
    std::function<int()> councilAlertCount;
};

class WebAuth {
public:
    explicit WebAuth(AccountStore& accounts, WebAuthOptions options = {})
        : m_accounts(accounts), m_options(std::move(options)) {}

    Reply loginPage(Request& request);  // GET /login
    Reply login(Request& request);      // POST /login
    Reply logout(Request& request);     // POST /logout (Session)
    Reply setupPage(Request& request);  // GET /setup?token=
    Reply setup(Request& request);      // POST /setup
    Reply home(Request& request) const; // GET / (Session)
    static Reply stylesheet();          // GET /static/indblik.css

private:
    Reply loginForm(Request& request, int status, const std::string& message);
    Reply setupForm(Request& request, int status, const std::string& token,
                    const std::string& personName, const std::string& login,
                    const std::string& message);

    AccountStore& m_accounts;
    WebAuthOptions m_options;
};

// GET/POST /login, POST /logout, GET/POST /setup, GET /, GET /static/indblik.css.
void addWebAuthRoutes(Router& router, WebAuth& web);

// The stylesheet every page links (web_style.cpp).
extern const char* const kStylesheet;

} // namespace indblik::server
