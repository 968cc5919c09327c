#include "detectors/linux/service_detector.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "detectors/linux/autostart_detector.h"
#include "detectors/linux/remote_view.h"
#include "file_util.h"

namespace indblik::agent {

namespace {

constexpr std::size_t kMaxEntries = 4096; // per directory
constexpr std::size_t kMaxWantsDirs = 256;

struct DirEntry {
    std::string name;
    bool isDir = false;
    std::string link; // symlink target, when it is one
};

// Lists a directory below root, bounded; a missing directory is quiet, an unreadable one is
// reported.
std::vector<DirEntry> listDir(const DetectorContext& ctx, const std::string& absolute) {
    std::vector<DirEntry> out;
    const auto path = underRoot(ctx.root, absolute);
    DIR* dir = ::opendir(path.c_str());
    if (!dir) {
        if (errno != ENOENT && errno != ENOTDIR) {
            ctx.report(path, std::string("cannot be read: ") + std::strerror(errno));
        }
        return out;
    }
    while (const dirent* e = ::readdir(dir)) {
        if (e->d_name[0] == '.') {
            continue;
        }
        if (out.size() >= kMaxEntries) {
            ctx.report(path, "has more than " + std::to_string(kMaxEntries) +
                                 " entries; the rest were not read");
            break;
        }
        DirEntry d;
        d.name = e->d_name;
        const auto full = path + "/" + d.name;
        struct stat st {};
        if (::lstat(full.c_str(), &st) != 0) {
            continue;
        }
        if (S_ISLNK(st.st_mode)) {
            char buffer[4096];
            const auto n = ::readlink(full.c_str(), buffer, sizeof buffer - 1);
            d.link = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string("?");
        }
        d.isDir = S_ISDIR(st.st_mode);
        out.push_back(std::move(d));
    }
    ::closedir(dir);
    std::sort(out.begin(), out.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    return out;
}

bool endsWith(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Enabled screen-sharing units that no catalog product covers, by unit base name -> program.
const std::map<std::string, std::string, std::less<>>& remoteViewUnits() {
    static const std::map<std::string, std::string, std::less<>> units = {
        {"gnome-remote-desktop", "gnome-remote-desktop-daemon"},
        {"tigervncserver@", "Xtigervnc"},
        {"vncserver@", "Xvnc"},
        {"x0vncserver", "x0vncserver"},
        {"x0tigervncserver", "x0tigervncserver"},
        {"wayvnc", "wayvnc"},
        {"vino-server", "vino-server"},
        {"krfb", "krfb"}};
    return units;
}

struct Unit {
    std::set<std::string> enabledIn; // evidence lines
    bool installed = false;
};

} // namespace

std::string serviceBaseName(const std::string& unit) {
    std::string base = unit;
    if (endsWith(base, ".service")) {
        base.resize(base.size() - 8);
    }
    if (const auto at = base.find('@'); at != std::string::npos) {
        base.resize(at + 1);
    }
    return base;
}

const std::vector<std::string>& serviceWatchPaths() {
    static const std::vector<std::string> paths = {"/etc/systemd/system", "/etc/systemd/user",
                                                   "/lib/systemd/system",
                                                   "/usr/lib/systemd/system"};
    return paths;
}

std::vector<Observation> detectServices(const DetectorContext& ctx) {
    std::map<std::string, Unit> units; // by unit file name ("veyon.service")
    std::set<std::string> masked;
    // Enabled: symlinks in *.wants directories, system-wide, for all users, and per person.
    std::vector<std::pair<std::string, std::string>> wantsParents = {
        {"/etc/systemd/system", "service enabled: "},
        {"/etc/systemd/user", "user service enabled for everyone: "}};
    for (const auto& home : homeDirectories(ctx)) {
        wantsParents.emplace_back(home + "/.config/systemd/user",
                                  "user service enabled in " + home + ": ");
    }
    std::size_t wantsDirs = 0;
    for (const auto& [parent, label] : wantsParents) {
        for (const auto& d : listDir(ctx, parent)) {
            if (!d.link.empty() && d.link == "/dev/null") {
                masked.insert(d.name);
                continue;
            }
            if (!d.isDir || !endsWith(d.name, ".wants") || ++wantsDirs > kMaxWantsDirs) {
                continue;
            }
            for (const auto& u : listDir(ctx, parent + "/" + d.name)) {
                if (endsWith(u.name, ".service") && u.link != "/dev/null") {
                    units[u.name].enabledIn.insert(label + u.name);
                }
            }
        }
    }
    for (const auto& dir :
         {"/lib/systemd/system", "/usr/lib/systemd/system", "/etc/systemd/system"}) {
        for (const auto& u : listDir(ctx, dir)) {
            if (!u.isDir && endsWith(u.name, ".service") && u.link != "/dev/null") {
                units[u.name].installed = true;
            }
        }
    }

    std::map<const CatalogEntry*, std::set<std::string>> products;
    std::map<std::string, std::set<std::string>> remoteView;
    for (const auto& [name, unit] : units) {
        if (masked.count(name)) {
            continue; // masked: systemd refuses to start it
        }
        const auto base = serviceBaseName(name);
        for (const auto& entry : ctx.catalog.entries()) {
            if (!entry.linux) {
                continue;
            }
            const bool match =
                std::any_of(entry.linux->services.begin(), entry.linux->services.end(),
                            [&](const std::string& s) { return serviceBaseName(s) == base; });
            if (!match) {
                continue;
            }
            if (!unit.enabledIn.empty()) {
                products[&entry].insert(unit.enabledIn.begin(), unit.enabledIn.end());
            } else {
                products[&entry].insert("service installed: " + name);
            }
        }
        if (const auto rv = remoteViewUnits().find(base);
            rv != remoteViewUnits().end() && !unit.enabledIn.empty()) {
            remoteView[rv->second].insert(unit.enabledIn.begin(), unit.enabledIn.end());
        }
    }

    std::vector<Observation> out;
    for (const auto& [entry, evidence] : products) {
        const bool enabled = std::any_of(evidence.begin(), evidence.end(), [](const auto& e) {
            return e.find("enabled") != std::string::npos;
        });
        out.push_back(productObservation(
            *entry, "service", {evidence.begin(), evidence.end()},
            enabled ? "A background service is set to start automatically on this computer."
                    : "A background service is installed on this computer, but not set to "
                      "start automatically.",
            enabled ? "En baggrundstjeneste er sat op til at starte automatisk på denne computer."
                    : "En baggrundstjeneste er installeret på denne computer, men ikke sat op "
                      "til at starte automatisk."));
    }
    for (const auto& [program, evidence] : remoteView) {
        out.push_back(remoteViewObservation(program, {evidence.begin(), evidence.end()}));
    }
    return out;
}

} // namespace indblik::agent
