#include "local_api.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <Poco/Logger.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>
#include <Poco/ThreadPool.h>

namespace indblik::agent {

namespace {

PeerCredentials peerOf(const Poco::Net::StreamSocket& socket) {
    PeerCredentials peer;
    ucred cred{};
    socklen_t length = sizeof cred;
    if (::getsockopt(socket.impl()->sockfd(), SOL_SOCKET, SO_PEERCRED, &cred, &length) == 0) {
        peer.pid = cred.pid;
        peer.uid = cred.uid;
        peer.gid = cred.gid;
        passwd pw{};
        passwd* found = nullptr;
        char buffer[4096];
        if (::getpwuid_r(cred.uid, &pw, buffer, sizeof buffer, &found) == 0 && found) {
            peer.userName = found->pw_name;
        }
    } else {
        peer.uid = static_cast<uid_t>(-1);
    }
    return peer;
}

std::string errorJson(const std::string& message) {
    std::string escaped;
    for (const char c : message) {
        if (c == '"' || c == '\\') {
            escaped.push_back('\\');
        }
        escaped.push_back(c == '\n' ? ' ' : c);
    }
    return "{\"ok\":false,\"error\":\"" + escaped + "\"}";
}

void sendAll(Poco::Net::StreamSocket& socket, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const int n = socket.sendBytes(data.data() + sent, static_cast<int>(data.size() - sent));
        if (n <= 0) {
            return;
        }
        sent += static_cast<std::size_t>(n);
    }
}

class Connection : public Poco::Net::TCPServerConnection {
public:
    Connection(const Poco::Net::StreamSocket& socket, const LocalRequestHandler& handler)
        : TCPServerConnection(socket), m_handler(handler) {}

    void run() override {
        auto& s = socket();
        s.setReceiveTimeout(Poco::Timespan(5, 0));
        s.setSendTimeout(Poco::Timespan(5, 0));
        const auto peer = peerOf(s);
        std::string request;
        char buffer[4096];
        try {
            while (request.find('\n') == std::string::npos) {
                const int n = s.receiveBytes(buffer, sizeof buffer);
                if (n <= 0) {
                    break;
                }
                request.append(buffer, static_cast<std::size_t>(n));
                if (request.size() > kMaxLocalRequestBytes) {
                    sendAll(s, errorJson("request larger than 64 KiB") + "\n");
                    return;
                }
            }
            const auto newline = request.find('\n');
            if (newline == std::string::npos) {
                sendAll(s, errorJson("request must end with a newline") + "\n");
                return;
            }
            request.resize(newline);
            if (peer.uid == static_cast<uid_t>(-1)) {
                sendAll(s, errorJson("cannot tell who is asking (no peer credentials)") + "\n");
                return;
            }
            sendAll(s, m_handler(peer, request) + "\n");
        } catch (const Poco::Exception& e) {
            Poco::Logger::get("indblik.agent.api").warning("local request: " + e.displayText());
        }
    }

private:
    const LocalRequestHandler& m_handler;
};

class ConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    explicit ConnectionFactory(const LocalRequestHandler& handler) : m_handler(handler) {}
    Poco::Net::TCPServerConnection*
    createConnection(const Poco::Net::StreamSocket& socket) override {
        return new Connection(socket, m_handler);
    }

private:
    const LocalRequestHandler& m_handler;
};

} // namespace

LocalApiServer::LocalApiServer(std::string socketPath, LocalRequestHandler handler)
    : m_socketPath(std::move(socketPath)), m_handler(std::move(handler)) {}

LocalApiServer::~LocalApiServer() {
    stop();
}

Status LocalApiServer::start() {
    if (m_socketPath.size() >= sizeof(sockaddr_un::sun_path)) {
        return Error{m_socketPath + ": socket path is too long"};
    }
    std::error_code ec;
    const auto dir = std::filesystem::path(m_socketPath).parent_path();
    if (!dir.empty()) {
        std::filesystem::create_directories(dir, ec);
    }
    ::unlink(m_socketPath.c_str());
    try {
        Poco::Net::ServerSocket socket;
        socket.bind(Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, m_socketPath));
        socket.listen(64);
        if (::chmod(m_socketPath.c_str(), 0666) != 0) {
            return Error{m_socketPath + ": cannot set permissions (" + std::strerror(errno) + ")"};
        }
        auto* params = new Poco::Net::TCPServerParams;
        params->setMaxThreads(kMaxThreads);
        params->setMaxQueued(64);
        m_pool = std::make_unique<Poco::ThreadPool>(2, kMaxThreads + 1);
        m_server = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(m_handler), *m_pool,
                                                          socket, params);
        m_server->start();
    } catch (const Poco::Exception& e) {
        return Error{m_socketPath + ": cannot listen (" + e.displayText() + ")"};
    }
    return Status::success();
}

void LocalApiServer::stop() {
    if (m_server) {
        m_server->stop();
        m_server.reset();
        ::unlink(m_socketPath.c_str());
    }
    if (m_pool) {
        // Connections refer to m_handler: none may outlive this object.
        m_pool->joinAll();
        m_pool.reset();
    }
}

Result<std::string> localRequest(const std::string& socketPath, const std::string& request) {
    try {
        Poco::Net::StreamSocket socket(
            Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, socketPath));
        socket.setReceiveTimeout(Poco::Timespan(30, 0));
        sendAll(socket, request + "\n");
        std::string answer;
        char buffer[8192];
        for (;;) {
            const int n = socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0) {
                break;
            }
            answer.append(buffer, static_cast<std::size_t>(n));
            if (answer.size() > (std::size_t(64) << 20)) {
                return Error{socketPath + ": answer larger than 64 MiB"};
            }
        }
        while (!answer.empty() && answer.back() == '\n') {
            answer.pop_back();
        }
        return answer;
    } catch (const Poco::Exception& e) {
        return Error{socketPath + ": cannot reach the Indblik agent (" + e.displayText() + ")"};
    }
}

} // namespace indblik::agent
