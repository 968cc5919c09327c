#pragma once

// For tests: a real QLocalServer in a temporary directory that answers every connection with a
// prepared line, like the agent's local API does.

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QLocalServer>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

namespace indblik::tray {

class FakeAgent : public QObject {
    Q_OBJECT

public:
    explicit FakeAgent(QObject* parent = nullptr);

    // Starts listening; false (with a warning) if it could not.
    bool listen();
    QString socketPath() const;

    // The answer, written followed by "\n". Without one set, the agent never answers.
    void setAnswer(const QByteArray& answer) { m_answer = answer; }
    // The answer to {"op":"server","what":<what>} requests, instead of the one above.
    void setServerAnswer(const QString& what, const QByteArray& answer) {
        m_serverAnswers.insert(what, answer);
    }
    // The answer to a {"op":"server","what":<what>,"before":<before>} request (a further page),
    // instead of the one above.
    void setServerPageAnswer(const QString& what, const QString& before, const QByteArray& answer) {
        m_serverAnswers.insert(what + QLatin1Char('|') + before, answer);
    }
    // Reads testdata/<name> and compacts it to one line.
    static QByteArray answerFromFile(const QString& path);

    // The request lines received so far.
    const QByteArrayList& requests() const { return m_requests; }

private:
    void onNewConnection();

    QTemporaryDir m_dir;
    QLocalServer m_server;
    QByteArray m_answer;
    QHash<QString, QByteArray> m_serverAnswers;
    QByteArrayList m_requests;
};

} // namespace indblik::tray
