#include "detectors/linux/log_forwarding_detector.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "json_reader.h"

namespace indblik::agent {

namespace {

// Comments become spaces (newlines stay, so offsets keep their line numbers). '#' starts a
// comment outside quotes; rsyslog's /* */ too when cStyle and it begins a word.
std::string blankComments(std::string_view text, bool cStyle) {
    std::string out(text);
    char quote = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (quote) {
            if (c == '\\' && i + 1 < out.size() && out[i + 1] != '\n') {
                ++i;
            } else if (c == quote || c == '\n') {
                quote = 0;
            }
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#') {
            for (; i < out.size() && out[i] != '\n'; ++i) {
                out[i] = ' ';
            }
        } else if (cStyle && c == '/' && i + 1 < out.size() && out[i + 1] == '*' &&
                   (i == 0 || std::isspace(static_cast<unsigned char>(out[i - 1])))) {
            // A comment starts a word: "/etc/rsyslog.d/*.conf" holds "/*" too.
            for (; i < out.size() && !(out[i] == '*' && i + 1 < out.size() && out[i + 1] == '/');
                 ++i) {
                if (out[i] != '\n') {
                    out[i] = ' ';
                }
            }
            if (i + 1 < out.size()) {
                out[i] = out[i + 1] = ' ';
                ++i;
            }
        }
    }
    return out;
}

// The offset just after the bracket that closes the one at `open`, skipping quoted text; npos
// when it is never closed.
std::size_t closing(std::string_view text, std::size_t open) {
    const char o = text[open];
    const char c = o == '(' ? ')' : '}';
    int depth = 0;
    char quote = 0;
    for (std::size_t i = open; i < text.size(); ++i) {
        const char ch = text[i];
        if (quote) {
            if (ch == '\\') {
                ++i;
            } else if (ch == quote) {
                quote = 0;
            }
        } else if (ch == '"' || ch == '\'') {
            quote = ch;
        } else if (ch == o) {
            ++depth;
        } else if (ch == c && --depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

bool identChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Offsets of `word` followed (after spaces) by `bracket`, as a whole word.
std::vector<std::pair<std::size_t, std::size_t>> findCalls(std::string_view text,
                                                           std::string_view word, char bracket) {
    std::vector<std::pair<std::size_t, std::size_t>> out; // (start of word, offset of bracket)
    for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        if (at > 0 && identChar(text[at - 1])) {
            continue;
        }
        auto i = at + word.size();
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) {
            ++i;
        }
        if (i < text.size() && text[i] == bracket) {
            out.emplace_back(at, i);
        }
    }
    return out;
}

// name="value" or name=value pairs inside an rsyslog action(...).
std::map<std::string, std::string> actionParams(std::string_view inside) {
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    while (i < inside.size()) {
        while (i < inside.size() && !identChar(inside[i])) {
            ++i;
        }
        const auto keyStart = i;
        while (i < inside.size() && (identChar(inside[i]) || inside[i] == '.')) {
            ++i;
        }
        auto key = lower(inside.substr(keyStart, i - keyStart));
        while (i < inside.size() && (inside[i] == ' ' || inside[i] == '\t' || inside[i] == '\n')) {
            ++i;
        }
        if (i >= inside.size() || inside[i] != '=') {
            continue;
        }
        ++i;
        while (i < inside.size() && (inside[i] == ' ' || inside[i] == '\t' || inside[i] == '\n')) {
            ++i;
        }
        std::string value;
        if (i < inside.size() && (inside[i] == '"' || inside[i] == '\'')) {
            const char q = inside[i++];
            const auto end = inside.find(q, i);
            value = std::string(inside.substr(i, end - i));
            i = end == std::string_view::npos ? inside.size() : end + 1;
        } else {
            const auto start = i;
            while (i < inside.size() && !std::isspace(static_cast<unsigned char>(inside[i])) &&
                   inside[i] != ')') {
                ++i;
            }
            value = std::string(inside.substr(start, i - start));
        }
        out[key] = value;
    }
    return out;
}

// Whether a selector such as "*.*;auth,authpriv.none" or "authpriv.*" lets login messages
// (the auth and authpriv facilities) through.
bool selectorHasLogins(std::string_view selector) {
    std::set<std::string> included;
    std::set<std::string> excluded;
    std::istringstream parts{std::string(selector)};
    for (std::string part; std::getline(parts, part, ';');) {
        const auto dot = part.rfind('.');
        if (dot == std::string::npos) {
            continue;
        }
        const auto priority = lower(part.substr(dot + 1));
        auto& into = priority == "none" ? excluded : included;
        std::istringstream facilities(part.substr(0, dot));
        for (std::string f; std::getline(facilities, f, ',');) {
            into.insert(lower(std::string(trim(f))));
        }
    }
    if (included.count("auth") || included.count("authpriv")) {
        return true;
    }
    return included.count("*") && !(excluded.count("auth") && excluded.count("authpriv"));
}

bool looksLikeSelector(std::string_view s) {
    return !s.empty() && s.find('.') != std::string_view::npos &&
           s.find_first_of(" \t\"'(") == std::string_view::npos;
}

// "@@(o)logs.example.com:10514;Template" → tcp to logs.example.com:10514.
std::optional<Destination> legacyForward(std::string_view action) {
    Destination d;
    action.remove_prefix(1);
    d.protocol = "udp";
    if (!action.empty() && action.front() == '@') {
        d.protocol = "tcp";
        action.remove_prefix(1);
    }
    if (!action.empty() && action.front() == '(') {
        const auto close = action.find(')');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        action.remove_prefix(close + 1);
    }
    action = action.substr(0, action.find(';'));
    auto parsed = parseUrl(action, "514");
    if (!parsed) {
        return std::nullopt;
    }
    parsed->protocol = d.protocol;
    return parsed;
}

} // namespace

std::vector<ForwardRule> parseRsyslog(std::string_view raw, const std::string& origin) {
    const auto text = blankComments(raw, true);
    std::vector<ForwardRule> out;
    // Brace depth at the start of each line: an action at depth 0 without a selector applies to
    // every message.
    std::vector<int> depthAt;
    int depth = 0;
    const auto lines = splitLines(text);
    for (const auto& line : lines) {
        depthAt.push_back(depth);
        char quote = 0;
        for (const char c : line) {
            if (quote) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                ++depth;
            } else if (c == '}') {
                depth = std::max(0, depth - 1);
            }
        }
    }
    // RainerScript: action(type="omfwd" target=... port=... protocol=...) and omrelp.
    std::set<std::size_t> actionLines;
    for (const auto& [at, open] : findCalls(text, "action", '(')) {
        const auto end = closing(text, open);
        if (end == std::string_view::npos) {
            continue;
        }
        const auto params = actionParams(std::string_view(text).substr(open + 1, end - open - 2));
        const auto type = params.count("type") ? lower(params.at("type")) : "";
        if ((type != "omfwd" && type != "omrelp") || !params.count("target")) {
            continue;
        }
        const auto port = params.count("port") ? params.at("port") : "514";
        auto dest = parseUrl(params.at("target"), port);
        if (!dest || isLocalHost(dest->host)) {
            continue;
        }
        dest->port = port;
        dest->protocol = type == "omrelp"
                             ? "relp"
                             : (params.count("protocol") ? lower(params.at("protocol")) : "udp");
        const auto line = lineAt(text, at);
        actionLines.insert(line);
        const auto newline = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
        const auto lineStart = newline == std::string::npos ? 0 : newline + 1;
        const auto before = trim(std::string_view(text).substr(lineStart, at - lineStart));
        bool logins = false;
        if (looksLikeSelector(before)) {
            logins = selectorHasLogins(before);
        } else if (before.rfind("if", 0) == 0) {
            logins = lower(before).find("auth") != std::string::npos;
        } else if (before.empty()) {
            logins = depthAt[line - 1] == 0;
        }
        const auto lastLine = lineAt(text, end - 1);
        std::string rule;
        for (auto l = line; l <= lastLine && l <= lines.size(); ++l) {
            rule += std::string(lines[l - 1]) + " ";
        }
        out.push_back({*dest, logins, {evidenceAt(origin, line, rule)}, "rsyslog"});
    }
    // Legacy: "selector @host", "selector @@host:port", ":omrelp:host:port", "& @host", and
    // "if ... then @@host".
    bool previousLogins = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto line = trim(lines[i]);
        if (line.empty() || line.front() == '$' || actionLines.count(i + 1)) {
            continue;
        }
        std::istringstream words{std::string(line)};
        std::vector<std::string> tokens;
        for (std::string w; words >> w;) {
            tokens.push_back(w);
        }
        if (tokens.size() < 2) {
            continue;
        }
        const auto& selector = tokens[0];
        bool logins = false;
        if (selector == "&") {
            logins = previousLogins;
        } else if (looksLikeSelector(selector)) {
            logins = selectorHasLogins(selector);
        } else if (selector.front() == ':' || selector == "if") {
            logins = lower(line).find("auth") != std::string::npos;
        } else {
            continue;
        }
        previousLogins = logins;
        const auto& action = tokens.back();
        std::optional<Destination> dest;
        if (action.front() == '@') {
            dest = legacyForward(action);
        } else if (action.rfind(":omrelp:", 0) == 0 || action.rfind(":omfwd:", 0) == 0) {
            const bool relp = action.rfind(":omrelp:", 0) == 0;
            const auto rest = std::string_view(action).substr(relp ? 8 : 7);
            dest = parseUrl(rest.substr(0, rest.find(';')), "514");
            if (dest) {
                dest->protocol = relp ? "relp" : "udp";
            }
        }
        if (!dest || isLocalHost(dest->host)) {
            continue;
        }
        out.push_back({*dest, logins, {evidenceAt(origin, i + 1, line)}, "rsyslog"});
    }
    return out;
}

