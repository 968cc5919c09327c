#include "server_client.h"

#include <memory>
#include <utility>

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocalSocket>
#include <QTimer>
#include <QtDebug>

namespace indblik::tray {
namespace {

ServerOutcome problem(ServerProblem kind, QString reason, int status = 0) {
    ServerOutcome out;
    out.problem = kind;
    out.reason = std::move(reason);
    out.status = status;
    return out;
}

// The agent's own refusals ({"ok":false,"error":...} without a server status).
ServerOutcome agentProblem(const QString& error) {
    if (error.startsWith(QStringLiteral("the server could not be reached"))) {
        return problem(
            ServerProblem::ServerUnreachable,
            ServerClient::tr("The server cannot be reached; showing what this computer knows."));
    }
    if (error.contains(QStringLiteral("not enrolled"))) {
        return problem(ServerProblem::NotEnrolled,
                       ServerClient::tr(
                           "This computer is not enrolled with an Indblik server yet, so there is "
                           "nothing about you on a server to show."));
    }
    if (error.contains(QStringLiteral("which user"))) {
        return problem(ServerProblem::Other,
                       ServerClient::tr("The Indblik agent could not tell which user you are."));
    }
    qWarning() << "indblik-tray: the agent refused a server request:" << error;
    return problem(ServerProblem::Other,
                   ServerClient::tr("The Indblik agent could not ask the server for you."));
}

ServerOutcome serverProblem(int status, const QJsonObject& answer) {
    const auto error = answer.value(QStringLiteral("error")).toString();
    if (status == 404 && answer.contains(QStringLiteral("error_da"))) {
        return problem(
            ServerProblem::NotLinked,
            ServerClient::tr("Your user on this computer is not linked to a person on the Indblik "
                             "server; ask IT to link it."),
            status);
    }
    if (status == 401 || status == 403) {
        return problem(ServerProblem::Refused,
                       ServerClient::tr("The server no longer accepts this computer; ask IT."),
                       status);
    }
    if (status >= 500) {
        qWarning() << "indblik-tray: the server failed:" << status << error;
        return problem(ServerProblem::ServerError,
                       ServerClient::tr("The server had a problem answering; try again later."),
                       status);
    }
    qWarning() << "indblik-tray: the server turned a request down:" << status << error;
    return problem(
        ServerProblem::Rejected,
        ServerClient::tr("The server did not accept the request (status %1).").arg(status), status);
}

} // namespace

ServerOutcome interpretServerAnswer(const QByteArray& line) {
    QJsonParseError error{};
    const auto document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return problem(
            ServerProblem::BadAnswer,
            ServerClient::tr("The Indblik agent sent an answer that is not valid JSON."));
    }
    const auto root = document.object();
    const auto status = root.value(QStringLiteral("status")).toInt();
    if (root.value(QStringLiteral("ok")).toBool()) {
        ServerOutcome out;
        out.ok = true;
        out.status = status;
        out.answer = root.value(QStringLiteral("answer")).toObject();
        out.body = root.value(QStringLiteral("body")).toString();
        return out;
    }
    if (status == 0) {
        return agentProblem(root.value(QStringLiteral("error")).toString());
    }
    return serverProblem(status, root.value(QStringLiteral("answer")).toObject());
}

ServerClient::ServerClient(QString socketPath, QObject* parent)
    : QObject(parent), m_socketPath(std::move(socketPath)) {}

int ServerClient::fetchMyData() {
    if (m_myDataInFlight == 0) {
        m_myDataInFlight = ask(QStringLiteral("my_data"));
    }
    return m_myDataInFlight;
}

int ServerClient::submitRequest(const QString& type, const QString& subject, const QString& text) {
    QJsonObject request;
    request.insert(QStringLiteral("type"), type);
    request.insert(QStringLiteral("subject"), subject);
    request.insert(QStringLiteral("body"), text);
    QJsonObject extra;
    extra.insert(QStringLiteral("request"), request);
    return ask(QStringLiteral("submit_request"), extra);
}

int ServerClient::ask(const QString& what, const QJsonObject& extra) {
    const int id = m_nextId++;
    QJsonObject request = extra;
    request.insert(QStringLiteral("op"), QStringLiteral("server"));
    request.insert(QStringLiteral("what"), what);
    const auto line = QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n';

    auto* socket = new QLocalSocket(this);
    auto* timer = new QTimer(socket);
    auto buffer = std::make_shared<QByteArray>();
    auto finished = std::make_shared<bool>(false);
    const auto finish = [this, id, what, socket, finished](const ServerOutcome& outcome) {
        if (std::exchange(*finished, true)) {
            return;
        }
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        // Emitted from the event loop, never from inside ask() or a socket's signal.
        QTimer::singleShot(0, this, [this, id, what, outcome] {
            if (id == m_myDataInFlight) {
                m_myDataInFlight = 0; // a request after this answer reads the server again
            }
            if (outcome.ok) {
                emit answered(id, what, outcome);
            } else {
                emit failed(id, what, outcome);
            }
        });
    };
    const auto readSome = [this, socket, buffer, finish] {
        while (socket->bytesAvailable() > 0) {
            buffer->append(socket->read(m_maxBytes + 1 - buffer->size()));
            const auto end = buffer->indexOf('\n');
            if (end >= 0) {
                finish(interpretServerAnswer(buffer->left(end)));
                return true;
            }
            if (buffer->size() > m_maxBytes) {
                finish(problem(ServerProblem::BadAnswer,
                               tr("The Indblik agent sent an answer larger than %1 MiB.")
                                   .arg(m_maxBytes / (1024 * 1024))));
                return true;
            }
        }
        return false;
    };

    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, finish] {
        const auto seconds = static_cast<int>(m_timeout.count() / 1000);
        finish(problem(ServerProblem::AgentUnreachable,
                       tr("The Indblik agent did not answer within %n second(s).", nullptr,
                          seconds > 0 ? seconds : 1)));
    });
    connect(socket, &QLocalSocket::connected, this, [socket, line] { socket->write(line); });
    connect(socket, &QLocalSocket::readyRead, this, [readSome] { readSome(); });
    connect(socket, &QLocalSocket::disconnected, this, [buffer, finish, readSome] {
        if (readSome()) {
            return;
        }
        if (!buffer->isEmpty()) {
            finish(interpretServerAnswer(*buffer));
        } else {
            finish(problem(ServerProblem::AgentUnreachable,
                           tr("The Indblik agent closed the connection without answering.")));
        }
    });
    connect(socket, &QLocalSocket::errorOccurred, this, [this, socket, finish] {
        switch (socket->error()) {
        case QLocalSocket::PeerClosedError:
            return; // the answer may be in; disconnected() decides
        case QLocalSocket::ServerNotFoundError:
            finish(problem(ServerProblem::AgentUnreachable,
                           tr("The Indblik agent is not running (nothing is listening at %1).")
                               .arg(m_socketPath)));
            return;
        case QLocalSocket::ConnectionRefusedError:
            finish(
                problem(ServerProblem::AgentUnreachable,
                        tr("The Indblik agent refused the connection at %1.").arg(m_socketPath)));
            return;
        case QLocalSocket::SocketAccessError:
            finish(problem(ServerProblem::AgentUnreachable,
                           tr("You are not allowed to connect to the Indblik agent at %1.")
                               .arg(m_socketPath)));
            return;
        default:
            finish(
                problem(ServerProblem::AgentUnreachable,
                        tr("Could not talk to the Indblik agent: %1").arg(socket->errorString())));
            return;
        }
    });
    timer->start(m_timeout);
    socket->connectToServer(m_socketPath);
    return id;
}

} // namespace indblik::tray
