#pragma once

// The agent's side of talking to the server: enrollment (a one-time token exchanged for a
// client certificate, with the server's CA pinned by its fingerprint) and sync (ledger batches
// sent over mutual TLS; the server acknowledges the highest contiguous sequence it stored and
// sends back the declared policies).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checkpoint.h"
#include "ledger.h"
#include "result.h"

namespace indblik::agent {

// Files kept in the identity directory (the directory is 0700, secrets 0600):
//   agent.key    the device's private key, made on this device, never sent
//   agent.crt    the client certificate the server signed at enrollment
//   ca.crt       the server's CA certificate, pinned by fingerprint at enrollment
//   server.json  {"url": ..., "device_id": ..., "ca_fingerprint": ...}
// The device's private key file in an identity directory (to sign checkpoints).
std::string privateKeyPath(const std::string& identityDir);

struct EnrollRequest {
    std::string serverUrl;     // the server's enrollment address, e.g. https://host:8444
    std::string token;         // single-use, expiring token from `indblik-server admin`
    std::string caFingerprint; // SHA-256 of the server CA certificate (DER), hex
    std::string hostname;      // this device's name, shown to administrators
    std::string identityDir;
};

// Why an enrollment failed, for the agent's status (the message says it in full).
enum class EnrollProblem {
    None,
    Unreachable, // no answer from the server (not listening, timed out, TLS failed)
    WrongCa,     // the server's CA is not the pinned fingerprint: nothing was sent to it
    Refused,     // the server refused the token (unknown, used, expired, revoked)
    Other,       // bad settings, an unusable answer, a local file problem
};

Status enroll(const EnrollRequest& request, EnrollProblem* problem = nullptr);
bool isEnrolled(const std::string& identityDir);

struct SyncResult {
    std::int64_t acked = 0; // highest contiguous sequence the server has stored
    // The highest signed checkpoint the server keeps for this device; empty from a server that
    // does not know checkpoints.
    std::optional<std::int64_t> checkpointSeq;
    std::vector<std::string> policies; // declared policies, each a policy v1 JSON document
    // This device's clock minus the server's, from the answer's server_time (older servers do
    // not send one).
    std::optional<std::int64_t> clockSkewSeconds;
};

// An answer from one of the server's employee routes, passed on as it came.
struct ServerAnswer {
    int status = 0;
    std::string body;
    std::string contentType;
};

class SyncClient {
public:
    // Loads the identity and prepares a TLS 1.2+ context with the client certificate and
    // strict verification of the server against the pinned CA.
    static Result<std::unique_ptr<SyncClient>> create(const std::string& identityDir);
    virtual ~SyncClient() = default;

    // Sends one batch (possibly empty: then it only fetches policies and the server's ack), with
    // signed checkpoints of entries the server holds or that are in the batch.
    virtual Result<SyncResult> sync(const std::vector<LedgerEntry>& entries,
                                    const std::vector<Checkpoint>& checkpoints) = 0;
    Result<SyncResult> sync(const std::vector<LedgerEntry>& entries) { return sync(entries, {}); }
    // One request to the agent listener with this device's certificate: the routes through
    // which the employee on this computer reads their own data (pathAndQuery starts with "/").
    // The answer's body is bounded (16 MiB); any HTTP status is returned, not an error.
    virtual Result<ServerAnswer> call(const std::string& method, const std::string& pathAndQuery,
                                      const std::string& body) = 0;
    virtual const std::string& deviceId() const = 0;
    virtual const std::string& serverUrl() const = 0;
    // After a sync the server refused with 429 or 503: the seconds its Retry-After asked for
    // (delta-seconds form); otherwise nullopt.
    virtual std::optional<int> retryAfterSeconds() const { return std::nullopt; }
    // After a sync the server refused with 403: the answer's "reason" ("revoked": the device's
    // certificate was withdrawn; "unknown_certificate"), or "" when it gave none.
    virtual std::string refusalReason() const { return {}; }
};

} // namespace indblik::agent
