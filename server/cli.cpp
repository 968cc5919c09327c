#include "cli.h"

#include <charconv>

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
        if (arg != "--data-dir" && arg != "--listen" && arg != "--agent-port" &&
            arg != "--enroll-port" && arg != "--hostname") {
            return Error{"run: unknown argument \"" + arg + "\""};
        }
        auto value = reader.value(arg);
        if (!value) {
            return Error{"run: " + value.error()};
        }
        if (arg == "--data-dir") {
            run.dataDir = value.value();
        } else if (arg == "--listen") {
            run.listen = value.value();
        } else if (arg == "--hostname") {
            run.hostnames.push_back(value.value());
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
    std::vector<std::string> positional;
    bool ttlGiven = false;
    bool deviceGiven = false;
    ArgReader reader(args, 1);
    while (!reader.done()) {
        const std::string arg = reader.next();
        if (arg == "--help" || arg == "-h") {
            cl.action = Action::Help;
            return cl;
        }
        if (arg.rfind("--", 0) != 0) {
            positional.push_back(arg);
            continue;
        }
        auto value = reader.value(arg);
        if (!value) {
            return Error{"admin: " + value.error()};
        }
        if (arg == "--data-dir") {
            admin.dataDir = value.value();
        } else if (arg == "--ttl-minutes") {
            auto ttl = parseNumber(arg, value.value(), 0, 7 * 24 * 60);
            if (!ttl) {
                return Error{"admin: " + ttl.error()};
            }
            admin.ttlMinutes = ttl.value();
            ttlGiven = true;
        } else if (arg == "--device") {
            admin.device = value.value();
            deviceGiven = true;
        } else {
            return Error{"admin: unknown option \"" + arg + "\""};
        }
    }
    if (positional.empty()) {
        return Error{"admin: missing command (see --help)"};
    }
    admin.command = positional.front();
    const std::size_t extra = positional.size() - 1;
    const auto& c = admin.command;
    if (c == "publish-policy") {
        if (extra != 1) {
            return Error{"admin publish-policy: expected exactly one FILE"};
        }
        admin.policyFile = positional[1];
    } else if (c == "revoke-device") {
        if (extra != 1) {
            return Error{"admin revoke-device: expected exactly one DEVICE_ID"};
        }
        admin.device = positional[1];
    } else if (c != "create-enrollment-token" && c != "ca-fingerprint" && c != "list-devices" &&
               c != "show-entries" && c != "health") {
        return Error{"admin: unknown command \"" + c + "\" (see --help)"};
    } else if (extra != 0) {
        return Error{"admin " + c + ": unexpected argument \"" + positional[1] + "\""};
    }
    if (ttlGiven && c != "create-enrollment-token") {
        return Error{"admin " + c + ": --ttl-minutes only applies to create-enrollment-token"};
    }
    if (deviceGiven && c != "show-entries") {
        return Error{"admin " + c + ": --device only applies to show-entries"};
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

std::string usage() {
    return R"(Usage:
  indblik-server run [--data-dir DIR] [--listen ADDR] [--agent-port N] [--enroll-port N]
                     [--hostname NAME]...
  indblik-server admin [--data-dir DIR] COMMAND
  indblik-server --help | --version

run           serve agents (mutual TLS, --agent-port, default 8443) and enrollment
              (--enroll-port, default 8444) until SIGTERM or SIGINT. Port 0 picks a free
              port; the ports in use are written to DIR/listening.json.
              --listen defaults to 0.0.0.0; each --hostname is added to the server
              certificate (localhost, 127.0.0.1, ::1 and this host's name always are).

admin commands:
  create-enrollment-token [--ttl-minutes N]   print a new single-use token (default 60 min)
  ca-fingerprint                              print the CA certificate's SHA-256 fingerprint
  publish-policy FILE                         validate and publish a declared policy
  list-devices                                list enrolled devices
  show-entries [--device ID]                  print stored ledger entries
  revoke-device DEVICE_ID                     refuse the device's certificate from now on
  health                                      certificates' days left, database check, counts;
                                              exit 1 and PROBLEM lines when something needs care

DIR defaults to /var/lib/indblik-server; it is created (mode 0700) with the CA and the server's
certificate on first use.
)";
}

} // namespace indblik::server
