// Tests for the audit plugin / TTY audit, log forwarding, session recording and process
// accounting detectors, each on a fake tree below a temp dir.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "detectors/linux/audit_detector.h"
#include "detectors/linux/config_text.h"
#include "detectors/linux/fake_root.h"
#include "detectors/linux/log_forwarding_detector.h"
#include "detectors/linux/process_accounting_detector.h"
#include "detectors/linux/session_recording_detector.h"
#include "discovery.h"

namespace indblik::agent {
namespace {

using testing_support::anyContains;
using testing_support::FakeRoot;
namespace fs = std::filesystem;

using LoggingDetectors = FakeRoot;

const Observation* named(const std::vector<Observation>& found, const std::string& name) {
    for (const auto& o : found) {
        if (o.name == name) {
            return &o;
        }
    }
    return nullptr;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// ---- helpers ---------------------------------------------------------------------------------

TEST(LoggingConfigText, UrlsLoseCredentialsPathAndQuery) {
    const auto d = parseUrl("https://user:secret@logs.example.com:8443/upload?token=abc", "1");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->hostPort(), "logs.example.com:8443");
    EXPECT_EQ(d->protocol, "https");
    EXPECT_EQ(parseUrl("[2001:db8::1]", "514")->hostPort(), "[2001:db8::1]:514");
    EXPECT_EQ(parseUrl("2001:db8::1", "514")->hostPort(), "[2001:db8::1]:514");
    EXPECT_FALSE(parseUrl("", "514"));
    EXPECT_TRUE(isLocalHost("127.0.0.1"));
    EXPECT_TRUE(isLocalHost("LOCALHOST"));
    EXPECT_FALSE(isLocalHost("logs.example.com"));
}

TEST(LoggingConfigText, EvidenceIsCollapsedAndBounded) {
    EXPECT_EQ(evidenceAt("/etc/x", 3, "  a \t  b  "), "/etc/x:3: a b");
    EXPECT_LT(evidenceAt("/etc/x", 1, std::string(5000, 'a')).size(), 220u);
}

// ---- audit plugins and TTY auditing ----------------------------------------------------------

TEST_F(LoggingDetectors, AuRemoteNamesItsServerAndCarriesTheRuleCategories) {
    write("/etc/audit/rules.d/exec.rules", "-a always,exit -F arch=b64 -S execve\n");
    write("/etc/audit/plugins.d/au-remote.conf",
          "# remote\nactive = yes\ndirection = out\npath = /sbin/audisp-remote\ntype = always\n");
    write("/etc/audit/audisp-remote.conf",
          "remote_server = audit.example.com\nport = 6000\ntransport = tcp\n");
    const auto found = detectAudit(ctx());
    const auto* o = named(found, "audit records forwarded to audit.example.com:6000");
    ASSERT_NE(o, nullptr);
    EXPECT_TRUE(has(o->categories, "commands"));
    EXPECT_TRUE(has(o->categories, "system_logs"));
    EXPECT_TRUE(anyContains(o->evidence, "/etc/audit/plugins.d/au-remote.conf:2: active = yes"));
    EXPECT_TRUE(anyContains(o->evidence, "/etc/audit/audisp-remote.conf:1: remote_server = audit"));
    EXPECT_NE(o->why.da.find("audisp-remote"), std::string::npos);
    EXPECT_NE(named(found, "Linux audit rules"), nullptr);
}

TEST_F(LoggingDetectors, AuRemoteDefaultsToPort60AndLegacyAudispDirectory) {
    write("/etc/audisp/plugins.d/au-remote.conf", "active = yes\npath = /sbin/audisp-remote\n");
    write("/etc/audisp/audisp-remote.conf", "remote_server = 10.1.2.3\n");
    const auto found = detectAuditPlugins(ctx(), {});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "audit records forwarded to 10.1.2.3:60");
    EXPECT_FALSE(has(found[0].categories, "commands"));
}

TEST_F(LoggingDetectors, InactiveOrCommentedPluginsAreNotReported) {
    write("/etc/audit/plugins.d/au-remote.conf", "active = no\npath = /sbin/audisp-remote\n");
    write("/etc/audit/plugins.d/syslog.conf", "# active = yes\nactive = no\npath = "
                                              "/sbin/audisp-syslog\n");
    write("/etc/audit/plugins.d/af_unix.conf", "active = no\npath = builtin_af_unix\n");
    write("/etc/audit/audisp-remote.conf", "remote_server = audit.example.com\n");
    EXPECT_TRUE(detectAudit(ctx()).empty());
}

TEST_F(LoggingDetectors, SyslogAndOtherActivePluginsAreNamed) {
    write("/etc/audit/plugins.d/syslog.conf", "active = yes\npath = /sbin/audisp-syslog\n");
    write("/etc/audit/plugins.d/siem.conf", "active = yes\npath = /opt/siem/bin/audit-shipper\n");
    write("/etc/audit/plugins.d/notes.txt", "active = yes\npath = /opt/ignored\n");
    const auto found = detectAuditPlugins(ctx(), {"file_activity"});
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].name, "audit plugin /opt/siem/bin/audit-shipper");
    EXPECT_EQ(found[1].name, "audit records copied to the system log");
    EXPECT_TRUE(has(found[1].categories, "file_activity"));
}

