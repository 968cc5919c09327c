#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "file_util.h"
#include "renewal.h"

namespace indblik::agent {
namespace {

namespace fs = std::filesystem;

pki::CertificateInfo issuedAt(std::int64_t issued, std::int64_t lifetime) {
    pki::CertificateInfo c;
    c.notBefore = issued - pki::kBackdateSeconds;
    c.notAfter = issued + lifetime;
    return c;
}

TEST(Renewal, DueWhenLessThanAThirdOfTheLifetimeOrThirtyDaysIsLeft) {
    const std::int64_t t0 = 1'800'000'000;
    // 90 s: renewed after 60 s.
    EXPECT_EQ(secondsUntilRenewal(issuedAt(t0, 90), t0), 60);
    EXPECT_EQ(secondsUntilRenewal(issuedAt(t0, 90), t0 + 59), 1);
    EXPECT_LE(secondsUntilRenewal(issuedAt(t0, 90), t0 + 60), 0);
    // 397 days: 30 days before the end.
    const std::int64_t day = 24 * 3600;
    EXPECT_EQ(secondsUntilRenewal(issuedAt(t0, 397 * day), t0), 367 * day);
    // 30 days: 10 days before the end.
    EXPECT_EQ(secondsUntilRenewal(issuedAt(t0, 30 * day), t0 + 20 * day), 0);
    // Expired long ago: due (the renewal itself will fail: such a device must enroll again).
    EXPECT_LT(secondsUntilRenewal(issuedAt(t0, 90), t0 + 1000), 0);
}

// An identity directory as enrollment leaves it, with a CA made here, and a second key and
// certificate as a renewal would bring.
class RenewalRecovery : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("indblik-renewal-" + std::to_string(::getpid()) + "-" + pki::randomHex(4).value());
        fs::create_directories(m_dir);
        const std::string caKey = pki::generatePrivateKey().value();
        m_ca = pki::makeCaCertificate(caKey, "test CA", 30).value();
        m_oldKey = pki::generatePrivateKey().value();
        m_oldCert = issue(caKey, m_oldKey);
        m_newKey = pki::generatePrivateKey().value();
        m_newCert = issue(caKey, m_newKey);
        write("ca.crt", m_ca);
        write("agent.key", m_oldKey);
        write("agent.crt", m_oldCert);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string issue(const std::string& caKey, const std::string& key) {
        auto issued = pki::signClientCertificate(pki::makeCsr(key, "dev1").value(), m_ca, caKey,
                                                 "dev1", std::chrono::seconds(3600));
        EXPECT_TRUE(issued.ok()) << issued.error();
        return issued ? issued->pem : std::string();
    }
    void write(const std::string& name, const std::string& content) {
        ASSERT_TRUE(writeFileAtomically((m_dir / name).string(), content, 0600).ok());
    }
    std::string read(const std::string& name) {
        auto text = readFile((m_dir / name).string(), 1 << 20);
        return text ? text.value() : std::string("<missing>");
    }
    bool exists(const std::string& name) { return fs::exists(m_dir / name); }
    // The identity works: the certificate is for the key and verifies against the CA.
    void expectWhole(const std::string& key, const std::string& cert) {
        EXPECT_EQ(read("agent.key"), key);
        EXPECT_EQ(read("agent.crt"), cert);
        EXPECT_TRUE(pki::certificateMatchesKey(read("agent.crt"), read("agent.key")));
        EXPECT_FALSE(exists("agent.key.new"));
        EXPECT_FALSE(exists("agent.crt.new"));
    }

    fs::path m_dir;
    std::string m_ca, m_oldKey, m_oldCert, m_newKey, m_newCert;
};

TEST_F(RenewalRecovery, NothingToDoWithoutLeftovers) {
    auto r = recoverRenewal(m_dir.string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value(), "");
    expectWhole(m_oldKey, m_oldCert);
}

// Killed after the new key was written, before the certificate was (or while it was being
// written): the old identity stays; the server still accepts it.
TEST_F(RenewalRecovery, DiscardsANewKeyWithoutItsCertificate) {
    write("agent.key.new", m_newKey);
    auto r = recoverRenewal(m_dir.string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value(), "discarded");
    expectWhole(m_oldKey, m_oldCert);
}

TEST_F(RenewalRecovery, DiscardsAHalfWrittenCertificate) {
    write("agent.key.new", m_newKey);
    write("agent.crt.new", m_newCert.substr(0, m_newCert.size() / 2));
    auto r = recoverRenewal(m_dir.string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value(), "discarded");
    expectWhole(m_oldKey, m_oldCert);
}

// Killed after both were written, before either rename: the renewal is finished.
TEST_F(RenewalRecovery, FinishesWhenBothNewFilesAreComplete) {
    write("agent.key.new", m_newKey);
    write("agent.crt.new", m_newCert);
    auto r = recoverRenewal(m_dir.string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value(), "finished");
    expectWhole(m_newKey, m_newCert);
    struct stat st {};
    ASSERT_EQ(::stat((m_dir / "agent.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

// Killed between the two renames: the key is the new one, the certificate still the old one.
TEST_F(RenewalRecovery, FinishesWhenOnlyTheCertificateIsLeftToRename) {
    write("agent.key", m_newKey);
    write("agent.crt.new", m_newCert);
    EXPECT_FALSE(pki::certificateMatchesKey(read("agent.crt"), read("agent.key")))
        << "the state a kill leaves here is broken until recovered";
    auto r = recoverRenewal(m_dir.string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value(), "finished");
    expectWhole(m_newKey, m_newCert);
}

// A certificate from another CA in agent.crt.new is never installed.
TEST_F(RenewalRecovery, NeverInstallsACertificateThatDoesNotVerify) {
    const std::string otherCaKey = pki::generatePrivateKey().value();
    const std::string pinned = m_ca;
    m_ca = pki::makeCaCertificate(otherCaKey, "other CA", 30).value();
    const std::string foreign = issue(otherCaKey, m_newKey);
    m_ca = pinned;
    write("agent.key.new", m_newKey);
    write("agent.crt.new", foreign);
    auto r = recoverRenewal(m_dir.string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value(), "discarded");
    expectWhole(m_oldKey, m_oldCert);
}

} // namespace
} // namespace indblik::agent
