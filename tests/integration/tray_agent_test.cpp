// The cross-part test for the tray: a real `indblik-agent run` on the sample fixture root,
// the real window pointed at its socket. The fixture has Snoopy in /etc/ld.so.preload and the
// fresh agent has no declared policies, so the window must list Snoopy as not declared.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "agent_connector.h"
#include "main_window.h"
#include "observation_model.h"
#include "status_presenter.h"

using namespace std::chrono_literals;
using namespace indblik;
using namespace indblik::tray;

namespace {

constexpr int kAgentTimeoutMs = 30'000;

int rowNamed(const ObservationModel& model, const QString& name) {
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0)
                .data(ObservationModel::NameRole)
                .toString()
                .contains(name, Qt::CaseInsensitive)) {
            return row;
        }
    }
    return -1;
}

} // namespace

class TrayAgentTest : public QObject {
    Q_OBJECT

private slots:
    void windowListsWhatTheRealAgentFound() {
        QVERIFY(m_dir.isValid());
        const auto socket = m_dir.filePath(QStringLiteral("agent.sock"));
        m_agent.setProcessChannelMode(QProcess::ForwardedChannels);
        m_agent.start(QStringLiteral(INDBLIK_AGENT_BIN),
                      {QStringLiteral("run"), QStringLiteral("--root"),
                       QStringLiteral(INDBLIK_SOURCE_DIR "/tests/fixtures/sample-root"),
                       QStringLiteral("--state-dir"), m_dir.filePath(QStringLiteral("state")),
                       QStringLiteral("--socket"), socket, QStringLiteral("--catalog"),
                       QStringLiteral(INDBLIK_SOURCE_DIR "/policies/catalog")});
        QVERIFY2(m_agent.waitForStarted(), qPrintable(m_agent.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo::exists(socket) || m_agent.state() == QProcess::NotRunning, kAgentTimeoutMs);
        QVERIFY2(m_agent.state() == QProcess::Running, "the agent exited before listening");

        // Refresh often: the socket may exist a moment before the agent accepts, and the first
        // discovery may finish after it does.
        AgentConnector connector(socket);
        connector.setRefreshInterval(250ms);
        MainWindow window(connector, Language::English);
        window.present();
        connector.start();

        auto& model = window.model();
        QTRY_VERIFY_WITH_TIMEOUT(rowNamed(model, QStringLiteral("Snoopy")) >= 0, kAgentTimeoutMs);
        const auto row = rowNamed(model, QStringLiteral("Snoopy"));
        QCOMPARE(model.index(row, 0).data(ObservationModel::DeclaredRole).toBool(), false);
        QCOMPARE(model.index(row, 0).data(ObservationModel::CategoriesRole).toStringList(),
                 QStringList{QStringLiteral("commands")});

        auto* table = window.findChild<QTableView*>(QStringLiteral("observationTable"));
        QVERIFY(table != nullptr);
        QCOMPARE(table->model()->index(row, ObservationModel::StatusColumn).data().toString(),
                 QStringLiteral("Not declared"));
        QCOMPARE(window.presenter().state(), TrayState::Undeclared);
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusLabel"));
        QVERIFY(status != nullptr);
        QVERIFY2(status->text().contains(QStringLiteral("not declared by your employer")),
                 qPrintable(status->text()));
        connector.stop();
    }

    // A new undeclared observation reaches the tray at once: the agent rediscovers when a watched
    // path changes (inotify) and the connector's long-poll sees the new generation, long before
    // the 5-minute schedule or the connector's own refresh timer.
    void aNewUndeclaredObservationReachesTheWindowAtOnce() {
        QVERIFY(m_dir.isValid());
        const auto root = m_dir.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/etc")));
        const auto socket = m_dir.filePath(QStringLiteral("agent2.sock"));
        m_agent.setProcessChannelMode(QProcess::ForwardedChannels);
        m_agent.start(QStringLiteral(INDBLIK_AGENT_BIN),
                      {QStringLiteral("run"), QStringLiteral("--root"), root,
                       QStringLiteral("--state-dir"), m_dir.filePath(QStringLiteral("state2")),
                       QStringLiteral("--socket"), socket, QStringLiteral("--catalog"),
                       QStringLiteral(INDBLIK_SOURCE_DIR "/policies/catalog")});
        QVERIFY2(m_agent.waitForStarted(), qPrintable(m_agent.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo::exists(socket) || m_agent.state() == QProcess::NotRunning, kAgentTimeoutMs);
        QVERIFY2(m_agent.state() == QProcess::Running, "the agent exited before listening");

        AgentConnector connector(socket);
        connector.setRefreshInterval(10min); // only a reported change can refresh in time
        MainWindow window(connector, Language::English);
        window.present();
        QSignalSpy received(&connector, &AgentConnector::overviewReceived);
        connector.start();
        QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 1, kAgentTimeoutMs);
        QCOMPARE(window.model().rowCount(), 0);
        QTest::qWait(500); // let the first wait settle on the current generation

        QFile preload(root + QStringLiteral("/etc/ld.so.preload"));
        QVERIFY(preload.open(QIODevice::WriteOnly));
        preload.write("/usr/lib/x86_64-linux-gnu/libsnoopy.so\n");
        preload.close();
        QElapsedTimer took;
        took.start();
        QTRY_VERIFY_WITH_TIMEOUT(rowNamed(window.model(), QStringLiteral("Snoopy")) >= 0, 10'000);
        qInfo("the new observation reached the window after %lld ms", took.elapsed());
        QVERIFY(took.elapsed() < 5000);
        QCOMPARE(window.presenter().state(), TrayState::Undeclared);
        connector.stop();
    }

    void cleanup() {
        if (m_agent.state() != QProcess::NotRunning) {
            m_agent.terminate();
            if (!m_agent.waitForFinished(5000)) {
                m_agent.kill();
                m_agent.waitForFinished(5000);
            }
        }
    }

private:
    QTemporaryDir m_dir;
    QProcess m_agent;
};

QTEST_MAIN(TrayAgentTest)
#include "tray_agent_test.moc"
