#include <filesystem>
#include <sstream>
#include <unistd.h>
#include <vector>

#include <Poco/JSON/Object.h>

#include <gtest/gtest.h>

#include "api.h"
#include "json_reader.h"
#include "test_database.h"

namespace indblik::server {
namespace {

TEST(ServerApi, HostFromHeader) {
    EXPECT_EQ(hostFromHeader("server.example:8444"), "server.example");
    EXPECT_EQ(hostFromHeader("127.0.0.1:8444"), "127.0.0.1");
    EXPECT_EQ(hostFromHeader("[::1]:8444"), "[::1]");
    EXPECT_EQ(hostFromHeader("localhost"), "localhost");
    EXPECT_EQ(hostFromHeader(""), "");
    EXPECT_EQ(hostFromHeader("evil/path:1"), "");
    EXPECT_EQ(hostFromHeader("[::1"), "");
}

TEST(ServerApi, ClockSkewFromTheDeviceTimeHeader) {
    const Poco::Timestamp serverNow =
        Poco::Timestamp::fromEpochTime(1777629600); // 2026-05-01T10:00:00Z
    EXPECT_EQ(clockSkewSeconds("2026-05-01T10:00:00.000Z", serverNow).value(), 0);
    EXPECT_EQ(clockSkewSeconds("2026-05-01T10:07:30.900Z", serverNow).value(), 450);
    EXPECT_EQ(clockSkewSeconds("2025-05-01T10:00:00Z", serverNow).value(), -365 * 86400);
    for (const std::string& bad :
         std::vector<std::string>{"", "now", "2026-05-01T10:00:00+02:00", "2026-05-01 10:00:00Z",
                                  "2026-13-01T10:00:00.000Z", std::string(200, '9') + "Z"}) {
        auto r = clockSkewSeconds(bad, serverNow);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_NE(r.error().find("X-Indblik-Device-Time"), std::string::npos) << r.error();
    }
}

TEST(ServerApi, ParseBatchNamesTheBadField) {
    EXPECT_TRUE(parseBatch("{\"entries\": []}").empty());
    try {
        (void)parseBatch("{\"entries\": [{\"seq\": 0, \"time\": \"t\", \"kind\": \"k\", "
                         "\"payload\": \"{}\", \"prev_hash\": \"a\", \"hash\": \"b\"}]}");
        FAIL() << "seq 0 accepted";
    } catch (const json::ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("$.entries[0].seq"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)parseBatch("{\"entries\": [], \"extra\": 1}"), json::ParseError);
    EXPECT_THROW((void)parseBatch("not json"), json::ParseError);
}

class ServerApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<ServerStore>(*m_db);
        auto key = pki::generatePrivateKey();
        ASSERT_TRUE(key.ok());
        m_caKey = key.value();
        auto cert = pki::makeCaCertificate(m_caKey, "test CA", 30);
        ASSERT_TRUE(cert.ok());
        m_caCert = cert.value();
    }
    void TearDown() override {
        m_store.reset();
        m_db.reset();
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServerStore> m_store;
    std::string m_caKey;
    std::string m_caCert;
};

// What the dispatcher does for the sync route: authenticate the certificate, then call.
Reply syncAs(ServerStore& store, SyncApi& sync, const std::string& certificate,
             const std::string& body) {
    Request request;
    request.path = "/api/v1/sync";
    request.peerCertPem = certificate;
    request.body = body;
    DeviceAuthenticator devices(store);
    auto who = devices.authenticate(request);
    if (auto* refusal = std::get_if<Reply>(&who)) {
        return *refusal;
    }
    request.caller = std::get<Caller>(who);
    return sync.sync(request);
}

TEST_F(ServerApiTest, EnrollThenSyncWithTheIssuedCertificate) {
    EnrollmentApi enroll(*m_store, m_caCert, m_caKey, 8443);
    SyncApi sync(*m_store);
    auto token = m_store->createEnrollmentToken(60);
    ASSERT_TRUE(token.ok());
    auto deviceKey = pki::generatePrivateKey();
    ASSERT_TRUE(deviceKey.ok());
    auto csr = pki::makeCsr(deviceKey.value(), "laptop");
    ASSERT_TRUE(csr.ok());

    Poco::JSON::Object request;
    request.set("token", token.value());
    request.set("csr", csr.value());
    request.set("hostname", "laptop");
    std::ostringstream body;
    request.stringify(body);

    const Reply reply = enroll.enroll(body.str(), "server.example:8444");
    ASSERT_EQ(reply.status, 200) << reply.body;
    json::ObjectReader answer(json::parse(reply.body), "$");
    const std::string certificate = answer.string("certificate", 16384);
    EXPECT_EQ(answer.string("agent_url"), "https://server.example:8443");
    EXPECT_EQ(answer.string("ca", 16384), m_caCert);
    const std::string deviceId = answer.string("device_id");

    const Reply again = enroll.enroll(body.str(), "server.example:8444");
    EXPECT_EQ(again.status, 403) << again.body;
    EXPECT_NE(again.body.find("already used"), std::string::npos);

    const Reply synced = syncAs(*m_store, sync, certificate, "{\"entries\": []}");
    EXPECT_EQ(synced.status, 200) << synced.body;
    const std::string start = "{\"acked\":0,\"policies\":[],\"announced\":[],\"people\":[],"
                              "\"checkpoint_seq\":0,\"server_time\":\"";
    EXPECT_EQ(synced.body.substr(0, start.size()), start);
    EXPECT_EQ(synced.body.size(), start.size() + 24 + 2) << synced.body; // "…Z"}

    // Same CA, same device name, but a certificate the enrollment never issued.
    auto forged = pki::signClientCertificate(csr.value(), m_caCert, m_caKey, deviceId, 30);
    ASSERT_TRUE(forged.ok());
    const Reply refused = syncAs(*m_store, sync, forged->pem, "{\"entries\": []}");
    EXPECT_EQ(refused.status, 403) << refused.body;
}

TEST_F(ServerApiTest, EnrollRefusesMalformedRequests) {
    EnrollmentApi enroll(*m_store, m_caCert, m_caKey, 8443);
    EXPECT_EQ(enroll.enroll("{}", "h:1").status, 400);
    EXPECT_EQ(enroll.enroll("nonsense", "h:1").status, 400);
    const Reply unknown =
        enroll.enroll("{\"token\":\"x\",\"csr\":\"y\",\"hostname\":\"z\"}", "h:1");
    EXPECT_EQ(unknown.status, 403);
    EXPECT_NE(unknown.body.find("unknown enrollment token"), std::string::npos);
}

} // namespace
} // namespace indblik::server
