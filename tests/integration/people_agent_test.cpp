// An employee's data through their agent, end to end: a real indblik-server process, people
// added and tied with the admin command line, an agent enrolled with a token made for a person,
// a sync, then GET /api/v1/me over mutual TLS with the agent's certificate.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <unistd.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <gtest/gtest.h>

#include "ledger.h"
#include "observation.h"
#include "server_process.h"
#include "sync_client.h"

namespace indblik {
namespace {

using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
using testing::trim;
namespace fs = std::filesystem;

struct Answer {
    int status = 0;
    std::string body;
    std::string disposition;
};

class PeopleAgentTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = indblik::testing::freshTestDir("indblik-people");
        m_server =
            std::make_unique<ServerProcess>(INDBLIK_SERVER_BIN, m_dir / "data", m_dir, "server");
        m_server->start();
        m_agentPort = m_server->agentPort();
        m_enrollPort = m_server->enrollPort();
        auto fingerprint = admin({"ca-fingerprint"});
        ASSERT_EQ(fingerprint.exitCode, 0) << fingerprint.err;
        m_fingerprint = trim(fingerprint.out);
    }

    void TearDown() override {
        m_server->stop();
        if (HasFailure()) {
            std::cerr << "--- server stderr ---\n" << readText(m_server->errPath());
        }
        m_server.reset();
        fs::remove_all(m_dir);
    }

    Outcome admin(const std::vector<std::string>& command) { return m_server->admin(command); }

    Answer call(int port, const Poco::Net::Context::Ptr& context, const std::string& method,
                const std::string& path, const std::string& body = {},
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
        Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port),
                                              context);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!body.empty()) {
            request.setContentType("application/json");
            request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        }
        for (const auto& [name, value] : headers) {
            request.set(name, value);
        }
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        std::ostringstream text;
        text << in.rdbuf();
        return {static_cast<int>(response.getStatus()), text.str(),
                response.get("Content-Disposition", "")};
    }

    fs::path m_dir;
    std::unique_ptr<ServerProcess> m_server;
    int m_agentPort = 0;
    int m_enrollPort = 0;
    std::string m_fingerprint;
};

