// Readable at 200 % scaling: run with QT_SCALE_FACTOR=2 on a 1920x1080 Xvfb screen, so the
// window has 960x540 logical pixels, the size of a small laptop at 200 %. Every view, in both
// languages, must fit on the screen with nothing cut off: each visible widget lies inside the
// window, and no button, label or choice is narrower than its text needs. A screenshot of each
// view is saved at 200 %.

#include <algorithm>
#include <memory>

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QScreen>
#include <QStyle>
#include <QTabWidget>
#include <QTest>

#include "agent_connector.h"
#include "fake_agent.h"
#include "main_window.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

const QString kTestData = QStringLiteral(INDBLIK_TRAY_TESTDATA);
const QString kOutputDir = QStringLiteral(INDBLIK_TRAY_OUTPUT_DIR);

QByteArray serverAnswer(const QString& file) {
    return R"({"ok":true,"status":200,"content_type":"application/json","answer":)" +
           FakeAgent::answerFromFile(kTestData + "/" + file) + "}";
}

// One answer with something in every part: the timeline's events, the access log and policies,
// and the devices the integrity view lists.
QByteArray fullMyData() {
    const auto read = [](const char* file) {
        return QJsonDocument::fromJson(FakeAgent::answerFromFile(kTestData + "/" + file)).object();
    };
    auto all = read("timeline_page1.json");
    const auto myData = read("my_data.json");
    all.insert(QStringLiteral("access_log"), myData.value(QStringLiteral("access_log")));
    all.insert(QStringLiteral("policies"), myData.value(QStringLiteral("policies")));
    all.insert(QStringLiteral("devices"), read("integrity_my_data.json").value("devices"));
    return R"({"ok":true,"status":200,"content_type":"application/json","answer":)" +
           QJsonDocument(all).toJson(QJsonDocument::Compact) + "}";
}

// A view still waiting for an answer says so with "…" in a label.
bool stillAsking(const QWidget* view) {
    const auto labels = view->findChildren<QLabel*>();
    return std::any_of(labels.begin(), labels.end(), [](const QLabel* label) {
        return label->isVisible() && label->text().contains(QChar(0x2026));
    });
}

QDateTime fixedNow() {
    return QDateTime(QDate(2026, 11, 23), QTime(9, 13), Qt::UTC);
}

// Inside a scroll area's viewport, content may be larger than what shows: it scrolls.
bool scrolls(const QWidget* widget) {
    for (auto* p = widget->parentWidget(); p != nullptr; p = p->parentWidget()) {
        if (auto* area = qobject_cast<const QAbstractScrollArea*>(p);
            area != nullptr && area->viewport()->isAncestorOf(widget)) {
            return true;
        }
    }
    return false;
}

QString describe(const QWidget* widget) {
    QString text;
    if (auto* label = qobject_cast<const QLabel*>(widget)) {
        text = label->text();
    } else if (auto* button = qobject_cast<const QAbstractButton*>(widget)) {
        text = button->text();
    }
    return QStringLiteral("%1 \"%2\" (%3) at %4,%5 %6x%7")
        .arg(QLatin1String(widget->metaObject()->className()), widget->objectName(), text.left(40))
        .arg(widget->mapTo(widget->window(), QPoint()).x())
        .arg(widget->mapTo(widget->window(), QPoint()).y())
        .arg(widget->width())
        .arg(widget->height());
}

