// "Coming changes": what an announced policy changes, in plain words, computed from prepared
// policies, and the tab fed by the real agent connector over a real local socket (FakeAgent),
// in English and Danish, with screenshots.

#include <memory>

#include <QApplication>
#include <QLabel>
#include <QLocale>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>

#include "agent_connector.h"
#include "coming_changes.h"
#include "coming_changes_view.h"
#include "fake_agent.h"
#include "main_window.h"
#include "overview.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);
const QString kOutputDir = QStringLiteral(INDBLIK_TRAY_OUTPUT_DIR);

QDateTime fixedNow() {
    return QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
}

std::int64_t fixedToday() {
    return QDate(1970, 1, 1).daysTo(QDate(2026, 11, 23));
}

Overview overviewFrom(const QString& file) {
    auto parsed = parseOverview(FakeAgent::answerFromFile(kTestData + "/" + file));
    if (!parsed) {
        qFatal("%s", parsed.error().c_str());
    }
    return std::move(parsed).value();
}

struct Fixture {
    explicit Fixture(Language language) : translation(language) {
        agent.setAnswer(FakeAgent::answerFromFile(kTestData + "/coming_overview.json"));
        if (!agent.listen()) {
            qFatal("the fake agent cannot listen");
        }
        connector = std::make_unique<AgentConnector>(agent.socketPath());
        window = std::make_unique<MainWindow>(*connector, language, [] { return fixedNow(); });
        window->present();
        connector->start();
    }

    void screenshot(const QString& name) const {
        const auto path = kOutputDir + "/" + name;
        if (!window->grab().save(path)) {
            qWarning("could not save %s", qPrintable(path));
        }
    }

    InstalledTranslation translation;
    FakeAgent agent;
    std::unique_ptr<AgentConnector> connector;
    std::unique_ptr<MainWindow> window;
};

} // namespace

class ComingChangesTest : public QObject {
    Q_OBJECT

private slots:
    void init() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void anAnnouncedVersionIsComparedWithTheOneInEffect() {
        InstalledTranslation translation(Language::English); // the plural forms
        const auto overview = overviewFrom(QStringLiteral("coming_overview.json"));
        QCOMPARE(overview.policies.size(), std::size_t{3});
        const auto changes = ComingChanges::compute(overview.policies, fixedToday(),
                                                    Language::English, overview.observations);
        QCOMPARE(changes.size(), std::size_t{2}); // the version in effect is no change
        // Soonest first: the new auditd version on 15 December.
        const auto& auditd = changes[0];
        QCOMPARE(auditd.next->id, std::string("eksempel-auditd"));
        QVERIFY(auditd.current != nullptr);
        QCOMPARE(auditd.current->retentionDays, 90);
        QCOMPARE(auditd.changes,
                 (QStringList{
                     "It will also collect: Window titles.",
                     "It will be kept longer: 180 days instead of 90.",
                     "Management will see data about you personally, not only totals.",
                     "New: HR will see totals for groups, not you personally.",
                 }));
        // A policy with no version in effect is new monitoring.
        const auto& teramind = changes[1];
        QVERIFY(teramind.current == nullptr);
        QCOMPARE(teramind.changes.value(0), QStringLiteral("New monitoring: Teramind."));
        QCOMPARE(teramind.changes.value(1),
                 QStringLiteral("It will collect: Screenshots; Keystrokes."));
        QCOMPARE(teramind.changes.value(2), QStringLiteral("It will be kept for 30 days."));
        QCOMPARE(teramind.changes.value(3),
                 QStringLiteral("Your line manager will be able to see data about you "
                                "personally."));

        // What each change concerns on this computer, by the same cover rules the agent uses.
        QCOMPARE(auditd.concernsHere, QStringList{QStringLiteral("Audit rules (Linux)")});
        QVERIFY(teramind.concernsHere.isEmpty());

        const auto html = ComingChanges::html(changes, fixedToday(), Language::English);
        QVERIFY(
            html.contains(QStringLiteral("On this computer it concerns: Audit rules (Linux).")));
        QVERIFY(
            html.contains(QStringLiteral("It concerns nothing Indblik found on this computer.")));
        QVERIFY2(html.contains(QStringLiteral("Takes effect on 15 December 2026 (in 22 days).")),
                 qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("Questions: Mette Jensen")));

