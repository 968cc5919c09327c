#pragma once

// The "Who looked at my data" tab: the access log from the server (through the agent), newest
// first, whether its chain is intact, an empty state, and a Refresh button.

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace indblik::tray {

class AccessLogModel;
class ServerClient;
struct ServerOutcome;

class AccessLogView : public QWidget {
    Q_OBJECT

public:
    explicit AccessLogView(ServerClient& client, QWidget* parent = nullptr);

    AccessLogModel& model() { return *m_model; }
    bool isBusy() const { return m_pending != 0; }

public slots:
    // Asks the server again unless a request is under way.
    void refresh();
    // Asks once, the first time the tab is shown.
    void ensureLoaded();

signals:
    // The whole `my_data` answer, for the other views (the requests' named contact).
    void myDataReceived(const QJsonObject& myData);

private:
    void onAnswered(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void onFailed(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void updateState();

    ServerClient& m_client;
    AccessLogModel* m_model;
    int m_pending = 0;
    QString m_problem;

    QLabel* m_intactLabel = nullptr;
    QLabel* m_messageLabel = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_refreshButton = nullptr;
};

} // namespace indblik::tray
