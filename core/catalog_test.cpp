#include <filesystem>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "catalog.h"
#include "file_util.h"

namespace indblik {
namespace {

const std::string kEntry = R"({
  "format": "indblik.catalog/1",
  "id": "snoopy",
  "name": "Snoopy Logger",
  "vendor": "Bostjan Skufca Jese",
  "kind": "command_logging",
  "description": {"en": "Logs every command.", "da": "Logger alle kommandoer."},
  "categories": ["commands"],
  "sources": [{"url": "https://github.com/a2o/snoopy", "claim": "Logs program executions"}],
  "signatures": {"linux": {"packages": ["snoopy"], "preload": ["libsnoopy.so"], "ports": [22]}}
})";

const std::string kSpoolAndConfig = R"x("spool": ["/var/spool/x"], "autostart": ["x.desktop"],
"config": [{"path": "/etc/x.conf", "destination": "^server = (\\S+)"}])x";

TEST(CatalogEntryParser, ReadsAnEntry) {
    auto e = parseCatalogEntry(kEntry, "snoopy.json");
    ASSERT_TRUE(e) << e.error();
    EXPECT_EQ(e->id, "snoopy");
    ASSERT_TRUE(e->linux);
    EXPECT_EQ(e->linux->preload, std::vector<std::string>{"libsnoopy.so"});
    EXPECT_EQ(e->linux->ports, std::vector<int>{22});
    EXPECT_FALSE(e->windows);

    std::string withConfig = kEntry;
    withConfig.replace(withConfig.find(R"("ports": [22])"), 13, kSpoolAndConfig);
    auto c = parseCatalogEntry(withConfig, "x.json");
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->linux->spool, std::vector<std::string>{"/var/spool/x"});
    EXPECT_EQ(c->linux->autostart, std::vector<std::string>{"x.desktop"});
    ASSERT_EQ(c->linux->config.size(), 1u);
    EXPECT_EQ(c->linux->config[0].destination.value_or(""), "^server = (\\S+)");
}

TEST(CatalogEntryParser, RejectsWithFileAndPath) {
    auto replace = [](std::string text, const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    struct Case {
        std::string text;
        std::string expected;
    };
    const Case cases[] = {
        {replace(kEntry, R"("command_logging")", R"("spyware")"), "$.kind: a known kind"},
        {replace(kEntry, R"(["commands"])", R"(["thoughts"])"),
         "$.categories[0]: a data category from the vocabulary"},
        {replace(kEntry, "https://github.com/a2o/snoopy", "github.com"),
         "$.sources[0].url: an http(s) address"},
        {replace(kEntry, R"("ports": [22])", R"("ports": [70000])"),
         "$.signatures.linux.ports[0]: a port number"},
        {replace(kEntry, R"("preload")", R"("preloads")"),
         "$.signatures.linux.preloads: no such field"},
        {replace(kEntry, R"("linux")", R"("plan9")"), "$.signatures.plan9: no such field"},
        {replace(kEntry, R"("ports": [22])",
                 R"("config": [{"path": "/etc/x.conf", "destination": "server = \\S+"}])"),
         "$.signatures.linux.config[0].destination: a regular expression with one group"},
        {replace(kEntry, R"("ports": [22])",
                 R"x("config": [{"path": "/etc/x.conf", "destination": "([a-z"}])x"),
         "$.signatures.linux.config[0].destination: a valid regular expression"},
        {replace(kEntry, R"("ports": [22])", R"("spool": ["relative/dir"])"),
         "$.signatures.linux.spool: absolute directory paths"},
    };
    for (const auto& c : cases) {
        auto e = parseCatalogEntry(c.text, "catalog/x.json");
        ASSERT_FALSE(e) << c.expected;
        EXPECT_NE(e.error().find("catalog/x.json: " + c.expected), std::string::npos) << e.error();
    }
}

// Inputs found by fuzz/catalog_fuzz: a port beyond int's range threw Poco::RangeException out of
// the parser; a back-reference or repetition count beyond long's range is undefined behaviour in
// libstdc++'s regex compiler (fuzz/corpus/catalog/crash-*).
TEST(CatalogEntryParser, RefusesWhatWouldCrashOrOverflow) {
    auto replace = [](std::string text, const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    const std::pair<std::string, std::string> cases[] = {
        {replace(kEntry, R"("ports": [22])", R"("ports": [99999999999])"),
         "$.signatures.linux.ports[0]: a port number"},
        {replace(kEntry, R"("ports": [22])", R"("ports": [18446744073709551615])"),
         "$.signatures.linux.ports[0]: a port number"},
        {replace(
             kEntry, R"("ports": [22])",
             R"x("config": [{"path": "/x", "destination": "<a>\\9223372036854775808s*(\\S+)"}])x"),
         "$.signatures.linux.config[0].destination: a regular expression without back-references"},
        {replace(kEntry, R"("ports": [22])",
                 R"x("config": [{"path": "/x", "destination": "(a{9223372036854775808})"}])x"),
         "$.signatures.linux.config[0].destination: a regular expression without counted"},
        {replace(kEntry, R"("ports": [22])",
                 R"x("config": [{"path": "/x", "destination": "((a{1000}){1000})"}])x"),
         "$.signatures.linux.config[0].destination: a regular expression without counted"},
    };
    for (const auto& [text, expected] : cases) {
        auto e = parseCatalogEntry(text, "catalog/x.json");
        ASSERT_FALSE(e) << expected;
        EXPECT_NE(e.error().find("catalog/x.json: " + expected), std::string::npos) << e.error();
    }
    // Escaped braces and digits stay allowed.
    auto fine = parseCatalogEntry(
        replace(kEntry, R"("ports": [22])",
                R"x("config": [{"path": "/x", "destination": "\\{port\\}\\s*=\\s*(\\d+)"}])x"),
        "catalog/x.json");
    EXPECT_TRUE(fine) << fine.error();
}

TEST(Catalog, TheShippedCatalogLoadsAndHasAtLeastFortyProductsWithSources) {
    auto catalog = Catalog::loadDirectory(INDBLIK_SOURCE_DIR "/policies/catalog");
    ASSERT_TRUE(catalog) << catalog.error();
    EXPECT_GE(catalog->entries().size(), 40u);
    for (const auto& e : catalog->entries()) {
        EXPECT_FALSE(e.sources.empty()) << e.id;
    }
    EXPECT_NE(catalog->find("snoopy"), nullptr);
}

TEST(Catalog, AFileWhoseIdDiffersFromItsNameIsRefused) {
    const auto dir = std::filesystem::temp_directory_path() / "indblik-catalog-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ASSERT_TRUE(writeFileAtomically((dir / "not-snoopy.json").string(), kEntry));
    auto catalog = Catalog::loadDirectory(dir.string());
    ASSERT_FALSE(catalog);
    EXPECT_NE(catalog.error().find("not-snoopy.json: $.id: the file name"), std::string::npos)
        << catalog.error();
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace indblik
