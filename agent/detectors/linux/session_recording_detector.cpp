#include "detectors/linux/session_recording_detector.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "detectors/linux/config_text.h"
#include "json_reader.h"

namespace indblik::agent {

namespace {

// Logical sudoers lines: backslash continuations joined, comments dropped ("#include" and
// "#includedir" are directives, "#1000" is a user id), with the number of their first line.
std::vector<std::pair<std::size_t, std::string>> sudoersLines(std::string_view text) {
    std::vector<std::pair<std::size_t, std::string>> out;
    const auto lines = splitLines(text);
    std::string current;
    std::size_t first = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string line(lines[i]);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        for (std::size_t h = line.find('#'); h != std::string::npos; h = line.find('#', h + 1)) {
            const bool directive = line.compare(h, 8, "#include") == 0;
            const bool uid =
                h + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[h + 1]));
            const bool startOfWord = h == 0 || line[h - 1] == ' ' || line[h - 1] == '\t' ||
                                     line[h - 1] == ',' || line[h - 1] == '=';
            if (startOfWord && !directive && !uid) {
                line.resize(h);
                break;
            }
        }
        if (current.empty()) {
            first = i + 1;
        }
        const bool continued = !line.empty() && line.back() == '\\';
        if (continued) {
            line.pop_back();
        }
        current += line + " ";
        if (!continued) {
            if (!trim(current).empty()) {
                out.emplace_back(first, std::string(trim(current)));
            }
            current.clear();
        }
    }
    if (!trim(current).empty()) {
        out.emplace_back(first, std::string(trim(current)));
    }
    return out;
}

// Splits "a, b=\"x, y\", !c" on commas outside quotes.
std::vector<std::string> defaultsParams(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false;
    for (const char c : text) {
        if (c == '"') {
            quoted = !quoted;
        }
        if (c == ',' && !quoted) {
            out.emplace_back(trim(current));
            current.clear();
            continue;
        }
        current.push_back(c);
    }
    if (!trim(current).empty()) {
        out.emplace_back(trim(current));
    }
    return out;
}

bool hasTag(std::string_view line, std::string_view tag) {
    for (auto at = line.find(tag); at != std::string_view::npos; at = line.find(tag, at + 1)) {
        if (at == 0 || !std::isalpha(static_cast<unsigned char>(line[at - 1]))) {
            return true;
        }
    }
    return false;
}

bool tlogLogsInput(const DetectorContext& ctx) {
    const auto text = ctx.readConfig("/etc/tlog/tlog-rec-session.conf");
    if (!text) {
        return false;
    }
    std::string active;
    for (const auto line : splitLines(*text)) {
        const auto t = trim(line);
        if (t.rfind("//", 0) != 0 && t.rfind('#', 0) != 0) {
            active += std::string(t) + "\n";
        }
    }
    static const std::regex input(R"re("input"\s*:\s*true)re");
    return std::regex_search(active, input);
}

struct Found {
    std::vector<std::string> evidence;
    std::set<std::string> categories;
};

const LocalizedText kTlogWhy{
    "The terminal session recorder tlog records what is shown in terminal sessions (the "
    "commands typed as they are echoed, and everything the programs print) and sends it to the "
    "system log, from where it can be played back.",
    "Terminaloptageren tlog optager det, der vises i terminalsessioner (de kommandoer, der "
    "skrives, som de vises på skærmen, og alt, hvad programmerne skriver ud), og sender det til "
    "systemloggen, hvorfra det kan afspilles igen."};
const LocalizedText kTlogInput{
    " It is also set to record input, which is every key typed, passwords at prompts included.",
    " Den er også sat til at optage input, det vil sige hvert tastetryk, også adgangskoder, der "
    "skrives ved en forespørgsel."};

std::vector<std::string> sorted(const std::set<std::string>& s) {
    return {s.begin(), s.end()};
}

