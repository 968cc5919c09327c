// The server's limits and TLS settings against a real indblik-server process: TLS versions on
// both listeners (OpenSSL directly, so the client offers exactly what the test says), the rate
// limit per device and per address (429 with Retry-After), and overload (more connections than
// threads: every client gets an answer, 200 or 503 with Retry-After, never a bare close).

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>

#include <gtest/gtest.h>

#include "server_process.h"
#include "sync_client.h"

namespace indblik {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::readText;
using testing::ServerProcess;
using testing::trim;

struct TlsOutcome {
    bool handshake = false;  // the client's side of the handshake completed
    std::string version;     // negotiated, e.g. "TLSv1.3"
    std::string statusLine;  // the HTTP answer's first line, if one came
    std::string answer;      // the whole HTTP answer
    unsigned long error = 0; // OpenSSL's last error (ERR_GET_REASON gives the alert)
    std::string errorText;
};

// One TLS connection offering only `version`, at security level 0 so that OpenSSL 3 offers TLS
// 1.0 and 1.1 at all: a refusal is then the server's. Sends one HTTP request when connected.
TlsOutcome tlsExchange(int port, int version, const std::string& caFile,
                       const std::string& certFile = {}, const std::string& keyFile = {},
                       const std::string& httpRequest = "GET /api/v1/ca HTTP/1.1\r\nHost: "
                                                        "127.0.0.1\r\nConnection: close\r\n\r\n",
                       const std::function<void()>& onConnected = {}) {
    TlsOutcome outcome;
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
    SSL_CTX_set_min_proto_version(ctx, version);
    SSL_CTX_set_max_proto_version(ctx, version);
    SSL_CTX_load_verify_locations(ctx, caFile.c_str(), nullptr);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    if (!certFile.empty()) {
        SSL_CTX_use_certificate_file(ctx, certFile.c_str(), SSL_FILETYPE_PEM);
        SSL_CTX_use_PrivateKey_file(ctx, keyFile.c_str(), SSL_FILETYPE_PEM);
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        outcome.errorText = "cannot connect";
        ::close(fd);
        SSL_CTX_free(ctx);
        return outcome;
    }
    if (onConnected) {
        onConnected();
    }
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    ERR_clear_error();
    const auto recordError = [&] {
        outcome.error = ERR_peek_last_error();
        char text[256] = {};
        ERR_error_string_n(outcome.error, text, sizeof text);
        outcome.errorText = text;
    };
    if (SSL_connect(ssl) == 1) {
        outcome.handshake = true;
        outcome.version = SSL_get_version(ssl);
        std::string answer;
        // An empty request: only read, so a refusal after the handshake arrives as the
        // server's alert (a request written meanwhile may meet a reset instead).
        if (httpRequest.empty() ||
            SSL_write(ssl, httpRequest.data(), static_cast<int>(httpRequest.size())) > 0) {
            char buffer[4096];
            int n = 0;
            while ((n = SSL_read(ssl, buffer, sizeof buffer)) > 0) {
                answer.append(buffer, static_cast<std::size_t>(n));
            }
        }
        if (answer.empty()) {
            recordError();
        }
        outcome.statusLine = answer.substr(0, answer.find("\r\n"));
        outcome.answer = answer;
        SSL_shutdown(ssl);
    } else {
        recordError();
    }
    SSL_free(ssl);
    ::close(fd);
    SSL_CTX_free(ctx);
    return outcome;
}

class HardeningTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = indblik::testing::freshTestDir("indblik-hard");
        m_data = m_dir / "data";
        Poco::Net::initializeSSL();
    }

    void TearDown() override {
        stopServer();
        if (HasFailure() && m_server) {
            std::cerr << "--- server stderr ---\n" << readText(m_server->errPath());
        }
        fs::remove_all(m_dir);
        Poco::Net::uninitializeSSL();
    }

    void startServer(const std::vector<std::string>& extra = {}) {
        m_server = std::make_unique<ServerProcess>(INDBLIK_SERVER_BIN, m_data, m_dir, "server");
        m_server->start(extra);
        m_agentPort = m_server->agentPort();
        m_enrollPort = m_server->enrollPort();
    }

    void stopServer() {
        if (m_server) {
            m_server->stop();
        }
    }

    testing::Outcome admin(const std::vector<std::string>& command) {
        return m_server->admin(command);
    }

    // Enrolls an agent identity into dir through the real enrollment; returns its client.
    std::unique_ptr<agent::SyncClient> enrollAgent(const fs::path& identity) {
        const auto fingerprint = admin({"ca-fingerprint"});
        EXPECT_EQ(fingerprint.exitCode, 0) << fingerprint.err;
        const auto token = admin({"create-enrollment-token", "--ttl-minutes", "60"});
        EXPECT_EQ(token.exitCode, 0) << token.err;
        auto s =
            agent::enroll({"https://127.0.0.1:" + std::to_string(m_enrollPort), trim(token.out),
                           trim(fingerprint.out), "test-laptop", identity.string()});
        EXPECT_TRUE(s.ok()) << s.error();
        auto client = agent::SyncClient::create(identity.string());
        EXPECT_TRUE(client.ok()) << client.error();
        return client.ok() ? std::move(client).value() : nullptr;
    }

    struct Answer {
        int status = 0;
        std::string retryAfter;
        std::string failure;
    };

    // GET on the public listener over a new connection.
    Answer get(const std::string& path) {
        Answer answer;
        try {
            Poco::Net::HTTPSClientSession session("127.0.0.1",
                                                  static_cast<Poco::UInt16>(m_enrollPort),
                                                  testing::clientContext(m_data / "ca.crt"));
            session.setTimeout(Poco::Timespan(30, 0));
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path,
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            std::istream& in = session.receiveResponse(response);
            std::ostringstream body;
            body << in.rdbuf();
            answer.status = static_cast<int>(response.getStatus());
            answer.retryAfter = response.get("Retry-After", "");
        } catch (const Poco::Exception& e) {
            answer.failure = e.displayText();
        }
        return answer;
    }

    fs::path m_dir;
    fs::path m_data;
    std::unique_ptr<ServerProcess> m_server;
    int m_agentPort = 0;
    int m_enrollPort = 0;
};

