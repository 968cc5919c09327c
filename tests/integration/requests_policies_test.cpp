// Requests, the policy lifecycle and retention with the real programs: an indblik-server process
// on free ports, a device enrolled for a person, its client certificate over real TLS, and the
// admin command line against the running server's database. (Server process helpers from
// server_process.h.)

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
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

#include "json_reader.h"
#include "server_process.h"
#include "sync_client.h"

namespace indblik {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string policyText(const std::string& categories) {
    return R"({"format": "indblik.policy/1", "id": "acme-edr", "system": "Acme EDR",)"
           R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": [)" +
           categories +
           R"(], "purposes": {"en": "Find attacks.", "da": "Finde angreb."},)"
           R"( "legal_basis": {"en": "Legitimate interest.", "da": "Legitim interesse."},)"
           R"( "retention_days": 90, "access": [{"role": {"en": "IT security", "da": "IT"},)"
           R"( "level": "individual"}], "announced": "2026-01-05", "effective": "2026-02-16",)"
           R"( "contact": {"name": "DPO", "email": "dpo@example.com"}})";
}

class RequestsPoliciesTest : public ::testing::Test {
protected:
    void SetUp() override {
        // The server's workplace calendar is its process's time zone; the expected times
        // below are written in UTC.
        ::setenv("TZ", "UTC0", 1);
        m_dir = indblik::testing::freshTestDir("indblik-rp");
        m_data = m_dir / "data";
        m_server =
            std::make_unique<testing::ServerProcess>(INDBLIK_SERVER_BIN, m_data, m_dir, "server");
        m_server->start();
        auto fingerprint = admin({"ca-fingerprint"});
        ASSERT_EQ(fingerprint.exitCode, 0) << fingerprint.err;
        m_fingerprint = testing::trim(fingerprint.out);
    }

    void TearDown() override {
        m_server->stop();
        if (HasFailure()) {
            std::cerr << "--- server stderr ---\n" << testing::readText(m_server->errPath());
        }
        m_server.reset();
        fs::remove_all(m_dir);
    }

    testing::Outcome admin(const std::vector<std::string>& command) {
        return m_server->admin(command);
    }

    // Until the people part has its own command: a person straight into the database.
    void addPerson(const std::string& id, const std::string& name) {
        static std::once_flag once;
        std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
        Poco::Data::Session session("SQLite", (m_data / "server.db").string());
        session << "INSERT INTO people (person_id, name, created_at, updated_at) VALUES (?, ?, "
                   "'t', 't')",
            Poco::Data::Keywords::bind(id), Poco::Data::Keywords::bind(name),
            Poco::Data::Keywords::now;
    }

    // Enrolls a device whose every user is the person.
    std::unique_ptr<agent::SyncClient> enrolledFor(const std::string& person,
                                                   const fs::path& identity) {
        auto token = admin({"create-enrollment-token", "--person", person});
        EXPECT_EQ(token.exitCode, 0) << token.err;
        auto s =
            agent::enroll({"https://127.0.0.1:" + std::to_string(m_server->enrollPort()),
                           testing::trim(token.out), m_fingerprint, "laptop", identity.string()});
        EXPECT_TRUE(s.ok()) << s.error();
        auto client = agent::SyncClient::create(identity.string());
        EXPECT_TRUE(client.ok()) << client.error();
        return client.ok() ? std::move(client).value() : nullptr;
    }

    // A request on the agent listener with the device's certificate.
    std::pair<int, std::string> asDevice(const fs::path& identity, const std::string& method,
                                         const std::string& path, const std::string& body = {}) {
        return indblik::testing::httpsCall(m_server->agentPort(),
                                           indblik::testing::agentClientContext(identity), method,
                                           path, body);
    }

