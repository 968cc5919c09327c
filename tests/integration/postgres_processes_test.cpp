// Several indblik-server processes against one PostgreSQL database, as a large workplace runs
// them: each process serves agents with the same CA, and nothing one process keeps in memory is
// needed by another. Runs under ctest's `postgres` fixture (a real PostgreSQL 15).

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include "json_reader.h"
#include "ledger.h"
#include "server_process.h"
#include "smtp_sink.h"
#include "sync_client.h"
#include "test_database.h"

namespace indblik {
namespace {

namespace fs = std::filesystem;
using testing::readText;
using testing::trim;

class PostgresProcessesTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_db.postgres())
            << "INDBLIK_TEST_POSTGRES is not set: run this test through ctest, whose postgres "
               "fixture starts the database";
        m_dir = testing::freshTestDir("indblik-pgproc");
        m_a = std::make_unique<testing::ServerProcess>(INDBLIK_SERVER_BIN, m_dir / "a", m_dir,
                                                       "server-a");
        m_a->start({"--database", m_db.location()});
        // The second process gets the first one's CA and server certificate, as an
        // administrator copies them to each host of a cluster.
        fs::create_directories(m_dir / "b");
        fs::permissions(m_dir / "b", fs::perms::owner_all);
        for (const char* file : {"ca.crt", "ca.key", "server.crt", "server.key"}) {
            fs::copy_file(m_dir / "a" / file, m_dir / "b" / file);
        }
        m_b = std::make_unique<testing::ServerProcess>(INDBLIK_SERVER_BIN, m_dir / "b", m_dir,
                                                       "server-b");
        m_b->start({"--database", m_db.location()});
    }

    void TearDown() override {
        m_a.reset();
        m_b.reset();
        if (HasFailure()) {
            std::cerr << "--- a ---\n"
                      << readText(m_dir / "server-a.err") << "--- b ---\n"
                      << readText(m_dir / "server-b.err");
        }
        fs::remove_all(m_dir);
    }

    testing::Outcome admin(testing::ServerProcess& server, const std::vector<std::string>& cmd) {
        return server.admin(cmd, {}, {"--database", m_db.location()});
    }

    // Points the enrolled identity at another server process's agent port.
    static void pointAt(const fs::path& identity, int agentPort) {
        Poco::JSON::Parser parser;
        auto server =
            parser.parse(readText(identity / "server.json")).extract<Poco::JSON::Object::Ptr>();
        server->set("url", "https://127.0.0.1:" + std::to_string(agentPort));
        std::ofstream out(identity / "server.json", std::ios::trunc);
        server->stringify(out);
    }

    std::map<std::int64_t, int> storedSeqs(testing::ServerProcess& server) {
        auto r = admin(server, {"show-entries"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        std::map<std::int64_t, int> seen;
        std::istringstream lines(r.out);
        std::string line;
        std::getline(lines, line);
        while (std::getline(lines, line)) {
            std::istringstream fields(line);
            std::string device, seq;
            std::getline(fields, device, '\t');
            std::getline(fields, seq, '\t');
            ++seen[std::stoll(seq)];
        }
        return seen;
    }

    server::testing::TestDatabase m_db;
    fs::path m_dir;
    std::unique_ptr<testing::ServerProcess> m_a;
    std::unique_ptr<testing::ServerProcess> m_b;
};

TEST_F(PostgresProcessesTest, TwoProcessesServeOneDatabaseWithoutSharedMemory) {
    auto fingerprint = admin(*m_a, {"ca-fingerprint"});
    ASSERT_EQ(fingerprint.exitCode, 0) << fingerprint.err;
    auto token = admin(*m_a, {"create-enrollment-token"});
    ASSERT_EQ(token.exitCode, 0) << token.err;

    // Enrolled through process A; the token is claimed in the shared database.
    const fs::path identityA = m_dir / "identity-a";
    auto enrolled =
        agent::enroll({"https://127.0.0.1:" + std::to_string(m_a->enrollPort()), trim(token.out),
                       trim(fingerprint.out), "pg-laptop", identityA.string()});
    ASSERT_TRUE(enrolled.ok()) << enrolled.error();
    // The same token is refused by process B.
    auto again =
        agent::enroll({"https://127.0.0.1:" + std::to_string(m_b->enrollPort()), trim(token.out),
                       trim(fingerprint.out), "pg-laptop-2", (m_dir / "other").string()});
    EXPECT_FALSE(again.ok());

    auto ledger = Ledger::open((m_dir / "agent-ledger.db").string());
    ASSERT_TRUE(ledger.ok()) << ledger.error();
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(
            ledger.value()->append("observation.added", "{\"n\":" + std::to_string(i) + "}").ok());
    }
    auto entries = ledger.value()->read(0, 100, 1 << 20);
    ASSERT_TRUE(entries.ok());
    const auto& all = entries.value();

    auto clientA = agent::SyncClient::create(identityA.string());
    ASSERT_TRUE(clientA.ok()) << clientA.error();
    auto first = clientA.value()->sync({all.begin(), all.begin() + 3});
    ASSERT_TRUE(first.ok()) << first.error();
    EXPECT_EQ(first->acked, 3);

    // The same device continues through process B, which never saw it: the chain head is in
    // the database.
    const fs::path identityB = m_dir / "identity-b";
    fs::copy(identityA, identityB);
    pointAt(identityB, m_b->agentPort());
    auto clientB = agent::SyncClient::create(identityB.string());
    ASSERT_TRUE(clientB.ok()) << clientB.error();
    auto second = clientB.value()->sync({all.begin(), all.begin() + 6});
    ASSERT_TRUE(second.ok()) << second.error();
    EXPECT_EQ(second->acked, 6);

    // The same batch to both processes at once (a retry racing the original): stored once.
    const std::vector<LedgerEntry> rest(all.begin() + 6, all.end());
    Result<agent::SyncResult> viaA = Error{"not run"};
    Result<agent::SyncResult> viaB = Error{"not run"};
    std::thread ta([&] { viaA = clientA.value()->sync(rest); });
    std::thread tb([&] { viaB = clientB.value()->sync(rest); });
    ta.join();
    tb.join();
    ASSERT_TRUE(viaA.ok()) << viaA.error();
    ASSERT_TRUE(viaB.ok()) << viaB.error();
    EXPECT_EQ(viaA->acked, 10);
    EXPECT_EQ(viaB->acked, 10);
    const auto seqs = storedSeqs(*m_b);
    ASSERT_EQ(seqs.size(), 10u);
    for (const auto& [seq, count] : seqs) {
        EXPECT_EQ(count, 1) << "entry " << seq << " stored " << count << " times";
    }

    // Revoked through B's admin command: A refuses the device at once.
    auto revoked = admin(*m_b, {"revoke-device", clientA.value()->deviceId()});
    ASSERT_EQ(revoked.exitCode, 0) << revoked.err;
    auto refused = clientA.value()->sync({});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("HTTP 403"), std::string::npos) << refused.error();

    auto health = admin(*m_a, {"health"});
    EXPECT_EQ(health.exitCode, 0) << health.out << health.err;
    EXPECT_NE(health.out.find("ledger entries stored: 10"), std::string::npos) << health.out;
    EXPECT_NE(health.out.find("postgresql://"), std::string::npos) << health.out;
}

