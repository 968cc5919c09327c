#pragma once

// What every harness shares: the fuzzer's bytes as text. Harnesses call one parser each with
// nothing but that text (no files, no network) and let it refuse what it must.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace indblik::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace indblik::fuzz
