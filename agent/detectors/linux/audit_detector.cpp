#include "detectors/linux/audit_detector.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "detectors/linux/config_text.h"
#include "file_util.h"
#include "json_reader.h"

namespace indblik::agent {

namespace {

std::vector<std::string> splitWords(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;) {
        words.push_back(w);
    }
    return words;
}

// "-S execve,open" or "-S execve -S open": the syscalls a rule names.
std::set<std::string> syscalls(const std::vector<std::string>& words) {
    std::set<std::string> out;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == "-S" || words[i] == "--syscall") {
            std::istringstream list(words[i + 1]);
            for (std::string s; std::getline(list, s, ',');) {
                out.insert(s);
            }
        }
    }
    return out;
}

bool hasField(const std::vector<std::string>& words, std::string_view prefix) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == "-F" && words[i + 1].rfind(prefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<AuditFinding> parseAuditRules(std::string_view text, std::string_view origin) {
    std::vector<AuditFinding> out;
    std::istringstream in{std::string(text)};
    int lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        const auto hash = line.find('#');
        if (hash != std::string::npos) {
            line.resize(hash);
        }
        const auto words = splitWords(line);
        if (words.empty()) {
            continue;
        }
        std::string rule;
        for (const auto& w : words) {
            rule += (rule.empty() ? "" : " ") + w;
        }
        const auto evidence = std::string(origin) + ":" + std::to_string(lineNo) + ": " + rule;
        if (words[0] == "-w" && words.size() >= 2) {
            out.push_back({"file_activity", evidence});
            continue;
        }
        if ((words[0] != "-a" && words[0] != "-A") || words.size() < 2) {
            continue;
        }
        if (words[1].find("never") != std::string::npos) {
            continue;
        }
        const auto calls = syscalls(words);
        if (calls.count("execve") || calls.count("execveat")) {
            out.push_back({"commands", evidence});
        } else if (hasField(words, "path=") || hasField(words, "dir=") ||
                   std::any_of(calls.begin(), calls.end(), [](const std::string& s) {
                       return s == "open" || s == "openat" || s == "unlink" || s == "unlinkat" ||
                              s == "rename" || s == "renameat" || s == "creat" || s == "truncate" ||
                              s == "ftruncate";
                   })) {
            // A watched path or directory, or a file system call.
            out.push_back({"file_activity", evidence});
        }
    }
    return out;
}

std::vector<Observation> detectAuditRules(const DetectorContext& ctx) {
    std::vector<std::string> files;
    const std::string main = "/etc/audit/audit.rules";
    if (std::filesystem::exists(underRoot(ctx.root, main))) {
        files.push_back(main);
    }
    if (auto dropIns = listFiles(underRoot(ctx.root, "/etc/audit/rules.d"), ".rules")) {
        for (const auto& f : dropIns.value()) {
            files.push_back("/etc/audit/rules.d/" + std::filesystem::path(f).filename().string());
        }
    }
    std::vector<AuditFinding> findings;
    for (const auto& f : files) {
        auto text = ctx.readConfig(f, 4 << 20);
        if (!text) {
            continue;
        }
        auto found = parseAuditRules(text.value(), f);
        findings.insert(findings.end(), found.begin(), found.end());
    }
    if (findings.empty()) {
        return {};
    }
    Observation o;
    o.detector = "audit";
    o.name = "Linux audit rules";
    o.title = LocalizedText{"Audit rules (Linux)", "Audit-regler (Linux)"};
    std::set<std::string> categories;
    for (auto& f : findings) {
        categories.insert(f.category);
        o.evidence.push_back(std::move(f.evidence));
    }
    o.categories.assign(categories.begin(), categories.end());
    o.why.en = "The Linux audit system is set up with rules on this computer. A rule that watches "
               "program starts (execve) records every command run, with its arguments; a rule "
               "that watches a file or folder records who opens or changes it.";
    o.why.da = "Linux' overvågningssystem (audit) er sat op med regler på denne computer. En "
               "regel, der holder øje med programstarter (execve), registrerer alle kommandoer, "
               "der bliver kørt, med deres argumenter; en regel, der holder øje med en fil eller "
               "mappe, registrerer, hvem der åbner eller ændrer den.";
    return {o};
}

