#include <sstream>

#include <Poco/JSON/Object.h>

#include <gtest/gtest.h>

#include "api.h"
#include "json_reader.h"
#include "renewal.h"
#include "test_database.h"

namespace indblik::server {
namespace {

// Real CA, real certificates, the server's own schema on SQLite (or PostgreSQL under pg.).
class RenewalTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<ServerStore>(*m_db);
        m_caKey = pki::generatePrivateKey().value();
        m_caCert = pki::makeCaCertificate(m_caKey, "test CA", 30).value();
        m_renewal = std::make_unique<CertificateRenewal>(*m_db, m_caCert, m_caKey,
                                                         std::chrono::seconds(3600));
        EnrollmentApi enroll(*m_store, m_caCert, m_caKey, 8443, std::chrono::seconds(600));
        auto token = m_store->createEnrollmentToken(60);
        ASSERT_TRUE(token.ok());
        const std::string key = pki::generatePrivateKey().value();
        Poco::JSON::Object request;
        request.set("token", token.value());
        request.set("csr", pki::makeCsr(key, "indblik-agent").value());
        request.set("hostname", "laptop");
        std::ostringstream body;
        request.stringify(body);
        const Reply reply = enroll.enroll(body.str(), "server.example:8444");
        ASSERT_EQ(reply.status, 200) << reply.body;
        json::ObjectReader answer(json::parse(reply.body), "$");
        m_cert = answer.string("certificate", 16384);
        m_deviceId = answer.string("device_id");
    }
    void TearDown() override {
        m_renewal.reset();
        m_store.reset();
        m_db.reset();
    }

    Device device() {
        auto found = m_store->findDevice(m_deviceId);
        EXPECT_TRUE(found.ok() && found.value());
        return found.ok() && found.value() ? *found.value() : Device();
    }

    // A request for a new key, as the agent makes it.
    static std::string newCsr(const std::string& commonName) {
        return pki::makeCsr(pki::generatePrivateKey().value(), commonName).value();
    }

    // What the dispatcher does for a Device route: authenticate the certificate first.
    Reply call(const std::string& path, const std::string& certificate, const std::string& body) {
        Request request;
        request.path = path;
        request.peerCertPem = certificate;
        request.body = body;
        DeviceAuthenticator devices(*m_store);
        auto who = devices.authenticate(request);
        if (auto* refusal = std::get_if<Reply>(&who)) {
            return *refusal;
        }
        request.caller = std::get<Caller>(who);
        if (path == "/api/v1/renew") {
            RenewalApi api(*m_renewal);
            return api.renew(request);
        }
        SyncApi sync(*m_store);
        return sync.sync(request);
    }
    Reply renewWith(const std::string& certificate, const std::string& csr) {
        Poco::JSON::Object request;
        request.set("csr", csr);
        std::ostringstream body;
        request.stringify(body);
        return call("/api/v1/renew", certificate, body.str());
    }
    Reply syncWith(const std::string& certificate) {
        return call("/api/v1/sync", certificate, "{\"entries\": []}");
    }
    static std::string reasonOf(const Reply& reply) {
        json::ObjectReader r(json::parse(reply.body), "$");
        return r.optionalString("reason").value_or("");
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServerStore> m_store;
    std::unique_ptr<CertificateRenewal> m_renewal;
    std::string m_caKey;
    std::string m_caCert;
    std::string m_cert;
    std::string m_deviceId;
};

TEST_F(RenewalTest, EnrollmentRecordsTheCertificatesExpiry) {
    const Device d = device();
    auto info = pki::inspectCertificate(m_cert);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->notAfter - info->notBefore, 600 + pki::kBackdateSeconds);
    ASSERT_EQ(d.certExpiresAt.size(), 20u) << d.certExpiresAt;
    EXPECT_EQ(d.previousSerial, "");
    EXPECT_EQ(d.renewedAt, "");
}

TEST_F(RenewalTest, RenewsForANewKeyAndRecordsItInOneGo) {
    const Device before = device();
    const Reply reply = renewWith(m_cert, newCsr(m_deviceId));
    ASSERT_EQ(reply.status, 200) << reply.body;
    json::ObjectReader answer(json::parse(reply.body), "$");
    const std::string renewed = answer.string("certificate", 16384);
    EXPECT_EQ(answer.string("device_id"), m_deviceId);
    ASSERT_TRUE(pki::verifyCertificate(renewed, m_caCert, "client").ok());
    auto info = pki::inspectCertificate(renewed);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->commonName, m_deviceId);
    EXPECT_EQ(info->notAfter - info->notBefore, 3600 + pki::kBackdateSeconds);

    const Device after = device();
    EXPECT_EQ(after.serial, info->serial);
    EXPECT_NE(after.serial, before.serial);
    EXPECT_EQ(after.fingerprint, info->fingerprint);
    EXPECT_EQ(after.previousSerial, before.serial);
    EXPECT_EQ(after.certExpiresAt, answer.string("expires_at"));
    EXPECT_GT(after.certExpiresAt, before.certExpiresAt);
    EXPECT_FALSE(after.renewedAt.empty());
}