TEST(TtyAudit, EnableMeansKeystrokesDisableAndCommentsDoNot) {
    const auto found = parsePamTtyAudit("#session required pam_tty_audit.so enable=*\n"
                                        "session required pam_tty_audit.so disable=*\n"
                                        "session required pam_tty_audit.so disable=* enable=root "
                                        "log_passwd\n",
                                        "/etc/pam.d/sshd");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], "/etc/pam.d/sshd:3: session required pam_tty_audit.so disable=* "
                        "enable=root log_passwd");
}

TEST_F(LoggingDetectors, TtyAuditInPamDirectoryIsKeystrokes) {
    write("/etc/pam.d/common-session", "session optional pam_systemd.so\n");
    write("/etc/pam.d/sshd", "session required pam_tty_audit.so enable=*\n");
    write("/etc/pam.d/sshd.dpkg-old", "session required pam_tty_audit.so enable=*\n");
    const auto found = detectAudit(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].categories, std::vector<std::string>{"keystrokes"});
    EXPECT_EQ(found[0].evidence,
              std::vector<std::string>{"/etc/pam.d/sshd:1: session required pam_tty_audit.so "
                                       "enable=*"});
}

TEST_F(LoggingDetectors, BadAuditPluginFilesAreReportedNotFatal) {
    write("/etc/audit/plugins.d/binary.conf", std::string("active = yes\0\x01", 14));
    write("/etc/audit/plugins.d/huge.conf", std::string(2 << 20, 'a'));
    fs::create_symlink("loop.conf", m_root / "etc/audit/plugins.d/loop.conf");
    EXPECT_TRUE(detectAudit(ctx()).empty());
    EXPECT_TRUE(reported("/etc/audit/plugins.d/binary.conf"));
    EXPECT_TRUE(reported("/etc/audit/plugins.d/huge.conf"));
    EXPECT_TRUE(reported("/etc/audit/plugins.d/loop.conf"));
}

// ---- log forwarding --------------------------------------------------------------------------

