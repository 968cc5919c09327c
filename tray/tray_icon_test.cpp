// The tray icon in a real system tray: tests/xvfb/run --tray starts trayer (an XEmbed tray) on
// the test's own X display. The icon must sit in it with the state in its tooltip, new
// undeclared monitoring must pop up as a message there, clicking the message must open the
// window, and the same message must not come again after a restart.

#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

#include "agent_connector.h"
#include "fake_agent.h"
#include "main_window.h"
#include "translation.h"
#include "tray_app.h"
#include "tray_icon.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);
const QString kOutputDir = QStringLiteral(INDBLIK_TRAY_OUTPUT_DIR);

// The message bubble Qt shows beside an XEmbed tray icon: a top-level widget of its own.
QWidget* visibleBalloon() {
    for (auto* widget : QApplication::topLevelWidgets()) {
        if (widget->isVisible() &&
            QLatin1String(widget->metaObject()->className()) == QLatin1String("QBalloonTip")) {
            return widget;
        }
    }
    return nullptr;
}

QString textOf(QWidget* widget) {
    QStringList texts;
    for (const auto* label : widget->findChildren<QLabel*>()) {
        texts.append(label->text());
    }
    return texts.join(QLatin1Char('\n'));
}

} // namespace

class TrayIconTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // trayer takes a moment to claim the tray selection on the display.
        QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 15000);
    }

    void sitsInTheTrayAndSaysWhatIsNewOnce() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        FakeAgent agent;
        agent.setAnswer(FakeAgent::answerFromFile(kTestData + "/overview.json"));
        QVERIFY(agent.listen());
        TrayApp::Options options;
        options.settingsPath = dir.filePath(QStringLiteral("settings.ini"));
        options.notifiedPath = dir.filePath(QStringLiteral("notified.ini"));
        {
            AgentConnector connector(agent.socketPath());
            TrayApp app(connector, Language::English, options);
            QVERIFY(app.trayIcon() != nullptr);
            auto& icon = *app.trayIcon();
            QVERIFY(icon.isVisible());
            QVERIFY(!app.window().isVisible());
            // Embedded: the tray gave it a place on the screen.
            QTRY_VERIFY_WITH_TIMEOUT(!icon.geometry().isEmpty(), 10000);

            connector.start();
            QTRY_COMPARE(icon.toolTip(),
                         QStringLiteral("Indblik: 1 monitoring system on this computer is not "
                                        "declared by your employer"));
            QWidget* balloon = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT((balloon = visibleBalloon()) != nullptr, 10000);
            const auto text = textOf(balloon);
            QVERIFY2(text.contains(QStringLiteral("Undeclared monitoring found")),
                     qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("Snoopy Logger")), qPrintable(text));
            // The message and the icon it points at, as the employee sees them.
            const auto area =
                balloon->frameGeometry().united(icon.geometry()).adjusted(-8, -8, 8, 8);
            if (!QApplication::primaryScreen()
                     ->grabWindow(0, area.x(), area.y(), area.width(), area.height())
                     .save(kOutputDir + "/tray-notification-en.png")) {
                qWarning("could not save the screenshot");
            }

            // Clicking the message opens the window.
            QTest::mouseClick(balloon, Qt::LeftButton, {}, balloon->rect().center());
            QTRY_VERIFY(app.window().isVisible());
            QTRY_VERIFY(visibleBalloon() == nullptr);

            // The menu opens the window and quits, in words.
            const auto actions = icon.contextMenu()->actions();
            QCOMPARE(actions.size(), 2);
            QCOMPARE(actions.at(0)->text(), QStringLiteral("&Open"));
        }

        // Started again with the same answer: nothing new, no message.
        AgentConnector connector(agent.socketPath());
        TrayApp app(connector, Language::English, options);
        connector.start();
        QTRY_VERIFY(app.trayIcon()->toolTip().contains(QStringLiteral("not declared")));
        QTest::qWait(1500);
        QVERIFY(visibleBalloon() == nullptr);
    }
};

QTEST_MAIN(TrayIconTest)
#include "tray_icon_test.moc"
