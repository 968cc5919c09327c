// Enrollment and sync end to end: a real indblik-server process on free ports in a temporary data
// directory, the agent's client over real TLS, and attacks on both listeners.

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>

#include <gtest/gtest.h>

#include "file_util.h"
#include "ledger.h"
#include "pki.h"
#include "policy.h"
#include "retry.h"
#include "server_process.h"
#include "sync_client.h"

namespace indblik {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::Outcome;
using testing::readText;
using testing::runProgram;
using testing::trim;

const std::string kPolicy = R"({
  "format": "indblik.policy/1",
  "id": "acme-edr",
  "system": "CrowdStrike Falcon",
  "covers": {"catalog": ["crowdstrike-falcon"]},
  "categories": ["security_telemetry"],
  "purposes": {"en": "Find attacks.", "da": "Finde angreb."},
  "legal_basis": {"en": "Legitimate interest.", "da": "Legitim interesse."},
  "retention_days": 90,
  "access": [{"role": {"en": "IT security", "da": "IT-sikkerhed"}, "level": "individual"}],
  "announced": "2026-01-05",
  "effective": "2026-02-16",
  "contact": {"name": "DPO Jane Doe", "email": "dpo@example.com"}
})";

// A client certificate for the device's own key and name, signed by the server's real CA, but
// valid from two days ago until yesterday: what a stolen-then-expired certificate looks like.
std::string expiredClientCertificate(const fs::path& caCert, const fs::path& caKey,
                                     const fs::path& agentCert) {
    FILE* caCertFile = std::fopen(caCert.c_str(), "r");
    FILE* caKeyFile = std::fopen(caKey.c_str(), "r");
    FILE* agentFile = std::fopen(agentCert.c_str(), "r");
    X509* ca = caCertFile ? PEM_read_X509(caCertFile, nullptr, nullptr, nullptr) : nullptr;
    EVP_PKEY* key = caKeyFile ? PEM_read_PrivateKey(caKeyFile, nullptr, nullptr, nullptr) : nullptr;
    X509* agent = agentFile ? PEM_read_X509(agentFile, nullptr, nullptr, nullptr) : nullptr;
    for (FILE* f : {caCertFile, caKeyFile, agentFile}) {
        if (f) {
            std::fclose(f);
        }
    }
    std::string pem;
    if (ca && key && agent) {
        X509* cert = X509_dup(agent);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 4242);
        X509_gmtime_adj(X509_getm_notBefore(cert), -2L * 24 * 3600);
        X509_gmtime_adj(X509_getm_notAfter(cert), -1L * 24 * 3600);
        X509_set_issuer_name(cert, X509_get_subject_name(ca));
        if (X509_sign(cert, key, EVP_sha256()) > 0) {
            BIO* out = BIO_new(BIO_s_mem());
            PEM_write_bio_X509(out, cert);
            char* data = nullptr;
            const long size = BIO_get_mem_data(out, &data);
            pem.assign(data, static_cast<std::size_t>(size));
            BIO_free(out);
        }
        X509_free(cert);
    }
    X509_free(ca);
    X509_free(agent);
    EVP_PKEY_free(key);
    return pem;
}

class EnrollSyncTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = indblik::testing::freshTestDir("indblik-it");
        m_data = m_dir / "data";
        startServer();
        auto fingerprint = admin({"ca-fingerprint"});
        ASSERT_EQ(fingerprint.exitCode, 0) << fingerprint.err;
        m_fingerprint = trim(fingerprint.out);
        ASSERT_EQ(m_fingerprint.size(), 64u);
    }

    void TearDown() override {
        stopServer();
        if (HasFailure()) {
            std::cerr << "--- server stderr ---\n" << readText(m_dir / "server.err");
        }
        fs::remove_all(m_dir);
    }

    void startServer(const std::vector<std::string>& extraArgs = {}) {
        m_process =
            std::make_unique<testing::ServerProcess>(INDBLIK_SERVER_BIN, m_data, m_dir, "server");
        m_process->start(extraArgs);
        m_server = m_process->pid();
        m_agentPort = m_process->agentPort();
        m_enrollPort = m_process->enrollPort();
    }

    void stopServer() {
        if (m_process) {
            m_process->stop();
        }
        m_server = -1;
    }

    Outcome admin(const std::vector<std::string>& command) { return m_process->admin(command); }

    std::string createToken(int ttlMinutes = 60) {
        auto r = admin({"create-enrollment-token", "--ttl-minutes", std::to_string(ttlMinutes)});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return trim(r.out);
    }

    std::string enrollUrl() const {
        return "https://" + m_host + ":" + std::to_string(m_enrollPort);
    }

    Status enrollInto(const fs::path& identity, const std::string& token,
                      const std::string& fingerprint = {}) {
        return agent::enroll({enrollUrl(), token, fingerprint.empty() ? m_fingerprint : fingerprint,
                              "test-laptop", identity.string()});
    }

    std::unique_ptr<agent::SyncClient> enrolledClient(const fs::path& identity) {
        auto s = enrollInto(identity, createToken());
        EXPECT_TRUE(s.ok()) << s.error();
        auto client = agent::SyncClient::create(identity.string());
        EXPECT_TRUE(client.ok()) << client.error();
        return client.ok() ? std::move(client).value() : nullptr;
    }

    std::unique_ptr<Ledger> ledgerWith(int entries) {
        auto ledger = Ledger::open((m_dir / "agent-ledger.db").string());
        EXPECT_TRUE(ledger.ok()) << ledger.error();
        for (int i = 0; i < entries; ++i) {
            auto e = ledger.value()->append(
                "observation.added", "{\"detector\":\"process\",\"n\":" + std::to_string(i) + "}");
            EXPECT_TRUE(e.ok()) << e.error();
        }
        return std::move(ledger).value();
    }

    static std::vector<LedgerEntry> allEntries(Ledger& ledger) {
        auto entries = ledger.read(0, 1000, 1 << 20);
        EXPECT_TRUE(entries.ok()) << entries.error();
        return entries.value();
    }

    // (device, seq) → how often show-entries lists it.
    std::map<std::pair<std::string, std::int64_t>, int> storedEntries() {
        auto r = admin({"show-entries"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        std::map<std::pair<std::string, std::int64_t>, int> seen;
        std::istringstream lines(r.out);
        std::string line;
        std::getline(lines, line); // header
        while (std::getline(lines, line)) {
            std::istringstream fields(line);
            std::string device, seq;
            std::getline(fields, device, '\t');
            std::getline(fields, seq, '\t');
            ++seen[{device, std::stoll(seq)}];
        }
        return seen;
    }

    std::int64_t rejectedBatches() {
        static std::once_flag once;
        std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
        Poco::Data::Session session("SQLite", (m_data / "server.db").string());
        Poco::Int64 count = 0;
        session << "SELECT COUNT(*) FROM rejected_batches", Poco::Data::Keywords::into(count),
            Poco::Data::Keywords::now;
        return count;
    }

    // A client context that trusts the server's CA but presents no certificate of its own.
    Poco::Net::Context::Ptr anonymousContext() { return testing::clientContext(m_data / "ca.crt"); }

    std::pair<int, std::string> post(int port, const std::string& path, const std::string& body) {
        return testing::httpsCall(port, anonymousContext(), "POST", path, body);
    }

    fs::path m_dir;
    fs::path m_data;
    std::unique_ptr<testing::ServerProcess> m_process;
    pid_t m_server = -1;
    int m_agentPort = 0;
    int m_enrollPort = 0;
    std::string m_fingerprint;
    std::string m_host = "127.0.0.1"; // the name agents use for the server
};

TEST_F(EnrollSyncTest, EnrollsAndStoresEachEntryExactlyOnce) {
    // By name this time: the server certificate covers localhost as well as 127.0.0.1, and the
    // agent URL the server hands out keeps the name the agent used.
    m_host = "localhost";
    const fs::path identity = m_dir / "identity";
    auto client = enrolledClient(identity);
    ASSERT_NE(client, nullptr);
    EXPECT_TRUE(agent::isEnrolled(identity.string()));
    EXPECT_EQ(fs::status(identity).permissions() & fs::perms::all, fs::perms::owner_all);
    EXPECT_EQ(fs::status(identity / "agent.key").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(client->serverUrl(), "https://localhost:" + std::to_string(m_agentPort));

    auto ledger = ledgerWith(3);
    auto first = client->sync(allEntries(*ledger));
    ASSERT_TRUE(first.ok()) << first.error();
    EXPECT_EQ(first->acked, 3);

    // The acknowledgement was "lost": the agent sends the same entries again.
    auto second = client->sync(allEntries(*ledger));
    ASSERT_TRUE(second.ok()) << second.error();
    EXPECT_EQ(second->acked, 3);

    ASSERT_TRUE(ledger->append("observation.removed", "{\"n\":3}").ok());
    ASSERT_TRUE(ledger->append("observation.added", "{\"n\":4}").ok());
    auto third = client->sync(allEntries(*ledger));
    ASSERT_TRUE(third.ok()) << third.error();
    EXPECT_EQ(third->acked, 5);

    auto empty = client->sync({});
    ASSERT_TRUE(empty.ok()) << empty.error();
    EXPECT_EQ(empty->acked, 5);

    const auto stored = storedEntries();
    ASSERT_EQ(stored.size(), 5u);
    for (std::int64_t seq = 1; seq <= 5; ++seq) {
        const auto it = stored.find({client->deviceId(), seq});
        ASSERT_NE(it, stored.end()) << "seq " << seq;
        EXPECT_EQ(it->second, 1) << "seq " << seq;
    }
    auto devices = admin({"list-devices"});
    EXPECT_EQ(devices.exitCode, 0);
    EXPECT_NE(devices.out.find(client->deviceId()), std::string::npos);
    EXPECT_NE(devices.out.find("test-laptop"), std::string::npos);
}

TEST_F(EnrollSyncTest, ARateLimitedSyncTellsTheAgentWhenToComeBack) {
    // One request a minute per client after a burst of 2 (enrollment makes two from the
    // address; syncs count per device): the third sync at once is refused with 429 and a
    // Retry-After, which the client hands to the agent's backoff (agent/retry.h).
    stopServer();
    startServer({"--rate-limit", "1/min", "--burst", "2"});
    const fs::path identity = m_dir / "identity";
    auto client = enrolledClient(identity);
    ASSERT_NE(client, nullptr);
    auto ledger = ledgerWith(2);
    for (int i = 0; i < 2; ++i) {
        auto ok = client->sync(allEntries(*ledger));
        ASSERT_TRUE(ok.ok()) << ok.error();
        EXPECT_FALSE(client->retryAfterSeconds());
    }
    auto refused = client->sync(allEntries(*ledger));
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("HTTP 429"), std::string::npos) << refused.error();
    const auto wait = client->retryAfterSeconds();
    ASSERT_TRUE(wait.has_value());
    EXPECT_GE(*wait, 1);
    EXPECT_LE(*wait, 60);
    // The agent waits at least that long, and its backoff never makes it shorter.
    for (std::uint64_t r = 0; r < 50; ++r) {
        EXPECT_GE(agent::syncRetryDelay(1, 60, wait, r).count(), *wait);
    }
    EXPECT_EQ(storedEntries().size(), 2u) << "nothing of the refused batch was stored twice";
}

TEST_F(EnrollSyncTest, PublishedPolicyComesBackWithSync) {
    auto client = enrolledClient(m_dir / "identity");
    ASSERT_NE(client, nullptr);
    const fs::path good = m_dir / "policy.json";
    std::ofstream(good) << kPolicy;
    auto published = admin({"publish-policy", good.string()});
    ASSERT_EQ(published.exitCode, 0) << published.err;

    const fs::path bad = m_dir / "bad-policy.json";
    std::string badText = kPolicy;
    badText.replace(badText.find("\"retention_days\": 90"), 20, "\"retention_days\": 0");
    std::ofstream(bad) << badText;
    auto refused = admin({"publish-policy", bad.string()});
    EXPECT_NE(refused.exitCode, 0);
    EXPECT_NE(refused.err.find("$.retention_days"), std::string::npos) << refused.err;

    auto result = client->sync({});
    ASSERT_TRUE(result.ok()) << result.error();
    ASSERT_EQ(result->policies.size(), 1u);
    auto policy = parsePolicy(result->policies.front(), "from sync");
    ASSERT_TRUE(policy.ok()) << policy.error();
    EXPECT_EQ(policy->id, "acme-edr");
    EXPECT_EQ(policy->retentionDays, 90);
}

TEST_F(EnrollSyncTest, ReusedTokenIsRefused) {
    const std::string token = createToken();
    auto first = enrollInto(m_dir / "first", token);
    ASSERT_TRUE(first.ok()) << first.error();
    auto second = enrollInto(m_dir / "second", token);
    ASSERT_FALSE(second.ok());
    EXPECT_NE(second.error().find("HTTP 403"), std::string::npos) << second.error();
    EXPECT_NE(second.error().find("already used"), std::string::npos) << second.error();
    EXPECT_FALSE(agent::isEnrolled((m_dir / "second").string()));
}

TEST_F(EnrollSyncTest, ExpiredAndUnknownTokensAreRefused) {
    auto expired = enrollInto(m_dir / "a", createToken(0));
    ASSERT_FALSE(expired.ok());
    EXPECT_NE(expired.error().find("expired"), std::string::npos) << expired.error();

    auto unknown = enrollInto(m_dir / "b", std::string(64, '0'));
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().find("unknown enrollment token"), std::string::npos)
        << unknown.error();
    EXPECT_FALSE(agent::isEnrolled((m_dir / "a").string()));
}

