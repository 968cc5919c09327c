// The one /proc scan and what is built on it: input-device readers, listeners on screen-viewing
// and catalog ports, screen-sharing programs. Each test builds a fake /proc below --root.

#include <gtest/gtest.h>

#include "detectors/linux/fake_root.h"
#include "detectors/linux/input_detector.h"
#include "detectors/linux/listener_detector.h"
#include "detectors/linux/process_detector.h"
#include "detectors/linux/remote_view.h"
#include "discovery.h"

namespace indblik::agent {
namespace {

namespace fs = std::filesystem;
using testing_support::anyContains;

const char* kInputDevices = R"(I: Bus=0011 Vendor=0001 Product=0001 Version=ab41
N: Name="AT Translated Set 2 keyboard"
P: Phys=isa0060/serio0/input0
H: Handlers=sysrq kbd event3 leds 
B: PROP=0
B: EV=120013
B: KEY=402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe
B: MSC=10

I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name="Power Button"
H: Handlers=kbd event0 
B: EV=3
B: KEY=10000000000000 0

I: Bus=0011 Vendor=0002 Product=0001 Version=0000
N: Name="PS/2 Generic Mouse"
H: Handlers=mouse0 event5 
B: EV=7
B: KEY=70000 0 0 0 0
B: REL=3
)";

// sl local rem st tx:rx tr:when retrnsmt uid timeout inode
const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
    "   0: 0100007F:170D 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 777 1 0 "
    "100 0 0 10 0\n"
    "   1: 0100007F:170E 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000 0 778 1 0 "
    "100 0 0 10 0\n"
    "   2: 00000000:170C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 779 1 0 "
    "100 0 0 10 0\n"
    "   3: 00000000:2B5C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 780 1 0 "
    "100 0 0 10 0\n"
    "garbage line\n"
    "   4: ZZZZZZZZ:170D 00000000:0000 0A x x x 0 0 notanumber\n";
const char* kTcp6 =
    "  sl  local_address                         remote_address                        st "
    "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000000000000:0D3D 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 00:00000000 00000000     0        0 901 1 0 100 0 0 10 0\n";

class ProcessScan : public testing_support::FakeRoot {
protected:
    void fd(int pid, int n, const std::string& target) {
        const auto dir = m_root / ("proc/" + std::to_string(pid) + "/fd");
        fs::create_directories(dir);
        fs::create_symlink(target, dir / std::to_string(n));
    }
    std::vector<Observation> run() {
        auto c = ctx();
        c.detector = "process";
        return detectProcesses(c);
    }
    static const Observation* named(const std::vector<Observation>& found,
                                    const std::string& name) {
        for (const auto& o : found) {
            if (o.name == name || (o.product && *o.product == name)) {
                return &o;
            }
        }
        return nullptr;
    }
};

TEST_F(ProcessScan, InputDevicesAreClassifiedFromTheKernelList) {
    const auto devices = parseInputDevices(kInputDevices);
    ASSERT_EQ(devices.size(), 3U);
    EXPECT_EQ(devices.at("/dev/input/event3").kind, InputKind::keyboard);
    EXPECT_EQ(devices.at("/dev/input/event3").name, "AT Translated Set 2 keyboard");
    EXPECT_EQ(devices.at("/dev/input/event0").kind, InputKind::other);
    EXPECT_EQ(devices.at("/dev/input/event5").kind, InputKind::pointer);
    EXPECT_TRUE(parseInputDevices("").empty());
    EXPECT_TRUE(parseInputDevices("H: Handlers=\nB: KEY=zz\n\n\n").empty());
}

TEST_F(ProcessScan, UnknownKeyboardReaderIsNamedAndTheDesktopIsNot) {
    write("/proc/bus/input/devices", kInputDevices);
    process(500, "keylogd", "/opt/spy/keylogd", std::string("keylogd\0--secret", 16));
    fd(500, 3, "/dev/input/event3");
    fd(500, 4, "/dev/null");
    process(600, "Xorg", "/usr/lib/xorg/Xorg", "");
    fd(600, 10, "/dev/input/event3");
    fd(600, 11, "/dev/input/event5");
    process(601, "gnome-shell", "/usr/bin/gnome-shell", "");
    fd(601, 20, "/dev/input/event3");
    process(602, "systemd-logind", "/usr/lib/systemd/systemd-logind", "");
    fd(602, 9, "/dev/input/event0");
    // A program in a home folder cannot hide behind an allowed name.
    process(700, "Xorg", "/home/alice/.cache/Xorg", "");
    fd(700, 5, "/dev/input/event3");
    // Reading only the power button says nothing about the person.
    process(800, "powerwatch", "/usr/local/bin/powerwatch", "");
    fd(800, 5, "/dev/input/event0");

    const auto found = run();
    const auto* spy = named(found, "Program reading the keyboard directly: keylogd");
    ASSERT_NE(spy, nullptr);
    EXPECT_EQ(spy->detector, "input");
    EXPECT_EQ(spy->categories, std::vector<std::string>{"keystrokes"});
    EXPECT_TRUE(anyContains(spy->evidence, "reads keyboard \"AT Translated Set 2 keyboard\" "
                                           "/dev/input/event3 directly: /opt/spy/keylogd"));
    EXPECT_FALSE(spy->why.da.empty());
    const auto* fake = named(found, "Program reading the keyboard directly: Xorg");
    ASSERT_NE(fake, nullptr);
    EXPECT_TRUE(anyContains(fake->evidence, "/home/alice/.cache/Xorg"));
    EXPECT_FALSE(anyContains(fake->evidence, "/usr/lib/xorg/Xorg"));
    EXPECT_EQ(named(found, "Program reading the keyboard directly: powerwatch"), nullptr);
    EXPECT_EQ(named(found, "Program reading the mouse directly: powerwatch"), nullptr);
    for (const auto& o : found) {
        EXPECT_FALSE(anyContains(o.evidence, "--secret"));
        EXPECT_FALSE(anyContains(o.evidence, "gnome-shell"));
        EXPECT_FALSE(anyContains(o.evidence, "systemd-logind"));
    }
}

TEST_F(ProcessScan, MouseOnlyReaderIsIdleTimeAndHidrawMayBeAKeyboard) {
    write("/proc/bus/input/devices", kInputDevices);
    process(510, "afk-meter", "/opt/afk/afk-meter", "");
    fd(510, 3, "/dev/input/mice");
    fd(510, 4, "/dev/input/event5");
    process(520, "firefox-esr", "/usr/lib/firefox-esr/firefox-esr", "");
    fd(520, 30, "/dev/hidraw0"); // a security key
    process(530, "hidgrab", "/opt/hid/hidgrab", "");
    fd(530, 3, "/dev/hidraw1");
    process(540, "evread", "/opt/ev/evread", "");
    fd(540, 3, "/dev/input/event9");               // not in the kernel list: may be a keyboard
    process(550, "firefox", "/tmp/x/firefox", ""); // not a browser install location
    fd(550, 3, "/dev/hidraw0");

    const auto found = run();
    const auto* mouse = named(found, "Program reading the mouse directly: afk-meter");
    ASSERT_NE(mouse, nullptr);
    EXPECT_EQ(mouse->categories, std::vector<std::string>{"idle_time"});
    EXPECT_TRUE(anyContains(mouse->evidence, "/dev/input/mice"));
    EXPECT_EQ(named(found, "Program reading the keyboard directly: afk-meter"), nullptr);
    EXPECT_EQ(named(found, "Program reading the keyboard directly: firefox-esr"), nullptr);
    EXPECT_NE(named(found, "Program reading the keyboard directly: hidgrab"), nullptr);
    EXPECT_NE(named(found, "Program reading the keyboard directly: evread"), nullptr);
    EXPECT_NE(named(found, "Program reading the keyboard directly: firefox"), nullptr);
}

TEST_F(ProcessScan, CatalogProductReadingTheKeyboardGainsKeystrokes) {
    write("/proc/bus/input/devices", kInputDevices);
    process(550, "x11vnc", "/usr/bin/x11vnc", "");
    fd(550, 3, "/dev/input/event3");
    const auto found = run();
    const Observation* input = nullptr;
    for (const auto& o : found) {
        if (o.product == "x11vnc") {
            EXPECT_EQ(input, nullptr) << "one observation per product";
            input = &o;
        }
    }
    ASSERT_NE(input, nullptr);
    EXPECT_EQ(input->detector, "process,input");
    EXPECT_TRUE(anyContains(input->evidence, "running process: /usr/bin/x11vnc"));
    EXPECT_TRUE(anyContains(input->evidence, "/dev/input/event3 directly: /usr/bin/x11vnc"));
    EXPECT_NE(input->why.en.find("every key"), std::string::npos);
    EXPECT_NE(std::find(input->categories.begin(), input->categories.end(), "keystrokes"),
              input->categories.end());
    EXPECT_NE(std::find(input->categories.begin(), input->categories.end(), "screen_live_view"),
              input->categories.end());
    EXPECT_EQ(named(found, "Program reading the keyboard directly: x11vnc"), nullptr);
}

TEST_F(ProcessScan, ListenersTieToTheirProgramAndScreenViewingPortsAreReported) {
    write("/proc/net/tcp", kTcp);
    write("/proc/net/tcp6", kTcp6);
    process(900, "python3", "/usr/bin/python3.11", std::string("python3\0-m\0http.server", 22));
    fd(900, 3, "socket:[777]");
    process(901, "x11vnc", "/usr/bin/x11vnc", "");
    fd(901, 5, "socket:[779]");
    process(902, "nginx", "/usr/sbin/nginx", "");
    fd(902, 6, "socket:[778]"); // an established connection, not a listener

    const auto found = run();
    const auto* python = named(found, "Possible remote screen viewing: python3.11");
    ASSERT_NE(python, nullptr);
    EXPECT_EQ(python->categories, std::vector<std::string>{"screen_live_view"});
    EXPECT_EQ(python->evidence,
              std::vector<std::string>{"listening on TCP 127.0.0.1:5901: /usr/bin/python3.11"});
    EXPECT_FALSE(anyContains(python->evidence, "http.server"));

    // RDP on IPv6 with an owner Indblik cannot see.
    const auto* rdp = named(found, "Possible remote screen viewing on TCP port 3389");
    ASSERT_NE(rdp, nullptr);
    EXPECT_TRUE(anyContains(rdp->evidence, "[::]:3389 (the program is not visible"));

    // x11vnc: the catalog product, by its process and by its listener, as one observation.
    const auto* x11 = named(found, "x11vnc");
    ASSERT_NE(x11, nullptr);
    EXPECT_EQ(x11->detector, "process,listener");
    EXPECT_TRUE(anyContains(x11->evidence, "running process: /usr/bin/x11vnc"));
    EXPECT_TRUE(anyContains(x11->evidence, "listening on TCP 0.0.0.0:5900: /usr/bin/x11vnc"));

    // Veyon's port with an invisible owner still names Veyon.
    const auto* veyon = named(found, "veyon");
    ASSERT_NE(veyon, nullptr);
    EXPECT_TRUE(anyContains(veyon->evidence, "0.0.0.0:11100 (the program is not visible"));
    EXPECT_EQ(named(found, "Possible remote screen viewing: nginx"), nullptr);
}

TEST_F(ProcessScan, ListenerTablesAreParsedStrictly) {
    const auto listeners = parseTcpListeners(kTcp, false);
    ASSERT_EQ(listeners.size(), 3U);
    EXPECT_EQ(listeners[0].address, "127.0.0.1");
    EXPECT_EQ(listeners[0].port, 5901);
    EXPECT_EQ(listeners[0].inode, 777U);
    EXPECT_EQ(parseTcpListeners(kTcp, false, 1).size(), 1U);
    const auto v6 = parseTcpListeners(kTcp6, true);
    ASSERT_EQ(v6.size(), 1U);
    EXPECT_EQ(v6[0].address, "::");
    EXPECT_EQ(v6[0].port, 3389);
    EXPECT_TRUE(parseTcpListeners("", false).empty());
    EXPECT_TRUE(parseTcpListeners(std::string(1000, '\n'), true).empty());
}

TEST_F(ProcessScan, ScreenSharingProgramsAreReportedHonestly) {
    process(300, "X0tigervnc", "/usr/bin/X0tigervnc", "");
    process(301, std::string("gnome-remote-desktop-daemon").substr(0, 15), "", "");
    process(302, "bash", "/usr/bin/bash", "");
    const auto found = run();
    const auto* tiger = named(found, "Screen sharing: X0tigervnc");
    ASSERT_NE(tiger, nullptr);
    EXPECT_EQ(tiger->detector, "remote_view");
    EXPECT_EQ(tiger->categories, std::vector<std::string>{"screen_live_view"});
    EXPECT_NE(tiger->why.en.find("you may have started yourself"), std::string::npos);
    EXPECT_NE(tiger->why.da.find("selv har startet"), std::string::npos);
    EXPECT_NE(named(found, "Screen sharing: gnome-remote-desktop-daemon"), nullptr);
    EXPECT_EQ(found.size(), 2U);
}

TEST_F(ProcessScan, VanishedUnreadableAndHugeProcessesAreBounded) {
    // A pid directory whose files are gone (the process exited mid-scan).
    fs::create_directories(m_root / "proc/400");
    // fd is not a directory (as for a process Indblik may not read).
    process(401, "keylogd", "/opt/spy/keylogd", "");
    write("/proc/401/fd", "not a directory");
    // A non-UTF-8 executable path.
    process(402, "spy", std::string("/opt/sp\xff\xfey/spy"), "");
    fd(402, 3, "/dev/input/mice");
    // Thousands of descriptors: only the first are read.
    process(403, "busy", "/opt/busy/busy", "");
    for (int n = 0; n < 3000; ++n) {
        fd(403, n, "socket:[" + std::to_string(100000 + n) + "]");
    }
    fd(403, 3000, "socket:[garbage");
    ProcessScanLimits limits;
    limits.maxFdsPerProcess = 100;
    const auto processes = readProcesses(m_root.string(), limits);
    std::size_t busySockets = 0;
    for (const auto& p : processes) {
        EXPECT_NE(p.pid, 400);
        if (p.pid == 403) {
            busySockets = p.sockets.size();
        }
        if (p.pid == 401) {
            EXPECT_TRUE(p.inputDevices.empty());
        }
    }
    EXPECT_EQ(busySockets, 100U);
    ProcessScanLimits few;
    few.maxProcesses = 2;
    EXPECT_LE(readProcesses(m_root.string(), few).size(), 2U);

    // Through discover(): the non-UTF-8 path is escaped, not dropped, and nothing crashes.
    const auto result = discover(m_root.string(), testing_support::catalog(), platformDetectors());
    bool escaped = false;
    for (const auto& o : result.observations) {
        escaped = escaped || anyContains(o.evidence, "/opt/sp\\xFF\\xFEy/spy");
    }
    EXPECT_TRUE(escaped);

    // Unreadable kernel tables are reported, not parsed.
    write("/proc/net/tcp", std::string("  sl local\0binary", 17));
    write("/proc/bus/input/devices", std::string("N: Name=\0", 10));
    const auto bad = discover(m_root.string(), testing_support::catalog(), platformDetectors());
    const auto problem = [&](const std::string& path) {
        return std::any_of(bad.problems.begin(), bad.problems.end(),
                           [&](const DetectorProblem& p) { return p.path == path; });
    };
    EXPECT_TRUE(problem("/proc/net/tcp"));
    EXPECT_TRUE(problem("/proc/bus/input/devices"));
}

} // namespace
} // namespace indblik::agent