namespace {

struct NgFile {
    std::string origin;
    std::string text; // comments blanked
};

struct NgBlock {
    std::size_t file = 0;
    std::size_t begin = 0; // just inside '{'
    std::size_t end = 0;   // at the closing '}'
};

// Top-level statements "KEYWORD NAME { ... }" (destination, filter) and "log { ... }".
void ngBlocks(const std::vector<NgFile>& files, std::map<std::string, NgBlock>& destinations,
              std::map<std::string, NgBlock>& filters, std::vector<NgBlock>& logs) {
    for (std::size_t f = 0; f < files.size(); ++f) {
        const std::string_view text = files[f].text;
        std::size_t i = 0;
        while (i < text.size()) {
            while (i < text.size() && !identChar(text[i])) {
                // Skip anything in braces or quotes at top level we did not recognise.
                if (text[i] == '{') {
                    const auto end = closing(text, i);
                    i = end == std::string_view::npos ? text.size() : end;
                    continue;
                }
                if (text[i] == '"' || text[i] == '\'') {
                    const auto end = text.find(text[i], i + 1);
                    i = end == std::string_view::npos ? text.size() : end + 1;
                    continue;
                }
                ++i;
            }
            const auto wordStart = i;
            while (i < text.size() && identChar(text[i])) {
                ++i;
            }
            const auto keyword = text.substr(wordStart, i - wordStart);
            if (keyword != "destination" && keyword != "filter" && keyword != "log") {
                continue;
            }
            auto j = i;
            while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) {
                ++j;
            }
            std::string name;
            if (keyword != "log") {
                const auto nameStart = j;
                while (j < text.size() && identChar(text[j])) {
                    ++j;
                }
                name = std::string(text.substr(nameStart, j - nameStart));
                while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) {
                    ++j;
                }
            }
            if (j >= text.size() || text[j] != '{') {
                continue;
            }
            const auto end = closing(text, j);
            if (end == std::string_view::npos) {
                break;
            }
            const NgBlock block{f, j + 1, end - 1};
            if (keyword == "destination" && !name.empty()) {
                destinations[name] = block;
            } else if (keyword == "filter" && !name.empty()) {
                filters[name] = block;
            } else if (keyword == "log") {
                logs.push_back(block);
            }
            i = end;
        }
    }
}

