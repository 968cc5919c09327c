#pragma once

// The "Integrity" tab: whether the employee's record verifies, and up to when, in plain words,
// with what to do when it does not: the record kept on this computer (the agent's overview:
// `ledger.intact`, `ledger.verified_up_to`) and each computer's record on the server
// (`my_data` → `devices[].integrity`).

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QWidget>

#include "overview.h"

class QLabel;
class QPushButton;
class QTextBrowser;

namespace indblik::tray {

class ServerClient;
struct ServerOutcome;

// One computer's record on the server, as `my_data` says.
struct DeviceIntegrityText {
    QString hostname;
    int intact = -1; // 1 verified intact, 0 a change was found, -1 not checked yet
    QDateTime verifiedUpTo;
    QString problem;
};

class IntegrityView : public QWidget {
    Q_OBJECT

public:
    explicit IntegrityView(ServerClient& client, QWidget* parent = nullptr);

    bool isBusy() const { return m_pending != 0; }
    // The sentences shown, for tests: this computer's first, then one per computer on the
    // server.
    QStringList sentences() const;
    // True when something does not verify.
    bool hasProblem() const;

    static QString localSentence(const Overview& overview);
    static QString deviceSentence(const DeviceIntegrityText& device);
    static QString whatToDo();

public slots:
    void setOverview(const indblik::tray::Overview& overview);
    void refresh();
    void ensureLoaded();

private:
    void onAnswered(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void onFailed(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void updateText();

    ServerClient& m_client;
    int m_pending = 0;
    bool m_haveOverview = false;
    bool m_loaded = false;
    Overview m_overview;
    QList<DeviceIntegrityText> m_devices;
    QString m_problem;

    QLabel* m_summaryLabel = nullptr;
    QTextBrowser* m_browser = nullptr;
    QPushButton* m_refreshButton = nullptr;
};

} // namespace indblik::tray