TEST_F(RenewalTest, PreviousCertificateIsAcceptedUntilTheNewOneIsUsedThenRefused) {
    const std::string oldSerial = device().serial;
    const Reply first = renewWith(m_cert, newCsr(m_deviceId));
    ASSERT_EQ(first.status, 200) << first.body;
    const std::string lost =
        json::ObjectReader(json::parse(first.body), "$").string("certificate", 16384);

    // The answer was lost: the agent still has only the old certificate, which still works,
    // for syncing and for asking again.
    EXPECT_EQ(syncWith(m_cert).status, 200);
    const Reply again = renewWith(m_cert, newCsr(m_deviceId));
    ASSERT_EQ(again.status, 200) << again.body;
    const std::string renewed =
        json::ObjectReader(json::parse(again.body), "$").string("certificate", 16384);
    EXPECT_EQ(device().previousSerial, oldSerial) << "the never-used one is not kept";
    EXPECT_EQ(reasonOf(syncWith(lost)), kReasonUnknownCertificate)
        << "a certificate superseded before use is not accepted";

    // The first use of the new certificate retires the old one.
    const Reply used = syncWith(renewed);
    EXPECT_EQ(used.status, 200) << used.body;
    EXPECT_EQ(device().previousSerial, "");
    const Reply old = syncWith(m_cert);
    EXPECT_EQ(old.status, 403) << old.body;
    EXPECT_EQ(reasonOf(old), kReasonUnknownCertificate);
    const Reply oldRenew = renewWith(m_cert, newCsr(m_deviceId));
    EXPECT_EQ(oldRenew.status, 403) << oldRenew.body;
    EXPECT_EQ(reasonOf(oldRenew), kReasonUnknownCertificate);
    EXPECT_EQ(syncWith(renewed).status, 200);
}

TEST_F(RenewalTest, RefusesARequestForAnotherDeviceOrTheSameKey) {
    const std::string serial = device().serial;
    const Reply other = renewWith(m_cert, newCsr("someone-else"));
    EXPECT_EQ(other.status, 400) << other.body;
    EXPECT_NE(other.body.find("not this device"), std::string::npos) << other.body;

    // A certificate whose key the test holds: renew once for it, then ask with the same key.
    const std::string key = pki::generatePrivateKey().value();
    auto sameKey = m_renewal->renew(m_cert, pki::makeCsr(key, m_deviceId).value());
    EXPECT_EQ(sameKey.refusal, Refusal::None) << sameKey.error;
    const std::string current = sameKey.certificatePem;
    auto reused = m_renewal->renew(current, pki::makeCsr(key, m_deviceId).value());
    EXPECT_EQ(reused.refusal, Refusal::BadRequest);
    EXPECT_NE(reused.error.find("new key"), std::string::npos) << reused.error;

    EXPECT_EQ(renewWith(current, "not a request").status, 400);
    EXPECT_EQ(call("/api/v1/renew", current, "{\"csr\": 1}").status, 400);
    EXPECT_NE(device().serial, serial);
}

TEST_F(RenewalTest, RefusesARevokedDeviceWithTheReason) {
    ASSERT_TRUE(m_store->revokeDevice(m_deviceId).ok());
    const std::string serial = device().serial;
    const Reply refused = renewWith(m_cert, newCsr(m_deviceId));
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_EQ(reasonOf(refused), kReasonRevoked);
    const Reply sync = syncWith(m_cert);
    EXPECT_EQ(sync.status, 403);
    EXPECT_EQ(reasonOf(sync), kReasonRevoked);
    // Also the renewal logic by itself, should a route reach it without the authenticator.
    auto direct = m_renewal->renew(m_cert, newCsr(m_deviceId));
    EXPECT_EQ(direct.refusal, Refusal::Forbidden);
    EXPECT_EQ(direct.reason, kReasonRevoked);
    EXPECT_EQ(device().serial, serial);
}

TEST_F(RenewalTest, RefusesACertificateTheServerNeverIssued) {
    // Same CA, same device name, a serial the server never recorded.
    auto forged = pki::signClientCertificate(newCsr("x"), m_caCert, m_caKey, m_deviceId, 30);
    ASSERT_TRUE(forged.ok());
    const Reply refused = renewWith(forged->pem, newCsr(m_deviceId));
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_EQ(reasonOf(refused), kReasonUnknownCertificate);
    auto direct = m_renewal->renew(forged->pem, newCsr(m_deviceId));
    EXPECT_EQ(direct.refusal, Refusal::Forbidden);
    EXPECT_EQ(direct.reason, kReasonUnknownCertificate);
    // A device id nobody enrolled.
    auto stranger = pki::signClientCertificate(newCsr("x"), m_caCert, m_caKey, "nobody", 30);
    auto unknown = m_renewal->renew(stranger->pem, newCsr("nobody"));
    EXPECT_EQ(unknown.reason, kReasonUnknownCertificate);
}

} // namespace
} // namespace indblik::server
