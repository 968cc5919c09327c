#include "password_hash.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <vector>

namespace indblik::server::password {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Bounds for stored costs: a tampered row must not make the server allocate gigabytes.
constexpr std::uint64_t kMinN = std::uint64_t(1) << 14;
constexpr std::uint64_t kMaxN = std::uint64_t(1) << 20;
constexpr std::uint64_t kMaxR = 32;
constexpr std::uint64_t kMaxP = 16;

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// Decodes canonical base64 without line breaks; nullopt-like empty vector with ok=false.
bool unbase64(std::string_view text, std::vector<unsigned char>& out) {
    if (text.empty() || text.size() % 4 != 0 || text.size() > 256) {
        return false;
    }
    out.assign(3 * text.size() / 4, 0);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0) {
        return false;
    }
    std::size_t size = static_cast<std::size_t>(n);
    // EVP_DecodeBlock keeps the bytes the padding stands for.
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) {
        --size;
    }
    out.resize(size);
    return true;
}

bool validCost(const ScryptCost& c) {
    return c.n >= kMinN && c.n <= kMaxN && (c.n & (c.n - 1)) == 0 && c.r >= 1 && c.r <= kMaxR &&
           c.p >= 1 && c.p <= kMaxP;
}

bool derive(std::string_view password, const unsigned char* salt, std::size_t saltSize,
            const ScryptCost& c, unsigned char* out, std::size_t outSize) {
    // scrypt needs 128 * r * (N + p + 2) bytes; OpenSSL refuses more than maxmem.
    const std::uint64_t memory = 128 * c.r * (c.n + c.p + 2) + (std::uint64_t(1) << 20);
    return EVP_PBE_scrypt(password.data(), password.size(), salt, saltSize, c.n, c.r, c.p, memory,
                          out, outSize) == 1;
}

bool number(std::string_view text, std::uint64_t& value) {
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return !text.empty() && ec == std::errc() && ptr == end;
}

struct Parsed {
    ScryptCost cost;
    std::vector<unsigned char> salt;
    std::vector<unsigned char> hash;
};

bool parse(std::string_view stored, Parsed& parsed) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (parts.size() < 7) {
        const auto dollar = stored.find('$', start);
        parts.push_back(stored.substr(
            start, dollar == std::string_view::npos ? std::string_view::npos : dollar - start));
        if (dollar == std::string_view::npos) {
            break;
        }
        start = dollar + 1;
    }
    return parts.size() == 6 && parts[0] == "scrypt" && number(parts[1], parsed.cost.n) &&
           number(parts[2], parsed.cost.r) && number(parts[3], parsed.cost.p) &&
           validCost(parsed.cost) && unbase64(parts[4], parsed.salt) &&
           parsed.salt.size() >= kSaltBytes && unbase64(parts[5], parsed.hash) &&
           parsed.hash.size() == kHashBytes;
}

} // namespace

Result<std::string> hash(std::string_view password, const ScryptCost& cost) {
    if (!validCost(cost)) {
        return Error{"scrypt cost out of range (N a power of two from 2^14 to 2^20, r 1-32, "
                     "p 1-16)"};
    }
    if (password.size() > kMaxLength) {
        return Error{"password longer than " + std::to_string(kMaxLength) + " bytes"};
    }
    unsigned char salt[kSaltBytes];
    if (RAND_bytes(salt, sizeof salt) != 1) {
        return Error{"cannot make a salt: the random generator failed"};
    }
    unsigned char out[kHashBytes];
    if (!derive(password, salt, sizeof salt, cost, out, sizeof out)) {
        return Error{"scrypt failed (out of memory?)"};
    }
    std::string stored = "scrypt$" + std::to_string(cost.n) + "$" + std::to_string(cost.r) + "$" +
                         std::to_string(cost.p) + "$" + base64(salt, sizeof salt) + "$" +
                         base64(out, sizeof out);
    OPENSSL_cleanse(out, sizeof out);
    return stored;
}

bool verify(std::string_view password, std::string_view stored) {
    Parsed parsed;
    if (password.size() > kMaxLength || !parse(stored, parsed)) {
        return false;
    }
    std::vector<unsigned char> out(parsed.hash.size());
    if (!derive(password, parsed.salt.data(), parsed.salt.size(), parsed.cost, out.data(),
                out.size())) {
        return false;
    }
    const bool same = CRYPTO_memcmp(out.data(), parsed.hash.data(), out.size()) == 0;
    OPENSSL_cleanse(out.data(), out.size());
    return same;
}

Result<ScryptCost> costOf(std::string_view stored) {
    Parsed parsed;
    if (!parse(stored, parsed)) {
        return Error{"not a valid scrypt password hash"};
    }
    return parsed.cost;
}

Status checkNew(std::string_view password, std::string_view login) {
    if (password.size() < kMinLength) {
        return Error{"the password must have at least " + std::to_string(kMinLength) +
                     " characters"};
    }
    if (password.size() > kMaxLength) {
        return Error{"the password may have at most " + std::to_string(kMaxLength) + " characters"};
    }
    const auto lower = [](std::string_view s) {
        std::string out(s);
        std::transform(out.begin(), out.end(), out.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return out;
    };
    if (lower(password) == lower(login)) {
        return Error{"the password must not be the login name"};
    }
    if (std::all_of(password.begin(), password.end(),
                    [&](char c) { return c == password.front(); })) {
        return Error{"the password must not be one character repeated"};
    }
    return Status::success();
}

} // namespace indblik::server::password
