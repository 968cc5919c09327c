#include "detectors/linux/proxy_detector.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "detectors/linux/destination.h"
#include "file_util.h"
#include "json_reader.h"

namespace indblik::agent {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxConfig = 256 * 1024;
constexpr std::size_t kMaxFilesPerDir = 200;

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

// A shell or pam_env value: quoted up to the closing quote, otherwise up to a blank or ';'.
std::string shellValue(std::string_view v) {
    if (!v.empty() && (v.front() == '"' || v.front() == '\'')) {
        const auto close = v.find(v.front(), 1);
        return std::string(v.substr(1, close == std::string_view::npos ? v.npos : close - 1));
    }
    return std::string(v.substr(0, v.find_first_of(" \t;")));
}

// "host port" (KDE's newer form) → "host:port".
std::string kdeAddress(std::string value) {
    value = trim(value);
    if (const auto space = value.rfind(' '); space != std::string::npos) {
        const auto port = trim(value.substr(space + 1));
        if (!port.empty() && std::all_of(port.begin(), port.end(),
                                         [](unsigned char c) { return std::isdigit(c); })) {
            value = trim(value.substr(0, space)) + ":" + port;
        }
    }
    return withoutCredentials(value);
}

std::string stripGVariant(std::string value) {
    value = trim(value);
    for (const std::string prefix : {"uint32 ", "int32 ", "uint16 "}) {
        if (value.rfind(prefix, 0) == 0) {
            value = trim(value.substr(prefix.size()));
        }
    }
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
        value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
    }
    return value;
}

// The [system/proxy*] keys of one dconf database's keyfiles, merged as `dconf update` does.
struct DconfProxy {
    std::map<std::string, std::string> keys; // "system/proxy/http.host" → value
    std::map<std::string, std::string> where;
};

void parseDconfKeyfile(std::string_view text, const std::string& origin, DconfProxy& into) {
    std::istringstream in{std::string(text)};
    std::string section;
    int lineNo = 0;
    for (std::string line; std::getline(in, line) && lineNo < 100000;) {
        ++lineNo;
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') {
            continue;
        }
        if (line.front() == '[' && line.back() == ']') {
            section = trim(line.substr(1, line.size() - 2));
            continue;
        }
        if (section != "system/proxy" && section.rfind("system/proxy/", 0) != 0) {
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos) {
            continue;
        }
        const auto key = section + "." + trim(line.substr(0, eq));
        into.keys[key] = stripGVariant(line.substr(eq + 1));
        into.where[key] = origin + ":" + std::to_string(lineNo);
    }
}

std::vector<ProxySetting> dconfProxies(const DconfProxy& d) {
    auto get = [&](const std::string& key) {
        const auto it = d.keys.find(key);
        return it == d.keys.end() ? std::string() : it->second;
    };
    auto where = [&](const std::string& key) {
        const auto it = d.where.find(key);
        return it == d.where.end() ? std::string() : it->second;
    };
    std::vector<ProxySetting> out;
    const auto mode = get("system/proxy.mode");
    const auto modeEvidence = where("system/proxy.mode") + ": [system/proxy] mode='" + mode + "'";
    if (mode == "manual") {
        for (const std::string kind : {"http", "https", "ftp", "socks"}) {
            const auto host = get("system/proxy/" + kind + ".host");
            if (host.empty()) {
                continue;
            }
            const auto port = get("system/proxy/" + kind + ".port");
            const auto address =
                withoutCredentials(port.empty() || port == "0" ? host : host + ":" + port);
            out.push_back({ProxyKind::Server, address,
                           modeEvidence + "; " + where("system/proxy/" + kind + ".host") + ": [" +
                               "system/proxy/" + kind + "] host='" + address + "'"});
        }
    } else if (mode == "auto") {
        const auto url = withoutCredentials(get("system/proxy.autoconfig-url"));
        if (url.empty()) {
            out.push_back({ProxyKind::AutoDetect, "", modeEvidence});
        } else {
            out.push_back({ProxyKind::Script, url,
                           modeEvidence + "; " + where("system/proxy.autoconfig-url") +
                               ": autoconfig-url='" + url + "'"});
        }
    }
    return out;
}

} // namespace

