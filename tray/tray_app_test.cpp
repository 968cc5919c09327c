// The language switch inside the window, as an employee uses it: Alt+G to the choice, an arrow
// key to the other language. The whole window comes back in that language, on the same tab,
// filled from the agent again; the choice is remembered for the next start and --language
// still wins over it.

#include <QApplication>
#include <QComboBox>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "agent_connector.h"
#include "fake_agent.h"
#include "main_window.h"
#include "observation_model.h"
#include "translation.h"
#include "tray_app.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);

QDateTime fixedNow() {
    return QDateTime(QDate(2026, 11, 23), QTime(9, 13), Qt::UTC);
}

} // namespace

class TrayAppTest : public QObject {
    Q_OBJECT

private slots:
    void switchingLanguageRebuildsTheWindowInItAndRemembersIt() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto settings = dir.filePath(QStringLiteral("indblik-tray.ini"));
        QVERIFY(!savedLanguage(settings).has_value());

        FakeAgent agent;
        agent.setAnswer(FakeAgent::answerFromFile(kTestData + "/overview.json"));
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        TrayApp::Options options;
        options.trayIcon = false;
        options.settingsPath = settings;
        options.clock = fixedNow;
        TrayApp app(connector, chooseLanguage(QStringLiteral("en"), savedLanguage(settings)),
                    options);
        app.present();
        connector.start();
        QVERIFY(QTest::qWaitForWindowExposed(&app.window()));
        QTRY_COMPARE(app.window().model().rowCount(), 2);
        QCOMPARE(app.window().tabs().tabText(0), QStringLiteral("Overview"));
        const auto agentRequests = agent.requests().size();

        // On "Coming changes", move to the choice by keyboard and take the other language.
        app.window().tabs().setCurrentIndex(4);
        const auto size = app.window().size();
        QSignalSpy rebuilt(&app, &TrayApp::rebuilt);
        QTest::keyClick(&app.window(), Qt::Key_G, Qt::AltModifier);
        auto* choice = app.window().findChild<QComboBox*>(QStringLiteral("languageChoice"));
        QVERIFY(choice != nullptr);
        QTRY_COMPARE(QApplication::focusWidget(), choice);
        QCOMPARE(choice->currentText(), QStringLiteral("English"));
        QTest::keyClick(choice, Qt::Key_Up);
        QTRY_COMPARE(rebuilt.count(), 1);

        auto& window = app.window();
        QCOMPARE(app.language(), Language::Danish);
        QVERIFY(window.isVisible());
        // The size is kept (its place too, but without a window manager X adds a frame offset).
        QCOMPARE(window.size(), size);
        QCOMPARE(window.tabs().currentIndex(), 4);
        QCOMPARE(window.tabs().tabText(0), QStringLiteral("Oversigt"));
        QCOMPARE(window.tabs().tabText(4), QStringLiteral("Kommende ændringer"));
        QCOMPARE(window.windowTitle(), QStringLiteral("Indblik: overvågning på denne computer"));
        auto* newChoice = window.findChild<QComboBox*>(QStringLiteral("languageChoice"));
        QVERIFY(newChoice != nullptr && newChoice != choice);
        QCOMPARE(newChoice->currentText(), QStringLiteral("Dansk"));
        QTRY_COMPARE(QApplication::focusWidget(), newChoice);
        // Asked again at once, not at the next refresh, and the new table is filled.
        QTRY_VERIFY(agent.requests().size() > agentRequests);
        QTRY_COMPARE(window.model().rowCount(), 2);
        QCOMPARE(window.model().index(0, ObservationModel::StatusColumn).data().toString(),
                 QStringLiteral("Ikke oplyst"));

        // Kept for the next start; --language still wins over the choice.
        QCOMPARE(savedLanguage(settings), std::optional<Language>(Language::Danish));
        QCOMPARE(chooseLanguage(QString(), savedLanguage(settings)), Language::Danish);
        QCOMPARE(chooseLanguage(QStringLiteral("en"), savedLanguage(settings)), Language::English);

        // And back, to English.
        QTest::keyClick(newChoice, Qt::Key_Down);
        QTRY_COMPARE(rebuilt.count(), 2);
        QCOMPARE(app.window().tabs().tabText(0), QStringLiteral("Overview"));
        QCOMPARE(savedLanguage(settings), std::optional<Language>(Language::English));
    }

    void choosingTheLanguageShownChangesNothing() {
        QTemporaryDir dir;
        const auto settings = dir.filePath(QStringLiteral("indblik-tray.ini"));
        FakeAgent agent;
        AgentConnector connector(agent.socketPath());
        TrayApp::Options options;
        options.trayIcon = false;
        options.settingsPath = settings;
        TrayApp app(connector, Language::Danish, options);
        auto* before = &app.window();
        QSignalSpy rebuilt(&app, &TrayApp::rebuilt);
        app.setLanguage(Language::Danish);
        QCOMPARE(rebuilt.count(), 0);
        QCOMPARE(&app.window(), before);
        // The choice is still kept: the employee chose it.
        QCOMPARE(savedLanguage(settings), std::optional<Language>(Language::Danish));
    }

    void aSettingsFileWithSomethingElseMeansNoChoice() {
        QTemporaryDir dir;
        const auto settings = dir.filePath(QStringLiteral("indblik-tray.ini"));
        QFile file(settings);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[General]\nlanguage=klingon\n");
        file.close();
        QVERIFY(!savedLanguage(settings).has_value());
    }
};

QTEST_MAIN(TrayAppTest)
#include "tray_app_test.moc"
