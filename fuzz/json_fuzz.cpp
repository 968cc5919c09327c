// The strict JSON reader under every JSON parser of outside input: malformed text is a
// json::ParseError (with where it stops being JSON), never a crash; the position finder and the
// UTF-8 escaper take any bytes.

#include "fuzz_input.h"
#include "json_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = indblik::fuzz::text(data, size);
    try {
        const auto value = indblik::json::parse(text);
        indblik::json::ObjectReader reader(value, "$");
        for (const char* key : {"id", "name", "entries"}) {
            if (reader.has(key)) {
                (void)reader.optionalString(key);
            }
        }
    } catch (const indblik::json::ParseError&) {
    }
    (void)indblik::json::jsonSyntaxErrorAt(text);
    (void)indblik::json::escapeInvalidUtf8(text);
    try {
        (void)indblik::json::parseIsoDate(std::string(text.substr(0, 32)), "$.date");
    } catch (const indblik::json::ParseError&) {
    }
    return 0;
}