std::vector<ProxySetting> parseEnvironmentProxies(std::string_view text, std::string_view origin) {
    static const std::regex kAssign(
        R"(^\s*(?:export\s+)?((?:https?|all|HTTPS?|ALL|Https?|All)_(?:proxy|PROXY))\s*=\s*(.*)$)");
    std::vector<ProxySetting> out;
    std::istringstream in{std::string(text)};
    int lineNo = 0;
    for (std::string line; std::getline(in, line) && lineNo < 100000;) {
        ++lineNo;
        std::smatch m;
        if (line.size() > 4096 || !std::regex_match(line, m, kAssign)) {
            continue;
        }
        const auto value = shellValue(trim(m[2].str()));
        if (value.empty() || value.front() == '$' || value.front() == '`') {
            continue;
        }
        const auto address = withoutCredentials(value);
        if (address.empty()) {
            continue;
        }
        out.push_back({ProxyKind::Server, address,
                       std::string(origin) + ":" + std::to_string(lineNo) + ": " + m[1].str() +
                           "=" + address});
    }
    return out;
}

std::vector<ProxySetting> parseKdeProxies(std::string_view text, std::string_view origin) {
    std::map<std::string, std::pair<std::string, int>> keys;
    std::istringstream in{std::string(text)};
    std::string section;
    int lineNo = 0;
    for (std::string line; std::getline(in, line) && lineNo < 100000;) {
        ++lineNo;
        line = trim(line);
        if (line.empty() || line[0] == '#') {
            continue;
        }
        if (line.front() == '[' && line.find(']') != std::string::npos &&
            line.find('=') == std::string::npos) {
            section = line.substr(1, line.find(']') - 1);
            continue;
        }
        const auto eq = line.find('=');
        if (section != "Proxy Settings" || eq == std::string::npos) {
            continue;
        }
        auto key = trim(line.substr(0, eq));
        key = key.substr(0, key.find('[')); // "ProxyType[$i]" (locked) → "ProxyType"
        keys[trim(key)] = {trim(line.substr(eq + 1)), lineNo};
    }
    auto evidence = [&](const std::string& key, const std::string& shown) {
        return std::string(origin) + ":" + std::to_string(keys[key].second) + ": " + key + "=" +
               shown;
    };
    std::vector<ProxySetting> out;
    const auto type = keys.count("ProxyType") ? keys["ProxyType"].first : "";
    if (type == "1") {
        for (const std::string key : {"httpProxy", "httpsProxy", "ftpProxy", "socksProxy"}) {
            if (!keys.count(key) || keys[key].first.empty()) {
                continue;
            }
            const auto address = kdeAddress(keys[key].first);
            out.push_back({ProxyKind::Server, address,
                           evidence("ProxyType", "1") + "; " + evidence(key, address)});
        }
    } else if (type == "2" && keys.count("Proxy Config Script")) {
        const auto url = withoutCredentials(keys["Proxy Config Script"].first);
        if (!url.empty()) {
            out.push_back(
                {ProxyKind::Script, url,
                 evidence("ProxyType", "2") + "; " + evidence("Proxy Config Script", url)});
        }
    } else if (type == "3") {
        out.push_back({ProxyKind::AutoDetect, "", evidence("ProxyType", "3")});
    }
    return out;
}

Observation proxyObservation(const std::string& detector, const LocalizedText& scope,
                             const ProxySetting& proxy, std::vector<std::string> evidence) {
    // The title and explanation hold the address as written in a file; keep them valid UTF-8
    // (discovery escapes evidence, not titles).
    const auto address = json::escapeInvalidUtf8(proxy.address);
    LocalizedText title;
    LocalizedText why;
    const std::string common_en =
        " The setting alone does not show what is recorded; ask your employer whether the proxy "
        "keeps a log and who can see it.";
    const std::string common_da =
        " Indstillingen viser ikke i sig selv, hvad der bliver registreret; spørg din "
        "arbejdsgiver, om proxyen fører log, og hvem der kan se den.";
    switch (proxy.kind) {
    case ProxyKind::Server:
        title = {scope.en + " proxy: " + address, scope.da + " proxy: " + address};
        why = {"Web traffic is set to go through the proxy server " + address +
                   ". A proxy sees which websites and other servers are contacted, when, and how "
                   "much data is exchanged, and it can keep a log of them. If the computer also "
                   "trusts a root certificate added by your employer, the proxy can read the "
                   "content of encrypted pages too." +
                   common_en,
               "Webtrafikken er sat til at gå gennem proxyserveren " + address +
                   ". En proxy ser, hvilke websteder og andre servere der kontaktes, hvornår og "
                   "hvor meget data der udveksles, og den kan føre log over det. Hvis computeren "
                   "også stoler på et rodcertifikat, som din arbejdsgiver har tilføjet, kan "
                   "proxyen også læse indholdet af krypterede sider." +
                   common_da};
        break;
    case ProxyKind::Script:
        title = {scope.en + " proxy script: " + address, scope.da + " proxyscript: " + address};
        why = {"A proxy configuration script at " + address +
                   " decides which proxy server each web address goes through. A proxy sees which "
                   "websites and other servers are contacted, when, and how much data is "
                   "exchanged, and it can keep a log of them." +
                   common_en,
               "Et proxyscript på " + address +
                   " bestemmer, hvilken proxyserver hver webadresse skal gå igennem. En proxy ser, "
                   "hvilke websteder og andre servere der kontaktes, hvornår og hvor meget data "
                   "der udveksles, og den kan føre log over det." +
                   common_da};
        break;
    case ProxyKind::AutoDetect:
        title = {scope.en + " automatic proxy detection", scope.da + " automatisk proxysøgning"};
        why = {"Programs are set to ask the network for a proxy server (automatic proxy detection, "
               "WPAD). If the network names one, web traffic goes through it, and a proxy sees "
               "which websites are contacted, when, and how much data is exchanged. Whether a "
               "proxy is actually used depends on the network you are connected to." +
                   common_en,
               "Programmerne er sat til at spørge netværket efter en proxyserver (automatisk "
               "proxysøgning, WPAD). Hvis netværket oplyser en, går webtrafikken gennem den, og "
               "en proxy ser, hvilke websteder der kontaktes, hvornår og hvor meget data der "
               "udveksles. Om der faktisk bruges en proxy, afhænger af det netværk, du er "
               "forbundet til." +
                   common_da};
        break;
    }
    return findingObservation(detector, title.en, title, {"web_history", "network_traffic"},
                              std::move(evidence), why);
}

