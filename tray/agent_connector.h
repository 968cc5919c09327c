#pragma once

// Talks to the local agent over its unix socket (docs/local-api.md): one `overview` request per
// connection, one JSON line back. Refreshes on a timer, on demand, and at once when the agent
// reports a change: while started, a second connection long-polls {"op":"wait"} and refreshes
// when the agent's change generation moves. QtCore/QtNetwork only, so it can be used without
// widgets.

#include <chrono>

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include "overview.h"

class QLocalSocket;

namespace indblik::tray {

inline constexpr auto kDefaultSocketPath = "/run/indblik/agent.sock";

class AgentConnector : public QObject {
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds kDefaultRefreshInterval{30'000};
    static constexpr std::chrono::milliseconds kDefaultTimeout{10'000};
    // One wait asks the agent to hold the answer this long; the socket gives up a bit later.
    static constexpr std::chrono::milliseconds kWaitTimeout{25'000};
    // After a failed wait (agent not running, or too old to know "wait"), try again this late.
    static constexpr std::chrono::milliseconds kWatchRetry{5'000};

    explicit AgentConnector(QString socketPath, QObject* parent = nullptr);
    ~AgentConnector() override;

    const QString& socketPath() const { return m_socketPath; }
    void setRefreshInterval(std::chrono::milliseconds interval);
    // How long one request may take, from connecting to the end of the answer.
    void setTimeout(std::chrono::milliseconds timeout);
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }

    // Asks now, then every refresh interval and whenever the agent reports a change.
    void start();
    void stop();
    bool isBusy() const { return m_socket != nullptr; }

public slots:
    // Asks the agent for the overview unless a request is already under way.
    void refresh();

private slots:
    // Long-polls the agent for its next change (a slot, so it can be queued by name).
    void watch();

signals:
    void overviewReceived(const indblik::tray::Overview& overview);
    // reason is a translated sentence for the employee.
    void failed(const QString& reason);

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onTimeout();
    void complete(const QByteArray& line);
    void fail(const QString& reason);
    void endRequest();
    void onWatchReadyRead();
    void endWatch(bool retryLater);

    QString m_socketPath;
    QLocalSocket* m_socket = nullptr;
    QByteArray m_buffer;
    QTimer m_refreshTimer;
    QTimer m_timeoutTimer;
    qint64 m_maxResponseBytes = kMaxOverviewBytes;
    bool m_refreshPending = false; // the agent reported a change while a request was under way

    QLocalSocket* m_watchSocket = nullptr;
    QByteArray m_watchBuffer;
    QTimer m_watchTimeout;
    QTimer m_watchRetry;
    bool m_watching = false;
    qint64 m_generation = -1; // the agent's change generation last seen; -1 before the first
};

} // namespace indblik::tray
