// The cross-part test for the tray: a real `indblik-agent run` on the sample fixture root,
// the real window pointed at its socket. The fixture has Snoopy in /etc/ld.so.preload and the
// fresh agent has no declared policies, so the window must list Snoopy as not declared.

#include <QFileInfo>
#include <QLabel>
#include <QProcess>
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