    fs::path m_dir;
    fs::path m_data;
    std::unique_ptr<testing::ServerProcess> m_server;
    std::string m_fingerprint;
};

TEST_F(RequestsPoliciesTest, AnEmployeeAsksThroughTheirAgentAndSeesOnlyTheirOwn) {
    addPerson("p-anna", "Anna");
    addPerson("p-bo", "Bo");
    const fs::path annaId = m_dir / "anna";
    const fs::path boId = m_dir / "bo";
    ASSERT_NE(enrolledFor("p-anna", annaId), nullptr);
    ASSERT_NE(enrolledFor("p-bo", boId), nullptr);

    auto made = asDevice(annaId, "POST", "/api/v1/me/requests?user=anna",
                         R"({"type": "copy", "subject": "My data", "body": "All of it, please."})");
    ASSERT_EQ(made.first, 201) << made.second;
    const std::string id = json::ObjectReader(json::parse(made.second), "$").string("id");
    auto tooLong = asDevice(annaId, "POST", "/api/v1/me/requests?user=anna",
                            R"({"type": "copy", "subject": ")" + std::string(201, 'x') + R"("})");
    EXPECT_EQ(tooLong.first, 400);
    EXPECT_NE(tooLong.second.find("subject: at most 200 characters"), std::string::npos);

    auto mine = asDevice(annaId, "GET", "/api/v1/me/requests?user=anna");
    ASSERT_EQ(mine.first, 200) << mine.second;
    EXPECT_NE(mine.second.find(id), std::string::npos);
    EXPECT_NE(mine.second.find("\"status\":\"received\""), std::string::npos);

    // Bo's computer asks for Anna's request: 404, and it is not in Bo's list.
    auto peek = asDevice(boId, "GET", "/api/v1/me/requests/" + id + "?user=bo");
    EXPECT_EQ(peek.first, 404) << peek.second;
    auto bos = asDevice(boId, "GET", "/api/v1/me/requests?user=bo");
    ASSERT_EQ(bos.first, 200);
    EXPECT_EQ(bos.second.find(id), std::string::npos);
    // The DPO's routes are not on the agent listener at all.
    EXPECT_EQ(asDevice(annaId, "GET", "/api/v1/dpo/requests").first, 404);
}

TEST_F(RequestsPoliciesTest, AgentsGetPoliciesInEffectAndAnnouncedOnesApart) {
    const fs::path identity = m_dir / "identity";
    addPerson("p-anna", "Anna");
    auto client = enrolledFor("p-anna", identity);
    ASSERT_NE(client, nullptr);

    const fs::path file = m_dir / "policy.json";
    std::ofstream(file) << policyText("\"security_telemetry\"");
    ASSERT_EQ(admin({"publish-policy", file.string()}).exitCode, 0);
    // Version 2 adds a category: announced for the earliest day the notice allows.
    std::ofstream(file) << policyText("\"security_telemetry\", \"keystrokes\"");
    ASSERT_EQ(admin({"policy-draft", file.string()}).exitCode, 0);
    const std::string later = json::formatIsoDate(json::todayUtc() + 42);
    auto announced = admin({"policy-announce", "acme-edr", "--effective", later});
    ASSERT_EQ(announced.exitCode, 0) << announced.err;

    // The agent's own client still reads the answer (it ignores the new field).
    auto synced = client->sync({});
    ASSERT_TRUE(synced.ok()) << synced.error();
    ASSERT_EQ(synced->policies.size(), 1u);
    EXPECT_EQ(synced->policies[0].find("keystrokes"), std::string::npos);

    auto raw = asDevice(identity, "POST", "/api/v1/sync", R"({"entries": []})");
    ASSERT_EQ(raw.first, 200) << raw.second;
    json::ObjectReader answer(json::parse(raw.second), "$");
    const auto pending = answer.array("announced");
    ASSERT_EQ(pending.size(), 1u);
    json::ObjectReader item(pending[0], "$.announced[0]");
    EXPECT_EQ(item.string("effective_at"), later + "T00:00:00.000Z");

    ASSERT_EQ(admin({"policy-retire", "acme-edr"}).exitCode, 0);
    auto after = client->sync({});
    ASSERT_TRUE(after.ok()) << after.error();
    EXPECT_TRUE(after->policies.empty());

    auto dry = admin({"retention", "--dry-run"});
    EXPECT_EQ(dry.exitCode, 0) << dry.err;
    EXPECT_NE(dry.out.find("acme-edr\t90\t"), std::string::npos) << dry.out;
}

} // namespace
} // namespace indblik
