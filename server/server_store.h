#pragma once

// Devices and their ledgers on the server: enrollment tokens, enrolled devices, the ledger
// entries each device sent, refused batches, and published policies. Portable SQL on the
// Database (SQLite or PostgreSQL); every write is one transaction, and nothing is cached in the
// process, so several server processes may share one PostgreSQL database.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checkpoint.h"
#include "database.h"
#include "ledger.h"
#include "pki.h"
#include "policy.h"
#include "result.h"

namespace indblik::server {

struct Device {
    std::string id;
    std::string hostname;
    std::string serial;        // of the device's current client certificate, lowercase hex
    std::string fingerprint;   // of that certificate
    std::string certExpiresAt; // its notAfter, ISO 8601 UTC; empty for devices enrolled before
    // The certificate the device renewed from, still accepted until the current one is first
    // used (the renewal's answer may have been lost); empty otherwise.
    std::string previousSerial;
    std::string renewedAt; // the last renewal; empty before the first
    std::string enrolledAt;
    std::string lastSeen; // empty until the first sync
    std::optional<std::string> revokedAt;
    // The device's clock minus the server's when it last synced (seconds); unknown before that.
    std::optional<std::int64_t> clockSkewSeconds;
    std::string clockCheckedAt;
};

// A device clock further off than this is reported, and its times are not used for retention.
inline constexpr std::int64_t kClockSkewToleranceSeconds = 300;

// Whether a measured offset is beyond the tolerance.
bool clockIsOff(const std::optional<std::int64_t>& skewSeconds);

struct StoredEntry {
    std::string deviceId;
    LedgerEntry entry;
    std::string receivedAt;
};

// Why a request was refused; the API layer maps it to an HTTP status.
enum class Refusal { None, BadRequest, Forbidden, Conflict, Internal };

struct EnrollOutcome {
    Refusal refusal = Refusal::None;
    std::string error;
    Device device;
    std::string certificatePem;
};

struct IngestOutcome {
    Refusal refusal = Refusal::None;
    std::string error;
    std::int64_t acked = 0;  // highest contiguous sequence stored for the device
    std::size_t stored = 0;  // entries new in this batch
    std::size_t skipped = 0; // duplicates of entries already stored
    // The highest checkpoint sequence the server keeps (or skipped as uncheckable) for the
    // device, and how many checkpoints this batch added.
    std::int64_t checkpointSeq = 0;
    std::size_t checkpointsStored = 0;
};

// Issues the client certificate for a new device id; runs inside the enrollment transaction.
using IssueCertificate = std::function<Result<pki::IssuedCertificate>(const std::string&)>;

class ServerStore {
public:
    explicit ServerStore(Database& db);
    ServerStore(const ServerStore&) = delete;
    ServerStore& operator=(const ServerStore&) = delete;

    // Returns a new single-use token (64 hex digits); only its SHA-256 is stored. A ttl of 0
    // makes a token that has already expired (for tests of the refusal). A token made for a
    // person ties the device enrolled with it to that person.
    Result<std::string> createEnrollmentToken(int ttlMinutes, const std::string& personId = {});

    struct TokenInfo {
        std::string id; // the first 12 hex digits of the token's SHA-256: names it in lists
        std::string createdAt;
        std::string expiresAt;
        std::string personId;
        std::string state; // "unused", "used by <device>", "expired", "revoked"
    };
    // Tokens newest first, with their state; the tokens themselves are not stored.
    Result<std::vector<TokenInfo>> enrollmentTokens();
    // Revokes an unused token named by itself or by its id (a prefix of at least 8 hex digits
    // of its SHA-256, as listed). A used or unknown token, or an ambiguous id, is an error.
    Result<TokenInfo> revokeEnrollmentToken(const std::string& tokenOrId);

    // Checks the token (known, not expired, not used), marks it used and records the device, all
    // in one transaction: of two concurrent uses of one token exactly one succeeds.
    EnrollOutcome enrollDevice(const std::string& token, const std::string& hostname,
                               const IssueCertificate& issue);

    Result<std::optional<Device>> findDevice(const std::string& deviceId);
    // The device's current certificate was used: the one it renewed from is no longer accepted.
    // Does nothing when serial is not the current one or there is no previous one.
    Status forgetPreviousSerial(const std::string& deviceId, const std::string& serial);
    Result<std::vector<Device>> devices();
    // Marks the device's certificate revoked from now on: its next sync is refused with 403. An
    // unknown device is an error; a device already revoked keeps its first revocation time.
    Result<Device> revokeDevice(const std::string& deviceId);
    // Keeps the offset between the device's clock and ours measured at a sync (device minus
    // server, seconds), and when it was measured.
    Status recordClock(const std::string& deviceId, std::int64_t skewSeconds,
                       const std::string& at);

    // Stores a batch that continues the device's chain; entries already stored are skipped when
    // identical and refuse the batch when not. A refused batch is recorded in rejected_batches.
    // The batch's checkpoints are verified against the entries (after storing them) and the
    // public key of peerCertPem, and kept: one that does not verify refuses the whole batch
    // (see integrity.h).
    IngestOutcome ingest(const std::string& deviceId, const std::vector<LedgerEntry>& entries,
                         const std::vector<Checkpoint>& checkpoints = {},
                         const std::string& peerCertPem = {});

    // All devices when deviceId is empty; ordered by device and sequence.
    Result<std::vector<StoredEntry>> entries(const std::string& deviceId);
    Result<std::int64_t> rejectedBatchCount(const std::string& deviceId);

    // Policies live in policy_versions: see policy_lifecycle.h.

    struct Health {
        std::int64_t devices = 0;
        std::int64_t revokedDevices = 0;
        std::int64_t entries = 0;
        // Batches refused because they did not continue a device's chain (rejected_batches).
        std::int64_t refusedBatches = 0;
        std::int64_t policies = 0; // in effect now
        std::string lastSync;      // the newest last_seen of any device; empty when none synced
        std::string integrity;     // "ok", or what SQLite's quick_check found
    };
    // Counts and SQLite's own consistency check, for `admin health`.
    Result<Health> health();

    Database& database() { return m_db; }

private:
    void recordRejected(const std::string& deviceId, const std::vector<LedgerEntry>& entries,
                        const std::string& reason);

    Database& m_db;
};

} // namespace indblik::server