TEST_F(HardeningTest, OnlyTls12AndLaterAreAcceptedOnBothListeners) {
    startServer();
    const fs::path identity = m_dir / "identity";
    ASSERT_NE(enrollAgent(identity), nullptr);
    const std::string ca = (m_data / "ca.crt").string();
    const std::string cert = (identity / "agent.crt").string();
    const std::string key = (identity / "agent.key").string();

    for (const int port : {m_agentPort, m_enrollPort}) {
        const bool agentPort = port == m_agentPort;
        for (const int old : {TLS1_VERSION, TLS1_1_VERSION}) {
            const auto refused =
                agentPort ? tlsExchange(port, old, ca, cert, key) : tlsExchange(port, old, ca);
            EXPECT_FALSE(refused.handshake) << port << " accepted " << refused.version;
            // The server's alert, not a client that would not offer the version.
            EXPECT_EQ(ERR_GET_REASON(refused.error), SSL_R_TLSV1_ALERT_PROTOCOL_VERSION)
                << "port " << port << " version " << old << ": " << refused.errorText;
        }
        for (const auto& [version, name] :
             {std::pair{TLS1_2_VERSION, "TLSv1.2"}, std::pair{TLS1_3_VERSION, "TLSv1.3"}}) {
            const auto accepted = agentPort ? tlsExchange(port, version, ca, cert, key,
                                                          "POST /api/v1/sync HTTP/1.1\r\nHost: "
                                                          "x\r\nContent-Length: 14\r\nConnection:"
                                                          " close\r\n\r\n{\"entries\":[]}")
                                            : tlsExchange(port, version, ca);
            EXPECT_TRUE(accepted.handshake) << port << " " << name << ": " << accepted.errorText;
            EXPECT_EQ(accepted.version, name);
            EXPECT_EQ(accepted.statusLine, "HTTP/1.1 200 OK") << port << " " << name;
        }
    }
}

TEST_F(HardeningTest, TheAgentListenerRefusesNoCertificateAndARevokedDevice) {
    startServer();
    const fs::path identity = m_dir / "identity";
    auto client = enrollAgent(identity);
    ASSERT_NE(client, nullptr);
    const std::string ca = (m_data / "ca.crt").string();

    // TLS 1.2: the handshake fails. TLS 1.3: the client finishes its side first, then reads
    // the server's alert instead of an answer.
    const auto tls12 = tlsExchange(m_agentPort, TLS1_2_VERSION, ca);
    EXPECT_FALSE(tls12.handshake);
    EXPECT_EQ(ERR_GET_REASON(tls12.error), SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE) << tls12.errorText;
    const auto tls13 = tlsExchange(m_agentPort, TLS1_3_VERSION, ca, {}, {}, "");
    EXPECT_EQ(tls13.answer, "");
    EXPECT_EQ(ERR_GET_REASON(tls13.error), SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED)
        << tls13.errorText;
    EXPECT_EQ(tlsExchange(m_agentPort, TLS1_3_VERSION, ca).answer, "")
        << "a request sent anyway gets no answer";

    // A revoked device still completes TLS (the CA signed its certificate) but gets 403.
    const std::string sync = "POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nContent-Length: "
                             "14\r\nConnection: close\r\n\r\n{\"entries\":[]}";
    const std::string cert = (identity / "agent.crt").string();
    const std::string key = (identity / "agent.key").string();
    EXPECT_EQ(tlsExchange(m_agentPort, TLS1_3_VERSION, ca, cert, key, sync).statusLine,
              "HTTP/1.1 200 OK");
    const auto revoked = admin({"revoke-device", client->deviceId()});
    ASSERT_EQ(revoked.exitCode, 0) << revoked.err;
    for (const int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
        EXPECT_EQ(tlsExchange(m_agentPort, version, ca, cert, key, sync).statusLine,
                  "HTTP/1.1 403 Forbidden");
    }
}

