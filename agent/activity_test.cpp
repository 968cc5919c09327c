#include <ctime>
#include <fstream>
#include <unistd.h>

#include <Poco/Data/Session.h>

#include "activity.h"
#include "agent_store.h"
#include "detectors/linux/fake_root.h"

namespace indblik::agent {
namespace {

using namespace testing_support;
using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

const double kTicks = static_cast<double>(::sysconf(_SC_CLK_TCK));

Observation productFound(const std::string& id) {
    const auto* entry = catalog().find(id);
    EXPECT_NE(entry, nullptr) << id;
    return productObservation(*entry, "process", {"running process: " + id}, "", "");
}

class ActivityTest : public FakeRoot {
protected:
    void stat(int pid, const std::string& comm, unsigned long utime, unsigned long stime,
              unsigned long start = 5000) {
        write("/proc/" + std::to_string(pid) + "/stat",
              std::to_string(pid) + " (" + comm + ") S 1 1 1 0 -1 4194560 10 0 0 0 " +
                  std::to_string(utime) + " " + std::to_string(stime) + " 0 0 20 0 1 0 " +
                  std::to_string(start) + " 1000 200\n");
    }
    void io(int pid, unsigned long wchar) {
        write("/proc/" + std::to_string(pid) + "/io",
              "rchar: 99\nwchar: " + std::to_string(wchar) + "\nsyscr: 1\nsyscw: 1\n");
    }
    void socket(int pid, int fd, unsigned long inode) {
        const auto dir = m_root / ("proc/" + std::to_string(pid) + "/fd");
        fs::create_directories(dir);
        fs::create_symlink("socket:[" + std::to_string(inode) + "]", dir / std::to_string(fd));
    }
    std::vector<ActivityInterval> sample(const std::vector<Observation>& current,
                                         Clock::time_point at) {
        return sampleActivity(m_root.string(), catalog(), current, m_state, at);
    }

