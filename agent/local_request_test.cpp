#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "local_request.h"

namespace indblik::agent {
namespace {

TEST(LocalRequestParse, ReadsEachOp) {
    auto overview = parseLocalRequest(R"({"op":"overview"})");
    ASSERT_TRUE(overview) << overview.error();
    EXPECT_EQ(overview->op, LocalRequest::Op::Overview);

    auto wait = parseLocalRequest(R"({"op":"wait","after":3,"timeout_ms":1500})");
    ASSERT_TRUE(wait) << wait.error();
    EXPECT_EQ(wait->op, LocalRequest::Op::Wait);
    EXPECT_EQ(wait->after, 3);
    EXPECT_EQ(wait->timeoutMs, 1500);

    auto page = parseLocalRequest(R"({"op":"server","what":"my_data","before":"x,1"})");
    ASSERT_TRUE(page) << page.error();
    EXPECT_EQ(page->op, LocalRequest::Op::Server);
    EXPECT_EQ(page->what, "my_data");
    EXPECT_EQ(page->before, "x,1");

    auto exported = parseLocalRequest(R"({"op":"server","what":"export","format":"csv"})");
    ASSERT_TRUE(exported) << exported.error();
    EXPECT_EQ(exported->format, "csv");

    auto submit =
        parseLocalRequest(R"({"op":"server","what":"submit_request","request":{"kind":"x"}})");
    ASSERT_TRUE(submit) << submit.error();
    EXPECT_EQ(submit->submittedJson, R"({"kind":"x"})");
}

TEST(LocalRequestParse, RefusesWhatIsNotAnObjectWithAnOp) {
    for (const char* line : {"", "nonsense", "[1]", "null", "{\"op\":[1]}", "{\"op\":{}}"}) {
        auto parsed = parseLocalRequest(line);
        ASSERT_FALSE(parsed) << line;
        EXPECT_EQ(parsed.error(), "request is not a JSON object with an \"op\"") << line;
    }
    EXPECT_EQ(parseLocalRequest(R"({"op":"delete-everything"})").error(),
              "unknown op (known: overview, wait, server)");
}

// A whole number beyond 64 bits threw Poco::RangeException on conversion, and the connection
// ended without an answer (seen while writing fuzz/local_request_fuzz). A string field given
// another type (Poco would stringify it) is refused as well.
TEST(LocalRequestParse, FieldsOfTheWrongTypeAreErrorsNotExceptions) {
    EXPECT_NE(parseLocalRequest(R"({"op":"server","what":{"a":1}})").error().find("unknown"),
              std::string::npos);
    EXPECT_NE(parseLocalRequest(R"({"op":"server","what":"export","format":[1]})")
                  .error()
                  .find("format must be"),
              std::string::npos);
    EXPECT_NE(parseLocalRequest(R"({"op":"wait","after":18446744073709551615})")
                  .error()
                  .find("whole numbers"),
              std::string::npos);
    EXPECT_NE(parseLocalRequest(R"({"op":"wait","timeout_ms":1.5})").error().find("whole"),
              std::string::npos);
    EXPECT_FALSE(parseLocalRequest(R"({"op":"server","what":"submit_request","request":[]})"));
    auto negative = parseLocalRequest(R"({"op":"wait","after":-9223372036854775808})");
    ASSERT_TRUE(negative) << negative.error();
    EXPECT_EQ(negative->after, std::numeric_limits<std::int64_t>::min());
}

} // namespace
} // namespace indblik::agent
