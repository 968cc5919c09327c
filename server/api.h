#pragma once

// What the routes do, apart from HTTP plumbing: each call takes the request body (and what TLS
// established about the caller) and returns the status and JSON to answer with. The handlers in
// handlers.h only read bodies, enforce size limits and write replies.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include <Poco/Timestamp.h>

#include "agent_input.h"
#include "router.h"
#include "server_store.h"

namespace indblik::server {

// The default client certificate lifetime, 397 days.
inline constexpr std::chrono::seconds kClientCertLifetime{std::int64_t{397} * 24 * 3600};

class EnrollmentApi {
public:
    // agentPort is where enrolled devices sync; it goes into the answer's agent_url. Client
    // certificates are issued for certLifetime.
    EnrollmentApi(ServerStore& store, std::string caCertPem, std::string caKeyPem, int agentPort,
                  std::chrono::seconds certLifetime = kClientCertLifetime);

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
    std::chrono::seconds m_certLifetime;
};

class SyncApi {
public:
    explicit SyncApi(ServerStore& store);

    // POST /api/v1/sync from the device DeviceAuthenticator let in (request.caller->deviceId).
    Reply sync(const Request& request);

private:
    ServerStore& m_store;
};

// Who an agent is: the client certificate TLS already verified against the CA names the
// device in its common name; its serial must be the device's current one (or, until that is
// first used, the one it renewed from: see renewal.h), and the device must not be revoked.
// Refusals are 403 with "reason" kReasonUnknownCertificate or kReasonRevoked. The caller is the
// device (role employee, no person yet: routes that answer for a person map the OS user the agent
// vouches for).
class DeviceAuthenticator {
public:
    explicit DeviceAuthenticator(ServerStore& store) : m_store(store) {}
    std::variant<Caller, Reply> authenticate(const Request& request);

private:
    ServerStore& m_store;
};

// The enrollment routes (public listener) and the sync route (agent listener).
void addEnrollmentRoutes(Router& router, EnrollmentApi& api);
void addSyncRoutes(Router& router, SyncApi& api);

} // namespace indblik::server
