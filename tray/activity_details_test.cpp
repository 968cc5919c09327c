// The "What it did lately" section of an observation's details, from the overview's activity.

#include <QTest>
#include <QTimeZone>

#include "observation_details.h"
#include "overview.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

QByteArray answerWith(const QByteArray& activity) {
    return R"({"ok": true, "observations": [{"detector": "process", "product": "osquery",
        "name": "osquery", "categories": ["commands"], "evidence": ["running process: x"],
        "why": {"en": "x", "da": "x"}, "declared": false, "policy": null, "activity": )" +
           activity + "}]}";
}

} // namespace

class ActivityDetailsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qputenv("TZ", "UTC"); }

    void showsWhatTheSoftwareDidInPlainWords() {
        const auto overview = parseOverview(answerWith(
            R"({"start": "2026-11-23T09:00:00.000Z", "end": "2026-11-23T10:00:00.000Z",
                "cpu_seconds": 12.4, "bytes_written": 4096, "remote_endpoints": ["10.0.0.5:443"],
                "spool_files": 3, "spool_bytes": 1536, "audit_log_bytes": 0, "active": true})"));
        QVERIFY(overview);
        const auto& entry = overview.value().observations.at(0);
        QVERIFY(entry.activity.has_value());
        const auto en = ObservationDetails::html(entry, nullptr, Language::English);
        QVERIFY2(en.contains(QStringLiteral("What it did lately")), qPrintable(en));
        QVERIFY2(en.contains(QStringLiteral("Active from 23 Nov 09:00 to 23 Nov 10:00, and still "
                                            "active.")),
                 qPrintable(en));
        QVERIFY(en.contains(QStringLiteral("Used 12.4 seconds of processor time.")));
        QVERIFY(en.contains(QStringLiteral("Connected to: <code>10.0.0.5:443</code>")));
        QVERIFY(en.contains(QStringLiteral("Wrote 4.00 KiB (files and network together).")));
        QVERIFY2(en.contains(QStringLiteral("storage folders: 3 (1.50 KiB).")), qPrintable(en));
        QVERIFY(!en.contains(QStringLiteral("audit log")));

        InstalledTranslation danish(Language::Danish);
        QVERIFY(danish.loaded());
        const auto da = ObservationDetails::html(entry, nullptr, Language::Danish);
        QVERIFY2(da.contains(QStringLiteral("Hvad den har lavet for nylig")), qPrintable(da));
        QVERIFY2(da.contains(QStringLiteral("Havde forbindelse til: <code>10.0.0.5:443</code>")),
                 qPrintable(da));
        QVERIFY(da.contains(QStringLiteral("Brugte 12,4 sekunders processortid.")));
    }

    void noActivityNoSection() {
        for (const QByteArray activity : {"null", R"({"start": "nonsense"})", "[]"}) {
            const auto overview = parseOverview(answerWith(activity));
            QVERIFY(overview);
            const auto& entry = overview.value().observations.at(0);
            QVERIFY(!entry.activity.has_value());
            QVERIFY(!ObservationDetails::html(entry, nullptr, Language::English)
                         .contains(QStringLiteral("What it did lately")));
        }
    }
};

QTEST_GUILESS_MAIN(ActivityDetailsTest)
#include "activity_details_test.moc"
