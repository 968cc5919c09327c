#include "status_presenter.h"

#include <utility>

#include <QDate>
#include <QLocale>

namespace indblik::tray {

StatusPresenter::StatusPresenter(Language language, Clock clock, QObject* parent)
    : QObject(parent), m_language(language), m_clock(std::move(clock)) {}

void StatusPresenter::setOverview(const Overview& overview) {
    m_haveOverview = true;
    m_failure.clear();
    m_lastRefresh = m_clock();
    m_sync = overview.sync;
    m_enrollment = overview.enrolled ? EnrollmentStatus{} : overview.enrollment;
    m_ledgerIntact = overview.ledgerIntact;
    m_storage = overview.storage;
    m_policyErrors = overview.policyErrors;
    m_couldNotRead = overview.couldNotRead;
    m_undeclaredCount = overview.undeclaredCount();
    const auto today = QDate(1970, 1, 1).daysTo(m_clock().toLocalTime().date());
    m_announcedCount = 0;
    for (const auto& policy : overview.policies) {
        m_announcedCount += policy.inEffect(today) ? 0 : 1;
    }
    // Most urgent first: undeclared monitoring, a record that does not verify, an announced
    // change, then all is well.
    if (m_undeclaredCount > 0) {
        m_state = TrayState::Undeclared;
    } else if (!m_ledgerIntact) {
        m_state = TrayState::NotVerified;
    } else if (m_announcedCount > 0) {
        m_state = TrayState::ChangeAnnounced;
    } else if (overview.observations.isEmpty()) {
        m_state = TrayState::NothingFound;
    } else {
        m_state = TrayState::AllDeclared;
    }
    emit changed();
}

void StatusPresenter::setFailed(const QString& reason) {
    m_state = TrayState::NotConnected;
    m_failure = reason;
    emit changed();
}

QString StatusPresenter::headline() const {
    switch (m_state) {
    case TrayState::Connecting:
        return tr("Asking the Indblik agent…");
    case TrayState::NotConnected:
        return tr("Not connected to the Indblik agent");
    case TrayState::NothingFound:
        return tr("No monitoring found on this computer");
    case TrayState::AllDeclared:
        return tr("All monitoring found on this computer is declared by your employer");
    case TrayState::Undeclared:
        return tr("%n monitoring system(s) on this computer are not declared by your employer",
                  nullptr, m_undeclaredCount);
    case TrayState::NotVerified:
        return tr("The record of monitoring on this computer does not verify");
    case TrayState::ChangeAnnounced:
        return tr("Your employer has announced %n change(s) to the monitoring", nullptr,
                  m_announcedCount);
    }
    return {};
}

QString StatusPresenter::problems() const {
    QStringList lines;
    if (m_state == TrayState::NotConnected) {
        lines.append(m_failure);
        if (m_haveOverview) {
            lines.append(tr("The list below is what the agent reported last time."));
        }
    }
    // Not enrolled yet, but IT configured unattended enrollment: say that it is under way and
    // what holds it up (docs/local-api.md, device.enrollment).
    if (m_haveOverview && !m_enrollment.state.isEmpty() &&
        m_enrollment.state != QLatin1String("not_configured")) {
        QString line = tr("Not connected to the Indblik server: waiting for enrollment with %1.")
                           .arg(m_enrollment.server);
        const auto& state = m_enrollment.state;
        QString why;
        if (state == QLatin1String("refused")) {
            why = tr("The server refused the enrollment token (used, expired or unknown). IT must "
                     "give this computer a new one.");
        } else if (state == QLatin1String("wrong_ca")) {
            why = tr("The server did not show the expected CA fingerprint, so this computer does "
                     "not enroll (wrong server, or someone in between). Contact IT.");
        } else if (state == QLatin1String("unreachable")) {
            why = tr("The server does not answer yet; the agent keeps trying by itself.");
        } else if (state == QLatin1String("incomplete")) {
            why = tr("The enrollment settings are incomplete. Contact IT.");
        } else if (state == QLatin1String("failed")) {
            why = tr("Enrollment failed; the agent tries again. Contact IT if it goes on.");
        }
        if (!why.isEmpty()) {
            line += QLatin1Char(' ') + why;
        }
        lines.append(line);
    }
    if (m_haveOverview && !m_sync.stoppedReason.isEmpty()) {
        lines.append(m_sync.stoppedReason == QLatin1String("revoked")
                         ? tr("This computer no longer sends its record to the server: its "
                              "certificate was withdrawn by IT (revoked). What is collected here "
                              "is still recorded on this computer. Contact IT.")
                         : tr("This computer no longer sends its record to the server: the "
                              "server refuses it (%1). What is collected here is still recorded "
                              "on this computer. Contact IT.")
                               .arg(m_sync.stoppedReason));
    }
    if (m_haveOverview && !m_ledgerIntact) {
        lines.append(tr("The agent's record of monitoring on this computer has been damaged or "
                        "changed. Please tell your data protection officer."));
    }
    if (m_haveOverview && m_storage.paused) {
        lines.append(m_storage.diskFull
                         ? tr("Recording is paused because this computer's disk is full or "
                              "cannot be written to. What cannot be recorded is counted and "
                              "noted once there is room again (%1 so far).")
                               .arg(m_storage.dropped)
                         : tr("Recording is paused because the storage for Indblik on this "
                              "computer is full: the server has been out of reach for a long "
                              "time. What cannot be recorded is counted and noted once the "
                              "server is reached again (%1 so far).")
                               .arg(m_storage.dropped));
    }
    for (const auto& error : m_policyErrors) {
        lines.append(tr("One of your employer's declarations could not be read: %1").arg(error));
    }
    if (m_haveOverview && !m_couldNotRead.isEmpty()) {
        lines.append(tr("Indblik could not check %n place(s) on this computer, so the list may be "
                        "incomplete: %1",
                        nullptr, static_cast<int>(m_couldNotRead.size()))
                         .arg(m_couldNotRead.join(QStringLiteral("; "))));
    }
    return lines.join(QLatin1Char('\n'));
}

QString StatusPresenter::refreshedText() const {
    if (!m_lastRefresh.isValid()) {
        return tr("Not refreshed from the agent yet");
    }
    return tr("Last refreshed from the agent: %1").arg(formatTime(m_lastRefresh));
}

bool StatusPresenter::isSyncStale() const {
    if (!m_haveOverview) {
        return false;
    }
    return !m_sync.lastSuccess.isValid() ||
           m_sync.lastSuccess.msecsTo(m_clock()) >
               std::chrono::duration_cast<std::chrono::milliseconds>(kStaleAfter).count();
}

QString StatusPresenter::syncText() const {
    if (!m_haveOverview) {
        return {};
    }
    QString text;
    if (!m_sync.stoppedReason.isEmpty()) {
        // Why is in problems(); here only since when.
        text = tr("Not syncing with the Indblik server since %1.")
                   .arg(formatTime(m_sync.stoppedSince)) +
               QLatin1Char(' ');
    }
    if (!m_sync.lastSuccess.isValid()) {
        text += tr("Never synced with the Indblik server, so your employer's declarations shown "
                   "here may be out of date.");
    } else if (isSyncStale()) {
        const auto days = static_cast<int>(m_sync.lastSuccess.daysTo(m_clock()));
        text += tr("Last synced with the Indblik server: %1. That is %n day(s) ago, so your "
                   "employer's declarations shown here may be out of date.",
                   nullptr, days)
                    .arg(formatTime(m_sync.lastSuccess));
    } else {
        text += tr("Last synced with the Indblik server: %1.").arg(formatTime(m_sync.lastSuccess));
    }
    if (!m_sync.lastError.isEmpty()) {
        text += QLatin1Char(' ') + tr("The last attempt failed: %1").arg(m_sync.lastError);
    }
    if (m_sync.clockOff && m_sync.clockOffsetSeconds) {
        const qint64 offset = *m_sync.clockOffsetSeconds;
        const int minutes = static_cast<int>((offset < 0 ? -offset : offset) / 60);
        text += QLatin1Char(' ') +
                (offset > 0 ? tr("This computer's clock is %n minute(s) ahead of the server's, so "
                                 "the times recorded here are off by as much. The server uses its "
                                 "own time for deadlines. Ask IT to set the clock.",
                                 nullptr, minutes)
                            : tr("This computer's clock is %n minute(s) behind the server's, so "
                                 "the times recorded here are off by as much. The server uses its "
                                 "own time for deadlines. Ask IT to set the clock.",
                                 nullptr, minutes));
    }
    return text;
}

QString StatusPresenter::formatTime(const QDateTime& time) const {
    const QLocale locale(m_language == Language::Danish ? QLocale::Danish : QLocale::English,
                         m_language == Language::Danish ? QLocale::Denmark
                                                        : QLocale::UnitedKingdom);
    return locale.toString(time.toLocalTime(), QLocale::ShortFormat);
}

} // namespace indblik::tray