// [session_recording] scope= in sssd.conf and conf.d: tlog for all or some users.
std::optional<Observation> sssdRecording(const DetectorContext& ctx, bool tlogInput) {
    std::vector<ConfigFile> files;
    if (auto main = readConfigFile(ctx, "/etc/sssd/sssd.conf")) {
        files.push_back(std::move(*main));
    }
    for (auto& f : readConfigDir(ctx, "/etc/sssd/conf.d", endsWith(".conf"))) {
        files.push_back(std::move(f));
    }
    std::map<std::string, std::pair<std::string, std::string>> settings; // key → (value, evidence)
    for (const auto& f : files) {
        bool section = false;
        const auto lines = splitLines(f.text);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto line = trim(lines[i]);
            if (line.empty() || line.front() == '#' || line.front() == ';') {
                continue;
            }
            if (line.front() == '[') {
                section = lower(line) == "[session_recording]";
                continue;
            }
            const auto eq = line.find('=');
            if (!section || eq == std::string_view::npos) {
                continue;
            }
            const auto key = lower(trim(line.substr(0, eq)));
            if (key == "scope" || key == "users" || key == "groups") {
                settings[key] = {lower(trim(line.substr(eq + 1))), evidenceAt(f.path, i + 1, line)};
            }
        }
    }
    const auto scope = settings.count("scope") ? settings["scope"].first : "none";
    const bool some =
        scope == "some" && ((settings.count("users") && !settings["users"].first.empty()) ||
                            (settings.count("groups") && !settings["groups"].first.empty()));
    if (scope != "all" && !some) {
        return std::nullopt;
    }
    std::vector<std::string> evidence{settings["scope"].second};
    if (some) {
        for (const auto* key : {"users", "groups"}) {
            if (settings.count(key)) {
                evidence.push_back(settings[key].second);
            }
        }
    }
    std::vector<std::string> categories{"terminal_sessions"};
    LocalizedText why{
        "The login service (SSSD) starts session recording for " +
            std::string(scope == "all" ? "every user" : "the users and groups named") + ". " +
            kTlogWhy.en,
        "Login-tjenesten (SSSD) starter optagelse af sessioner for " +
            std::string(scope == "all" ? "alle brugere" : "de nævnte brugere og grupper") + ". " +
            kTlogWhy.da};
    if (tlogInput) {
        categories.insert(categories.begin(), "keystrokes");
        why.en += kTlogInput.en;
        why.da += kTlogInput.da;
    }
    return findingObservation(
        "session-recording", "terminal sessions recorded by tlog (sssd)",
        {"Terminal sessions recorded (tlog via SSSD)", "Terminalsessioner optages (tlog via SSSD)"},
        categories, evidence, why);
}

std::vector<Observation> sudoRecording(const DetectorContext& ctx) {
    SudoLogging sudo;
    const auto main = readConfigFile(ctx, "/etc/sudoers");
    if (!main) {
        return {};
    }
    parseSudoers(main->text, main->path, sudo);
    if (main->text.find("includedir /etc/sudoers.d") != std::string::npos) {
        // sudo skips names with a dot or ending in '~' in its include directory.
        for (const auto& f : readConfigDir(ctx, "/etc/sudoers.d", [](std::string_view name) {
                 return name.find('.') == std::string_view::npos && name.back() != '~';
             })) {
            parseSudoers(f.text, f.path, sudo);
        }
    }
    std::vector<Observation> out;
    std::vector<std::string> ioCategories;
    if (!sudo.input.empty()) {
        ioCategories.push_back("keystrokes");
    }
    if (!sudo.output.empty()) {
        ioCategories.push_back("terminal_sessions");
    }
    if (!ioCategories.empty()) {
        std::vector<std::string> evidence = sudo.input;
        evidence.insert(evidence.end(), sudo.output.begin(), sudo.output.end());
        evidence.insert(evidence.end(), sudo.iologDir.begin(), sudo.iologDir.end());
        LocalizedText why{"sudo is set up to record sessions of the commands run with it "
                          "(I/O logging), so they can be played back later.",
                          "sudo er sat op til at optage sessioner med de kommandoer, der køres "
                          "med den (I/O-logning), så de kan afspilles senere."};
        if (!sudo.input.empty()) {
            why.en += " With log_input every key typed in such a session is recorded, passwords "
                      "typed at prompts included.";
            why.da += " Med log_input optages hvert tastetryk i sådan en session, også "
                      "adgangskoder, der skrives ved en forespørgsel.";
        }
        if (!sudo.output.empty()) {
            why.en += " With log_output everything shown in the terminal during the session is "
                      "recorded.";
            why.da += " Med log_output optages alt, hvad der vises i terminalen under sessionen.";
        }
        out.push_back(findingObservation(
            "session-recording", "sudo session recording (I/O logs)",
            {"Sessions run with sudo are recorded", "Sessioner, der køres med sudo, optages"},
            ioCategories, evidence, why));
    }
    std::map<std::string, std::vector<std::string>> servers;
    for (const auto& [server, evidence] : sudo.servers) {
        servers[server].push_back(evidence);
    }
    for (auto& [server, evidence] : servers) {
        std::set<std::string> categories(ioCategories.begin(), ioCategories.end());
        categories.insert("commands");
        const auto shown = json::escapeInvalidUtf8(server);
        out.push_back(findingObservation(
            "session-recording", "sudo logs sent to " + server,
            {"sudo logs sent to " + shown, "sudo-logge sendes til " + shown}, sorted(categories),
            evidence,
            {"sudo sends its log to the log server " + shown +
                 ": which commands each user ran with sudo, when, and from where" +
                 (ioCategories.empty() ? "." : ", and the recorded sessions."),
             "sudo sender sin log til logserveren " + shown +
                 ": hvilke kommandoer hver bruger har kørt med sudo, hvornår og hvorfra" +
                 (ioCategories.empty() ? "." : ", og de optagede sessioner.")}));
    }
    return out;
}

