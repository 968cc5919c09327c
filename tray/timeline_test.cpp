// The timeline: the model on prepared pages (under QAbstractItemModelTester) and the tab as an
// employee would use it: the real window, the real server client on a real local socket
// (FakeAgent answering the "server" op page by page), filters chosen by keyboard, the Danish
// text, screenshots in both languages.

#include <memory>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "access_log_model.h"
#include "agent_connector.h"
#include "fake_agent.h"
#include "main_window.h"
#include "timeline_model.h"
#include "timeline_view.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);
const QString kOutputDir = QStringLiteral(INDBLIK_TRAY_OUTPUT_DIR);
const QString kPage2Cursor = QStringLiteral("2026-11-18T12:00:00.000Z,d-2,4");

QDateTime fixedNow() {
    return QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
}

QJsonObject readJson(const QString& name) {
    QFile file(kTestData + "/" + name);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(name));
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray serverAnswer(const QString& file) {
    return R"({"ok":true,"status":200,"content_type":"application/json","answer":)" +
           FakeAgent::answerFromFile(kTestData + "/" + file) + "}";
}

QString cell(const QAbstractItemModel& model, int row, int column) {
    return model.index(row, column).data().toString();
}

struct Fixture {
    explicit Fixture(Language language) : translation(language) {
        agent.setAnswer(FakeAgent::answerFromFile(kTestData + "/overview.json"));
        agent.setServerAnswer(QStringLiteral("my_data"),
                              serverAnswer(QStringLiteral("timeline_page1.json")));
        agent.setServerPageAnswer(QStringLiteral("my_data"), kPage2Cursor,
                                  serverAnswer(QStringLiteral("timeline_page2.json")));
        if (!agent.listen()) {
            qFatal("the fake agent cannot listen");
        }
        connector = std::make_unique<AgentConnector>(agent.socketPath());
        window = std::make_unique<MainWindow>(*connector, language, [] { return fixedNow(); });
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

    QList<QJsonObject> serverRequests(const char* what) const {
        QList<QJsonObject> out;
        for (const auto& line : agent.requests()) {
            const auto o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("what")).toString() == QLatin1String(what)) {
                out.append(o);
            }
        }
        return out;
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

class TimelineTest : public QObject {
    Q_OBJECT

private slots:
    void init() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void theModelJoinsPagesNewestFirstWithinThirtyDays() {
        TimelineModel model(Language::English, [] { return fixedNow(); });
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!model.loaded());
        QCOMPARE(model.rowCount(), 0);
        model.setMyData(readJson(QStringLiteral("timeline_page1.json")));
        QVERIFY(model.loaded());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 5);
        QCOMPARE(model.nextCursor(), kPage2Cursor); // all three within 30 days: ask on
        QCOMPARE(cell(model, 0, TimelineModel::SystemColumn), QStringLiteral("osquery"));
        // An activity entry names its system only: the categories come from the observation.
        QCOMPARE(cell(model, 0, TimelineModel::CategoriesColumn),
                 QStringLiteral("Programs you use; File activity"));
        QCOMPARE(cell(model, 0, TimelineModel::WhenColumn),
                 AccessLogModel::localTime(QDateTime(QDate(2026, 11, 22), QTime(15, 0), Qt::UTC)));
        QCOMPARE(cell(model, 0, TimelineModel::ComputerColumn), QStringLiteral("pc-anna"));
        QCOMPARE(cell(model, 2, TimelineModel::SystemColumn), QStringLiteral("Audit rules"));
        QVERIFY(cell(model, 1, TimelineModel::WhatColumn).startsWith("Found: Snoopy Logger"));

