#include "agent_config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "file_util.h"
#include "pki.h"

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

constexpr std::size_t kMaxTokenBytes = 4096;

// The environment variable for each enrollment setting.
const std::pair<const char*, const char*> kEnvironment[] = {
    {"INDBLIK_SERVER", "server"},
    {"INDBLIK_CA_FINGERPRINT", "ca_fingerprint"},
    {"INDBLIK_ENROLLMENT_TOKEN", "enrollment_token"},
    {"INDBLIK_ENROLLMENT_TOKEN_FILE", "enrollment_token_file"},
};

Status checkServerUrl(const std::string& value, const std::string& where) {
    const std::string scheme = "https://";
    if (value.rfind(scheme, 0) != 0 || value.size() == scheme.size() ||
        value.find_first_of(" \t") != std::string::npos) {
        return Error{where +
                     ": expected the server's enrollment address as https://host:port, got \"" +
                     value + "\""};
    }
    return Status::success();
}

} // namespace

std::string EnrollmentSettings::missing() const {
    std::vector<std::string> names;
    if (server.empty()) {
        names.emplace_back("server");
    }
    if (caFingerprint.empty()) {
        names.emplace_back("ca_fingerprint");
    }
    if (!hasToken()) {
        names.emplace_back("enrollment_token (or enrollment_token_file)");
    }
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

Result<std::string> enrollmentToken(const EnrollmentSettings& settings) {
    if (!settings.token.empty()) {
        return settings.token;
    }
    if (settings.tokenFile.empty()) {
        return Error{"no enrollment token is set"};
    }
    auto text = readFile(settings.tokenFile, kMaxTokenBytes);
    if (!text) {
        return Error{"enrollment_token_file (" + settings.tokenFrom + "): " + text.error()};
    }
    std::string token = text.value().substr(0, text.value().find('\n'));
    token = trim(token);
    if (token.empty() || token.find_first_of(" \t") != std::string::npos) {
        return Error{"enrollment_token_file (" + settings.tokenFrom + "): " + settings.tokenFile +
                     " does not hold a token on its first line"};
    }
    return token;
}

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
        } else if (key == "server") {
            if (auto ok = checkServerUrl(value, where); !ok) {
                return ok;
            }
            next.enrollment.server = value;
            next.enrollment.serverFrom = origin;
        } else if (key == "ca_fingerprint") {
            const auto fingerprint = pki::normalizeFingerprint(value);
            if (fingerprint.size() != 64 ||
                fingerprint.find_first_not_of("0123456789abcdef") != std::string::npos) {
                return Error{where +
                             ": expected the SHA-256 fingerprint of the server's CA (64 hex "
                             "digits, as `indblik-server admin ca-fingerprint` prints it)"};
            }
            next.enrollment.caFingerprint = fingerprint;
            next.enrollment.fingerprintFrom = origin;
        } else if (key == "enrollment_token") {
            // The value is a secret: no message repeats it.
            if (value.size() > kMaxTokenBytes || value.find_first_of(" \t") != std::string::npos) {
                return Error{where + ": not a valid token (one word, as `indblik-server admin "
                                     "create-enrollment-token` prints it)"};
            }
            next.enrollment.token = value;
            next.enrollment.tokenFile.clear();
            next.enrollment.tokenFrom = origin;
        } else if (key == "enrollment_token_file") {
            if (!value.empty() && value[0] != '/') {
                return Error{where + ": expected an absolute path, got \"" + value + "\""};
            }
            next.enrollment.tokenFile = value;
            next.enrollment.token.clear();
            next.enrollment.tokenFrom = origin;
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
    // Line by line, so an error names its line; applied to a copy, so an error applies nothing.
    AgentConfig next = config;
    std::istringstream in(text);
    int lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        line = trim(line);
        // "[enrollment]": the section header Windows Installer's IniFile table always writes
        // (packaging/windows/enrollment.wxs); any other section is an error below.
        if (line.empty() || line[0] == '#' || line == "[enrollment]") {
            continue;
        }
        const auto where = path + ":" + std::to_string(lineNo);
        const auto eq = line.find('=');
        if (eq == std::string::npos) {
            return Error{where + ": expected key = value"};
        }
        if (auto s =
                applySettings(next, {{trim(line.substr(0, eq)), trim(line.substr(eq + 1))}}, where);
            !s) {
            return s;
        }
    }
    config = next;
    return Status::success();
}

Result<std::vector<std::string>> dropInFiles(const std::string& configPath) {
    namespace fs = std::filesystem;
    const fs::path dir = configPath + ".d";
    std::vector<std::string> files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return files;
    }
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto& p = it->path();
        // Editors' and dpkg's leftovers (.conf~, .conf.dpkg-old) do not end in ".conf".
        if (p.extension() == ".conf" && p.filename().string()[0] != '.' &&
            it->is_regular_file(ec)) {
            files.push_back(p.string());
        }
    }
    if (ec) {
        return Error{dir.string() + ": cannot list the drop-in files (" + ec.message() + ")"};
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::map<std::string, std::string> enrollmentEnvironment() {
    std::map<std::string, std::string> out;
    for (const auto& [variable, setting] : kEnvironment) {
        if (const char* v = std::getenv(variable); v && *v) {
            out[variable] = v;
        }
    }
    return out;
}

Result<AgentConfig> loadConfiguration(const std::string& configPath,
                                      const std::map<std::string, std::string>& environment,
                                      std::vector<std::string>* leftOut) {
    AgentConfig config;
    for (const auto& [variable, setting] : kEnvironment) {
        if (const auto it = environment.find(variable); it != environment.end()) {
            auto s = applySettings(config, {{setting, trim(it->second)}},
                                   std::string("environment ") + variable);
            if (!s && leftOut) {
                leftOut->push_back(s.error());
            } else if (!s) {
                return Error{s.error()};
            }
        }
    }
    if (configPath.empty()) {
        return config;
    }
    config.configPath = configPath;
    if (auto s = applyConfigFile(config, configPath); !s) {
        return Error{s.error()};
    }
    auto dropIns = dropInFiles(configPath);
    if (!dropIns) {
        return Error{dropIns.error()};
    }
    for (const auto& file : dropIns.value()) {
        if (auto s = applyConfigFile(config, file); !s && leftOut) {
            leftOut->push_back(s.error());
        } else if (!s) {
            return Error{s.error()};
        }
    }
    return config;
}

} // namespace indblik::agent
