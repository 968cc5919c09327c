#include "json_reader.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <regex>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

namespace indblik::json {

std::string escapeInvalidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t min = 0;
        if (c < 0x80) {
            length = 1;
        } else if ((c & 0xE0) == 0xC0) {
            length = 2;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            min = 0x10000;
        }
        bool valid = length > 0 && i + length <= text.size();
        std::uint32_t code = length == 1 ? c : (c & (0x7F >> length));
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xC0) == 0x80;
            code = (code << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and code points above U+10FFFF are not valid UTF-8 either.
        valid = valid && (length == 1 || code >= min) && !(code >= 0xD800 && code <= 0xDFFF) &&
                code <= 0x10FFFF;
        if (valid) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
            ++i;
        }
    }
    return out;
}

namespace {

// A JSON scanner that only finds where a text stops being JSON; Poco's parser does the reading
// (its messages do not say where).
class SyntaxScanner {
public:
    explicit SyntaxScanner(std::string_view text) : m_text(text) {}

    // The offset of the first byte that cannot continue the text, or nothing.
    std::optional<std::size_t> errorOffset() {
        if (!value(0)) {
            return m_at;
        }
        space();
        if (m_at != m_text.size()) {
            return m_at;
        }
        return std::nullopt;
    }

private:
    static constexpr int kMaxDepth = 1000;

    bool more() const { return m_at < m_text.size(); }
    char peek() const { return m_text[m_at]; }
    void space() {
        while (more() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
            ++m_at;
        }
    }
    bool eat(char c) {
        if (more() && peek() == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    bool digits() {
        const auto start = m_at;
        while (more() && peek() >= '0' && peek() <= '9') {
            ++m_at;
        }
        return m_at > start;
    }
    bool literal(std::string_view word) {
        for (char c : word) {
            if (!eat(c)) {
                return false;
            }
        }
        return true;
    }
    bool string() {
        if (!eat('"')) {
            return false;
        }
        while (more()) {
            const char c = peek();
            if (c == '"') {
                ++m_at;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            }
            ++m_at;
            if (c == '\\') {
                if (!more()) {
                    return false;
                }
                const char e = peek();
                if (e == 'u') {
                    ++m_at;
                    for (int i = 0; i < 4; ++i) {
                        if (!more() || std::isxdigit(static_cast<unsigned char>(peek())) == 0) {
                            return false;
                        }
                        ++m_at;
                    }
                } else if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos) {
                    ++m_at;
                } else {
                    return false;
                }
            }
        }
        return false;
    }
    bool number() {
        eat('-');
        if (!eat('0') && !digits()) {
            return false;
        }
        if (eat('.') && !digits()) {
            return false;
        }
        if (eat('e') || eat('E')) {
            if (!eat('+')) {
                eat('-');
            }
            if (!digits()) {
                return false;
            }
        }
        return true;
    }
    template <typename Item>
    bool sequence(char close, Item item) {
        space();
        if (eat(close)) {
            return true;
        }
        while (true) {
            if (!item()) {
                return false;
            }
            space();
            if (eat(close)) {
                return true;
            }
            if (!eat(',')) {
                return false;
            }
        }
    }
    bool value(int depth) {
        space();
        if (!more() || depth > kMaxDepth) {
            return false;
        }
        const char c = peek();
        if (c == '{') {
            ++m_at;
            return sequence('}', [&] {
                space();
                if (!string()) {
                    return false;
                }
                space();
                return eat(':') && value(depth + 1);
            });
        }
        if (c == '[') {
            ++m_at;
            return sequence(']', [&] { return value(depth + 1); });
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (c == 't') {
            return literal("true");
        }
        if (c == 'f') {
            return literal("false");
        }
        if (c == 'n') {
            return literal("null");
        }
        return false;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
};

// ", at line L, column C" for a text that is not JSON.
std::string where(std::string_view text) {
    const auto at = jsonSyntaxErrorAt(text);
    if (!at) {
        return {};
    }
    return ", at line " + std::to_string(at->line) + ", column " + std::to_string(at->column);
}

} // namespace

std::optional<TextPosition> jsonSyntaxErrorAt(std::string_view text) {
    const auto offset = SyntaxScanner(text).errorOffset();
    if (!offset) {
        return std::nullopt;
    }
    TextPosition at{1, 1};
    for (std::size_t i = 0; i < *offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++at.column;
        }
    }
    return at;
}

Poco::Dynamic::Var parse(std::string_view text, std::size_t maxBytes) {
    if (text.size() > maxBytes) {
        throw ParseError("$", "a document of at most " + std::to_string(maxBytes) + " bytes (got " +
                                  std::to_string(text.size()) + ")");
    }
    try {
        Poco::JSON::Parser parser;
        return parser.parse(std::string(text));
    } catch (const Poco::Exception& e) {
        throw ParseError("$", "valid JSON (" + e.message() + where(text) + ")");
    } catch (const std::exception& e) {
        throw ParseError("$", std::string("valid JSON (") + e.what() + where(text) + ")");
    }
}

ObjectReader::ObjectReader(const Poco::Dynamic::Var& value, std::string path)
    : m_path(std::move(path)) {
    if (value.type() != typeid(Poco::JSON::Object::Ptr) ||
        value.extract<Poco::JSON::Object::Ptr>().isNull()) {
        throw ParseError(m_path, "an object");
    }
    m_object = value.extract<Poco::JSON::Object::Ptr>();
}

bool ObjectReader::has(const std::string& key) const {
    return m_object->has(key) && !m_object->isNull(key);
}

const Poco::Dynamic::Var& ObjectReader::need(const std::string& key) {
    m_seen.push_back(key);
    if (!m_object->has(key)) {
        throw ParseError(childPath(key), "a value (the field is missing)");
    }
    for (const auto& entry : *m_object) {
        if (entry.first == key) {
            return entry.second;
        }
    }
    throw ParseError(childPath(key), "a value (the field is missing)");
}

std::string ObjectReader::string(const std::string& key, std::size_t maxLength) {
    const auto& v = need(key);
    if (!v.isString()) {
        throw ParseError(childPath(key), "a string");
    }
    auto s = v.extract<std::string>();
    if (s.empty()) {
        throw ParseError(childPath(key), "a non-empty string");
    }
    if (s.size() > maxLength) {
        throw ParseError(childPath(key),
                         "a string of at most " + std::to_string(maxLength) + " bytes");
    }
    return s;
}

std::optional<std::string> ObjectReader::optionalString(const std::string& key,
                                                        std::size_t maxLength) {
    if (!has(key)) {
        m_seen.push_back(key);
        return std::nullopt;
    }
    return string(key, maxLength);
}

std::int64_t ObjectReader::integer(const std::string& key, std::int64_t min, std::int64_t max) {
    const auto& v = need(key);
    const std::string expected =
        "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!v.isInteger()) {
        throw ParseError(childPath(key), expected);
    }
    std::int64_t n = 0;
    try {
        n = v.convert<std::int64_t>();
    } catch (const Poco::Exception&) {
        throw ParseError(childPath(key), expected);
    }
    if (n < min || n > max) {
        throw ParseError(childPath(key), expected);
    }
    return n;
}

bool ObjectReader::boolean(const std::string& key) {
    const auto& v = need(key);
    if (!v.isBoolean()) {
        throw ParseError(childPath(key), "true or false");
    }
    return v.extract<bool>();
}

ObjectReader ObjectReader::object(const std::string& key) {
    return ObjectReader(need(key), childPath(key));
}

std::optional<ObjectReader> ObjectReader::optionalObject(const std::string& key) {
    if (!has(key)) {
        m_seen.push_back(key);
        return std::nullopt;
    }
    return object(key);
}

std::vector<Poco::Dynamic::Var> ObjectReader::array(const std::string& key, std::size_t maxItems) {
    const auto& v = need(key);
    if (v.type() != typeid(Poco::JSON::Array::Ptr) ||
        v.extract<Poco::JSON::Array::Ptr>().isNull()) {
        throw ParseError(childPath(key), "an array");
    }
    const auto a = v.extract<Poco::JSON::Array::Ptr>();
    if (a->size() > maxItems) {
        throw ParseError(childPath(key),
                         "an array of at most " + std::to_string(maxItems) + " items");
    }
    std::vector<Poco::Dynamic::Var> items;
    items.reserve(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        items.push_back(a->get(static_cast<unsigned>(i)));
    }
    return items;
}

std::vector<std::string> ObjectReader::stringArray(const std::string& key, std::size_t maxItems) {
    const auto items = array(key, maxItems);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].isString() || items[i].extract<std::string>().empty()) {
            throw ParseError(childPath(key) + "[" + std::to_string(i) + "]", "a non-empty string");
        }
        out.push_back(items[i].extract<std::string>());
    }
    return out;
}

