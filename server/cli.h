#pragma once

// The command line of indblik-server: `run` (the service), `admin ...` (one-shot commands for
// administrators and tests), --help and --version. Parsing only; no side effects.

#include <string>
#include <vector>

#include "data_dir.h"
#include "result.h"

namespace indblik::server {

struct RunOptions {
    std::string dataDir = kDefaultDataDir;
    std::string listen = "0.0.0.0";
    int agentPort = 8443;
    int enrollPort = 8444;
    std::vector<std::string> hostnames; // added to the server certificate's names
};

struct AdminOptions {
    std::string dataDir = kDefaultDataDir;
    std::string command; // create-enrollment-token, ca-fingerprint, publish-policy, ...
    int ttlMinutes = 60;
    std::string policyFile;
    std::string device;
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
