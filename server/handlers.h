#pragma once

// HTTP plumbing shared by both listeners: one Poco handler factory per listener dispatches
// through the Router. Before any route runs it answers 503 when too many connections wait for a
// thread and 429 when the client is over its rate; then it answers unknown routes 404 and wrong
// methods 405, refuses malformed parameters 400, reads the body within the route's limit (413
// beyond), asks the Authenticator for the caller, checks the route's roles (logging a refused
// attempt on a personal route in that person's access log), calls the route's handler and
// writes its Reply with the security headers every answer carries.

#include <atomic>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "router.h"

namespace Poco::Net {
class TCPServer;
}

namespace indblik::server {

class Database;
class RateLimiter;

// What the dispatcher enforces besides the routes. Each is optional (null or 0: not enforced),
// so a test may dispatch with a router alone.
struct DispatchGuards {
    RateLimiter* rateLimiter = nullptr; // per client: the device, the address, the account
    int maxQueued = 0;             // > 0: 503 while more connections than this wait (see watch())
    Database* accessLog = nullptr; // refused attempts on personal routes are recorded here
};

inline constexpr int kBusyRetryAfterSeconds = 5;

// At most one log line per kind of refusal every few seconds, counting the ones not logged, so
// a flood of 429s or 503s does not flood the log too.
class LogThrottle {
public:
    // True when a line is due; suppressed is then how many were not logged since the last one.
    bool due(int& suppressed);

private:
    std::atomic<long long> m_lastMs{0};
    std::atomic<int> m_suppressed{0};
};
inline constexpr std::size_t kMaxParamBytes = 4096;

class DispatchFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    DispatchFactory(const Router& router, Listener listener, Authenticator& authenticator,
                    const DispatchGuards& guards = {})
        : m_router(router), m_listener(listener), m_authenticator(authenticator), m_guards(guards) {
    }
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

    // The server whose waiting connections DispatchGuards::maxQueued counts; set once it exists
    // (it owns this factory).
    void watch(const Poco::Net::TCPServer* server) { m_server = server; }

private:
    const Router& m_router;
    Listener m_listener;
    Authenticator& m_authenticator;
    DispatchGuards m_guards;
    std::atomic<const Poco::Net::TCPServer*> m_server{nullptr};
    LogThrottle m_busyLog;
    LogThrottle m_rateLog;
};

// The problem with a request parameter, or "" when it is acceptable: at most kMaxParamBytes,
// valid UTF-8, no control characters (NUL included).
std::string paramProblem(const std::string& value);

} // namespace indblik::server
