#pragma once

// The agent's state on disk, all in one SQLite file: the hash-chained ledger of what changed,
// and beside it the current observations, the cached declared policies and the sync position.
// A change to the current observations and its ledger entries commit in one transaction, so a
// crash can never leave one without the other.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "activity.h"
#include "checkpoint.h"
#include "ledger.h"
#include "observation.h"
#include "policy.h"
#include "result.h"

namespace indblik::agent {

// The agent's own tables, versioned under the meta key "agent_schema_version" beside the
// ledger's "schema_version". Version 1 (no record): observations, policies, agent_state.
// Version 2 adds activity_state. Version 3 adds checkpoints (signed chain heads). Version 4 adds
// the disk quota: the ledger may be pruned from the front (meta base_seq/base_hash), which an
// older agent would not understand, and agent_state "quota_dropped" holds what could not be
// recorded.
inline constexpr int kAgentSchemaVersion = 4;

// When the agent signs a checkpoint: after this many new entries, or when the last one is this
// old and entries were added since, whichever comes first (the first one right after enrollment).
struct CheckpointPolicy {
    std::int64_t everyEntries = 1000;
    int everyMinutes = 60;
};

struct CheckpointState {
    std::int64_t kept = 0;                    // checkpoints signed and kept here
    std::int64_t lastSeq = 0;                 // the newest one's sequence (0: none)
    std::int64_t confirmedSeq = 0;            // the server kept every checkpoint up to here
    std::optional<std::string> confirmedTime; // the time the newest confirmed one was signed
};

inline constexpr std::int64_t kDefaultLedgerQuotaBytes = std::int64_t{100} << 20;
// The kind of the entry that says what could not be recorded while there was no room.
inline constexpr const char* kGapKind = "ledger.gap";

// What could not be recorded since the ledger last had room, and why. Kept in agent_state in
// the same transaction as the decision to drop, so a restart does not forget it; written to the
// ledger as one ledger.gap entry as soon as there is room again.
struct DroppedRecords {
    std::map<std::string, std::int64_t> byKind; // entry kind -> how many
    std::string from;                           // the first dropped, ISO 8601 UTC
    std::string to;                             // the last dropped
    std::string cause;                          // "quota" or "disk"
    std::string reason;                         // in words, for the gap entry
    std::string discoveryDigest; // the last dropped discovery's result, so a repeat counts once

    bool empty() const { return byKind.empty(); }
    std::int64_t total() const;
    // The ledger.gap entry's payload.
    std::string gapPayload(std::int64_t quotaBytes) const;
};

struct QuotaState {
    std::int64_t quotaBytes = 0;
    std::int64_t usedBytes = 0;
    // New records are being dropped (counted): unsent entries fill the quota, or the disk
    // refused the last write.
    bool paused = false;
    std::string diskError; // the last failed write's error, until a write succeeds again
    DroppedRecords dropped;
};

struct SyncState {
    std::int64_t sentUpTo = 0; // the server acknowledged every entry up to here
    std::optional<std::string> lastSuccess;
    std::optional<std::string> lastError;
    std::optional<std::string> discoveredAt;
    // This device's clock minus the server's at the last sync that told (seconds).
    std::optional<std::int64_t> clockSkewSeconds;
};

// Syncing stopped because the server refused this device for good (its certificate was revoked):
// the agent records locally but no longer calls the server, until it is enrolled again (as
// another device id).
struct SyncStop {
    std::string reason;   // the server's reason, e.g. "revoked"
    std::string since;    // ISO 8601 UTC
    std::string deviceId; // the identity that was refused
};

class AgentStore {
public:
    // quotaBytes bounds the file's content: acknowledged entries are pruned to make room, and
    // when unsent entries alone fill it, new records are counted as dropped instead.
    static Result<std::unique_ptr<AgentStore>>
    open(const std::string& path, std::int64_t quotaBytes = kDefaultLedgerQuotaBytes);

    // Compares with the current observations and appends one entry per change
    // (observation.added / observation.changed / observation.removed). Returns the number of
    // entries appended; 0 when nothing changed (no ledger row is written then).
    Result<int> recordDiscovery(const std::vector<Observation>& observations);
    std::vector<Observation> currentObservations();

