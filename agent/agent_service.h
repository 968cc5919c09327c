#pragma once

// The running agent: discovers on a schedule, appends changes to the ledger, syncs with the
// server when enrolled, and answers the tray over the local API. Owns one worker thread,
// started by start(), never by the constructor.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <Poco/JSON/Object.h>

#include "activity.h"
#include "agent_config.h"
#include "agent_store.h"
#include "catalog.h"
#include "config_watcher.h"
#include "detectors/detector.h"
#include "local_api.h"
#include "local_request.h"
#include "sync_client.h"

namespace indblik::agent {

class AgentService {
public:
    static Result<std::unique_ptr<AgentService>> create(const AgentConfig& config);
    ~AgentService();

    Status start();
    void stop();

    // One discovery (and, when enrolled, one sync). Public for tests and `run --once`.
    void runCycle();
    std::string handleLocalRequest(const PeerCredentials& peer, const std::string& request);
    // Grows whenever a discovery or activity sample changed the ledger. Starts at the time the
    // agent started (milliseconds since 1970), so a restarted agent never repeats an old value.
    std::int64_t generation();

    // At most this many clients wait in {"op":"wait"} at once (the local API has 16 threads).
    static constexpr int kMaxWaiters = 8;
    static constexpr int kMaxWaitMilliseconds = 60'000;
    // A clock further off the server's than this is reported (the server uses the same bound).
    static constexpr std::int64_t kClockSkewWarnSeconds = 300;
    // Each batch sent to the server is bounded in count and bytes (the server's limit is 4 MiB a
    // request). Public for the fault tests, which check that only whole batches are stored.
    static constexpr std::size_t kBatchCount = 2000;
    static constexpr std::size_t kBatchBytes = 3 << 20;
    // The server's 403 reason that stops syncing.
    static constexpr const char* kRefusedRevoked = "revoked";

private:
    AgentService(AgentConfig config, std::unique_ptr<AgentStore> store, Catalog catalog);
    void discoverOnce();
    Status syncOnce();
    // Whether syncing stopped for good (see SyncStop); clears a stop of an earlier identity.
    bool syncStopped();
    // Records that the server refuses this device (reason "revoked"), so no sync calls follow.
    void stopSyncing(const std::string& reason, const std::string& error);
    // Renews the client certificate when little of its lifetime is left (renewal.h).
    void renewIfDue();
    // Bumps the generation so a waiting tray asks again.
    void noteChangeForTray();
    // Signs a checkpoint of the ledger when one is due (enrolled only: it needs the device key).
    void makeCheckpoint();
    // Sends every unsent ledger entry in bounded batches; returns the server's policies.
    Result<std::vector<std::string>> sendPending();
    // Keeps the offset the server's answer showed, and logs when the clock goes too far off.
    void noteClockSkew(std::int64_t skew);
    void loop();
    // Not enrolled: enrolls with the settings read again from the configuration (so IT can fix
    // them without a restart). Success when enrolled now or when nothing is configured; an error
    // (retried with the sync backoff) when the attempt failed.
    Status enrollOnce();
    // The enrollment settings as they are now; the last good ones when a file has a bad line.
    EnrollmentSettings readEnrollmentSettings();
    // After a failed attempt: whether the settings (or the token file's content) changed since,
    // so the next attempt need not wait out the backoff.
    bool enrollmentSettingsChanged();
    std::string waitForChange(const LocalRequest& request);
    // {"op":"server","what":...}: the employee's own data, exports and requests, fetched from
    // the server with this device's certificate for the OS user the socket says is asking.
    std::string askServer(const PeerCredentials& peer, const LocalRequest& request);

    AgentConfig m_config;
    std::unique_ptr<AgentStore> m_store;
    Catalog m_catalog; // the last catalog that loaded completely
    std::unique_ptr<SyncClient> m_sync;
    std::unique_ptr<LocalApiServer> m_api;
    // The chain is verified once per discovery cycle, not per tray request: a full check grows
    // with the ledger. Guarded by m_mutex.
    Ledger::Verification m_verification;
    std::vector<DetectorProblem> m_problems; // from the last discovery; guarded by m_mutex
    // Owned by whoever runs discovery (start(), then the worker).
    ActivityState m_activity;
    // The open (active = true) or last closed interval per observation key; guarded by m_mutex.
    std::map<std::string, std::pair<ActivityInterval, bool>> m_recentActivity;
    std::unique_ptr<ConfigWatcher> m_watcher;
    // Unattended enrollment (worker thread only): the settings of the last failed attempt, with
    // the token it used (never logged), and the last settings error reported.
    EnrollmentSettings m_enrollSettings;
    std::string m_failedEnrollKey;
    std::string m_settingsError;
    // What the overview says about enrollment while not enrolled; guarded by m_mutex.
    struct EnrollmentStatus {
        // "" before the first look at the settings, then not_configured, incomplete,
        // unreachable, refused (the token), wrong_ca (the fingerprint), failed (anything else)
        // or enrolled
        std::string state;
        std::string server;
        std::string error;
        std::string settingsError;
        std::string lastAttempt;
        std::string nextAttempt;
        int attempts = 0;
    } m_enrollment;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_changed; // generation grew, or stopping
    std::int64_t m_generation = 0;     // guarded by m_mutex
    int m_waiters = 0;                 // guarded by m_mutex
    bool m_rediscover = false;         // a watched path changed; guarded by m_mutex
    bool m_paused = false;             // recording paused by the ledger's quota; by m_mutex
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace indblik::agent
