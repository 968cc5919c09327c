// Widget tests as an employee would act (KeePassXC's TestGui style): the real connector talks to
// a real local socket, widgets are found by objectName, keys move through the table, and waits
// are QTRY_*, never sleeps.

#include <memory>

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

#include "agent_connector.h"
#include "fake_agent.h"
#include "main_window.h"
#include "observation_model.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);
const QString kOutputDir = QStringLiteral(INDBLIK_TRAY_OUTPUT_DIR);

QDateTime fixedNow() {
    return QDateTime(QDate(2026, 11, 23), QTime(9, 13), Qt::UTC);
}

// The prepared answer with only the observations for which keep() is true.
template <typename Keep>
QByteArray answerWith(Keep keep) {
    auto root =
        QJsonDocument::fromJson(FakeAgent::answerFromFile(kTestData + "/overview.json")).object();
    QJsonArray kept;
    for (const auto& o : root.value(QLatin1String("observations")).toArray()) {
        if (keep(o.toObject())) {
            kept.append(o);
        }
    }
    root.insert(QLatin1String("observations"), kept);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

// A window in one language, connected to a fake agent serving an answer.
struct Fixture {
    explicit Fixture(Language language, const QByteArray& answer, bool listen = true)
        : translation(language) {
        agent.setAnswer(answer);
        if (listen && !agent.listen()) {
            qFatal("the fake agent cannot listen");
        }
        connector = std::make_unique<AgentConnector>(agent.socketPath());
        window = std::make_unique<MainWindow>(*connector, language, fixedNow);
        window->present();
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

class MainWindowTest : public QObject {
    Q_OBJECT

private slots:
    void showsWhatWasFoundAndItsDetailsByKeyboard() {
        Fixture f(Language::English, FakeAgent::answerFromFile(kTestData + "/overview.json"));
        QVERIFY(f.translation.loaded());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        auto* status = f.find<QLabel>("statusLabel");
        auto* table = f.find<QTableView>("observationTable");
        auto* details = f.find<QTextBrowser>("detailsView");
        QCOMPARE(status->text(), QStringLiteral("Asking the Indblik agent…"));
        QCOMPARE(QApplication::focusWidget(), table);

        f.connector->refresh();
        QTRY_COMPARE(status->text(), QStringLiteral("1 monitoring system on this computer is not "
                                                    "declared by your employer"));
        QCOMPARE(table->model()->rowCount(), 2);
        // The undeclared one comes first, is selected, and its details say so.
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Snoopy Logger"));
        QCOMPARE(table->model()->index(0, 2).data().toString(), QStringLiteral("Not declared"));
        QTRY_VERIFY(
            details->toPlainText().contains(QStringLiteral("Not declared by your employer.")));
        QVERIFY(
            details->toPlainText().contains(QStringLiteral("Commands you run: The programs and "
                                                           "commands you start are recorded.")));

        QTest::keyClick(table, Qt::Key_Down);
        QTRY_VERIFY(details->toPlainText().contains(
            QStringLiteral("Purpose: To detect and investigate security incidents")));
        const auto text = details->toPlainText();
        QVERIFY(text.contains(QStringLiteral("Audit rules (Linux)")));
        QVERIFY(text.contains(QStringLiteral("An audit rule records every program")));
        QVERIFY(text.contains(QStringLiteral("Kept for: 90 days")));
        QVERIFY(text.contains(
            QStringLiteral("The IT security team: can see data about you personally")));
        QVERIFY(text.contains(QStringLiteral("Contact: Mette Jensen, data protection officer")));

        QVERIFY(f.find<QLabel>("refreshedLabel")
                    ->text()
                    .startsWith(QStringLiteral("Last refreshed from the agent: 23/11/2026")));
        QVERIFY(f.find<QLabel>("syncLabel")
                    ->text()
                    .contains(QStringLiteral("Never synced with the Indblik server")));
        QVERIFY(f.find<QLabel>("problemsLabel")->isHidden());
        f.screenshot(QStringLiteral("tray-window-en.png"));

        // A refresh keeps the employee's selection.
        QTest::mouseClick(f.find<QPushButton>("refreshButton"), Qt::LeftButton);
        QTRY_COMPARE(f.agent.requests().size(), 2);
        QTRY_VERIFY(!f.connector->isBusy());
        QCOMPARE(table->currentIndex().row(), 1);

        QTest::keyClick(table, Qt::Key_Up);
        QTRY_VERIFY(details->toPlainText().contains(QStringLiteral("Snoopy Logger")));
        // Enter moves on to the details; Tab goes there too.
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Return);
        QTRY_COMPARE(QApplication::focusWidget(), details);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), details);
    }

    void everyInteractiveWidgetIsNamed() {
        Fixture f(Language::English, {}, false);
        for (const auto* name :
             {"statusLabel", "problemsLabel", "refreshButton", "observationTable", "detailsView",
              "refreshedLabel", "syncLabel"}) {
            auto* widget = f.find<QWidget>(name);
            QVERIFY2(!widget->accessibleName().isEmpty(), name);
        }
    }

    void saysWhenItCannotReachTheAgent() {
        Fixture f(Language::English, {}, false); // nothing listens at the socket
        f.connector->refresh();
        QTRY_COMPARE(f.find<QLabel>("statusLabel")->text(),
                     QStringLiteral("Not connected to the Indblik agent"));
        auto* problems = f.find<QLabel>("problemsLabel");
        QVERIFY(problems->isVisible());
        QVERIFY(problems->text().startsWith(QStringLiteral("The Indblik agent is not running")));
        QCOMPARE(f.find<QTableView>("observationTable")->model()->rowCount(), 0);
    }

    void saysWhenAllIsDeclared() {
        Fixture f(Language::English, answerWith([](const QJsonObject& o) {
                      return o.value(QLatin1String("declared")).toBool();
                  }));
        f.connector->refresh();
        QTRY_COMPARE(f.find<QLabel>("statusLabel")->text(),
                     QStringLiteral("All monitoring found on this computer is declared by your "
                                    "employer"));
    }

    void saysWhenNothingIsFound() {
        auto root =
            QJsonDocument::fromJson(answerWith([](const QJsonObject&) { return false; })).object();
        root.insert(QLatin1String("policies"), QJsonArray());
        Fixture f(Language::English, QJsonDocument(root).toJson(QJsonDocument::Compact));
        f.connector->refresh();
        QTRY_COMPARE(f.find<QLabel>("statusLabel")->text(),
                     QStringLiteral("No monitoring found on this computer"));
        QCOMPARE(f.find<QTableView>("observationTable")->model()->rowCount(), 0);
        QTRY_VERIFY(f.find<QTextBrowser>("detailsView")
                        ->toPlainText()
                        .startsWith(QStringLiteral("Select a monitoring system")));
    }

    // The employer declares auditd, but it is not found here: the overview still lists it, last,
    // with everything declared about it and a plain word on why it is not on this computer.
    void listsDeclaredMonitoringThatIsNotOnThisComputer() {
        Fixture f(Language::English, answerWith([](const QJsonObject& o) {
                      return o.value(QLatin1String("declared")).toBool() == false;
                  }));
        f.connector->refresh();
        auto* table = f.find<QTableView>("observationTable");
        QTRY_COMPARE(table->model()->rowCount(), 2);
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Snoopy Logger"));
        QCOMPARE(table->model()->index(1, 0).data().toString(),
                 QStringLiteral("Linux audit (auditd)"));
        QCOMPARE(table->model()->index(1, 2).data().toString(),
                 QStringLiteral("Declared; not on this computer"));
        QCOMPARE(table->model()->index(1, 0).data(ObservationModel::FoundHereRole).toBool(), false);
        // The headline counts only what is on this computer.
        QCOMPARE(f.find<QLabel>("statusLabel")->text(),
                 QStringLiteral("1 monitoring system on this computer is not declared by your "
                                "employer"));
        QTest::keyClick(table, Qt::Key_Down);
        auto* details = f.find<QTextBrowser>("detailsView");
        QTRY_VERIFY(details->toPlainText().contains(QStringLiteral("Not found on this computer")));
        const auto text = details->toPlainText();
        QVERIFY(text.contains(QStringLiteral("Declared by your employer.")));
        QVERIFY(text.contains(QStringLiteral("Purpose: To detect and investigate security")));
        QVERIFY(text.contains(QStringLiteral("Legal basis:")));
        QVERIFY(text.contains(QStringLiteral("Kept for: 90 days")));
        QVERIFY(text.contains(QStringLiteral("Agreement with employee representatives:")));
        QVERIFY(!text.contains(QStringLiteral("What was found on this computer")));
    }

    // As syncthingtray's misc.cpp: with the Danish translation loaded, one test proves the
    // logic and the translation. Category names come from indblik_core's vocabulary.
    void speaksDanish() {
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::Danish, QLocale::Denmark));
        Fixture f(Language::Danish, FakeAgent::answerFromFile(kTestData + "/overview.json"));
        QVERIFY(f.translation.loaded());
        f.connector->refresh();
        QTRY_COMPARE(f.find<QLabel>("statusLabel")->text(),
                     QStringLiteral("1 overvågningssystem på denne computer er ikke oplyst af din "
                                    "arbejdsgiver"));
        auto* table = f.find<QTableView>("observationTable");
        QCOMPARE(table->model()->index(0, 2).data().toString(), QStringLiteral("Ikke oplyst"));
        // What has no product name is named in Danish too.
        QCOMPARE(table->model()->index(1, 0).data().toString(),
                 QStringLiteral("Audit-regler (Linux)"));
        QCOMPARE(table->model()->headerData(1, Qt::Horizontal).toString(),
                 QStringLiteral("Hvad den indsamler"));
        auto* details = f.find<QTextBrowser>("detailsView");
        QTRY_VERIFY(details->toPlainText().contains(
            QStringLiteral("Kommandoer, du kører: De programmer og kommandoer, du starter, "
                           "bliver registreret.")));
        QVERIFY(
            details->toPlainText().contains(QStringLiteral("Ikke oplyst af din arbejdsgiver.")));

        QTest::keyClick(table, Qt::Key_Down);
        QTRY_VERIFY(details->toPlainText().contains(
            QStringLiteral("Formål: At opdage og undersøge sikkerhedshændelser")));
        QVERIFY(details->toPlainText().contains(QStringLiteral("Opbevares i: 90 dage")));
        QVERIFY(details->toPlainText().contains(QStringLiteral("Aktivitet på filer")));
        QVERIFY(details->toPlainText().contains(QStringLiteral("Gælder fra: 20. april 2026")));
        QVERIFY(
            f.find<QLabel>("syncLabel")->text().contains(QStringLiteral("Aldrig synkroniseret")));
        f.screenshot(QStringLiteral("tray-window-da.png"));
        QLocale::setDefault(previous);
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
