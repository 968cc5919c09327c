#include "local_time.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace indblik::server {
namespace {

bool parseDate(std::string_view text, int& y, int& m, int& d) {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    const std::string s(text.substr(0, 10));
    char tail = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
        return false;
    }
    // Round trip through timegm to refuse 2026-02-30 and the like.
    std::tm t{};
    t.tm_year = y - 1900;
    t.tm_mon = m - 1;
    t.tm_mday = d;
    const std::time_t at = timegm(&t);
    std::tm back{};
    return at != static_cast<std::time_t>(-1) && gmtime_r(&at, &back) != nullptr &&
           back.tm_year == y - 1900 && back.tm_mon == m - 1 && back.tm_mday == d;
}

std::string isoUtc(std::time_t at, int millis) {
    std::tm t{};
    if (gmtime_r(&at, &t) == nullptr) {
        return {};
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.tm_year + 1900,
                  t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, millis);
    return buf;
}

// The local time y-m-d h:m:s as a time_t; mktime decides daylight saving itself.
std::time_t localMoment(int y, int m, int d, int hour, int minute, int second) {
    tzset();
    std::tm t{};
    t.tm_year = y - 1900;
    t.tm_mon = m - 1;
    t.tm_mday = d;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    t.tm_isdst = -1;
    return std::mktime(&t);
}

} // namespace

namespace {

// The local broken-down time of an ISO-8601 UTC time; false when it is not one.
bool localTm(std::string_view isoUtc, std::tm& local) {
    int y = 0, m = 0, d = 0;
    if (!parseDate(isoUtc, y, m, d) || isoUtc.size() < 19 || isoUtc[10] != 'T') {
        return false;
    }
    int hour = 0, minute = 0, second = 0;
    const std::string clock(isoUtc.substr(11, 8));
    if (std::sscanf(clock.c_str(), "%2d:%2d:%2d", &hour, &minute, &second) != 3 || hour > 23 ||
        minute > 59 || second > 60) {
        return false;
    }
    std::tm t{};
    t.tm_year = y - 1900;
    t.tm_mon = m - 1;
    t.tm_mday = d;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    const std::time_t at = timegm(&t);
    tzset();
    return localtime_r(&at, &local) != nullptr;
}

} // namespace

std::string localDate(std::string_view isoUtc) {
    std::tm local{};
    if (!localTm(isoUtc, local)) {
        return {};
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1,
                  local.tm_mday);
    return buf;
}

std::string localDateTime(std::string_view isoUtc) {
    std::tm local{};
    if (!localTm(isoUtc, local)) {
        return {};
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", local.tm_year + 1900,
                  local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min);
    return buf;
}

std::string localInterval(std::string_view startUtc, std::string_view endUtc) {
    const auto start = localDateTime(startUtc);
    const auto end = localDateTime(endUtc);
    if (start.empty() || end.empty()) {
        return std::string(startUtc) + " – " + std::string(endUtc);
    }
    if (start.compare(0, 10, end, 0, 10) == 0) {
        return start + "–" + end.substr(11);
    }
    return start + " – " + end;
}

std::string localDayStart(std::string_view date) {
    int y = 0, m = 0, d = 0;
    if (date.size() != 10 || !parseDate(date, y, m, d)) {
        return {};
    }
    return isoUtc(localMoment(y, m, d, 0, 0, 0), 0);
}

std::string localDayEnd(std::string_view date) {
    int y = 0, m = 0, d = 0;
    if (date.size() != 10 || !parseDate(date, y, m, d)) {
        return {};
    }
    return isoUtc(localMoment(y, m, d, 23, 59, 59), 999);
}

std::string localZoneDescription() {
    tzset();
    std::string names = std::string(tzname[0]) + (tzname[1] != nullptr && tzname[1][0] != '\0' &&
                                                          std::string(tzname[1]) != tzname[0]
                                                      ? "/" + std::string(tzname[1])
                                                      : "");
    std::string zone;
    if (const char* tz = std::getenv("TZ"); tz != nullptr && tz[0] != '\0') {
        zone = tz[0] == ':' ? tz + 1 : tz;
    } else {
        std::error_code ec;
        const auto target = std::filesystem::read_symlink("/etc/localtime", ec);
        const std::string text = ec ? std::string() : target.string();
        const auto at = text.find("zoneinfo/");
        zone = at == std::string::npos ? std::string() : text.substr(at + 9);
    }
    return zone.empty() || zone == names ? names : zone + " (" + names + ")";
}

} // namespace indblik::server
