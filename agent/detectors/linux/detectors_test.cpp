#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "detectors/linux/audit_detector.h"
#include "detectors/linux/fake_root.h"
#include "detectors/linux/package_detector.h"
#include "detectors/linux/preload_detector.h"
#include "detectors/linux/process_detector.h"
#include "file_util.h"

namespace indblik::agent {
namespace {

using namespace testing_support;

TEST_F(FakeRoot, ProcessesAreMatchedByExecutablePathAndName) {
    process(100, "falcon-sensor", "/opt/CrowdStrike/falcond", std::string("falcond\0-x", 10));
    process(200, "osqueryd", "", std::string("/usr/bin/osqueryd\0--flagfile=/secret", 36));
    process(300, "bash", "/usr/bin/bash", std::string("bash\0-c\0secret words", 20));
    const auto found = detectProcesses(ctx());
    ASSERT_EQ(found.size(), 2u);
    std::vector<std::string> products;
    for (const auto& o : found) {
        products.push_back(*o.product);
        EXPECT_EQ(o.detector, "process");
        EXPECT_FALSE(anyContains(o.evidence, "secret")) << "arguments must never be kept";
        EXPECT_FALSE(o.why.en.empty());
        EXPECT_FALSE(o.why.da.empty());
    }
    EXPECT_NE(std::find(products.begin(), products.end(), "crowdstrike-falcon"), products.end());
    EXPECT_NE(std::find(products.begin(), products.end(), "osquery"), products.end());
}

TEST_F(FakeRoot, ATruncatedCommNameStillMatches) {
    // comm is cut to 15 characters by the kernel; the exe link may be unreadable.
    process(100, std::string("HubstaffClient.bin.x86_64").substr(0, 15), "", "");
    const auto found = detectProcesses(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].product, "hubstaff");
}

TEST_F(FakeRoot, NoProcFolderMeansNoProcessObservations) {
    EXPECT_TRUE(detectProcesses(ctx()).empty());
}

TEST(AuditRules, ExecveMeansCommandsAndWatchesMeanFileActivity) {
    const auto found = parseAuditRules("# comment\n"
                                       "-D\n-b 8192\n"
                                       "-a always,exit -F arch=b64 -S execve -k exec\n"
                                       "-a exit,always -S open,execveat\n"
                                       "-w /etc/shadow -p wa -k shadow\n"
                                       "-a always,exit -F dir=/home -F perm=w\n"
                                       "-a never,exit -S execve\n"
                                       "-a always,exit -S adjtimex -k time\n",
                                       "/etc/audit/audit.rules");
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0].category, "commands");
    EXPECT_EQ(found[0].evidence,
              "/etc/audit/audit.rules:4: -a always,exit -F arch=b64 -S execve -k exec");
    EXPECT_EQ(found[1].category, "commands");
    EXPECT_EQ(found[2].category, "file_activity");
    EXPECT_EQ(found[3].category, "file_activity");
}

TEST_F(FakeRoot, AuditRulesFromMainFileAndDropInsMakeOneObservation) {
    write("/etc/audit/audit.rules", "-w /var/log/secure -p r\n");
    write("/etc/audit/rules.d/10-exec.rules", "-a always,exit -S execve\n");
    write("/etc/audit/rules.d/ignored.conf", "-a always,exit -S execve\n");
    const auto found = detectAuditRules(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].detector, "audit");
    ASSERT_TRUE(found[0].title);
    EXPECT_EQ(found[0].displayName(Language::Danish), "Audit-regler (Linux)");
    EXPECT_EQ(found[0].categories, (std::vector<std::string>{"commands", "file_activity"}));
    ASSERT_EQ(found[0].evidence.size(), 2u);
    EXPECT_EQ(found[0].evidence[1], "/etc/audit/rules.d/10-exec.rules:1: -a always,exit -S execve");
}

TEST_F(FakeRoot, NoAuditRulesNoObservation) {
    write("/etc/audit/audit.rules", "-D\n-b 320\n");
    EXPECT_TRUE(detectAuditRules(ctx()).empty());
}

TEST(Preload, ParsesWhitespaceColonsAndComments) {
    EXPECT_EQ(parsePreload("/a.so /b.so:/c.so\n# /d.so\n\t/e.so"),
              (std::vector<std::string>{"/a.so", "/b.so", "/c.so", "/e.so"}));
    EXPECT_TRUE(parsePreload("").empty());
}

TEST_F(FakeRoot, KnownAndUnknownPreloadedLibrariesAreReported) {
    write("/etc/ld.so.preload",
          "/usr/lib/x86_64-linux-gnu/libsnoopy.so.0\n/opt/vendor/libhook.so\n");
    const auto found = detectPreload(ctx());
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].product, "snoopy");
    EXPECT_EQ(found[0].categories, std::vector<std::string>{"commands"});
    EXPECT_FALSE(found[1].product);
    EXPECT_NE(found[1].name.find("libhook.so"), std::string::npos);
    EXPECT_EQ(found[1].evidence[0], "/etc/ld.so.preload: /opt/vendor/libhook.so");
}

TEST(Dpkg, KeepsOnlyInstalledPackages) {
    const auto packages = parseDpkgStatus("Package: a\nStatus: install ok installed\nVersion: 1\n\n"
                                          "Package: b\nStatus: deinstall ok config-files\n\n"
                                          "Package: c\nVersion: 3\nStatus: install ok installed");
    ASSERT_EQ(packages.size(), 2u);
    EXPECT_EQ(packages[0].name, "a");
    EXPECT_EQ(packages[0].version, "1");
    EXPECT_EQ(packages[1].name, "c");
}

TEST_F(FakeRoot, InstalledMonitoringPackagesAreFound) {
    write("/var/lib/dpkg/status", "Package: osquery\nStatus: install ok installed\nVersion: "
                                  "5.10\n\nPackage: vim\nStatus: install ok installed\n");
    const auto found = detectPackages(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].product, "osquery");
    EXPECT_EQ(found[0].evidence, std::vector<std::string>{"installed package: osquery 5.10"});
}

TEST_F(FakeRoot, ReadConfigReportsWhatItCannotReadAndNeverTheContent) {
    write("/etc/good.conf", "rule text\n");
    write("/etc/binary.conf", std::string("a\0b", 3));
    write("/etc/huge.conf", std::string(2048, 'x'));
    fs::create_directories(m_root / "etc/dir.conf");
    fs::create_symlink(m_root / "etc/loop-a", m_root / "etc/loop-b");
    fs::create_symlink(m_root / "etc/loop-b", m_root / "etc/loop-a");
    auto c = ctx();
    EXPECT_EQ(c.readConfig("/etc/good.conf").value_or(""), "rule text\n");
    EXPECT_FALSE(c.readConfig("/etc/missing.conf"));
    EXPECT_TRUE(m_problems.empty()) << "a missing file is no problem";
    EXPECT_FALSE(c.readConfig("/etc/binary.conf"));
    EXPECT_FALSE(c.readConfig("/etc/huge.conf", 1024));
    EXPECT_FALSE(c.readConfig("/etc/dir.conf"));
    EXPECT_FALSE(c.readConfig("/etc/loop-a"));
    ASSERT_EQ(m_problems.size(), 4u);
    EXPECT_EQ(m_problems[0].path, "/etc/binary.conf") << "reported without the root";
    EXPECT_EQ(m_problems[0].detector, "test");
    EXPECT_TRUE(reported("/etc/huge.conf"));
    EXPECT_TRUE(reported("/etc/dir.conf"));
    EXPECT_TRUE(reported("/etc/loop-a"));
}

} // namespace
} // namespace indblik::agent
