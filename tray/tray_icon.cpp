#include "tray_icon.h"

#include <QAction>
#include <QCoreApplication>
#include <QMenu>
#include <QTimer>

#include "access_log_view.h"
#include "agent_connector.h"
#include "main_window.h"
#include "status_presenter.h"
#include "tray_state.h"

namespace indblik::tray {

TrayIcon::TrayIcon(StatusPresenter& presenter, MainWindow& window, const QString& notifiedPath,
                   QObject* parent)
    : QSystemTrayIcon(parent), m_presenter(presenter), m_window(window), m_menu(new QMenu),
      m_notifier(notifiedPath), m_poll(new QTimer(this)) {
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
    connect(&m_window.connector(), &AgentConnector::overviewReceived, &m_notifier,
            &Notifier::setOverview);
    connect(&m_window.accessLogView(), &AccessLogView::myDataReceived, &m_notifier,
            &Notifier::setMyData);
    connect(&m_notifier, &Notifier::notify, this, [this](const Notification& n) {
        showMessage(n.title, n.text,
                    n.kind == Notification::Kind::Undeclared ? QSystemTrayIcon::Warning
                                                             : QSystemTrayIcon::Information);
    });
    // New accesses and answers are on the server: ask it now and then (the employee's own reads
    // are not recorded as accesses).
    m_poll->setInterval(std::chrono::minutes(kServerPollMinutes));
    connect(m_poll, &QTimer::timeout, &m_window.accessLogView(), &AccessLogView::refresh);
    m_poll->start();
    QTimer::singleShot(std::chrono::seconds(10), &m_window.accessLogView(),
                       &AccessLogView::ensureLoaded);
    update();
}

// QSystemTrayIcon does not own its context menu.
TrayIcon::~TrayIcon() {
    delete m_menu;
}

void TrayIcon::update() {
    setIcon(stateIcon(m_presenter.state()));
    setToolTip(tr("Indblik: %1").arg(m_presenter.headline()));
}

} // namespace indblik::tray
