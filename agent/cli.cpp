#include "cli.h"

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>
#include <vector>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/Util/ServerApplication.h>

#include "agent_config.h"
#include "agent_service.h"
#include "discovery.h"
#include "file_util.h"
#include "json_reader.h"
#include "local_api.h"
#include "text_view.h"

namespace indblik::agent {

namespace {

constexpr const char* kUsage = R"(indblik-agent: shows the monitoring that runs on this computer

Usage:
  indblik-agent discover [--json] [--root DIR] [--catalog DIR] [--policies DIR]
      Run discovery once and print what was found (--json: {"observations": [...]}).
  indblik-agent run [--config FILE] [--state-dir DIR] [--socket PATH] [--root DIR]
                    [--catalog DIR] [--discovery-interval SECONDS] [--sync-interval SECONDS]
                    [--checkpoint-entries N] [--checkpoint-minutes M] [--ledger-quota-mb MB]
      Run the service in the foreground: discover on a schedule, record changes in the
      ledger, sync with the server, answer the tray on the local socket. Once enrolled, sign
      a checkpoint of the ledger every N entries (1000) or M minutes (60), whichever first.
      The ledger keeps within MB megabytes (default 100): entries the server has stored are
      pruned first; when unsent ones fill it, what cannot be recorded is counted in a gap entry.
      Not enrolled yet: enrolls by itself with the enrollment settings (see enroll below),
      read again before each attempt from FILE and FILE.d/*.conf, retrying until it can.
  indblik-agent enroll --server URL --token TOKEN --ca-fingerprint SHA256
                       [--config FILE] [--state-dir DIR]
      Exchange a one-time enrollment token for this computer's client certificate. Each of
      the three may instead come from the configuration (server, ca_fingerprint,
      enrollment_token or enrollment_token_file in FILE, FILE.d/*.conf or the environment
      INDBLIK_SERVER, INDBLIK_CA_FINGERPRINT, INDBLIK_ENROLLMENT_TOKEN[_FILE]); `run` enrolls
      by itself with them when this computer is not enrolled (see docs/deploy.md).
  indblik-agent verify-ledger [--config FILE] [--state-dir DIR]
      Check the ledger's hash chain; name the first broken entry.
  indblik-agent show [--socket PATH] [--language da|en] [--json]
      Ask the running agent and print the employee's view as text (--json: the agent's
      answer as it is, see docs/local-api.md).
  indblik-agent my-data [--socket PATH] [--export ndjson|csv|html --output FILE]
      Ask the running agent for what the server holds about you (the user running this):
      your data as JSON, or an export saved to FILE (created 0600, never overwritten).
  indblik-agent --help | --version
)";

struct Arguments {
    std::string command;
    std::map<std::string, std::string> options;
    std::set<std::string> flags;
};

// Options are "--name value"; flags are the names listed in flagNames.
Result<Arguments> parseArguments(int argc, char** argv, const std::set<std::string>& flagNames) {
    Arguments a;
    a.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            return Error{"unexpected argument \"" + arg + "\""};
        }
        const auto name = arg.substr(2);
        if (flagNames.count(name)) {
            a.flags.insert(name);
        } else if (i + 1 < argc) {
            a.options[name] = argv[++i];
        } else {
            return Error{"option " + arg + " needs a value"};
        }
    }
    return a;
}

Status allowOnly(const Arguments& a, const std::set<std::string>& allowed) {
    for (const auto& [name, value] : a.options) {
        if (!allowed.count(name)) {
            return Error{"indblik-agent " + a.command + ": unknown option --" + name};
        }
    }
    return Status::success();
}

// The environment's enrollment settings, --config and its drop-ins, then the named command-line
// options on top. With leftOut, a bad drop-in or environment variable is left out (see
// loadConfiguration).
Result<AgentConfig> configFrom(const Arguments& a, std::vector<std::string>* leftOut = nullptr) {
    const auto configOption = a.options.find("config");
    auto loaded =
        loadConfiguration(configOption != a.options.end() ? configOption->second : std::string(),
                          enrollmentEnvironment(), leftOut);
    if (!loaded) {
        return Error{loaded.error()};
    }
    AgentConfig config = std::move(loaded).value();
    std::map<std::string, std::string> settings;
    const std::map<std::string, std::string> names{{"state-dir", "state_dir"},
                                                   {"socket", "socket"},
                                                   {"root", "root"},
                                                   {"catalog", "catalog"},
                                                   {"discovery-interval", "discovery_interval"},
                                                   {"sync-interval", "sync_interval"},
                                                   {"checkpoint-entries", "checkpoint_entries"},
                                                   {"checkpoint-minutes", "checkpoint_minutes"},
                                                   {"ledger-quota-mb", "ledger_quota_mb"}};
    for (const auto& [option, setting] : names) {
        if (const auto it = a.options.find(option); it != a.options.end()) {
            settings[setting] = it->second;
        }
    }
    auto status = applySettings(config, settings, "command line");
    if (!status) {
        return Error{status.error()};
    }
    return config;
}

void setUpLogging() {
    Poco::AutoPtr<Poco::PatternFormatter> formatter(
        new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S %p %s: %t"));
    Poco::AutoPtr<Poco::FormattingChannel> channel(
        new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel(std::cerr)));
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(Poco::Message::PRIO_INFORMATION);
}

int fail(const std::string& message) {
    std::cerr << "indblik-agent: " << message << "\n";
    return 2;
}

int discoverCommand(const Arguments& a) {
    if (auto s = allowOnly(a, {"root", "catalog", "policies"}); !s) {
        return fail(s.error());
    }
    const auto root = a.options.count("root") ? a.options.at("root") : std::string("/");
    const auto catalogDir = a.options.count("catalog") ? a.options.at("catalog")
                                                       : std::string(INDBLIK_DEFAULT_CATALOG_DIR);
    auto catalog = Catalog::loadDirectory(catalogDir);
    if (!catalog) {
        return fail("catalog: " + catalog.error());
    }
    std::vector<Policy> policies;
    if (a.options.count("policies")) {
        auto loaded = loadPolicyDirectory(a.options.at("policies"));
        if (!loaded) {
            return fail("policies: " + loaded.error());
        }
        policies = std::move(loaded).value();
    }
    auto found = discover(root, catalog.value(), platformDetectors());
    auto& observations = found.observations;
    matchPolicies(observations, policies, json::todayUtc());
    if (a.flags.count("json")) {
        Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto& o : observations) {
            list->add(toJson(o));
        }
        out->set("observations", list);
        out->set("could_not_read", toJson(found.problems));
        Poco::JSON::Stringifier::stringify(out, std::cout, 2);
        std::cout << "\n";
        return 0;
    }
    for (const auto& o : observations) {
        std::cout << (o.declared ? "declared   " : "UNDECLARED ") << o.name << " [" << o.detector
                  << "]\n";
        for (const auto& e : o.evidence) {
            std::cout << "    " << e << "\n";
        }
    }
    if (observations.empty()) {
        std::cout << "No monitoring found.\n";
    }
    for (const auto& p : found.problems) {
        std::cout << "could not read (" << p.detector << "): " << p.path << " " << p.problem
                  << "\n";
    }
    return 0;
}

class AgentApplication : public Poco::Util::ServerApplication {
public:
    explicit AgentApplication(AgentConfig config) : m_config(std::move(config)) {}

protected:
    int main(const std::vector<std::string>&) override {
        auto service = AgentService::create(m_config);
        if (!service) {
            Poco::Logger::get("indblik.agent").fatal(service.error());
            return EXIT_CONFIG;
        }
        auto started = service.value()->start();
        if (!started) {
            Poco::Logger::get("indblik.agent").fatal(started.error());
            return EXIT_CANTCREAT;
        }
        waitForTerminationRequest();
        Poco::Logger::get("indblik.agent").information("stopping");
        service.value()->stop();
        return EXIT_OK;
    }

private:
    AgentConfig m_config;
};

int runCommand(const Arguments& a, char* argv0) {
    if (auto s = allowOnly(a, {"config", "state-dir", "socket", "root", "catalog",
                               "discovery-interval", "sync-interval", "checkpoint-entries",
                               "checkpoint-minutes", "ledger-quota-mb"});
        !s) {
        return fail(s.error());
    }
    // A broken drop-in (a fleet tool's mistake) must not stop discovery on every computer: it is
    // left out and reported; a broken agent.conf or command line still stops the agent.
    std::vector<std::string> leftOut;
    auto config = configFrom(a, &leftOut);
    if (!config) {
        return fail(config.error());
    }
    setUpLogging();
    for (const auto& problem : leftOut) {
        Poco::Logger::get("indblik.agent")
            .error("configuration: " + problem + "; left out (nothing of it applies) until fixed");
    }
    AgentApplication app(config.value());
    char* args[] = {argv0, nullptr};
    return app.run(1, args);
}

int enrollCommand(const Arguments& a) {
    if (auto s = allowOnly(a, {"config", "state-dir", "server", "token", "ca-fingerprint"}); !s) {
        return fail(s.error());
    }
    auto config = configFrom(a);
    if (!config) {
        return fail(config.error());
    }
    // Each of the three from the command line, else from the configuration (as `run` would).
    const auto& settings = config->enrollment;
    std::string token;
    if (a.options.count("token")) {
        token = a.options.at("token");
    } else if (settings.hasToken()) {
        auto configured = enrollmentToken(settings);
        if (!configured) {
            return fail(configured.error());
        }
        token = configured.value();
    }
    const std::string server = a.options.count("server") ? a.options.at("server") : settings.server;
    const std::string fingerprint =
        a.options.count("ca-fingerprint") ? a.options.at("ca-fingerprint") : settings.caFingerprint;
    for (const auto& [value, name] : {std::pair{server, "server"}, std::pair{token, "token"},
                                      std::pair{fingerprint, "ca-fingerprint"}}) {
        if (value.empty()) {
            return fail(std::string("enroll needs --") + name + " (or its setting in --config)");
        }
    }
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    EnrollRequest request{server, token, fingerprint, host, config->identityDir()};
    std::error_code ec;
    std::filesystem::create_directories(config->stateDir, ec);
    auto status = enroll(request);
    if (!status) {
        return fail("enrollment failed: " + status.error());
    }
    std::cout << "Enrolled with " << request.serverUrl << "\n";
    return 0;
}

int verifyCommand(const Arguments& a) {
    if (auto s = allowOnly(a, {"config", "state-dir"}); !s) {
        return fail(s.error());
    }
    auto config = configFrom(a);
    if (!config) {
        return fail(config.error());
    }
    if (!std::filesystem::exists(config->ledgerPath())) {
        return fail(config->ledgerPath() + ": no ledger here");
    }
    auto ledger = Ledger::open(config->ledgerPath());
    if (!ledger) {
        return fail(ledger.error());
    }
    const auto v = ledger.value()->verify();
    if (v.intact) {
        std::cout << config->ledgerPath() << ": intact, " << v.entries << " entries";
        if (!v.head.empty()) {
            std::cout << ", head " << v.head;
        }
        std::cout << "\n";
        return 0;
    }
    std::cout << config->ledgerPath() << ": BROKEN";
    if (v.firstBroken) {
        std::cout << " at entry " << *v.firstBroken;
    }
    std::cout << ": " << v.reason << "\n";
    return 1;
}

int showCommand(const Arguments& a) {
    if (auto s = allowOnly(a, {"socket", "language"}); !s) {
        return fail(s.error());
    }
    const auto socket =
        a.options.count("socket") ? a.options.at("socket") : AgentConfig{}.socketPath;
    std::string locale;
    if (a.options.count("language")) {
        locale = a.options.at("language");
        if (locale != "da" && locale != "en") {
            return fail("--language takes da or en");
        }
    } else {
        for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            if (const char* v = std::getenv(var); v && *v) {
                locale = v;
                break;
            }
        }
    }
    auto answer = localRequest(socket, R"({"op":"overview"})");
    if (!answer) {
        return fail(answer.error());
    }
    if (a.flags.count("json")) {
        std::cout << answer.value() << "\n";
        return 0;
    }
    auto text = renderOverview(answer.value(), languageFromLocale(locale));
    if (!text) {
        return fail(text.error());
    }
    std::cout << text.value();
    return 0;
}

int myDataCommand(const Arguments& a) {
    if (auto s = allowOnly(a, {"socket", "export", "output"}); !s) {
        return fail(s.error());
    }
    const auto socket =
        a.options.count("socket") ? a.options.at("socket") : AgentConfig{}.socketPath;
    const bool exporting = a.options.count("export") != 0;
    if (exporting != (a.options.count("output") != 0)) {
        return fail("my-data: --export and --output go together");
    }
    Poco::JSON::Object request;
    request.set("op", "server");
    if (exporting) {
        request.set("what", "export");
        request.set("format", a.options.at("export"));
    } else {
        request.set("what", "my_data");
    }
    std::ostringstream text;
    request.stringify(text);
    auto answer = localRequest(socket, text.str());
    if (!answer) {
        return fail(answer.error());
    }
    Poco::JSON::Object::Ptr reply;
    try {
        Poco::JSON::Parser parser;
        reply = parser.parse(answer.value()).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return fail("the agent's answer is not JSON: " + e.displayText());
    }
    if (!reply->optValue<bool>("ok", false)) {
        std::string why = reply->optValue<std::string>("error", "");
        if (why.empty() && reply->isObject("answer")) {
            why = reply->getObject("answer")->optValue<std::string>("error", "");
        }
        const int status = reply->optValue<int>("status", 0);
        return fail("the server refused" +
                    (status != 0 ? " (HTTP " + std::to_string(status) + ")" : std::string()) +
                    ": " + why);
    }
    if (!exporting) {
        Poco::JSON::Stringifier::stringify(reply->get("answer"), std::cout, 2);
        std::cout << "\n";
        return 0;
    }
    const std::string output = a.options.at("output");
    if (std::filesystem::exists(output)) {
        return fail(output + ": already exists; choose another file");
    }
    const std::string body = reply->optValue<std::string>("body", "");
    if (auto s = writeFileAtomically(output, body, 0600); !s) {
        return fail(s.error());
    }
    std::cout << "saved " << body.size() << " bytes to " << output << "\n";
    return 0;
}

} // namespace

int runCli(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    if (std::string(argv[1]) == "--version") {
        std::cout << "indblik-agent " << INDBLIK_VERSION << "\n";
        return 0;
    }
    auto args = parseArguments(argc, argv, {"json", "help"});
    if (!args) {
        return fail(args.error());
    }
    const auto& a = args.value();
    if (a.flags.count("help")) {
        std::cout << kUsage;
        return 0;
    }
    try {
        if (a.command == "discover") {
            return discoverCommand(a);
        }
        if (a.command == "run") {
            return runCommand(a, argv[0]);
        }
        if (a.command == "enroll") {
            return enrollCommand(a);
        }
        if (a.command == "verify-ledger") {
            return verifyCommand(a);
        }
        if (a.command == "show") {
            return showCommand(a);
        }
        if (a.command == "my-data") {
            return myDataCommand(a);
        }
    } catch (const Poco::Exception& e) {
        return fail(e.displayText());
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return fail("unknown command \"" + a.command + "\" (see indblik-agent --help)");
}

} // namespace indblik::agent