// Network drivers in a destination body.
void ngDrivers(const NgFile& file, const NgBlock& block, bool logins, const std::string& usedBy,
               std::vector<ForwardRule>& out) {
    const std::string_view body =
        std::string_view(file.text).substr(block.begin, block.end - block.begin);
    for (const std::string_view driver : {"network", "syslog", "tcp", "udp", "tcp6", "udp6"}) {
        for (const auto& [at, open] : findCalls(body, driver, '(')) {
            const auto end = closing(body, open);
            if (end == std::string_view::npos) {
                continue;
            }
            const auto inside = trim(body.substr(open + 1, end - open - 2));
            std::string host;
            if (!inside.empty() && (inside.front() == '"' || inside.front() == '\'')) {
                host = std::string(inside.substr(1, inside.find(inside.front(), 1) - 1));
            } else {
                std::size_t k = 0;
                while (k < inside.size() &&
                       (identChar(inside[k]) || inside[k] == '.' || inside[k] == ':')) {
                    ++k;
                }
                if (k < inside.size() &&
                    inside.substr(k).find_first_not_of(" \t\n") != std::string_view::npos &&
                    trim(inside.substr(k)).front() == '(') {
                    k = 0; // an option such as port(514), not a host
                }
                host = std::string(inside.substr(0, k));
            }
            const auto option = [&](std::string_view name) -> std::string {
                for (const auto& [oat, oopen] : findCalls(inside, name, '(')) {
                    const auto oend = closing(inside, oopen);
                    if (oend == std::string_view::npos) {
                        continue;
                    }
                    auto v = trim(inside.substr(oopen + 1, oend - oopen - 2));
                    if (!v.empty() && (v.front() == '"' || v.front() == '\'')) {
                        v = v.substr(1, v.size() >= 2 ? v.size() - 2 : 0);
                    }
                    return std::string(v);
                }
                return {};
            };
            auto transport = lower(option("transport"));
            if (transport.empty()) {
                transport = driver.rfind("udp", 0) == 0 ? "udp" : "tcp";
            }
            auto port = option("port");
            if (port.empty()) {
                port = driver == "syslog" ? (transport == "tls" ? "6514" : "601") : "514";
            }
            auto dest = parseUrl(host, port);
            if (!dest || isLocalHost(dest->host)) {
                continue;
            }
            dest->protocol = transport;
            const auto offset = block.begin + at;
            std::string snippet(body.substr(at, end - at));
            out.push_back({*dest,
                           logins,
                           {evidenceAt(file.origin, lineAt(file.text, offset), snippet), usedBy},
                           "syslog-ng"});
        }
    }
}

} // namespace

