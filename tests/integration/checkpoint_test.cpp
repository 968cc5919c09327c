// Tamper evidence end to end: a real agent service (its own SQLite ledger, its enrolled key)
// syncs to a real indblik-server process over mutual TLS; its signed checkpoints arrive and
// verify; then, with the server stopped, someone with access to the server's database rewrites
// an entry and recomputes the chain. `admin verify-device`, `admin health` and the employee's own
// view must all show it: intact before, a warning after.

#include <filesystem>
#include <memory>
#include <sstream>
#include <unistd.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>

#include <gtest/gtest.h>

#include "agent_service.h"
#include "agent_store.h"
#include "ledger.h"
#include "server_process.h"
#include "sync_client.h"

using namespace Poco::Data::Keywords;

namespace indblik {
namespace {

using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
using testing::trim;
namespace fs = std::filesystem;

class CheckpointProcessTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = indblik::testing::freshTestDir("indblik-checkpoint");
        m_server =
            std::make_unique<ServerProcess>(INDBLIK_SERVER_BIN, m_dir / "data", m_dir, "server");
        m_server->start();
    }
    void TearDown() override {
        m_server->stop();
        if (HasFailure()) {
            std::cerr << "--- server stderr ---\n" << readText(m_server->errPath());
        }
        m_server.reset();
        fs::remove_all(m_dir);
    }

    std::pair<int, std::string> get(const std::string& path) {
        const auto context = indblik::testing::agentClientContext(m_config.identityDir());
        Poco::Net::HTTPSClientSession session(
            "127.0.0.1", static_cast<Poco::UInt16>(m_server->agentPort()), context);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        std::ostringstream text;
        text << in.rdbuf();
        return {static_cast<int>(response.getStatus()), text.str()};
    }

    // The integrity summary of the person's one computer in GET /api/v1/me.
    Poco::JSON::Object::Ptr integrity() {
        const auto [status, body] = get("/api/v1/me?user=anna");
        EXPECT_EQ(status, 200) << body;
        Poco::JSON::Parser parser;
        const auto me = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        const auto devices = me->getArray("devices");
        EXPECT_EQ(devices->size(), 1u);
        return devices->getObject(0)->getObject("integrity");
    }

    fs::path m_dir;
    std::unique_ptr<ServerProcess> m_server;
    agent::AgentConfig m_config;
};

