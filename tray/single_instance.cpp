#include "single_instance.h"

#include <utility>

#include <QDir>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>
#include <QtDebug>

namespace indblik::tray {
namespace {

constexpr QByteArrayView kShow = "show\n";
constexpr int kWaitMs = 2000;

} // namespace

SingleInstance::SingleInstance(QString directory, QObject* parent)
    : QObject(parent), m_directory(std::move(directory)) {
    if (m_directory.isEmpty()) {
        m_directory = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    }
    if (m_directory.isEmpty()) {
        m_directory = QDir::tempPath();
    }
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
}

QString SingleInstance::lockPath() const {
    return QDir(m_directory).filePath(QStringLiteral("indblik-tray.lock"));
}

QString SingleInstance::socketPath() const {
    return QDir(m_directory).filePath(QStringLiteral("indblik-tray.sock"));
}

SingleInstance::Outcome SingleInstance::start() {
    QDir().mkpath(m_directory);
    m_lock = std::make_unique<QLockFile>(lockPath());
    // A lock whose process is gone is taken over (QLockFile checks the PID).
    if (!m_lock->tryLock(0)) {
        m_lock.reset();
        // The first one may be starting up right now: give it a moment to listen.
        for (int attempt = 0; attempt < 10; ++attempt) {
            if (notifyRunning()) {
                return Outcome::Notified;
            }
            QThread::msleep(200);
        }
        return Outcome::Failed;
    }
    QLocalServer::removeServer(socketPath()); // a socket file left by a crash
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(socketPath())) {
        qWarning() << "indblik-tray: cannot listen at" << socketPath() << m_server.errorString();
    }
    return Outcome::First;
}

bool SingleInstance::notifyRunning() const {
    QLocalSocket socket;
    socket.connectToServer(socketPath());
    if (!socket.waitForConnected(kWaitMs)) {
        return false;
    }
    socket.write(kShow.data(), kShow.size());
    if (!socket.waitForBytesWritten(kWaitMs)) {
        return false;
    }
    // The first instance answers once it has shown its window.
    return socket.waitForReadyRead(kWaitMs) && socket.readLine().startsWith("ok");
}

void SingleInstance::onNewConnection() {
    while (auto* socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > 64) {
                    socket->abort();
                }
                return;
            }
            if (socket->readLine(64) == kShow.toByteArray()) {
                emit showRequested();
                socket->write("ok\n");
                socket->flush();
            }
            socket->disconnectFromServer();
        });
    }
}

} // namespace indblik::tray
