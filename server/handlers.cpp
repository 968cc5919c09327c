#include "handlers.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <sstream>
#include <variant>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/URI.h>

#include "access_log.h"
#include "database.h"
#include "file_util.h"
#include "server_limits.h"

namespace indblik::server {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

Poco::Logger& httpLog() {
    return Poco::Logger::get("indblik.server.http");
}

void send(HTTPServerResponse& response, const Reply& reply) {
    // With its reason phrase ("403 Forbidden", not Poco's default "403 OK").
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    response.setContentType(reply.contentType);
    response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    // Not "no-referrer": under it a browser sends "Origin: null" on its own form POSTs (Fetch,
    // "serializing a request origin"), and the sign-in and every form would be refused as
    // foreign. "same-origin" still sends no address of ours to any other site.
    response.set("Referrer-Policy", "same-origin");
    response.set("Strict-Transport-Security", "max-age=31536000");
    if (reply.contentType.rfind("text/html", 0) == 0) {
        // Pages carry no inline script and are never framed.
        response.set("Content-Security-Policy",
                     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                     "data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        response.set("X-Frame-Options", "DENY");
    }
    for (const auto& [name, value] : reply.headers) {
        response.add(name, value);
    }
    response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
    response.sendBuffer(reply.body.data(), reply.body.size());
}

// A body larger than this is not even read before the 413: the connection is just closed.
constexpr std::size_t kMaxDrainBytes = std::size_t(16) << 20;

// Reads and drops up to maxBytes, so the client, still sending, gets to read our answer instead
// of a connection reset.
void discard(std::istream& in, std::size_t maxBytes) {
    std::array<char, 16 * 1024> buffer{};
    std::size_t dropped = 0;
    while (in && dropped < maxBytes) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        dropped += static_cast<std::size_t>(in.gcount());
        if (in.gcount() == 0) {
            break;
        }
    }
}

// The body, or nullopt when it is larger than limit (checked against Content-Length first, and
// while reading for a chunked body).
std::optional<std::string> readBody(HTTPServerRequest& request, std::size_t limit) {
    std::istream& in = request.stream();
    if (request.hasContentLength() &&
        request.getContentLength64() > static_cast<Poco::Int64>(limit)) {
        if (request.getContentLength64() <= static_cast<Poco::Int64>(kMaxDrainBytes)) {
            discard(in, kMaxDrainBytes);
        }
        return std::nullopt;
    }
    auto body = readBounded(in, limit);
    if (!body) {
        discard(in, kMaxDrainBytes - limit);
    }
    return body;
}

Reply tooLarge(std::size_t limit) {
    return errorReply(413,
                      "request body larger than the limit of " + std::to_string(limit) + " bytes");
}

// Every handler runs its work through this: an exception from Poco ends here, logged, and the
// client gets a 500 if nothing was sent yet.
template <typename Work>
void guarded(const char* route, HTTPServerResponse& response, Work&& work) {
    try {
        work();
    } catch (const Poco::Exception& e) {
        httpLog().error("%s: %s", std::string(route), e.displayText());
        if (!response.sent()) {
            send(response, errorReply(500, "internal error"));
        }
    } catch (const std::exception& e) {
        httpLog().error("%s: %s", std::string(route), std::string(e.what()));
        if (!response.sent()) {
            send(response, errorReply(500, "internal error"));
        }
    }
}

std::string routeOf(const HTTPServerRequest& request) {
    try {
        return Poco::URI(request.getURI()).getPath();
    } catch (const Poco::Exception&) {
        return {};
    }
}

// Drops a small body the client is still sending, so closing the connection after an early
// answer (429, 503) does not reset it before the client has read the answer; a large one is not
// worth the time of a busy server.
void drainSmallBody(HTTPServerRequest& request) {
    constexpr std::size_t kSmall = std::size_t(64) << 10;
    if (request.hasContentLength()) {
        if (request.getContentLength64() > 0 &&
            request.getContentLength64() <= static_cast<Poco::Int64>(kSmall)) {
            discard(request.stream(), kSmall);
        }
    } else if (request.getChunkedTransferEncoding()) {
        discard(request.stream(), kSmall);
    }
}

Reply retryLater(int status, int seconds, const std::string& message) {
    Reply reply = errorReply(status, message);
    reply.headers.emplace_back("Retry-After", std::to_string(seconds));
    return reply;
}

bool validUtf8(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        unsigned min = 0;
        unsigned code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, code = c & 0x07;
        } else {
            return false;
        }
        if (text.size() - i <= extra) {
            return false;
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return false;
            }
            code = (code << 6) | (next & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += extra + 1;
    }
    return true;
}