TEST(Rsyslog, LegacyForwardingRulesNameHostPortAndProtocol) {
    const auto rules =
        parseRsyslog("# *.* @@commented.example.com\n"
                     "*.* @@logs.example.com:10514\n"
                     "authpriv.* @10.0.0.5\n"
                     "mail.* -/var/log/mail.log\n"
                     "kern.* @(o,z9)[2001:db8::5]:514;RSYSLOG_ForwardFormat\n"
                     "*.* @127.0.0.1:514\n"
                     "*.*;auth,authpriv.none :omrelp:relp.example.com:2514\n"
                     "$ActionQueueType LinkedList\n"
                     "if $syslogfacility-text == 'authpriv' then @@sec.example.com\n",
                     "/etc/rsyslog.conf");
    ASSERT_EQ(rules.size(), 5u);
    EXPECT_EQ(rules[4].destination.hostPort(), "sec.example.com:514");
    EXPECT_TRUE(rules[4].loginActivity);
    EXPECT_EQ(rules[0].destination.hostPort(), "logs.example.com:10514");
    EXPECT_EQ(rules[0].destination.protocol, "tcp");
    EXPECT_TRUE(rules[0].loginActivity);
    EXPECT_EQ(rules[0].evidence[0], "/etc/rsyslog.conf:2: *.* @@logs.example.com:10514");
    EXPECT_EQ(rules[1].destination.hostPort(), "10.0.0.5:514");
    EXPECT_EQ(rules[1].destination.protocol, "udp");
    EXPECT_TRUE(rules[1].loginActivity);
    EXPECT_EQ(rules[2].destination.hostPort(), "[2001:db8::5]:514");
    EXPECT_FALSE(rules[2].loginActivity);
    EXPECT_EQ(rules[3].destination.protocol, "relp");
    EXPECT_FALSE(rules[3].loginActivity);
}

TEST(Rsyslog, RainerScriptActionsAcrossLines) {
    const auto rules =
        parseRsyslog("/* action(type=\"omfwd\" target=\"commented.example.com\") */\n"
                     "*.* action(type=\"omfwd\"\n"
                     "           target=\"siem.example.com\" port=\"6514\"\n"
                     "           protocol=\"tcp\")\n"
                     "action(type=\"omfile\" file=\"/var/log/all\")\n"
                     "mail.* action(type=\"omrelp\" target=\"relp.example.com\" "
                     "port=\"2514\") # relp\n"
                     "if $programname == 'app' then {\n"
                     "  action(type=\"omfwd\" target=\"app.example.com\")\n"
                     "}\n"
                     "#action(type=\"omfwd\" target=\"off.example.com\")\n",
                     "/etc/rsyslog.d/50-fwd.conf");
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_EQ(rules[0].destination.hostPort(), "siem.example.com:6514");
    EXPECT_EQ(rules[0].destination.protocol, "tcp");
    EXPECT_TRUE(rules[0].loginActivity);
    EXPECT_TRUE(rules[0].evidence[0].rfind("/etc/rsyslog.d/50-fwd.conf:2: *.* action(", 0) == 0);
    EXPECT_EQ(rules[1].destination.hostPort(), "relp.example.com:2514");
    EXPECT_EQ(rules[1].destination.protocol, "relp");
    EXPECT_FALSE(rules[1].loginActivity);
    EXPECT_EQ(rules[2].destination.hostPort(), "app.example.com:514");
    EXPECT_EQ(rules[2].destination.protocol, "udp");
    EXPECT_FALSE(rules[2].loginActivity);
}

TEST_F(LoggingDetectors, RsyslogDropInsOnlyWhenIncludedAndOneObservationPerDestination) {
    write("/etc/rsyslog.conf", "$IncludeConfig /etc/rsyslog.d/*.conf\n"
                               "*.* /var/log/syslog\n"
                               "auth,authpriv.* @@logs.example.com:514\n");
    write("/etc/rsyslog.d/10-more.conf", "kern.* @@logs.example.com:514\n");
    write("/etc/rsyslog.d/20-other.conf", "local0.* @other.example.com\n");
    write("/etc/rsyslog.d/README", "*.* @readme.example.com\n");
    const auto found = detectLogForwarding(ctx());
    ASSERT_EQ(found.size(), 2u);
    const auto* logs = named(found, "log forwarding to logs.example.com:514");
    ASSERT_NE(logs, nullptr);
    EXPECT_EQ(logs->detector, "log-forwarding");
    EXPECT_EQ(logs->categories, (std::vector<std::string>{"login_activity", "system_logs"}));
    EXPECT_EQ(logs->evidence.size(), 2u);
    ASSERT_TRUE(logs->title);
    EXPECT_EQ(logs->title->da, "Systemloggen sendes til logs.example.com:514 (tcp)");
    const auto* other = named(found, "log forwarding to other.example.com:514");
    ASSERT_NE(other, nullptr);
    EXPECT_EQ(other->categories, std::vector<std::string>{"system_logs"});
}

