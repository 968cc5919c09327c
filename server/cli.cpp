#include "cli.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "admin.h"

namespace indblik::server {
namespace {

Result<int> parseNumber(const std::string& option, const std::string& text, int min, int max) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max) {
        return Error{option + ": expected a number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got \"" + text + "\""};
    }
    return value;
}

// Walks the arguments after the sub-command; options take exactly one value.
class ArgReader {
public:
    ArgReader(const std::vector<std::string>& args, std::size_t start)
        : m_args(args), m_index(start) {}
    bool done() const { return m_index >= m_args.size(); }
    const std::string& next() { return m_args[m_index++]; }
    Result<std::string> value(const std::string& option) {
        if (done() || m_args[m_index].rfind("--", 0) == 0) {
            return Error{option + " needs a value"};
        }
        return next();
    }

private:
    const std::vector<std::string>& m_args;
    std::size_t m_index;
};

} // namespace

std::optional<std::int64_t> parseDurationSeconds(const std::string& text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr == text.data() || value <= 0) {
        return std::nullopt;
    }
    const std::string unit(ptr, end);
    std::int64_t scale = 0;
    if (unit.empty() || unit == "s") {
        scale = 1;
    } else if (unit == "m") {
        scale = 60;
    } else if (unit == "h") {
        scale = 3600;
    } else if (unit == "d") {
        scale = 24 * 3600;
    } else {
        return std::nullopt;
    }
    if (value > std::numeric_limits<std::int64_t>::max() / scale) {
        return std::nullopt;
    }
    return value * scale;
}

Result<std::chrono::seconds> parseLifetime(const std::string& option, const std::string& text) {
    constexpr std::int64_t kMax = std::int64_t{10950} * 24 * 3600;
    const auto seconds = parseDurationSeconds(text);
    if (!seconds || *seconds < 60 || *seconds > kMax) {
        return Error{option +
                     ": expected a duration such as 90s, 15m, 12h or 397d (60 s to "
                     "10950 d), got \"" +
                     text + "\""};
    }
    return std::chrono::seconds(*seconds);
}

namespace {

bool isLimitOption(const std::string& arg) {
    return arg == "--rate-limit" || arg == "--burst" || arg == "--max-threads" ||
           arg == "--max-queued";
}

Status parseLimit(const std::string& arg, const std::string& text, ServerLimits& limits) {
    if (arg == "--rate-limit") {
        auto rate = parseRate(text);
        if (!rate) {
            return Error{rate.error()};
        }
        limits.ratePerSecond = rate.value();
        return {};
    }
    const int max = arg == "--burst" ? 100000 : arg == "--max-threads" ? 1024 : 100000;
    auto number = parseNumber(arg, text, 1, max);
    if (!number) {
        return Error{number.error()};
    }
    if (arg == "--burst") {
        limits.burst = number.value();
    } else if (arg == "--max-threads") {
        limits.maxThreads = number.value();
    } else {
        limits.maxQueued = number.value();
    }
    return {};
}

Result<CommandLine> parseRun(const std::vector<std::string>& args) {
    CommandLine cl;
    cl.action = Action::Run;
    RunOptions& run = cl.run;
    ArgReader reader(args, 1);
    while (!reader.done()) {
        const std::string arg = reader.next();
        if (arg == "--help" || arg == "-h") {
            cl.action = Action::Help;
            return cl;
        }
        if (arg != "--data-dir" && arg != "--database" && arg != "--listen" &&
            arg != "--agent-port" && arg != "--enroll-port" && arg != "--hostname" &&
            arg != "--device-cert-lifetime" && arg != "--alerts-config" && !isLimitOption(arg)) {
            return Error{"run: unknown argument \"" + arg + "\""};
        }
        auto value = reader.value(arg);
        if (!value) {
            return Error{"run: " + value.error()};
        }
        if (arg == "--data-dir") {
            run.dataDir = value.value();
        } else if (arg == "--database") {
            run.database = value.value();
        } else if (arg == "--listen") {
            run.listen = value.value();
        } else if (arg == "--alerts-config") {
            run.alertsConfig = value.value();
        } else if (arg == "--hostname") {
            run.hostnames.push_back(value.value());
        } else if (arg == "--device-cert-lifetime") {
            auto lifetime = parseLifetime(arg, value.value());
            if (!lifetime) {
                return Error{"run: " + lifetime.error()};
            }
            run.deviceCertLifetime = lifetime.value();
        } else if (isLimitOption(arg)) {
            if (auto s = parseLimit(arg, value.value(), run.limits); !s) {
                return Error{"run: " + s.error()};
            }
        } else {
            auto port = parseNumber(arg, value.value(), 0, 65535);
            if (!port) {
                return Error{"run: " + port.error()};
            }
            (arg == "--agent-port" ? run.agentPort : run.enrollPort) = port.value();
        }
    }
    if (run.dataDir.empty()) {
        return Error{"run: --data-dir must not be empty"};
    }
    return cl;
}

Result<CommandLine> parseAdmin(const std::vector<std::string>& args) {
    CommandLine cl;
    cl.action = Action::Admin;
    AdminOptions& admin = cl.admin;
    std::size_t i = 1;
    // Options before the command apply to every command.
    for (; i < args.size() && args[i].rfind("--", 0) == 0; ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            cl.action = Action::Help;
            return cl;
        }
        if (arg != "--data-dir" && arg != "--database") {
            return Error{"admin: unknown option \"" + arg + "\" before the command"};
        }
        if (i + 1 >= args.size()) {
            return Error{"admin: " + arg + " needs a value"};
        }
        (arg == "--data-dir" ? admin.dataDir : admin.database) = args[++i];
    }
    if (i >= args.size()) {
        return Error{"admin: missing command (see --help)"};
    }
    admin.command = args[i++];
    const AdminCommand* command = findAdminCommand(admin.command);
    if (command == nullptr) {
        return Error{"admin: unknown command \"" + admin.command + "\" (see --help)"};
    }
    const std::string where = "admin " + admin.command + ": ";
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            cl.action = Action::Help;
            return cl;
        }
        if (arg.rfind("--", 0) != 0) {
            admin.args.push_back(arg);
            continue;
        }
        if (arg == "--data-dir" || arg == "--database") {
            if (i + 1 >= args.size()) {
                return Error{where + arg + " needs a value"};
            }
            (arg == "--data-dir" ? admin.dataDir : admin.database) = args[++i];
            continue;
        }
        const auto& flags = command->flags;
        const auto& options = command->options;
        if (std::find(flags.begin(), flags.end(), arg) != flags.end()) {
            admin.options[arg] = "";
            continue;
        }
        if (std::find(options.begin(), options.end(), arg) == options.end()) {
            return Error{where + "unknown option \"" + arg + "\" (usage: " + command->synopsis +
                         ")"};
        }
        if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0) {
            return Error{where + arg + " needs a value"};
        }
        if (admin.options.count(arg) != 0) {
            return Error{where + arg + " given twice"};
        }
        admin.options[arg] = args[++i];
    }
    if (admin.args.size() < command->minArgs || admin.args.size() > command->maxArgs) {
        return Error{
            where + "expected " +
            (command->minArgs == command->maxArgs
                 ? std::to_string(command->minArgs)
                 : std::to_string(command->minArgs) + " to " + std::to_string(command->maxArgs)) +
            " argument(s), got " + std::to_string(admin.args.size()) +
            " (usage: " + command->synopsis + ")"};
    }
    if (admin.dataDir.empty()) {
        return Error{"admin: --data-dir must not be empty"};
    }
    return cl;
}

} // namespace

