#include "detectors/linux/config_text.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sys/stat.h>

#include "file_util.h"

namespace indblik::agent {

namespace fs = std::filesystem;

std::vector<ConfigFile> readConfigDir(const DetectorContext& ctx, const std::string& dir,
                                      const std::function<bool(std::string_view)>& accept,
                                      std::size_t maxFiles) {
    const auto real = underRoot(ctx.root, dir);
    std::error_code ec;
    fs::directory_iterator it(real, ec);
    if (ec) {
        if (ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
            ctx.report(real, "cannot be listed: " + ec.message());
        }
        return {};
    }
    std::vector<std::string> names;
    // Bounded: a directory with a million entries is not walked to its end.
    for (std::size_t seen = 0; it != fs::directory_iterator() && seen < 4 * maxFiles;
         it.increment(ec), ++seen) {
        if (ec) {
            ctx.report(real, "cannot be listed: " + ec.message());
            break;
        }
        const auto name = it->path().filename().string();
        if (name.empty() || name[0] == '.' || !accept(name)) {
            continue;
        }
        std::error_code typeError;
        if (it->is_directory(typeError)) {
            continue;
        }
        names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    if (names.size() > maxFiles) {
        ctx.report(real, "holds more than " + std::to_string(maxFiles) +
                             " files; only the first were read");
        names.resize(maxFiles);
    }
    std::vector<ConfigFile> out;
    for (const auto& name : names) {
        if (auto file = readConfigFile(ctx, dir + "/" + name)) {
            out.push_back(std::move(*file));
        }
    }
    return out;
}

std::function<bool(std::string_view)> endsWith(std::string suffix) {
    return [suffix = std::move(suffix)](std::string_view name) {
        return name.size() >= suffix.size() &&
               name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
}

std::optional<ConfigFile> readConfigFile(const DetectorContext& ctx, const std::string& path,
                                         std::size_t maxBytes) {
    auto text = ctx.readConfig(path, maxBytes);
    if (!text) {
        return std::nullopt;
    }
    return ConfigFile{path, std::move(*text)};
}

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::string_view trim(std::string_view text) {
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
    };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::size_t lineAt(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::size_t>(
                   std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

std::string evidenceAt(const std::string& path, std::size_t line, std::string_view text) {
    std::string collapsed;
    bool space = false;
    for (const char c : trim(text)) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            continue;
        }
        if (space && !collapsed.empty()) {
            collapsed.push_back(' ');
        }
        space = false;
        collapsed.push_back(c);
    }
    if (collapsed.size() > 200) {
        collapsed.resize(200);
        collapsed += "…";
    }
    return path + ":" + std::to_string(line) + ": " + collapsed;
}

std::optional<std::string> enabledUnit(const DetectorContext& ctx, std::string_view unit) {
    const std::string dir = "/etc/systemd/system";
    std::error_code ec;
    fs::directory_iterator it(underRoot(ctx.root, dir), ec);
    std::vector<std::string> wants;
    for (std::size_t seen = 0; !ec && it != fs::directory_iterator() && seen < 1024;
         it.increment(ec), ++seen) {
        const auto name = it->path().filename().string();
        if (name.size() > 6 && name.compare(name.size() - 6, 6, ".wants") == 0) {
            wants.push_back(name);
        }
    }
    std::sort(wants.begin(), wants.end());
    for (const auto& w : wants) {
        const auto link = dir + "/" + w + "/" + std::string(unit);
        struct stat st {};
        // The link itself counts, even when its target is missing below the root.
        if (::lstat(underRoot(ctx.root, link).c_str(), &st) == 0) {
            return link;
        }
    }
    return std::nullopt;
}

std::string Destination::hostPort() const {
    const bool v6 = host.find(':') != std::string::npos;
    const auto h = v6 ? "[" + host + "]" : host;
    return port.empty() ? h : h + ":" + port;
}

std::optional<Destination> parseUrl(std::string_view url, std::string_view defaultPort) {
    url = trim(url);
    Destination d;
    const auto scheme = url.find("://");
    if (scheme != std::string_view::npos) {
        d.protocol = lower(url.substr(0, scheme));
        url.remove_prefix(scheme + 3);
    }
    url = url.substr(0, url.find_first_of("/?#"));
    // Credentials are never evidence.
    const auto at = url.rfind('@');
    if (at != std::string_view::npos) {
        url.remove_prefix(at + 1);
    }
    if (!url.empty() && url.front() == '[') {
        const auto close = url.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        d.host = std::string(url.substr(1, close - 1));
        url.remove_prefix(close + 1);
        if (!url.empty() && url.front() == ':') {
            d.port = std::string(url.substr(1));
        }
    } else if (std::count(url.begin(), url.end(), ':') > 1) {
        d.host = std::string(url); // a bare IPv6 address has no port
    } else {
        const auto colon = url.find(':');
        d.host = std::string(url.substr(0, colon));
        if (colon != std::string_view::npos) {
            d.port = std::string(url.substr(colon + 1));
        }
    }
    if (d.host.empty()) {
        return std::nullopt;
    }
    if (d.port.empty()) {
        d.port = std::string(defaultPort);
    }
    return d;
}

bool isLocalHost(std::string_view host) {
    const auto h = lower(host);
    return h == "localhost" || h == "::1" || h.rfind("127.", 0) == 0 || h == "localhost6" ||
           h == "ip6-localhost";
}

} // namespace indblik::agent