// Both processes run the council alert task every second against one SMTP sink: each alert is
// raised once and mailed once per member, whichever process gets there first.
TEST_F(PostgresProcessesTest, TwoProcessesRaiseAndMailEachCouncilAlertOnce) {
    server::testing::SmtpSink sink;
    const fs::path conf = m_dir / "alerts.conf";
    std::ofstream(conf) << "interval = 1s\nsmtp.host = 127.0.0.1\nsmtp.port = " << sink.port()
                        << "\nsmtp.from = indblik@workplace.test\n";
    m_a->stop();
    m_b->stop();
    m_a->start({"--database", m_db.location(), "--alerts-config", conf.string()});
    m_b->start({"--database", m_db.location(), "--alerts-config", conf.string()});
    for (const char* login : {"carla", "dora"}) {
        auto made = m_a->admin({"create-user", login, "--role", "council", "--name", login},
                               "correct horse battery staple\n", {"--database", m_db.location()});
        ASSERT_EQ(made.exitCode, 0) << made.err;
        auto mail = admin(*m_b, {"set-account-email", login, std::string(login) + "@council.test"});
        ASSERT_EQ(mail.exitCode, 0) << mail.err;
    }
    const fs::path policy = m_dir / "short.json";
    std::ofstream(policy)
        << R"({"format": "indblik.policy/1", "id": "edr", "system": "Acme EDR",)"
           R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": ["keystrokes"],)"
           R"( "purposes": {"en": "Find attacks.", "da": "Finde angreb."},)"
           R"( "legal_basis": {"en": "Legitimate interest.", "da": "Legitim interesse."},)"
           R"( "retention_days": 90, "access": [{"role": {"en": "IT", "da": "IT"},)"
           R"( "level": "individual"}], "announced": ")"
        << json::formatIsoDate(json::todayUtc()) << R"(", "effective": ")"
        << json::formatIsoDate(json::todayUtc() + 1)
        << R"(", "short_notice_reason": {"en": "Audit", "da": "Revision"},)"
           R"( "contact": {"name": "DPO", "email": "dpo@example.com"}})";
    auto published = admin(*m_a, {"publish-policy", policy.string()});
    ASSERT_EQ(published.exitCode, 0) << published.err;
    ASSERT_TRUE(sink.waitFor(2, std::chrono::seconds(10)));
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // runs of both: still two
    EXPECT_EQ(sink.mails().size(), 2u);
    auto history = admin(*m_b, {"council-alerts", "--all"});
    EXPECT_NE(history.out.find("holding\tshort_notice\tshort_notice:edr:v1\t2/2\t"),
              std::string::npos)
        << history.out;
    const std::string logs = readText(m_dir / "server-a.err") + readText(m_dir / "server-b.err");
    EXPECT_EQ(logs.find("could not be recorded"), std::string::npos) << logs;
    std::size_t raised = 0;
    for (auto at = logs.find("council alert raised"); at != std::string::npos;
         at = logs.find("council alert raised", at + 1)) {
        ++raised;
    }
    EXPECT_EQ(raised, 1u) << logs;
}

} // namespace
} // namespace indblik
