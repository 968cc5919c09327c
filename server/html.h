#pragma once

// Web pages the server renders: every value written into HTML goes through escape(); pages
// carry no inline script or style (the Content-Security-Policy forbids them) and link the one
// stylesheet at /static/indblik.css. Language: ?lang=da|en, else the indblik_lang cookie, else
// Accept-Language, else Danish.

#include <string>
#include <string_view>

#include "router.h"

namespace indblik::server::html {

enum class Lang { Da, En };

std::string escape(std::string_view text);
Lang language(const Request& request);
std::string_view code(Lang lang); // "da" or "en"
// Picks the text for the language: tr(lang, "Dansk", "English").
inline const char* tr(Lang lang, const char* da, const char* en) {
    return lang == Lang::Da ? da : en;
}

// A whole page: title (plain text, escaped here) and body (HTML the caller built with escape()).
std::string page(Lang lang, std::string_view title, std::string_view body);
Reply pageReply(int status, Lang lang, std::string_view title, std::string_view body);

// "?lang=da" or "?lang=en": appended to links so the next page keeps the language.
std::string languageQuery(Lang lang);
// The hidden form field carrying the session's CSRF token (checked by SessionAuthenticator).
std::string csrfField(std::string_view token);
// 303 See Other to a local path: the answer to a form that did what it asked (POST/redirect/GET).
Reply seeOther(const std::string& location);

} // namespace indblik::server::html
