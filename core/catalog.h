#pragma once

// Catalog entries: how to recognise a known monitoring product on a machine and what it can
// collect. Data, not code: one JSON file per product in policies/catalog/, format documented by
// policies/schema/catalog.schema.json.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"
#include "vocabulary.h"

namespace indblik {

inline constexpr std::string_view kCatalogFormat = "indblik.catalog/1";

// A configuration file whose presence is evidence; `destination` is an ECMAScript regular
// expression whose first group, matched line by line, names where the product sends data (a host,
// host:port or URL of the collector). Only that group is kept, never the rest of the file.
struct ConfigFileSignature {
    std::string path;
    std::optional<std::string> destination;
    bool operator==(const ConfigFileSignature&) const = default;
};

struct PlatformSignature {
    std::vector<std::string> processes; // executable base names
    std::vector<std::string> paths;     // absolute executable or install paths
    std::vector<std::string> packages;  // package names (deb/rpm) or bundle ids
    std::vector<std::string> services;  // service unit names
    std::vector<std::string> preload;   // library base names seen in /etc/ld.so.preload
    std::vector<int> ports;             // listening ports
    std::vector<std::string> autostart; // XDG autostart desktop file names (Linux)
    // Directories the product writes captures, spools or its own logs to. The agent records how
    // many files appear there and their sizes, never their content.
    std::vector<std::string> spool;
    // Configuration files that say what the product sends and where to.
    std::vector<ConfigFileSignature> config;
};

struct CatalogSource {
    std::string url;
    std::string claim;
};

struct CatalogEntry {
    std::string id;
    std::string name;
    std::string vendor;
    std::string kind;
    LocalizedText description;
    std::vector<std::string> categories;
    std::vector<CatalogSource> sources;
    std::optional<PlatformSignature> linux;
    std::optional<PlatformSignature> windows;
    std::optional<PlatformSignature> macos;
};

std::vector<std::string_view> catalogKinds();

Result<CatalogEntry> parseCatalogEntry(std::string_view text, std::string_view origin);

class Catalog {
public:
    Catalog() = default;
    explicit Catalog(std::vector<CatalogEntry> entries) : m_entries(std::move(entries)) {}

    // Reads every *.json in dir; one bad file fails the whole catalog (the caller keeps its last
    // good one). A file's id must equal its file name.
    static Result<Catalog> loadDirectory(const std::string& dir);

    const std::vector<CatalogEntry>& entries() const { return m_entries; }
    const CatalogEntry* find(std::string_view id) const;

private:
    std::vector<CatalogEntry> m_entries;
};

} // namespace indblik
