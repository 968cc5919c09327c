// Tray states and notifications: the presenter's new states (a change announced, a record that
// does not verify), each notification said once and remembered across a restart (a real
// settings file), and the tray icon wired to the real connector on a real local socket.

#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "agent_connector.h"
#include "fake_agent.h"
#include "main_window.h"
#include "notifier.h"
#include "status_presenter.h"
#include "translation.h"
#include "tray_icon.h"
#include "tray_state.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);

QDateTime fixedNow() {
    return QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
}

Overview overviewFrom(const QString& file) {
    auto parsed = parseOverview(FakeAgent::answerFromFile(kTestData + "/" + file));
    if (!parsed) {
        qFatal("%s", parsed.error().c_str());
    }
    return std::move(parsed).value();
}

QJsonObject myDataFrom(const QString& file) {
    return QJsonDocument::fromJson(FakeAgent::answerFromFile(kTestData + "/" + file)).object();
}

ObservationEntry undeclared(const QString& name) {
    ObservationEntry e;
    e.detector = QStringLiteral("process");
    e.product = name.toLower();
    e.name = name;
    e.declared = false;
    return e;
}

} // namespace

class NotifierTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // The tray icon's notifier remembers in the user's settings: a temporary home here.
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
    }

    void thePresenterShowsAnnouncedAndNotVerified() {
        InstalledTranslation translation(Language::English);
        StatusPresenter presenter(Language::English, [] { return fixedNow(); });
        auto overview = overviewFrom(QStringLiteral("coming_overview.json"));
        overview.observations.clear(); // nothing undeclared
        presenter.setOverview(overview);
        QCOMPARE(presenter.state(), TrayState::ChangeAnnounced);
        QCOMPARE(presenter.announcedCount(), 2);
        QCOMPARE(presenter.headline(),
                 QStringLiteral("Your employer has announced 2 changes to the monitoring"));
        overview.ledgerIntact = false;
        presenter.setOverview(overview);
        QCOMPARE(presenter.state(), TrayState::NotVerified);
        QCOMPARE(presenter.headline(),
                 QStringLiteral("The record of monitoring on this computer does not verify"));
        overview.observations.append(undeclared(QStringLiteral("Teramind")));
        presenter.setOverview(overview);
        QCOMPARE(presenter.state(), TrayState::Undeclared);
        // Every state has its own icon.
        QSet<QByteArray> pictures;
        for (auto state : {TrayState::Connecting, TrayState::NotConnected, TrayState::NothingFound,
                           TrayState::AllDeclared, TrayState::Undeclared, TrayState::NotVerified,
                           TrayState::ChangeAnnounced}) {
            const auto image = stateIcon(state).pixmap(32, 32).toImage();
            pictures.insert(
                QByteArray(reinterpret_cast<const char*>(image.constBits()), image.sizeInBytes()));
        }
        QCOMPARE(pictures.size(), 7);
    }

    void eachThingIsSaidOnceAcrossRestarts() {
        InstalledTranslation translation(Language::English);
        QTemporaryDir dir;
        const auto state = dir.filePath(QStringLiteral("notified.conf"));
        auto overview = overviewFrom(QStringLiteral("coming_overview.json"));
        overview.observations = {undeclared(QStringLiteral("Teramind"))};
        {
            Notifier notifier(state, [] { return fixedNow(); });
            const auto first = notifier.onOverview(overview);
            QCOMPARE(first.size(), 2);
            QCOMPARE(first[0].kind, Notification::Kind::Undeclared);
            QCOMPARE(first[0].text,
                     QStringLiteral("Found on this computer and not declared by your employer: "
                                    "Teramind"));
            QCOMPARE(first[1].kind, Notification::Kind::Announced);
            QVERIFY2(first[1].text.contains(QStringLiteral("Linux audit (auditd)")) &&
                         first[1].text.contains(QStringLiteral("Teramind")),
                     qPrintable(first[1].text));
            QVERIFY(notifier.onOverview(overview).isEmpty());

            const auto myData = myDataFrom(QStringLiteral("my_data.json"));
            const auto accesses = notifier.onMyData(myData);
            QCOMPARE(accesses.size(), 1);
            QCOMPARE(accesses[0].kind, Notification::Kind::Access);
            // The two by others (one refused), not the employee's own export.
            QCOMPARE(accesses[0].text,
                     QStringLiteral("2 new accesses to your data by: Dorte Dahl, Ib Isen. See "
                                    "Who looked at my data."));
            QVERIFY(notifier.onMyData(myData).isEmpty());
        }
        // A restart: nothing said again; only what is new.
        Notifier again(state, [] { return fixedNow(); });
        QVERIFY(again.onOverview(overview).isEmpty());
        overview.observations.append(undeclared(QStringLiteral("ActivTrak")));
        const auto added = again.onOverview(overview);
        QCOMPARE(added.size(), 1);
        QVERIFY(added[0].text.endsWith(QStringLiteral("ActivTrak")));

        auto myData = myDataFrom(QStringLiteral("my_data.json"));
        QVERIFY(again.onMyData(myData).isEmpty());
        auto log = myData.value(QStringLiteral("access_log")).toObject();
        auto events = log.value(QStringLiteral("events")).toArray();
        events.prepend(QJsonObject{{QStringLiteral("seq"), 4},
                                   {QStringLiteral("actor_name"), QStringLiteral("Dorte Dahl")},
                                   {QStringLiteral("own"), false}});
        log.insert(QStringLiteral("events"), events);
        myData.insert(QStringLiteral("access_log"), log);
        QJsonArray requests{
            QJsonObject{{QStringLiteral("id"), QStringLiteral("r-1")},
                        {QStringLiteral("subject"), QStringLiteral("Why screenshots?")},
                        {QStringLiteral("answered_at"), QStringLiteral("2026-11-23T09:00:00Z")}},
            QJsonObject{{QStringLiteral("id"), QStringLiteral("r-2")},
                        {QStringLiteral("subject"), QStringLiteral("Not yet")},
                        {QStringLiteral("answered_at"), QJsonValue()}}};
        myData.insert(QStringLiteral("requests"), requests);
        const auto news = again.onMyData(myData);
        QCOMPARE(news.size(), 2);
        QCOMPARE(news[0].text, QStringLiteral("1 new access to your data by: Dorte Dahl. See Who "
                                              "looked at my data."));
        QCOMPARE(news[1].kind, Notification::Kind::Answer);
        QCOMPARE(news[1].text, QStringLiteral("Answered: Why screenshots?. See My requests."));
        QVERIFY(again.onMyData(myData).isEmpty());
    }

    void theDanishNotificationsAreDanish() {
        InstalledTranslation translation(Language::Danish);
        QVERIFY(translation.loaded());
        QTemporaryDir dir;
        Notifier notifier(dir.filePath(QStringLiteral("n.conf")), [] { return fixedNow(); });
        auto overview = overviewFrom(QStringLiteral("coming_overview.json"));
        overview.observations = {undeclared(QStringLiteral("Teramind"))};
        const auto said = notifier.onOverview(overview);
        QCOMPARE(said.size(), 2);
        QCOMPARE(said[0].title, QStringLiteral("Ikke-oplyst overvågning fundet"));
        QCOMPARE(said[1].title, QStringLiteral("Din arbejdsgiver har varslet en ændring"));
        const auto accesses = notifier.onMyData(myDataFrom(QStringLiteral("my_data.json")));
        QCOMPARE(accesses.value(0).title, QStringLiteral("Nogen har set dine data"));
        StatusPresenter presenter(Language::Danish, [] { return fixedNow(); });
        overview.observations.clear();
        presenter.setOverview(overview);
        QCOMPARE(presenter.headline(),
                 QStringLiteral("Din arbejdsgiver har varslet 2 ændringer i overvågningen"));
    }

    void theTrayIconShowsTheStateAndPassesNotificationsOn() {
        InstalledTranslation translation(Language::English);
        FakeAgent agent;
        agent.setAnswer(FakeAgent::answerFromFile(kTestData + "/coming_overview.json"));
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        MainWindow window(connector, Language::English, [] { return fixedNow(); });
        TrayIcon icon(window.presenter(), window);
        QSignalSpy said(&icon.notifier(), &Notifier::notify);
        connector.start();
        QTRY_VERIFY(window.presenter().state() != TrayState::Connecting);
        QTRY_COMPARE(said.size(), 2); // the undeclared Snoopy Logger, the announced policies
        QCOMPARE(said[0][0].value<Notification>().kind, Notification::Kind::Undeclared);
        QCOMPARE(said[1][0].value<Notification>().kind, Notification::Kind::Announced);
        QCOMPARE(window.presenter().state(), TrayState::Undeclared);
        QVERIFY2(icon.toolTip().startsWith(QStringLiteral("Indblik: ")),
                 qPrintable(icon.toolTip()));
        QCOMPARE(icon.toolTip(), QStringLiteral("Indblik: ") + window.presenter().headline());
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(NotifierTest)
#include "notifier_test.moc"
