#include <QTest>

#include "fake_agent.h"
#include "overview.h"

using namespace indblik;
using namespace indblik::tray;

class OverviewTest : public QObject {
    Q_OBJECT

private slots:
    void readsThePreparedAnswer() {
        const auto line =
            FakeAgent::answerFromFile(QStringLiteral(INDBLIK_TRAY_TESTDATA "/overview.json"));
        auto overview = parseOverview(line);
        QVERIFY2(overview.ok(), overview.error().c_str());
        QCOMPARE(overview->userName, QStringLiteral("alice"));
        QVERIFY(overview->enrolled);
        QCOMPARE(overview->discoveredAt,
                 QDateTime(QDate(2026, 11, 23), QTime(9, 12, 0, 123), Qt::UTC));
        QVERIFY(!overview->sync.lastSuccess.isValid());
        QCOMPARE(overview->sync.pending, 3);
        QCOMPARE(overview->observations.size(), 2);
        QCOMPARE(overview->undeclaredCount(), 1);

        const auto& snoopy = overview->observations.at(1);
        QCOMPARE(snoopy.name, QStringLiteral("Snoopy Logger"));
        QCOMPARE(snoopy.key(), QStringLiteral("preload:snoopy"));
        QCOMPARE(snoopy.categories, QStringList{QStringLiteral("commands")});
        QVERIFY(!snoopy.declared);
        QVERIFY(snoopy.policyId.isEmpty());
        QVERIFY(snoopy.why(Language::Danish).startsWith(QStringLiteral("Snoopy bliver")));

        QCOMPARE(overview->policies.size(), 1u);
        QVERIFY(overview->policyErrors.isEmpty());
        const auto* policy = overview->findPolicy(QStringLiteral("eksempel-auditd"));
        QVERIFY(policy != nullptr);
        QCOMPARE(policy->retentionDays, 90);
        QCOMPARE(policy->access.size(), 2u);
        QVERIFY(overview->findPolicy(QStringLiteral("nope")) == nullptr);
    }

    void ignoresFieldsItDoesNotKnow() {
        auto overview = parseOverview(
            R"({"ok":true,"future":1,"observations":[{"detector":"process","name":"X",)"
            R"("categories":["commands","telepathy"],"first_seen":"2026-01-01","declared":false}]})");
        QVERIFY2(overview.ok(), overview.error().c_str());
        QCOMPARE(overview->observations.size(), 1);
        QCOMPARE(overview->observations.at(0).categories.size(), 2);
        QCOMPARE(overview->observations.at(0).key(), QStringLiteral("process:X"));
    }

    void keepsAPolicyTheParserRejectsAsAProblem() {
        auto overview = parseOverview(
            R"({"ok":true,"observations":[],"policies":[{"format":"indblik.policy/1","id":"x"}]})");
        QVERIFY2(overview.ok(), overview.error().c_str());
        QVERIFY(overview->policies.empty());
        QCOMPARE(overview->policyErrors.size(), 1);
        QVERIFY(overview->policyErrors.at(0).startsWith(QStringLiteral("policies[0]: $.")));
    }

    void rejectsBadAnswers_data() {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("agent error") << QByteArray(R"({"ok":false,"error":"unknown op"})")
                                     << QStringLiteral("The agent reported an error: unknown op");
        QTest::newRow("not json") << QByteArray("hello")
                                  << QStringLiteral("The agent's answer is not valid JSON");
        QTest::newRow("array") << QByteArray("[1]")
                               << QStringLiteral("The agent's answer is not a JSON object.");
        QTest::newRow("no observations")
            << QByteArray(R"({"ok":true})")
            << QStringLiteral("The agent's answer has no list of observations.");
    }

    void rejectsBadAnswers() {
        QFETCH(QByteArray, line);
        QFETCH(QString, expected);
        auto overview = parseOverview(line);
        QVERIFY(!overview.ok());
        QVERIFY2(QString::fromStdString(overview.error()).startsWith(expected),
                 overview.error().c_str());
    }
};

QTEST_GUILESS_MAIN(OverviewTest)
#include "overview_test.moc"
