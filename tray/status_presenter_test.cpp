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

    void tellsWhySyncingStoppedWhenRevoked() {
        const QDateTime now(QDate(2026, 12, 6), QTime(12, 0), Qt::UTC);
        StatusPresenter presenter(Language::English, [now] { return now; });
        auto overview = withSync(now.addSecs(-600), QStringLiteral("sync refused (HTTP 403)"));
        presenter.setOverview(overview);
        QVERIFY(presenter.problems().isEmpty());

        overview.sync.stoppedReason = QStringLiteral("revoked");
        overview.sync.stoppedSince = now.addSecs(-300);
        presenter.setOverview(overview);
        QCOMPARE(presenter.problems(),
                 QStringLiteral("This computer no longer sends its record to the server: its "
                                "certificate was withdrawn by IT (revoked). What is collected "
                                "here is still recorded on this computer. Contact IT."));
        QVERIFY2(presenter.syncText().startsWith(
                     QStringLiteral("Not syncing with the Indblik server since ")),
                 qPrintable(presenter.syncText()));
        // Still what the employee sees at a glance: the monitoring found here.
        QCOMPARE(presenter.state(), TrayState::AllDeclared);

        const InstalledTranslation danish(Language::Danish);
        QVERIFY(danish.loaded());
        StatusPresenter dansk(Language::Danish, [now] { return now; });
        dansk.setOverview(overview);
        QCOMPARE(dansk.problems(),
                 QStringLiteral("Denne computer sender ikke længere sine optegnelser til "
                                "serveren: dens certifikat er trukket tilbage af IT (spærret). "
                                "Det, der indsamles her, registreres stadig på denne computer. "
                                "Kontakt IT."));
        QVERIFY2(dansk.syncText().startsWith(
                     QStringLiteral("Synkroniserer ikke med Indblik-serveren siden ")),
                 qPrintable(dansk.syncText()));
    }

    void tellsThatEnrollmentIsUnderWay() {
        const QByteArray line =
            R"({"ok":true,"user":{"uid":1000,"name":"anna"},)"
            R"("device":{"enrolled":false,"device_id":null,"server":null,)"
            R"("enrollment":{"state":"refused","server":"https://indblik.example:8444",)"
            R"("attempts":2,"error":"enrollment refused: HTTP 403, already used"}},)"
            R"("sync":{"last_success":null,"last_error":null,"pending":4},)"
            R"("ledger":{"entries":4,"intact":true},"observations":[],"policies":[]})";
        auto overview = parseOverview(line);
        QVERIFY2(overview.ok(), overview.ok() ? "" : overview.error().c_str());
        QCOMPARE(overview->enrollment.state, QStringLiteral("refused"));
        StatusPresenter presenter(Language::English, systemClock());
        presenter.setOverview(overview.value());
        QCOMPARE(presenter.problems(),
                 QStringLiteral("Not connected to the Indblik server: waiting for enrollment with "
                                "https://indblik.example:8444. The server refused the enrollment "
                                "token (used, expired or unknown). IT must give this computer a "
                                "new one."));

        const InstalledTranslation danish(Language::Danish);
        QVERIFY(danish.loaded());
        StatusPresenter dansk(Language::Danish, systemClock());
        dansk.setOverview(overview.value());
        QCOMPARE(dansk.problems(),
                 QStringLiteral("Ikke forbundet til Indblik-serveren: venter på tilmelding til "
                                "https://indblik.example:8444. Serveren afviste "
                                "tilmeldingsnøglen (brugt, udløbet eller ukendt). IT skal give "
                                "denne computer en ny."));

        // Nothing configured, or enrolled: nothing said.
        auto quiet = overview.value();
        quiet.enrollment.state = QStringLiteral("not_configured");
        presenter.setOverview(quiet);
        QVERIFY(presenter.problems().isEmpty());
        quiet.enrolled = true;
        quiet.enrollment.state = QStringLiteral("refused");
        presenter.setOverview(quiet);
        QVERIFY(presenter.problems().isEmpty());
    }

    void warnsOfAFarOffClock() {
        const QDateTime now(QDate(2026, 12, 6), QTime(12, 0), Qt::UTC);
        StatusPresenter presenter(Language::English, [now] { return now; });
        auto overview = withSync(now.addSecs(-60), {});
        overview.sync.clockOffsetSeconds = 120; // within the tolerance: nothing said
        presenter.setOverview(overview);
        QVERIFY2(!presenter.syncText().contains(QStringLiteral("clock")),
                 qPrintable(presenter.syncText()));

        overview.sync.clockOffsetSeconds = -2 * 3600 - 59;
        overview.sync.clockOff = true;
        presenter.setOverview(overview);
        QVERIFY2(presenter.syncText().endsWith(QStringLiteral(
                     "This computer's clock is 120 minute(s) behind the server's, so the times "
                     "recorded here are off by as much. The server uses its own time for "
                     "deadlines. Ask IT to set the clock.")),
                 qPrintable(presenter.syncText()));

        const InstalledTranslation danish(Language::Danish);
        QVERIFY(danish.loaded());
        StatusPresenter dansk(Language::Danish, [now] { return now; });
        overview.sync.clockOffsetSeconds = 600;
        dansk.setOverview(overview);
        QVERIFY2(
            dansk.syncText().contains(QStringLiteral("Denne computers ur går 10 minutter foran")),
            qPrintable(dansk.syncText()));

        const QByteArray line =
            R"({"ok":true,"user":{"uid":1000,"name":"anna"},"device":{"enrolled":true},)"
            R"("sync":{"last_success":null,"last_error":null,"pending":0,)"
            R"("clock_offset_seconds":-7259,"clock_off":true},)"
            R"("ledger":{"entries":0,"intact":true},"observations":[],"policies":[]})";
        auto parsed = parseOverview(line);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().c_str());
        QCOMPARE(parsed->sync.clockOffsetSeconds, std::optional<qint64>(-7259));
        QVERIFY(parsed->sync.clockOff);
    }

    void parsesTheStoppedSyncFromTheOverview() {
        const QByteArray line =
            R"({"ok":true,"user":{"uid":1000,"name":"anna"},)"
            R"("device":{"enrolled":true,"device_id":"d","server":"s",)"
            R"("certificate_expires":"2027-01-06T10:00:00Z"},)"
            R"("sync":{"last_success":null,"last_error":"x","pending":0,)"
            R"("stopped":{"reason":"revoked","since":"2026-12-06T11:55:00.000Z"}},)"
            R"("ledger":{"entries":0,"intact":true},"observations":[],)"
            R"("policies":[]})";
        auto overview = parseOverview(line);
        QVERIFY2(overview.ok(), overview.ok() ? "" : overview.error().c_str());
        QCOMPARE(overview->sync.stoppedReason, QStringLiteral("revoked"));
        QCOMPARE(overview->sync.stoppedSince,
                 QDateTime(QDate(2026, 12, 6), QTime(11, 55), Qt::UTC));
        QCOMPARE(overview->certificateExpires, QDateTime(QDate(2027, 1, 6), QTime(10, 0), Qt::UTC));
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
