#include "config_watcher.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <Poco/Logger.h>

#include "file_util.h"

namespace indblik::agent {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kDirectoryEvents = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                           IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF |
                                           IN_MOVE_SELF;
constexpr int kMaxDebounceRounds = 5;

Poco::Logger& log() {
    return Poco::Logger::get("indblik.agent.watch");
}

bool isDirectory(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

} // namespace

ConfigWatcher::ConfigWatcher(std::string root, std::vector<std::string> paths,
                             std::function<void()> onChange, std::chrono::milliseconds debounce)
    : m_root(std::move(root)), m_paths(std::move(paths)), m_onChange(std::move(onChange)),
      m_debounce(debounce) {}

ConfigWatcher::~ConfigWatcher() {
    stop();
}

Status ConfigWatcher::start() {
    m_inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_inotify < 0) {
        return Error{std::string("inotify: ") + std::strerror(errno)};
    }
    m_stopEvent = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_stopEvent < 0) {
        ::close(m_inotify);
        m_inotify = -1;
        return Error{std::string("eventfd: ") + std::strerror(errno)};
    }
    arm();
    m_thread = std::thread([this] { run(); });
    return Status::success();
}

void ConfigWatcher::stop() {
    if (m_stopEvent >= 0) {
        const std::uint64_t one = 1;
        (void)!::write(m_stopEvent, &one, sizeof one);
    }
    if (m_thread.joinable()) {
        m_thread.join();
    }
    if (m_inotify >= 0) {
        ::close(m_inotify);
        m_inotify = -1;
    }
    if (m_stopEvent >= 0) {
        ::close(m_stopEvent);
        m_stopEvent = -1;
    }
}

void ConfigWatcher::arm() {
    for (const auto& [wd, watch] : m_watches) {
        ::inotify_rm_watch(m_inotify, wd);
    }
    m_watches.clear();
    std::size_t count = 0;
    const auto add = [&](const fs::path& dir, std::string name) {
        if (count >= kMaxWatches) {
            return;
        }
        const int wd = ::inotify_add_watch(m_inotify, dir.c_str(), kDirectoryEvents | IN_ONLYDIR);
        if (wd < 0) {
            log().warning(dir.string() + ": cannot watch (" + std::strerror(errno) + ")");
            return;
        }
        if (m_watches.count(wd) == 0) {
            ++count;
        }
        m_watches.emplace(wd, Watch{std::move(name)});
    };
    for (const auto& path : m_paths) {
        const fs::path full = underRoot(m_root, path);
        if (isDirectory(full)) {
            add(full, {}); // anything inside it
        }
        // The entry in its parent, so a replacement by rename or a removal is seen; for a path
        // that does not exist, the nearest existing ancestor, for the next component.
        fs::path child = full;
        fs::path dir = full.parent_path();
        const fs::path top = fs::path(m_root).lexically_normal();
        for (int depth = 0; depth < 32 && !dir.empty(); ++depth) {
            if (isDirectory(dir)) {
                add(dir, child.filename().string());
                break;
            }
            if (dir.lexically_normal() == top || dir == dir.parent_path()) {
                break;
            }
            child = dir;
            dir = dir.parent_path();
        }
    }
    m_watchCount = count;
}

bool ConfigWatcher::drain() {
    alignas(inotify_event) char buffer[16 * 1024];
    bool relevant = false;
    for (int rounds = 0; rounds < 64; ++rounds) {
        const auto n = ::read(m_inotify, buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        for (char* p = buffer; p < buffer + n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(p);
            p += sizeof(inotify_event) + event->len;
            if (event->mask & IN_Q_OVERFLOW) {
                relevant = true;
                continue;
            }
            const auto [first, last] = m_watches.equal_range(event->wd);
            if (first == last) {
                continue; // a watch removed by arm(), announcing IN_IGNORED
            }
            if (event->mask & (IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
                relevant = true;
                continue;
            }
            const std::string name = event->len > 0 ? std::string(event->name) : std::string();
            for (auto it = first; it != last; ++it) {
                if (it->second.name.empty() || it->second.name == name) {
                    relevant = true;
                }
            }
        }
    }
    return relevant;
}

void ConfigWatcher::run() {
    pollfd fds[2] = {{m_inotify, POLLIN, 0}, {m_stopEvent, POLLIN, 0}};
    for (;;) {
        fds[0].revents = fds[1].revents = 0;
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            log().error(std::string("poll: ") + std::strerror(errno));
            return;
        }
        if (fds[1].revents) {
            return;
        }
        if (!drain()) {
            continue;
        }
        // Debounce: wait until the paths are quiet, so one editor save or package install is
        // one rediscovery.
        using Clock = std::chrono::steady_clock;
        const auto latest = Clock::now() + kMaxDebounceRounds * m_debounce;
        auto quietUntil = Clock::now() + m_debounce;
        for (;;) {
            const auto now = Clock::now();
            const auto until = std::min(quietUntil, latest);
            if (now >= until) {
                break;
            }
            fds[0].revents = fds[1].revents = 0;
            const auto wait =
                std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count() + 1;
            const int ready = ::poll(fds, 2, static_cast<int>(wait));
            if (ready > 0 && fds[1].revents) {
                return;
            }
            if (ready > 0 && drain()) {
                quietUntil = Clock::now() + m_debounce;
            }
        }
        arm();
        m_onChange();
    }
}

} // namespace indblik::agent
