#include "handlers.h"

#include <algorithm>
#include <array>
#include <optional>
#include <sstream>
#include <variant>

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/URI.h>

#include "file_util.h"

namespace indblik::server {
namespace {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

Poco::Logger& httpLog() {
    return Poco::Logger::get("indblik.server.http");
}

void send(HTTPServerResponse& response, const Reply& reply) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    response.setContentType(reply.contentType);
    response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
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

class DispatchHandler : public Poco::Net::HTTPRequestHandler {
public:
    DispatchHandler(const Router& router, Listener listener, Authenticator& authenticator)
        : m_router(router), m_listener(listener), m_authenticator(authenticator) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        const std::string path = routeOf(request);
        guarded(path.c_str(), response, [&] { dispatch(path, request, response); });
    }

private:
    void dispatch(const std::string& path, HTTPServerRequest& request,
                  HTTPServerResponse& response) {
        auto match = m_router.match(m_listener, request.getMethod(), path);
        if (match.route == nullptr) {
            // An unread body would be taken for the next request: close instead.
            response.setKeepAlive(false);
            send(response,
                 errorReply(match.status, std::string(match.status == 405 ? "method not allowed"
                                                                          : "no such route") +
                                              ": " + request.getMethod() + " " + path));
            return;
        }
        const Route& route = *match.route;
        Request r;
        r.method = request.getMethod();
        r.path = path;
        r.params = std::move(match.captures);
        try {
            for (const auto& [key, value] : Poco::URI(request.getURI()).getQueryParameters()) {
                r.params.emplace(key, value);
            }
        } catch (const Poco::Exception& e) {
            response.setKeepAlive(false);
            send(response, errorReply(400, "malformed query: " + e.message()));
            return;
        }
        r.contentType = request.getContentType();
        r.clientAddress = request.clientAddress().host().toString();
        r.host = request.getHost();
        r.http = &request;
        if (m_listener == Listener::Agent) {
            // TLS already refused clients without a certificate from our CA; the certificate
            // says which device is calling.
            auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
            if (impl != nullptr) {
                Poco::Net::SecureStreamSocket socket(impl->socket());
                if (socket.havePeerCertificate()) {
                    std::ostringstream pem;
                    socket.peerCertificate().save(pem);
                    r.peerCertPem = pem.str();
                }
            }
        }
        const auto body = readBody(request, route.maxBody);
        if (!body) {
            response.setKeepAlive(false);
            send(response, tooLarge(route.maxBody));
            return;
        }
        r.body = *body;
        if (route.access != Access::Anyone) {
            auto who = m_authenticator.authenticate(r, route);
            if (auto* refusal = std::get_if<Reply>(&who)) {
                send(response, *refusal);
                return;
            }
            r.caller = std::get<Caller>(std::move(who));
        }
        send(response, route.handler(r));
    }

    const Router& m_router;
    Listener m_listener;
    Authenticator& m_authenticator;
};

} // namespace

Poco::Net::HTTPRequestHandler* DispatchFactory::createRequestHandler(const HTTPServerRequest&) {
    return new DispatchHandler(m_router, m_listener, m_authenticator);
}

} // namespace indblik::server
