#pragma once

// Small helpers shared by the detectors that read configuration text (audit, log forwarding,
// session recording, process accounting): bounded directory listing, line splitting, evidence
// lines and network destinations. Every read goes through ctx.readConfig.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

struct ConfigFile {
    std::string path; // absolute, without the root
    std::string text;
};

// The files directly in dir (absolute, below ctx.root) whose names pass `accept`, sorted by name,
// at most maxFiles (more are reported, not read). Hidden files and subdirectories are skipped;
// each file is read with ctx.readConfig, so unreadable, huge, binary or looping ones are reported.
std::vector<ConfigFile> readConfigDir(const DetectorContext& ctx, const std::string& dir,
                                      const std::function<bool(std::string_view)>& accept,
                                      std::size_t maxFiles = 256);
// Accepts names ending in suffix.
std::function<bool(std::string_view)> endsWith(std::string suffix);
std::optional<ConfigFile> readConfigFile(const DetectorContext& ctx, const std::string& path,
                                         std::size_t maxBytes = 1 << 20);

std::vector<std::string_view> splitLines(std::string_view text);
std::string_view trim(std::string_view text);
std::string lower(std::string_view text);
// 1-based line number of a byte offset in text.
std::size_t lineAt(std::string_view text, std::size_t offset);
// "path:line: text", whitespace collapsed, text cut at 200 bytes so evidence stays small.
std::string evidenceAt(const std::string& path, std::size_t line, std::string_view text);

// Whether a systemd unit is enabled: a link named unit in any /etc/systemd/system/*.wants
// directory. Returns that link's path (absolute, without the root).
std::optional<std::string> enabledUnit(const DetectorContext& ctx, std::string_view unit);

// Where something sends data, without credentials, path or query.
struct Destination {
    std::string host;
    std::string port;
    std::string protocol; // "udp", "tcp", "relp", "https", ...
    std::string hostPort() const;
};
// "https://user:pw@logs.example.com:19532/path?x" → {logs.example.com, 19532, https}; the port
// falls back to defaultPort. nullopt when there is no host.
std::optional<Destination> parseUrl(std::string_view url, std::string_view defaultPort);
// A destination on this computer itself (localhost, 127.x, ::1) sends nothing to another host.
bool isLocalHost(std::string_view host);

} // namespace indblik::agent
