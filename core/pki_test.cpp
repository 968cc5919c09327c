#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

#include "pki.h"

namespace indblik::pki {
namespace {

struct Ca {
    std::string key;
    std::string cert;
};

Ca makeCa() {
    auto key = generatePrivateKey();
    EXPECT_TRUE(key.ok()) << key.error();
    auto cert = makeCaCertificate(key.value(), "Indblik test CA", 30);
    EXPECT_TRUE(cert.ok()) << cert.error();
    return {key.value(), cert.value()};
}

std::string runCommand(const std::string& command) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) {
        return out;
    }
    std::array<char, 512> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe.get()) != nullptr) {
        out += buf.data();
    }
    return out;
}

// Re-encodes a CSR after flipping one bit in the last byte of its signature: still well-formed
// DER, but a signature that no longer matches the request.
std::string corruptSignature(const std::string& csrPem) {
    BIO* in = BIO_new_mem_buf(csrPem.data(), static_cast<int>(csrPem.size()));
    X509_REQ* req = PEM_read_bio_X509_REQ(in, nullptr, nullptr, nullptr);
    BIO_free(in);
    EXPECT_NE(req, nullptr);
    unsigned char* der = nullptr;
    const int len = i2d_X509_REQ(req, &der);
    X509_REQ_free(req);
    EXPECT_GT(len, 0);
    der[len - 1] ^= 0x01;
    BIO* out = BIO_new(BIO_s_mem());
    PEM_write_bio(out, "CERTIFICATE REQUEST", "", der, len);
    OPENSSL_free(der);
    char* data = nullptr;
    const long size = BIO_get_mem_data(out, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(out);
    return pem;
}

TEST(Pki, GeneratesDistinctP256Keys) {
    auto a = generatePrivateKey();
    auto b = generatePrivateKey();
    ASSERT_TRUE(a.ok()) << a.error();
    ASSERT_TRUE(b.ok()) << b.error();
    EXPECT_NE(a.value(), b.value());
    EXPECT_NE(a.value().find("BEGIN PRIVATE KEY"), std::string::npos);
}

TEST(Pki, SaysHowManyDaysACertificateHasLeft) {
    auto key = generatePrivateKey();
    ASSERT_TRUE(key) << key.error();
    auto ca = makeCaCertificate(key.value(), "Test CA", 10);
    ASSERT_TRUE(ca) << ca.error();
    auto info = inspectCertificate(ca.value());
    ASSERT_TRUE(info) << info.error();
    EXPECT_GE(info->daysLeft, 9);
    EXPECT_LE(info->daysLeft, 10);
}

TEST(Pki, ServerCertificateVerifiesAgainstItsCaAndCoversItsNames) {
    const Ca ca = makeCa();
    auto serverKey = generatePrivateKey();
    ASSERT_TRUE(serverKey.ok());
    auto cert = makeServerCertificate(ca.cert, ca.key, serverKey.value(), "indblik-server",
                                      {"localhost", "127.0.0.1", "server.example"}, 30);
    ASSERT_TRUE(cert.ok()) << cert.error();

    EXPECT_TRUE(verifyCertificate(cert.value(), ca.cert, "server").ok());
    // serverAuth only: the server's certificate can't pose as a device.
    EXPECT_FALSE(verifyCertificate(cert.value(), ca.cert, "client").ok());
    EXPECT_TRUE(certificateCoversHost(cert.value(), "localhost"));
    EXPECT_TRUE(certificateCoversHost(cert.value(), "127.0.0.1"));
    EXPECT_TRUE(certificateCoversHost(cert.value(), "server.example"));
    EXPECT_FALSE(certificateCoversHost(cert.value(), "other.example"));
    EXPECT_TRUE(certificateMatchesKey(cert.value(), serverKey.value()));

    const Ca otherCa = makeCa();
    const auto wrongCa = verifyCertificate(cert.value(), otherCa.cert, "server");
    ASSERT_FALSE(wrongCa.ok());
    EXPECT_NE(wrongCa.error().find("does not verify"), std::string::npos) << wrongCa.error();
}

TEST(Pki, RefusesANameThatIsNeitherHostNorAddress) {
    const Ca ca = makeCa();
    auto key = generatePrivateKey();
    ASSERT_TRUE(key.ok());
    auto cert = makeServerCertificate(ca.cert, ca.key, key.value(), "x", {"bad,DNS:evil"}, 30);
    ASSERT_FALSE(cert.ok());
    EXPECT_NE(cert.error().find("bad,DNS:evil"), std::string::npos) << cert.error();
}

TEST(Pki, SignsACsrAsAClientCertificateForTheDevice) {
    const Ca ca = makeCa();
    auto deviceKey = generatePrivateKey();
    ASSERT_TRUE(deviceKey.ok());
    auto csr = makeCsr(deviceKey.value(), "laptop-17");
    ASSERT_TRUE(csr.ok()) << csr.error();

    auto issued = signClientCertificate(csr.value(), ca.cert, ca.key, "device-abc", 7);
    ASSERT_TRUE(issued.ok()) << issued.error();
    EXPECT_TRUE(verifyCertificate(issued->pem, ca.cert, "client").ok());
    EXPECT_FALSE(verifyCertificate(issued->pem, ca.cert, "server").ok());
    EXPECT_TRUE(certificateMatchesKey(issued->pem, deviceKey.value()));

    auto info = inspectCertificate(issued->pem);
    ASSERT_TRUE(info.ok()) << info.error();
    EXPECT_EQ(info->commonName, "device-abc"); // the server names the device, not the request
    EXPECT_EQ(info->serial, issued->serial);
    EXPECT_EQ(info->fingerprint, issued->fingerprint);
    EXPECT_GE(issued->serial.size(), 31u);

    auto again = signClientCertificate(csr.value(), ca.cert, ca.key, "device-abc", 7);
    ASSERT_TRUE(again.ok());
    EXPECT_NE(again->serial, issued->serial);
}

TEST(Pki, IssuesShortLivedClientCertificatesInSeconds) {
    const Ca ca = makeCa();
    auto key = generatePrivateKey();
    ASSERT_TRUE(key.ok());
    auto csr = makeCsr(key.value(), "dev");
    ASSERT_TRUE(csr.ok());
    auto issued =
        signClientCertificate(csr.value(), ca.cert, ca.key, "dev", std::chrono::seconds(90));
    ASSERT_TRUE(issued.ok()) << issued.error();
    auto info = inspectCertificate(issued->pem);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->notAfter - info->notBefore, 90 + kBackdateSeconds);
    EXPECT_EQ(issued->notAfter, isoTime(info->notAfter));
    EXPECT_EQ(isoTime(1800000000), "2027-01-15T08:00:00Z");
    EXPECT_FALSE(
        signClientCertificate(csr.value(), ca.cert, ca.key, "dev", std::chrono::seconds(0)).ok());
    // A whole number of days is the same as before.
    auto days = signClientCertificate(csr.value(), ca.cert, ca.key, "dev", 7);
    ASSERT_TRUE(days.ok());
    auto dayInfo = inspectCertificate(days->pem);
    EXPECT_EQ(dayInfo->notAfter - dayInfo->notBefore, 7 * 24 * 3600 + kBackdateSeconds);
}

