#pragma once

// Strict reading of JSON documents for the parsers of outside input (policies, catalog entries,
// ledger batches). Every value is read through a path ("$.access[1].level") so a rejection can
// say exactly where and what was expected; unknown keys are rejected, not ignored.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include "vocabulary.h"

namespace indblik::json {

// Thrown inside a parser, turned into an indblik::Error at the parser's edge.
class ParseError : public std::runtime_error {
public:
    ParseError(const std::string& path, const std::string& expected)
        : std::runtime_error(path + ": " + expected) {}
};

// Text from the machine (a path, a rule line) may hold bytes that are not UTF-8; JSON cannot carry
// them. Valid UTF-8 is returned unchanged; each byte of an invalid sequence becomes "\\xNN".
std::string escapeInvalidUtf8(std::string_view text);

// Parses text of at most maxBytes; throws ParseError("$", ...) on malformed JSON, naming the
// line and column where the text stops being JSON.
Poco::Dynamic::Var parse(std::string_view text, std::size_t maxBytes = 1 << 20);

// Where text stops being JSON (RFC 8259): 1-based line and column (in characters) of the first
// byte that cannot continue it, or of the end when the text ends too soon. Nothing when it is
// valid JSON.
struct TextPosition {
    std::size_t line = 0;
    std::size_t column = 0;
};
std::optional<TextPosition> jsonSyntaxErrorAt(std::string_view text);

class ObjectReader {
public:
    ObjectReader(const Poco::Dynamic::Var& value, std::string path);

    const std::string& path() const { return m_path; }
    bool has(const std::string& key) const;

    std::string string(const std::string& key, std::size_t maxLength = 4096);
    std::optional<std::string> optionalString(const std::string& key, std::size_t maxLength = 4096);
    std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max);
    bool boolean(const std::string& key);
    ObjectReader object(const std::string& key);
    std::optional<ObjectReader> optionalObject(const std::string& key);
    std::vector<Poco::Dynamic::Var> array(const std::string& key, std::size_t maxItems = 10000);
    std::vector<std::string> stringArray(const std::string& key, std::size_t maxItems = 10000);
    std::vector<std::string> optionalStringArray(const std::string& key,
                                                 std::size_t maxItems = 10000);
    LocalizedText localized(const std::string& key);
    std::vector<std::string> categories(const std::string& key);
    // A "YYYY-MM-DD" date, returned as days since 1970-01-01.
    std::int64_t date(const std::string& key);

    std::string childPath(const std::string& key) const { return m_path + "." + key; }
    // Rejects any key that was not read.
    void finish() const;

private:
    const Poco::Dynamic::Var& need(const std::string& key);

    Poco::JSON::Object::Ptr m_object;
    std::string m_path;
    std::vector<std::string> m_seen;
};

std::int64_t parseIsoDate(const std::string& text, const std::string& path);
std::string formatIsoDate(std::int64_t daysSinceEpoch);
std::int64_t todayUtc();

} // namespace indblik::json
