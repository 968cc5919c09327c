#include <gtest/gtest.h>

#include "csv.h"

namespace indblik::server::csv {
namespace {

std::vector<std::vector<std::string>> texts(const std::vector<Record>& records) {
    std::vector<std::vector<std::string>> out;
    for (const auto& r : records) {
        out.emplace_back();
        for (const auto& f : r.fields) {
            out.back().push_back(f.text);
        }
    }
    return out;
}

TEST(Csv, ReadsQuotedFieldsAsRfc4180Says) {
    auto parsed = parse("\xEF\xBB\xBF"
                        "a,b,c\r\n"
                        "\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n"
                        "\n"
                        ",,\r\n"
                        "last,row,ends");
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    const std::vector<std::vector<std::string>> expected = {{"a", "b", "c"},
                                                            {"x, y", "say \"hi\"", "two\nlines"},
                                                            {"", "", ""},
                                                            {"last", "row", "ends"}};
    EXPECT_EQ(texts(parsed.value()), expected);
    EXPECT_EQ(parsed.value()[1].line, 2u);
    EXPECT_EQ(parsed.value()[2].line, 5u) << "the quoted line break counts as a line";
    EXPECT_EQ(parsed.value()[1].fields[2].column, 21u);
}

TEST(Csv, ColumnsCountCharactersNotBytes) {
    auto parsed = parse("æøå,ü\n");
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_EQ(parsed.value()[0].fields[1].column, 5u);
    EXPECT_EQ(parsed.value()[0].fields[0].text, "æøå");
}

TEST(Csv, RefusesMalformedInputNamingLineAndColumn) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a,b\n\"open,c\n", "2:1: the quoted field is not closed"},
        {"a,b\n\"x\"y,c\n", "2:4: text after the closing quote"},
        {"a,b\nx\"y,c\n", "2:2: a quote inside an unquoted field"},
        {"a,b\nok,\xC3\x28\n", "2:4: not valid UTF-8"},
        {"a,\xED\xA0\x80\n", "1:3: not valid UTF-8"}, // a surrogate
        {"a,\xC0\xAF\n", "1:3: not valid UTF-8"},     // an overlong '/'
        {"a,b\n" + std::string(5000, 'x') + "\n", "2:1: field longer than 4096 bytes"},
    };
    for (const auto& [input, message] : cases) {
        auto parsed = parse(input);
        ASSERT_FALSE(parsed.ok()) << input;
        EXPECT_EQ(parsed.error().rfind(message, 0), 0u) << parsed.error();
    }
    Limits small;
    small.maxRecords = 2;
    auto tooMany = parse("a\nb\nc\n", small);
    ASSERT_FALSE(tooMany.ok());
    EXPECT_EQ(tooMany.error(), "3:1: more than 2 records");
}

TEST(Csv, WritesCellsThatReadBackAndRunNoFormulas) {
    EXPECT_EQ(cell("plain"), "plain");
    EXPECT_EQ(cell("a,b"), "\"a,b\"");
    EXPECT_EQ(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    EXPECT_EQ(cell("+1"), "'+1");
    EXPECT_EQ(cell("-1"), "'-1");
    EXPECT_EQ(cell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(cell(""), "");
    const std::vector<std::string> row = {"x,y", "line\nbreak", "=1+2", "\"q\"", ""};
    auto back = parse(line(row));
    ASSERT_TRUE(back.ok()) << back.error();
    ASSERT_EQ(back.value().size(), 1u);
    EXPECT_EQ(texts(back.value())[0],
              (std::vector<std::string>{"x,y", "line\nbreak", "'=1+2", "\"q\"", ""}));
    EXPECT_EQ(line({"a", "b"}), "a,b\r\n");
}

} // namespace
} // namespace indblik::server::csv