TEST(Pki, ReadsTheCsrsNameAndComparesItsKey) {
    const Ca ca = makeCa();
    const std::string key = generatePrivateKey().value();
    const std::string csr = makeCsr(key, "device-abc").value();
    auto issued = signClientCertificate(csr, ca.cert, ca.key, "device-abc", 7);
    ASSERT_TRUE(issued.ok());
    auto same = inspectCsr(csr, issued->pem);
    ASSERT_TRUE(same.ok()) << same.error();
    EXPECT_EQ(same->commonName, "device-abc");
    EXPECT_TRUE(same->sameKeyAsCertificate);
    auto other = inspectCsr(makeCsr(generatePrivateKey().value(), "x").value(), issued->pem);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->commonName, "x");
    EXPECT_FALSE(other->sameKeyAsCertificate);
    EXPECT_FALSE(inspectCsr("not a csr").ok());
}

TEST(Pki, RefusesACsrWithABadSignature) {
    const Ca ca = makeCa();
    auto key = generatePrivateKey();
    ASSERT_TRUE(key.ok());
    auto csr = makeCsr(key.value(), "laptop");
    ASSERT_TRUE(csr.ok());
    const std::string tampered = corruptSignature(csr.value());
    ASSERT_NE(tampered, csr.value());

    auto issued = signClientCertificate(tampered, ca.cert, ca.key, "device-1", 7);
    ASSERT_FALSE(issued.ok());
    EXPECT_NE(issued.error().find("signature does not verify"), std::string::npos)
        << issued.error();
}

TEST(Pki, RefusesGarbageInput) {
    const Ca ca = makeCa();
    auto issued = signClientCertificate("not a csr", ca.cert, ca.key, "device-1", 7);
    ASSERT_FALSE(issued.ok());
    EXPECT_NE(issued.error().find("cannot read the certificate request"), std::string::npos);
    auto fp = fingerprintSha256("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    ASSERT_FALSE(fp.ok());
    EXPECT_NE(fp.error().find("cannot read the certificate"), std::string::npos);
}

TEST(Pki, FingerprintIsStableAndMatchesOpensslCommandLine) {
    const Ca ca = makeCa();
    auto first = fingerprintSha256(ca.cert);
    auto second = fingerprintSha256(ca.cert);
    ASSERT_TRUE(first.ok()) << first.error();
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(first.value(), second.value());
    EXPECT_EQ(first.value().size(), 64u);

    const auto dir =
        std::filesystem::temp_directory_path() / ("indblik-pki-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = (dir / "ca.crt").string();
    std::ofstream(path) << ca.cert;
    const std::string out =
        runCommand("openssl x509 -noout -fingerprint -sha256 -in '" + path + "' 2>&1");
    std::filesystem::remove_all(dir);

    const auto eq = out.find('=');
    ASSERT_NE(eq, std::string::npos) << out;
    EXPECT_EQ(normalizeFingerprint(out.substr(eq + 1)), first.value());
}

TEST(Pki, RandomHexHasTheRequestedLength) {
    auto a = randomHex(32);
    auto b = randomHex(32);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a.value().size(), 64u);
    EXPECT_NE(a.value(), b.value());
}

} // namespace
} // namespace indblik::pki