Result<CommandLine> parseCommandLine(const std::vector<std::string>& args) {
    CommandLine cl;
    if (args.empty()) {
        return Error{"missing command (see --help)"};
    }
    const std::string& first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        cl.action = Action::Help;
        return cl;
    }
    if (first == "--version") {
        cl.action = Action::Version;
        return cl;
    }
    if (first == "run") {
        return parseRun(args);
    }
    if (first == "admin") {
        return parseAdmin(args);
    }
    return Error{"unknown command \"" + first + "\" (see --help)"};
}

std::string AdminOptions::option(const std::string& name, const std::string& fallback) const {
    const auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
}

std::string usage() {
    std::string commands;
    for (const auto& c : adminCommands()) {
        std::string line = "  " + c.synopsis;
        line += std::string(line.size() < 46 ? 46 - line.size() : 1, ' ');
        commands += line + c.summary + "\n";
    }
    return R"(Usage:
  indblik-server run [--data-dir DIR] [--database LOCATION] [--listen ADDR] [--agent-port N]
                     [--enroll-port N] [--hostname NAME]... [--rate-limit N/s] [--burst N]
                     [--max-threads N] [--max-queued N] [--device-cert-lifetime DURATION]
                     [--alerts-config FILE]
  indblik-server admin [--data-dir DIR] [--database LOCATION] COMMAND [ARGS]
  indblik-server --help | --version

run           serve agents (mutual TLS, --agent-port, default 8443) and enrollment
              (--enroll-port, default 8444) until SIGTERM or SIGINT. Port 0 picks a free
              port; the ports in use are written to DIR/listening.json.
              --listen defaults to 0.0.0.0; each --hostname is added to the server
              certificate (localhost, 127.0.0.1, ::1 and this host's name always are).
              Limits, per server process and listener: --rate-limit (default 10/s; also
              N/min or off) and --burst (default 100) per client (device, address,
              account; over it: 429 with Retry-After); --max-threads (default 32) serve
              connections, and when more than --max-queued (default 256) wait for one,
              new ones get 503 with Retry-After. See docs/security.md.
              --device-cert-lifetime (default 397d; also 90s, 15m, 12h) is how long the
              client certificates issued at enrollment and renewal are valid; agents renew
              when less than a third of it (at most 30 days) is left.
              The works council's alerts are recorded at start and every 15 minutes;
              --alerts-config FILE sets how often, the SMTP server that mails new ones to
              council members, and the public URL (see docs/council-reports.md).

admin commands:
)" + commands +
           R"(
LOCATION is where the data is kept: by default the SQLite file DIR/server.db; a
postgresql://user@host:port/dbname URI selects PostgreSQL (several server processes may share
it). The INDBLIK_DATABASE environment variable gives it without showing a password in `ps`.
DIR defaults to /var/lib/indblik-server; it is created (mode 0700) with the CA and the server's
certificate on first use.
)";
}

} // namespace indblik::server