TEST_F(LoggingDetectors, RsyslogNewStyleIncludeReadsDropIns) {
    write("/etc/rsyslog.conf",
          "include(file=\"/etc/rsyslog.d/*.conf\" mode=\"optional\")\n/* a comment */\n");
    write("/etc/rsyslog.d/10-fwd.conf", "*.* @@logs.example.com\n");
    const auto found = detectLogForwarding(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "log forwarding to logs.example.com:514");
}

TEST_F(LoggingDetectors, RsyslogDropInsIgnoredWithoutInclude) {
    write("/etc/rsyslog.conf", "*.* /var/log/syslog\n# $IncludeConfig /etc/rsyslog.d/*.conf\n");
    write("/etc/rsyslog.d/10-fwd.conf", "*.* @@logs.example.com\n");
    EXPECT_TRUE(detectLogForwarding(ctx()).empty());
}

TEST(SyslogNg, OnlyNetworkDestinationsUsedInALogStatement) {
    const std::vector<ConfigFile> files{
        {"/etc/syslog-ng/syslog-ng.conf",
         "source s_src { system(); internal(); };\n"
         "filter f_auth { facility(auth, authpriv) and not filter(f_dbg); };\n"
         "filter f_noauth { not facility(auth, authpriv); };\n"
         "destination d_file { file(\"/var/log/messages\"); };\n"
         "# destination d_gone { network(\"gone.example.com\"); };\n"
         "destination d_unused { tcp(\"unused.example.com\" port(514)); };\n"
         "log { source(s_src); filter(f_noauth); destination(d_file); };\n"},
        {"/etc/syslog-ng/conf.d/remote.conf",
         "destination d_siem {\n"
         "  network(\"siem.example.com\" port(6514) transport(\"tls\"));\n"
         "};\n"
         "destination d_udp { udp(\"10.0.0.9\"); };\n"
         "log { source(s_src); filter(f_auth); destination(d_siem); };\n"
         "log { source(s_src); filter(f_noauth); destination(d_udp); };\n"
         "log { source(s_src); destination { syslog(\"inline.example.com\"); }; };\n"}};
    const auto rules = parseSyslogNg(files);
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_EQ(rules[0].destination.hostPort(), "siem.example.com:6514");
    EXPECT_EQ(rules[0].destination.protocol, "tls");
    EXPECT_TRUE(rules[0].loginActivity);
    EXPECT_EQ(rules[0].evidence[0],
              "/etc/syslog-ng/conf.d/remote.conf:2: network(\"siem.example.com\" "
              "port(6514) transport(\"tls\"))");
    EXPECT_TRUE(anyContains(rules[0].evidence, "remote.conf:5: log { … destination(d_siem) … }"));
    EXPECT_EQ(rules[1].destination.hostPort(), "10.0.0.9:514");
    EXPECT_EQ(rules[1].destination.protocol, "udp");
    EXPECT_FALSE(rules[1].loginActivity);
    EXPECT_EQ(rules[2].destination.hostPort(), "inline.example.com:601");
    EXPECT_TRUE(rules[2].loginActivity);
}