std::vector<ForwardRule> parseSyslogNg(const std::vector<ConfigFile>& input) {
    std::vector<NgFile> files;
    for (const auto& f : input) {
        files.push_back({f.path, blankComments(f.text, false)});
    }
    std::map<std::string, NgBlock> destinations;
    std::map<std::string, NgBlock> filters;
    std::vector<NgBlock> logs;
    ngBlocks(files, destinations, filters, logs);
    std::vector<ForwardRule> out;
    for (const auto& log : logs) {
        const auto& file = files[log.file];
        const std::string_view body =
            std::string_view(file.text).substr(log.begin, log.end - log.begin);
        // Without a filter every message passes, login messages too; a named filter lets them
        // through when it selects the auth facilities (and does not exclude them).
        bool logins = true;
        for (const auto& [at, open] : findCalls(body, "filter", '(')) {
            const auto end = closing(body, open);
            const auto name = end == std::string_view::npos
                                  ? std::string()
                                  : std::string(trim(body.substr(open + 1, end - open - 2)));
            const auto def = filters.find(name);
            bool passes = false;
            if (def != filters.end()) {
                const auto& ff = files[def->second.file];
                const auto fbody = lower(std::string_view(ff.text).substr(
                    def->second.begin, def->second.end - def->second.begin));
                // facility(auth, authpriv) selects login messages; "not facility(...)" drops them.
                for (const auto& [fat, fopen] : findCalls(fbody, "facility", '(')) {
                    const auto fend = closing(fbody, fopen);
                    const auto args = std::string_view(fbody).substr(
                        fopen, fend == std::string_view::npos ? 0 : fend - fopen);
                    const auto before = trim(std::string_view(fbody).substr(0, fat));
                    const bool negated =
                        before.size() >= 3 && before.substr(before.size() - 3) == "not" &&
                        (before.size() == 3 || !identChar(before[before.size() - 4]));
                    if (args.find("auth") != std::string_view::npos && !negated) {
                        passes = true;
                    }
                }
            }
            // Several filters in one log statement must all let the message through.
            logins = logins && passes;
        }
        for (const auto& [at, open] : findCalls(body, "destination", '(')) {
            const auto end = closing(body, open);
            if (end == std::string_view::npos) {
                continue;
            }
            const auto name = std::string(trim(body.substr(open + 1, end - open - 2)));
            const auto def = destinations.find(name);
            if (def == destinations.end()) {
                continue;
            }
            const auto offset = log.begin + at;
            const auto usedBy =
                evidenceAt(file.origin, lineAt(file.text, offset),
                           "log { … " + std::string(body.substr(at, end - at)) + " … }");
            ngDrivers(files[def->second.file], def->second, logins, usedBy, out);
        }
        for (const auto& [at, open] : findCalls(body, "destination", '{')) {
            const auto end = closing(body, open);
            if (end == std::string_view::npos) {
                continue;
            }
            const NgBlock inline_{log.file, log.begin + open + 1, log.begin + end - 1};
            ngDrivers(file, inline_, logins,
                      evidenceAt(file.origin, lineAt(file.text, log.begin), "log { … }"), out);
        }
    }
    return out;
}

