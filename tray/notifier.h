#pragma once

// Which desktop notifications to show, each once: new undeclared monitoring, a new access to my
// data by someone else, an announced change, an answer to my request. What was already said is
// remembered in a small settings file, so a restart does not say it again. Several new things
// of one kind make one notification ("3 new accesses"), never a burst.

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSettings>
#include <QString>

#include "clock.h"
#include "overview.h"

namespace indblik::tray {

struct Notification {
    enum class Kind { Undeclared, Access, Announced, Answer };
    Kind kind = Kind::Undeclared;
    QString title;
    QString text;
};

class Notifier : public QObject {
    Q_OBJECT

public:
    // statePath: the settings file that remembers what was notified; empty for the user's
    // default (~/.config/indblik/indblik-tray-notified.conf).
    explicit Notifier(const QString& statePath = {}, Clock clock = systemClock(),
                      QObject* parent = nullptr);

    // What to say now about this overview / this `my_data` answer; remembered as said.
    QList<Notification> onOverview(const Overview& overview);
    QList<Notification> onMyData(const QJsonObject& myData);

signals:
    void notify(const indblik::tray::Notification& notification);

public slots:
    // As above, emitting notify() for each.
    void setOverview(const indblik::tray::Overview& overview);
    void setMyData(const QJsonObject& myData);

private:
    QSettings m_settings;
    Clock m_clock;
};

} // namespace indblik::tray

Q_DECLARE_METATYPE(indblik::tray::Notification)