TEST_F(EnrollSyncTest, WrongCaFingerprintIsRefused) {
    const fs::path identity = m_dir / "identity";
    const std::string token = createToken();
    auto s = enrollInto(identity, token, std::string(64, 'a'));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("refusing to enroll"), std::string::npos) << s.error();
    EXPECT_FALSE(fs::exists(identity / "ca.crt"));
    EXPECT_FALSE(agent::isEnrolled(identity.string()));
    // The token was never sent, so it still works with the right fingerprint.
    auto retry = enrollInto(identity, token);
    EXPECT_TRUE(retry.ok()) << retry.error();
}

TEST_F(EnrollSyncTest, AgentPortRefusesAClientWithoutCertificateAtTheHandshake) {
    // Enrolled, so the control below can show the same command succeeds with a certificate.
    const fs::path identity = m_dir / "identity";
    ASSERT_NE(enrolledClient(identity), nullptr);
    const std::string target = "127.0.0.1:" + std::to_string(m_agentPort);
    const std::string ca = (m_data / "ca.crt").string();

    auto tls12 =
        runProgram({"openssl", "s_client", "-connect", target, "-tls1_2", "-CAfile", ca}, m_dir);
    EXPECT_NE(tls12.exitCode, 0) << tls12.out;
    EXPECT_NE((tls12.out + tls12.err).find("alert handshake failure"), std::string::npos)
        << tls12.out << tls12.err;

    auto withCertificate =
        runProgram({"openssl", "s_client", "-connect", target, "-tls1_2", "-CAfile", ca, "-cert",
                    (identity / "agent.crt").string(), "-key", (identity / "agent.key").string()},
                   m_dir);
    EXPECT_EQ(withCertificate.exitCode, 0) << withCertificate.out << withCertificate.err;

    // Under TLS 1.3 the client sends its (missing) certificate last, so the refusal arrives
    // after its side of the handshake; still, no HTTP answer reaches it.
    EXPECT_THROW(post(m_agentPort, "/api/v1/sync", "{\"entries\": []}"), Poco::Exception);
}

