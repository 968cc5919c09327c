#include "fake_agent.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QtDebug>

namespace indblik::tray {

FakeAgent::FakeAgent(QObject* parent) : QObject(parent) {
    connect(&m_server, &QLocalServer::newConnection, this, &FakeAgent::onNewConnection);
}

bool FakeAgent::listen() {
    if (!m_dir.isValid()) {
        qWarning() << "FakeAgent: no temporary directory";
        return false;
    }
    if (!m_server.listen(socketPath())) {
        qWarning() << "FakeAgent: cannot listen:" << m_server.errorString();
        return false;
    }
    return true;
}

QString FakeAgent::socketPath() const {
    return m_dir.filePath(QStringLiteral("agent.sock"));
}

QByteArray FakeAgent::answerFromFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning() << "FakeAgent: cannot read" << path;
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).toJson(QJsonDocument::Compact);
}

void FakeAgent::onNewConnection() {
    while (auto* socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                return;
            }
            const auto line = socket->readLine().trimmed();
            m_requests.append(line);
            const auto request = QJsonDocument::fromJson(line).object();
            auto answer = m_answer;
            if (request.value(QStringLiteral("op")).toString() == QLatin1String("server")) {
                const auto what = request.value(QStringLiteral("what")).toString();
                const auto before = request.value(QStringLiteral("before")).toString();
                answer = m_serverAnswers.value(what, m_answer);
                if (!before.isEmpty()) {
                    answer = m_serverAnswers.value(what + QLatin1Char('|') + before, answer);
                }
            }
            if (answer.isNull()) {
                return; // a hung agent
            }
            socket->write(answer + '\n');
            socket->disconnectFromServer();
        });
    }
}

} // namespace indblik::tray
