#include <QSignalSpy>
#include <QTest>

#include "status_presenter.h"
#include "translation.h"

using namespace indblik;
using namespace indblik::tray;

namespace {

Overview withSync(QDateTime lastSuccess, QString lastError = {}) {
    Overview overview;
    ObservationEntry entry;
    entry.detector = QStringLiteral("audit");
    entry.name = QStringLiteral("Linux audit rules");
    entry.declared = true;
    overview.observations.append(entry);
    overview.sync.lastSuccess = std::move(lastSuccess);
    overview.sync.lastError = std::move(lastError);
    return overview;
}

} // namespace

class StatusPresenterTest : public QObject {
    Q_OBJECT

private slots:
    void followsTheAgent() {
        QDateTime now(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC);
        StatusPresenter presenter(Language::English, [&now] { return now; });
        QSignalSpy changed(&presenter, &StatusPresenter::changed);
        QCOMPARE(presenter.state(), TrayState::Connecting);
        QCOMPARE(presenter.refreshedText(), QStringLiteral("Not refreshed from the agent yet"));
        QVERIFY(!presenter.isSyncStale());

        presenter.setOverview(withSync(now.addSecs(-60)));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(presenter.state(), TrayState::AllDeclared);
        QVERIFY(!presenter.isSyncStale());
        QVERIFY(presenter.problems().isEmpty());
        QVERIFY(presenter.syncText().startsWith(
            QStringLiteral("Last synced with the Indblik server: ")));

        presenter.setFailed(QStringLiteral("The Indblik agent is not running."));
        QCOMPARE(presenter.state(), TrayState::NotConnected);
        QCOMPARE(presenter.headline(), QStringLiteral("Not connected to the Indblik agent"));
        QCOMPARE(presenter.problems(),
                 QStringLiteral("The Indblik agent is not running.\nThe list below is what the "
                                "agent reported last time."));
    }

    void warnsWhenTheDeclarationsMayBeStale() {
        const QDateTime now(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC);
        StatusPresenter presenter(Language::English, [now] { return now; });

        presenter.setOverview(withSync({}));
        QVERIFY(presenter.isSyncStale());
        QVERIFY(presenter.syncText().startsWith(QStringLiteral("Never synced")));

        presenter.setOverview(withSync(now.addDays(-10), QStringLiteral("connection refused")));
        QVERIFY(presenter.isSyncStale());
        QVERIFY2(presenter.syncText().contains(QStringLiteral("That is 10 day(s) ago")),
                 qPrintable(presenter.syncText()));
        QVERIFY(presenter.syncText().endsWith(
            QStringLiteral("The last attempt failed: connection refused")));
    }

    void reportsDamageAndUnreadableDeclarations() {
        StatusPresenter presenter(Language::English, systemClock());
        auto overview = withSync(QDateTime::currentDateTimeUtc());
        overview.ledgerIntact = false;
        overview.policyErrors.append(QStringLiteral("policies[0]: $.id: expected a string"));
        overview.couldNotRead.append(QStringLiteral("/etc/rsyslog.d/big.conf (is too large)"));
        overview.observations.first().declared = false;
        presenter.setOverview(overview);
        QCOMPARE(presenter.state(), TrayState::Undeclared);
        QCOMPARE(presenter.undeclaredCount(), 1);
        const auto problems = presenter.problems().split(QLatin1Char('\n'));
        QCOMPARE(problems.size(), 3);
        QVERIFY(problems.at(0).startsWith(QStringLiteral("The agent's record")));
        QVERIFY(problems.at(1).endsWith(QStringLiteral("policies[0]: $.id: expected a string")));
        QCOMPARE(problems.at(2), QStringLiteral("Indblik could not check 1 place(s) on this "
                                                "computer, so the list may be incomplete: "
                                                "/etc/rsyslog.d/big.conf (is too large)"));
    }

    void saysPlainlyWhenRecordingIsPausedBecauseStorageIsFull() {
        StatusPresenter presenter(Language::English, systemClock());
        auto overview = withSync(QDateTime::currentDateTimeUtc());
        presenter.setOverview(overview);
        QCOMPARE(presenter.problems(), QString());
        overview.storage.paused = true;
        overview.storage.dropped = 7;
        presenter.setOverview(overview);
        QVERIFY2(presenter.problems().startsWith(
                     QStringLiteral("Recording is paused because the storage for Indblik on this "
                                    "computer is full: the server has been out of reach")),
                 qPrintable(presenter.problems()));
        QVERIFY(presenter.problems().endsWith(QStringLiteral("(7 so far).")));
        overview.storage.diskFull = true;
        presenter.setOverview(overview);
        QVERIFY(presenter.problems().startsWith(
            QStringLiteral("Recording is paused because this computer's disk is full")));

        const InstalledTranslation danish(Language::Danish);
        QVERIFY(danish.loaded());
        StatusPresenter dansk(Language::Danish, systemClock());
        overview.storage.diskFull = false;
        dansk.setOverview(overview);
        QVERIFY2(dansk.problems().startsWith(QStringLiteral(
                     "Registreringen er sat på pause, fordi lageret til Indblik på denne computer "
                     "er fuldt")),
                 qPrintable(dansk.problems()));
    }

    // syncthingtray's misc.cpp pattern: load the Danish translation, assert the presenter's text.
    void speaksDanish() {
        const InstalledTranslation danish(Language::Danish);
        QVERIFY(danish.loaded());
        StatusPresenter presenter(Language::Danish, systemClock());
        presenter.setFailed(QStringLiteral("x"));
        QCOMPARE(presenter.headline(), QStringLiteral("Ikke forbundet til Indblik-agenten"));
        auto overview = withSync({});
        overview.observations.append(overview.observations.first());
        overview.observations.first().declared = false;
        overview.observations.last().declared = false;
        presenter.setOverview(overview);
        QCOMPARE(presenter.headline(),
                 QStringLiteral("2 overvågningssystemer på denne computer er ikke oplyst af din "
                                "arbejdsgiver"));
    }
};

QTEST_GUILESS_MAIN(StatusPresenterTest)
#include "status_presenter_test.moc"
