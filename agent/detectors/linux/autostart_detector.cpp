#include "detectors/linux/autostart_detector.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <map>
#include <set>
#include <sys/stat.h>

#include "detectors/linux/process_detector.h"
#include "detectors/linux/remote_view.h"
#include "file_util.h"

namespace indblik::agent {

namespace {

constexpr std::size_t kMaxEntriesPerDir = 512;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

bool isTrue(std::string_view v) {
    return v == "true" || v == "1";
}

// The program of an Exec= line: the first word that is not `env` or a VAR=value assignment.
std::string execProgram(std::string_view exec) {
    std::size_t i = 0;
    for (int words = 0; words < 32 && i < exec.size(); ++words) {
        while (i < exec.size() && exec[i] == ' ') {
            ++i;
        }
        std::string word;
        const char quote = i < exec.size() && (exec[i] == '"' || exec[i] == '\'') ? exec[i] : 0;
        if (quote) {
            ++i;
        }
        while (i < exec.size() && (quote ? exec[i] != quote : exec[i] != ' ')) {
            word.push_back(exec[i++]);
        }
        if (quote && i < exec.size()) {
            ++i;
        }
        if (word.empty()) {
            continue;
        }
        auto base = word.substr(word.find_last_of('/') + 1);
        if (base == "env" || (word.find('=') != std::string::npos && word.front() != '/')) {
            continue;
        }
        return base;
    }
    return {};
}

std::vector<std::string> desktopFiles(const DetectorContext& ctx, const std::string& dir) {
    std::vector<std::string> names;
    const auto path = underRoot(ctx.root, dir);
    DIR* d = ::opendir(path.c_str());
    if (!d) {
        if (errno != ENOENT && errno != ENOTDIR) {
            ctx.report(path, std::string("cannot be read: ") + std::strerror(errno));
        }
        return names;
    }
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() <= 8 || name.compare(name.size() - 8, 8, ".desktop") != 0) {
            continue;
        }
        if (names.size() >= kMaxEntriesPerDir) {
            ctx.report(path, "has more than " + std::to_string(kMaxEntriesPerDir) +
                                 " entries; the rest were not read");
            break;
        }
        names.push_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
}

bool autostartNameMatches(const std::string& pattern, const std::string& file) {
    return pattern == file || pattern + ".desktop" == file;
}

} // namespace

AutostartEntry parseDesktopEntry(std::string_view text) {
    AutostartEntry entry;
    bool inEntry = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const auto line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (line.front() == '[') {
            inEntry = line == "[Desktop Entry]";
            continue;
        }
        const auto eq = line.find('=');
        if (!inEntry || eq == std::string_view::npos) {
            continue;
        }
        const auto key = trim(line.substr(0, eq));
        const auto value = trim(line.substr(eq + 1));
        if (key == "Exec") {
            entry.program = execProgram(value);
        } else if ((key == "Hidden" && isTrue(value)) ||
                   (key == "X-GNOME-Autostart-enabled" && !isTrue(value))) {
            entry.disabled = true;
        } else if (key == "AutostartCondition") {
            entry.condition = std::string(value.substr(0, 200));
        }
    }
    return entry;
}

std::vector<std::string> homeDirectories(const DetectorContext& ctx, std::size_t maxHomes) {
    std::vector<std::string> homes;
    const auto path = underRoot(ctx.root, "/home");
    DIR* d = ::opendir(path.c_str());
    if (!d) {
        return homes;
    }
    while (const dirent* e = ::readdir(d)) {
        if (e->d_name[0] == '.') {
            continue;
        }
        struct stat st {};
        if (::stat((path + "/" + e->d_name).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
            continue;
        }
        homes.push_back(std::string("/home/") + e->d_name);
    }
    ::closedir(d);
    std::sort(homes.begin(), homes.end());
    if (homes.size() > maxHomes) {
        ctx.report(path, "has more than " + std::to_string(maxHomes) +
                             " home directories; only the first were read");
        homes.resize(maxHomes);
    }
    return homes;
}

std::vector<Observation> detectAutostart(const DetectorContext& ctx) {
    std::vector<std::string> dirs = {"/etc/xdg/autostart"};
    for (const auto& home : homeDirectories(ctx)) {
        dirs.push_back(home + "/.config/autostart");
    }
    std::map<const CatalogEntry*, std::set<std::string>> products;
    std::map<std::string, std::set<std::string>> remoteView;
    for (const auto& dir : dirs) {
        for (const auto& name : desktopFiles(ctx, dir)) {
            const auto file = dir + "/" + name;
            auto text = ctx.readConfig(file, 64 * 1024);
            if (!text) {
                continue;
            }
            const auto entry = parseDesktopEntry(*text);
            if (entry.disabled) {
                continue;
            }
            std::string evidence = "autostart entry: " + file;
            if (!entry.condition.empty()) {
                evidence += " (starts only if: " + entry.condition + ")";
            }
            ProcessInfo program;
            program.comm = entry.program.substr(0, 15);
            program.exe = entry.program;
            for (const auto& e : ctx.catalog.entries()) {
                if (!e.linux) {
                    continue;
                }
                const bool byName = std::any_of(
                    e.linux->autostart.begin(), e.linux->autostart.end(),
                    [&](const std::string& a) { return autostartNameMatches(a, name); });
                const bool byProgram =
                    !entry.program.empty() &&
                    std::any_of(e.linux->processes.begin(), e.linux->processes.end(),
                                [&](const std::string& p) { return p == entry.program; });
                if (byName || byProgram) {
                    products[&e].insert(evidence);
                }
            }
            if (!entry.program.empty() && !productForProcess(program, ctx.catalog)) {
                if (const auto rv = remoteViewProgram(program); !rv.empty()) {
                    remoteView[rv].insert(evidence);
                }
            }
        }
    }
    std::vector<Observation> out;
    for (const auto& [entry, evidence] : products) {
        out.push_back(productObservation(
            *entry, "autostart", {evidence.begin(), evidence.end()},
            "A program is set to start automatically when someone logs in to this computer.",
            "Et program er sat op til at starte automatisk, når nogen logger ind på denne "
            "computer."));
    }
    for (const auto& [program, evidence] : remoteView) {
        out.push_back(remoteViewObservation(program, {evidence.begin(), evidence.end()}));
    }
    return out;
}

} // namespace indblik::agent
