#include "detectors/linux/process_detector.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "file_util.h"

namespace indblik::agent {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kCommLength = 15; // the kernel truncates comm to 15 characters

std::string baseName(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool nameMatches(const std::string& pattern, const ProcessInfo& p) {
    if (!p.exe.empty() && baseName(p.exe) == pattern) {
        return true;
    }
    if (p.comm == pattern) {
        return true;
    }
    return pattern.size() > kCommLength && p.comm.size() == kCommLength &&
           pattern.compare(0, kCommLength, p.comm) == 0;
}

bool pathMatches(const std::string& pattern, const std::string& exe) {
    if (exe.empty()) {
        return false;
    }
    if (exe == pattern) {
        return true;
    }
    const std::string dir = pattern.back() == '/' ? pattern : pattern + "/";
    return exe.rfind(dir, 0) == 0;
}

} // namespace

std::vector<ProcessInfo> readProcesses(const std::string& root) {
    std::vector<ProcessInfo> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(underRoot(root, "/proc"), ec)) {
        const auto pid = e.path().filename().string();
        if (pid.empty() || !std::all_of(pid.begin(), pid.end(), ::isdigit)) {
            continue;
        }
        ProcessInfo p;
        p.pid = std::atoi(pid.c_str());
        if (auto comm = readFile(e.path() / "comm", 256)) {
            p.comm = comm.value();
            while (!p.comm.empty() && (p.comm.back() == '\n' || p.comm.back() == ' ')) {
                p.comm.pop_back();
            }
        }
        std::error_code linkError;
        const auto exe = fs::read_symlink(e.path() / "exe", linkError);
        if (!linkError) {
            p.exe = exe.string();
            const std::string deleted = " (deleted)";
            if (p.exe.size() > deleted.size() &&
                p.exe.compare(p.exe.size() - deleted.size(), deleted.size(), deleted) == 0) {
                p.exe.resize(p.exe.size() - deleted.size());
            }
        } else if (auto cmdline = readFile(e.path() / "cmdline", 4096)) {
            // argv[0] only: the arguments are dropped here, at the parse step.
            const auto& c = cmdline.value();
            p.exe = c.substr(0, c.find('\0'));
            if (!p.exe.empty() && p.exe.front() != '/') {
                p.exe.clear();
            }
        }
        if (!p.comm.empty() || !p.exe.empty()) {
            out.push_back(std::move(p));
        }
    }
    return out;
}

bool processMatches(const CatalogEntry& entry, const ProcessInfo& p) {
    if (!entry.linux) {
        return false;
    }
    return std::any_of(entry.linux->processes.begin(), entry.linux->processes.end(),
                       [&](const std::string& n) { return nameMatches(n, p); }) ||
           std::any_of(entry.linux->paths.begin(), entry.linux->paths.end(),
                       [&](const std::string& path) { return pathMatches(path, p.exe); });
}

std::vector<Observation> matchProcesses(const std::vector<ProcessInfo>& processes,
                                        const Catalog& catalog) {
    std::vector<Observation> out;
    for (const auto& entry : catalog.entries()) {
        if (!entry.linux) {
            continue;
        }
        std::set<std::string> evidence;
        for (const auto& p : processes) {
            if (processMatches(entry, p)) {
                evidence.insert("running process: " + (p.exe.empty() ? p.comm : p.exe));
            }
        }
        if (!evidence.empty()) {
            out.push_back(
                productObservation(entry, "process", {evidence.begin(), evidence.end()},
                                   "A program that is running on this computer was recognised.",
                                   "Et program, der kører på denne computer, blev genkendt."));
        }
    }
    return out;
}

std::vector<Observation> detectProcesses(const DetectorContext& ctx) {
    return matchProcesses(readProcesses(ctx.root), ctx.catalog);
}

} // namespace indblik::agent
