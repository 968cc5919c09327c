#include "detectors/linux/process_detector.h"

#include <algorithm>
#include <charconv>
#include <dirent.h>
#include <fcntl.h>
#include <optional>
#include <set>
#include <string_view>
#include <unistd.h>

#include "detectors/linux/input_detector.h"
#include "detectors/linux/listener_detector.h"
#include "detectors/linux/remote_view.h"
#include "file_util.h"

namespace indblik::agent {

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

namespace {

// Reads a small /proc file relative to an open directory; empty when it is gone or unreadable.
std::string readSmall(int dirFd, const char* name, std::size_t maxBytes) {
    const int fd = ::openat(dirFd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return {};
    }
    std::string out(maxBytes, '\0');
    std::size_t used = 0;
    while (used < maxBytes) {
        const auto n = ::read(fd, out.data() + used, maxBytes - used);
        if (n <= 0) {
            break;
        }
        used += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(used);
    return out;
}

std::optional<std::string> readLinkAt(int dirFd, const char* name) {
    char buffer[4096];
    const auto n = ::readlinkat(dirFd, name, buffer, sizeof buffer);
    if (n < 0 || static_cast<std::size_t>(n) >= sizeof buffer) {
        return std::nullopt;
    }
    return std::string(buffer, static_cast<std::size_t>(n));
}

bool isInputDevice(std::string_view target) {
    return target.rfind("/dev/input/", 0) == 0 || target.rfind("/dev/hidraw", 0) == 0;
}

// "socket:[12345]" -> 12345
std::optional<std::uint64_t> socketInode(std::string_view target) {
    constexpr std::string_view prefix = "socket:[";
    if (target.rfind(prefix, 0) != 0 || target.back() != ']') {
        return std::nullopt;
    }
    std::uint64_t inode = 0;
    const auto digits = target.substr(prefix.size(), target.size() - prefix.size() - 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), inode);
    if (error != std::errc() || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return inode;
}

void readDescriptors(int pidFd, ProcessInfo& p, const ProcessScanLimits& limits,
                     std::size_t& fdBudget) {
    const int fdDir = ::openat(pidFd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fdDir < 0) {
        return; // another user's process, or it has exited: nothing to learn
    }
    DIR* dir = ::fdopendir(fdDir);
    if (!dir) {
        ::close(fdDir);
        return;
    }
    std::size_t seen = 0;
    while (const dirent* e = ::readdir(dir)) {
        if (e->d_name[0] == '.') {
            continue;
        }
        if (seen >= limits.maxFdsPerProcess || fdBudget == 0) {
            break;
        }
        ++seen;
        --fdBudget;
        const auto target = readLinkAt(fdDir, e->d_name);
        if (!target || target->empty()) {
            continue;
        }
        if (isInputDevice(*target)) {
            if (p.inputDevices.size() < limits.maxInputDevicesPerProcess &&
                std::find(p.inputDevices.begin(), p.inputDevices.end(), *target) ==
                    p.inputDevices.end()) {
                p.inputDevices.push_back(*target);
            }
        } else if (auto inode = socketInode(*target)) {
            if (p.sockets.size() < limits.maxSocketsPerProcess) {
                p.sockets.push_back(*inode);
            }
        }
    }
    ::closedir(dir);
}

} // namespace

std::vector<ProcessInfo> readProcesses(const std::string& root, const ProcessScanLimits& limits) {
    std::vector<ProcessInfo> out;
    const auto procPath = underRoot(root, "/proc");
    const int procFd = ::open(procPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (procFd < 0) {
        return out;
    }
    DIR* proc = ::fdopendir(procFd);
    if (!proc) {
        ::close(procFd);
        return out;
    }
    std::size_t fdBudget = limits.maxFdsTotal;
    std::size_t scanned = 0;
    while (const dirent* e = ::readdir(proc)) {
        const std::string_view pid = e->d_name;
        if (pid.empty() ||
            !std::all_of(pid.begin(), pid.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        if (++scanned > limits.maxProcesses) {
            break;
        }
        const int pidFd = ::openat(procFd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (pidFd < 0) {
            continue; // vanished between readdir and open
        }
        ProcessInfo p;
        std::from_chars(pid.data(), pid.data() + pid.size(), p.pid);
        p.comm = readSmall(pidFd, "comm", 64);
        while (!p.comm.empty() && (p.comm.back() == '\n' || p.comm.back() == ' ')) {
            p.comm.pop_back();
        }
        if (auto exe = readLinkAt(pidFd, "exe")) {
            p.exe = std::move(*exe);
            const std::string deleted = " (deleted)";
            if (p.exe.size() > deleted.size() &&
                p.exe.compare(p.exe.size() - deleted.size(), deleted.size(), deleted) == 0) {
                p.exe.resize(p.exe.size() - deleted.size());
            }
        } else {
            // argv[0] only: the arguments are dropped here, at the parse step.
            auto cmdline = readSmall(pidFd, "cmdline", 4096);
            p.exe = cmdline.substr(0, cmdline.find('\0'));
            if (!p.exe.empty() && p.exe.front() != '/') {
                p.exe.clear();
            }
        }
        if (!p.comm.empty() || !p.exe.empty()) {
            readDescriptors(pidFd, p, limits, fdBudget);
            out.push_back(std::move(p));
        }
        ::close(pidFd);
    }
    ::closedir(proc);
    return out;
}

bool processNameMatches(const std::string& pattern, const ProcessInfo& p) {
    return nameMatches(pattern, p);
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

const CatalogEntry* productForProcess(const ProcessInfo& p, const Catalog& catalog) {
    for (const auto& entry : catalog.entries()) {
        if (processMatches(entry, p)) {
            return &entry;
        }
    }
    return nullptr;
}

std::string processLabel(const ProcessInfo& p) {
    return p.exe.empty() ? p.comm : p.exe;
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
            const bool byName =
                std::any_of(entry.linux->processes.begin(), entry.linux->processes.end(),
                            [&](const std::string& n) { return nameMatches(n, p); });
            const bool byPath =
                std::any_of(entry.linux->paths.begin(), entry.linux->paths.end(),
                            [&](const std::string& path) { return pathMatches(path, p.exe); });
            if (byName || byPath) {
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
    const auto processes = readProcesses(ctx.root);
    auto out = matchProcesses(processes, ctx.catalog);
    auto add = [&](std::vector<Observation> more) {
        out.insert(out.end(), std::make_move_iterator(more.begin()),
                   std::make_move_iterator(more.end()));
    };
    add(matchRemoteViewProcesses(processes, ctx.catalog));
    add(matchInputReaders(processes, readInputDevices(ctx), ctx.catalog));
    add(matchListeners(processes, readListeners(ctx), ctx.catalog));
    // One observation per product from this scan. discover() merges evidence across detectors
    // but not categories, so a product that also reads the keyboard keeps "keystrokes" here.
    std::vector<Observation> merged;
    for (auto& o : out) {
        const auto same = std::find_if(merged.begin(), merged.end(), [&](const Observation& m) {
            return o.product && m.product == o.product;
        });
        if (same == merged.end()) {
            merged.push_back(std::move(o));
            continue;
        }
        if (o.categories.size() > same->categories.size()) {
            same->categories = o.categories;
            same->why = o.why;
        }
        if (same->detector.find(o.detector) == std::string::npos) {
            same->detector += "," + o.detector;
        }
        for (auto& e : o.evidence) {
            if (std::find(same->evidence.begin(), same->evidence.end(), e) ==
                same->evidence.end()) {
                same->evidence.push_back(std::move(e));
            }
        }
    }
    return merged;
}

} // namespace indblik::agent
