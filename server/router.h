#pragma once

// Routes as data. Each route says which listener serves it, its method and path pattern, who
// may call it, how large its body may be, and whether it answers with one person's data
// (`personal`: the security matrix test calls every such route as every role with someone
// else's id). The HTTP plumbing (http_dispatch.h) reads the body within the limit, asks the
// Authenticator for the caller, then calls the handler; a handler only does the work.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "identity.h"

namespace Poco::Net {
class HTTPServerRequest;
}

namespace indblik::server {

enum class Listener {
    Agent,  // mutual TLS: only devices with a certificate from our CA
    Public, // server certificate only: enrollment, web pages, web API
};

enum class Access {
    Anyone,  // no authentication (the CA certificate, enrollment, the sign-in page)
    Device,  // an enrolled, unrevoked device's client certificate (agent listener)
    Session, // a signed-in web account whose role is in Route::roles (public listener)
};

struct Reply {
    Reply() = default;
    Reply(int status_, std::string body_, std::string contentType_ = "application/json")
        : status(status_), body(std::move(body_)), contentType(std::move(contentType_)) {}

    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers; // extra, e.g. Set-Cookie
    // Extra requests' worth the dispatcher charges the client's rate limit after this answer,
    // so that guessing is slow: a failed sign-in sets kFailedSignInPenalty.
    double ratePenalty = 0;
};

// What a failed sign-in costs the client's rate limit on top of the request itself.
inline constexpr double kFailedSignInPenalty = 10;

// {"error": message}
Reply errorReply(int status, const std::string& message);
// {"error": message, "reason": reason}: reason is a fixed word a program can act on (the agent
// tells the employee why a 403 with "revoked" stopped its syncing).
Reply errorReply(int status, const std::string& message, const std::string& reason);

// The reasons of 403 answers to devices.
inline constexpr const char* kReasonRevoked = "revoked";
inline constexpr const char* kReasonUnknownCertificate = "unknown_certificate";

struct Request {
    std::string method;
    std::string path;
    std::map<std::string, std::string> params; // {captures} of the pattern, then the query
    std::string body;
    std::string contentType;
    std::string clientAddress; // the peer's IP address
    std::string host;          // the Host header as sent
    std::string peerCertPem;   // agent listener: the client certificate TLS verified
    std::optional<Caller> caller;
    const Poco::Net::HTTPServerRequest* http = nullptr; // headers and cookies

    // The parameter, or "" when absent.
    std::string param(const std::string& name) const;
};

using Handler = std::function<Reply(Request&)>;

struct Route {
    Listener listener = Listener::Public;
    std::string method = "GET";
    std::string pattern; // "/api/v1/people/{person}/data": a {name} matches one segment
    Access access = Access::Session;
    std::vector<Role> roles; // Session: the roles allowed; empty means any signed-in role
    bool personal = false;   // answers with the data of the person named by {person}
    std::size_t maxBody = std::size_t(64) << 10;
    Handler handler;
    std::string summary; // one line for docs and logs
};

class Router {
public:
    void add(Route route);

    struct Match {
        const Route* route = nullptr; // null: status says why (404 no path, 405 no method)
        int status = 404;
        std::map<std::string, std::string> captures;
    };
    Match match(Listener listener, const std::string& method, const std::string& path) const;
    const std::vector<Route>& routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
};

// Decides who the caller of a route is. Returns the caller, or the reply that refuses (401 for
// no or expired sign-in, 403 for a wrong role, a bad CSRF token or a refused certificate).
// The dispatcher checks Route::roles itself after this (it passes a Session route without its
// roles), so that a refused attempt on a personal route is logged with who made it.
class Authenticator {
public:
    virtual ~Authenticator() = default;
    virtual std::variant<Caller, Reply> authenticate(Request& request, const Route& route) = 0;
};

} // namespace indblik::server
