#include "detectors/linux/remote_view.h"

#include <algorithm>
#include <map>
#include <set>

namespace indblik::agent {

const std::vector<std::string>& remoteViewPrograms() {
    // TigerVNC (Debian: tigervnc-scraping-server ships X0tigervnc and x0tigervncserver, the
    // alternative x0vncserver; tigervnc-standalone-server ships Xtigervnc/Xvnc and
    // tigervncserver/vncserver), GNOME's vino-server and gnome-remote-desktop-daemon, KDE's
    // krfb, wayvnc for wlroots compositors and FreeRDP's shadow server.
    static const std::vector<std::string> programs = {
        "x0vncserver", "x0tigervncserver",  "X0tigervnc",  "Xvnc", "Xtigervnc",
        "vncserver",   "tigervncserver",    "vino-server", "krfb", "gnome-remote-desktop-daemon",
        "wayvnc",      "freerdp-shadow-cli"};
    return programs;
}

std::string remoteViewProgram(const ProcessInfo& p) {
    for (const auto& name : remoteViewPrograms()) {
        if (processNameMatches(name, p)) {
            return name;
        }
    }
    return {};
}

bool isRemoteViewPort(int port) {
    // IANA: rfb 5900 (VNC displays :0-:99 use 5900-5999), ms-wbt-server 3389 (RDP); VNC's Java
    // web viewer listens on 5800+display.
    return (port >= 5800 && port <= 5999) || port == 3389;
}

Observation remoteViewObservation(const std::string& program, std::vector<std::string> evidence) {
    return findingObservation(
        "remote_view", "Screen sharing: " + program,
        LocalizedText{"Screen sharing: " + program, "Skærmdeling: " + program},
        {"screen_live_view"}, std::move(evidence),
        LocalizedText{
            program + " is a screen-sharing server: whoever connects to it can watch the screen "
                      "live, and often control it. It is also software you may have started "
                      "yourself, for example to get help or from the desktop's sharing "
                      "settings. If you did not, ask who set it up and who can connect.",
            program + " er en server til skærmdeling: den, der opretter forbindelse til den, kan "
                      "se skærmen live og ofte også styre den. Det er også software, som du måske "
                      "selv har startet, for eksempel for at få hjælp eller fra skrivebordets "
                      "indstillinger for deling. Hvis du ikke har, så spørg, hvem der har sat det "
                      "op, og hvem der kan oprette forbindelse."});
}

std::vector<Observation> matchRemoteViewProcesses(const std::vector<ProcessInfo>& processes,
                                                  const Catalog& catalog) {
    std::map<std::string, std::set<std::string>> byProgram;
    for (const auto& p : processes) {
        const auto program = remoteViewProgram(p);
        if (program.empty() || productForProcess(p, catalog)) {
            continue; // a catalog product is reported by its product
        }
        byProgram[program].insert("running process: " + processLabel(p));
    }
    std::vector<Observation> out;
    for (auto& [program, evidence] : byProgram) {
        out.push_back(remoteViewObservation(program, {evidence.begin(), evidence.end()}));
    }
    return out;
}

} // namespace indblik::agent
