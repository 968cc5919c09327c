#pragma once

// The person's data in the shapes people take it away in, all made from one PersonalDataSet:
// JSON (the API's answer), NDJSON (a header line saying what the file is, then one object per
// line), CSV (RFC 4180, one table, cells that a spreadsheet would run as formulas defused) and
// HTML (a readable page, every value escaped; also the body of the /me page).

#include <optional>
#include <string>
#include <string_view>

#include "html.h"
#include "personal_data.h"

namespace indblik::server {

inline constexpr const char* kPersonalDataFormat = "indblik.personal-data/1";

enum class ExportFormat { Ndjson, Csv, Html };
std::optional<ExportFormat> parseExportFormat(std::string_view name); // ndjson|csv|html
std::string_view exportExtension(ExportFormat format);
std::string_view exportContentType(ExportFormat format);

std::string personalDataJson(const PersonalDataSet& data);
std::string personalDataNdjson(const PersonalDataSet& data);
std::string personalDataCsv(const PersonalDataSet& data, html::Lang lang);

struct HtmlView {
    // Links to the exports under this path ("/me/export", "/api/v1/me/export?user=x"); none when
    // empty (the HTML export itself).
    std::string exportBase;
    // Shown above everything when a DPO reads: why they read. The page then speaks about the
    // person instead of to them.
    std::string readerNote;
    // Links to this page in Danish and English (the page's own path); none when empty.
    std::string selfPath;
    // HTML put where the download links go when there is no exportBase: the DPO's downloads
    // are POST forms (their reason must not go into an address).
    std::string downloads;
};
// The page's body (for html::page) and a whole document.
std::string personalDataHtmlBody(const PersonalDataSet& data, html::Lang lang,
                                 const HtmlView& view = {});
std::string personalDataHtml(const PersonalDataSet& data, html::Lang lang,
                             const HtmlView& view = {});

// A role as stored in the access log ("dpo") in plain words, as the pages show it.
std::string roleInWords(const std::string& role, html::Lang lang);

std::string exportDocument(const PersonalDataSet& data, ExportFormat format, html::Lang lang);

} // namespace indblik::server