TEST_F(HardeningTest, ClientsOverTheRateGet429WithRetryAfter) {
    startServer({"--rate-limit", "1/s", "--burst", "5"});
    auto client = enrollAgent(m_dir / "identity"); // one request from this address
    ASSERT_NE(client, nullptr);

    // The address (enrollment took a request or two of its burst): served until the burst is
    // spent, then 429 telling when to come back.
    int ok = 0;
    Answer limited;
    for (int i = 0; i < 20 && limited.status == 0; ++i) {
        const Answer a = get("/api/v1/ca");
        ASSERT_EQ(a.failure, "");
        if (a.status == 200) {
            ++ok;
        } else {
            limited = a;
        }
    }
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.retryAfter, "1");
    EXPECT_GE(ok, 1);
    EXPECT_LE(ok, 5) << "requests over the burst went through";
    const Answer again = get("/api/v1/ca");
    EXPECT_EQ(again.status, 429);

    // The device has its own bucket (same address): counted by its certificate.
    int synced = 0;
    std::string refusal;
    for (int i = 0; i < 8; ++i) {
        auto result = client->sync({});
        if (result.ok()) {
            ++synced;
        } else {
            refusal = result.error();
        }
    }
    EXPECT_GE(synced, 5);
    EXPECT_LE(synced, 7);
    EXPECT_NE(refusal.find("HTTP 429"), std::string::npos) << refusal;

    // After the wait Retry-After gave, the client is welcome again.
    std::this_thread::sleep_for(1100ms);
    EXPECT_EQ(get("/api/v1/ca").status, 200);
    EXPECT_TRUE(client->sync({}).ok());
}

TEST_F(HardeningTest, MoreConnectionsThanThreadsAllGetAnAnswer) {
    constexpr int kThreads = 2;
    constexpr int kQueued = 4;
    constexpr int kClients = 60;
    startServer({"--max-threads", std::to_string(kThreads), "--max-queued", std::to_string(kQueued),
                 "--rate-limit", "off"});
    ASSERT_EQ(get("/api/v1/ca").status, 200);

    // Connections that send nothing hold both threads (a slow client does that), so everyone
    // else queues up behind them.
    std::vector<int> holders;
    for (int i = 0; i < kThreads; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(m_enrollPort));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        holders.push_back(fd);
    }
    std::this_thread::sleep_for(300ms);

    // Every client's TCP connection is established (so Poco has queued it) before the
    // holders let go.
    const std::string ca = (m_data / "ca.crt").string();
    std::vector<TlsOutcome> answers(kClients);
    std::atomic<int> connected{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.emplace_back([&, i] {
            answers[i] = tlsExchange(
                m_enrollPort, TLS1_3_VERSION, ca, {}, {},
                "GET /api/v1/ca HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                [&connected] { ++connected; });
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (connected < kClients && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(connected, kClients);
    std::this_thread::sleep_for(300ms);
    for (const int fd : holders) {
        ::close(fd);
    }
    for (auto& t : clients) {
        t.join();
    }
    int ok = 0;
    int busy = 0;
    for (int i = 0; i < kClients; ++i) {
        const auto& a = answers[i];
        if (a.statusLine == "HTTP/1.1 200 OK") {
            ++ok;
        } else if (a.statusLine == "HTTP/1.1 503 Service Unavailable") {
            ++busy;
            EXPECT_NE(a.answer.find("\r\nRetry-After: 5\r\n"), std::string::npos) << a.answer;
        } else {
            ADD_FAILURE() << "client " << i << " got no answer: \"" << a.statusLine << "\" "
                          << a.errorText;
        }
    }
    EXPECT_GT(busy, 0) << "the crowd was never turned away";
    EXPECT_GT(ok, 0) << "nobody was served";
    std::cout << "[ overload ] " << kClients << " clients, " << kThreads << " threads: " << ok
              << " served, " << busy << " answered 503\n";
    // Served again once the crowd is gone.
    EXPECT_EQ(get("/api/v1/ca").status, 200);
    EXPECT_NE(readText(m_server->errPath()).find("answered 503"), std::string::npos);
}

} // namespace
} // namespace indblik