    // Replaces the cached policies only when every one of them parses; otherwise keeps the last
    // good set and returns the error.
    Status replacePolicies(const std::vector<std::string>& documents, std::string_view origin);
    std::vector<Policy> policies();

    // The activity sampler's state (empty before the first sample, or when the stored one does
    // not parse).
    ActivityState activityState();
    // Saves the sampler's state and appends one "activity" entry per closed interval, in one
    // transaction: a crash cannot count an interval twice or lose it. Returns the entries added.
    Result<int> recordActivity(const ActivityState& state,
                               const std::vector<ActivityInterval>& closed);

    SyncState syncState();
    // The server has stored every entry up to acked.
    Status recordAck(std::int64_t acked);
    // A whole sync round went through: records the ack and the time.
    Status recordSyncSuccess(std::int64_t acked);
    Status recordSyncError(const std::string& error);
    Status recordClockSkew(std::int64_t skewSeconds);
    std::optional<SyncStop> syncStopped();
    Status recordSyncStopped(const SyncStop& stop);
    Status clearSyncStopped();

    // Signs and keeps a checkpoint of the committed ledger's head when one is due (see
    // CheckpointPolicy; signedAt is now, ISO 8601 UTC as nowIso8601() writes it). Returns it, or
    // nothing when none is due.
    Result<std::optional<Checkpoint>> makeCheckpointIfDue(const std::string& deviceId,
                                                          const std::string& privateKeyPem,
                                                          const CheckpointPolicy& policy,
                                                          const std::string& signedAt);
    // Kept checkpoints the server has not confirmed, up to entry upToSeq, oldest first.
    std::vector<Checkpoint> checkpointsToSend(std::int64_t upToSeq, std::size_t maxCount);
    // The server keeps every checkpoint up to seq (its answer is the truth, as with acks).
    Status recordCheckpointsConfirmed(std::int64_t seq);
    CheckpointState checkpointState();
    // Each kept checkpoint against the ledger: its head must be the hash of the entry at its
    // sequence, and its signature must verify with the key it was signed with. A ledger rewritten
    // with recomputed hashes passes the chain check but fails here. (Whoever holds the device key
    // could also re-sign these; the server's copies are what make that visible.)
    // Each is checked with the device id and public key it was signed with.
    Ledger::Verification verifyCheckpoints();

    // Prunes acknowledged entries when the ledger is near its quota, and appends the pending
    // ledger.gap entry once there is room for it. Returns whether a gap entry was appended.
    Result<bool> settle();
    QuotaState quotaState();

    Ledger& ledger() { return *m_ledger; }

private:
    AgentStore(std::unique_ptr<Ledger> ledger, std::int64_t quotaBytes, DroppedRecords dropped)
        : m_ledger(std::move(ledger)), m_quotaBytes(quotaBytes), m_dropped(std::move(dropped)) {}
    // Appends entries (after the pending gap entry, if any) when the quota leaves room;
    // otherwise counts them as dropped. whenAppended runs in the appending transaction only
    // (the observations table: a dropped change is recorded as the net change later); always
    // runs in whichever transaction commits (the activity sampler's state). Returns the number
    // of entries appended (0 when dropped).
    Result<int> appendWithinQuota(const std::vector<NewEntry>& entries,
                                  const std::function<void(Poco::Data::Session&)>& whenAppended,
                                  const std::function<void(Poco::Data::Session&)>& always,
                                  const std::string& discoveryDigest = {});
    // Prunes acknowledged entries, oldest first, until `need` more bytes fit (pruning down to
    // three quarters of the quota, so it does not run for every append). Returns whether they
    // fit.
    Result<bool> makeRoom(std::int64_t need);
    std::string quotaReason() const;
    std::optional<std::string> state(const std::string& key);
    Status setState(const std::string& key, const std::optional<std::string>& value);

    std::unique_ptr<Ledger> m_ledger;
    std::int64_t m_quotaBytes;
    std::mutex m_quotaMutex; // guards m_dropped and m_diskError (the local API reads them)
    DroppedRecords m_dropped;
    std::string m_diskError;
};

} // namespace indblik::agent