std::vector<std::string> ObjectReader::optionalStringArray(const std::string& key,
                                                           std::size_t maxItems) {
    if (!has(key)) {
        m_seen.push_back(key);
        return {};
    }
    return stringArray(key, maxItems);
}

LocalizedText ObjectReader::localized(const std::string& key) {
    auto o = object(key);
    LocalizedText text{o.string("en", 20000), o.string("da", 20000)};
    o.finish();
    return text;
}

std::vector<std::string> ObjectReader::categories(const std::string& key) {
    auto words = stringArray(key, 100);
    if (words.empty()) {
        throw ParseError(childPath(key), "at least one data category");
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!isDataCategory(words[i])) {
            throw ParseError(childPath(key) + "[" + std::to_string(i) + "]",
                             "a data category from the vocabulary (got \"" + words[i] + "\")");
        }
    }
    return words;
}

std::int64_t ObjectReader::date(const std::string& key) {
    return parseIsoDate(string(key, 10), childPath(key));
}

void ObjectReader::finish() const {
    for (const auto& [key, value] : *m_object) {
        if (std::find(m_seen.begin(), m_seen.end(), key) == m_seen.end()) {
            throw ParseError(childPath(key), "no such field (unknown key \"" + key + "\")");
        }
    }
}

std::int64_t parseIsoDate(const std::string& text, const std::string& path) {
    static const std::regex kDate(R"((\d{4})-(\d{2})-(\d{2}))");
    std::smatch m;
    if (!std::regex_match(text, m, kDate)) {
        throw ParseError(path, "a date as YYYY-MM-DD (got \"" + text + "\")");
    }
    using namespace std::chrono;
    const year_month_day ymd{year{std::stoi(m[1])}, month{static_cast<unsigned>(std::stoi(m[2]))},
                             day{static_cast<unsigned>(std::stoi(m[3]))}};
    if (!ymd.ok()) {
        throw ParseError(path, "a real calendar date (got \"" + text + "\")");
    }
    return sys_days{ymd}.time_since_epoch().count();
}

std::string formatIsoDate(std::int64_t daysSinceEpoch) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{days{daysSinceEpoch}}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::int64_t todayUtc() {
    using namespace std::chrono;
    return floor<days>(system_clock::now()).time_since_epoch().count();
}

} // namespace indblik::json