namespace {

// "key = value" lines of an audit plugin or audisp-remote configuration.
struct KeyValue {
    std::string value;
    std::size_t line = 0;
    std::string text;
};

std::map<std::string, KeyValue> keyValues(std::string_view text) {
    std::map<std::string, KeyValue> out;
    const auto lines = splitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto line = trim(lines[i].substr(0, lines[i].find('#')));
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        out[lower(trim(line.substr(0, eq)))] =
            KeyValue{std::string(trim(line.substr(eq + 1))), i + 1, std::string(line)};
    }
    return out;
}

std::string value(const std::map<std::string, KeyValue>& kv, const std::string& key) {
    const auto it = kv.find(key);
    return it == kv.end() ? std::string() : it->second.value;
}

std::string evidenceFor(const std::map<std::string, KeyValue>& kv, const std::string& key,
                        const std::string& path) {
    const auto it = kv.find(key);
    return it == kv.end() ? path : evidenceAt(path, it->second.line, it->second.text);
}

std::string basename(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// What the audit rules on this computer record; forwarded audit records carry the same.
std::vector<std::string> forwardedCategories(const std::set<std::string>& ruleCategories) {
    std::set<std::string> out = ruleCategories;
    out.insert("security_telemetry");
    out.insert("system_logs");
    return {out.begin(), out.end()};
}

const LocalizedText kRecordsWhy{
    " Audit records describe what the audit rules on this computer watch: for example programs "
    "started (commands), files opened or changed, and logins.",
    " Audit-poster beskriver det, som audit-reglerne på denne computer holder øje med: for "
    "eksempel programmer, der startes (kommandoer), filer, der åbnes eller ændres, og logins."};

} // namespace

std::vector<Observation> detectAuditPlugins(const DetectorContext& ctx,
                                            const std::set<std::string>& ruleCategories) {
    std::vector<Observation> out;
    std::set<std::string> seen;
    for (const std::string dir : {"/etc/audit/plugins.d", "/etc/audisp/plugins.d"}) {
        for (const auto& file : readConfigDir(ctx, dir, endsWith(".conf"))) {
            const auto kv = keyValues(file.text);
            if (lower(value(kv, "active")) != "yes") {
                continue;
            }
            const auto path = value(kv, "path");
            const auto program = basename(path);
            std::vector<std::string> evidence{evidenceFor(kv, "active", file.path),
                                              evidenceFor(kv, "path", file.path)};
            if (program == "audisp-remote") {
                // Its destination lives in audisp-remote.conf beside the plugin directory.
                const auto confPath = dir.substr(0, dir.rfind('/')) + "/audisp-remote.conf";
                const auto conf = ctx.readConfig(confPath);
                const auto remote = conf ? keyValues(*conf) : std::map<std::string, KeyValue>{};
                auto server = value(remote, "remote_server");
                auto port = value(remote, "port");
                auto transport = lower(value(remote, "transport"));
                if (port.empty() || port == "any") {
                    port = "60";
                }
                if (transport.empty()) {
                    transport = "tcp";
                }
                std::string name;
                LocalizedText title;
                if (server.empty()) {
                    name = "audit records forwarded by audisp-remote (no server set)";
                    title = {"Audit records set up to be sent to another computer (no server set)",
                             "Audit-poster sat op til at blive sendt til en anden computer (ingen "
                             "server angivet)"};
                } else {
                    const auto target = parseUrl(server, port);
                    const auto where = target ? target->hostPort() : server;
                    name = "audit records forwarded to " + where;
                    title = {"Audit records sent to " + json::escapeInvalidUtf8(where) + " (" +
                                 transport + ")",
                             "Audit-poster sendes til " + json::escapeInvalidUtf8(where) + " (" +
                                 transport + ")"};
                    evidence.push_back(evidenceFor(remote, "remote_server", confPath));
                    if (remote.count("port")) {
                        evidence.push_back(evidenceFor(remote, "port", confPath));
                    }
                }
                if (!seen.insert(name).second) {
                    continue;
                }
                out.push_back(findingObservation(
                    "audit", name, title, forwardedCategories(ruleCategories), evidence,
                    {"The audit plugin audisp-remote is switched on: every record the Linux audit "
                     "system writes is also sent over the network to the server named here, where "
                     "others can read it." +
                         kRecordsWhy.en,
                     "Audit-udvidelsen audisp-remote er slået til: alle poster, som Linux' "
                     "audit-system skriver, bliver også sendt over netværket til den server, der "
                     "står her, hvor andre kan læse dem." +
                         kRecordsWhy.da}));
            } else if (program == "audisp-syslog" || path == "builtin_syslog") {
                const std::string name = "audit records copied to the system log";
                if (!seen.insert(name).second) {
                    continue;
                }
                out.push_back(findingObservation(
                    "audit", name,
                    {"Audit records copied to the system log", "Audit-poster kopieres til "
                                                               "systemloggen"},
                    forwardedCategories(ruleCategories), evidence,
                    {"The audit plugin for syslog is switched on: every audit record is also "
                     "written to the system log, and from there it can be forwarded to other "
                     "computers like any other log line." +
                         kRecordsWhy.en,
                     "Audit-udvidelsen til syslog er slået til: alle audit-poster skrives også i "
                     "systemloggen, og derfra kan de sendes videre til andre computere som alle "
                     "andre loglinjer." +
                         kRecordsWhy.da}));
            } else if (!path.empty()) {
                const std::string name = "audit plugin " + path;
                if (!seen.insert(name).second) {
                    continue;
                }
                const auto shown = json::escapeInvalidUtf8(path);
                out.push_back(findingObservation(
                    "audit", name,
                    {"Audit records handed to the program " + shown,
                     "Audit-poster gives videre til programmet " + shown},
                    forwardedCategories(ruleCategories), evidence,
                    {"An audit plugin is switched on: every record the Linux audit system writes "
                     "is handed to the program named here, which may store it or send it "
                     "elsewhere." +
                         kRecordsWhy.en,
                     "En audit-udvidelse er slået til: alle poster, som Linux' audit-system "
                     "skriver, gives videre til det program, der står her, og det kan gemme dem "
                     "eller sende dem videre." +
                         kRecordsWhy.da}));
            }
        }
    }
    return out;
}

