#pragma once

// The running agent: discovers on a schedule, appends changes to the ledger, syncs with the
// server when enrolled, and answers the tray over the local API. Owns one worker thread,
// started by start(), never by the constructor.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "agent_config.h"
#include "agent_store.h"
#include "catalog.h"
#include "detectors/detector.h"
#include "local_api.h"
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

private:
    AgentService(AgentConfig config, std::unique_ptr<AgentStore> store, Catalog catalog);
    void discoverOnce();
    Status syncOnce();
    // Sends every unsent ledger entry in bounded batches; returns the server's policies.
    Result<std::vector<std::string>> sendPending();
    void loop();

    AgentConfig m_config;
    std::unique_ptr<AgentStore> m_store;
    Catalog m_catalog; // the last catalog that loaded completely
    std::unique_ptr<SyncClient> m_sync;
    std::unique_ptr<LocalApiServer> m_api;
    // The chain is verified once per discovery cycle, not per tray request: a full check grows
    // with the ledger. Guarded by m_mutex.
    Ledger::Verification m_verification;
    std::vector<DetectorProblem> m_problems; // from the last discovery; guarded by m_mutex
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace indblik::agent
