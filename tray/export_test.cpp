// "Export": the three formats fetched through the real server client on a real local socket
// (FakeAgent answering the "export" op), saved to an injected path, atomically; a failed write,
// a server out of reach (the old file untouched), a cancelled choice, the Danish text and
// screenshots.

#include <memory>

#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "agent_connector.h"
#include "export_view.h"
#include "fake_agent.h"
#include "main_window.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);
const QString kOutputDir = QStringLiteral(INDBLIK_TRAY_OUTPUT_DIR);

QByteArray exportAnswer(const QString& contentType, const QString& body) {
    QJsonObject o;
    o.insert(QStringLiteral("ok"), true);
    o.insert(QStringLiteral("status"), 200);
    o.insert(QStringLiteral("content_type"), contentType);
    o.insert(QStringLiteral("body"), body);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

struct Fixture {
    explicit Fixture(Language language) : translation(language) {
        agent.setAnswer(FakeAgent::answerFromFile(kTestData + "/overview.json"));
        agent.setServerAnswer(QStringLiteral("export"),
                              exportAnswer(QStringLiteral("text/csv; charset=utf-8"),
                                           QStringLiteral("type,time\nevent,2026-11-23 – æøå\n")));
        if (!agent.listen()) {
            qFatal("the fake agent cannot listen");
        }
        connector = std::make_unique<AgentConnector>(agent.socketPath());
        window = std::make_unique<MainWindow>(*connector, language);
        window->exportView().setPathChooser([this](const QString& suggested, const QString&) {
            suggestions.append(suggested);
            return chosen;
        });
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

    QStringList formatsAsked() const {
        QStringList out;
        for (const auto& line : agent.requests()) {
            const auto o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("what")).toString() == QLatin1String("export")) {
                out.append(o.value(QStringLiteral("format")).toString());
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
    QString chosen;
    QStringList suggestions;
};

} // namespace

class ExportTest : public QObject {
    Q_OBJECT

private slots:
    void init() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void eachFormatIsSavedWhereChosen() {
        Fixture f(Language::English);
        QTemporaryDir dir;
        auto* tabs = f.find<QTabWidget>("tabs");
        QCOMPARE(tabs->tabText(5), QStringLiteral("Export"));
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 5);
        auto* html = f.find<QPushButton>("exportHtmlButton");
        QCOMPARE(QApplication::focusWidget(), html);
        for (auto* b : {html, f.find<QPushButton>("exportCsvButton"),
                        f.find<QPushButton>("exportNdjsonButton")}) {
            QVERIFY(!b->accessibleName().isEmpty());
        }
        QVERIFY(!tabs->widget(5)->accessibleName().isEmpty());
        auto* message = f.find<QLabel>("exportMessageLabel");

        // CSV by keyboard: Tab from the first button, Space.
        f.chosen = dir.filePath(QStringLiteral("mine.csv"));
        QTest::keyClick(html, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), f.find<QPushButton>("exportCsvButton"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        QTRY_COMPARE(f.window->exportView().lastSaved(), f.chosen);
        QCOMPARE(f.formatsAsked(), QStringList{QStringLiteral("csv")});
        QVERIFY(f.suggestions.value(0).endsWith(QStringLiteral(".csv")));
        QCOMPARE(QString::fromUtf8(readAll(f.chosen)),
                 QStringLiteral("type,time\nevent,2026-11-23 – æøå\n"));
        QCOMPARE(message->text(), QStringLiteral("Your data was saved as CSV to %1.")
                                      .arg(QDir::toNativeSeparators(f.chosen)));
        f.screenshot(QStringLiteral("tray-export-en.png"));

        // HTML and NDJSON ask for their own format.
        f.agent.setServerAnswer(QStringLiteral("export"),
                                exportAnswer(QStringLiteral("text/html"),
                                             QStringLiteral("<html><body>Anna</body></html>")));
        f.chosen = dir.filePath(QStringLiteral("report.html"));
        QTest::mouseClick(html, Qt::LeftButton);
        QTRY_COMPARE(f.window->exportView().lastSaved(), f.chosen);
        QCOMPARE(readAll(f.chosen), QByteArray("<html><body>Anna</body></html>"));
        f.agent.setServerAnswer(QStringLiteral("export"),
                                exportAnswer(QStringLiteral("application/x-ndjson"),
                                             QStringLiteral("{\"type\":\"header\"}\n")));
        f.chosen = dir.filePath(QStringLiteral("data.ndjson"));
        QTest::mouseClick(f.find<QPushButton>("exportNdjsonButton"), Qt::LeftButton);
        QTRY_COMPARE(f.window->exportView().lastSaved(), f.chosen);
        QCOMPARE(readAll(f.chosen), QByteArray("{\"type\":\"header\"}\n"));
        QCOMPARE(f.formatsAsked(), (QStringList{"csv", "html", "ndjson"}));

        // Cancelled: nothing is asked.
        f.chosen.clear();
        QTest::mouseClick(html, Qt::LeftButton);
        QTest::qWait(100);
        QCOMPARE(f.formatsAsked().size(), 3);

        // A place that cannot be written: said, with the path.
        f.chosen = dir.filePath(QStringLiteral("no/such/dir/mine.html"));
        QTest::mouseClick(html, Qt::LeftButton);
        QTRY_VERIFY2(message->text().startsWith(QStringLiteral("Your data was not saved: ")),
                     qPrintable(message->text()));
        QVERIFY(message->text().contains(QDir::toNativeSeparators(f.chosen)));
        QVERIFY(!QFile::exists(f.chosen));

        // The server out of reach: the file already there stays as it was.
        f.agent.setServerAnswer(
            QStringLiteral("export"),
            R"({"ok":false,"error":"the server could not be reached: Connection refused"})");
        f.chosen = dir.filePath(QStringLiteral("report.html"));
        QTest::mouseClick(html, Qt::LeftButton);
        QTRY_VERIFY2(message->text().startsWith(
                         QStringLiteral("Your data was not saved. The server cannot be reached")),
                     qPrintable(message->text()));
        QCOMPARE(readAll(f.chosen), QByteArray("<html><body>Anna</body></html>"));
        QVERIFY(html->isEnabled());
    }

    void theTabSpeaksDanish() {
        QLocale::setDefault(QLocale(QLocale::Danish, QLocale::Denmark));
        Fixture f(Language::Danish);
        QVERIFY(f.translation.loaded());
        QTemporaryDir dir;
        auto* tabs = f.find<QTabWidget>("tabs");
        QCOMPARE(tabs->tabText(5), QStringLiteral("Eksport"));
        tabs->setCurrentIndex(5);
        QCOMPARE(f.find<QPushButton>("exportCsvButton")->text(),
                 QStringLiteral("&Regneark (CSV) …"));
        f.chosen = dir.filePath(QStringLiteral("mine.csv"));
        QTest::mouseClick(f.find<QPushButton>("exportCsvButton"), Qt::LeftButton);
        QTRY_COMPARE(f.window->exportView().lastSaved(), f.chosen);
        QCOMPARE(f.find<QLabel>("exportMessageLabel")->text(),
                 QStringLiteral("Dine data blev gemt som CSV i %1.")
                     .arg(QDir::toNativeSeparators(f.chosen)));
        f.screenshot(QStringLiteral("tray-export-da.png"));
    }
};

QTEST_MAIN(ExportTest)
#include "export_test.moc"
