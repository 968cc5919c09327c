// The tray's server views end to end: a real indblik-server process, a person tied to this OS
// user, an agent enrolled for them with a one-time token and running with its local socket, and
// the real window pointed at that socket. A DPO signs in on the web and reads the person's data
// with a reason: "Who looked at my data" must show who, as what, and why. A request sent from
// "My requests" must reach the server and come back in its list. What the agent found
// (Snoopy in the preload list) must reach the "Timeline" once synced; "Coming changes",
// "Export" and "Integrity" open against the same agent and server.

#include <pwd.h>
#include <unistd.h>

#include <QComboBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include "access_log_model.h"
#include "access_log_view.h"
#include "agent_connector.h"
#include "export_view.h"
#include "integrity_view.h"
#include "main_window.h"
#include "request_model.h"
#include "requests_view.h"
#include "timeline_model.h"
#include "timeline_view.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

constexpr int kTimeoutMs = 30'000;
const QString kPassword = QStringLiteral("correct horse battery staple");
const QString kReason = QStringLiteral("Anmodning 42: kopi af data til sagen");

struct Ran {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Ran runProgram(const QString& program, const QStringList& args, const QByteArray& input = {}) {
    QProcess p;
    p.start(program, args);
    Ran ran;
    if (!p.waitForStarted()) {
        ran.err = p.errorString().toUtf8();
        return ran;
    }
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(kTimeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    ran.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    ran.out = p.readAllStandardOutput();
    ran.err = p.readAllStandardError();
    return ran;
}

QString osUser() {
    const auto* pw = ::getpwuid(::geteuid());
    return pw != nullptr ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

struct Web {
    int status = 0;
    QByteArray body;
};

QString csrfOf(const QByteArray& page) {
    static const QRegularExpression csrf(QStringLiteral("name=\"csrf\" value=\"([0-9a-f]+)\""));
    return csrf.match(QString::fromUtf8(page)).captured(1);
}

void stopProcess(QProcess& p) {
    if (p.state() != QProcess::NotRunning) {
        p.terminate();
        if (!p.waitForFinished(10'000)) {
            p.kill();
            p.waitForFinished(5000);
        }
    }
}

} // namespace

class TrayServerTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const auto data = m_dir.filePath(QStringLiteral("server"));
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start(QStringLiteral(INDBLIK_SERVER_BIN),
                       {QStringLiteral("run"), QStringLiteral("--data-dir"), data,
                        QStringLiteral("--listen"), QStringLiteral("127.0.0.1"),
                        QStringLiteral("--agent-port"), QStringLiteral("0"),
                        QStringLiteral("--enroll-port"), QStringLiteral("0")});
        QVERIFY2(m_server.waitForStarted(), qPrintable(m_server.errorString()));
        const auto listening = data + QStringLiteral("/listening.json");
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo::exists(listening) || m_server.state() == QProcess::NotRunning, kTimeoutMs);
        QCOMPARE(m_server.state(), QProcess::Running);
        // The file may be seen a moment before its content is.
        const auto enrollPort = [&listening] {
            QFile ports(listening);
            return ports.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(ports.readAll())
                                                         .object()
                                                         .value(QStringLiteral("enroll_port"))
                                                         .toInt()
                                                   : 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT((m_enrollPort = enrollPort()) > 0, 5000);
        QVERIFY(m_enrollPort > 0);

        const auto user = osUser();
        QVERIFY(!user.isEmpty());
        const auto person =
            admin({QStringLiteral("add-person"), QStringLiteral("--name"),
                   QStringLiteral("Anna Hansen"), QStringLiteral("--username"), user});
        QVERIFY2(person.exitCode == 0, person.err.constData());
        m_personId = QString::fromUtf8(person.out).trimmed();
        const auto dpo =
            admin({QStringLiteral("create-user"), QStringLiteral("dina"), QStringLiteral("--role"),
                   QStringLiteral("dpo"), QStringLiteral("--name"), QStringLiteral("Dina DPO")},
                  kPassword.toUtf8() + "\n");
        QVERIFY2(dpo.exitCode == 0, dpo.err.constData());
        const auto token = admin(
            {QStringLiteral("create-enrollment-token"), QStringLiteral("--person"), m_personId});
        QVERIFY2(token.exitCode == 0, token.err.constData());
        const auto fingerprint = admin({QStringLiteral("ca-fingerprint")});
        QVERIFY2(fingerprint.exitCode == 0, fingerprint.err.constData());

        const auto state = m_dir.filePath(QStringLiteral("agent"));
        const auto enrolled = runProgram(
            QStringLiteral(INDBLIK_AGENT_BIN),
            {QStringLiteral("enroll"), QStringLiteral("--server"),
             QStringLiteral("https://localhost:%1").arg(m_enrollPort), QStringLiteral("--token"),
             QString::fromUtf8(token.out).trimmed(), QStringLiteral("--ca-fingerprint"),
             QString::fromUtf8(fingerprint.out).trimmed(), QStringLiteral("--state-dir"), state});
        QVERIFY2(enrolled.exitCode == 0, enrolled.err.constData());

        const auto root = m_dir.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/etc")));
        // Snoopy in the preload list: something for the timeline once the agent has synced.
        QFile preload(root + QStringLiteral("/etc/ld.so.preload"));
        QVERIFY(preload.open(QIODevice::WriteOnly));
        preload.write("/usr/lib/x86_64-linux-gnu/libsnoopy.so\n");
        preload.close();
        m_socket = m_dir.filePath(QStringLiteral("agent.sock"));
        m_agent.setProcessChannelMode(QProcess::ForwardedChannels);
        m_agent.start(QStringLiteral(INDBLIK_AGENT_BIN),
                      {QStringLiteral("run"), QStringLiteral("--root"), root,
                       QStringLiteral("--state-dir"), state, QStringLiteral("--socket"), m_socket,
                       QStringLiteral("--sync-interval"), QStringLiteral("2"),
                       QStringLiteral("--catalog"),
                       QStringLiteral(INDBLIK_SOURCE_DIR "/policies/catalog")});
        QVERIFY2(m_agent.waitForStarted(), qPrintable(m_agent.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo::exists(m_socket) || m_agent.state() == QProcess::NotRunning, kTimeoutMs);
        QCOMPARE(m_agent.state(), QProcess::Running);

        auto ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromPath(data + QStringLiteral("/ca.crt")));
        QVERIFY(!ssl.caCertificates().isEmpty());
        m_ssl = ssl;
    }

