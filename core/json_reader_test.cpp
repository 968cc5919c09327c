#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "json_reader.h"

namespace indblik::json {
namespace {

TEST(EscapeInvalidUtf8, KeepsValidTextAndEscapesEachBadByte) {
    EXPECT_EQ(escapeInvalidUtf8("/home/søren/overvågning €"), "/home/søren/overvågning €");
    EXPECT_EQ(escapeInvalidUtf8("/home/s\xF8ren"), "/home/s\\xF8ren");    // Latin-1 ø
    EXPECT_EQ(escapeInvalidUtf8("\xC0\xAF"), "\\xC0\\xAF");               // overlong '/'
    EXPECT_EQ(escapeInvalidUtf8("\xED\xA0\x80"), "\\xED\\xA0\\x80");      // a UTF-16 surrogate
    EXPECT_EQ(escapeInvalidUtf8("end\xE2\x82"), "end\\xE2\\x82");         // cut short
    EXPECT_EQ(escapeInvalidUtf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80"); // 4-byte emoji
}

TEST(EscapeInvalidUtf8, TheResultAlwaysParsesAsJson) {
    std::string all;
    for (int c = 1; c < 256; ++c) {
        all += static_cast<char>(c);
    }
    const auto escaped = escapeInvalidUtf8(all);
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("text", escaped);
    std::ostringstream out;
    o->stringify(out);
    EXPECT_NO_THROW((void)parse(out.str()));
}

} // namespace
} // namespace indblik::json

namespace indblik::json {
namespace {

TEST(JsonSyntaxErrorAt, NamesTheLineAndColumnWhereTheTextStopsBeingJson) {
    EXPECT_FALSE(jsonSyntaxErrorAt(R"({"a": [1, -2.5e3, true, null, "x\"\u00e6"], "b": {}})"));
    EXPECT_FALSE(jsonSyntaxErrorAt(" [] \n"));
    const auto at = [](std::string_view text) {
        const auto p = jsonSyntaxErrorAt(text);
        return p ? std::to_string(p->line) + ":" + std::to_string(p->column) : std::string("ok");
    };
    EXPECT_EQ(at("{\"a\": 1,\n \"b\": [1,2,\n}"), "3:1"); // a value was due
    EXPECT_EQ(at("{\"a\" 1}"), "1:6");                    // ':' missing
    EXPECT_EQ(at("{\"æø\": tru}"), "1:11");               // characters, not bytes
    EXPECT_EQ(at("{\"a\": 1} x"), "1:10");                // text after the end
    EXPECT_EQ(at("{\"a\": 01}"), "1:8");                  // no leading zeros
    EXPECT_EQ(at("{\"a\": \"x\ny\"}"), "1:9");            // raw newline in a string
    EXPECT_EQ(at("{\"a\": 1,}"), "1:9");                  // trailing comma
    EXPECT_EQ(at(""), "1:1");
    EXPECT_EQ(at("{\"a\": \"open"), "1:12"); // ends too soon
}

TEST(JsonSyntaxErrorAt, ParseErrorsSayWhere) {
    try {
        (void)parse("{\n  \"id\": \"x\",\n  \"days\": 9O\n}");
        FAIL() << "parsed";
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("at line 3, column 12"), std::string::npos)
            << e.what();
    }
}

} // namespace
} // namespace indblik::json
