#pragma once

// Asks the local agent for the employee's own data on the server (docs/local-api.md,
// {"op":"server"}): one request per connection, one JSON line back, asynchronous, with a
// timeout and a size limit. The agent's and the server's errors become one plain, translated
// sentence for the employee. QtCore/QtNetwork only.

#include <chrono>

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace indblik::tray {

// What went wrong, for views that want to say more than the sentence (e.g. keep showing what
// they have when the server is out of reach).
enum class ServerProblem {
    AgentUnreachable, // nothing listening, refused, not allowed, closed, timed out
    BadAnswer,        // too large or not JSON
    ServerUnreachable,
    NotEnrolled,
    NotLinked, // this OS user is not tied to a person on the server
    Refused,   // the server said 401/403: the certificate is no longer accepted
    Rejected,  // the server turned the request down (400, 413, 422, ...)
    ServerError,
    Other,
};

// The agent's answer to one {"op":"server"} request turned into a result: the server's JSON
// answer, or a problem and its sentence. Pure, for tests.
struct ServerOutcome {
    bool ok = false;
    int status = 0;
    QJsonObject answer; // with ok: the server's JSON answer
    QString body;       // with ok, for an export: the text
    ServerProblem problem = ServerProblem::Other;
    QString reason; // without ok: a translated sentence
};
ServerOutcome interpretServerAnswer(const QByteArray& line);

class ServerClient : public QObject {
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{30'000};
    // An export of a year of events is the largest answer; 64 MiB leaves room.
    static constexpr qint64 kDefaultMaxBytes = 64LL * 1024 * 1024;

    explicit ServerClient(QString socketPath, QObject* parent = nullptr);

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    void setMaxResponseBytes(qint64 bytes) { m_maxBytes = bytes; }
    const QString& socketPath() const { return m_socketPath; }

    // Each call opens its own connection and ends in exactly one answered() or failed() with
    // the id it returns. `what` is the agent's: my_data, export, requests, submit_request.
    int ask(const QString& what, const QJsonObject& extra = {});
    // The first page of my_data. While one is under way, asking again returns its id instead of
    // a new request, so views opened together (and the notifier) share one read of the server.
    int fetchMyData();
    int fetchRequests() { return ask(QStringLiteral("requests")); }
    int submitRequest(const QString& type, const QString& subject, const QString& text);

signals:
    void answered(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void failed(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);

private:
    QString m_socketPath;
    std::chrono::milliseconds m_timeout = kDefaultTimeout;
    qint64 m_maxBytes = kDefaultMaxBytes;
    int m_nextId = 1;
    int m_myDataInFlight = 0; // the id of the first-page my_data request under way, or 0
};

} // namespace indblik::tray
