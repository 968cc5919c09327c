#include "html.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/NameValueCollection.h>

namespace indblik::server::html {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string_view code(Lang lang) {
    return lang == Lang::Da ? "da" : "en";
}

Lang language(const Request& request) {
    const auto pick = [](const std::string& v) -> int {
        if (v == "da") {
            return 0;
        }
        if (v == "en") {
            return 1;
        }
        return -1;
    };
    if (int p = pick(request.param("lang")); p >= 0) {
        return p == 0 ? Lang::Da : Lang::En;
    }
    if (request.http != nullptr) {
        Poco::Net::NameValueCollection cookies;
        request.http->getCookies(cookies);
        if (int p = pick(cookies.get("indblik_lang", "")); p >= 0) {
            return p == 0 ? Lang::Da : Lang::En;
        }
        const std::string accept = request.http->get("Accept-Language", "");
        const auto da = accept.find("da");
        const auto en = accept.find("en");
        if (en != std::string::npos && (da == std::string::npos || en < da)) {
            return Lang::En;
        }
    }
    return Lang::Da;
}

std::string page(Lang lang, std::string_view title, std::string_view body) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"";
    out += code(lang);
    out += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\"><title>";
    out += escape(title);
    out += " · Indblik</title><link rel=\"stylesheet\" href=\"/static/indblik.css\"></head>"
           "<body><main>";
    out += body;
    out += "</main></body></html>\n";
    return out;
}

Reply pageReply(int status, Lang lang, std::string_view title, std::string_view body) {
    return {status, page(lang, title, body), "text/html; charset=utf-8"};
}

std::string languageQuery(Lang lang) {
    return "?lang=" + std::string(code(lang));
}

std::string csrfField(std::string_view token) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(token) + "\">";
}

Reply seeOther(const std::string& location) {
    Reply reply(303, "", "text/plain; charset=utf-8");
    reply.headers.emplace_back("Location", location);
    return reply;
}

} // namespace indblik::server::html
