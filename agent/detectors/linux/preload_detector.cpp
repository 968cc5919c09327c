#include "detectors/linux/preload_detector.h"

#include <algorithm>

namespace indblik::agent {

std::vector<std::string> parsePreload(std::string_view text) {
    std::vector<std::string> libraries;
    std::string current;
    bool comment = false;
    for (const char c : text) {
        if (c == '\n') {
            comment = false;
        }
        if (c == '#') {
            comment = true;
        }
        if (comment || c == ' ' || c == '\t' || c == '\n' || c == ':') {
            if (!current.empty()) {
                libraries.push_back(std::move(current));
                current.clear();
            }
            continue;
        }
        current.push_back(c);
    }
    if (!current.empty()) {
        libraries.push_back(std::move(current));
    }
    return libraries;
}

std::vector<Observation> detectPreload(const DetectorContext& ctx) {
    const std::string file = "/etc/ld.so.preload";
    // Unreadable, huge or binary: reported by readConfig, so the employee knows.
    auto text = ctx.readConfig(file, 1 << 20);
    if (!text) {
        return {};
    }
    std::vector<Observation> out;
    for (const auto& library : parsePreload(text.value())) {
        const auto base = library.substr(library.find_last_of('/') + 1);
        const auto evidence = file + ": " + library;
        const auto known = std::find_if(
            ctx.catalog.entries().begin(), ctx.catalog.entries().end(), [&](const auto& e) {
                return e.linux && std::any_of(e.linux->preload.begin(), e.linux->preload.end(),
                                              [&](const std::string& p) {
                                                  return base == p || base.rfind(p + ".", 0) == 0;
                                              });
            });
        if (known != ctx.catalog.entries().end()) {
            out.push_back(productObservation(
                *known, "preload", {evidence},
                "A library is loaded into every program started on this computer.",
                "Et programbibliotek bliver indlæst i alle programmer, der startes på denne "
                "computer."));
            continue;
        }
        Observation o;
        o.detector = "preload";
        o.name = "Unknown library loaded into every program: " + base;
        o.title = LocalizedText{o.name,
                                "Ukendt programbibliotek, der indlæses i alle programmer: " + base};
        o.evidence = {evidence};
        o.why.en = "This library is loaded into every program started on this computer, so it "
                   "can see what each program does. Indblik does not recognise it; ask your "
                   "employer what it is for.";
        o.why.da = "Dette programbibliotek bliver indlæst i alle programmer, der startes på denne "
                   "computer, så det kan se, hvad hvert program gør. Indblik kender det ikke; "
                   "spørg din arbejdsgiver, hvad det bruges til.";
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace indblik::agent
