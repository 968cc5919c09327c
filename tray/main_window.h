#pragma once

// The employee's window, in tabs (Ctrl+1..N): "Overview" (a status line, the monitoring found
// on this computer, and the details of the selected row), "Who looked at my data", "My
// requests", "Timeline", "Coming changes",
// "Export" and "Integrity" (the employee's own data on the server, through the
// agent). Every interactive widget has an objectName (tests find them by it) and an accessible
// name; the table has the focus first, arrow keys move through it and Enter moves to the details.
// In the status bar, a choice of language (Alt+G) that every tab shows.

#include <QMainWindow>

#include "clock.h"
#include "vocabulary.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace indblik::tray {

class AccessLogView;
class AgentConnector;
class ComingChangesView;
class ExportView;
class IntegrityView;
class ObservationModel;
class RequestsView;
class ServerClient;
class StatusPresenter;
class TimelineView;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(AgentConnector& connector, Language language, Clock clock = systemClock(),
               QWidget* parent = nullptr);

    AgentConnector& connector() { return m_connector; }
    ObservationModel& model() { return *m_model; }
    StatusPresenter& presenter() { return *m_presenter; }
    ServerClient& serverClient() { return *m_serverClient; }
    QTabWidget& tabs() { return *m_tabs; }
    AccessLogView& accessLogView() { return *m_accessLogView; }
    RequestsView& requestsView() { return *m_requestsView; }
    TimelineView& timelineView() { return *m_timelineView; }
    ComingChangesView& comingChangesView() { return *m_comingChangesView; }
    ExportView& exportView() { return *m_exportView; }
    IntegrityView& integrityView() { return *m_integrityView; }

public slots:
    // Shows the window and brings it to the front.
    void present();

signals:
    // The employee chose another language in the window (the "languageChoice" box in the
    // status bar). The window does not change itself: TrayApp saves the choice and builds it anew.
    void languageChosen(indblik::Language language);

private:
    void buildUi();
    QWidget* buildLanguageChoice();
    QWidget* buildOverview();
    void addTabs();
    void onTabChanged(int index);
    void updateStatus();
    void updateDetails();
    void rememberSelection();
    void restoreSelection();

    AgentConnector& m_connector;
    Language m_language;
    Clock m_clock;
    ObservationModel* m_model;
    StatusPresenter* m_presenter;
    QString m_selectedKey;
    ServerClient* m_serverClient;

    QTabWidget* m_tabs = nullptr;
    QComboBox* m_languageChoice = nullptr;
    AccessLogView* m_accessLogView = nullptr;
    RequestsView* m_requestsView = nullptr;
    TimelineView* m_timelineView = nullptr;
    ComingChangesView* m_comingChangesView = nullptr;
    ExportView* m_exportView = nullptr;
    IntegrityView* m_integrityView = nullptr;

    QLabel* m_statusIcon = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_problemsLabel = nullptr;
    QPushButton* m_refreshButton = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_details = nullptr;
    QLabel* m_refreshedLabel = nullptr;
    QLabel* m_syncLabel = nullptr;
};

} // namespace indblik::tray