    void anAccessByTheDpoWithAReasonShowsInWhoLookedAtMyData() {
        // The DPO signs in on the web and reads Anna's data with a reason.
        const auto login = web("GET", QStringLiteral("/login"));
        QCOMPARE(login.status, 200);
        const auto loginCsrf = csrfOf(login.body);
        QVERIFY(!loginCsrf.isEmpty());
        const auto signedIn =
            web("POST", QStringLiteral("/login"),
                QStringLiteral("csrf=%1&login=dina&password=%2")
                    .arg(loginCsrf, QString::fromUtf8(QUrl::toPercentEncoding(kPassword)))
                    .toUtf8());
        QVERIFY2(signedIn.status == 303, signedIn.body.constData());
        const auto asking = web("GET", QStringLiteral("/people/%1?lang=en").arg(m_personId));
        QCOMPARE(asking.status, 200);
        const auto csrf = csrfOf(asking.body);
        QVERIFY(!csrf.isEmpty());
        QJsonObject why;
        why.insert(QStringLiteral("why"), kReason);
        const auto read = web("POST", QStringLiteral("/api/v1/people/%1/data").arg(m_personId),
                              QJsonDocument(why).toJson(QJsonDocument::Compact), "application/json",
                              csrf.toUtf8());
        QVERIFY2(read.status == 200, read.body.constData());

        // Anna's tray, through the real agent.
        AgentConnector connector(m_socket);
        MainWindow window(connector, Language::English);
        window.present();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        auto* table = window.findChild<QTableView*>(QStringLiteral("accessLogTable"));
        QVERIFY(table != nullptr);
        auto* message = window.findChild<QLabel*>(QStringLiteral("accessMessageLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(table->model()->rowCount() >= 1, qPrintable(message->text()),
                                  kTimeoutMs);
        int found = -1;
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            if (table->model()->index(row, AccessLogModel::WhyColumn).data().toString() ==
                kReason) {
                found = row;
            }
        }
        QVERIFY2(found >= 0, "the DPO's access with its reason is not listed");
        QCOMPARE(table->model()->index(found, AccessLogModel::WhoColumn).data().toString(),
                 QStringLiteral("Dina DPO (data protection officer)"));
        QCOMPARE(table->model()->index(found, AccessLogModel::WhatColumn).data().toString(),
                 QStringLiteral("Your data"));
        QVERIFY(
            !table->model()->index(found, AccessLogModel::WhenColumn).data().toString().isEmpty());
        auto* intact = window.findChild<QLabel*>(QStringLiteral("accessIntactLabel"));
        QVERIFY2(intact->text().contains(QStringLiteral("is intact")), qPrintable(intact->text()));
    }

