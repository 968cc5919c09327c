// The server client against a real local socket (FakeAgent): what it sends, and how every kind
// of answer and failure becomes an outcome with a plain sentence.

#include <optional>

#include <QJsonDocument>
#include <QTest>

#include "fake_agent.h"
#include "server_client.h"

using namespace std::chrono_literals;
using namespace indblik::tray;

namespace {

// Asks once and waits for the one outcome.
std::optional<ServerOutcome> askOnce(ServerClient& client, const QString& what,
                                     const QJsonObject& extra = {}) {
    std::optional<ServerOutcome> result;
    int calls = 0;
    const auto id = client.ask(what, extra);
    const auto take = [&](int got, const QString&, const ServerOutcome& outcome) {
        if (got == id) {
            result = outcome;
            ++calls;
        }
    };
    auto a = QObject::connect(&client, &ServerClient::answered, take);
    auto f = QObject::connect(&client, &ServerClient::failed, take);
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000)) {
        qWarning("no outcome");
    }
    QTest::qWait(50);
    QObject::disconnect(a);
    QObject::disconnect(f);
    if (calls != 1) {
        qWarning("outcome reported %d times", calls);
        return std::nullopt;
    }
    return result;
}

} // namespace

class ServerClientTest : public QObject {
    Q_OBJECT

private slots:
    void sendsTheServerOpAndReturnsTheAnswer() {
        FakeAgent agent;
        QVERIFY(agent.listen());
        agent.setAnswer(R"({"ok":true,"status":200,"content_type":"application/json",)"
                        R"("answer":{"requests":[],"overdue":0}})");
        ServerClient client(agent.socketPath());
        const auto outcome = askOnce(client, QStringLiteral("requests"));
        QVERIFY(outcome.has_value());
        QVERIFY(outcome->ok);
        QCOMPARE(outcome->status, 200);
        QVERIFY(outcome->answer.value(QStringLiteral("requests")).isArray());
        QCOMPARE(agent.requests().size(), 1);
        const auto sent = QJsonDocument::fromJson(agent.requests().first()).object();
        QCOMPARE(sent.value(QStringLiteral("op")).toString(), QStringLiteral("server"));
        QCOMPARE(sent.value(QStringLiteral("what")).toString(), QStringLiteral("requests"));
    }

    void viewsAskingTogetherShareOneReadOfMyData() {
        FakeAgent agent;
        QVERIFY(agent.listen());
        agent.setAnswer(R"({"ok":true,"status":200,"content_type":"application/json",)"
                        R"("answer":{"person":{"name":"Anna"}}})");
        ServerClient client(agent.socketPath());
        QList<int> answered;
        QObject::connect(
            &client, &ServerClient::answered,
            [&](int id, const QString&, const ServerOutcome&) { answered.append(id); });
        const int first = client.fetchMyData();
        const int second = client.fetchMyData();
        QCOMPARE(second, first);
        QTRY_COMPARE(answered.size(), 1);
        QCOMPARE(answered.first(), first);
        QCOMPARE(agent.requests().size(), 1);

        // After the answer, asking again reads the server again.
        const int third = client.fetchMyData();
        QVERIFY(third != first);
        QTRY_COMPARE(answered.size(), 2);
        QCOMPARE(agent.requests().size(), 2);
    }

    void submitsARequestObject() {
        FakeAgent agent;
        QVERIFY(agent.listen());
        agent.setAnswer(R"({"ok":true,"status":201,"content_type":"application/json",)"
                        R"("answer":{"id":"r-1","type":"question","status":"received"}})");
        ServerClient client(agent.socketPath());
        std::optional<ServerOutcome> result;
        connect(&client, &ServerClient::answered, this,
                [&](int, const QString& what, const ServerOutcome& outcome) {
                    QCOMPARE(what, QStringLiteral("submit_request"));
                    result = outcome;
                });
        client.submitRequest(QStringLiteral("question"), QStringLiteral("Why?"),
                             QStringLiteral("Why the screenshots?"));
        QTRY_VERIFY(result.has_value());
        QCOMPARE(result->status, 201);
        const auto sent = QJsonDocument::fromJson(agent.requests().first()).object();
        const auto request = sent.value(QStringLiteral("request")).toObject();
        QCOMPARE(request.value(QStringLiteral("type")).toString(), QStringLiteral("question"));
        QCOMPARE(request.value(QStringLiteral("subject")).toString(), QStringLiteral("Why?"));
        QCOMPARE(request.value(QStringLiteral("body")).toString(),
                 QStringLiteral("Why the screenshots?"));
    }

