// "Integrity": the record on this computer (the agent's overview) and each computer's record on
// the server (`my_data` → devices[].integrity) in plain words, through the real connector and
// server client on a real local socket (FakeAgent); a broken record says what to do; Danish;
// screenshots.

#include <memory>

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>

#include "access_log_model.h"
#include "agent_connector.h"
#include "fake_agent.h"
#include "integrity_view.h"
#include "main_window.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);
const QString kOutputDir = QStringLiteral(INDBLIK_TRAY_OUTPUT_DIR);

QByteArray serverAnswer(const QByteArray& answer) {
    return R"({"ok":true,"status":200,"content_type":"application/json","answer":)" + answer + "}";
}

QByteArray overviewWithLedger(const QJsonObject& ledger) {
    auto o =
        QJsonDocument::fromJson(FakeAgent::answerFromFile(kTestData + "/overview.json")).object();
    o.insert(QStringLiteral("ledger"), ledger);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString local(const char* iso) {
    return AccessLogModel::localTime(QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs));
}

struct Fixture {
    explicit Fixture(Language language) : translation(language) {
        agent.setAnswer(overviewWithLedger(QJsonObject{
            {QStringLiteral("entries"), 12},
            {QStringLiteral("intact"), true},
            {QStringLiteral("verified_up_to"), QStringLiteral("2026-11-23T09:12:01.000Z")},
            {QStringLiteral("verified_seq"), 12},
            {QStringLiteral("checkpoints"), 1}}));
        agent.setServerAnswer(
            QStringLiteral("my_data"),
            serverAnswer(FakeAgent::answerFromFile(kTestData + "/integrity_my_data.json")));
        if (!agent.listen()) {
            qFatal("the fake agent cannot listen");
        }
        connector = std::make_unique<AgentConnector>(agent.socketPath());
        window = std::make_unique<MainWindow>(*connector, language);
        window->present();
        connector->start();
    }

    template <typename T>
    T* find(const char* name) const {
        auto* widget = window->findChild<T*>(QString::fromLatin1(name));
        if (widget == nullptr) {
            qFatal("no widget named %s", name);
        }
        return widget;
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

class IntegrityTest : public QObject {
    Q_OBJECT

private slots:
    void init() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void theRecordVerifiesUpToWhen() {
        Fixture f(Language::English);
        auto* tabs = f.find<QTabWidget>("tabs");
        QCOMPARE(tabs->tabText(6), QStringLiteral("Integrity"));
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_7, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 6);
        auto* browser = f.find<QTextBrowser>("integrityBrowser");
        QCOMPARE(QApplication::focusWidget(), browser);
        for (auto* w : std::initializer_list<QWidget*>{
                 tabs->widget(6), browser, f.find<QPushButton>("integrityRefreshButton")}) {
            QVERIFY(!w->accessibleName().isEmpty());
        }
        auto& view = f.window->integrityView();
        QTRY_COMPARE(view.sentences().size(), 3);
        QCOMPARE(view.sentences().value(0),
                 QStringLiteral("The record kept on this computer is intact, verified by the "
                                "server up to %1.")
                     .arg(local("2026-11-23T09:12:01.000Z")));
        QCOMPARE(view.sentences().value(1),
                 QStringLiteral("Your record from pc-anna is intact, verified up to %1.")
                     .arg(local("2026-11-23T09:12:01.000Z")));
        QCOMPARE(view.sentences().value(2),
                 QStringLiteral("Your record from laptop-anna has not been checked yet: the "
                                "computer has not sent a signed checkpoint."));
        QVERIFY(!view.hasProblem());
        auto* summary = f.find<QLabel>("integritySummaryLabel");
        QCOMPARE(summary->text(),
                 QStringLiteral("Nothing in your record has been changed or removed."));
        QVERIFY(browser->toPlainText().contains(QStringLiteral("pc-anna is intact")));
        f.screenshot(QStringLiteral("tray-integrity-en.png"));

        // A changed record on the server: said, with what to do (F5 asks again).
        f.agent.setServerAnswer(
            QStringLiteral("my_data"),
            serverAnswer(R"({"devices":[{"hostname":"pc-anna","integrity":{"intact":false,)"
                         R"("verified_up_to":null,"problem":"entry 7 differs from the )"
                         R"(checkpoint the computer signed"}}]})"));
        QTest::keyClick(f.window.get(), Qt::Key_F5);
        QTRY_VERIFY(view.hasProblem());
        QCOMPARE(view.sentences().value(1),
                 QStringLiteral("Your record from pc-anna does not verify: it was changed after "
                                "the computer signed it. (The server's technical note: entry 7 "
                                "differs from the checkpoint the computer signed)"));
        QVERIFY2(summary->text().startsWith(QStringLiteral("Part of your record does not verify. "
                                                           "What to do: tell your data")),
                 qPrintable(summary->text()));

        // A record damaged on this computer, and one not yet confirmed by the server.
        Overview broken;
        broken.ledgerIntact = false;
        QCOMPARE(IntegrityView::localSentence(broken),
                 QStringLiteral("The record kept on this computer does not verify: an entry was "
                                "changed or removed."));
        Overview unconfirmed;
        QVERIFY(IntegrityView::localSentence(unconfirmed)
                    .contains(QStringLiteral("has not confirmed a signed checkpoint")));

        // The server out of reach: said plainly; this computer's part still shows.
        f.agent.setServerAnswer(
            QStringLiteral("my_data"),
            R"({"ok":false,"error":"the server could not be reached: Connection refused"})");
        QTest::mouseClick(f.find<QPushButton>("integrityRefreshButton"), Qt::LeftButton);
        QTRY_VERIFY2(
            browser->toPlainText().contains(QStringLiteral("The server cannot be reached")),
            qPrintable(browser->toPlainText()));
        QVERIFY(
            browser->toPlainText().contains(QStringLiteral("The record kept on this computer")));
    }

    void theTabSpeaksDanish() {
        QLocale::setDefault(QLocale(QLocale::Danish, QLocale::Denmark));
        Fixture f(Language::Danish);
        QVERIFY(f.translation.loaded());
        auto* tabs = f.find<QTabWidget>("tabs");
        QCOMPARE(tabs->tabText(6), QStringLiteral("Integritet"));
        tabs->setCurrentIndex(6);
        auto& view = f.window->integrityView();
        QTRY_COMPARE(view.sentences().size(), 3);
        QCOMPARE(view.sentences().value(1),
                 QStringLiteral("Dine optegnelser fra pc-anna er intakte, verificeret frem til %1.")
                     .arg(local("2026-11-23T09:12:01.000Z")));
        QCOMPARE(f.find<QLabel>("integritySummaryLabel")->text(),
                 QStringLiteral("Intet i dine optegnelser er ændret eller fjernet."));
        QCOMPARE(f.find<QPushButton>("integrityRefreshButton")->text(), QStringLiteral("Opdater"));
        DeviceIntegrityText broken;
        broken.hostname = QStringLiteral("pc-anna");
        broken.intact = 0;
        broken.problem = QStringLiteral("entry 7: hash differs");
        QCOMPARE(IntegrityView::deviceSentence(broken),
                 QStringLiteral("Dine optegnelser fra pc-anna kan ikke verificeres: de er ændret, "
                                "efter computeren signerede dem. (Serverens tekniske note: entry "
                                "7: hash differs)"));
        QVERIFY(IntegrityView::whatToDo().startsWith(QStringLiteral("Det skal du gøre")));
        f.screenshot(QStringLiteral("tray-integrity-da.png"));
    }
};

QTEST_MAIN(IntegrityTest)
#include "integrity_test.moc"