TEST_F(LoggingDetectors, SyslogNgConfDOnlyWhenIncluded) {
    write("/etc/syslog-ng/syslog-ng.conf", "@include \"/etc/syslog-ng/conf.d/*.conf\"\n"
                                           "source s_src { system(); };\n");
    write("/etc/syslog-ng/conf.d/fwd.conf",
          "destination d_net { network(\"logs.example.com\"); };\n"
          "log { source(s_src); destination(d_net); };\n");
    auto found = detectLogForwarding(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "log forwarding to logs.example.com:514");
    write("/etc/syslog-ng/syslog-ng.conf", "source s_src { system(); };\n");
    EXPECT_TRUE(detectLogForwarding(ctx()).empty());
}

TEST(JournalUpload, LastUrlInUploadSectionWinsWithoutCredentials) {
    auto rules = parseJournalUpload("[Upload]\n#URL=https://commented.example.com\n"
                                    "URL=https://u:secret@first.example.com/x?token=abc\n"
                                    "URL=http://logs.example.com\n",
                                    "/etc/systemd/journal-upload.conf");
    ASSERT_EQ(rules.size(), 1u);
    EXPECT_EQ(rules[0].destination.hostPort(), "logs.example.com:19532");
    EXPECT_EQ(rules[0].evidence[0],
              "/etc/systemd/journal-upload.conf:4: URL=http://logs.example.com:19532");
    rules = parseJournalUpload("[Other]\nURL=https://x.example.com\n", "/f");
    EXPECT_TRUE(rules.empty());
}

TEST_F(LoggingDetectors, JournalUploadCountsOnlyWhenEnabled) {
    write("/etc/systemd/journal-upload.conf",
          "[Upload]\nURL=https://user:pw@journal.example.com:443/upload?key=SECRETKEY\n");
    EXPECT_TRUE(detectLogForwarding(ctx()).empty());
    fs::create_directories(m_root / "etc/systemd/system/multi-user.target.wants");
    fs::create_symlink("/lib/systemd/system/systemd-journal-upload.service",
                       m_root / "etc/systemd/system/multi-user.target.wants/"
                                "systemd-journal-upload.service");
    const auto found = detectLogForwarding(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "log forwarding to journal.example.com:443");
    EXPECT_TRUE(has(found[0].categories, "login_activity"));
    EXPECT_TRUE(anyContains(found[0].evidence, "systemd-journal-upload.service: service enabled"));
    for (const auto& e : found[0].evidence) {
        EXPECT_EQ(e.find("SECRETKEY"), std::string::npos);
        EXPECT_EQ(e.find("pw@"), std::string::npos);
    }
    // A drop-in overrides the main file.
    write("/etc/systemd/journal-upload.conf.d/50-site.conf", "[Upload]\nURL=drop.example.com\n");
    EXPECT_EQ(detectLogForwarding(ctx()).at(0).name, "log forwarding to drop.example.com:19532");
}

TEST_F(LoggingDetectors, BadLogConfigsAreReportedNotFatal) {
    write("/etc/rsyslog.conf", std::string("*.* @@x\0y", 9));
    write("/etc/syslog-ng/syslog-ng.conf", std::string(3 << 20, '{'));
    EXPECT_TRUE(detectLogForwarding(ctx()).empty());
    EXPECT_TRUE(reported("/etc/rsyslog.conf"));
    EXPECT_TRUE(reported("/etc/syslog-ng/syslog-ng.conf"));
}

TEST_F(LoggingDetectors, NonUtf8FileNamesAndHostsBecomeValidJson) {
    write("/etc/rsyslog.conf", "$IncludeConfig /etc/rsyslog.d/*.conf\n");
    write("/etc/rsyslog.d/caf\xe9.conf", "*.* @@h\xe9st.example.com\n");
    const auto result = discover(m_root.string(), testing_support::catalog(),
                                 {{"log-forwarding", detectLogForwarding}});
    ASSERT_EQ(result.observations.size(), 1u);
    const auto& o = result.observations[0];
    EXPECT_EQ(o.name, "log forwarding to h\\xE9st.example.com:514");
    EXPECT_TRUE(anyContains(o.evidence, "/etc/rsyslog.d/caf\\xE9.conf:1:"));
    ASSERT_TRUE(o.title);
    EXPECT_EQ(o.title->en, "System logs sent to h\\xE9st.example.com:514 (tcp)");
    EXPECT_NO_THROW(toJsonText(o));
}

