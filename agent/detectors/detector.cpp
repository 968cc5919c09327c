#include "detector.h"

namespace indblik::agent {

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
