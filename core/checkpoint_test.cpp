#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

#include "checkpoint.h"
#include "ledger.h"
#include "pki.h"

namespace indblik {
namespace {

std::string newKey() {
    auto key = pki::generatePrivateKey();
    EXPECT_TRUE(key.ok()) << key.error();
    return key.value();
}

Checkpoint sample() {
    Checkpoint c;
    c.seq = 1000;
    c.head = sha256Hex("entry 1000");
    c.time = "2026-11-23T18:00:00.000Z";
    return c;
}

TEST(Checkpoint, MessageIsTheDocumentedByteString) {
    auto m = checkpointMessage("dev1", sample());
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_EQ(m.value(), "indblik-checkpoint-v1\ndev1\n1000\n" + sha256Hex("entry 1000") +
                             "\n2026-11-23T18:00:00.000Z");
}

TEST(Checkpoint, MessageRefusesAmbiguousFields) {
    auto c = sample();
    EXPECT_FALSE(checkpointMessage("dev\n1", c).ok());
    EXPECT_FALSE(checkpointMessage("", c).ok());
    c.head = std::string(64, 'A');
    EXPECT_FALSE(checkpointMessage("dev1", c).ok());
    c = sample();
    c.head.pop_back();
    EXPECT_FALSE(checkpointMessage("dev1", c).ok());
    c = sample();
    c.time = "2026\n";
    EXPECT_FALSE(checkpointMessage("dev1", c).ok());
    c = sample();
    c.seq = 0;
    auto m = checkpointMessage("dev1", c);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().find("seq"), std::string::npos);
}

TEST(Checkpoint, SignedCheckpointVerifiesWithTheKeyAndItsCertificate) {
    const auto key = newKey();
    auto c = sample();
    ASSERT_TRUE(signCheckpoint(key, "dev1", c).ok());
    EXPECT_FALSE(c.signature.empty());
    auto status = verifyCheckpoint(key, "dev1", c);
    EXPECT_TRUE(status.ok()) << status.error();
    auto pub = publicKeyOf(key);
    ASSERT_TRUE(pub.ok()) << pub.error();
    EXPECT_EQ(pub->id.size(), 64U);
    status = verifyCheckpoint(pub->pem, "dev1", c);
    EXPECT_TRUE(status.ok()) << status.error();

    // The certificate the server issued for the key carries the same public key.
    const auto caKey = newKey();
    auto ca = pki::makeCaCertificate(caKey, "test CA", 30);
    ASSERT_TRUE(ca.ok()) << ca.error();
    auto csr = pki::makeCsr(key, "indblik-agent");
    ASSERT_TRUE(csr.ok()) << csr.error();
    auto cert = pki::signClientCertificate(csr.value(), ca.value(), caKey, "dev1", 30);
    ASSERT_TRUE(cert.ok()) << cert.error();
    status = verifyCheckpoint(cert->pem, "dev1", c);
    EXPECT_TRUE(status.ok()) << status.error();
    auto certPub = publicKeyOf(cert->pem);
    ASSERT_TRUE(certPub.ok());
    EXPECT_EQ(certPub->id, pub->id);
    EXPECT_EQ(certPub->pem, pub->pem);
}

TEST(Checkpoint, AnyChangedFieldOrAnotherKeyFailsVerification) {
    const auto key = newKey();
    auto c = sample();
    ASSERT_TRUE(signCheckpoint(key, "dev1", c).ok());

    auto tampered = c;
    tampered.head = sha256Hex("a rewritten entry 1000");
    auto status = verifyCheckpoint(key, "dev1", tampered);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().find("does not verify"), std::string::npos) << status.error();

    tampered = c;
    tampered.seq = 999;
    EXPECT_FALSE(verifyCheckpoint(key, "dev1", tampered).ok());
    tampered = c;
    tampered.time = "2026-11-23T18:00:01.000Z";
    EXPECT_FALSE(verifyCheckpoint(key, "dev1", tampered).ok());
    EXPECT_FALSE(verifyCheckpoint(key, "dev2", c).ok());
    EXPECT_FALSE(verifyCheckpoint(newKey(), "dev1", c).ok());

    tampered = c;
    tampered.signature = "not base64!";
    status = verifyCheckpoint(key, "dev1", tampered);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().find("base64"), std::string::npos);
    tampered.signature = std::string(400, 'A');
    EXPECT_FALSE(verifyCheckpoint(key, "dev1", tampered).ok());
    EXPECT_FALSE(verifyCheckpoint("not a key", "dev1", c).ok());
}

std::string run(const std::string& command) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    std::array<char, 512> buf{};
    while (pipe && std::fgets(buf.data(), buf.size(), pipe.get()) != nullptr) {
        out += buf.data();
    }
    return out;
}

// Anyone can check a checkpoint with stock tools from the documented byte string.
TEST(Checkpoint, OpensslCommandLineVerifiesTheSignature) {
    if (run("command -v openssl").empty()) {
        GTEST_SKIP() << "no openssl command";
    }
    const auto dir = std::filesystem::temp_directory_path() /
                     ("indblik-checkpoint-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto key = newKey();
    auto c = sample();
    ASSERT_TRUE(signCheckpoint(key, "dev1", c).ok());
    auto pub = publicKeyOf(key);
    ASSERT_TRUE(pub.ok());
    std::ofstream(dir / "pub.pem") << pub->pem;
    std::ofstream(dir / "message", std::ios::binary) << checkpointMessage("dev1", c).value();
    std::ofstream(dir / "sig.b64") << c.signature << "\n";
    const auto d = dir.string();
    const auto out = run("openssl base64 -d -in " + d + "/sig.b64 -out " + d +
                         "/sig.der && openssl dgst -sha256 -verify " + d + "/pub.pem -signature " +
                         d + "/sig.der " + d + "/message 2>&1");
    EXPECT_NE(out.find("Verified OK"), std::string::npos) << out;
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace indblik