        // Once the day has come, nothing is coming any more; nothing announced says so.
        const auto later = QDate(1970, 1, 1).daysTo(QDate(2027, 1, 10));
        QVERIFY(ComingChanges::compute(overview.policies, later, Language::English).empty());
        QVERIFY(ComingChanges::html({}, later, Language::English)
                    .contains(QStringLiteral("no changes")));
        // A new policy that will cover what is undeclared here today names it.
        auto covering = overview.policies;
        covering[0].coversCatalog = {"snoopy"};
        const auto declaring = ComingChanges::compute(covering, fixedToday(), Language::English,
                                                      overview.observations);
        QCOMPARE(declaring[1].next->id, std::string("eksempel-teramind"));
        QCOMPARE(declaring[1].concernsHere, QStringList{QStringLiteral("Snoopy Logger")});
        // An unchanged re-announcement says so too.
        std::vector<Policy> same{overview.policies[1], overview.policies[1]};
        same[1].effectiveDay = fixedToday() + 10;
        const auto unchanged = ComingChanges::compute(same, fixedToday(), Language::English);
        QCOMPARE(unchanged.size(), std::size_t{1});
        QCOMPARE(unchanged[0].changes,
                 QStringList{QStringLiteral("No change in what is collected, how long it is kept "
                                            "or who can see it.")});
    }

    void theTabShowsTheAgentsAnnouncedPolicies() {
        Fixture f(Language::English);
        auto* tabs = f.window->findChild<QTabWidget*>(QStringLiteral("tabs"));
        QCOMPARE(tabs->tabText(4), QStringLiteral("Coming changes"));
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 4);
        auto* browser = f.window->findChild<QTextBrowser*>(QStringLiteral("comingChangesBrowser"));
        QCOMPARE(QApplication::focusWidget(), browser);
        QVERIFY(!browser->accessibleName().isEmpty());
        QVERIFY(!tabs->widget(4)->accessibleName().isEmpty());
        QTRY_COMPARE(f.window->comingChangesView().changes().size(), std::size_t{2});
        auto* summary = f.window->findChild<QLabel*>(QStringLiteral("comingSummaryLabel"));
        QCOMPARE(summary->text(), QStringLiteral("2 changes announced."));
        QVERIFY(browser->toPlainText().contains(QStringLiteral("New monitoring: Teramind.")));
        f.screenshot(QStringLiteral("tray-coming-en.png"));
    }

    void aMissingAgentIsSaidPlainly() {
        InstalledTranslation translation(Language::English);
        FakeAgent agent; // not listening
        AgentConnector connector(agent.socketPath());
        MainWindow window(connector, Language::English, [] { return fixedNow(); });
        connector.start();
        auto* summary = window.findChild<QLabel*>(QStringLiteral("comingSummaryLabel"));
        QTRY_VERIFY2(summary->text().startsWith(QStringLiteral("The Indblik agent is not running")),
                     qPrintable(summary->text()));
    }

    void theTabSpeaksDanish() {
        QLocale::setDefault(QLocale(QLocale::Danish, QLocale::Denmark));
        Fixture f(Language::Danish);
        QVERIFY(f.translation.loaded());
        auto* tabs = f.window->findChild<QTabWidget*>(QStringLiteral("tabs"));
        QCOMPARE(tabs->tabText(4), QStringLiteral("Kommende ændringer"));
        tabs->setCurrentIndex(4);
        QTRY_COMPARE(f.window->comingChangesView().changes().size(), std::size_t{2});
        QCOMPARE(f.window->findChild<QLabel*>(QStringLiteral("comingSummaryLabel"))->text(),
                 QStringLiteral("2 ændringer varslet."));
        const auto text = f.window->findChild<QTextBrowser*>(QStringLiteral("comingChangesBrowser"))
                              ->toPlainText();
        QVERIFY2(
            text.contains(QStringLiteral("Træder i kraft den 15. december 2026 (om 22 dage).")),
            qPrintable(text));
        QVERIFY2(text.contains(
                     QStringLiteral("Data vil blive opbevaret længere: 180 dage i stedet for 90.")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Ny overvågning: Teramind.")), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("will")));
        f.screenshot(QStringLiteral("tray-coming-da.png"));
    }
};

QTEST_MAIN(ComingChangesTest)
#include "coming_changes_test.moc"
