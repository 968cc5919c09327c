#include "detectors/linux/destination.h"

namespace indblik::agent {

std::string withoutCredentials(std::string_view address) {
    auto trim = [](std::string_view s) {
        while (!s.empty() &&
               (s.front() == ' ' || s.front() == '\t' || s.front() == '"' || s.front() == '\'')) {
            s.remove_prefix(1);
        }
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' ||
                              s.back() == '\'' || s.back() == '\r')) {
            s.remove_suffix(1);
        }
        return s;
    };
    address = trim(address);
    std::string scheme;
    if (const auto sep = address.find("://"); sep != std::string_view::npos) {
        scheme = std::string(address.substr(0, sep + 3));
        address.remove_prefix(sep + 3);
    }
    // The authority ends at the first '/', '?' or '#'; a user:password@ part ends at its last '@'.
    const auto authorityEnd = address.find_first_of("/?#");
    auto authority = address.substr(0, authorityEnd);
    auto rest =
        authorityEnd == std::string_view::npos ? std::string_view{} : address.substr(authorityEnd);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    if (const auto cut = rest.find_first_of("?#"); cut != std::string_view::npos) {
        rest = rest.substr(0, cut);
    }
    return scheme + std::string(authority) + std::string(rest);
}

std::vector<std::string> splitDestinations(std::string_view list, std::size_t maxItems) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size() && out.size() < maxItems) {
        auto end = list.find_first_of(",; \t", start);
        if (end == std::string_view::npos) {
            end = list.size();
        }
        auto part = withoutCredentials(list.substr(start, end - start));
        if (!part.empty()) {
            out.push_back(std::move(part));
        }
        start = end + 1;
    }
    return out;
}

} // namespace indblik::agent
