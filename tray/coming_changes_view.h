#pragma once

// The "Coming changes" tab: the employer's announced policies from the agent's overview, the
// day each takes effect and what changes, in plain words.

#include <vector>

#include <QWidget>

#include "clock.h"
#include "coming_changes.h"
#include "overview.h"
#include "vocabulary.h"

class QLabel;
class QTextBrowser;

namespace indblik::tray {

class ComingChangesView : public QWidget {
    Q_OBJECT

public:
    ComingChangesView(Language language, Clock clock = systemClock(), QWidget* parent = nullptr);

    const std::vector<ComingChange>& changes() const { return m_changes; }

public slots:
    void setOverview(const indblik::tray::Overview& overview);
    // The agent could not be asked: said plainly while nothing was received; what was received
    // stays.
    void setFailed(const QString& reason);

private:
    std::int64_t today() const;

    Language m_language;
    Clock m_clock;
    std::vector<Policy> m_policies;
    std::vector<ComingChange> m_changes;
    bool m_received = false;
    QLabel* m_summaryLabel = nullptr;
    QTextBrowser* m_browser = nullptr;
};

} // namespace indblik::tray
