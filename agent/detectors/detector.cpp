#include "detector.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

#include "file_util.h"

namespace indblik::agent {

void DetectorContext::report(const std::string& path, std::string problem) const {
    if (!problems) {
        return;
    }
    std::string shown = path;
    if (root != "/" && !root.empty() && shown.rfind(root, 0) == 0) {
        shown = shown.substr(root.back() == '/' ? root.size() - 1 : root.size());
    }
    DetectorProblem p{std::string(detector), std::move(shown), std::move(problem)};
    if (std::find(problems->begin(), problems->end(), p) == problems->end()) {
        problems->push_back(std::move(p));
    }
}

std::optional<std::string> DetectorContext::readConfig(const std::string& absolutePath,
                                                       std::size_t maxBytes) const {
    const auto path = underRoot(root, absolutePath);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR) {
            report(path, std::string("cannot be read: ") + std::strerror(errno));
        }
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        report(path, "is not a regular file");
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        report(path, std::string("cannot be read: ") + std::strerror(errno));
        return std::nullopt;
    }
    auto text = readBounded(in, maxBytes);
    if (!text) {
        report(path, "is larger than " + std::to_string(maxBytes / 1024) + " KiB; not read");
        return std::nullopt;
    }
    if (text->find('\0') != std::string::npos) {
        report(path, "is binary, not a text configuration file; not read");
        return std::nullopt;
    }
    return text;
}

Observation findingObservation(std::string detector, std::string name, LocalizedText title,
                               std::vector<std::string> categories,
                               std::vector<std::string> evidence, LocalizedText why) {
    Observation o;
    o.detector = std::move(detector);
    o.name = std::move(name);
    o.title = std::move(title);
    o.categories = std::move(categories);
    o.evidence = std::move(evidence);
    o.why = std::move(why);
    return o;
}

Observation productObservation(const CatalogEntry& entry, std::string detector,
                               std::vector<std::string> evidence, std::string_view foundAsEn,
                               std::string_view foundAsDa) {
    Observation o;
    o.detector = std::move(detector);
    o.product = entry.id;
    o.name = entry.name;
    o.categories = entry.categories;
    o.evidence = std::move(evidence);
    o.why.en = std::string(foundAsEn) + " This matches " + entry.name + " (" + entry.vendor +
               "). " + entry.description.en +
               " The data listed is what this product can collect according to its maker.";
    o.why.da = std::string(foundAsDa) + " Det passer med " + entry.name + " (" + entry.vendor +
               "). " + entry.description.da +
               " De viste oplysninger er dem, produktet kan indsamle ifølge producenten.";
    return o;
}

} // namespace indblik::agent
