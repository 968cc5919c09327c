#include "notifier.h"

#include <QDate>
#include <QJsonArray>
#include <QStringList>

namespace indblik::tray {

namespace {

constexpr auto kUndeclared = "notified/undeclared";
constexpr auto kAccessSeq = "notified/access_seq";
constexpr auto kAnnounced = "notified/announced";
constexpr auto kAnswers = "notified/answers";

} // namespace

Notifier::Notifier(const QString& statePath, Clock clock, QObject* parent)
    : QObject(parent),
      m_settings(statePath.isEmpty()
                     ? QSettings(QSettings::IniFormat, QSettings::UserScope,
                                 QStringLiteral("indblik"), QStringLiteral("indblik-tray-notified"))
                           .fileName()
                     : statePath,
                 QSettings::IniFormat),
      m_clock(std::move(clock)) {}

QList<Notification> Notifier::onOverview(const Overview& overview) {
    QList<Notification> out;
    // New undeclared monitoring: keys not said before.
    auto said = m_settings.value(QLatin1String(kUndeclared)).toStringList();
    QStringList fresh;
    for (const auto& o : overview.observations) {
        if (!o.declared && !said.contains(o.key())) {
            fresh.append(o.name);
            said.append(o.key());
        }
    }
    if (!fresh.isEmpty()) {
        Notification n;
        n.kind = Notification::Kind::Undeclared;
        n.title = tr("Undeclared monitoring found");
        n.text = tr("Found on this computer and not declared by your employer: %1")
                     .arg(fresh.join(QStringLiteral(", ")));
        out.append(n);
        m_settings.setValue(QLatin1String(kUndeclared), said);
    }

    // Announced changes: each policy version (id and day it takes effect) once.
    const auto today = QDate(1970, 1, 1).daysTo(m_clock().toLocalTime().date());
    auto announced = m_settings.value(QLatin1String(kAnnounced)).toStringList();
    QStringList systems;
    for (const auto& p : overview.policies) {
        const auto key =
            QString::fromStdString(p.id) + QLatin1Char('@') + QString::number(p.effectiveDay);
        if (!p.inEffect(today) && !announced.contains(key)) {
            systems.append(QString::fromStdString(p.system));
            announced.append(key);
        }
    }
    if (!systems.isEmpty()) {
        Notification n;
        n.kind = Notification::Kind::Announced;
        n.title = tr("Your employer announced a change");
        n.text = tr("Announced changes to the monitoring: %1. See Coming changes.")
                     .arg(systems.join(QStringLiteral(", ")));
        out.append(n);
        m_settings.setValue(QLatin1String(kAnnounced), announced);
    }
    m_settings.sync();
    return out;
}

QList<Notification> Notifier::onMyData(const QJsonObject& myData) {
    QList<Notification> out;
    // Accesses by others with a sequence number above the highest one said.
    const auto last = m_settings.value(QLatin1String(kAccessSeq), 0).toLongLong();
    qint64 highest = last;
    QStringList who;
    int count = 0;
    const auto log = myData.value(QStringLiteral("access_log")).toObject();
    for (const auto& value : log.value(QStringLiteral("events")).toArray()) {
        const auto e = value.toObject();
        const auto seq = static_cast<qint64>(e.value(QStringLiteral("seq")).toDouble());
        highest = std::max(highest, seq);
        if (seq <= last || e.value(QStringLiteral("own")).toBool()) {
            continue;
        }
        ++count;
        const auto name = e.value(QStringLiteral("actor_name")).toString();
        if (!name.isEmpty() && !who.contains(name)) {
            who.append(name);
        }
    }
    if (count > 0) {
        Notification n;
        n.kind = Notification::Kind::Access;
        n.title = tr("Someone looked at your data");
        n.text =
            tr("%n new access(es) to your data by: %1. See Who looked at my data.", nullptr, count)
                .arg(who.join(QStringLiteral(", ")));
        out.append(n);
    }
    if (highest != last) {
        m_settings.setValue(QLatin1String(kAccessSeq), highest);
    }

    // Answers to my requests: each request id once.
    auto answered = m_settings.value(QLatin1String(kAnswers)).toStringList();
    QStringList subjects;
    for (const auto& value : myData.value(QStringLiteral("requests")).toArray()) {
        const auto r = value.toObject();
        const auto id = r.value(QStringLiteral("id")).toString();
        if (id.isEmpty() || r.value(QStringLiteral("answered_at")).toString().isEmpty() ||
            answered.contains(id)) {
            continue;
        }
        answered.append(id);
        subjects.append(r.value(QStringLiteral("subject")).toString());
    }
    if (!subjects.isEmpty()) {
        Notification n;
        n.kind = Notification::Kind::Answer;
        n.title = tr("Your request was answered");
        n.text = tr("Answered: %1. See My requests.").arg(subjects.join(QStringLiteral(", ")));
        out.append(n);
        m_settings.setValue(QLatin1String(kAnswers), answered);
    }
    m_settings.sync();
    return out;
}

void Notifier::setOverview(const Overview& overview) {
    for (const auto& n : onOverview(overview)) {
        emit notify(n);
    }
}

void Notifier::setMyData(const QJsonObject& myData) {
    for (const auto& n : onMyData(myData)) {
        emit notify(n);
    }
}

} // namespace indblik::tray
