#include "catalog.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <regex>
#include <string_view>

#include <Poco/Exception.h>

#include "file_util.h"
#include "json_reader.h"

namespace indblik {

namespace {

constexpr std::string_view kKinds[] = {"activity_tracker",
                                       "screenshot_tool",
                                       "edr",
                                       "dlp",
                                       "mdm_rmm",
                                       "proxy_casb",
                                       "classroom_monitoring",
                                       "command_logging",
                                       "session_recording",
                                       "remote_view",
                                       "telemetry",
                                       "config_management",
                                       "log_forwarding"};

// libstdc++'s regex compiler reads the number of a back-reference or a repetition count into a
// long without checking for overflow (undefined behaviour, found by fuzz/catalog_fuzz), and
// counted repetitions, nested, make it build automata of their product's size. A destination
// pattern needs neither (* and + do), so both are refused before std::regex sees the pattern.
std::optional<std::string> destinationPatternProblem(std::string_view pattern) {
    for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
        const char next = pattern[i + 1];
        if (pattern[i] == '\\') {
            if (next >= '1' && next <= '9') {
                return std::string("a regular expression without back-references (\\1 ... \\9)");
            }
            ++i;
        } else if (pattern[i] == '{' && ((next >= '0' && next <= '9') || next == ',')) {
            return std::string("a regular expression without counted repetition ({n,m}); use * "
                               "or +");
        }
    }
    return std::nullopt;
}

PlatformSignature readSignature(json::ObjectReader r) {
    PlatformSignature s;
    s.processes = r.optionalStringArray("processes", 100);
    s.paths = r.optionalStringArray("paths", 100);
    s.packages = r.optionalStringArray("packages", 100);
    s.services = r.optionalStringArray("services", 100);
    s.preload = r.optionalStringArray("preload", 100);
    if (r.has("ports")) {
        const auto ports = r.array("ports", 100);
        for (std::size_t i = 0; i < ports.size(); ++i) {
            // Converting a whole number beyond int's range throws Poco::RangeException, which
            // would escape the parser (found by fuzz/catalog_fuzz).
            std::int64_t port = 0;
            try {
                port = ports[i].isInteger() ? ports[i].convert<std::int64_t>() : 0;
            } catch (const Poco::Exception&) {
            }
            if (port < 1 || port > 65535) {
                throw json::ParseError(r.childPath("ports") + "[" + std::to_string(i) + "]",
                                       "a port number from 1 to 65535");
            }
            s.ports.push_back(static_cast<int>(port));
        }
    } else {
        (void)r.optionalStringArray("ports");
    }
    s.autostart = r.optionalStringArray("autostart", 100);
    s.spool = r.optionalStringArray("spool", 100);
    for (const auto& dir : s.spool) {
        if (dir.empty() || (dir.front() != '/' && dir.find(":\\") != 1)) {
            throw json::ParseError(r.childPath("spool"), "absolute directory paths");
        }
    }
    if (r.has("config")) {
        const auto files = r.array("config", 100);
        for (std::size_t i = 0; i < files.size(); ++i) {
            json::ObjectReader f(files[i], r.childPath("config") + "[" + std::to_string(i) + "]");
            ConfigFileSignature c;
            c.path = f.string("path", 1000);
            c.destination = f.optionalString("destination", 1000);
            if (c.destination) {
                if (const auto problem = destinationPatternProblem(*c.destination)) {
                    throw json::ParseError(f.childPath("destination"), *problem);
                }
                try {
                    const std::regex re(*c.destination);
                    if (re.mark_count() < 1) {
                        throw json::ParseError(f.childPath("destination"),
                                               "a regular expression with one group");
                    }
                } catch (const std::regex_error& e) {
                    throw json::ParseError(f.childPath("destination"),
                                           std::string("a valid regular expression (") + e.what() +
                                               ")");
                }
            }
            f.finish();
            s.config.push_back(std::move(c));
        }
    }
    r.finish();
    return s;
}

CatalogEntry readEntry(std::string_view text) {
    static const std::regex kId("[a-z0-9][a-z0-9-]{0,63}");
    json::ObjectReader root(json::parse(text), "$");
    if (root.string("format", 64) != kCatalogFormat) {
        throw json::ParseError("$.format", "\"" + std::string(kCatalogFormat) + "\"");
    }
    CatalogEntry e;
    e.id = root.string("id", 64);
    if (!std::regex_match(e.id, kId)) {
        throw json::ParseError("$.id", "lowercase letters, digits and '-' (got \"" + e.id + "\")");
    }
    e.name = root.string("name", 200);
    e.vendor = root.string("vendor", 200);
    e.kind = root.string("kind", 64);
    if (std::find(std::begin(kKinds), std::end(kKinds), e.kind) == std::end(kKinds)) {
        throw json::ParseError("$.kind", "a known kind of monitoring (got \"" + e.kind + "\")");
    }
    e.description = root.localized("description");
    e.categories = root.categories("categories");
    const auto sources = root.array("sources", 50);
    if (sources.empty()) {
        throw json::ParseError("$.sources", "at least one source for what the product collects");
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        json::ObjectReader s(sources[i], "$.sources[" + std::to_string(i) + "]");
        CatalogSource src{s.string("url", 2000), s.string("claim", 2000)};
        if (src.url.rfind("https://", 0) != 0 && src.url.rfind("http://", 0) != 0) {
            throw json::ParseError(s.childPath("url"), "an http(s) address");
        }
        s.finish();
        e.sources.push_back(std::move(src));
    }
    auto sigs = root.object("signatures");
    if (auto r = sigs.optionalObject("linux")) {
        e.linux = readSignature(*r);
    }
    if (auto r = sigs.optionalObject("windows")) {
        e.windows = readSignature(*r);
    }
    if (auto r = sigs.optionalObject("macos")) {
        e.macos = readSignature(*r);
    }
    sigs.finish();
    if (!e.linux && !e.windows && !e.macos) {
        throw json::ParseError("$.signatures", "signatures for at least one platform");
    }
    root.finish();
    return e;
}

} // namespace

std::vector<std::string_view> catalogKinds() {
    return {std::begin(kKinds), std::end(kKinds)};
}

Result<CatalogEntry> parseCatalogEntry(std::string_view text, std::string_view origin) {
    try {
        return readEntry(text);
    } catch (const json::ParseError& e) {
        return Error{std::string(origin) + ": " + e.what()};
    }
}

Result<Catalog> Catalog::loadDirectory(const std::string& dir) {
    auto files = listFiles(dir, ".json");
    if (!files) {
        return Error{files.error()};
    }
    std::vector<CatalogEntry> entries;
    for (const auto& path : files.value()) {
        auto text = readFile(path, 1 << 20);
        if (!text) {
            return Error{text.error()};
        }
        auto entry = parseCatalogEntry(text.value(), path);
        if (!entry) {
            return Error{entry.error()};
        }
        const auto stem = std::filesystem::path(path).stem().string();
        if (entry->id != stem) {
            return Error{path + ": $.id: the file name without .json (\"" + stem + "\"), got \"" +
                         entry->id + "\""};
        }
        entries.push_back(std::move(entry).value());
    }
    return Catalog(std::move(entries));
}

const CatalogEntry* Catalog::find(std::string_view id) const {
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [id](const CatalogEntry& e) { return e.id == id; });
    return it == m_entries.end() ? nullptr : &*it;
}

} // namespace indblik
