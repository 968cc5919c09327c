#pragma once

// The command line of indblik-server: `run` (the service), `admin ...` (one-shot commands for
// administrators and tests), --help and --version. Parsing only; no side effects.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "data_dir.h"
#include "result.h"
#include "server_limits.h"

namespace indblik::server {

struct RunOptions {
    std::string dataDir = kDefaultDataDir;
    // Empty: SQLite in the data directory. Else a database location (see Database::open); the
    // INDBLIK_DATABASE environment variable gives it without showing a password in `ps`.
    std::string database;
    std::string listen = "0.0.0.0";
    int agentPort = 8443;
    int enrollPort = 8444;
    std::vector<std::string> hostnames; // added to the server certificate's names
    ServerLimits limits;                // --rate-limit, --burst, --max-threads, --max-queued
    // How long client certificates issued at enrollment and renewal are valid.
    std::chrono::seconds deviceCertLifetime{std::int64_t{397} * 24 * 3600};
    // The works council's alert settings (council_alerts.h): how often, SMTP, the public URL.
    // Empty: alerts are recorded every 15 minutes and not mailed.
    std::string alertsConfig;
};

// "90s", "15m", "12h", "397d" (or plain seconds) as seconds, 60 s to 10950 days.
Result<std::chrono::seconds> parseLifetime(const std::string& option, const std::string& text);

// "90s", "15m", "12h", "397d" or plain seconds, above zero, in seconds; nullopt when it is not
// one (each caller applies its own range and names its setting in the error).
std::optional<std::int64_t> parseDurationSeconds(const std::string& text);

struct AdminOptions {
    std::string dataDir = kDefaultDataDir;
    std::string database;                       // as RunOptions::database
    std::string command;                        // one of adminCommands() (admin.h)
    std::vector<std::string> args;              // positional arguments after the command
    std::map<std::string, std::string> options; // "--name" -> value ("" for a flag)

    // The option's value, or fallback when it was not given.
    std::string option(const std::string& name, const std::string& fallback = {}) const;
    bool has(const std::string& name) const { return options.count(name) != 0; }
};

enum class Action { Help, Version, Run, Admin };

struct CommandLine {
    Action action = Action::Help;
    RunOptions run;
    AdminOptions admin;
};

// args without the program name.
Result<CommandLine> parseCommandLine(const std::vector<std::string>& args);
std::string usage();

} // namespace indblik::server
