#pragma once

// What the routes do, apart from HTTP plumbing: each call takes the request body (and what TLS
// established about the caller) and returns the status and JSON to answer with. The handlers in
// handlers.h only read bodies, enforce size limits and write replies.

#include <cstddef>
#include <string>

#include "server_store.h"

namespace indblik::server {

inline constexpr std::size_t kMaxSyncBodyBytes = std::size_t(4) << 20;
inline constexpr std::size_t kMaxEnrollBodyBytes = std::size_t(64) << 10;
inline constexpr std::size_t kMaxBatchEntries = 10000;
inline constexpr std::size_t kMaxPayloadBytes = std::size_t(1) << 20;
inline constexpr int kClientCertValidDays = 397;

struct Reply {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
};

// {"error": message}
Reply errorReply(int status, const std::string& message);

class EnrollmentApi {
public:
    // agentPort is where enrolled devices sync; it goes into the answer's agent_url.
    EnrollmentApi(ServerStore& store, std::string caCertPem, std::string caKeyPem, int agentPort);

    // GET /api/v1/ca
    Reply caCertificate() const;
    // POST /api/v1/enroll. requestHost is the Host header the client used: it reached this
    // server under that name, so the agent URL uses it too.
    Reply enroll(const std::string& body, const std::string& requestHost);

private:
    ServerStore& m_store;
    std::string m_caCert;
    std::string m_caKey;
    int m_agentPort;
};

class SyncApi {
public:
    explicit SyncApi(ServerStore& store);

    // POST /api/v1/sync. peerCertPem is the client certificate TLS already verified against
    // the CA; the device is its common name, and its serial must be the one issued to that
    // device and not revoked.
    Reply sync(const std::string& peerCertPem, const std::string& body);

private:
    ServerStore& m_store;
};

// Parses {"entries": [...]}; throws json::ParseError naming the field.
std::vector<LedgerEntry> parseBatch(const std::string& body);

// "host" from a Host header value such as "host:8444" or "[::1]:8444"; empty when malformed.
std::string hostFromHeader(const std::string& hostHeader);

} // namespace indblik::server
