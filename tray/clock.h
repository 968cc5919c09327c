#pragma once

// Time behind an injectable clock, so tests can fix "now" (refresh times, stale warnings).

#include <functional>

#include <QDateTime>

namespace indblik::tray {

using Clock = std::function<QDateTime()>;

inline Clock systemClock() {
    return [] { return QDateTime::currentDateTimeUtc(); };
}

} // namespace indblik::tray