TEST(Rsyslog, UnbalancedAndOddTextDoesNotHang) {
    EXPECT_TRUE(parseRsyslog("action(type=\"omfwd\" target=\"x\"\n\"unterminated", "/f").empty());
    EXPECT_TRUE(parseRsyslog(std::string(100000, '('), "/f").empty());
    EXPECT_TRUE(
        parseSyslogNg({{"/f", "log { destination(d); \n destination d { network(\""}}).empty());
    EXPECT_TRUE(parseRsyslog("*.* @\n*.* @@\n*.* @(o\n", "/f").empty());
}

// ---- session recording -----------------------------------------------------------------------

TEST(Sudoers, IoLoggingTagsServersAndNegation) {
    SudoLogging sudo;
    parseSudoers("# Defaults log_input\n"
                 "Defaults log_output, iolog_dir=/var/log/sudo-io/%{user}\n"
                 "Defaults:alice log_input\n"
                 "Defaults log_servers=\"logsrv.example.com:30344 "
                 "tls.example.com(tls)\"\n"
                 "bob ALL = (ALL) NOLOG_INPUT: LOG_OUTPUT: ALL\n"
                 "#includedir /etc/sudoers.d\n",
                 "/etc/sudoers", sudo);
    EXPECT_EQ(sudo.output.size(), 2u);
    EXPECT_EQ(sudo.input.size(), 1u);
    EXPECT_EQ(sudo.input[0], "/etc/sudoers:3: Defaults:alice log_input");
    EXPECT_EQ(sudo.iologDir.size(), 1u);
    ASSERT_EQ(sudo.servers.size(), 2u);
    EXPECT_EQ(sudo.servers[0].first, "logsrv.example.com:30344");
    EXPECT_EQ(sudo.servers[1].first, "tls.example.com:30343");
    parseSudoers("Defaults !log_output\nDefaults \\\n   !log_input\n", "/etc/sudoers.d/off", sudo);
    EXPECT_TRUE(sudo.output.empty());
    EXPECT_TRUE(sudo.input.empty());
}

TEST_F(LoggingDetectors, SudoIoLogsAndLogServerFromSudoersD) {
    write("/etc/sudoers", "Defaults env_reset\n@includedir /etc/sudoers.d\n");
    write("/etc/sudoers.d/io",
          "Defaults log_input,log_output\nDefaults log_servers=logs.example.com\n");
    write("/etc/sudoers.d/skipped.conf", "Defaults log_servers=skipped.example.com\n");
    const auto found = detectSessionRecording(ctx());
    ASSERT_EQ(found.size(), 2u);
    const auto* io = named(found, "sudo session recording (I/O logs)");
    ASSERT_NE(io, nullptr);
    EXPECT_EQ(io->categories, (std::vector<std::string>{"keystrokes", "terminal_sessions"}));
    EXPECT_TRUE(anyContains(io->evidence, "/etc/sudoers.d/io:1: Defaults log_input,log_output"));
    const auto* server = named(found, "sudo logs sent to logs.example.com:30344");
    ASSERT_NE(server, nullptr);
    EXPECT_EQ(server->categories,
              (std::vector<std::string>{"commands", "keystrokes", "terminal_sessions"}));
}

TEST_F(LoggingDetectors, PlainSudoersIsNotRecording) {
    write("/etc/sudoers", "Defaults env_reset\nDefaults use_pty\n# Defaults log_output\n"
                          "root ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) ALL\n"
                          "@includedir /etc/sudoers.d\n");
    write("/etc/sudoers.d/README", "# Defaults log_input\n");
    EXPECT_TRUE(detectSessionRecording(ctx()).empty());
}

