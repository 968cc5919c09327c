#pragma once

// The running tray: the window, the tray icon and the translation they were built in. When the
// employee chooses another language in the window, the choice is saved and all three are built
// anew in it, keeping the window's place, size, visibility and open tab; the agent is asked
// again at once so the new window is filled without waiting for the next refresh.

#include <memory>

#include <QObject>
#include <QString>

#include "clock.h"
#include "vocabulary.h"

namespace indblik::tray {

class AgentConnector;
class InstalledTranslation;
class MainWindow;
class TrayIcon;

class TrayApp : public QObject {
    Q_OBJECT

public:
    struct Options {
        bool trayIcon = true; // false: only the window (--windowed, or no system tray)
        QString settingsPath; // where the language choice is kept; empty: the default
        QString notifiedPath; // where shown notifications are remembered; empty: the default
        Clock clock = systemClock();
    };

    TrayApp(AgentConnector& connector, Language language, Options options,
            QObject* parent = nullptr);
    ~TrayApp() override;
    TrayApp(const TrayApp&) = delete;
    TrayApp& operator=(const TrayApp&) = delete;

    Language language() const { return m_language; }
    MainWindow& window() { return *m_window; }
    // nullptr when there is no tray icon.
    TrayIcon* trayIcon() { return m_trayIcon.get(); }

public slots:
    void present();
    // Saves the choice and, when it differs from the language shown, builds everything anew.
    void setLanguage(indblik::Language language);

signals:
    // Everything was built anew in another language (window() is a new window).
    void rebuilt();

private:
    // Installs the translation for m_language and builds the window (and the icon) in it.
    MainWindow& build();

    AgentConnector& m_connector;
    Language m_language;
    Options m_options;
    std::unique_ptr<InstalledTranslation> m_translation;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayIcon> m_trayIcon;
};

} // namespace indblik::tray
