#include <set>
#include <string>

#include <gtest/gtest.h>

#include "vocabulary.h"

namespace indblik {
namespace {

TEST(Vocabulary, HasEveryWordOfTheArchitectureOnceWithBothLanguages) {
    const std::set<std::string> expected{
        "screenshots",      "screen_live_view",   "keystrokes",     "terminal_sessions",
        "commands",         "application_usage",  "window_titles",  "web_history",
        "network_traffic",  "tls_inspection",     "email_metadata", "email_content",
        "file_activity",    "clipboard",          "printing",       "location",
        "camera",           "microphone",         "login_activity", "idle_time",
        "device_inventory", "security_telemetry", "system_logs"};
    std::set<std::string> seen;
    for (const auto& c : dataCategories()) {
        EXPECT_TRUE(seen.insert(std::string(c.word)).second) << "duplicate " << c.word;
        EXPECT_FALSE(c.nameEn.empty()) << c.word;
        EXPECT_FALSE(c.nameDa.empty()) << c.word;
        EXPECT_FALSE(c.explanationEn.empty()) << c.word;
        EXPECT_FALSE(c.explanationDa.empty()) << c.word;
        EXPECT_NE(c.explanationEn, c.explanationDa) << c.word << " is not translated";
    }
    EXPECT_EQ(seen, expected);
}

TEST(Vocabulary, LooksUpWordsAndRejectsOthers) {
    ASSERT_NE(findDataCategory("keystrokes"), nullptr);
    EXPECT_EQ(findDataCategory("keystrokes")->name(Language::Danish), "Tastetryk");
    EXPECT_EQ(findDataCategory("keystrokes")->name(Language::English), "Keystrokes");
    EXPECT_FALSE(isDataCategory("Keystrokes"));
    EXPECT_FALSE(isDataCategory("mind_reading"));
    EXPECT_FALSE(isDataCategory(""));
}

TEST(Vocabulary, PicksLanguageFromLocale) {
    EXPECT_EQ(languageFromLocale("da_DK.UTF-8"), Language::Danish);
    EXPECT_EQ(languageFromLocale("da"), Language::Danish);
    EXPECT_EQ(languageFromLocale("en_GB.UTF-8"), Language::English);
    EXPECT_EQ(languageFromLocale("C"), Language::English);
    EXPECT_EQ(languageFromLocale(""), Language::English);
}

} // namespace
} // namespace indblik