struct RecorderShell {
    std::string_view name;
    bool tlog;
};
constexpr RecorderShell kRecorderShells[] = {
    {"tlog-rec-session", true}, {"tlog-rec", true},          {"rootsh", false}, {"sudosh", false},
    {"sudosh2", false},         {"log-user-session", false}, {"ttyrec", false},
};

std::vector<Observation> recorderShells(const DetectorContext& ctx, bool tlogInput) {
    const auto passwd = readConfigFile(ctx, "/etc/passwd", 4 << 20);
    if (!passwd) {
        return {};
    }
    std::map<std::string, Found> byShell;
    const auto lines = splitLines(passwd->text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::vector<std::string> fields;
        std::istringstream in{std::string(trim(lines[i]))};
        for (std::string f; std::getline(in, f, ':');) {
            fields.push_back(f);
        }
        if (fields.size() < 7 || fields[0].empty() || fields[0][0] == '#') {
            continue;
        }
        const auto& shell = fields[6];
        const auto base = shell.substr(shell.find_last_of('/') + 1);
        const auto known = std::find_if(std::begin(kRecorderShells), std::end(kRecorderShells),
                                        [&](const RecorderShell& r) { return r.name == base; });
        if (known == std::end(kRecorderShells)) {
            continue;
        }
        auto& found = byShell[base];
        found.categories.insert("terminal_sessions");
        if (!known->tlog || tlogInput) {
            found.categories.insert("keystrokes");
        }
        // The user name and shell, not the rest of the line (full names, home folders).
        found.evidence.push_back(passwd->path + ":" + std::to_string(i + 1) + ": user " +
                                 fields[0] + " has login shell " + shell);
    }
    std::vector<Observation> out;
    for (auto& [shell, found] : byShell) {
        const bool input = found.categories.count("keystrokes") > 0;
        LocalizedText why{
            "The login shell of the users named here is the session recorder " + shell +
                ": everything shown in their terminal sessions is recorded, so "
                "it can be played back later.",
            "Login-skallen for de brugere, der er nævnt her, er sessionsoptageren " + shell +
                ": alt, hvad der vises i deres terminalsessioner, optages, så det "
                "kan afspilles senere."};
        if (input) {
            why.en += " It records what is typed too, passwords at prompts included.";
            why.da += " Den optager også det, der skrives, også adgangskoder ved en forespørgsel.";
        }
        out.push_back(findingObservation(
            "session-recording", "login shell records terminal sessions (" + shell + ")",
            {"Login shell records terminal sessions (" + shell + ")",
             "Login-skallen optager terminalsessioner (" + shell + ")"},
            sorted(found.categories), std::move(found.evidence), why));
    }
    return out;
}

