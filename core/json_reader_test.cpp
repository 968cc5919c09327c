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