    ActivityState m_state;
    const Clock::time_point m_t0 = Clock::time_point(std::chrono::seconds(1'795'000'000));
};

// 10.0.0.5:443 (0500000A:01BB) established, and a listening socket that is not a contact.
const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
    "   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
    "555 1 0000000000000000 100 0 0 10 0\n"
    "   1: 0200000A:A1B2 0500000A:01BB 01 00000000:00000000 00:00000000 00000000     0        0 "
    "777 1 0000000000000000 20 4 30 10 -1\n";

TEST_F(ActivityTest, AnIntervalOpensWithCpuBytesAndEndpointsAndClosesWhenIdle) {
    process(100, "osqueryd", "/usr/bin/osqueryd", "/usr/bin/osqueryd\0--flagfile\0");
    stat(100, "osqueryd", 100, 50);
    io(100, 1000);
    socket(100, 3, 777);
    socket(100, 4, 555);
    write("/proc/net/tcp", kTcp);
    const std::vector current{productFound("osquery")};

    EXPECT_TRUE(sample(current, m_t0).empty());
    EXPECT_TRUE(m_state.open.empty()) << "the first sample only sets the baseline";

    stat(100, "osqueryd", 130, 70); // 50 ticks more
    io(100, 5096);
    EXPECT_TRUE(sample(current, m_t0 + 5min).empty());
    ASSERT_EQ(m_state.open.size(), 1u);
    const auto& open = m_state.open.at("product:osquery");
    EXPECT_EQ(open.start, isoTime(m_t0));
    EXPECT_EQ(open.end, isoTime(m_t0 + 5min));
    EXPECT_DOUBLE_EQ(open.cpuSeconds, 50 / kTicks);
    EXPECT_EQ(open.bytesWritten, 4096u);
    EXPECT_EQ(open.remoteEndpoints, std::vector<std::string>{"10.0.0.5:443"});

    // Idle for a whole sample: the interval closes, ending at the last active sample.
    const auto closed = sample(current, m_t0 + 10min);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].observation, "product:osquery");
    EXPECT_EQ(closed[0].product, "osquery");
    EXPECT_EQ(closed[0].end, isoTime(m_t0 + 5min));
    EXPECT_TRUE(m_state.open.empty());
    EXPECT_EQ(m_state.last.at("product:osquery"), closed[0]);
    const auto json = toJsonText(closed[0]);
    EXPECT_EQ(json.find("flagfile"), std::string::npos) << "never the command line";
}

TEST_F(ActivityTest, ContinuousActivityClosesAnIntervalEveryHour) {
    process(100, "osqueryd", "/usr/bin/osqueryd", "");
    const std::vector current{productFound("osquery")};
    std::vector<ActivityInterval> closed;
    for (int i = 0; i <= 24; ++i) { // two hours in 5-minute samples, busy all the time
        stat(100, "osqueryd", 10 * static_cast<unsigned long>(i), 0);
        for (auto& c : sample(current, m_t0 + i * 5min)) {
            closed.push_back(c);
        }
    }
    ASSERT_EQ(closed.size(), 2u);
    EXPECT_EQ(closed[0].start, isoTime(m_t0));
    EXPECT_EQ(closed[0].end, isoTime(m_t0 + 60min));
    EXPECT_EQ(closed[1].start, isoTime(m_t0 + 60min)) << "the next interval continues seamlessly";
    EXPECT_EQ(closed[1].end, isoTime(m_t0 + 120min));
    EXPECT_DOUBLE_EQ(closed[0].cpuSeconds + closed[1].cpuSeconds, 240 / kTicks);
}

TEST_F(ActivityTest, APidReusedByAnotherProcessIsNotCountedAsActivity) {
    process(100, "osqueryd", "/usr/bin/osqueryd", "");
    stat(100, "osqueryd", 5000, 5000, 100);
    const std::vector current{productFound("osquery")};
    sample(current, m_t0);
    stat(100, "osqueryd", 10, 10, 9000); // a new process with the same pid
    sample(current, m_t0 + 5min);
    EXPECT_TRUE(m_state.open.empty());
    stat(100, "osqueryd", 10, 10, 9000);
    sample(current, m_t0 + 10min);
    EXPECT_TRUE(m_state.open.empty()) << "no CPU used since the new baseline";
}

TEST_F(ActivityTest, OnlyDiscoveredProductsAreSampledAndAVanishedObservationClosesItsInterval) {
    process(100, "osqueryd", "/usr/bin/osqueryd", "");
    process(200, "bash", "/usr/bin/bash", "");
    stat(100, "osqueryd", 0, 0);
    stat(200, "bash", 0, 0);
    const std::vector current{productFound("osquery")};
    sample(current, m_t0);
    stat(100, "osqueryd", 10, 0);
    stat(200, "bash", 99, 0);
    sample(current, m_t0 + 5min);
    ASSERT_EQ(m_state.open.size(), 1u);
    EXPECT_EQ(m_state.processes.size(), 1u) << "bash is not monitoring";
    const auto closed = sample({}, m_t0 + 6min);
    EXPECT_EQ(closed.size(), 1u);
    EXPECT_TRUE(m_state.last.empty()) << "nothing kept for an observation that went away";
}

TEST_F(ActivityTest, BadProcFilesAreSkipped) {
    process(100, "osqueryd", "/usr/bin/osqueryd", "");
    write("/proc/100/stat", "garbage without fields");
    write("/proc/100/io", "\x01\x02");
    write("/proc/net/tcp", "header\n 0: zz:zz 0500000A:01BB 01 a b c d e f\n");
    socket(100, 3, 777);
    const std::vector current{productFound("osquery")};
    sample(current, m_t0);
    EXPECT_TRUE(sample(current, m_t0 + 5min).empty());
    EXPECT_TRUE(m_state.processes.empty());
}

TEST(ActivityTcp, ParsesEstablishedIpv4AndIpv6Remotes) {
    EXPECT_EQ(establishedRemotes(kTcp, false),
              (std::map<std::uint64_t, std::string>{{777, "10.0.0.5:443"}}));
    const std::string tcp6 =
        "  sl  local_address                         remote_address                        st "
        "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        // 2001:db8::1 port 8443, established
        "   0: 00000000000000000000000001000000:C350 B80D0120000000000000000001000000:20FB 01 "
        "00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 20 4 30 10 -1\n"
        // ::ffff:192.168.1.9 port 514 (an IPv4 peer on an IPv6 socket)
        "   1: 00000000000000000000000001000000:C351 0000000000000000FFFF00000901A8C0:0202 01 "
        "00000000:00000000 00:00000000 00000000  1000        0 4243 1 0 20 4 30 10 -1\n"
        // TIME_WAIT: not a current contact
        "   2: 00000000000000000000000001000000:C352 B80D0120000000000000000001000000:0050 06 "
        "00000000:00000000 00:00000000 00000000  1000        0 4244 1 0 20 4 30 10 -1\n";
    EXPECT_EQ(establishedRemotes(tcp6, true),
              (std::map<std::uint64_t, std::string>{{4242, "[2001:db8::1]:8443"},
                                                    {4243, "192.168.1.9:514"}}));
}

TEST_F(ActivityTest, CountsNewSpoolFilesAndBytesButNeverTheirNames) {
    CatalogEntry entry;
    entry.id = "recorder";
    entry.name = "Recorder";
    entry.categories = {"screenshots"};
    entry.linux = PlatformSignature{};
    entry.linux->processes = {"recorderd"};
    entry.linux->spool = {"/var/spool/recorder"};
    const Catalog custom({entry});
    const auto observation = productObservation(entry, "process", {"x"}, "", "");
    write("/var/spool/recorder/old-capture.png", std::string(10, 'x'));
    const auto now = Clock::now();
    sampleActivity(m_root.string(), custom, {observation}, m_state, now - 2s);
    write("/var/spool/recorder/capture-0001.png", std::string(300, 'x'));
    write("/var/spool/recorder/capture-0002.png", std::string(700, 'x'));
    fs::create_directories(m_root / "var/spool/recorder/subdir");
    // The old file's modification time predates the previous sample.
    const auto old = m_root / "var/spool/recorder/old-capture.png";
    fs::last_write_time(old, fs::last_write_time(old) - 1h);
    sampleActivity(m_root.string(), custom, {observation}, m_state, now);
    ASSERT_EQ(m_state.open.size(), 1u);
    const auto& a = m_state.open.at("product:recorder");
    EXPECT_EQ(a.spoolFiles, 2u);
    EXPECT_EQ(a.spoolBytes, 1000u);
    EXPECT_EQ(toJsonText(m_state).find("capture-"), std::string::npos);
}

TEST_F(ActivityTest, AuditLogGrowthIsCountedAcrossARotation) {
    const auto audit =
        findingObservation("audit", "Linux audit rules", {}, {"commands"}, {"-a always"}, {});
    write("/var/log/audit/audit.log", std::string(100, 'a'));
    sample({audit}, m_t0);
    {
        std::ofstream grow(m_root / "var/log/audit/audit.log", std::ios::app);
        grow << std::string(150, 'a'); // the same file grows
    }
    sample({audit}, m_t0 + 5min);
    ASSERT_EQ(m_state.open.size(), 1u);
    EXPECT_EQ(m_state.open.begin()->second.auditLogBytes, 150u);

    // Rotation: audit.log becomes audit.log.1 (grown by 50 first), a new audit.log has 30 bytes.
    fs::rename(m_root / "var/log/audit/audit.log", m_root / "var/log/audit/audit.log.1");
    fs::resize_file(m_root / "var/log/audit/audit.log.1", 300);
    write("/var/log/audit/audit.log", std::string(30, 'a'));
    sample({audit}, m_t0 + 10min);
    EXPECT_EQ(m_state.open.begin()->second.auditLogBytes, 150u + 50u + 30u);
    EXPECT_TRUE(sample({audit}, m_t0 + 15min).size() == 1u) << "no growth: the interval closes";
}

TEST(ActivityState, RoundTripsThroughJson) {
    ActivityState s;
    s.sampledAt = "2026-11-23T09:00:00.000Z";
    s.processes["100:5000"] = {12, 34};
    s.auditLogInode = 77;
    s.auditLogSize = 88;
    ActivityInterval a{"product:osquery",
                       "osquery",
                       "osquery",
                       "2026-11-23T08:00:00.000Z",
                       "2026-11-23T09:00:00.000Z",
                       1.5,
                       4096,
                       {"10.0.0.5:443"},
                       2,
                       1000,
                       0};
    s.open[a.observation] = a;
    a.end = "2026-11-23T08:30:00.000Z";
    s.last[a.observation] = a;
    auto back = activityStateFromJson(toJsonText(s));
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back.value(), s);
    EXPECT_FALSE(activityStateFromJson("{\"open\": [{\"start\": 1}]}"));
    EXPECT_FALSE(activityStateFromJson("not json"));
}

class ActivityStoreTest : public ActivityTest {};

TEST_F(ActivityStoreTest, ARestartNeitherLosesNorDoubleCountsAndTheSchemaMigrates) {
    const auto path = (m_root / "agent.sqlite").string();
    {
        // A version-1 database, as the agent wrote it before activity existed.
        auto ledger = Ledger::open(path);
        ASSERT_TRUE(ledger) << ledger.error();
        ledger.value()->withSession([](Poco::Data::Session& s) {
            s << "CREATE TABLE observations (key TEXT PRIMARY KEY, json TEXT NOT NULL)",
                Poco::Data::Keywords::now;
        });
    }
    process(100, "osqueryd", "/usr/bin/osqueryd", "");
    stat(100, "osqueryd", 0, 0);
    const std::vector current{productFound("osquery")};
    auto t = Clock::now() - 1h;
    {
        auto store = AgentStore::open(path);
        ASSERT_TRUE(store) << store.error();
        auto state = store.value()->activityState();
        auto closed = sampleActivity(m_root.string(), catalog(), current, state, t);
        ASSERT_TRUE(store.value()->recordActivity(state, closed));
        stat(100, "osqueryd", 10, 0);
        closed = sampleActivity(m_root.string(), catalog(), current, state, t + 5min);
        ASSERT_TRUE(store.value()->recordActivity(state, closed));
        ASSERT_EQ(state.open.size(), 1u);
    }
    {
        // Restarted: the open interval and the baseline are back; the same CPU is not counted
        // again, only what was used since.
        auto store = AgentStore::open(path);
        ASSERT_TRUE(store) << store.error();
        auto state = store.value()->activityState();
        ASSERT_EQ(state.open.size(), 1u);
        stat(100, "osqueryd", 15, 0);
        auto closed = sampleActivity(m_root.string(), catalog(), current, state, t + 10min);
        EXPECT_DOUBLE_EQ(state.open.at("product:osquery").cpuSeconds, 15 / kTicks);
        closed = sampleActivity(m_root.string(), catalog(), current, state, t + 15min);
        ASSERT_EQ(closed.size(), 1u);
        auto added = store.value()->recordActivity(state, closed);
        ASSERT_TRUE(added) << added.error();
        EXPECT_EQ(added.value(), 1);
        auto entries = store.value()->ledger().read(0, 10, 1 << 20);
        ASSERT_TRUE(entries);
        ASSERT_EQ(entries.value().size(), 1u) << "idle samples write no ledger rows";
        EXPECT_EQ(entries.value()[0].kind, "activity");
        EXPECT_NE(entries.value()[0].payload.find("\"cpu_seconds\""), std::string::npos);
        EXPECT_TRUE(store.value()->ledger().verify().intact);
    }
    {
        // A database from a newer agent is refused, naming what it holds.
        auto ledger = Ledger::open(path);
        ASSERT_TRUE(ledger);
        ledger.value()->withSession([](Poco::Data::Session& s) {
            s << "UPDATE meta SET value = '99' WHERE key = 'agent_schema_version'",
                Poco::Data::Keywords::now;
        });
    }
    auto refused = AgentStore::open(path);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("agent schema version 99"), std::string::npos)
        << refused.error();
}
// 300 processes, 30 of them a discovered product's (each with eight sockets), on a fake /proc.
// The cost of sampling them (about 10 ms CPU per cycle, docs/local-api.md) is a figure, not a
// pass/fail bound.
TEST_F(ActivityTest, AmongThreeHundredProcessesOnlyTheMonitoringOnesAreFollowed) {
    // Plain writes: the fixture's atomic, synced writes would make setting up 300 processes slow.
    const auto put = [&](const std::string& path, const std::string& content) {
        fs::create_directories((m_root / path.substr(1)).parent_path());
        std::ofstream(m_root / path.substr(1)) << content;
    };
    std::string tcp = "header\n";
    for (int pid = 1000; pid < 1300; ++pid) {
        const bool monitoring = pid % 10 == 0;
        const auto comm = monitoring ? std::string("osqueryd") : "worker" + std::to_string(pid);
        const auto dir = "/proc/" + std::to_string(pid);
        put(dir + "/comm", comm + "\n");
        put(dir + "/cmdline", "");
        fs::create_symlink(monitoring ? "/usr/bin/osqueryd" : "/usr/bin/" + comm,
                           m_root / dir.substr(1) / "exe");
        put(dir + "/stat", std::to_string(pid) + " (" + comm +
                               ") S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5000 0 0\n");
        put(dir + "/io", "rchar: 1\nwchar: 1\n");
        for (int fd = 0; fd < 8; ++fd) {
            socket(pid, fd + 3, static_cast<unsigned long>(pid * 10 + fd));
        }
        tcp += " 1: 0200000A:A1B2 0500000A:01BB 01 0:0 0:0 0 0 0 " + std::to_string(pid * 10) +
               " 1 0 20 4 30 10 -1\n";
    }
    write("/proc/net/tcp", tcp);
    const std::vector current{productFound("osquery")};
    sample(current, m_t0);
    for (int i = 1; i <= 3; ++i) {
        sample(current, m_t0 + i * 5min);
    }
    EXPECT_EQ(m_state.processes.size(), 30u);
}

} // namespace
} // namespace indblik::agent