        // The next page: the repeated entry once, the one older than 30 days left out, and no
        // further page asked for.
        model.appendPage(readJson(QStringLiteral("timeline_page2.json")));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.totalInWindow(), 4);
        QVERIFY(model.nextCursor().isEmpty());
        QCOMPARE(cell(model, 3, TimelineModel::SystemColumn), QStringLiteral("Indblik itself"));
        QCOMPARE(cell(model, 3, TimelineModel::CategoriesColumn), QString());
        for (int row = 1; row < model.rowCount(); ++row) {
            QVERIFY(model.index(row - 1, 0).data(TimelineModel::TimeRole).toDateTime() >=
                    model.index(row, 0).data(TimelineModel::TimeRole).toDateTime());
        }
        QCOMPARE(model.systems(),
                 (QStringList{"Audit rules", "Indblik itself", "Snoopy Logger", "osquery"}));
        QCOMPARE(model.categories(),
                 (QStringList{"application_usage", "commands", "file_activity"}));

        // Filters, alone and together.
        model.setCategoryFilter(QStringLiteral("file_activity"));
        QCOMPARE(model.rowCount(), 2);
        model.setSystemFilter(QStringLiteral("Audit rules"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, TimelineModel::ComputerColumn), QStringLiteral("laptop-anna"));
        model.setCategoryFilter(QStringLiteral("commands"));
        QCOMPARE(model.rowCount(), 0);
        model.setSystemFilter(QString());
        model.setCategoryFilter(QString());
        QCOMPARE(model.rowCount(), 4);

        // A new first page replaces the lot.
        model.setMyData(readJson(QStringLiteral("timeline_page2.json")));
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.nextCursor().isEmpty()); // the page reached past the 30 days
        model.clear();
        QVERIFY(!model.loaded());
        QCOMPARE(model.rowCount(), 0);
    }

    void theDanishModelNamesSystemsAndCategoriesInDanish() {
        InstalledTranslation translation(Language::Danish);
        TimelineModel model(Language::Danish, [] { return fixedNow(); });
        model.setMyData(readJson(QStringLiteral("timeline_page1.json")));
        model.appendPage(readJson(QStringLiteral("timeline_page2.json")));
        QCOMPARE(cell(model, 2, TimelineModel::SystemColumn), QStringLiteral("Auditregler"));
        QCOMPARE(cell(model, 1, TimelineModel::CategoriesColumn),
                 QStringLiteral("Kommandoer, du kører"));
        QCOMPARE(cell(model, 3, TimelineModel::SystemColumn), QStringLiteral("Indblik selv"));
        QCOMPARE(model.headerData(TimelineModel::WhatColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Hvad skete der"));
        QVERIFY(cell(model, 1, TimelineModel::WhatColumn).startsWith("Fundet: Snoopy Logger"));
    }

    void theTabPagesFiltersAndRefreshes() {
        Fixture f(Language::English);
        auto* tabs = f.find<QTabWidget>("tabs");
        QCOMPARE(tabs->tabText(3), QStringLiteral("Timeline"));
        QCOMPARE(tabs->widget(3)->objectName(), QStringLiteral("timelineView"));
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QCOMPARE(f.serverRequests("my_data").size(), 0);

        QTest::keyClick(f.window.get(), Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 3);
        auto* table = f.find<QTableView>("timelineTable");
        QCOMPARE(QApplication::focusWidget(), table);
        QTRY_COMPARE(table->model()->rowCount(), 4);
        QTRY_VERIFY(!f.window->timelineView().isBusy());
        // Two pages: the second asked with the first one's cursor, then no more.
        const auto asked = f.serverRequests("my_data");
        QCOMPARE(asked.size(), 2);
        QVERIFY(!asked[0].contains(QStringLiteral("before")));
        QCOMPARE(asked[1].value(QStringLiteral("before")).toString(), kPage2Cursor);
        auto* message = f.find<QLabel>("timelineMessageLabel");
        QCOMPARE(message->text(), QStringLiteral("4 events in the last 30 days."));

        // Every interactive widget has a name and an accessible name.
        auto* view = tabs->widget(3);
        QVERIFY(!view->accessibleName().isEmpty());
        for (auto* widget : view->findChildren<QWidget*>()) {
            if (widget->focusPolicy() == Qt::NoFocus ||
                qobject_cast<QAbstractScrollArea*>(widget->parentWidget()) != nullptr ||
                widget->objectName().startsWith(QLatin1String("qt_"))) {
                continue;
            }
            QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        }

        // The filters by keyboard: Tab from the table to the system box, arrows choose.
        auto* systems = f.find<QComboBox>("timelineSystemBox");
        auto* categories = f.find<QComboBox>("timelineCategoryBox");
        QCOMPARE(systems->count(), 5); // "All systems" and four
        QCOMPARE(systems->itemText(0), QStringLiteral("All systems"));
        QCOMPARE(categories->count(), 4);
        QCOMPARE(categories->itemText(3), QStringLiteral("File activity"));
        QTest::keyClick(table, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), systems);
        QTest::keyClick(systems, Qt::Key_Down); // "Audit rules"
        QCOMPARE(systems->currentText(), QStringLiteral("Audit rules"));
        QCOMPARE(table->model()->rowCount(), 1);
        QTest::keyClick(systems, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), categories);
        QTest::keyClick(categories, Qt::Key_Down); // "Programs you use"
        QCOMPARE(table->model()->rowCount(), 0);
        QCOMPARE(message->text(),
                 QStringLiteral("Nothing in the last 30 days matches the filter."));
        QTest::keyClick(categories, Qt::Key_Down);
        QTest::keyClick(categories, Qt::Key_Down); // "File activity"
        QCOMPARE(categories->currentData().toString(), QStringLiteral("file_activity"));
        QCOMPARE(table->model()->rowCount(), 1);
        systems->setCurrentIndex(0);
        QCOMPARE(table->model()->rowCount(), 2);
        categories->setCurrentIndex(0);
        f.screenshot(QStringLiteral("tray-timeline-en.png"));

        // F5 asks again (from the first page); the filter survives when its value does.
        systems->setCurrentIndex(systems->findText(QStringLiteral("Snoopy Logger")));
        QCOMPARE(table->model()->rowCount(), 1);
        QTest::keyClick(f.window.get(), Qt::Key_F5);
        QTRY_COMPARE(f.serverRequests("my_data").size(), 4);
        QTRY_VERIFY(!f.window->timelineView().isBusy());
        QCOMPARE(systems->currentText(), QStringLiteral("Snoopy Logger"));
        QCOMPARE(table->model()->rowCount(), 1);

        // Nothing in the window: said so; the vanished filter shows all again.
        f.agent.setServerAnswer(
            QStringLiteral("my_data"),
            R"({"ok":true,"status":200,"answer":{"events":{"more":false,"next":null,"items":[]}}})");
        QTest::mouseClick(f.find<QPushButton>("timelineRefreshButton"), Qt::LeftButton);
        QTRY_COMPARE(message->text(),
                     QStringLiteral("Nothing was recorded about you in the last 30 days."));
        QCOMPARE(systems->currentIndex(), 0);
        QCOMPARE(systems->count(), 1);

        // The server out of reach: said plainly.
        f.agent.setServerAnswer(
            QStringLiteral("my_data"),
            R"({"ok":false,"error":"the server could not be reached: Connection refused"})");
        QTest::mouseClick(f.find<QPushButton>("timelineRefreshButton"), Qt::LeftButton);
        QTRY_VERIFY2(message->text().startsWith(QStringLiteral("The server cannot be reached")),
                     qPrintable(message->text()));
    }

    void theTabSpeaksDanish() {
        QLocale::setDefault(QLocale(QLocale::Danish, QLocale::Denmark));
        Fixture f(Language::Danish);
        QVERIFY(f.translation.loaded());
        auto* tabs = f.find<QTabWidget>("tabs");
        QCOMPARE(tabs->tabText(3), QStringLiteral("Tidslinje"));
        tabs->setCurrentIndex(3);
        auto* table = f.find<QTableView>("timelineTable");
        QTRY_COMPARE(table->model()->rowCount(), 4);
        QTRY_VERIFY(!f.window->timelineView().isBusy());
        QCOMPARE(f.find<QLabel>("timelineMessageLabel")->text(),
                 QStringLiteral("4 hændelser de seneste 30 dage."));
        QCOMPARE(f.find<QComboBox>("timelineSystemBox")->itemText(0),
                 QStringLiteral("Alle systemer"));
        QCOMPARE(f.find<QComboBox>("timelineCategoryBox")->itemText(0),
                 QStringLiteral("Alle slags data"));
        QCOMPARE(f.find<QPushButton>("timelineRefreshButton")->text(), QStringLiteral("Opdater"));
        QCOMPARE(table->model()->headerData(TimelineModel::WhenColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Hvornår"));
        f.screenshot(QStringLiteral("tray-timeline-da.png"));
    }
};

QTEST_MAIN(TimelineTest)
#include "timeline_test.moc"
