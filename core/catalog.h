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

struct PlatformSignature {
    std::vector<std::string> processes; // executable base names
    std::vector<std::string> paths;     // absolute executable or install paths
    std::vector<std::string> packages;  // package names (deb/rpm) or bundle ids
    std::vector<std::string> services;  // service unit names
    std::vector<std::string> preload;   // library base names seen in /etc/ld.so.preload
    std::vector<int> ports;             // listening ports
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
