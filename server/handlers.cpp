#include "handlers.h"

#include <algorithm>
#include <array>
#include <optional>
#include <sstream>

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

constexpr const char* kCaPath = "/api/v1/ca";
constexpr const char* kEnrollPath = "/api/v1/enroll";
constexpr const char* kSyncPath = "/api/v1/sync";

Poco::Logger& httpLog() {
    return Poco::Logger::get("indblik.server.http");
}

void send(HTTPServerResponse& response, const Reply& reply) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    response.setContentType(reply.contentType);
    response.set("Cache-Control", "no-store");
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

} // namespace

ErrorHandler::ErrorHandler(int status, std::string message)
    : m_status(status), m_message(std::move(message)) {}

void ErrorHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) {
    guarded("error", response, [&] {
        // Unread bodies would be taken for the next request: close instead.
        response.setKeepAlive(false);
        send(response,
             errorReply(m_status, m_message + ": " + request.getMethod() + " " + routeOf(request)));
    });
}

void CaCertificateHandler::handleRequest(HTTPServerRequest&, HTTPServerResponse& response) {
    guarded(kCaPath, response, [&] { send(response, m_api.caCertificate()); });
}

void EnrollHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) {
    guarded(kEnrollPath, response, [&] {
        const auto body = readBody(request, kMaxEnrollBodyBytes);
        if (!body) {
            response.setKeepAlive(false);
            send(response, tooLarge(kMaxEnrollBodyBytes));
            return;
        }
        send(response, m_api.enroll(*body, request.getHost()));
    });
}

void SyncHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) {
    guarded(kSyncPath, response, [&] {
        // TLS already refused clients without a certificate from our CA; here the certificate
        // is read to learn which device is calling.
        auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
        if (impl == nullptr) {
            send(response, errorReply(500, "not a server request"));
            return;
        }
        Poco::Net::SecureStreamSocket socket(impl->socket());
        if (!socket.havePeerCertificate()) {
            response.setKeepAlive(false);
            send(response, errorReply(403, "a client certificate is required"));
            return;
        }
        std::ostringstream pem;
        socket.peerCertificate().save(pem);

        const auto body = readBody(request, kMaxSyncBodyBytes);
        if (!body) {
            response.setKeepAlive(false);
            send(response, tooLarge(kMaxSyncBodyBytes));
            return;
        }
        send(response, m_api.sync(pem.str(), *body));
    });
}

Poco::Net::HTTPRequestHandler*
EnrollRequestHandlerFactory::createRequestHandler(const HTTPServerRequest& request) {
    const std::string path = routeOf(request);
    const std::string& method = request.getMethod();
    if (path == kCaPath) {
        if (method == HTTPRequest::HTTP_GET) {
            return new CaCertificateHandler(m_api);
        }
        return new ErrorHandler(405, "method not allowed");
    }
    if (path == kEnrollPath) {
        if (method == HTTPRequest::HTTP_POST) {
            return new EnrollHandler(m_api);
        }
        return new ErrorHandler(405, "method not allowed");
    }
    return new ErrorHandler(404, "no such route on the enrollment port");
}

Poco::Net::HTTPRequestHandler*
AgentRequestHandlerFactory::createRequestHandler(const HTTPServerRequest& request) {
    const std::string path = routeOf(request);
    if (path == kSyncPath) {
        if (request.getMethod() == HTTPRequest::HTTP_POST) {
            return new SyncHandler(m_api);
        }
        return new ErrorHandler(405, "method not allowed");
    }
    return new ErrorHandler(404, "no such route on the agent port");
}

} // namespace indblik::server