    void theAgentsAndServersErrorsBecomeSentences_data() {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<int>("problem");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("unreachable")
            << QByteArray(R"({"ok":false,"error":"the server could not be reached: Connection )"
                          R"(refused"})")
            << static_cast<int>(ServerProblem::ServerUnreachable)
            << QStringLiteral("The server cannot be reached; showing what this computer knows.");
        QTest::newRow("not enrolled")
            << QByteArray(R"({"ok":false,"error":"this computer is not enrolled with an )"
                          R"(Indblik server yet"})")
            << static_cast<int>(ServerProblem::NotEnrolled)
            << QStringLiteral("not enrolled with an Indblik server yet");
        QTest::newRow("not linked")
            << QByteArray(R"({"ok":false,"status":404,"content_type":"application/json",)"
                          R"("answer":{"error":"not linked","error_da":"ikke knyttet"}})")
            << static_cast<int>(ServerProblem::NotLinked)
            << QStringLiteral("not linked to a person");
        QTest::newRow("revoked") << QByteArray(R"({"ok":false,"status":403,"content_type":)"
                                               R"("application/json","answer":{"error":"x"}})")
                                 << static_cast<int>(ServerProblem::Refused)
                                 << QStringLiteral("no longer accepts this computer");
        QTest::newRow("rejected") << QByteArray(R"({"ok":false,"status":400,"content_type":)"
                                                R"("application/json","answer":{"error":"x"}})")
                                  << static_cast<int>(ServerProblem::Rejected)
                                  << QStringLiteral("did not accept the request (status 400)");
        QTest::newRow("server error")
            << QByteArray(R"({"ok":false,"status":500,"content_type":"text/plain","body":"x"})")
            << static_cast<int>(ServerProblem::ServerError)
            << QStringLiteral("had a problem answering");
        QTest::newRow("not json") << QByteArray("this is not json")
                                  << static_cast<int>(ServerProblem::BadAnswer)
                                  << QStringLiteral("not valid JSON");
    }

    void theAgentsAndServersErrorsBecomeSentences() {
        QFETCH(QByteArray, answer);
        QFETCH(int, problem);
        QFETCH(QString, sentence);
        FakeAgent agent;
        QVERIFY(agent.listen());
        agent.setAnswer(answer);
        ServerClient client(agent.socketPath());
        const auto outcome = askOnce(client, QStringLiteral("my_data"));
        QVERIFY(outcome.has_value());
        QVERIFY(!outcome->ok);
        QCOMPARE(static_cast<int>(outcome->problem), problem);
        QVERIFY2(outcome->reason.contains(sentence), qPrintable(outcome->reason));
    }

    void anAgentThatIsNotRunningIsSaidSo() {
        ServerClient client(QStringLiteral("/nonexistent/indblik-agent.sock"));
        const auto outcome = askOnce(client, QStringLiteral("my_data"));
        QVERIFY(outcome.has_value());
        QCOMPARE(outcome->problem, ServerProblem::AgentUnreachable);
        QVERIFY2(outcome->reason.contains(QStringLiteral("not running")),
                 qPrintable(outcome->reason));
    }

    void aHungAgentTimesOut() {
        FakeAgent agent; // no answer set: it never answers
        QVERIFY(agent.listen());
        ServerClient client(agent.socketPath());
        client.setTimeout(300ms);
        const auto outcome = askOnce(client, QStringLiteral("my_data"));
        QVERIFY(outcome.has_value());
        QCOMPARE(outcome->problem, ServerProblem::AgentUnreachable);
        QVERIFY2(outcome->reason.contains(QStringLiteral("did not answer within 1 second")),
                 qPrintable(outcome->reason));
    }

    void aRunawayAnswerIsCutOff() {
        FakeAgent agent;
        QVERIFY(agent.listen());
        agent.setAnswer(QByteArray(3 * 1024 * 1024, 'x'));
        ServerClient client(agent.socketPath());
        client.setMaxResponseBytes(1024 * 1024);
        const auto outcome = askOnce(client, QStringLiteral("export"));
        QVERIFY(outcome.has_value());
        QCOMPARE(outcome->problem, ServerProblem::BadAnswer);
        QVERIFY2(outcome->reason.contains(QStringLiteral("larger than 1 MiB")),
                 qPrintable(outcome->reason));
    }
};

QTEST_MAIN(ServerClientTest)
#include "server_client_test.moc"
