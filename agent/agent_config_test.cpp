// The configuration file, its drop-ins and the environment: precedence, bad lines, and the
// enrollment settings (whose token no message may repeat).

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <gtest/gtest.h>

#include "agent_config.h"

namespace indblik::agent {
namespace {

namespace fs = std::filesystem;

const std::string kFingerprintA(64, 'a');
const std::string kFingerprintB(64, 'b');

class AgentConfigFiles : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("indblik-config-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "agent.conf.d");
        m_conf = (m_dir / "agent.conf").string();
    }
    void TearDown() override { fs::remove_all(m_dir); }

    void write(const fs::path& path, const std::string& text) {
        std::ofstream out(path);
        out << text;
    }
    fs::path dropIn(const std::string& name) { return m_dir / "agent.conf.d" / name; }

    fs::path m_dir;
    std::string m_conf;
};

TEST_F(AgentConfigFiles, DropInsOverrideTheFileInLexicalOrderAndTheFileOverridesTheEnvironment) {
    write(m_conf, "sync_interval = 30\nserver = https://conf.example:8444\n");
    write(dropIn("50-debconf.conf"), "server = https://debconf.example:8444\nca_fingerprint = " +
                                         kFingerprintA + "\nsync_interval = 40\n");
    write(dropIn("60-fix.conf"), "enrollment_token = from-drop-in\n");
    write(dropIn("10-early.conf"), "sync_interval = 20\n");
    // Not drop-ins: another extension, an editor's backup, a hidden file.
    write(dropIn("70-ignored.conf~"), "sync_interval = 99\n");
    write(dropIn("80-ignored.conf.dpkg-old"), "bogus line\n");
    write(dropIn(".90-hidden.conf"), "bogus line\n");
    const std::map<std::string, std::string> env{{"INDBLIK_SERVER", "https://env.example:8444"},
                                                 {"INDBLIK_CA_FINGERPRINT", kFingerprintB},
                                                 {"INDBLIK_ENROLLMENT_TOKEN", "from-environment"}};

    auto files = dropInFiles(m_conf);
    ASSERT_TRUE(files.ok()) << files.error();
    ASSERT_EQ(files.value().size(), 3u);
    EXPECT_EQ(fs::path(files.value()[0]).filename(), "10-early.conf");
    EXPECT_EQ(fs::path(files.value()[2]).filename(), "60-fix.conf");

    auto config = loadConfiguration(m_conf, env);
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_EQ(config->syncIntervalSeconds, 40); // 50-debconf after 10-early and agent.conf
    EXPECT_EQ(config->enrollment.server, "https://debconf.example:8444");
    EXPECT_EQ(config->enrollment.serverFrom, dropIn("50-debconf.conf").string() + ":1");
    EXPECT_EQ(config->enrollment.caFingerprint, kFingerprintA);
    EXPECT_EQ(config->enrollment.token, "from-drop-in");
    EXPECT_EQ(config->configPath, m_conf);
    EXPECT_TRUE(config->enrollment.complete());

    // What no file sets comes from the environment.
    fs::remove(dropIn("60-fix.conf"));
    config = loadConfiguration(m_conf, env);
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_EQ(config->enrollment.token, "from-environment");
    EXPECT_EQ(config->enrollment.tokenFrom, "environment INDBLIK_ENROLLMENT_TOKEN");

    // Without a configuration file: the environment alone.
    config = loadConfiguration("", env);
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_EQ(config->enrollment.server, "https://env.example:8444");
    EXPECT_EQ(config->enrollment.caFingerprint, kFingerprintB);
}

TEST_F(AgentConfigFiles, ABadLineNamesFileAndLineAndAppliesNothing) {
    write(m_conf, "sync_interval = 30\n");
    write(dropIn("50-a.conf"), "server = https://a.example:8444\n");
    write(dropIn("60-b.conf"), "# comment\n\nsync_interval = 45\nthis is not a setting\n");
    auto config = loadConfiguration(m_conf, {});
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error(), dropIn("60-b.conf").string() + ":4: expected key = value");

    write(dropIn("60-b.conf"), "sync_interval = 45\nfrobnicate = 1\n");
    config = loadConfiguration(m_conf, {});
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error(), dropIn("60-b.conf").string() + ":2: frobnicate: unknown setting");

    write(dropIn("60-b.conf"), "ca_fingerprint = 12:34\n");
    config = loadConfiguration(m_conf, {});
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().find(dropIn("60-b.conf").string() + ":1: ca_fingerprint: expected"),
              std::string::npos)
        << config.error();

    write(dropIn("60-b.conf"), "server = http://plain.example\n");
    config = loadConfiguration(m_conf, {});
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().find(":1: server: expected the server's enrollment address"),
              std::string::npos)
        << config.error();

    // One file alone: nothing of it is applied, not even its good lines before the bad one.
    AgentConfig one;
    write(dropIn("60-b.conf"), "sync_interval = 45\nserver = https://b.example\nbad\n");
    auto status = applyConfigFile(one, dropIn("60-b.conf").string());
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error(), dropIn("60-b.conf").string() + ":3: expected key = value");
    EXPECT_EQ(one.syncIntervalSeconds, 60);
    EXPECT_TRUE(one.enrollment.server.empty());
}