TEST_F(EnrollSyncTest, ARevokedDeviceIsRefusedAndNothingItSendsIsStored) {
    auto client = enrolledClient(m_dir / "identity");
    ASSERT_NE(client, nullptr);
    auto ledger = ledgerWith(3);
    auto entries = allEntries(*ledger);
    ASSERT_TRUE(client->sync({entries[0]}).ok());

    auto unknown = admin({"revoke-device", "no-such-device"});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("no device \"no-such-device\""), std::string::npos) << unknown.err;
    auto missing = admin({"revoke-device"});
    EXPECT_NE(missing.exitCode, 0);

    auto revoked = admin({"revoke-device", client->deviceId()});
    ASSERT_EQ(revoked.exitCode, 0) << revoked.err;
    EXPECT_NE(revoked.out.find("revoked"), std::string::npos) << revoked.out;
    auto again = admin({"revoke-device", client->deviceId()});
    EXPECT_EQ(again.exitCode, 0) << "revoking twice is harmless";
    EXPECT_EQ(again.out, revoked.out) << "the first revocation time is kept";

    auto refused = client->sync(entries);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("HTTP 403"), std::string::npos) << refused.error();
    EXPECT_EQ(storedEntries().size(), 1u) << "nothing a revoked device sends is stored";
    auto devices = admin({"list-devices"});
    EXPECT_NE(devices.out.find("revoked"), std::string::npos) << devices.out;
}