std::vector<std::string> parsePamTtyAudit(std::string_view text, const std::string& origin) {
    std::vector<std::string> out;
    const auto lines = splitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto line = trim(lines[i].substr(0, lines[i].find('#')));
        if (line.find("pam_tty_audit.so") == std::string_view::npos) {
            continue;
        }
        std::istringstream words{std::string(line)};
        for (std::string w; words >> w;) {
            if (w.rfind("enable=", 0) == 0 && w.size() > 7) {
                out.push_back(evidenceAt(origin, i + 1, line));
                break;
            }
        }
    }
    return out;
}

std::vector<Observation> detectTtyAudit(const DetectorContext& ctx) {
    std::vector<std::string> evidence;
    for (const auto& file : readConfigDir(ctx, "/etc/pam.d", [](std::string_view name) {
             return name.find('~') == std::string_view::npos &&
                    name.find(".dpkg-") == std::string_view::npos;
         })) {
        auto found = parsePamTtyAudit(file.text, file.path);
        evidence.insert(evidence.end(), found.begin(), found.end());
    }
    if (evidence.empty()) {
        return {};
    }
    return {findingObservation(
        "audit", "keystrokes recorded by the audit system (pam_tty_audit)",
        {"Keystrokes in terminals recorded by the audit system",
         "Tastetryk i terminaler registreres af audit-systemet"},
        {"keystrokes"}, evidence,
        {"The login setup (PAM) switches on TTY auditing with pam_tty_audit: what a user types in "
         "a terminal, including commands and their answers to prompts, is recorded by the Linux "
         "audit system for the users named in the rule.",
         "Login-opsætningen (PAM) slår TTY-audit til med pam_tty_audit: det, en bruger skriver i "
         "en terminal, også kommandoer og svar på spørgsmål, registreres af Linux' audit-system "
         "for de brugere, reglen nævner."})};
}

std::vector<Observation> detectAudit(const DetectorContext& ctx) {
    auto out = detectAuditRules(ctx);
    std::set<std::string> ruleCategories;
    for (const auto& o : out) {
        ruleCategories.insert(o.categories.begin(), o.categories.end());
    }
    auto plugins = detectAuditPlugins(ctx, ruleCategories);
    auto tty = detectTtyAudit(ctx);
    out.insert(out.end(), plugins.begin(), plugins.end());
    out.insert(out.end(), tty.begin(), tty.end());
    return out;
}

} // namespace indblik::agent
