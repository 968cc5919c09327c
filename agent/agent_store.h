#pragma once

// The agent's state on disk, all in one SQLite file: the hash-chained ledger of what changed,
// and beside it the current observations, the cached declared policies and the sync position.
// A change to the current observations and its ledger entries commit in one transaction, so a
// crash can never leave one without the other.

#include <cstdint>
#include <memory>
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
// Version 2 adds activity_state. Version 3 adds checkpoints (signed chain heads).
inline constexpr int kAgentSchemaVersion = 3;

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

struct SyncState {
    std::int64_t sentUpTo = 0; // the server acknowledged every entry up to here
    std::optional<std::string> lastSuccess;
    std::optional<std::string> lastError;
    std::optional<std::string> discoveredAt;
    // This device's clock minus the server's at the last sync that told (seconds).
    std::optional<std::int64_t> clockSkewSeconds;
};

class AgentStore {
public:
    static Result<std::unique_ptr<AgentStore>> open(const std::string& path);

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

    Ledger& ledger() { return *m_ledger; }

private:
    explicit AgentStore(std::unique_ptr<Ledger> ledger) : m_ledger(std::move(ledger)) {}
    std::optional<std::string> state(const std::string& key);
    Status setState(const std::string& key, const std::optional<std::string>& value);

    std::unique_ptr<Ledger> m_ledger;
};

} // namespace indblik::agent
