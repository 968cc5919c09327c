#pragma once

// Retention: the server deletes its copies of collection events once they are older than the
// retention their declared policy states, and entries under no declared policy (undeclared
// observations, their activity, observations of declared systems) once older than a configured
// maximum (setting undeclared_max_days, default 730). Every deletion is a system action
// (system_actions: what, how many, which policy). An entry counts as old when either its own
// time or the time the server received it is before the cut-off, so a device clock set in the
// future cannot keep data longer.
//
// Deleting is idempotent: several server processes may run it at once; what one deleted the
// other simply does not find. The devices' chain heads (devices.chain_seq/chain_hash) are never
// touched, so the next batch still continues a verifiable chain.
//
// At ingest, EntryPolicies decides which policy each entry falls under (ledger_entries
// .policy_id): an observation's declared policy from its payload; a collection event's from the
// observation it belongs to (remembered per device in observation_policies).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "ledger.h"
#include "result.h"

namespace Poco::Data {
class Session;
}
namespace Poco::Util {
class Timer;
}

namespace indblik::server {

inline constexpr int kDefaultUndeclaredMaxDays = 730;
inline constexpr int kMinUndeclaredMaxDays = 30;
inline constexpr int kMaxUndeclaredMaxDays = 3650;

// The policy an entry falls under, inside the ingest transaction of one device's batch.
class EntryPolicies {
public:
    EntryPolicies(Poco::Data::Session& session, std::string deviceId)
        : m_session(session), m_deviceId(std::move(deviceId)) {}
    // The policy id, or "" for none. Remembers an observation's policy for its later events.
    std::string policyOf(const LedgerEntry& entry);

private:
    Poco::Data::Session& m_session;
    std::string m_deviceId;
    std::map<std::string, std::string> m_known; // observation key -> policy ("" none)
};

struct RetentionOptions {
    std::string now; // ISO-8601 UTC; empty: the clock
    bool dryRun = false;
    // The maximum for entries under no policy; 0: the setting undeclared_max_days.
    int undeclaredMaxDays = 0;
};

struct RetentionItem {
    std::string policyId; // "" for the entries under no declared policy
    int days = 0;         // the retention applied
    std::string before;   // the cut-off time
    std::int64_t count = 0;
};

struct RetentionReport {
    std::vector<RetentionItem> items; // one per policy with a retention, then the undeclared
    std::int64_t total = 0;
    bool dryRun = false;
};

// Deletes (or with dryRun only counts) what is past its retention and records a system action
// per policy that had anything deleted.
Result<RetentionReport> runRetention(Database& db, const RetentionOptions& options = {});

Result<int> undeclaredMaxDaysSetting(Database& db);
Status setUndeclaredMaxDays(Database& db, int days, const std::string& by);

// Runs retention in the server every hour (first a minute after start) on a Poco timer thread.
class RetentionScheduler {
public:
    explicit RetentionScheduler(Database& db);
    ~RetentionScheduler();
    RetentionScheduler(const RetentionScheduler&) = delete;
    RetentionScheduler& operator=(const RetentionScheduler&) = delete;
    void start(long firstDelayMs = 60 * 1000, long intervalMs = 60 * 60 * 1000);
    void stop();

private:
    Database& m_db;
    std::unique_ptr<Poco::Util::Timer> m_timer;
};

} // namespace indblik::server
