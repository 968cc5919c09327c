#pragma once

// The status the tray shows at a glance: a headline, what went wrong, when the data was last
// refreshed from the agent and last synced to the server. Texts are built on each read through
// tr(), so they follow the installed translation.

#include <chrono>

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>

#include "clock.h"
#include "overview.h"
#include "tray_state.h"
#include "vocabulary.h"

namespace indblik::tray {

class StatusPresenter : public QObject {
    Q_OBJECT
    Q_PROPERTY(indblik::tray::TrayState state READ state NOTIFY changed)
    Q_PROPERTY(int undeclaredCount READ undeclaredCount NOTIFY changed)
    Q_PROPERTY(QString headline READ headline NOTIFY changed)
    Q_PROPERTY(QString problems READ problems NOTIFY changed)
    Q_PROPERTY(QString refreshedText READ refreshedText NOTIFY changed)
    Q_PROPERTY(QString syncText READ syncText NOTIFY changed)
    Q_PROPERTY(bool syncStale READ isSyncStale NOTIFY changed)

public:
    // Policies synced longer ago than this may be out of date.
    static constexpr std::chrono::hours kStaleAfter{7 * 24};

    StatusPresenter(Language language, Clock clock, QObject* parent = nullptr);

    TrayState state() const { return m_state; }
    int undeclaredCount() const { return m_undeclaredCount; }
    // Policies announced that are not in effect yet (as of the clock's local day).
    int announcedCount() const { return m_announcedCount; }
    QString headline() const;
    // Empty when all is well; otherwise sentences for the employee, one per line.
    QString problems() const;
    QString refreshedText() const;
    QString syncText() const;
    bool isSyncStale() const;

public slots:
    void setOverview(const indblik::tray::Overview& overview);
    void setFailed(const QString& reason);

signals:
    void changed();

private:
    QString formatTime(const QDateTime& time) const;

    Language m_language;
    Clock m_clock;
    TrayState m_state = TrayState::Connecting;
    bool m_haveOverview = false;
    int m_undeclaredCount = 0;
    int m_announcedCount = 0;
    QString m_failure;
    QDateTime m_lastRefresh;
    SyncStatus m_sync;
    EnrollmentStatus m_enrollment; // state empty when enrolled
    bool m_ledgerIntact = true;
    StorageStatus m_storage;
    QStringList m_policyErrors;
    QStringList m_couldNotRead;
};

} // namespace indblik::tray
