#include "tray_icon.h"

#include <QAction>
#include <QCoreApplication>
#include <QMenu>

#include "main_window.h"
#include "status_presenter.h"
#include "tray_state.h"

namespace indblik::tray {

TrayIcon::TrayIcon(StatusPresenter& presenter, MainWindow& window, QObject* parent)
    : QSystemTrayIcon(parent), m_presenter(presenter), m_window(window), m_menu(new QMenu) {
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    auto* open = m_menu->addAction(tr("&Open"));
    open->setObjectName(QStringLiteral("openAction"));
    connect(open, &QAction::triggered, &m_window, &MainWindow::present);
    auto* quit = m_menu->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    connect(quit, &QAction::triggered, qApp, &QCoreApplication::quit);
    setContextMenu(m_menu);

    connect(this, &QSystemTrayIcon::activated, this, [this](ActivationReason reason) {
        if (reason == Trigger || reason == DoubleClick) {
            m_window.present();
        }
    });
    connect(this, &QSystemTrayIcon::messageClicked, &m_window, &MainWindow::present);
    connect(&m_presenter, &StatusPresenter::changed, this, &TrayIcon::update);
    update();
}

// QSystemTrayIcon does not own its context menu.
TrayIcon::~TrayIcon() {
    delete m_menu;
}

void TrayIcon::update() {
    setIcon(stateIcon(m_presenter.state()));
    setToolTip(tr("Indblik: %1").arg(m_presenter.headline()));

    const auto undeclared = m_presenter.undeclaredCount();
    if (m_presenter.state() == TrayState::Undeclared && undeclared > m_lastUndeclaredCount) {
        showMessage(tr("Undeclared monitoring found"), m_presenter.headline(),
                    QSystemTrayIcon::Warning);
    }
    if (m_presenter.state() != TrayState::NotConnected) {
        m_lastUndeclaredCount = undeclared;
    }
}

} // namespace indblik::tray