std::vector<ForwardRule> parseJournalUpload(std::string_view text, const std::string& origin) {
    std::vector<ForwardRule> out;
    bool upload = false;
    const auto lines = splitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto line = trim(lines[i]);
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        if (line.front() == '[') {
            upload = line == "[Upload]";
            continue;
        }
        const auto eq = line.find('=');
        if (!upload || eq == std::string_view::npos || trim(line.substr(0, eq)) != "URL") {
            continue;
        }
        const auto url = trim(line.substr(eq + 1));
        auto dest = parseUrl(url, "19532");
        if (!dest) {
            out.clear(); // "URL=" empty resets the setting
            continue;
        }
        if (dest->protocol.empty()) {
            dest->protocol = "https";
        }
        out.clear(); // the last URL= wins
        if (isLocalHost(dest->host)) {
            continue;
        }
        // Only scheme, host and port are evidence: a URL may carry credentials or tokens.
        out.push_back({*dest,
                       true,
                       {origin + ":" + std::to_string(i + 1) + ": URL=" + dest->protocol + "://" +
                        dest->hostPort()},
                       "systemd-journal-upload"});
    }
    return out;
}

std::vector<Observation> detectLogForwarding(const DetectorContext& ctx) {
    std::vector<ForwardRule> rules;
    const auto add = [&](std::vector<ForwardRule> found) {
        rules.insert(rules.end(), found.begin(), found.end());
    };
    // rsyslog: the main file, and /etc/rsyslog.d only when the main file includes it. Other
    // include paths are not followed.
    if (const auto main = readConfigFile(ctx, "/etc/rsyslog.conf")) {
        add(parseRsyslog(main->text, main->path));
        if (blankComments(main->text, true).find("/etc/rsyslog.d/") != std::string::npos) {
            for (const auto& f : readConfigDir(ctx, "/etc/rsyslog.d", endsWith(".conf"))) {
                add(parseRsyslog(f.text, f.path));
            }
        }
    }
    // syslog-ng: the main file, and conf.d when the main file includes it.
    if (auto main = readConfigFile(ctx, "/etc/syslog-ng/syslog-ng.conf")) {
        std::vector<ConfigFile> files;
        const bool includesConfD =
            blankComments(main->text, false).find("/etc/syslog-ng/conf.d/") != std::string::npos;
        files.push_back(std::move(*main));
        if (includesConfD) {
            auto dropIns = readConfigDir(ctx, "/etc/syslog-ng/conf.d", endsWith(".conf"));
            files.insert(files.end(), dropIns.begin(), dropIns.end());
        }
        add(parseSyslogNg(files));
    }
    // systemd-journal-upload: only when the service is enabled; drop-ins override the main file.
    if (const auto enabled = enabledUnit(ctx, "systemd-journal-upload.service")) {
        std::vector<ForwardRule> upload;
        std::vector<ConfigFile> files;
        if (auto main = readConfigFile(ctx, "/etc/systemd/journal-upload.conf")) {
            files.push_back(std::move(*main));
        }
        for (auto& f :
             readConfigDir(ctx, "/etc/systemd/journal-upload.conf.d", endsWith(".conf"))) {
            files.push_back(std::move(f));
        }
        for (const auto& f : files) {
            auto found = parseJournalUpload(f.text, f.path);
            if (!found.empty()) {
                upload = std::move(found);
            }
        }
        for (auto& r : upload) {
            r.evidence.push_back(*enabled + ": service enabled");
        }
        add(std::move(upload));
    }

    // One observation per destination.
    struct Target {
        std::set<std::string> protocols;
        std::set<std::string> software;
        bool logins = false;
        std::vector<std::string> evidence;
    };
    std::map<std::string, Target> targets;
    for (auto& r : rules) {
        auto& t = targets[r.destination.hostPort()];
        t.protocols.insert(r.destination.protocol);
        t.software.insert(r.software);
        t.logins = t.logins || r.loginActivity;
        for (auto& e : r.evidence) {
            if (std::find(t.evidence.begin(), t.evidence.end(), e) == t.evidence.end()) {
                t.evidence.push_back(std::move(e));
            }
        }
    }
    std::vector<Observation> out;
    for (auto& [where, t] : targets) {
        std::string protocols;
        for (const auto& p : t.protocols) {
            protocols += (protocols.empty() ? "" : ", ") + p;
        }
        std::string software;
        for (const auto& s : t.software) {
            software += (software.empty() ? "" : ", ") + s;
        }
        const auto shown = json::escapeInvalidUtf8(where);
        std::vector<std::string> categories{"system_logs"};
        LocalizedText why{
            "The logging service on this computer (" + software +
                ") is set up to send log messages over the network to " + shown +
                ". The system log records what happens on this computer: programs and services "
                "starting, stopping and failing, and messages from the system and its programs. "
                "Whoever runs that server can read them.",
            "Logtjenesten på denne computer (" + software +
                ") er sat op til at sende logbeskeder over netværket til " + shown +
                ". Systemloggen registrerer, hvad der sker på denne computer: programmer og "
                "tjenester, der starter, stopper og fejler, og beskeder fra systemet og dets "
                "programmer. Den, der driver serveren, kan læse dem."};
        if (t.logins) {
            categories.insert(categories.begin(), "login_activity");
            why.en += " The forwarded messages include the login (auth) messages, which record "
                      "who logs in and out, when, and uses of sudo.";
            why.da += " De videresendte beskeder omfatter login-beskederne (auth), som "
                      "registrerer, hvem der logger ind og ud, hvornår, og brug af sudo.";
        }
        out.push_back(
            findingObservation("log-forwarding", "log forwarding to " + where,
                               {"System logs sent to " + shown + " (" + protocols + ")",
                                "Systemloggen sendes til " + shown + " (" + protocols + ")"},
                               categories, std::move(t.evidence), why));
    }
    return out;
}

} // namespace indblik::agent