TEST_F(PeopleAgentTest, TheAgentGetsItsPersonsObservationsOverMutualTls) {
    auto anna = admin({"add-person", "--name", "Anna <b>Hansen</b>", "--email", "anna@example.com",
                       "--org-unit", "R&D", "--username", "anna", "--employee-number", "1001"});
    ASSERT_EQ(anna.exitCode, 0) << anna.err;
    const std::string annaId = trim(anna.out);
    auto bo = admin({"add-person", "--name", "Bo", "--employee-number", "1002"});
    ASSERT_EQ(bo.exitCode, 0) << bo.err;
    const std::string boId = trim(bo.out);

    auto token = admin({"create-enrollment-token", "--person", annaId});
    ASSERT_EQ(token.exitCode, 0) << token.err;
    const fs::path identity = m_dir / "identity";
    auto enrolled =
        agent::enroll({"https://127.0.0.1:" + std::to_string(m_enrollPort), trim(token.out),
                       m_fingerprint, "annas-laptop", identity.string()});
    ASSERT_TRUE(enrolled.ok()) << enrolled.error();
    auto client = agent::SyncClient::create(identity.string());
    ASSERT_TRUE(client.ok()) << client.error();

    Observation o;
    o.detector = "process";
    o.product = "teramind";
    o.name = "Teramind";
    o.categories = {"screenshots", "keystrokes"};
    o.evidence = {"/opt/teramind/agent"};
    o.why = {"It takes screenshots.", "Den tager skærmbilleder."};
    auto ledger = Ledger::open((m_dir / "agent-ledger.db").string());
    ASSERT_TRUE(ledger.ok()) << ledger.error();
    ASSERT_TRUE(ledger.value()->append("observation.added", toJsonText(o)).ok());
    auto entries = ledger.value()->read(0, 100, 1 << 20);
    ASSERT_TRUE(entries.ok());
    auto synced = client.value()->sync(entries.value());
    ASSERT_TRUE(synced.ok()) << synced.error();
    EXPECT_EQ(synced->acked, 1);

    // A client presenting the enrolled agent's certificate, as the agent does.
    const auto context = indblik::testing::agentClientContext(identity);
    const Answer me = call(m_agentPort, context, "GET", "/api/v1/me?user=anna");
    ASSERT_EQ(me.status, 200) << me.body;
    Poco::JSON::Parser parser;
    const auto data = parser.parse(me.body).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(data->getObject("person")->getValue<std::string>("id"), annaId);
    EXPECT_EQ(data->getObject("person")->getValue<std::string>("name"), "Anna <b>Hansen</b>");
    const auto observations = data->getArray("observations");
    ASSERT_EQ(observations->size(), 1u);
    EXPECT_EQ(observations->getObject(0)->getValue<std::string>("name"), "Teramind");
    EXPECT_FALSE(observations->getObject(0)->getValue<bool>("declared"));
    EXPECT_EQ(data->getObject("events")->getArray("items")->size(), 1u);

    // Bo's own login on Anna's laptop is Bo's, once IT says so.
    auto assigned =
        admin({"assign-device", client.value()->deviceId(), "--person", boId, "--os-user", "bo"});
    ASSERT_EQ(assigned.exitCode, 0) << assigned.err;
    const Answer boMe = call(m_agentPort, context, "GET", "/api/v1/me?user=bo");
    ASSERT_EQ(boMe.status, 200) << boMe.body;
    EXPECT_NE(boMe.body.find(boId), std::string::npos);
    EXPECT_EQ(boMe.body.find(annaId), std::string::npos);

    const Answer exported =
        call(m_agentPort, context, "GET", "/api/v1/me/export?user=anna&format=html&lang=en");
    ASSERT_EQ(exported.status, 200);
    EXPECT_NE(exported.disposition.find("attachment"), std::string::npos);
    EXPECT_NE(exported.body.find("Anna &lt;b&gt;Hansen&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(exported.body.find("NOT DECLARED"), std::string::npos);

    // The sync answer tells the agent about each tied person's access log (the export is
    // Anna's own and not counted; the field is there for the tray).
    const Answer sync = call(m_agentPort, context, "POST", "/api/v1/sync", "{\"entries\": []}");
    ASSERT_EQ(sync.status, 200) << sync.body;
    const auto answer = parser.parse(sync.body).extract<Poco::JSON::Object::Ptr>();
    const auto people = answer->getArray("people");
    ASSERT_EQ(people->size(), 2u) << sync.body;

    auto missing = call(m_agentPort, context, "GET", "/api/v1/me");
    EXPECT_EQ(missing.status, 400);
    // The public listener has no agent routes, and its own pages need a sign-in.
    const Answer publicMe = call(m_enrollPort,
                                 new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "",
                                                        "", Poco::Net::Context::VERIFY_NONE),
                                 "GET", "/me");
    EXPECT_EQ(publicMe.status, 303) << "a page without a session sends the browser to sign in";
    const Answer publicApi = call(m_enrollPort,
                                  new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "",
                                                         "", Poco::Net::Context::VERIFY_NONE),
                                  "GET", "/api/v1/people/me");
    EXPECT_EQ(publicApi.status, 401);

    auto list = admin({"list-people"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.out.find("annas-laptop"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("annas-laptop/bo"), std::string::npos) << list.out;
}

TEST_F(PeopleAgentTest, AFarOffDeviceClockIsShownToTheEmployeeAndTheAdministrator) {
    auto anna = admin({"add-person", "--name", "Anna", "--username", "anna"});
    ASSERT_EQ(anna.exitCode, 0) << anna.err;
    auto token = admin({"create-enrollment-token", "--person", trim(anna.out)});
    ASSERT_EQ(token.exitCode, 0) << token.err;
    const fs::path identity = m_dir / "identity";
    ASSERT_TRUE(agent::enroll({"https://127.0.0.1:" + std::to_string(m_enrollPort), trim(token.out),
                               m_fingerprint, "annas-laptop", identity.string()})
                    .ok());
    auto client = agent::SyncClient::create(identity.string());
    ASSERT_TRUE(client.ok()) << client.error();
    const auto context = indblik::testing::agentClientContext(identity);
    Poco::JSON::Parser parser;
    const auto firstDevice = [&] {
        const Answer me = call(m_agentPort, context, "GET", "/api/v1/me?user=anna");
        EXPECT_EQ(me.status, 200) << me.body;
        Poco::JSON::Parser p;
        return p.parse(me.body).extract<Poco::JSON::Object::Ptr>()->getArray("devices")->getObject(
            0);
    };
    EXPECT_TRUE(firstDevice()->isNull("clock_offset_seconds")) << "unknown before a sync";

    // The agent's own sync: this machine's clock is the server's, the offset about 0.
    auto synced = client.value()->sync({});
    ASSERT_TRUE(synced.ok()) << synced.error();
    ASSERT_TRUE(synced->clockSkewSeconds.has_value()) << "the answer carries server_time";
    EXPECT_LE(std::abs(*synced->clockSkewSeconds), 2);
    auto device = firstDevice();
    EXPECT_LE(std::abs(device->getValue<Poco::Int64>("clock_offset_seconds")), 2);
    EXPECT_FALSE(device->getValue<bool>("clock_off"));
    auto health = admin({"health"});
    EXPECT_EQ(health.out.find("WARNING: the clock"), std::string::npos) << health.out;

    // A device whose clock runs three hours slow.
    const auto slow = Poco::DateTimeFormatter::format(
        Poco::Timestamp() - Poco::Timespan(3 * 3600, 0), "%Y-%m-%dT%H:%M:%S.%iZ");
    const Answer late = call(m_agentPort, context, "POST", "/api/v1/sync", "{\"entries\": []}",
                             {{"X-Indblik-Device-Time", slow}});
    ASSERT_EQ(late.status, 200) << late.body;
    device = firstDevice();
    EXPECT_NEAR(static_cast<double>(device->getValue<Poco::Int64>("clock_offset_seconds")),
                -3 * 3600.0, 5.0);
    EXPECT_TRUE(device->getValue<bool>("clock_off"));
    const Answer page =
        call(m_agentPort, context, "GET", "/api/v1/me/export?user=anna&format=html&lang=en");
    EXPECT_NE(page.body.find("The clock on annas-laptop was 3 hours slow"), std::string::npos)
        << page.body;
    const Answer side =
        call(m_agentPort, context, "GET", "/api/v1/me/export?user=anna&format=html&lang=da");
    EXPECT_NE(side.body.find("Uret på annas-laptop gik 3 timer for langsomt"), std::string::npos);
    auto devices = admin({"list-devices"});
    EXPECT_NE(devices.out.find("behind, too far off"), std::string::npos) << devices.out;
    health = admin({"health"});
    EXPECT_NE(health.out.find("WARNING: the clock of device " + client.value()->deviceId()),
              std::string::npos)
        << health.out;
    EXPECT_EQ(health.exitCode, 0) << "the device's clock is not the server's health";

    // A header that is not a time is refused, naming it, and changes nothing.
    const Answer bad = call(m_agentPort, context, "POST", "/api/v1/sync", "{\"entries\": []}",
                            {{"X-Indblik-Device-Time", "tomorrow"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("X-Indblik-Device-Time"), std::string::npos) << bad.body;
    EXPECT_TRUE(firstDevice()->getValue<bool>("clock_off"));

    // Back in time: the warning goes away.
    ASSERT_TRUE(client.value()->sync({}).ok());
    EXPECT_FALSE(firstDevice()->getValue<bool>("clock_off"));
}

TEST_F(PeopleAgentTest, ABadDirectoryIsRefusedWholeWithLineAndColumn) {
    const fs::path bad = m_dir / "people.csv";
    std::ofstream(bad) << "employee_number,name,email,org_unit,username\n"
                          "1,Good,g@example.com,Salg,g\n"
                          "2,Bad,not-mail,Salg,b\n";
    auto refused = admin({"import-directory", bad.string()});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_NE(refused.err.find(bad.string() + ":3:7: email \"not-mail\""), std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("nothing was imported"), std::string::npos);
    auto list = admin({"list-people"});
    EXPECT_EQ(list.out.find("Good"), std::string::npos) << list.out;

    std::ofstream(bad) << "employee_number,name,email,org_unit,username\n"
                          "1,Good,g@example.com,Salg,g\n";
    auto imported = admin({"import-directory", bad.string()});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    EXPECT_NE(imported.out.find("1 added"), std::string::npos) << imported.out;
}

} // namespace
} // namespace indblik