constexpr std::string_view kRecorderWords[] = {"script", "tlog-rec", "ttyrec", "rootsh",
                                               "asciinema"};

// Shell start-up files: commands sent to syslog from PROMPT_COMMAND or a DEBUG trap, and session
// recorders started at login.
std::vector<Observation> startupFiles(const DetectorContext& ctx) {
    std::vector<ConfigFile> files;
    for (const std::string path :
         {"/etc/profile", "/etc/bash.bashrc", "/etc/bashrc", "/etc/zsh/zshrc", "/etc/zshrc"}) {
        if (auto f = readConfigFile(ctx, path)) {
            files.push_back(std::move(*f));
        }
    }
    for (auto& f : readConfigDir(ctx, "/etc/profile.d", endsWith(".sh"))) {
        files.push_back(std::move(f));
    }
    static const std::regex recorder(
        R"re((^|[;&|(`]|\bthen|\bexec|\bdo|\belse)\s*(exec\s+)?(\S*/)?(script|tlog-rec|tlog-rec-session|ttyrec|rootsh|asciinema\s+rec)(\s|$))re");
    static const std::regex inputFlag(R"re(\s(-[a-zA-Z]*[IB][a-zA-Z]*|--log-in|--log-io)\b)re");
    Found commands;
    Found sessions;
    for (const auto& f : files) {
        std::vector<std::string> hooks;
        std::vector<std::string> loggers;
        const auto lines = splitLines(f.text);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto line = trim(lines[i]);
            if (line.empty() || line.front() == '#') {
                continue;
            }
            const auto at = [&] { return evidenceAt(f.path, i + 1, line); };
            const bool hook = line.find("PROMPT_COMMAND") != std::string_view::npos ||
                              (line.find("trap") != std::string_view::npos &&
                               line.find("DEBUG") != std::string_view::npos) ||
                              line.find("precmd") != std::string_view::npos ||
                              line.find("preexec") != std::string_view::npos;
            const bool toSyslog = line.find("logger") != std::string_view::npos ||
                                  line.find("systemd-cat") != std::string_view::npos ||
                                  line.find("/dev/log") != std::string_view::npos;
            const bool command = line.find("history") != std::string_view::npos ||
                                 line.find("BASH_COMMAND") != std::string_view::npos ||
                                 line.find("fc -l") != std::string_view::npos;
            if (toSyslog && command) {
                loggers.push_back(at());
            } else if (hook) {
                hooks.push_back(at());
            }
            if (toSyslog && command && hook) {
                hooks.push_back(loggers.back());
            }
            const std::string text(line);
            std::smatch m;
            const bool mentionsRecorder = std::any_of(
                std::begin(kRecorderWords), std::end(kRecorderWords),
                [&](std::string_view w) { return line.find(w) != std::string_view::npos; });
            if (mentionsRecorder && std::regex_search(text, m, recorder)) {
                sessions.categories.insert("terminal_sessions");
                if (m[4] == "script" && std::regex_search(text, inputFlag)) {
                    sessions.categories.insert("keystrokes");
                }
                sessions.evidence.push_back(at());
            }
        }
        // A command-to-syslog line counts when a hook runs it for every command.
        if (!loggers.empty() && !hooks.empty()) {
            commands.categories.insert("commands");
            for (auto& e : hooks) {
                if (std::find(commands.evidence.begin(), commands.evidence.end(), e) ==
                    commands.evidence.end()) {
                    commands.evidence.push_back(std::move(e));
                }
            }
            for (auto& e : loggers) {
                if (std::find(commands.evidence.begin(), commands.evidence.end(), e) ==
                    commands.evidence.end()) {
                    commands.evidence.push_back(std::move(e));
                }
            }
        }
    }
    std::vector<Observation> out;
    if (!commands.evidence.empty()) {
        out.push_back(findingObservation(
            "session-recording", "shell start-up sends every command to the system log",
            {"Every command typed in a terminal is sent to the system log",
             "Hver kommando, der skrives i en terminal, sendes til systemloggen"},
            {"commands"}, std::move(commands.evidence),
            {"A shell start-up file run at every login hooks into the shell (PROMPT_COMMAND or a "
             "trap) and sends each command a user types to the system log with logger, where "
             "it is kept and may be forwarded to other computers.",
             "En startfil, som skallen kører ved hvert login, kobler sig på skallen "
             "(PROMPT_COMMAND eller en trap) og sender hver kommando, en bruger skriver, til "
             "systemloggen med logger, hvor den gemmes og kan sendes videre til andre "
             "computere."}));
    }
    if (!sessions.evidence.empty()) {
        LocalizedText why{"A shell start-up file run at every login starts a session recorder: "
                          "everything shown in the terminal session is recorded, so it can be "
                          "played back later.",
                          "En startfil, som skallen kører ved hvert login, starter en "
                          "sessionsoptager: alt, hvad der vises i terminalsessionen, optages, så "
                          "det kan afspilles senere."};
        if (sessions.categories.count("keystrokes")) {
            why.en += " It is told to record what is typed too, passwords at prompts included.";
            why.da += " Den er sat til også at optage det, der skrives, også adgangskoder ved en "
                      "forespørgsel.";
        }
        out.push_back(
            findingObservation("session-recording", "shell start-up starts a session recorder",
                               {"Terminal sessions recorded from shell start-up",
                                "Terminalsessioner optages fra skallens startfiler"},
                               sorted(sessions.categories), std::move(sessions.evidence), why));
    }
    return out;
}

} // namespace