TEST_F(EnrollSyncTest, AgentPortRefusesForeignCaAndExpiredCertificates) {
    const fs::path identity = m_dir / "identity";
    auto client = enrolledClient(identity);
    ASSERT_NE(client, nullptr);
    const std::string target = "127.0.0.1:" + std::to_string(m_agentPort);
    const std::string ca = (m_data / "ca.crt").string();
    const auto handshake = [&](const fs::path& cert, const fs::path& key) {
        return runProgram({"openssl", "s_client", "-connect", target, "-tls1_2", "-CAfile", ca,
                           "-cert", cert.string(), "-key", key.string()},
                          m_dir);
    };
    // Control: the device's own certificate is accepted.
    EXPECT_EQ(handshake(identity / "agent.crt", identity / "agent.key").exitCode, 0);

    // An attacker's own CA issuing a certificate in the enrolled device's name.
    auto foreignKey = pki::generatePrivateKey();
    ASSERT_TRUE(foreignKey) << foreignKey.error();
    auto foreignCa = pki::makeCaCertificate(foreignKey.value(), "Indblik CA", 30);
    ASSERT_TRUE(foreignCa) << foreignCa.error();
    auto agentKey = pki::generatePrivateKey();
    ASSERT_TRUE(agentKey);
    auto csr = pki::makeCsr(agentKey.value(), client->deviceId());
    ASSERT_TRUE(csr);
    auto forged = pki::signClientCertificate(csr.value(), foreignCa.value(), foreignKey.value(),
                                             client->deviceId(), 30);
    ASSERT_TRUE(forged) << forged.error();
    ASSERT_TRUE(writeFileAtomically((m_dir / "forged.crt").string(), forged->pem));
    ASSERT_TRUE(writeFileAtomically((m_dir / "forged.key").string(), agentKey.value()));
    auto foreign = handshake(m_dir / "forged.crt", m_dir / "forged.key");
    EXPECT_NE(foreign.exitCode, 0) << foreign.out;
    EXPECT_NE((foreign.out + foreign.err).find("alert"), std::string::npos) << foreign.err;

    // The real CA's signature, the device's own key and name, but expired yesterday.
    const auto expired =
        expiredClientCertificate(m_data / "ca.crt", m_data / "ca.key", identity / "agent.crt");
    ASSERT_FALSE(expired.empty());
    ASSERT_TRUE(writeFileAtomically((m_dir / "expired.crt").string(), expired));
    auto late = handshake(m_dir / "expired.crt", identity / "agent.key");
    EXPECT_NE(late.exitCode, 0) << late.out;
    EXPECT_NE((late.out + late.err).find("alert certificate expired"), std::string::npos)
        << late.err;
}

