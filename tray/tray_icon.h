#pragma once

// The system-tray icon: its shape and tooltip show the state (all declared, undeclared found,
// not connected); its menu opens the window or quits. It says so once when new undeclared
// monitoring appears.

#include <QSystemTrayIcon>

class QMenu;

namespace indblik::tray {

class MainWindow;
class StatusPresenter;

class TrayIcon : public QSystemTrayIcon {
    Q_OBJECT

public:
    TrayIcon(StatusPresenter& presenter, MainWindow& window, QObject* parent = nullptr);
    ~TrayIcon() override;

private:
    void update();

    StatusPresenter& m_presenter;
    MainWindow& m_window;
    QMenu* m_menu;
    int m_lastUndeclaredCount = 0;
};

} // namespace indblik::tray
