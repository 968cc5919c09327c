// The tabs and the two server views as an employee would use them: the real window, the real
// server client on a real local socket (FakeAgent answering the "server" op with prepared
// data), widgets found by objectName, driven by keys and clicks, waits with QTRY_*.

#include <memory>

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "access_log_model.h"
#include "access_log_view.h"
#include "agent_connector.h"
#include "fake_agent.h"
#include "main_window.h"
#include "request_model.h"
#include "requests_view.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);
const QString kOutputDir = QStringLiteral(INDBLIK_TRAY_OUTPUT_DIR);

QByteArray serverAnswer(int status, const QByteArray& answer) {
    return R"({"ok":)" + QByteArray(status < 300 ? "true" : "false") + R"(,"status":)" +
           QByteArray::number(status) + R"(,"content_type":"application/json","answer":)" + answer +
           "}";
}

QByteArray created() {
    return serverAnswer(201,
                        R"({"id":"r-new","type":"question","subject":"Why screenshots?","body":"",)"
                        R"("status":"received","received_at":"2026-11-23T10:00:00.000Z",)"
                        R"("due_at":"2026-12-23T10:00:00.000Z","overdue":false})");
}

struct Fixture {
    explicit Fixture(Language language) : translation(language) {
        agent.setAnswer(FakeAgent::answerFromFile(kTestData + "/overview.json"));
        agent.setServerAnswer(
            QStringLiteral("my_data"),
            serverAnswer(200, FakeAgent::answerFromFile(kTestData + "/my_data.json")));
        agent.setServerAnswer(
            QStringLiteral("requests"),
            serverAnswer(200, FakeAgent::answerFromFile(kTestData + "/requests.json")));
        agent.setServerAnswer(QStringLiteral("submit_request"), created());
        if (!agent.listen()) {
            qFatal("the fake agent cannot listen");
        }
        connector = std::make_unique<AgentConnector>(agent.socketPath());
        window = std::make_unique<MainWindow>(*connector, language);
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

    int serverRequests(const char* what) const {
        int n = 0;
        for (const auto& line : agent.requests()) {
            const auto o = QJsonDocument::fromJson(line).object();
            n += o.value(QStringLiteral("what")).toString() == QLatin1String(what) ? 1 : 0;
        }
        return n;
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

class ServerViewsTest : public QObject {
    Q_OBJECT

private slots:
    void init() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void theWindowHasTabsReachedWithCtrlNumbers() {
        Fixture f(Language::English);
        auto* tabs = f.find<QTabWidget>("tabs");
        QCOMPARE(tabs->count(), 7);
        QCOMPARE(tabs->tabText(0), QStringLiteral("Overview"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("Who looked at my data"));
        QCOMPARE(tabs->tabText(2), QStringLiteral("My requests"));
        QCOMPARE(tabs->tabText(3), QStringLiteral("Timeline"));
        QCOMPARE(tabs->tabText(4), QStringLiteral("Coming changes"));
        QCOMPARE(tabs->tabText(5), QStringLiteral("Export"));
        QCOMPARE(tabs->tabText(6), QStringLiteral("Integrity"));
        QCOMPARE(tabs->widget(0)->objectName(), QStringLiteral("overviewTab"));
        QCOMPARE(tabs->widget(1)->objectName(), QStringLiteral("accessLogView"));
        QCOMPARE(tabs->widget(2)->objectName(), QStringLiteral("requestsView"));
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QCOMPARE(f.serverRequests("my_data"), 0); // the server is asked only when a view opens

        QTest::keyClick(f.window.get(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 1);
        QTRY_COMPARE(f.window->accessLogView().model().rowCount(), 3);
        QTest::keyClick(f.window.get(), Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 2);
        QTRY_COMPARE(f.window->requestsView().model().rowCount(), 2);
        QTest::keyClick(f.window.get(), Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 0);
        QCOMPARE(QApplication::focusWidget(), f.find<QTableView>("observationTable"));

        // Every interactive widget has a name and, in the new views, an accessible name.
        for (auto* view : {tabs->widget(1), tabs->widget(2)}) {
            QVERIFY(!view->accessibleName().isEmpty());
            for (auto* widget : view->findChildren<QWidget*>()) {
                if (widget->focusPolicy() == Qt::NoFocus ||
                    qobject_cast<QAbstractScrollArea*>(widget->parentWidget()) != nullptr ||
                    widget->objectName().startsWith(QLatin1String("qt_"))) {
                    continue;
                }
                if (qobject_cast<QTableView*>(widget) || qobject_cast<QPushButton*>(widget) ||
                    qobject_cast<QLineEdit*>(widget) || qobject_cast<QComboBox*>(widget) ||
                    qobject_cast<QPlainTextEdit*>(widget)) {
                    QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
                    QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
                }
            }
        }
    }

    void theAccessLogShowsWhoWhatWhenWhy() {
        Fixture f(Language::English);
        auto* tabs = f.find<QTabWidget>("tabs");
        tabs->setCurrentIndex(1);
        auto* table = f.find<QTableView>("accessLogTable");
        QTRY_COMPARE(table->model()->rowCount(), 3);
        QCOMPARE(table->model()->index(0, AccessLogModel::WhoColumn).data().toString(),
                 QStringLiteral("Dorte Dahl (data protection officer)"));
        auto* intact = f.find<QLabel>("accessIntactLabel");
        QVERIFY2(intact->text().contains(QStringLiteral("intact")), qPrintable(intact->text()));
        f.screenshot(QStringLiteral("tray-access-en.png"));

        // F5 asks the server again.
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QCOMPARE(f.serverRequests("my_data"), 1);
        QTest::keyClick(f.window.get(), Qt::Key_F5);
        QTRY_COMPARE(f.serverRequests("my_data"), 2);
        QTRY_VERIFY(!f.window->accessLogView().isBusy());

        // Refresh asks again; an empty log says so.
        f.agent.setServerAnswer(
            QStringLiteral("my_data"),
            serverAnswer(200, R"({"access_log":{"intact":true,"total":0,"events":[]}})"));
        QTest::mouseClick(f.find<QPushButton>("accessRefreshButton"), Qt::LeftButton);
        QTRY_COMPARE(table->model()->rowCount(), 0);
        auto* message = f.find<QLabel>("accessMessageLabel");
        QTRY_COMPARE(message->text(), QStringLiteral("Nobody has looked at your data yet."));

        // The server out of reach: said plainly.
        f.agent.setServerAnswer(
            QStringLiteral("my_data"),
            R"({"ok":false,"error":"the server could not be reached: Connection refused"})");
        QTest::mouseClick(f.find<QPushButton>("accessRefreshButton"), Qt::LeftButton);
        QTRY_VERIFY2(message->text().startsWith(QStringLiteral("The server cannot be reached")),
                     qPrintable(message->text()));
    }

    void aRequestIsValidatedSentAndListed() {
        Fixture f(Language::English);
        auto* tabs = f.find<QTabWidget>("tabs");
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 2);
        auto* table = f.find<QTableView>("requestTable");
        QTRY_COMPARE(table->model()->rowCount(), 2);
        // The named contact from the policies, for the request nobody answered yet.
        QTRY_COMPARE(table->model()->index(0, RequestModel::ContactColumn).data().toString(),
                     QStringLiteral("Dorte Dahl <dpo@example.com>"));
        QVERIFY(table->model()
                    ->index(0, RequestModel::DeadlineColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("OVERDUE")));

        // An empty subject is refused before anything is sent.
        auto* submit = f.find<QPushButton>("submitRequestButton");
        auto* message = f.find<QLabel>("requestFormMessage");
        QTest::mouseClick(submit, Qt::LeftButton);
        QVERIFY2(message->text().startsWith(QStringLiteral("Write a subject")),
                 qPrintable(message->text()));
        QCOMPARE(f.serverRequests("submit_request"), 0);

        // By keyboard: the type box, the subject, the text, then the button.
        auto* type = f.find<QComboBox>("requestTypeBox");
        type->setFocus();
        QCOMPARE(type->itemText(0), QStringLiteral("Question"));
        QCOMPARE(type->count(), 5);
        QTest::keyClick(type, Qt::Key_Tab);
        auto* subject = f.find<QLineEdit>("requestSubjectEdit");
        QCOMPARE(QApplication::focusWidget(), subject);
        QTest::keyClicks(subject, QStringLiteral("Why screenshots?"));
        QTest::keyClick(subject, Qt::Key_Tab);
        auto* text = f.find<QPlainTextEdit>("requestTextEdit");
        QCOMPARE(QApplication::focusWidget(), text);
        QTest::keyClicks(text, QStringLiteral("Please explain."));
        QTest::keyClick(text, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), submit);
        // The server lists the new request from now on (the view asks again after sending).
        auto listed =
            QJsonDocument::fromJson(FakeAgent::answerFromFile(kTestData + "/requests.json"))
                .object();
        auto items = listed.value(QStringLiteral("requests")).toArray();
        items.prepend(
            QJsonDocument::fromJson(created()).object().value(QStringLiteral("answer")).toObject());
        listed.insert(QStringLiteral("requests"), items);
        f.agent.setServerAnswer(
            QStringLiteral("requests"),
            serverAnswer(200, QJsonDocument(listed).toJson(QJsonDocument::Compact)));
        QTest::keyClick(submit, Qt::Key_Space);

        QTRY_COMPARE(f.serverRequests("submit_request"), 1);
        QTRY_VERIFY(f.window->requestsView().model().rowOfId(QStringLiteral("r-new")) >= 0);
        QTRY_COMPARE(f.serverRequests("requests"), 2); // asked again after sending
        QCOMPARE(f.window->requestsView().model().rowOfId(QStringLiteral("r-new")), 0);
        QCOMPARE(f.window->requestsView().model().rowCount(), 3);
        QTRY_VERIFY2(message->text().startsWith(QStringLiteral("Your request was sent")),
                     qPrintable(message->text()));
        QVERIFY(subject->text().isEmpty());
        f.screenshot(QStringLiteral("tray-requests-en.png"));

        // A refused submission keeps what was typed.
        f.agent.setServerAnswer(
            QStringLiteral("submit_request"),
            R"({"ok":false,"error":"the server could not be reached: Connection refused"})");
        QTest::keyClicks(subject, QStringLiteral("Again"));
        QTest::mouseClick(submit, Qt::LeftButton);
        QTRY_VERIFY2(message->text().startsWith(QStringLiteral("Your request was not sent")),
                     qPrintable(message->text()));
        QCOMPARE(subject->text(), QStringLiteral("Again"));
    }

    void theNewViewsSpeakDanish() {
        QLocale::setDefault(QLocale(QLocale::Danish, QLocale::Denmark));
        Fixture f(Language::Danish);
        QVERIFY(f.translation.loaded());
        auto* tabs = f.find<QTabWidget>("tabs");
        QCOMPARE(tabs->tabText(0), QStringLiteral("Oversigt"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("Hvem har set mine data"));
        QCOMPARE(tabs->tabText(2), QStringLiteral("Mine henvendelser"));

        tabs->setCurrentIndex(1);
        auto* access = f.find<QTableView>("accessLogTable");
        QTRY_COMPARE(access->model()->rowCount(), 3);
        QCOMPARE(access->model()->headerData(AccessLogModel::WhyColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Hvorfor"));
        QCOMPARE(access->model()->index(0, AccessLogModel::WhoColumn).data().toString(),
                 QStringLiteral("Dorte Dahl (databeskyttelsesrådgiver)"));
        QCOMPARE(access->model()->index(1, AccessLogModel::WhyColumn).data().toString(),
                 QStringLiteral("Det gjorde du selv"));
        QVERIFY2(f.find<QLabel>("accessIntactLabel")
                     ->text()
                     .startsWith(QStringLiteral("Adgangsloggen er intakt")),
                 qPrintable(f.find<QLabel>("accessIntactLabel")->text()));
        QCOMPARE(f.find<QPushButton>("accessRefreshButton")->text(), QStringLiteral("Opdater"));
        f.screenshot(QStringLiteral("tray-access-da.png"));

        tabs->setCurrentIndex(2);
        auto* requests = f.find<QTableView>("requestTable");
        QTRY_COMPARE(requests->model()->rowCount(), 2);
        QCOMPARE(requests->model()->index(0, RequestModel::TypeColumn).data().toString(),
                 QStringLiteral("Indsigelse"));
        QCOMPARE(requests->model()->index(0, RequestModel::StatusColumn).data().toString(),
                 QStringLiteral("Under behandling"));
        QVERIFY(requests->model()
                    ->index(0, RequestModel::DeadlineColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("OVERSKREDET")));
        QCOMPARE(f.find<QComboBox>("requestTypeBox")->itemText(1),
                 QStringLiteral("Kopi af mine data"));
        QCOMPARE(f.find<QPushButton>("submitRequestButton")->text(),
                 QStringLiteral("Send &henvendelse"));
        QTest::mouseClick(f.find<QPushButton>("submitRequestButton"), Qt::LeftButton);
        QVERIFY2(f.find<QLabel>("requestFormMessage")->text().startsWith(QStringLiteral("Skriv")),
                 qPrintable(f.find<QLabel>("requestFormMessage")->text()));
        f.screenshot(QStringLiteral("tray-requests-da.png"));
    }
};

QTEST_MAIN(ServerViewsTest)
#include "server_views_test.moc"
