#include "agent_config.h"

#include <charconv>
#include <sstream>

#include "file_util.h"

namespace indblik::agent {

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

Result<int> seconds(const std::string& value, const std::string& where) {
    int n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > 86400) {
        return Error{where + ": expected a number of seconds from 1 to 86400, got \"" + value +
                     "\""};
    }
    return n;
}

Result<int> count(const std::string& value, const std::string& where, int max) {
    int n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > max) {
        return Error{where + ": expected a whole number from 1 to " + std::to_string(max) +
                     ", got \"" + value + "\""};
    }
    return n;
}

// Megabytes (MiB) as a decimal number: 100, or 0.25 for a small test quota.
Result<std::int64_t> megabytes(const std::string& value, const std::string& where) {
    double mb = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), mb);
    if (ec != std::errc() || end != value.data() + value.size() || !(mb >= 0.0625) ||
        mb > 1048576) {
        return Error{where + ": expected a number of megabytes from 0.0625 to 1048576, got \"" +
                     value + "\""};
    }
    return static_cast<std::int64_t>(mb * (1 << 20));
}

} // namespace

Status applySettings(AgentConfig& config, const std::map<std::string, std::string>& settings,
                     const std::string& origin) {
    AgentConfig next = config;
    for (const auto& [key, value] : settings) {
        const auto where = origin + ": " + key;
        if (key == "state_dir") {
            next.stateDir = value;
        } else if (key == "socket") {
            next.socketPath = value;
        } else if (key == "root") {
            next.root = value;
        } else if (key == "catalog") {
            next.catalogDir = value;
        } else if (key == "discovery_interval" || key == "sync_interval") {
            auto n = seconds(value, where);
            if (!n) {
                return Error{n.error()};
            }
            (key == "discovery_interval" ? next.discoveryIntervalSeconds
                                         : next.syncIntervalSeconds) = n.value();
        } else if (key == "checkpoint_entries" || key == "checkpoint_minutes") {
            const bool entries = key == "checkpoint_entries";
            auto n = count(value, where, entries ? 1'000'000 : 7 * 24 * 60);
            if (!n) {
                return Error{n.error()};
            }
            (entries ? next.checkpointEntries : next.checkpointMinutes) = n.value();
        } else if (key == "ledger_quota_mb") {
            auto bytes = megabytes(value, where);
            if (!bytes) {
                return Error{bytes.error()};
            }
            next.ledgerQuotaBytes = bytes.value();
        } else {
            return Error{where + ": unknown setting"};
        }
        if (value.empty()) {
            return Error{where + ": needs a value"};
        }
    }
    config = next;
    return Status::success();
}

Status applyConfigFile(AgentConfig& config, const std::string& path) {
    auto text = readFile(path, 64 * 1024);
    if (!text) {
        return Error{text.error()};
    }
    return applyConfigText(config, text.value(), path);
}

Status applyConfigText(AgentConfig& config, const std::string& text, const std::string& path) {
    std::map<std::string, std::string> settings;
    std::istringstream in(text);
    int lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        line = trim(line);
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos) {
            return Error{path + ":" + std::to_string(lineNo) + ": expected key = value"};
        }
        settings[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    }
    return applySettings(config, settings, path);
}

} // namespace indblik::agent
