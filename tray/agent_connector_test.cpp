#include <QSignalSpy>
#include <QTest>

#include "agent_connector.h"
#include "fake_agent.h"

using namespace std::chrono_literals;
using namespace indblik::tray;

class AgentConnectorTest : public QObject {
    Q_OBJECT

private slots:
    void asksForTheOverviewAndEmitsIt() {
        FakeAgent agent;
        agent.setAnswer(
            FakeAgent::answerFromFile(QStringLiteral(INDBLIK_TRAY_TESTDATA "/overview.json")));
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        QSignalSpy received(&connector, &AgentConnector::overviewReceived);
        QSignalSpy failed(&connector, &AgentConnector::failed);

        connector.refresh();
        QTRY_COMPARE(received.size(), 1);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(agent.requests(), QByteArrayList{R"({"op":"overview"})"});
        const auto overview = received.at(0).at(0).value<Overview>();
        QCOMPARE(overview.observations.size(), 2);
        QVERIFY(!connector.isBusy());

        // On demand again: one request per connection.
        connector.refresh();
        QTRY_COMPARE(received.size(), 2);
        QCOMPARE(agent.requests().size(), 2);
    }

    void refreshesOnATimer() {
        FakeAgent agent;
        agent.setAnswer(R"({"ok":true,"observations":[]})");
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        connector.setRefreshInterval(50ms);
        QSignalSpy received(&connector, &AgentConnector::overviewReceived);
        connector.start();
        QTRY_VERIFY(received.size() >= 3);
        connector.stop();
    }

    void saysWhenTheAgentIsNotRunning() {
        AgentConnector connector(QStringLiteral("/nonexistent/indblik/agent.sock"));
        QSignalSpy failed(&connector, &AgentConnector::failed);
        connector.refresh();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(),
                 QStringLiteral("The Indblik agent is not running (nothing is listening at "
                                "/nonexistent/indblik/agent.sock)."));
    }

    void passesOnTheAgentsError() {
        FakeAgent agent;
        agent.setAnswer(R"({"ok":false,"error":"unknown op"})");
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        QSignalSpy failed(&connector, &AgentConnector::failed);
        connector.refresh();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(),
                 QStringLiteral("The agent reported an error: unknown op"));
    }

    void givesUpOnAHungAgent() {
        FakeAgent agent; // no answer set: reads the request, never answers
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        connector.setTimeout(100ms);
        QSignalSpy failed(&connector, &AgentConnector::failed);
        connector.refresh();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(),
                 QStringLiteral("The Indblik agent did not answer within 1 second(s)."));
        QVERIFY(!connector.isBusy());
    }

    void capsTheAnswerSize() {
        FakeAgent agent;
        agent.setAnswer(QByteArray(4096, 'x'));
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        connector.setMaxResponseBytes(1024);
        QSignalSpy failed(&connector, &AgentConnector::failed);
        QSignalSpy received(&connector, &AgentConnector::overviewReceived);
        connector.refresh();
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(failed.at(0).at(0).toString().startsWith(
            QStringLiteral("The Indblik agent sent an answer larger than")));
        QCOMPARE(received.size(), 0);
    }

    void ignoresARefreshWhileAskingAlready() {
        FakeAgent agent;
        agent.setAnswer(R"({"ok":true,"observations":[]})");
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        QSignalSpy received(&connector, &AgentConnector::overviewReceived);
        connector.refresh();
        QVERIFY(connector.isBusy());
        connector.refresh();
        QTRY_COMPARE(received.size(), 1);
        QCOMPARE(agent.requests().size(), 1);
    }
};

QTEST_GUILESS_MAIN(AgentConnectorTest)
#include "agent_connector_test.moc"
