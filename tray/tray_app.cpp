#include "tray_app.h"

#include <QComboBox>
#include <QTabWidget>

#include "agent_connector.h"
#include "main_window.h"
#include "translation.h"
#include "tray_icon.h"

namespace indblik::tray {

TrayApp::TrayApp(AgentConnector& connector, Language language, Options options, QObject* parent)
    : QObject(parent), m_connector(connector), m_language(language), m_options(std::move(options)) {
    build();
}

TrayApp::~TrayApp() {
    // The icon refers to the window, and both were translated by m_translation.
    m_trayIcon.reset();
    m_window.reset();
    m_translation.reset();
}

MainWindow& TrayApp::build() {
    m_translation = std::make_unique<InstalledTranslation>(m_language);
    m_window = std::make_unique<MainWindow>(m_connector, m_language, m_options.clock);
    // Queued: the choice is made inside the window that setLanguage() replaces.
    connect(m_window.get(), &MainWindow::languageChosen, this, &TrayApp::setLanguage,
            Qt::QueuedConnection);
    if (m_options.trayIcon) {
        m_trayIcon =
            std::make_unique<TrayIcon>(m_window->presenter(), *m_window, m_options.notifiedPath);
        m_trayIcon->show();
    }
    return *m_window;
}

void TrayApp::present() {
    m_window->present();
}

void TrayApp::setLanguage(Language language) {
    if (!saveLanguage(language, m_options.settingsPath)) {
        qWarning("indblik-tray: cannot save the language choice in %s",
                 qPrintable(m_options.settingsPath.isEmpty() ? defaultSettingsPath()
                                                             : m_options.settingsPath));
    }
    if (language == m_language) {
        return;
    }
    const bool visible = m_window->isVisible();
    const auto geometry = m_window->saveGeometry();
    const auto tab = m_window->tabs().currentIndex();

    m_trayIcon.reset();
    m_window.reset();
    m_translation.reset();
    m_language = language;
    auto& window = build();

    window.restoreGeometry(geometry);
    window.tabs().setCurrentIndex(tab);
    if (visible) {
        window.present();
        // The keyboard stays where the employee left it.
        if (auto* choice = window.findChild<QComboBox*>(QStringLiteral("languageChoice"))) {
            choice->setFocus();
        }
    }
    m_connector.refresh();
    emit rebuilt();
}

} // namespace indblik::tray
