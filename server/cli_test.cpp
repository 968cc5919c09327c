#include <gtest/gtest.h>

#include "cli.h"

namespace indblik::server {
namespace {

TEST(ServerCli, ParsesRun) {
    auto cl = parseCommandLine({"run", "--data-dir", "/tmp/x", "--agent-port", "0", "--enroll-port",
                                "9444", "--hostname", "a.example", "--hostname", "10.0.0.1",
                                "--listen", "127.0.0.1"});
    ASSERT_TRUE(cl.ok()) << cl.error();
    EXPECT_EQ(cl->action, Action::Run);
    EXPECT_EQ(cl->run.dataDir, "/tmp/x");
    EXPECT_EQ(cl->run.agentPort, 0);
    EXPECT_EQ(cl->run.enrollPort, 9444);
    EXPECT_EQ(cl->run.listen, "127.0.0.1");
    EXPECT_EQ(cl->run.hostnames, (std::vector<std::string>{"a.example", "10.0.0.1"}));
}

TEST(ServerCli, ParsesTheDeviceCertificateLifetime) {
    auto fallback = parseCommandLine({"run"});
    ASSERT_TRUE(fallback.ok());
    EXPECT_EQ(fallback->run.deviceCertLifetime.count(), 397 * 24 * 3600);
    auto cl = parseCommandLine({"run", "--device-cert-lifetime", "90s"});
    ASSERT_TRUE(cl.ok()) << cl.error();
    EXPECT_EQ(cl->run.deviceCertLifetime.count(), 90);
    EXPECT_EQ(parseLifetime("x", "15m").value().count(), 900);
    EXPECT_EQ(parseLifetime("x", "12h").value().count(), 12 * 3600);
    EXPECT_EQ(parseLifetime("x", "397d").value().count(), 397 * 24 * 3600);
    EXPECT_EQ(parseLifetime("x", "120").value().count(), 120);
    for (const char* bad : {"", "d", "0s", "59s", "-5m", "10w", "1.5h", "10951d", "99999999999d"}) {
        auto r = parseLifetime("--device-cert-lifetime", bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_NE(r.error().find("--device-cert-lifetime"), std::string::npos) << r.error();
    }
    EXPECT_FALSE(parseCommandLine({"run", "--device-cert-lifetime", "soon"}).ok());
}

TEST(ServerCli, ParsesTheAlertSettingsFile) {
    EXPECT_EQ(parseCommandLine({"run"})->run.alertsConfig, "");
    auto cl = parseCommandLine({"run", "--alerts-config", "/etc/indblik-server/alerts.conf"});
    ASSERT_TRUE(cl.ok()) << cl.error();
    EXPECT_EQ(cl->run.alertsConfig, "/etc/indblik-server/alerts.conf");
    EXPECT_FALSE(parseCommandLine({"run", "--alerts-config"}).ok());
}

TEST(ServerCli, ParsesAdminCommands) {
    auto token = parseCommandLine(
        {"admin", "--data-dir", "/d", "create-enrollment-token", "--ttl-minutes", "5"});
    ASSERT_TRUE(token.ok()) << token.error();
    EXPECT_EQ(token->admin.command, "create-enrollment-token");
    EXPECT_EQ(token->admin.option("--ttl-minutes"), "5");
    EXPECT_EQ(token->admin.dataDir, "/d");

    auto publish = parseCommandLine({"admin", "publish-policy", "p.json"});
    ASSERT_TRUE(publish.ok()) << publish.error();
    EXPECT_EQ(publish->admin.args, (std::vector<std::string>{"p.json"}));

    auto show = parseCommandLine({"admin", "show-entries", "--device", "abc"});
    ASSERT_TRUE(show.ok()) << show.error();
    EXPECT_EQ(show->admin.option("--device"), "abc");
}

TEST(ServerCli, RefusesBadArguments) {
    const std::vector<std::vector<std::string>> bad = {
        {},
        {"serve"},
        {"run", "--agent-port", "70000"},
        {"run", "--agent-port"},
        {"run", "--bogus", "1"},
        {"admin"},
        {"admin", "frobnicate"},
        {"admin", "publish-policy"},
        {"admin", "ca-fingerprint", "extra"},
        {"admin", "ca-fingerprint", "--ttl-minutes", "3"},
        {"admin", "create-enrollment-token", "--ttl-minutes"},
        {"admin", "create-enrollment-token", "--ttl-minutes", "1", "--ttl-minutes", "2"},
        {"admin", "--bogus", "x", "health"},
    };
    for (const auto& args : bad) {
        auto cl = parseCommandLine(args);
        EXPECT_FALSE(cl.ok()) << "accepted: " << ::testing::PrintToString(args);
        if (!cl.ok()) {
            EXPECT_FALSE(cl.error().empty());
        }
    }
}

} // namespace
} // namespace indblik::server