// What is cut off in the window as it shows now; empty when nothing is.
QStringList cutOff(const QWidget& window) {
    QStringList problems;
    const auto inside = window.rect();
    for (auto* widget : window.findChildren<QWidget*>()) {
        if (!widget->isVisible() || widget->isWindow() || scrolls(widget) || widget->width() == 0) {
            continue;
        }
        const QRect where(widget->mapTo(&window, QPoint()), widget->size());
        if (!inside.contains(where)) {
            problems.append(QStringLiteral("outside the window: ") + describe(widget));
            continue;
        }
        const bool hasText = qobject_cast<QAbstractButton*>(widget) != nullptr ||
                             qobject_cast<QComboBox*>(widget) != nullptr ||
                             (qobject_cast<QLabel*>(widget) != nullptr &&
                              !qobject_cast<QLabel*>(widget)->wordWrap() &&
                              !qobject_cast<QLabel*>(widget)->text().isEmpty());
        if (hasText && widget->width() < widget->minimumSizeHint().width()) {
            problems.append(QStringLiteral("narrower than its text (%1 < %2): ")
                                .arg(widget->width())
                                .arg(widget->minimumSizeHint().width()) +
                            describe(widget));
        }
        // Column titles: each as wide as its title needs.
        if (auto* header = qobject_cast<QHeaderView*>(widget);
            header != nullptr && header->orientation() == Qt::Horizontal) {
            for (int section = 0; section < header->count(); ++section) {
                if (header->isSectionHidden(section)) {
                    continue;
                }
                const auto title = header->model()->headerData(section, Qt::Horizontal).toString();
                const auto needed =
                    header->fontMetrics().horizontalAdvance(title) +
                    2 * header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
                if (header->sectionSize(section) < needed) {
                    problems.append(QStringLiteral("column title cut (%1 < %2): \"%3\" in ")
                                        .arg(header->sectionSize(section))
                                        .arg(needed)
                                        .arg(title) +
                                    describe(header->parentWidget()));
                }
            }
        }
        if (auto* label = qobject_cast<QLabel*>(widget);
            label != nullptr && label->wordWrap() && label->hasHeightForWidth() &&
            label->height() < label->heightForWidth(label->width())) {
            problems.append(QStringLiteral("wrapped text cut at the bottom: ") + describe(widget));
        }
    }
    return problems;
}

} // namespace

class ScalingTest : public QObject {
    Q_OBJECT

private slots:
    void everyViewFitsAt200Percent_data() {
        QTest::addColumn<Language>("language");
        QTest::newRow("en") << Language::English;
        QTest::newRow("da") << Language::Danish;
    }

    void everyViewFitsAt200Percent() {
        QFETCH(Language, language);
        QCOMPARE(qgetenv("QT_SCALE_FACTOR"), QByteArray("2"));
        InstalledTranslation translation(language);
        FakeAgent agent;
        agent.setAnswer(FakeAgent::answerFromFile(kTestData + "/overview.json"));
        agent.setServerAnswer(QStringLiteral("my_data"), fullMyData());
        agent.setServerAnswer(QStringLiteral("requests"), serverAnswer("requests.json"));
        QVERIFY(agent.listen());
        AgentConnector connector(agent.socketPath());
        MainWindow window(connector, language, fixedNow);
        window.present();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.devicePixelRatio(), 2.0);
        const auto available = window.screen()->availableGeometry();
        QCOMPARE(available.size(), QSize(960, 540));
        connector.refresh();
        QTRY_VERIFY(window.findChild<QLabel*>(QStringLiteral("statusLabel"))
                        ->text()
                        .contains(QLatin1Char('1')));

        const auto code =
            language == Language::Danish ? QStringLiteral("da") : QStringLiteral("en");
        for (int i = 0; i < window.tabs().count(); ++i) {
            window.tabs().setCurrentIndex(i);
            // A server view asks when first opened; wait for its answer to be laid out.
            QTRY_VERIFY(window.tabs().currentWidget()->isVisible());
            QTRY_VERIFY(!stillAsking(window.tabs().currentWidget()));
            QApplication::processEvents();
            QVERIFY2(available.contains(window.frameGeometry()),
                     qPrintable(QStringLiteral("the window (%1x%2) is larger than the screen")
                                    .arg(window.frameGeometry().width())
                                    .arg(window.frameGeometry().height())));
            window.grab().save(
                QStringLiteral("%1/tray-200-%2-%3.png").arg(kOutputDir).arg(i + 1).arg(code));
            const auto problems = cutOff(window);
            QVERIFY2(problems.isEmpty(),
                     qPrintable(window.tabs().tabText(i) + QStringLiteral(": ") +
                                problems.join(QStringLiteral("; "))));
        }
    }
};

QTEST_MAIN(ScalingTest)
#include "scaling_test.moc"
