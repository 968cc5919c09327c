#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>

#include "fake_agent.h"
#include "observation_details.h"
#include "observation_model.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

Overview sampleOverview() {
    auto overview = parseOverview(
        FakeAgent::answerFromFile(QStringLiteral(INDBLIK_TRAY_TESTDATA "/overview.json")));
    if (!overview) {
        qFatal("%s", overview.error().c_str());
    }
    return std::move(overview).value();
}

} // namespace

class ObservationModelTest : public QObject {
    Q_OBJECT

private slots:
    void passesTheModelTester() {
        ObservationModel model(Language::English);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setOverview(sampleOverview());
        model.setOverview(Overview{});
        model.setOverview(sampleOverview());
        QCOMPARE(reset.size(), 3);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ObservationModel::ColumnCount));
    }

    void listsUndeclaredFirstAndMakesThemStandOut() {
        ObservationModel model(Language::English);
        model.setOverview(sampleOverview());

        const auto snoopy = model.index(0, ObservationModel::StatusColumn);
        QCOMPARE(snoopy.data(ObservationModel::NameRole).toString(),
                 QStringLiteral("Snoopy Logger"));
        QCOMPARE(snoopy.data(ObservationModel::DeclaredRole).toBool(), false);
        // In words, in weight and in colour; never colour alone.
        QCOMPARE(snoopy.data().toString(), QStringLiteral("Not declared"));
        QVERIFY(snoopy.data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(snoopy.data(Qt::ForegroundRole).isValid());
        QVERIFY(
            model.index(0, ObservationModel::NameColumn).data(Qt::FontRole).value<QFont>().bold());

        const auto audit = model.index(1, ObservationModel::StatusColumn);
        QCOMPARE(audit.data().toString(), QStringLiteral("Declared"));
        QVERIFY(!audit.data(Qt::FontRole).isValid());
        QCOMPARE(audit.data(ObservationModel::PolicyIdRole).toString(),
                 QStringLiteral("eksempel-auditd"));
        QCOMPARE(audit.data(ObservationModel::PurposeRole).toString(),
                 QStringLiteral("To detect and investigate security incidents on developers' "
                                "computers."));
        QCOMPARE(model.rowOfKey(QStringLiteral("audit:auditd")), 1);
        QVERIFY(model.policyAt(1) != nullptr);
        QVERIFY(model.policyAt(0) == nullptr);
    }

    void namesCategoriesInTheUiLanguage() {
        ObservationModel english(Language::English);
        english.setOverview(sampleOverview());
        QCOMPARE(english.index(1, ObservationModel::CategoriesColumn).data().toString(),
                 QStringLiteral("Commands you run; File activity"));

        ObservationModel danish(Language::Danish);
        danish.setOverview(sampleOverview());
        QCOMPARE(danish.index(1, ObservationModel::CategoriesColumn).data().toString(),
                 QStringLiteral("Kommandoer, du kører; Aktivitet på filer"));
        QCOMPARE(danish.index(1, 0).data(ObservationModel::CategoryNamesRole).toStringList(),
                 (QStringList{QStringLiteral("Kommandoer, du kører"),
                              QStringLiteral("Aktivitet på filer")}));
        QCOMPARE(danish.index(1, 0).data(ObservationModel::CategoriesRole).toStringList(),
                 (QStringList{QStringLiteral("commands"), QStringLiteral("file_activity")}));
        QVERIFY(danish.index(0, 0)
                    .data(ObservationModel::WhyRole)
                    .toString()
                    .startsWith(QStringLiteral("Snoopy bliver")));
    }

    void detailsSayWhatAndWhy() {
        const auto overview = sampleOverview();
        const auto& audit = overview.observations.at(0);
        const auto declared = plainText(ObservationDetails::html(
            audit, overview.findPolicy(audit.policyId), Language::English));
        for (const auto* expected :
             {"Declared by your employer.",
              "Commands you run: The programs and commands you "
              "start are recorded.",
              "An audit rule records every program", "-a always,exit -F arch=b64 -S execve",
              "Purpose: To detect and investigate", "Legal basis: GDPR Art. 6(1)(f)",
              "Kept for: 90 day(s)", "The IT security team: can see data about you personally",
              "Management: sees only totals for groups, not you personally",
              "Lokalaftale om it-kontrol (2026-03-01)", "In effect from: 20 April 2026",
              "Contact: Mette Jensen, data protection officer, dpo@example.dk"}) {
            QVERIFY2(declared.contains(QString::fromUtf8(expected)), expected);
        }

        const auto& snoopy = overview.observations.at(1);
        const auto undeclared =
            plainText(ObservationDetails::html(snoopy, nullptr, Language::Danish));
        QVERIFY2(undeclared.contains(QStringLiteral("Not declared by your employer.")),
                 qPrintable(undeclared));
        QVERIFY(undeclared.contains(
            QStringLiteral("Kommandoer, du kører: De programmer og kommandoer, du starter, "
                           "bliver registreret.")));
        QVERIFY(undeclared.contains(QStringLiteral("/etc/ld.so.preload: /usr/lib")));
        QVERIFY(!undeclared.contains(QStringLiteral("What your employer has declared")));

        // Declared, but the agent has no copy of the declaration yet: say so, don't hide it.
        const auto missing = plainText(ObservationDetails::html(audit, nullptr, Language::English));
        QVERIFY(missing.contains(QStringLiteral("\"eksempel-auditd\" covers this")));
    }

private:
    static QString plainText(const QString& html) {
        QTextDocument document;
        document.setHtml(html);
        return document.toPlainText();
    }
};

QTEST_MAIN(ObservationModelTest)
#include "observation_model_test.moc"
