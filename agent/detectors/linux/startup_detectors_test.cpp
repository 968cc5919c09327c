// systemd services and XDG autostart entries of catalog products and screen-sharing servers.

#include <gtest/gtest.h>

#include "detectors/linux/autostart_detector.h"
#include "detectors/linux/fake_root.h"
#include "detectors/linux/service_detector.h"

namespace indblik::agent {
namespace {

namespace fs = std::filesystem;
using testing_support::anyContains;

class Startup : public testing_support::FakeRoot {
protected:
    void link(const std::string& at, const std::string& target) {
        fs::create_directories((m_root / at.substr(1)).parent_path());
        fs::create_symlink(target, m_root / at.substr(1));
    }
    static const Observation* find(const std::vector<Observation>& found,
                                   const std::string& productOrName) {
        for (const auto& o : found) {
            if (o.name == productOrName || (o.product && *o.product == productOrName)) {
                return &o;
            }
        }
        return nullptr;
    }
};

TEST_F(Startup, ServiceBaseNames) {
    EXPECT_EQ(serviceBaseName("veyon.service"), "veyon");
    EXPECT_EQ(serviceBaseName("veyon"), "veyon");
    EXPECT_EQ(serviceBaseName("vncserver@:1.service"), "vncserver@");
    EXPECT_EQ(serviceBaseName("tigervncserver@.service"), "tigervncserver@");
}

TEST_F(Startup, EnabledServiceIsEvidenceAndInstalledOnlySaysSo) {
    write("/lib/systemd/system/veyon.service", "[Service]\nExecStart=/usr/bin/veyon-service\n");
    link("/etc/systemd/system/multi-user.target.wants/veyon.service",
         "/lib/systemd/system/veyon.service");
    write("/usr/lib/systemd/system/teamviewerd.service", "[Service]\n");
    write("/lib/systemd/system/ssh.service", "[Service]\n");
    link("/etc/systemd/system/multi-user.target.wants/ssh.service",
         "/lib/systemd/system/ssh.service");

    const auto found = detectServices(ctx());
    const auto* veyon = find(found, "veyon");
    ASSERT_NE(veyon, nullptr);
    EXPECT_EQ(veyon->detector, "service");
    EXPECT_EQ(veyon->evidence, std::vector<std::string>{"service enabled: veyon.service"});
    EXPECT_NE(veyon->why.en.find("start automatically"), std::string::npos);
    const auto* tv = find(found, "teamviewer");
    ASSERT_NE(tv, nullptr);
    EXPECT_EQ(tv->evidence, std::vector<std::string>{"service installed: teamviewerd.service"});
    EXPECT_NE(tv->why.en.find("not set to start"), std::string::npos);
    EXPECT_EQ(found.size(), 2U);
}

TEST_F(Startup, MaskedServiceAndUnrelatedUnitsAreNotMonitoring) {
    write("/lib/systemd/system/veyon.service", "[Service]\n");
    link("/etc/systemd/system/veyon.service", "/dev/null");
    link("/etc/systemd/system/multi-user.target.wants/veyon.service",
         "/lib/systemd/system/veyon.service");
    // GNOME ships gnome-remote-desktop everywhere; only enabling it means sharing.
    write("/usr/lib/systemd/system/gnome-remote-desktop.service", "[Service]\n");
    EXPECT_TRUE(detectServices(ctx()).empty());
}

TEST_F(Startup, EnabledScreenSharingUnitsPerPersonAreReported) {
    link("/home/alice/.config/systemd/user/graphical-session.target.wants/"
         "gnome-remote-desktop.service",
         "/usr/lib/systemd/user/gnome-remote-desktop.service");
    link("/etc/systemd/system/multi-user.target.wants/tigervncserver@:1.service",
         "/lib/systemd/system/tigervncserver@.service");
    const auto found = detectServices(ctx());
    const auto* grd = find(found, "Screen sharing: gnome-remote-desktop-daemon");
    ASSERT_NE(grd, nullptr);
    EXPECT_EQ(grd->detector, "remote_view");
    EXPECT_TRUE(anyContains(grd->evidence, "user service enabled in /home/alice: "
                                           "gnome-remote-desktop.service"));
    EXPECT_NE(find(found, "Screen sharing: Xtigervnc"), nullptr);
}

TEST_F(Startup, UnreadableUnitDirectoryIsReported) {
    write("/etc/systemd/system", "a file, not a directory");
    fs::create_directories(m_root / "lib/systemd/system/multi-user.target.wants");
    EXPECT_TRUE(detectServices(ctx()).empty());
    EXPECT_FALSE(reported("/etc/systemd/system")); // ENOTDIR: treated like a missing directory
}

TEST_F(Startup, DesktopEntriesKeepOnlyTheProgram) {
    const auto e = parseDesktopEntry("[Desktop Entry]\nExec=env DISPLAY=:0 /usr/bin/x11vnc "
                                     "-passwd hunter2\n# Hidden=true\n[Desktop Action x]\n"
                                     "Hidden=true\n");
    EXPECT_EQ(e.program, "x11vnc");
    EXPECT_FALSE(e.disabled);
    EXPECT_TRUE(parseDesktopEntry("[Desktop Entry]\nExec=a\nHidden=true\n").disabled);
    EXPECT_TRUE(
        parseDesktopEntry("[Desktop Entry]\nExec=a\nX-GNOME-Autostart-enabled=false\n").disabled);
    EXPECT_EQ(parseDesktopEntry("[Desktop Entry]\nExec=\"/opt/my app/run\" %U\n").program, "run");
    EXPECT_EQ(parseDesktopEntry("no group\nExec=x11vnc\n").program, "");
}

TEST_F(Startup, AutostartEntriesByProgramOrFileName) {
    write("/etc/xdg/autostart/x11vnc.desktop",
          "[Desktop Entry]\nName=X11VNC Server\nExec=x11vnc -passwd hunter2 -forever\n");
    write("/home/bob/.config/autostart/share.desktop",
          "[Desktop Entry]\nExec=/usr/bin/x0vncserver -rfbauth /home/bob/.vnc/passwd\n");
    write("/home/carol/.config/autostart/vino-server.desktop",
          "[Desktop Entry]\nExec=/usr/lib/vino/vino-server\nX-GNOME-Autostart-enabled=false\n");
    write("/etc/xdg/autostart/nm-applet.desktop", "[Desktop Entry]\nExec=nm-applet\n");

    const auto found = detectAutostart(ctx());
    const auto* x11 = find(found, "x11vnc");
    ASSERT_NE(x11, nullptr);
    EXPECT_EQ(x11->detector, "autostart");
    EXPECT_EQ(x11->evidence,
              std::vector<std::string>{"autostart entry: /etc/xdg/autostart/x11vnc.desktop"});
    const auto* tiger = find(found, "Screen sharing: x0vncserver");
    ASSERT_NE(tiger, nullptr);
    EXPECT_TRUE(anyContains(tiger->evidence, "/home/bob/.config/autostart/share.desktop"));
    EXPECT_EQ(find(found, "Screen sharing: vino-server"), nullptr);
    EXPECT_EQ(found.size(), 2U);
    for (const auto& o : found) {
        EXPECT_FALSE(anyContains(o.evidence, "hunter2"));
        EXPECT_FALSE(anyContains(o.evidence, ".vnc/passwd"));
    }
}

TEST_F(Startup, DisabledAutostartIsNotMonitoringAndBadFilesAreReported) {
    write("/etc/xdg/autostart/x11vnc.desktop", "[Desktop Entry]\nExec=x11vnc\nHidden=true\n");
    write("/etc/xdg/autostart/binary.desktop", std::string("[Desktop Entry]\0Exec=x11vnc", 27));
    write("/etc/xdg/autostart/huge.desktop",
          "[Desktop Entry]\nExec=x11vnc\n" + std::string(200 * 1024, '#'));
    fs::create_directories(m_root / "etc/xdg/autostart");
    fs::create_symlink("loop.desktop", m_root / "etc/xdg/autostart/loop.desktop");
    EXPECT_TRUE(detectAutostart(ctx()).empty());
    EXPECT_TRUE(reported("/etc/xdg/autostart/binary.desktop"));
    EXPECT_TRUE(reported("/etc/xdg/autostart/huge.desktop"));
    EXPECT_TRUE(reported("/etc/xdg/autostart/loop.desktop"));
}

} // namespace
} // namespace indblik::agent
