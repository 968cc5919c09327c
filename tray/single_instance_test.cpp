// One tray per session, with the real binary started twice on the offscreen platform: the
// second start asks the first to show its window and exits 0; after the first one dies without
// cleaning up, a new start takes over.

#include <csignal>

#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

class SingleInstanceTest : public QObject {
    Q_OBJECT

private slots:
    void aSecondStartShowsTheFirstAndExits() {
        QTemporaryDir runtime; // 0700, as the runtime directory must be
        QVERIFY(runtime.isValid());
        QProcess first;
        start(first, runtime.path());
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo::exists(runtime.filePath(QStringLiteral("indblik-tray.sock"))) ||
                first.state() == QProcess::NotRunning,
            20'000);
        QCOMPARE(first.state(), QProcess::Running);

        QProcess second;
        start(second, runtime.path());
        QVERIFY(second.waitForFinished(20'000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QByteArray firstErr;
        QTRY_VERIFY_WITH_TIMEOUT((firstErr += first.readAllStandardError())
                                     .contains("another start asked for the window"),
                                 10'000);
        QCOMPARE(first.state(), QProcess::Running);

        // The first one killed outright leaves its lock and socket behind; the next start is
        // the first again, and a start after it is sent to it.
        ::kill(static_cast<pid_t>(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(10'000));
        QProcess third;
        start(third, runtime.path());
        QProcess fourth;
        QTest::qWait(1000);
        QCOMPARE(third.state(), QProcess::Running);
        start(fourth, runtime.path());
        QVERIFY(fourth.waitForFinished(20'000));
        QCOMPARE(fourth.exitCode(), 0);
        QByteArray thirdErr;
        QTRY_VERIFY_WITH_TIMEOUT((thirdErr += third.readAllStandardError())
                                     .contains("another start asked for the window"),
                                 10'000);
        third.terminate();
        QVERIFY(third.waitForFinished(10'000));
    }

private:
    static void start(QProcess& process, const QString& runtime) {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(INDBLIK_TRAY_BIN),
                      {QStringLiteral("--windowed"), QStringLiteral("--language"),
                       QStringLiteral("en"), QStringLiteral("--socket"),
                       runtime + QStringLiteral("/no-agent.sock")});
        QVERIFY(process.waitForStarted());
    }
};

QTEST_MAIN(SingleInstanceTest)
#include "single_instance_test.moc"
