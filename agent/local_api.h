#pragma once

// The local API the tray talks to: a unix stream socket, one JSON request line in, one JSON
// answer line out (docs/local-api.md). Who is asking comes from the socket's peer credentials,
// never from the request.

#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>

#include "result.h"

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class TCPServer;
}

namespace indblik::agent {

struct PeerCredentials {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string userName;
};

inline constexpr std::size_t kMaxLocalRequestBytes = 64 * 1024;

// Answers one request line (without the newline) for the given peer with one JSON document.
using LocalRequestHandler =
    std::function<std::string(const PeerCredentials& peer, const std::string& request)>;

class LocalApiServer {
public:
    LocalApiServer(std::string socketPath, LocalRequestHandler handler);
    ~LocalApiServer();

    // Binds the socket (replacing a stale one), makes it connectable by every local user
    // (answers are per user) and starts serving on its own pool of up to kMaxThreads threads
    // (a long-polling {"op":"wait"} holds one).
    Status start();
    // Stops accepting and waits for the requests under way to finish.
    void stop();
    static constexpr int kMaxThreads = 16;
    const std::string& socketPath() const { return m_socketPath; }

private:
    std::string m_socketPath;
    LocalRequestHandler m_handler;
    std::unique_ptr<Poco::ThreadPool> m_pool; // outlives m_server
    std::unique_ptr<Poco::Net::TCPServer> m_server;
};

// A client for the same protocol (used by `indblik-agent show`).
Result<std::string> localRequest(const std::string& socketPath, const std::string& request);

} // namespace indblik::agent
