#pragma once

// CSV as RFC 4180 describes it: fields separated by commas, records by CRLF (a bare LF is
// accepted too), a field with a comma, quote or line break quoted with '"' and a quote inside
// doubled. Reading checks UTF-8 and bounds; writing also defuses spreadsheet formulas.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace indblik::server::csv {

struct Field {
    std::string text;
    std::size_t line = 0;   // 1-based physical line where the field starts
    std::size_t column = 0; // 1-based character (not byte) position on that line
};

struct Record {
    std::vector<Field> fields;
    std::size_t line = 0; // where the record starts
};

struct Limits {
    std::size_t maxRecords = 200000;
    std::size_t maxFields = 64;
    std::size_t maxFieldBytes = 4096;
};

// The records of text (a UTF-8 byte order mark at the start is skipped; a last line break is
// optional; empty lines between records are skipped). An error names where as "LINE:COLUMN:
// message", e.g. "3:7: the quoted field is not closed".
Result<std::vector<Record>> parse(std::string_view text, const Limits& limits = {});

// One cell for writing: quoted when needed, and a cell that a spreadsheet would run as a
// formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe.
std::string cell(std::string_view text);
// Cells joined by commas, ending in CRLF.
std::string line(const std::vector<std::string>& cells);

} // namespace indblik::server::csv
