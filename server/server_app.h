#pragma once

// indblik-server as a Poco ServerApplication: main() prepares the data directory, binds both
// HTTPS listeners, announces the ports, serves until SIGTERM/SIGINT, then stops.

#include <string>
#include <vector>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Util/ServerApplication.h>

#include "cli.h"
#include "data_dir.h"
#include "server_limits.h"

namespace indblik::server {

class ServerApp : public Poco::Util::ServerApplication {
public:
    explicit ServerApp(RunOptions options);

protected:
    int main(const std::vector<std::string>& args) override;

private:
    RunOptions m_options;
};

// The TLS context of a listener (TLS 1.2 and later; the agent listener requires a client
// certificate from our CA) and the HTTP parameters of both listeners: threads, Poco's queue,
// keep-alive and timeouts from limits. The tests that serve the real routes in process use
// them too.
Poco::Net::Context::Ptr makeServerContext(const DataDir& dir, bool requireClientCertificate);
Poco::Net::HTTPServerParams::Ptr makeHttpParams(const ServerLimits& limits);

// Blocks SIGINT, SIGTERM and SIGQUIT in the calling thread, so every thread started later
// inherits the mask and the signals reach waitForTerminationRequest()'s sigwait instead of
// killing the process in a worker thread. Call first thing in main().
void blockTerminationSignals();

} // namespace indblik::server
