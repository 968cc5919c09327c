#pragma once

// The agent's configuration, each source overriding the one before: defaults, the environment
// (enrollment settings only: INDBLIK_SERVER, INDBLIK_CA_FINGERPRINT, INDBLIK_ENROLLMENT_TOKEN,
// INDBLIK_ENROLLMENT_TOKEN_FILE), the configuration file (key = value lines), the drop-in files
// beside it (<file>.d/*.conf, in lexical order), then command-line options. The environment is
// lowest because it is fixed for the life of the process, while the files are read again before
// each enrollment attempt: a file can always correct it without a restart.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "result.h"

namespace indblik::agent {

// Where to enroll when not enrolled yet (`run` enrolls by itself when these are complete).
struct EnrollmentSettings {
    std::string server;        // enrollment URL, https://host:8444
    std::string caFingerprint; // SHA-256 of the server's CA, 64 hex digits (normalised)
    std::string token;         // the one-time token itself, or
    std::string tokenFile;     // a file holding it (whichever was set last wins)
    // Where each was set ("/etc/indblik/agent.conf.d/50-debconf.conf:3"), for messages.
    std::string serverFrom, fingerprintFrom, tokenFrom;

    bool any() const { return !server.empty() || !caFingerprint.empty() || hasToken(); }
    bool hasToken() const { return !token.empty() || !tokenFile.empty(); }
    bool complete() const { return !server.empty() && !caFingerprint.empty() && hasToken(); }
    // What is missing, in English (for the log and the overview), "" when complete.
    std::string missing() const;
    bool operator==(const EnrollmentSettings&) const = default;
};

// The token itself: the setting, or the first line of the token file (at most 4 KiB). Never put
// into a message.
Result<std::string> enrollmentToken(const EnrollmentSettings& settings);

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

    // The configuration file this was read from ("" when none); its drop-ins are in <path>.d.
    std::string configPath;
    EnrollmentSettings enrollment;

    std::string ledgerPath() const { return stateDir + "/ledger.db"; }
    std::string identityDir() const { return stateDir + "/identity"; }
};

// Applies settings (from a file or the command line, with the same names: state_dir, socket,
// root, catalog, discovery_interval, sync_interval, checkpoint_entries, checkpoint_minutes,
// ledger_quota_mb, server, ca_fingerprint, enrollment_token, enrollment_token_file). An unknown
// name or a bad value is an error that names it and where it came from (never a token's value);
// nothing is applied then.
Status applySettings(AgentConfig& config, const std::map<std::string, std::string>& settings,
                     const std::string& origin);
// One file; an error names the file and line, and then nothing of the file is applied.
Status applyConfigFile(AgentConfig& config, const std::string& path);
// The drop-in files <configPath>.d/*.conf in lexical order (a missing directory is no error);
// the paths read, in order.
Result<std::vector<std::string>> dropInFiles(const std::string& configPath);

// The enrollment settings in an environment (the INDBLIK_* variables above, from environ).
std::map<std::string, std::string> enrollmentEnvironment();

// Defaults, then environment (a map of the INDBLIK_* variables), then configPath (when not
// empty) and its drop-ins. An error in any of them is returned and nothing is applied. With
// `leftOut`, an environment variable or a drop-in file with an error is left out instead (its
// error appended; nothing of that file applies) and the rest is read: `run` starts even when a
// fleet tool wrote a broken drop-in. An error in configPath itself is always returned.
Result<AgentConfig> loadConfiguration(const std::string& configPath,
                                      const std::map<std::string, std::string>& environment,
                                      std::vector<std::string>* leftOut = nullptr);
// The same for the file's text; path names it in errors.
Status applyConfigText(AgentConfig& config, const std::string& text, const std::string& path);

} // namespace indblik::agent
