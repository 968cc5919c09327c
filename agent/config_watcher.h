#pragma once

// Watches the detectors' configuration paths with inotify so that a change triggers a
// rediscovery at once instead of at the next scheduled run. Paths are resolved below the root. A
// path that does not exist yet is watched through its nearest existing ancestor directory (for
// the creation of the next path component). Events are debounced: the callback runs once the
// paths have been quiet for `debounce` (or at the latest after 5 debounce periods of continuous
// change). The watches are re-armed before each callback, so a change that happens while
// discovery runs is never lost.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "result.h"

namespace indblik::agent {

inline constexpr std::size_t kMaxWatches = 64;

class ConfigWatcher {
public:
    ConfigWatcher(std::string root, std::vector<std::string> paths, std::function<void()> onChange,
                  std::chrono::milliseconds debounce = std::chrono::milliseconds(1000));
    ~ConfigWatcher();
    ConfigWatcher(const ConfigWatcher&) = delete;
    ConfigWatcher& operator=(const ConfigWatcher&) = delete;

    Status start();
    void stop();
    // How many inotify watches are armed (for tests and the log).
    std::size_t watchCount() const { return m_watchCount.load(); }

private:
    struct Watch {
        std::string name; // the entry of interest in the watched directory; empty: any
    };
    void arm();
    void run();
    // Reads pending events; true when one of them concerns a watched path.
    bool drain();

    std::string m_root;
    std::vector<std::string> m_paths;
    std::function<void()> m_onChange;
    std::chrono::milliseconds m_debounce;
    int m_inotify = -1;
    int m_stopEvent = -1;
    std::multimap<int, Watch> m_watches; // by watch descriptor
    std::atomic<std::size_t> m_watchCount{0};
    std::thread m_thread;
};

} // namespace indblik::agent
