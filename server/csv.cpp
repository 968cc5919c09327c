#include "csv.h"

namespace indblik::server::csv {
namespace {

// Bytes of the UTF-8 sequence that starts with lead, or 0 when lead cannot start one.
std::size_t sequenceLength(unsigned char lead) {
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        return 2;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        return 4;
    }
    return 0;
}

// Whether text[at, at+n) is a well-formed UTF-8 sequence (no overlongs, no surrogates).
bool validSequence(std::string_view text, std::size_t at, std::size_t n) {
    if (n == 0 || at + n > text.size()) {
        return false;
    }
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    for (std::size_t i = 1; i < n; ++i) {
        if ((byte(i) & 0xC0) != 0x80) {
            return false;
        }
    }
    if (n == 3) {
        if (byte(0) == 0xE0 && byte(1) < 0xA0) {
            return false;
        }
        if (byte(0) == 0xED && byte(1) >= 0xA0) {
            return false;
        }
    }
    if (n == 4) {
        if (byte(0) == 0xF0 && byte(1) < 0x90) {
            return false;
        }
        if (byte(0) == 0xF4 && byte(1) >= 0x90) {
            return false;
        }
    }
    return true;
}

class Parser {
public:
    Parser(std::string_view text, const Limits& limits) : m_text(text), m_limits(limits) {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
            m_text.remove_prefix(3);
        }
    }

    Result<std::vector<Record>> run() {
        std::vector<Record> records;
        while (m_at < m_text.size()) {
            if (peek() == '\n' || (peek() == '\r' && peekAt(1) == '\n')) {
                // An empty line: nothing to read here.
                advanceLineBreak();
                continue;
            }
            if (records.size() == m_limits.maxRecords) {
                return fail("more than " + std::to_string(m_limits.maxRecords) + " records");
            }
            Record record;
            record.line = m_line;
            while (true) {
                if (record.fields.size() == m_limits.maxFields) {
                    return fail("more than " + std::to_string(m_limits.maxFields) + " fields");
                }
                auto field = readField();
                if (!field) {
                    return Error{field.error()};
                }
                record.fields.push_back(std::move(field).value());
                if (m_at >= m_text.size()) {
                    break;
                }
                if (peek() == ',') {
                    advance();
                    continue;
                }
                if (peek() == '\n' || (peek() == '\r' && peekAt(1) == '\n')) {
                    advanceLineBreak();
                    break;
                }
                return fail("expected a comma or the end of the line");
            }
            records.push_back(std::move(record));
        }
        return records;
    }

private:
    char peek() const { return m_text[m_at]; }
    char peekAt(std::size_t ahead) const {
        return m_at + ahead < m_text.size() ? m_text[m_at + ahead] : '\0';
    }
    void advance() {
        ++m_at;
        ++m_column;
    }
    void advanceLineBreak() {
        m_at += peek() == '\r' ? 2 : 1;
        ++m_line;
        m_column = 1;
    }
    Error fail(const std::string& message) const { return failAt(m_line, m_column, message); }
    static Error failAt(std::size_t line, std::size_t column, const std::string& message) {
        return Error{std::to_string(line) + ":" + std::to_string(column) + ": " + message};
    }

    // Appends one character (a whole UTF-8 sequence) to out, or fails on invalid bytes.
    Status take(std::string& out, std::size_t fieldLine, std::size_t fieldColumn) {
        const auto n = sequenceLength(static_cast<unsigned char>(peek()));
        if (!validSequence(m_text, m_at, n)) {
            return fail("not valid UTF-8 (save the file as UTF-8)");
        }
        if (out.size() + n > m_limits.maxFieldBytes) {
            return failAt(fieldLine, fieldColumn,
                          "field longer than " + std::to_string(m_limits.maxFieldBytes) + " bytes");
        }
        out.append(m_text.substr(m_at, n));
        m_at += n;
        ++m_column;
        return {};
    }

    Result<Field> readField() {
        Field field;
        field.line = m_line;
        field.column = m_column;
        if (m_at < m_text.size() && peek() == '"') {
            advance();
            while (true) {
                if (m_at >= m_text.size()) {
                    return failAt(field.line, field.column,
                                  "the quoted field is not closed (a '\"' is missing)");
                }
                if (peek() == '"') {
                    if (peekAt(1) == '"') {
                        field.text += '"';
                        advance();
                        advance();
                        continue;
                    }
                    advance();
                    break;
                }
                if (peek() == '\n' || (peek() == '\r' && peekAt(1) == '\n')) {
                    if (field.text.size() + 1 > m_limits.maxFieldBytes) {
                        return failAt(field.line, field.column, "field too long");
                    }
                    field.text += '\n';
                    advanceLineBreak();
                    continue;
                }
                if (auto s = take(field.text, field.line, field.column); !s) {
                    return Error{s.error()};
                }
            }
            if (m_at < m_text.size() && peek() != ',' && peek() != '\n' &&
                !(peek() == '\r' && peekAt(1) == '\n')) {
                return fail("text after the closing quote (a quote inside a quoted field is "
                            "written as \"\")");
            }
            return field;
        }
        while (m_at < m_text.size() && peek() != ',' && peek() != '\n' &&
               !(peek() == '\r' && peekAt(1) == '\n')) {
            if (peek() == '"') {
                return fail("a quote inside an unquoted field (quote the whole field and write "
                            "the quote as \"\")");
            }
            if (auto s = take(field.text, field.line, field.column); !s) {
                return Error{s.error()};
            }
        }
        return field;
    }

    std::string_view m_text;
    Limits m_limits;
    std::size_t m_at = 0;
    std::size_t m_line = 1;
    std::size_t m_column = 1;
};

} // namespace

Result<std::vector<Record>> parse(std::string_view text, const Limits& limits) {
    return Parser(text, limits).run();
}

std::string cell(std::string_view text) {
    std::string value;
    if (!text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' ||
                          text.front() == '@' || text.front() == '\t' || text.front() == '\r')) {
        value = "'";
    }
    value.append(text);
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string line(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += cell(cells[i]);
    }
    out += "\r\n";
    return out;
}

} // namespace indblik::server::csv