TEST_F(LoggingDetectors, SssdSessionRecordingScope) {
    write("/etc/sssd/sssd.conf", "[sssd]\ndomains = x\n[session_recording]\nscope = none\n");
    EXPECT_TRUE(detectSessionRecording(ctx()).empty());
    write("/etc/sssd/conf.d/recording.conf", "[session_recording]\nscope = some\nusers = alice\n");
    write("/etc/tlog/tlog-rec-session.conf", "{\"log\": {\"input\": true, \"output\": true}}\n");
    const auto found = detectSessionRecording(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "terminal sessions recorded by tlog (sssd)");
    EXPECT_EQ(found[0].categories, (std::vector<std::string>{"keystrokes", "terminal_sessions"}));
    EXPECT_TRUE(anyContains(found[0].evidence, "/etc/sssd/conf.d/recording.conf:2: scope = some"));
    write("/etc/sssd/conf.d/recording.conf", "[session_recording]\nscope = some\n");
    EXPECT_TRUE(detectSessionRecording(ctx()).empty());
}

TEST_F(LoggingDetectors, RecorderLoginShells) {
    write("/etc/passwd",
          "root:x:0:0:root:/root:/bin/bash\n"
          "alice:x:1000:1000:Alice Secret Name,,,:/home/alice:/usr/bin/tlog-rec-session\n"
          "bob:x:1001:1001::/home/bob:/bin/bash\n");
    const auto found = detectSessionRecording(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "login shell records terminal sessions (tlog-rec-session)");
    EXPECT_EQ(found[0].categories, std::vector<std::string>{"terminal_sessions"});
    EXPECT_EQ(found[0].evidence[0],
              "/etc/passwd:2: user alice has login shell /usr/bin/tlog-rec-session");
    EXPECT_FALSE(anyContains(found[0].evidence, "Secret"));
}

TEST_F(LoggingDetectors, ShellStartupSendingCommandsToSyslog) {
    write("/etc/profile.d/cmdlog.sh",
          "# PROMPT_COMMAND='logger \"$(history 1)\"'\n"
          "log_cmd() { logger -p local6.info \"$USER $(history 1)\"; }\n"
          "export PROMPT_COMMAND=log_cmd\n");
    write("/etc/bash.bashrc",
          "PS1='\\u@\\h:\\w\\$ '\nPROMPT_COMMAND='echo -ne \"\\033]0;\\007\"'\n");
    const auto found = detectSessionRecording(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "shell start-up sends every command to the system log");
    EXPECT_EQ(found[0].categories, std::vector<std::string>{"commands"});
    EXPECT_TRUE(
        anyContains(found[0].evidence, "/etc/profile.d/cmdlog.sh:3: export PROMPT_COMMAND"));
    EXPECT_TRUE(anyContains(found[0].evidence, "/etc/profile.d/cmdlog.sh:2: log_cmd()"));
    EXPECT_FALSE(anyContains(found[0].evidence, "bash.bashrc"));
}

TEST_F(LoggingDetectors, ShellStartupStartingScript) {
    write("/etc/profile.d/record.sh",
          "# This script records sessions\n"
          "if [ -z \"$RECORDING\" ]; then export RECORDING=1; exec script -q -B "
          "/var/log/sessions/$USER-$$.log; fi\n");
    write("/etc/profile.d/other.sh", "echo \"the script ran\"\n. /etc/profile.d/script.sh\n");
    const auto found = detectSessionRecording(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "shell start-up starts a session recorder");
    EXPECT_EQ(found[0].categories, (std::vector<std::string>{"keystrokes", "terminal_sessions"}));
    EXPECT_EQ(found[0].evidence.size(), 1u);
}

