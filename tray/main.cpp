// indblik-tray: shows the employee what monitoring runs on this computer, as reported by the
// local Indblik agent. Thin on purpose: everything but option handling lives in indblik_tray_lib.

#include <memory>
#include <optional>
#include <string_view>

#include <QApplication>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QSystemTrayIcon>

#include "agent_connector.h"
#include "single_instance.h"
#include "translation.h"
#include "tray_app.h"

using namespace indblik::tray;

namespace {

// The language has to be known before --help is written, so it is looked for first.
QString languageOption(const QStringList& arguments) {
    QCommandLineParser pre;
    pre.addOption(QCommandLineOption(QStringLiteral("language"), {}, QStringLiteral("code")));
    pre.parse(arguments);
    return pre.value(QStringLiteral("language"));
}

// --help and --version only print, and must work without a display.
bool onlyPrints(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "-h" || arg == "-?" || arg == "--help" || arg == "--help-all" || arg == "-v" ||
            arg == "--version") {
            return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char* argv[]) {
    const auto app = onlyPrints(argc, argv) ? std::make_unique<QCoreApplication>(argc, argv)
                                            : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("indblik-tray"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INDBLIK_VERSION));

    // --language, else the choice made in the window before, else the system's.
    const auto language =
        chooseLanguage(languageOption(QCoreApplication::arguments()), savedLanguage());
    // Only for the command line's own texts (--help, errors before the window exists); TrayApp
    // installs the window's translation, and a new one when the employee switches.
    std::optional<InstalledTranslation> translation(std::in_place, language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Shows what monitoring runs on this computer, as found by the Indblik agent."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption socketOption(
        QStringLiteral("socket"),
        QCoreApplication::translate("main", "The agent's socket (default: %1).")
            .arg(QLatin1String(kDefaultSocketPath)),
        QCoreApplication::translate("main", "path"), QLatin1String(kDefaultSocketPath));
    const QCommandLineOption windowedOption(
        QStringLiteral("windowed"),
        QCoreApplication::translate("main", "Show only the window, without a system-tray icon."));
    const QCommandLineOption languageOpt(
        QStringLiteral("language"),
        QCoreApplication::translate(
            "main", "Language: da or en (default: the one chosen in the window, else the "
                    "system's)."),
        QCoreApplication::translate("main", "code"));
    parser.addOption(socketOption);
    parser.addOption(windowedOption);
    parser.addOption(languageOpt);
    parser.process(*app);

    if (qobject_cast<QApplication*>(app.get()) == nullptr) {
        // "-v" or "--help" was an option's value, not an option: say how to call us.
        parser.showHelp(2);
    }
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Indblik"));
    QGuiApplication::setDesktopFileName(QStringLiteral("indblik-tray"));

    // One tray per session: a second start brings the first one's window to the front.
    SingleInstance instance;
    switch (instance.start()) {
    case SingleInstance::Outcome::First:
        break;
    case SingleInstance::Outcome::Notified:
        return 0;
    case SingleInstance::Outcome::Failed:
        qCritical("%s",
                  qPrintable(QCoreApplication::translate(
                                 "main", "indblik-tray is already running but does not answer "
                                         "(lock: %1).")
                                 .arg(instance.lockPath())));
        return 1;
    }

    AgentConnector connector(parser.value(socketOption));
    TrayApp::Options options;
    options.trayIcon = !parser.isSet(windowedOption) && QSystemTrayIcon::isSystemTrayAvailable();
    translation.reset();
    TrayApp tray(connector, language, options);
    QObject::connect(&instance, &SingleInstance::showRequested, &tray, [&tray] {
        qInfo("indblik-tray: another start asked for the window");
        tray.present();
    });
    if (options.trayIcon) {
        QApplication::setQuitOnLastWindowClosed(false);
    } else {
        tray.present();
    }
    connector.start();
    return QApplication::exec();
}
