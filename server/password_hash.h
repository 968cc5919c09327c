#pragma once

// Passwords of web accounts, stored with scrypt (OpenSSL), a memory-hard KDF, in a
// self-describing string "scrypt$N$r$p$<salt base64>$<hash base64>" so the cost can be raised
// later without invalidating stored hashes. Each hash has its own random 16-byte salt; checks
// compare in constant time.

#include <cstdint>
#include <string>
#include <string_view>

#include "result.h"

namespace indblik::server::password {

inline constexpr std::size_t kMinLength = 12;
inline constexpr std::size_t kMaxLength = 1024;

struct ScryptCost {
    std::uint64_t n = std::uint64_t(1) << 15; // 32 MiB with r = 8; about 60-100 ms
    std::uint64_t r = 8;
    std::uint64_t p = 1;
};

// The stored form of password with a fresh salt.
Result<std::string> hash(std::string_view password, const ScryptCost& cost = {});
// Whether password matches the stored form. A malformed stored form, or one whose cost is out
// of the range this program accepts, never matches.
bool verify(std::string_view password, std::string_view stored);
// What is wrong with a new password for the account named login, or success: 12 to 1024
// bytes, not the login itself (ignoring case), not all one character.
Status checkNew(std::string_view password, std::string_view login);

// The cost stored in a hash (for tests and a future "rehash when weaker" step).
Result<ScryptCost> costOf(std::string_view stored);

} // namespace indblik::server::password
