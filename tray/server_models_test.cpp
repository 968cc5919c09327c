// The access-log and request models on prepared answers: order, plain words, overdue, the
// named contact; each checked by QAbstractItemModelTester as it changes.

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "access_log_model.h"
#include "request_model.h"

using namespace indblik::tray;

namespace {

QJsonObject readJson(const QString& name) {
    QFile file(QStringLiteral(INDBLIK_TRAY_TESTDATA "/") + name);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(name));
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString cell(const QAbstractItemModel& model, int row, int column) {
    return model.index(row, column).data().toString();
}

} // namespace

class ServerModelsTest : public QObject {
    Q_OBJECT

private slots:
    void theAccessLogIsNewestFirstInPlainWords() {
        AccessLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!model.loaded());
        QCOMPARE(model.rowCount(), 0);
        model.setMyData(readJson(QStringLiteral("my_data.json")));
        QVERIFY(model.loaded());
        QVERIFY(model.intact());
        QCOMPARE(model.total(), 3);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(cell(model, 0, AccessLogModel::WhoColumn),
                 QStringLiteral("Dorte Dahl (data protection officer)"));
        QCOMPARE(cell(model, 0, AccessLogModel::WhatColumn), QStringLiteral("Your data"));
        QCOMPARE(cell(model, 0, AccessLogModel::WhyColumn),
                 QStringLiteral("request 7f3a: a copy of the data"));
        QCOMPARE(cell(model, 0, AccessLogModel::WhenColumn),
                 AccessLogModel::localTime(QDateTime(QDate(2026, 11, 22), QTime(13, 5), Qt::UTC)));
        QCOMPARE(cell(model, 1, AccessLogModel::WhatColumn),
                 QStringLiteral("An export of your data (CSV)"));
        QCOMPARE(cell(model, 1, AccessLogModel::WhyColumn),
                 QStringLiteral("You did this yourself"));
        QVERIFY(model.index(1, 0).data(AccessLogModel::OwnRole).toBool());
        QCOMPARE(cell(model, 2, AccessLogModel::WhoColumn),
                 QStringLiteral("Ib Isen (IT administrator)"));
        QVERIFY(cell(model, 2, AccessLogModel::WhatColumn).contains(QStringLiteral("refused")));
        QVERIFY(model.index(2, 0).data(AccessLogModel::RefusedRole).toBool());
        QCOMPARE(model.headerData(AccessLogModel::WhyColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Why"));
    }

    void aBrokenChainIsKept() {
        auto data = readJson(QStringLiteral("my_data.json"));
        auto log = data.value(QStringLiteral("access_log")).toObject();
        log.insert(QStringLiteral("intact"), false);
        data.insert(QStringLiteral("access_log"), log);
        AccessLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMyData(data);
        QVERIFY(!model.intact());
        model.clear();
        QVERIFY(!model.loaded());
        QCOMPARE(model.rowCount(), 0);
    }

    void requestsShowStatusContactAndDeadline() {
        RequestModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRequests(readJson(QStringLiteral("requests.json")));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 5);
        // Newest first.
        QCOMPARE(model.index(0, 0).data(RequestModel::IdRole).toString(), QStringLiteral("r-late"));
        QCOMPARE(cell(model, 0, RequestModel::TypeColumn), QStringLiteral("Objection"));
        QCOMPARE(cell(model, 0, RequestModel::StatusColumn), QStringLiteral("Being handled"));
        QVERIFY2(cell(model, 0, RequestModel::DeadlineColumn).startsWith(QStringLiteral("OVERDUE")),
                 qPrintable(cell(model, 0, RequestModel::DeadlineColumn)));
        QVERIFY(model.index(0, 0).data(RequestModel::OverdueRole).toBool());
        QCOMPARE(cell(model, 0, RequestModel::ContactColumn),
                 QStringLiteral("The data protection officer"));
        QCOMPARE(cell(model, 1, RequestModel::ContactColumn), QStringLiteral("Dorte Dahl"));
        QCOMPARE(cell(model, 1, RequestModel::StatusColumn), QStringLiteral("Answered"));
        QCOMPARE(cell(model, 1, RequestModel::TypeColumn), QStringLiteral("Copy of my data"));
        QCOMPARE(model.index(1, 1).data(Qt::ToolTipRole).toString(), QStringLiteral("Attached."));

        const auto contact = RequestModel::contactFrom(readJson(QStringLiteral("my_data.json")));
        QCOMPARE(contact, QStringLiteral("Dorte Dahl <dpo@example.com>"));
        model.setContact(contact);
        QCOMPARE(cell(model, 0, RequestModel::ContactColumn), contact);
    }

    void aSubmittedRequestGoesOnTopOnce() {
        RequestModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRequests(readJson(QStringLiteral("requests.json")));
        QJsonObject created;
        created.insert(QStringLiteral("id"), QStringLiteral("r-new"));
        created.insert(QStringLiteral("type"), QStringLiteral("deletion"));
        created.insert(QStringLiteral("subject"), QStringLiteral("Delete the screenshots"));
        created.insert(QStringLiteral("status"), QStringLiteral("received"));
        created.insert(QStringLiteral("received_at"), QStringLiteral("2026-11-23T10:00:00.000Z"));
        created.insert(QStringLiteral("due_at"), QStringLiteral("2026-12-23T10:00:00.000Z"));
        created.insert(QStringLiteral("overdue"), false);
        model.addRequest(created);
        model.addRequest(created);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOfId(QStringLiteral("r-new")), 0);
        QCOMPARE(cell(model, 0, RequestModel::TypeColumn), QStringLiteral("Deletion"));
        QCOMPARE(cell(model, 0, RequestModel::StatusColumn), QStringLiteral("Received"));
        QVERIFY(
            cell(model, 0, RequestModel::DeadlineColumn).startsWith(QStringLiteral("2026-12-")));
    }
};

QTEST_MAIN(ServerModelsTest)
#include "server_models_test.moc"