TEST_F(LoggingDetectors, BadSessionFilesAreReported) {
    write("/etc/sudoers", std::string("Defaults log_input\0", 19));
    fs::create_directories(m_root / "etc/profile.d");
    fs::create_symlink("a.sh", m_root / "etc/profile.d/b.sh");
    fs::create_symlink("b.sh", m_root / "etc/profile.d/a.sh");
    EXPECT_TRUE(detectSessionRecording(ctx()).empty());
    EXPECT_TRUE(reported("/etc/sudoers"));
    EXPECT_TRUE(reported("/etc/profile.d/a.sh"));
}

// ---- process accounting ----------------------------------------------------------------------

TEST_F(LoggingDetectors, ProcessAccountingNeedsDataAndEnabledService) {
    write("/var/log/account/pacct", "");
    fs::create_directories(m_root / "etc/systemd/system/multi-user.target.wants");
    fs::create_symlink("/lib/systemd/system/acct.service",
                       m_root / "etc/systemd/system/multi-user.target.wants/acct.service");
    EXPECT_TRUE(detectProcessAccounting(ctx()).empty()); // empty file: nothing recorded yet
    write("/var/log/account/pacct", std::string(128, '\x01') + "secret-command-name");
    const auto found = detectProcessAccounting(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].categories, (std::vector<std::string>{"commands", "login_activity"}));
    EXPECT_EQ(found[0].evidence[0], "/var/log/account/pacct: 147 bytes");
    EXPECT_FALSE(anyContains(found[0].evidence, "secret-command-name"));
    fs::remove(m_root / "etc/systemd/system/multi-user.target.wants/acct.service");
    EXPECT_TRUE(detectProcessAccounting(ctx()).empty());
}

TEST_F(LoggingDetectors, PsacctOnRhelPaths) {
    write("/var/account/pacct", "x");
    fs::create_directories(m_root / "etc/systemd/system/default.target.wants");
    fs::create_symlink("/usr/lib/systemd/system/psacct.service",
                       m_root / "etc/systemd/system/default.target.wants/psacct.service");
    const auto found = detectProcessAccounting(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_TRUE(anyContains(found[0].evidence, "default.target.wants/psacct.service"));
}

TEST_F(LoggingDetectors, ProcessAccountingEnabledBySysvStartLink) {
    write("/var/log/account/pacct", "x");
    write("/etc/rc2.d/K01acct", "");
    EXPECT_TRUE(detectProcessAccounting(ctx()).empty()); // a stop link does not enable it
    fs::create_symlink("../init.d/acct", m_root / "etc/rc2.d/S01acct");
    const auto found = detectProcessAccounting(ctx());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_TRUE(anyContains(found[0].evidence, "/etc/rc2.d/S01acct: service enabled"));
}

// ---- registration ----------------------------------------------------------------------------

TEST(LoggingRegistration, DetectorsAreRegisteredWithWatchPaths) {
    const auto detectors = platformDetectors();
    const auto watches = [&](std::string_view name, const std::string& path) {
        for (const auto& d : detectors) {
            if (d.name == name) {
                return has(d.watch, path);
            }
        }
        return false;
    };
    EXPECT_TRUE(watches("audit", "/etc/audit/plugins.d"));
    EXPECT_TRUE(watches("audit", "/etc/pam.d"));
    EXPECT_TRUE(watches("log-forwarding", "/etc/rsyslog.d"));
    EXPECT_TRUE(watches("log-forwarding", "/etc/syslog-ng/conf.d"));
    EXPECT_TRUE(watches("log-forwarding", "/etc/systemd/journal-upload.conf.d"));
    EXPECT_TRUE(watches("session-recording", "/etc/sudoers.d"));
    EXPECT_TRUE(watches("session-recording", "/etc/profile.d"));
    EXPECT_TRUE(watches("process-accounting", "/etc/systemd/system/multi-user.target.wants"));
}

} // namespace
} // namespace indblik::agent
