#pragma once

// indblik-server as a Poco ServerApplication: main() prepares the data directory, binds both
// HTTPS listeners, announces the ports, serves until SIGTERM/SIGINT, then stops.

#include <string>
#include <vector>

#include <Poco/Util/ServerApplication.h>

#include "cli.h"

namespace indblik::server {

class ServerApp : public Poco::Util::ServerApplication {
public:
    explicit ServerApp(RunOptions options);

protected:
    int main(const std::vector<std::string>& args) override;

private:
    RunOptions m_options;
};

// Blocks SIGINT, SIGTERM and SIGQUIT in the calling thread, so every thread started later
// inherits the mask and the signals reach waitForTerminationRequest()'s sigwait instead of
// killing the process in a worker thread. Call first thing in main().
void blockTerminationSignals();

} // namespace indblik::server