void parseSudoers(std::string_view text, const std::string& origin, SudoLogging& into) {
    for (const auto& [lineNo, line] : sudoersLines(text)) {
        const auto evidence = evidenceAt(origin, lineNo, line);
        if (line.rfind("Defaults", 0) == 0) {
            const auto space = line.find_first_of(" \t");
            if (space == std::string::npos) {
                continue;
            }
            const bool global = space == 8;
            for (const auto& param : defaultsParams(std::string_view(line).substr(space))) {
                const auto eq = param.find('=');
                auto key = std::string(trim(std::string_view(param).substr(0, eq)));
                if (!key.empty() && key.back() == '+') {
                    key.pop_back();
                }
                key = std::string(trim(key));
                if (key == "log_input") {
                    into.input.push_back(evidence);
                } else if (key == "log_output") {
                    into.output.push_back(evidence);
                } else if (key == "!log_input" && global) {
                    into.input.clear();
                } else if (key == "!log_output" && global) {
                    into.output.clear();
                } else if (key == "iolog_dir") {
                    into.iologDir.push_back(evidence);
                } else if ((key == "log_servers" || key == "!log_servers") &&
                           eq == std::string::npos) {
                    into.servers.clear();
                } else if (key == "log_servers") {
                    std::string value(trim(std::string_view(param).substr(eq + 1)));
                    value.erase(std::remove(value.begin(), value.end(), '"'), value.end());
                    std::istringstream list(value);
                    for (std::string server; list >> server;) {
                        const bool tls = server.find("(tls)") != std::string::npos;
                        if (const auto paren = server.find('('); paren != std::string::npos) {
                            server.erase(paren);
                        }
                        if (auto d = parseUrl(server, tls ? "30343" : "30344")) {
                            into.servers.emplace_back(d->hostPort(), evidence);
                        }
                    }
                }
            }
            continue;
        }
        if (hasTag(line, "LOG_INPUT:")) {
            into.input.push_back(evidence);
        }
        if (hasTag(line, "LOG_OUTPUT:")) {
            into.output.push_back(evidence);
        }
    }
}

std::vector<Observation> detectSessionRecording(const DetectorContext& ctx) {
    const bool tlogInput = tlogLogsInput(ctx);
    std::vector<Observation> out;
    if (auto sssd = sssdRecording(ctx, tlogInput)) {
        out.push_back(std::move(*sssd));
    }
    auto sudo = sudoRecording(ctx);
    out.insert(out.end(), sudo.begin(), sudo.end());
    auto shells = recorderShells(ctx, tlogInput);
    out.insert(out.end(), shells.begin(), shells.end());
    auto startup = startupFiles(ctx);
    out.insert(out.end(), startup.begin(), startup.end());
    return out;
}

} // namespace indblik::agent
