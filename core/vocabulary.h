#pragma once

// The data-category vocabulary: the same words in code, UI, reports and policies. Each word has
// a plain-language name and explanation in Danish and English for people who are not
// technical. Extend it deliberately: add the word here with both translations.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace indblik {

enum class Language { English, Danish };

// "da", "da_DK.UTF-8", "da-DK" -> Danish; anything else -> English.
Language languageFromLocale(std::string_view locale);
std::string_view languageCode(Language language);

struct LocalizedText {
    std::string en;
    std::string da;
    const std::string& in(Language language) const {
        return language == Language::Danish ? da : en;
    }
    bool operator==(const LocalizedText&) const = default;
};

struct DataCategory {
    std::string_view word;
    std::string_view nameEn;
    std::string_view nameDa;
    std::string_view explanationEn;
    std::string_view explanationDa;

    std::string_view name(Language language) const {
        return language == Language::Danish ? nameDa : nameEn;
    }
    std::string_view explanation(Language language) const {
        return language == Language::Danish ? explanationDa : explanationEn;
    }
};

std::span<const DataCategory> dataCategories();
const DataCategory* findDataCategory(std::string_view word);
bool isDataCategory(std::string_view word);

} // namespace indblik