    void aRequestSentFromTheTrayReachesTheServerAndIsListed() {
        AgentConnector connector(m_socket);
        MainWindow window(connector, Language::English);
        window.present();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        auto& model = window.requestsView().model();
        QTRY_VERIFY_WITH_TIMEOUT(model.loaded(), kTimeoutMs);
        const auto before = model.rowCount();

        auto* type = window.findChild<QComboBox*>(QStringLiteral("requestTypeBox"));
        type->setCurrentIndex(type->findData(QStringLiteral("correction")));
        QTest::keyClicks(window.findChild<QLineEdit*>(QStringLiteral("requestSubjectEdit")),
                         QStringLiteral("Mit navn er stavet forkert"));
        QTest::keyClicks(window.findChild<QPlainTextEdit*>(QStringLiteral("requestTextEdit")),
                         QStringLiteral("Det er Anna med to n'er."));
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("submitRequestButton")),
                          Qt::LeftButton);
        auto* formMessage = window.findChild<QLabel*>(QStringLiteral("requestFormMessage"));
        QTRY_VERIFY2_WITH_TIMEOUT(
            formMessage->text().startsWith(QStringLiteral("Your request was sent")),
            qPrintable(formMessage->text()), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), before + 1, kTimeoutMs);
        QCOMPARE(model.index(0, RequestModel::TypeColumn).data().toString(),
                 QStringLiteral("Correction"));
        QCOMPARE(model.index(0, RequestModel::SubjectColumn).data().toString(),
                 QStringLiteral("Mit navn er stavet forkert"));
        QCOMPARE(model.index(0, RequestModel::StatusColumn).data().toString(),
                 QStringLiteral("Received"));
        const auto id = model.index(0, 0).data(RequestModel::IdRole).toString();
        QVERIFY(!id.isEmpty());
        // The deadline the server set: a date, not overdue.
        QVERIFY(!model.index(0, 0).data(RequestModel::OverdueRole).toBool());
        QVERIFY(!model.index(0, RequestModel::DeadlineColumn).data().toString().isEmpty());

        // A second window asks the server afresh and finds the same request.
        AgentConnector other(m_socket);
        MainWindow again(other, Language::English);
        again.requestsView().refresh();
        QTRY_VERIFY_WITH_TIMEOUT(again.requestsView().model().rowOfId(id) >= 0, kTimeoutMs);
    }

    void theTimelineShowsWhatTheAgentRecordedAndSynced() {
        AgentConnector connector(m_socket);
        MainWindow window(connector, Language::English);
        window.present();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
        auto& view = window.timelineView();
        auto& model = view.model();
        auto* message = window.findChild<QLabel*>(QStringLiteral("timelineMessageLabel"));
        QVERIFY(message != nullptr);
        const auto snoopyRow = [&model] {
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.index(row, TimelineModel::SystemColumn)
                        .data()
                        .toString()
                        .startsWith(QLatin1String("Snoopy"))) {
                    return row;
                }
            }
            return -1;
        };
        // The agent syncs every 2 s here: ask again until its first entries are on the server.
        QElapsedTimer waited;
        waited.start();
        while (snoopyRow() < 0 && waited.elapsed() < kTimeoutMs) {
            if (!view.isBusy()) {
                view.refresh();
            }
            QTRY_VERIFY_WITH_TIMEOUT(!view.isBusy(), kTimeoutMs);
            if (snoopyRow() < 0) {
                QTest::qWait(500);
            }
        }
        const auto row = snoopyRow();
        QVERIFY2(row >= 0, qPrintable(message->text()));
        QCOMPARE(model.index(row, TimelineModel::CategoriesColumn).data().toString(),
                 QStringLiteral("Commands you run"));
        QVERIFY2(model.index(row, TimelineModel::WhatColumn)
                     .data()
                     .toString()
                     .startsWith(QStringLiteral("Found: Snoopy")),
                 qPrintable(model.index(row, TimelineModel::WhatColumn).data().toString()));
        QVERIFY(!model.index(row, TimelineModel::ComputerColumn).data().toString().isEmpty());
        // The system filter offers it and keeps it.
        auto* systems = window.findChild<QComboBox*>(QStringLiteral("timelineSystemBox"));
        const auto snoopy = model.index(row, TimelineModel::SystemColumn).data().toString();
        systems->setCurrentIndex(systems->findText(snoopy));
        QVERIFY(systems->currentIndex() > 0);
        QVERIFY(model.rowCount() >= 1);
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.index(r, TimelineModel::SystemColumn).data().toString(), snoopy);
        }
    }

    void comingChangesExportAndIntegrityOpenAgainstTheRealAgent() {
        AgentConnector connector(m_socket);
        MainWindow window(connector, Language::English);
        window.present();
        connector.start();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("tabs"));

        // Coming changes: this server announced nothing, and says so from the agent's copy.
        QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("comingChangesView"));
        auto* coming = window.findChild<QLabel*>(QStringLiteral("comingSummaryLabel"));
        QTRY_COMPARE_WITH_TIMEOUT(coming->text(), QStringLiteral("Nothing is announced."),
                                  kTimeoutMs);

        // Export: the server's CSV, saved where chosen.
        QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("exportView"));
        const auto path = m_dir.filePath(QStringLiteral("export/mine.csv"));
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        window.exportView().setPathChooser([path](const QString&, const QString&) { return path; });
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("exportCsvButton")),
                          Qt::LeftButton);
        auto* exported = window.findChild<QLabel*>(QStringLiteral("exportMessageLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(window.exportView().lastSaved() == path,
                                  qPrintable(exported->text()), kTimeoutMs);
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const auto content = csv.readAll();
        QVERIFY2(content.contains("Anna Hansen"), content.left(400).constData());

        // Integrity: this computer's record and this computer on the server, in words.
        QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("integrityView"));
        auto& integrity = window.integrityView();
        QTRY_VERIFY_WITH_TIMEOUT(integrity.sentences().size() >= 2 && !integrity.isBusy(),
                                 kTimeoutMs);
        QVERIFY2(integrity.sentences().value(0).startsWith(
                     QStringLiteral("The record kept on this computer is intact")),
                 qPrintable(integrity.sentences().value(0)));
        QVERIFY2(integrity.sentences().value(1).startsWith(QStringLiteral("Your record from ")),
                 qPrintable(integrity.sentences().value(1)));
        QVERIFY(!integrity.hasProblem());
        connector.stop();
    }

    void cleanupTestCase() {
        stopProcess(m_agent);
        stopProcess(m_server);
    }

