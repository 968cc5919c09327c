#pragma once

// The agent's configuration: defaults, then the configuration file (key = value lines), then
// command-line options, each overriding the one before.

#include <cstdint>
#include <map>
#include <string>

#include "result.h"

namespace indblik::agent {

struct AgentConfig {
    std::string stateDir = "/var/lib/indblik-agent";
    std::string socketPath = "/run/indblik/agent.sock";
    std::string root = "/";
    std::string catalogDir = INDBLIK_DEFAULT_CATALOG_DIR;
    int discoveryIntervalSeconds = 300;
    int syncIntervalSeconds = 60;
    // A signed checkpoint of the ledger after this many new entries or minutes, whichever first.
    int checkpointEntries = 1000;
    int checkpointMinutes = 60;
    // The ledger file's content may take this much (setting ledger_quota_mb, default 100).
    std::int64_t ledgerQuotaBytes = std::int64_t{100} << 20;

    std::string ledgerPath() const { return stateDir + "/ledger.db"; }
    std::string identityDir() const { return stateDir + "/identity"; }
};

// Applies settings (from a file or the command line, with the same names: state_dir, socket,
// root, catalog, discovery_interval, sync_interval, checkpoint_entries, checkpoint_minutes,
// ledger_quota_mb). An unknown name or a bad value is an error that names it and where it came
// from; nothing is applied then.
Status applySettings(AgentConfig& config, const std::map<std::string, std::string>& settings,
                     const std::string& origin);
Status applyConfigFile(AgentConfig& config, const std::string& path);
// The same for the file's text; path names it in errors.
Status applyConfigText(AgentConfig& config, const std::string& text, const std::string& path);

} // namespace indblik::agent