std::vector<Observation> detectProxies(const DetectorContext& ctx) {
    std::vector<ProxySetting> settings;
    if (auto text = ctx.readConfig("/etc/environment", kMaxConfig)) {
        auto found = parseEnvironmentProxies(*text, "/etc/environment");
        settings.insert(settings.end(), found.begin(), found.end());
    }
    if (auto scripts = listFiles(underRoot(ctx.root, "/etc/profile.d"), ".sh")) {
        std::size_t n = 0;
        for (const auto& f : scripts.value()) {
            if (++n > kMaxFilesPerDir) {
                break;
            }
            const auto path = "/etc/profile.d/" + fs::path(f).filename().string();
            if (auto text = ctx.readConfig(path, kMaxConfig)) {
                auto found = parseEnvironmentProxies(*text, path);
                settings.insert(settings.end(), found.begin(), found.end());
            }
        }
    }
    // GNOME: keyfiles in /etc/dconf/db/<db>.d/ are compiled into the database <db> by `dconf
    // update`; the keys of one database are merged across its files.
    std::error_code ec;
    std::vector<fs::path> dbDirs;
    for (fs::directory_iterator it(underRoot(ctx.root, "/etc/dconf/db"), ec), end;
         !ec && it != end && dbDirs.size() < kMaxFilesPerDir; it.increment(ec)) {
        std::error_code typeError;
        if (it->path().extension() == ".d" && it->is_directory(typeError)) {
            dbDirs.push_back(it->path());
        }
    }
    std::sort(dbDirs.begin(), dbDirs.end());
    for (const auto& dir : dbDirs) {
        DconfProxy db;
        if (auto files = listFiles(dir.string(), "")) {
            std::size_t n = 0;
            for (const auto& f : files.value()) {
                if (++n > kMaxFilesPerDir) {
                    break;
                }
                const auto path = "/etc/dconf/db/" + dir.filename().string() + "/" +
                                  fs::path(f).filename().string();
                if (auto text = ctx.readConfig(path, kMaxConfig)) {
                    parseDconfKeyfile(*text, path, db);
                }
            }
        }
        auto found = dconfProxies(db);
        settings.insert(settings.end(), found.begin(), found.end());
    }
    if (auto text = ctx.readConfig("/etc/xdg/kioslaverc", kMaxConfig)) {
        auto found = parseKdeProxies(*text, "/etc/xdg/kioslaverc");
        settings.insert(settings.end(), found.begin(), found.end());
    }

    // One finding per proxy, with every place that names it.
    std::vector<Observation> out;
    for (const auto& s : settings) {
        auto o = proxyObservation("proxy", {"System-wide", "Systemdækkende"}, s, {s.evidence});
        const auto same = std::find_if(out.begin(), out.end(),
                                       [&](const Observation& x) { return x.name == o.name; });
        if (same == out.end()) {
            out.push_back(std::move(o));
        } else if (same->evidence.size() < 20) {
            same->evidence.push_back(s.evidence);
        }
    }
    return out;
}

} // namespace indblik::agent
