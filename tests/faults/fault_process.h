#pragma once

// Helpers for the fault tests (issue 5): a real indblik-agent process that can be killed hard,
// read-only looks into SQLite files another process writes (the agent's ledger, the server's
// database), and a TCP proxy between the agent and the server that can cut connections in the
// middle of a transfer or close its port.

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <sqlite3.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "ledger.h"
#include "result.h"

namespace indblik::testing::faults {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A port that was free a moment ago on 127.0.0.1 (the system chose it).
inline int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// `indblik-agent run ...` in the background, its output appended to a log file.
class AgentProcess {
public:
    AgentProcess(std::vector<std::string> args, fs::path log)
        : m_args(std::move(args)), m_log(std::move(log)) {}
    ~AgentProcess() { kill9(); }

    void start() {
        m_pid = ::fork();
        if (m_pid == 0) {
            const int out = ::open(m_log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            const int in = ::open("/dev/null", O_RDONLY);
            ::dup2(in, 0);
            ::dup2(out, 1);
            ::dup2(out, 2);
            std::vector<char*> argv;
            for (const auto& a : m_args) {
                argv.push_back(const_cast<char*>(a.c_str()));
            }
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
    }
    // SIGKILL: no destructor, no rollback, no clean close of the ledger.
    void kill9() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }
    // SIGTERM and wait; true when it exited with 0 within 10 s.
    bool stop() {
        if (m_pid <= 0) {
            return true;
        }
        ::kill(m_pid, SIGTERM);
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (::waitpid(m_pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill9();
                return false;
            }
            std::this_thread::sleep_for(10ms);
        }
        m_pid = -1;
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    // Whether it is still running (false once it exited by itself).
    bool alive() {
        if (m_pid <= 0) {
            return false;
        }
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return false;
        }
        return true;
    }
    pid_t pid() const { return m_pid; }

private:
    std::vector<std::string> m_args;
    fs::path m_log;
    pid_t m_pid = -1;
};

// Runs sql on a connection of its own to the SQLite file at path (which another process may be
// writing) and returns every row's columns as text. Read-only unless readOnly is false: a
// read-write connection that only reads is what another process (`indblik-agent verify-ledger`)
// opens, and its close is when SQLite checkpoints and removes the WAL if it believes it is the
// last connection; a writer whose locks were dropped loses its later commits then.
inline Result<std::vector<std::vector<std::string>>>
readOnlyQuery(const fs::path& path, const std::string& sql, bool readOnly = true) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE,
                        nullptr) != SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return Error{path.string() + ": " + why};
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt* statement = nullptr;
    std::vector<std::vector<std::string>> rows;
    std::string error;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        error = sqlite3_errmsg(db);
    } else {
        int rc = 0;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int c = 0; c < sqlite3_column_count(statement); ++c) {
                const auto* text = sqlite3_column_text(statement, c);
                row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
            }
            rows.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE) {
            error = sqlite3_errmsg(db);
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    if (!error.empty()) {
        return Error{path.string() + ": " + sql + ": " + error};
    }
    return rows;
}

// The whole ledger in the agent's file, as committed at the moment of reading; empty when the
// agent has not created the file or its table yet. readOnly: see readOnlyQuery.
inline Result<std::vector<LedgerEntry>> readLedgerFile(const fs::path& path, bool readOnly = true) {
    if (!fs::exists(path)) {
        return std::vector<LedgerEntry>{};
    }
    auto tables =
        readOnlyQuery(path, "SELECT name FROM sqlite_master WHERE name = 'ledger'", readOnly);
    if (!tables) {
        return Error{tables.error()};
    }
    if (tables.value().empty()) {
        return std::vector<LedgerEntry>{};
    }
    auto rows = readOnlyQuery(path,
                              "SELECT seq, time, kind, payload, prev_hash, hash FROM ledger "
                              "ORDER BY seq",
                              readOnly);
    if (!rows) {
        return Error{rows.error()};
    }
    std::vector<LedgerEntry> entries;
    for (auto& r : rows.value()) {
        LedgerEntry e;
        e.seq = std::stoll(r[0]);
        e.time = std::move(r[1]);
        e.kind = std::move(r[2]);
        e.payload = std::move(r[3]);
        e.prevHash = std::move(r[4]);
        e.hash = std::move(r[5]);
        entries.push_back(std::move(e));
    }
    return entries;
}

