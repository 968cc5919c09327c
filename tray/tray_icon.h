#pragma once

// The system-tray icon: its shape and tooltip show the state (all declared, a change announced,
// undeclared found, record not verified, not connected); its menu opens the window or quits.
// Desktop notifications (Notifier) say once each: new undeclared monitoring, a new access to my
// data, an announced change, an answer to my request; the employee's data on the server is
// asked for every 15 minutes for the last two.

#include <QSystemTrayIcon>

#include "notifier.h"

class QMenu;
class QTimer;

namespace indblik::tray {

class MainWindow;
class StatusPresenter;

class TrayIcon : public QSystemTrayIcon {
    Q_OBJECT

public:
    // notifiedPath: where the notifications already shown are remembered (empty: the user's
    // config, see Notifier).
    TrayIcon(StatusPresenter& presenter, MainWindow& window, const QString& notifiedPath = {},
             QObject* parent = nullptr);
    ~TrayIcon() override;

    static constexpr int kServerPollMinutes = 15;
    Notifier& notifier() { return m_notifier; }

private:
    void update();

    StatusPresenter& m_presenter;
    MainWindow& m_window;
    QMenu* m_menu;
    Notifier m_notifier;
    QTimer* m_poll;
};

} // namespace indblik::tray