TEST_F(AgentConfigFiles, LeftOutABadDropInOrVariableIsSkippedAndNamed) {
    write(m_conf, "sync_interval = 30\n");
    write(dropIn("40-broken.conf"), "server = https://broken.example\nnot a setting\n");
    write(dropIn("50-good.conf"), "server = https://good.example:8444\n");
    const std::map<std::string, std::string> env{{"INDBLIK_CA_FINGERPRINT", "nonsense"},
                                                 {"INDBLIK_ENROLLMENT_TOKEN", "t"}};
    EXPECT_FALSE(loadConfiguration(m_conf, env).ok()) << "strict by default";
    std::vector<std::string> leftOut;
    auto config = loadConfiguration(m_conf, env, &leftOut);
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_EQ(config->syncIntervalSeconds, 30);
    EXPECT_EQ(config->enrollment.server, "https://good.example:8444");
    EXPECT_TRUE(config->enrollment.caFingerprint.empty());
    EXPECT_EQ(config->enrollment.token, "t");
    ASSERT_EQ(leftOut.size(), 2u);
    EXPECT_NE(leftOut[0].find("environment INDBLIK_CA_FINGERPRINT"), std::string::npos);
    EXPECT_EQ(leftOut[1], dropIn("40-broken.conf").string() + ":2: expected key = value");
    // agent.conf itself is never left out.
    write(m_conf, "bad line\n");
    leftOut.clear();
    EXPECT_FALSE(loadConfiguration(m_conf, env, &leftOut).ok());
}

TEST_F(AgentConfigFiles, NoMessageRepeatsAToken) {
    const std::string secret = "s3cret-token-value";
    write(m_conf, "enrollment_token = " + secret + " trailing\n");
    auto config = loadConfiguration(m_conf, {});
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().find(":1: enrollment_token: not a valid token"), std::string::npos)
        << config.error();
    EXPECT_EQ(config.error().find(secret), std::string::npos) << config.error();

    auto env = loadConfiguration("", {{"INDBLIK_ENROLLMENT_TOKEN", secret + " x"}});
    ASSERT_FALSE(env.ok());
    EXPECT_EQ(env.error().find(secret), std::string::npos) << env.error();
}

TEST_F(AgentConfigFiles, TheTokenFileIsReadWhenTheTokenIsNeededAndTheLastSettingWins) {
    const auto tokenFile = m_dir / "token";
    write(m_conf, "enrollment_token = inline\n");
    write(dropIn("50-file.conf"), "enrollment_token_file = " + tokenFile.string() + "\n");
    auto config = loadConfiguration(m_conf, {});
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_TRUE(config->enrollment.token.empty()) << "the later token file replaces the token";
    EXPECT_EQ(config->enrollment.tokenFile, tokenFile.string());
    // The file may appear after the configuration was read.
    auto token = enrollmentToken(config->enrollment);
    ASSERT_FALSE(token.ok());
    EXPECT_NE(token.error().find("50-file.conf:1"), std::string::npos) << token.error();
    write(tokenFile, "  from-the-file  \nsecond line ignored\n");
    token = enrollmentToken(config->enrollment);
    ASSERT_TRUE(token.ok()) << token.error();
    EXPECT_EQ(token.value(), "from-the-file");

    write(dropIn("60-inline.conf"), "enrollment_token = inline-again\n");
    config = loadConfiguration(m_conf, {});
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_TRUE(config->enrollment.tokenFile.empty());
    EXPECT_EQ(enrollmentToken(config->enrollment).value(), "inline-again");

    write(dropIn("70-relative.conf"), "enrollment_token_file = token\n");
    EXPECT_FALSE(loadConfiguration(m_conf, {}).ok());
}

TEST_F(AgentConfigFiles, ReadsTheDropInTheWindowsInstallerWrites) {
    // IniFile writes a section header, key=value without spaces, and CRLF line ends.
    write(m_conf, "");
    write(dropIn("50-msi.conf"), "[enrollment]\r\nserver=https://msi.example:8444\r\n"
                                 "ca_fingerprint=" +
                                     kFingerprintA + "\r\nenrollment_token=from-msi\r\n");
    auto config = loadConfiguration(m_conf, {});
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_EQ(config->enrollment.server, "https://msi.example:8444");
    EXPECT_EQ(config->enrollment.token, "from-msi");
    EXPECT_TRUE(config->enrollment.complete());
    write(dropIn("50-msi.conf"), "[other]\nserver=https://msi.example:8444\n");
    config = loadConfiguration(m_conf, {});
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error(), dropIn("50-msi.conf").string() + ":1: expected key = value");
}

TEST(EnrollmentSettings, SayWhatIsMissing) {
    EnrollmentSettings s;
    EXPECT_FALSE(s.any());
    s.server = "https://x.example:8444";
    EXPECT_TRUE(s.any());
    EXPECT_FALSE(s.complete());
    EXPECT_EQ(s.missing(), "ca_fingerprint, enrollment_token (or enrollment_token_file)");
    s.caFingerprint = kFingerprintA;
    s.tokenFile = "/t";
    EXPECT_TRUE(s.complete());
    EXPECT_EQ(s.missing(), "");
}

TEST(EnrollmentSettings, FingerprintsAreNormalised) {
    AgentConfig config;
    std::string colons;
    for (int i = 0; i < 32; ++i) {
        colons += (i ? ":" : "") + std::string("AB");
    }
    ASSERT_TRUE(applySettings(config, {{"ca_fingerprint", colons}}, "test").ok());
    std::string expected;
    for (int i = 0; i < 32; ++i) {
        expected += "ab";
    }
    EXPECT_EQ(config.enrollment.caFingerprint, expected);
}

} // namespace
} // namespace indblik::agent