class DispatchHandler : public Poco::Net::HTTPRequestHandler {
public:
    DispatchHandler(const Router& router, Listener listener, Authenticator& authenticator,
                    const DispatchGuards& guards, const Poco::Net::TCPServer* server,
                    LogThrottle& busyLog, LogThrottle& rateLog)
        : m_router(router), m_listener(listener), m_authenticator(authenticator), m_guards(guards),
          m_server(server), m_busyLog(busyLog), m_rateLog(rateLog) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        const std::string path = routeOf(request);
        guarded(path.c_str(), response, [&] { dispatch(path, request, response); });
    }

private:
    // Answers before the body is read, then closes the connection (an unread body would be
    // taken for the next request).
    static void refuseEarly(HTTPServerRequest& request, HTTPServerResponse& response,
                            const Reply& reply) {
        response.setKeepAlive(false);
        drainSmallBody(request);
        send(response, reply);
    }

    void dispatch(const std::string& path, HTTPServerRequest& request,
                  HTTPServerResponse& response) {
        const auto started = std::chrono::steady_clock::now();
        if (m_server != nullptr && m_guards.maxQueued > 0) {
            // Connections wait behind this one: answer them quickly rather than let Poco drop
            // them, and give this thread back after this request instead of keeping it for an
            // idle keep-alive connection.
            const int waiting = m_server->queuedConnections();
            if (waiting > m_guards.maxQueued) {
                if (int more = 0; m_busyLog.due(more)) {
                    httpLog().warning("busy: %d connections wait for a thread; answered 503 (and "
                                      "%d times more since the last message)",
                                      waiting, more);
                }
                refuseEarly(request, response,
                            retryLater(503, kBusyRetryAfterSeconds,
                                       "the server is busy; try again in " +
                                           std::to_string(kBusyRetryAfterSeconds) + " seconds"));
                return;
            }
            if (waiting > 0) {
                response.setKeepAlive(false);
            }
        }
        Request r;
        r.clientAddress = request.clientAddress().host().toString();
        // The client the rate limit counts: a device by its certificate (read from the TLS
        // session, before anything of the request is parsed), else the peer's address.
        std::string client = addressKey(r.clientAddress);
        if (m_listener == Listener::Agent) {
            // TLS already refused clients without a certificate from our CA; the certificate
            // says which device is calling.
            auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
            if (impl != nullptr) {
                Poco::Net::SecureStreamSocket socket(impl->socket());
                if (socket.havePeerCertificate()) {
                    const Poco::Net::X509Certificate peer = socket.peerCertificate();
                    std::ostringstream pem;
                    peer.save(pem);
                    r.peerCertPem = pem.str();
                    client = "device:" + peer.commonName();
                }
            }
        }
        if (!allowed(client, request, response)) {
            return;
        }

        auto match = m_router.match(m_listener, request.getMethod(), path);
        if (match.route == nullptr) {
            // An unread body would be taken for the next request: close instead.
            refuseEarly(
                request, response,
                errorReply(match.status, std::string(match.status == 405 ? "method not allowed"
                                                                         : "no such route") +
                                             ": " + request.getMethod() + " " + path));
            return;
        }
        const Route& route = *match.route;
        r.method = request.getMethod();
        r.path = path;
        r.params = std::move(match.captures);
        try {
            for (const auto& [key, value] : Poco::URI(request.getURI()).getQueryParameters()) {
                r.params.emplace(key, value);
            }
        } catch (const Poco::Exception& e) {
            refuseEarly(request, response, errorReply(400, "malformed query: " + e.message()));
            return;
        }
        // Checked here once for every route, so no handler passes a NUL, a control character
        // or invalid UTF-8 on to the database (PostgreSQL refuses them with an error) or a page.
        for (const auto& [name, value] : r.params) {
            std::string problem = paramProblem(name);
            const std::string what =
                problem.empty() ? "parameter \"" + name + "\"" : std::string("a parameter's name");
            if (problem.empty()) {
                problem = paramProblem(value);
            }
            if (!problem.empty()) {
                refuseEarly(request, response, errorReply(400, what + ": " + problem));
                return;
            }
        }
        r.contentType = request.getContentType();
        r.host = request.getHost();
        r.http = &request;
        const auto body = readBody(request, route.maxBody);
        if (!body) {
            response.setKeepAlive(false);
            send(response, tooLarge(route.maxBody));
            return;
        }
        r.body = *body;
        if (route.access != Access::Anyone) {
            // The Authenticator says who is calling; the route's roles are checked here, so a
            // refused attempt on a personal route is logged with who made it. (It is given the
            // route without its roles for that reason.)
            Route anyRole;
            const Route* asked = &route;
            if (route.access == Access::Session && !route.roles.empty()) {
                anyRole = route;
                anyRole.roles.clear();
                asked = &anyRole;
            }
            auto who = m_authenticator.authenticate(r, *asked);
            if (auto* refusal = std::get_if<Reply>(&who)) {
                send(response, *refusal);
                return;
            }
            r.caller = std::get<Caller>(std::move(who));
            if (route.access == Access::Session &&
                !allowed("account:" + r.caller->actorId, request, response)) {
                return;
            }
            if (!route.roles.empty() && std::find(route.roles.begin(), route.roles.end(),
                                                  r.caller->role) == route.roles.end()) {
                if (route.personal) {
                    logRefusal(route, r);
                }
                send(response,
                     errorReply(403, "the role " + std::string(roleName(r.caller->role)) +
                                         " may not use " + route.method + " " + route.pattern));
                return;
            }
        }
        Reply reply = route.handler(r);
        if (reply.ratePenalty > 0 && m_guards.rateLimiter != nullptr) {
            m_guards.rateLimiter->charge(client, reply.ratePenalty);
        }
        // The server's own time for the answer (W3C Server-Timing), so a client can tell it
        // from the network's and the TLS handshake's.
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - started;
        char timing[48];
        std::snprintf(timing, sizeof timing, "app;dur=%.1f", took.count());
        reply.headers.emplace_back("Server-Timing", timing);
        send(response, reply);
    }

    // Takes a request from client's rate; answers 429 and returns false when it is over.
    bool allowed(const std::string& client, HTTPServerRequest& request,
                 HTTPServerResponse& response) {
        if (m_guards.rateLimiter == nullptr) {
            return true;
        }
        const int wait = m_guards.rateLimiter->take(client);
        if (wait == 0) {
            return true;
        }
        if (int more = 0; m_rateLog.due(more)) {
            httpLog().notice("%s over its rate limit: answered 429 (and %d times more to any "
                             "client since the last message)",
                             client, more);
        }
        refuseEarly(request, response,
                    retryLater(429, wait,
                               "too many requests; try again in " + std::to_string(wait) +
                                   " second" + (wait == 1 ? "" : "s")));
        return false;
    }

    // A signed-in caller whose role may not use a personal route tried to read {person}'s data:
    // the person sees the attempt (when there is such a person; made-up ids are not logged).
    void logRefusal(const Route& route, const Request& r) {
        const std::string person = r.param("person");
        if (m_guards.accessLog == nullptr || person.empty()) {
            return;
        }
        const std::string what = route.method + " " + route.pattern;
        const std::string why =
            "refused: the role " + std::string(roleName(r.caller->role)) + " may not use it";
        auto status =
            m_guards.accessLog->write("record a refused attempt", [&](Poco::Data::Session& s) {
                Poco::Int64 known = 0;
                s << "SELECT COUNT(*) FROM people WHERE person_id = $1",
                    Poco::Data::Keywords::into(known), Poco::Data::Keywords::useRef(person),
                    Poco::Data::Keywords::now;
                if (known == 0) {
                    return false;
                }
                AccessLog::recordIn(s, person, *r.caller, what, why, kAccessRefused);
                return true;
            });
        if (!status) {
            httpLog().error(status.error());
        }
    }

    const Router& m_router;
    Listener m_listener;
    Authenticator& m_authenticator;
    const DispatchGuards& m_guards;
    const Poco::Net::TCPServer* m_server;
    LogThrottle& m_busyLog;
    LogThrottle& m_rateLog;
};

} // namespace

Poco::Net::HTTPRequestHandler* DispatchFactory::createRequestHandler(const HTTPServerRequest&) {
    return new DispatchHandler(m_router, m_listener, m_authenticator, m_guards, m_server.load(),
                               m_busyLog, m_rateLog);
}

bool LogThrottle::due(int& suppressed) {
    constexpr long long kIntervalMs = 10000;
    const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count();
    long long last = m_lastMs.load();
    if (last != 0 && now - last < kIntervalMs) {
        ++m_suppressed;
        return false;
    }
    if (!m_lastMs.compare_exchange_strong(last, now)) {
        ++m_suppressed; // another thread logs this one
        return false;
    }
    suppressed = m_suppressed.exchange(0);
    return true;
}

std::string paramProblem(const std::string& value) {
    if (value.size() > kMaxParamBytes) {
        return "longer than " + std::to_string(kMaxParamBytes) + " bytes";
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c < 0x20 || c == 0x7F) {
            return "control character at byte " + std::to_string(i);
        }
    }
    if (!validUtf8(value)) {
        return "not valid UTF-8";
    }
    return {};
}

} // namespace indblik::server