TEST_F(CheckpointProcessTest, SignedCheckpointsVerifyAndARewriteOfTheServersCopyIsShown) {
    auto anna = m_server->admin({"add-person", "--name", "Anna", "--username", "anna"});
    ASSERT_EQ(anna.exitCode, 0) << anna.err;
    auto token = m_server->admin({"create-enrollment-token", "--person", trim(anna.out)});
    ASSERT_EQ(token.exitCode, 0) << token.err;
    auto fingerprint = m_server->admin({"ca-fingerprint"});
    ASSERT_EQ(fingerprint.exitCode, 0) << fingerprint.err;

    m_config.stateDir = (m_dir / "agent").string();
    m_config.socketPath = (m_dir / "agent.sock").string();
    m_config.root = (m_dir / "root").string();
    m_config.catalogDir = INDBLIK_CATALOG_DIR;
    m_config.checkpointEntries = 5;
    fs::create_directories(m_config.root);
    fs::create_directories(m_config.stateDir);
    auto enrolled = agent::enroll({"https://127.0.0.1:" + std::to_string(m_server->enrollPort()),
                                   trim(token.out), trim(fingerprint.out), "annas-laptop",
                                   m_config.identityDir()});
    ASSERT_TRUE(enrolled.ok()) << enrolled.error();

    auto service = agent::AgentService::create(m_config);
    ASSERT_TRUE(service.ok()) << service.error();
    {
        // Recorded facts, as the activity sampler writes them (the empty root has nothing).
        auto store = agent::AgentStore::open(m_config.ledgerPath());
        ASSERT_TRUE(store.ok()) << store.error();
        std::vector<NewEntry> entries;
        for (int i = 0; i < 7; ++i) {
            entries.push_back(
                {"activity", "{\"observation\":\"x\",\"n\":" + std::to_string(i) + "}"});
        }
        ASSERT_TRUE(store.value()->ledger().append(entries).ok());
    }
    service.value()->runCycle();

    // The agent: the server confirmed the checkpoint of its whole ledger.
    const agent::PeerCredentials peer{::getpid(), ::getuid(), ::getgid(), "anna"};
    Poco::JSON::Parser parser;
    auto overview = parser.parse(service.value()->handleLocalRequest(peer, R"({"op":"overview"})"))
                        .extract<Poco::JSON::Object::Ptr>();
    const auto ledger = overview->getObject("ledger");
    ASSERT_FALSE(ledger->isNull("verified_up_to"))
        << service.value()->handleLocalRequest(peer, R"({"op":"overview"})");
    const auto seq = ledger->getValue<Poco::Int64>("verified_seq");
    EXPECT_GE(seq, 7);
    EXPECT_TRUE(ledger->getValue<bool>("intact"));

    // The server: the device verifies, and its employee is told so.
    auto devices = m_server->admin({"list-devices"});
    ASSERT_EQ(devices.exitCode, 0);
    const auto lines = devices.out.substr(devices.out.find('\n') + 1);
    const std::string deviceId = lines.substr(0, lines.find('\t'));
    auto verified = m_server->admin({"verify-device", deviceId});
    EXPECT_EQ(verified.exitCode, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("intact, verified up to"), std::string::npos) << verified.out;
    auto before = integrity();
    EXPECT_TRUE(before->getValue<bool>("intact"));
    EXPECT_EQ(before->getValue<Poco::Int64>("seq"), seq);
    EXPECT_EQ(before->getValue<std::string>("verified_up_to"),
              ledger->getValue<std::string>("verified_up_to"));
    auto page = get("/api/v1/me/export?user=anna&format=html&lang=en");
    ASSERT_EQ(page.first, 200) << page.second;
    EXPECT_NE(page.second.find("Your record from annas-laptop is intact, verified up to"),
              std::string::npos);
    page = get("/api/v1/me/export?user=anna&format=html&lang=da");
    EXPECT_NE(page.second.find("Din registrering fra annas-laptop er intakt, kontrolleret til og "
                               "med"),
              std::string::npos);
    EXPECT_EQ(m_server->admin({"health"}).out.find("stored record was changed"), std::string::npos);

    // Someone with the database rewrites entry 3 and recomputes every hash after it (and the
    // head the server keeps), so the chain itself links again.
    m_server->stop();
    {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session s("SQLite", (m_dir / "data" / "server.db").string());
        std::string prev;
        s << "SELECT hash FROM ledger_entries WHERE device_id = ? AND seq = 2", into(prev),
            useRef(deviceId), now;
        Poco::Int64 last = 0;
        s << "SELECT MAX(seq) FROM ledger_entries WHERE device_id = ?", into(last),
            useRef(deviceId), now;
        for (Poco::Int64 n = 3; n <= last; ++n) {
            std::string time, kind, payload;
            s << "SELECT time, kind, payload FROM ledger_entries WHERE device_id = ? AND seq = ?",
                into(time), into(kind), into(payload), useRef(deviceId), use(n), now;
            if (n == 3) {
                payload = "{\"observation\":\"x\",\"n\":\"nothing happened\"}";
            }
            std::string hash = chainHash(prev, n, time, kind, payload);
            s << "UPDATE ledger_entries SET payload = ?, prev_hash = ?, hash = ? WHERE "
                 "device_id = ? AND seq = ?",
                use(payload), use(prev), use(hash), useRef(deviceId), use(n), now;
            prev = hash;
        }
        s << "UPDATE devices SET chain_hash = ? WHERE device_id = ?", use(prev), useRef(deviceId),
            now;
    }
    m_server->start();

    // Seen on the employee's next look, without anyone running a check first...
    auto after = integrity();
    EXPECT_FALSE(after->getValue<bool>("intact"));
    EXPECT_FALSE(after->isNull("problem"));
    page = get("/api/v1/me/export?user=anna&format=html&lang=en");
    EXPECT_NE(page.second.find("WARNING: the record from annas-laptop was changed on the server"),
              std::string::npos);
    page = get("/api/v1/me/export?user=anna&format=html&lang=da");
    EXPECT_NE(page.second.find("ADVARSEL: registreringen fra annas-laptop er ændret"),
              std::string::npos);
    // ...and by the administrator's check, which names the first entry that no longer matches.
    auto broken = m_server->admin({"verify-device", deviceId});
    EXPECT_EQ(broken.exitCode, 1) << broken.out;
    EXPECT_NE(broken.out.find("NOT INTACT"), std::string::npos) << broken.out;
    auto health = m_server->admin({"health"});
    EXPECT_EQ(health.exitCode, 1);
    EXPECT_NE(health.out.find("PROBLEM: device " + deviceId + ": its stored record was changed"),
              std::string::npos)
        << health.out;
}

} // namespace
} // namespace indblik
