#pragma once

// What the tray tells the employee at a glance, and the icon for it. Each state has its own
// shape as well as its own colour, so it does not rely on colour alone.

#include <QIcon>
#include <QObject>

namespace indblik::tray {
Q_NAMESPACE

enum class TrayState {
    Connecting,   // not asked the agent yet
    NotConnected, // the agent did not answer
    NothingFound, // the agent found no monitoring
    AllDeclared,  // everything found is declared by the employer
    Undeclared,   // at least one monitoring system is not declared
    NotVerified,  // everything found is declared, but the record on this computer does not verify
    ChangeAnnounced, // everything found is declared, and the employer announced a change
};
Q_ENUM_NS(TrayState)

// Needs a QGuiApplication.
QIcon stateIcon(TrayState state);

} // namespace indblik::tray
