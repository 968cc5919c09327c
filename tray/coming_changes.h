#pragma once

// "Coming changes": the employer's announced policies (the agent's cached copy, in the
// overview, so it works without the server), each with the day it takes effect and what changes
// in plain words compared with the version of the same policy in effect now: a new system, new
// kinds of data, longer retention, who can see it. Pure, for tests; the view shows it.

#include <cstdint>
#include <vector>

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "overview.h"
#include "policy.h"
#include "vocabulary.h"

namespace indblik::tray {

struct ComingChange {
    const Policy* next = nullptr;    // the announced version
    const Policy* current = nullptr; // the version of the same id in effect now, or none
    QStringList changes;             // plain sentences, most important first
    // What was found on this computer that the announced version covers (display names).
    QStringList concernsHere;
};

class ComingChanges {
    Q_DECLARE_TR_FUNCTIONS(indblik::tray::ComingChanges)

public:
    // The announced policies (in effect after `today`, days since 1970), soonest first, each
    // with what of `foundHere` (the monitoring found on this computer) it will cover. The
    // pointers point into `policies`.
    static std::vector<ComingChange> compute(const std::vector<Policy>& policies,
                                             std::int64_t today, Language language,
                                             const QList<ObservationEntry>& foundHere = {});
    // The whole list as rich text for the view; a plain sentence when nothing is announced.
    static QString html(const std::vector<ComingChange>& changes, std::int64_t today,
                        Language language);
    static QString formatDay(std::int64_t daysSinceEpoch, Language language);
};

} // namespace indblik::tray