TEST_F(EnrollSyncTest, AdminHealthReportsCountsAndNamesProblems) {
    auto client = enrolledClient(m_dir / "identity");
    ASSERT_NE(client, nullptr);
    auto ledger = ledgerWith(2);
    ASSERT_TRUE(client->sync(allEntries(*ledger)).ok());

    auto healthy = admin({"health"});
    EXPECT_EQ(healthy.exitCode, 0) << healthy.out << healthy.err;
    for (const char* line :
         {"devices: 1 (0 revoked)", "ledger entries stored: 2", "batches refused: 0", "check: ok",
          "server certificate: ", "healthy\n"}) {
        EXPECT_NE(healthy.out.find(line), std::string::npos) << line << "\n" << healthy.out;
    }
    EXPECT_EQ(healthy.out.find("never"), std::string::npos) << "the device has synced";

    // A damaged CA certificate file is named, and the exit code says something needs care (the
    // data directory check finds it before the health report runs).
    const auto caCert = m_data / "ca.crt";
    const auto original = readText(caCert);
    ASSERT_TRUE(writeFileAtomically(caCert.string(), "not a certificate\n", 0644));
    auto damaged = admin({"health"});
    ASSERT_TRUE(writeFileAtomically(caCert.string(), original, 0644));
    EXPECT_EQ(damaged.exitCode, 1);
    EXPECT_NE(damaged.err.find("ca.crt"), std::string::npos) << damaged.err;
    EXPECT_EQ(damaged.out.find("healthy"), std::string::npos) << damaged.out;
}

TEST_F(EnrollSyncTest, BatchThatDoesNotContinueTheChainIsRefusedWith409) {
    auto client = enrolledClient(m_dir / "identity");
    ASSERT_NE(client, nullptr);
    auto ledger = ledgerWith(4);
    auto entries = allEntries(*ledger);
    ASSERT_TRUE(client->sync({entries[0], entries[1]}).ok());

    auto tampered = entries;
    tampered[2].payload = "{\"detector\":\"process\",\"n\":\"edited\"}";
    auto refused = client->sync(tampered);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("HTTP 409"), std::string::npos) << refused.error();
    EXPECT_NE(refused.error().find("entry 3"), std::string::npos) << refused.error();

    auto gap = client->sync({entries[3]});
    ASSERT_FALSE(gap.ok());
    EXPECT_NE(gap.error().find("HTTP 409"), std::string::npos) << gap.error();

    EXPECT_EQ(rejectedBatches(), 2);
    EXPECT_EQ(storedEntries().size(), 2u);
    auto health = admin({"health"});
    EXPECT_NE(health.out.find("\nbatches refused: 2\n"), std::string::npos) << health.out;

    // The untampered batch still goes through.
    auto good = client->sync(entries);
    ASSERT_TRUE(good.ok()) << good.error();
    EXPECT_EQ(good->acked, 4);
}

TEST_F(EnrollSyncTest, OldTlsVersionsAreRefused) {
    for (const int port : {m_agentPort, m_enrollPort}) {
        // SECLEVEL=0 lets the local openssl offer TLS 1.1 at all; the refusal must come from
        // the server.
        auto tls11 =
            runProgram({"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(port),
                        "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"},
                       m_dir);
        EXPECT_NE(tls11.exitCode, 0) << tls11.out;
        EXPECT_NE((tls11.out + tls11.err).find("alert protocol version"), std::string::npos)
            << tls11.out << tls11.err;
    }
    auto tls12 =
        runProgram({"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(m_enrollPort),
                    "-tls1_2", "-CAfile", (m_data / "ca.crt").string(), "-verify_return_error"},
                   m_dir);
    EXPECT_EQ(tls12.exitCode, 0) << tls12.out << tls12.err;
}

TEST_F(EnrollSyncTest, EnrollmentPortAnswersLimitsAndUnknownRoutes) {
    const auto [tooLarge, tooLargeBody] =
        post(m_enrollPort, "/api/v1/enroll", std::string(100 * 1024, ' '));
    EXPECT_EQ(tooLarge, 413) << tooLargeBody;
    const auto [unknown, unknownBody] = post(m_enrollPort, "/api/v1/nothing", "{}");
    EXPECT_EQ(unknown, 404);
    EXPECT_NE(unknownBody.find("\"error\""), std::string::npos) << unknownBody;
    const auto [malformed, malformedBody] = post(m_enrollPort, "/api/v1/enroll", "{\"token\":1}");
    EXPECT_EQ(malformed, 400);
    EXPECT_NE(malformedBody.find("$.token"), std::string::npos) << malformedBody;
}

} // namespace
} // namespace indblik
