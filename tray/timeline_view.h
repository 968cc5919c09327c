#pragma once

// The "Timeline" tab: what was collected about the employee over the last 30 days (from the
// server, through the agent), newest first, filterable by monitoring system and by data
// category, with a Refresh button and plain-words states.

#include <QWidget>

#include "clock.h"
#include "vocabulary.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace indblik::tray {

class ServerClient;
class TimelineModel;
struct ServerOutcome;

class TimelineView : public QWidget {
    Q_OBJECT

public:
    // At most this many pages of events are asked for at one refresh.
    static constexpr int kMaxPages = 50;

    TimelineView(ServerClient& client, Language language, Clock clock = systemClock(),
                 QWidget* parent = nullptr);

    TimelineModel& model() { return *m_model; }
    bool isBusy() const { return m_pending != 0; }

public slots:
    void refresh();
    void ensureLoaded();

private:
    void onAnswered(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void onFailed(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void fillFilters();
    void updateState();

    ServerClient& m_client;
    TimelineModel* m_model;
    int m_pending = 0;
    int m_pages = 0;
    bool m_truncated = false;
    QString m_problem;

    QComboBox* m_systemBox = nullptr;
    QComboBox* m_categoryBox = nullptr;
    QLabel* m_messageLabel = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_refreshButton = nullptr;
};

} // namespace indblik::tray