private:
    Ran admin(const QStringList& command, const QByteArray& input = {}) {
        return runProgram(QStringLiteral(INDBLIK_SERVER_BIN),
                          QStringList{QStringLiteral("admin"), QStringLiteral("--data-dir"),
                                      m_dir.filePath(QStringLiteral("server"))} +
                              command,
                          input);
    }

    // One request to the server's public listener as a browser sends it (cookies kept).
    Web web(const QByteArray& method, const QString& path, const QByteArray& body = {},
            const QByteArray& contentType = "application/x-www-form-urlencoded",
            const QByteArray& csrfHeader = {}) {
        QNetworkRequest request(
            QUrl(QStringLiteral("https://127.0.0.1:%1%2").arg(m_enrollPort).arg(path)));
        request.setSslConfiguration(m_ssl);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        request.setRawHeader("Accept", "text/html");
        if (method == "POST") {
            request.setRawHeader("Origin",
                                 QStringLiteral("https://127.0.0.1:%1").arg(m_enrollPort).toUtf8());
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        }
        if (!csrfHeader.isEmpty()) {
            request.setRawHeader("X-CSRF-Token", csrfHeader);
        }
        auto* reply = m_nam.sendCustomRequest(request, method, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(kTimeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        Web answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        if (answer.status == 0) {
            qWarning("web %s %s: %s", method.constData(), qPrintable(path),
                     qPrintable(reply->errorString()));
        }
        reply->deleteLater();
        return answer;
    }

    QTemporaryDir m_dir;
    QProcess m_server;
    QProcess m_agent;
    QNetworkAccessManager m_nam;
    QSslConfiguration m_ssl;
    QString m_socket;
    QString m_personId;
    int m_enrollPort = 0;
};

QTEST_MAIN(TrayServerTest)
#include "tray_server_test.moc"
