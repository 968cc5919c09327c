#pragma once

// Runs a test in a given time zone (a POSIX TZ rule, so no tzdata is needed) and puts the
// process's zone back afterwards. Tests whose expected times are written in UTC use
// ScopedTimeZone utc; tests of the workplace's calendar use Copenhagen's rule.

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace indblik::server::testing {

inline constexpr const char* kUtcZone = "UTC0";
inline constexpr const char* kCopenhagenZone = "CET-1CEST,M3.5.0,M10.5.0/3";

class ScopedTimeZone {
public:
    explicit ScopedTimeZone(const char* zone) {
        if (const char* old = std::getenv("TZ")) {
            m_old = old;
        }
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
    ~ScopedTimeZone() {
        if (m_old) {
            ::setenv("TZ", m_old->c_str(), 1);
        } else {
            ::unsetenv("TZ");
        }
        ::tzset();
    }
    ScopedTimeZone(const ScopedTimeZone&) = delete;
    ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

private:
    std::optional<std::string> m_old;
};

} // namespace indblik::server::testing
