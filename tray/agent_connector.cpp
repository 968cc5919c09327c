#include "agent_connector.h"

#include <utility>

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>

namespace indblik::tray {
namespace {

constexpr QByteArrayView kRequest = "{\"op\":\"overview\"}\n";

} // namespace

AgentConnector::AgentConnector(QString socketPath, QObject* parent)
    : QObject(parent), m_socketPath(std::move(socketPath)) {
    m_refreshTimer.setInterval(kDefaultRefreshInterval);
    m_timeoutTimer.setSingleShot(true);
    m_timeoutTimer.setInterval(kDefaultTimeout);
    connect(&m_refreshTimer, &QTimer::timeout, this, &AgentConnector::refresh);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &AgentConnector::onTimeout);
    m_watchTimeout.setSingleShot(true);
    m_watchTimeout.setInterval(kWaitTimeout + std::chrono::milliseconds(10'000));
    m_watchRetry.setSingleShot(true);
    m_watchRetry.setInterval(kWatchRetry);
    connect(&m_watchTimeout, &QTimer::timeout, this, [this] { endWatch(true); });
    connect(&m_watchRetry, &QTimer::timeout, this, &AgentConnector::watch);
}

AgentConnector::~AgentConnector() {
    m_watching = false;
    endWatch(false);
    endRequest();
}

void AgentConnector::setRefreshInterval(std::chrono::milliseconds interval) {
    m_refreshTimer.setInterval(interval);
}

void AgentConnector::setTimeout(std::chrono::milliseconds timeout) {
    m_timeoutTimer.setInterval(timeout);
}

void AgentConnector::start() {
    m_refreshTimer.start();
    refresh();
    m_watching = true;
    watch();
}

void AgentConnector::stop() {
    m_refreshTimer.stop();
    m_watching = false;
    endWatch(false);
    endRequest();
}

void AgentConnector::refresh() {
    if (m_socket != nullptr) {
        return;
    }
    m_refreshPending = false;
    m_buffer.clear();
    m_socket = new QLocalSocket(this);
    connect(m_socket, &QLocalSocket::connected, this, &AgentConnector::onConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &AgentConnector::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &AgentConnector::onDisconnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, &AgentConnector::onSocketError);
    m_timeoutTimer.start();
    m_socket->connectToServer(m_socketPath);
}

void AgentConnector::onConnected() {
    m_socket->write(kRequest.data(), kRequest.size());
}

void AgentConnector::onReadyRead() {
    // Read no more than the cap allows, so a runaway answer cannot exhaust memory.
    while (m_socket != nullptr && m_socket->bytesAvailable() > 0) {
        const auto room = m_maxResponseBytes + 1 - m_buffer.size();
        m_buffer.append(m_socket->read(room));
        const auto end = m_buffer.indexOf('\n');
        if (end >= 0) {
            complete(m_buffer.left(end));
            return;
        }
        if (m_buffer.size() > m_maxResponseBytes) {
            fail(tr("The Indblik agent sent an answer larger than %1 MiB.")
                     .arg(m_maxResponseBytes / (1024 * 1024)));
            return;
        }
    }
}

void AgentConnector::onDisconnected() {
    if (m_socket == nullptr) {
        return;
    }
    onReadyRead();
    if (m_socket == nullptr) {
        return;
    }
    // The protocol ends the answer with a newline; an agent that closes right after the JSON
    // has still answered.
    if (!m_buffer.isEmpty()) {
        complete(m_buffer);
    } else {
        fail(tr("The Indblik agent closed the connection without answering."));
    }
}

void AgentConnector::onSocketError() {
    if (m_socket == nullptr) {
        return;
    }
    switch (m_socket->error()) {
    case QLocalSocket::PeerClosedError:
        // Handled by onDisconnected, which still has the answer.
        return;
    case QLocalSocket::ServerNotFoundError:
        fail(
            tr("The Indblik agent is not running (nothing is listening at %1).").arg(m_socketPath));
        return;
    case QLocalSocket::ConnectionRefusedError:
        fail(tr("The Indblik agent refused the connection at %1.").arg(m_socketPath));
        return;
    case QLocalSocket::SocketAccessError:
        fail(tr("You are not allowed to connect to the Indblik agent at %1.").arg(m_socketPath));
        return;
    default:
        fail(tr("Could not talk to the Indblik agent: %1").arg(m_socket->errorString()));
        return;
    }
}

void AgentConnector::onTimeout() {
    if (m_socket == nullptr) {
        return;
    }
    const auto seconds = static_cast<int>(m_timeoutTimer.intervalAsDuration().count() / 1000);
    fail(tr("The Indblik agent did not answer within %n second(s).", nullptr,
            seconds > 0 ? seconds : 1));
}

void AgentConnector::complete(const QByteArray& line) {
    endRequest();
    auto overview = parseOverview(line);
    if (!overview) {
        emit failed(QString::fromStdString(overview.error()));
        return;
    }
    emit overviewReceived(overview.value());
}

void AgentConnector::fail(const QString& reason) {
    endRequest();
    emit failed(reason);
}

void AgentConnector::endRequest() {
    m_timeoutTimer.stop();
    if (m_socket == nullptr) {
        return;
    }
    // The socket may be the sender of the signal being handled: detach it and delete it later.
    auto* socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    if (std::exchange(m_refreshPending, false)) {
        // Queued by name: the functor form allocates a slot object inside QTimer's header that
        // Qt frees later, out of clang-analyzer's sight, and it reports a leak there.
        QMetaObject::invokeMethod(this, "refresh", Qt::QueuedConnection);
    }
}

void AgentConnector::watch() {
    if (!m_watching || m_watchSocket != nullptr) {
        return;
    }
    m_watchBuffer.clear();
    m_watchSocket = new QLocalSocket(this);
    connect(m_watchSocket, &QLocalSocket::connected, this, [this] {
        const auto request = QByteArray(R"({"op":"wait","after":)") +
                             QByteArray::number(m_generation) + R"(,"timeout_ms":)" +
                             QByteArray::number(static_cast<qint64>(kWaitTimeout.count())) + "}\n";
        m_watchSocket->write(request);
    });
    connect(m_watchSocket, &QLocalSocket::readyRead, this, &AgentConnector::onWatchReadyRead);
    connect(m_watchSocket, &QLocalSocket::disconnected, this, [this] {
        onWatchReadyRead();
        if (m_watchSocket != nullptr) {
            endWatch(true); // closed without a whole answer
        }
    });
    connect(m_watchSocket, &QLocalSocket::errorOccurred, this, [this] {
        if (m_watchSocket != nullptr && m_watchSocket->error() != QLocalSocket::PeerClosedError) {
            endWatch(true);
        }
    });
    m_watchTimeout.start();
    m_watchSocket->connectToServer(m_socketPath);
}

void AgentConnector::onWatchReadyRead() {
    if (m_watchSocket == nullptr) {
        return;
    }
    m_watchBuffer.append(m_watchSocket->read(64 * 1024 - m_watchBuffer.size()));
    const auto end = m_watchBuffer.indexOf('\n');
    if (end < 0) {
        if (m_watchBuffer.size() >= 64 * 1024) {
            endWatch(true);
        }
        return;
    }
    const auto answer = QJsonDocument::fromJson(m_watchBuffer.left(end)).object();
    const auto generation = answer.value(QStringLiteral("generation"));
    if (!answer.value(QStringLiteral("ok")).toBool() || !generation.isDouble()) {
        endWatch(true); // not running properly, too many waiting, or an agent without "wait"
        return;
    }
    const auto next = static_cast<qint64>(generation.toDouble());
    const bool changed = next != m_generation;
    m_generation = next;
    endWatch(false);
    if (changed) {
        // An answer under way may predate the change: then ask again once it is in.
        if (m_socket != nullptr) {
            m_refreshPending = true;
        } else {
            refresh();
        }
    }
    // Wait again right away (from the event loop, not from inside this socket's signal; by name
    // for the reason in endRequest()).
    QMetaObject::invokeMethod(this, "watch", Qt::QueuedConnection);
}

void AgentConnector::endWatch(bool retryLater) {
    m_watchTimeout.stop();
    if (m_watchSocket != nullptr) {
        auto* socket = std::exchange(m_watchSocket, nullptr);
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    if (retryLater && m_watching) {
        m_watchRetry.start();
    } else {
        m_watchRetry.stop();
    }
}

} // namespace indblik::tray