// A TCP proxy on 127.0.0.1:port to 127.0.0.1:target. It can reset the next connections once
// they carried a number of bytes towards the target (a network cut in the middle of a
// transfer), and close its port (connections refused) and open it again.
class CuttingProxy {
public:
    CuttingProxy(int port, int target) : m_port(port), m_target(target) {}
    ~CuttingProxy() {
        closePort();
        std::vector<std::thread> pumps;
        {
            std::lock_guard lock(m_mutex);
            pumps.swap(m_pumps);
        }
        for (auto& t : pumps) {
            t.join();
        }
    }

    // Resets the next `connections` connections once `bytes` went through towards the target.
    void cutNext(int connections, std::size_t bytes) {
        m_cutAfter = bytes;
        m_toCut = connections;
    }
    int cuts() const { return m_cuts; }
    int connections() const { return m_connections; }

    bool openPort() {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr = loopback(m_port);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(fd, 16) != 0) {
            ::close(fd);
            return false;
        }
        m_listen = fd;
        m_stopAccepting = false;
        m_acceptor = std::thread([this] { acceptLoop(); });
        return true;
    }
    // Connections are refused from now on; the ones open are reset.
    void closePort() {
        if (m_acceptor.joinable()) {
            m_stopAccepting = true;
            m_acceptor.join();
        }
        if (m_listen >= 0) {
            ::close(m_listen);
            m_listen = -1;
        }
        ++m_resetGeneration;
    }

private:
    static sockaddr_in loopback(int port) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        return addr;
    }
    static void reset(int fd) {
        const linger hard{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        ::close(fd);
    }

    void acceptLoop() {
        while (!m_stopAccepting) {
            pollfd p{m_listen, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) {
                continue;
            }
            const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) {
                continue;
            }
            const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in addr = loopback(m_target);
            if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
                reset(client);
                ::close(server);
                continue;
            }
            ++m_connections;
            const bool cut = m_toCut.fetch_sub(1) > 0;
            std::lock_guard lock(m_mutex);
            m_pumps.emplace_back([this, client, server, cut] { pump(client, server, cut); });
        }
    }

    void pump(int client, int server, bool cut) {
        const int generation = m_resetGeneration;
        std::size_t upstream = 0;
        char buffer[16384];
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        for (;;) {
            if (m_resetGeneration != generation) {
                break;
            }
            if (::poll(fds, 2, 20) < 0) {
                break;
            }
            bool closed = false;
            for (int i = 0; i < 2 && !closed; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                    continue;
                }
                const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
                if (n <= 0) {
                    closed = true;
                    break;
                }
                std::size_t length = static_cast<std::size_t>(n);
                if (i == 0 && cut && upstream + length >= m_cutAfter) {
                    // Pass on part of this chunk, then cut both sides hard.
                    const std::size_t part = m_cutAfter > upstream ? m_cutAfter - upstream : 0;
                    (void)::send(server, buffer, part, MSG_NOSIGNAL);
                    ++m_cuts;
                    reset(client);
                    reset(server);
                    return;
                }
                if (i == 0) {
                    upstream += length;
                }
                const int to = i == 0 ? server : client;
                std::size_t sent = 0;
                while (sent < length) {
                    const ssize_t w = ::send(to, buffer + sent, length - sent, MSG_NOSIGNAL);
                    if (w <= 0) {
                        closed = true;
                        break;
                    }
                    sent += static_cast<std::size_t>(w);
                }
            }
            if (closed) {
                break;
            }
        }
        reset(client);
        reset(server);
    }

    int m_port;
    int m_target;
    int m_listen = -1;
    std::atomic<bool> m_stopAccepting{false};
    std::atomic<int> m_resetGeneration{0};
    std::atomic<std::size_t> m_cutAfter{0};
    std::atomic<int> m_toCut{0};
    std::atomic<int> m_cuts{0};
    std::atomic<int> m_connections{0};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<std::thread> m_pumps;
};

} // namespace indblik::testing::faults
