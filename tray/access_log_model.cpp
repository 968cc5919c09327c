#include "access_log_model.h"

#include <algorithm>

#include <QFont>
#include <QJsonArray>
#include <QLocale>

namespace indblik::tray {

AccessLogModel::AccessLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void AccessLogModel::setMyData(const QJsonObject& myData) {
    const auto log = myData.value(QStringLiteral("access_log")).toObject();
    std::vector<AccessEntry> entries;
    for (const auto& value : log.value(QStringLiteral("events")).toArray()) {
        const auto o = value.toObject();
        AccessEntry e;
        e.seq = static_cast<qint64>(o.value(QStringLiteral("seq")).toDouble());
        e.time =
            QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        if (!e.time.isValid()) {
            continue;
        }
        e.actorName = o.value(QStringLiteral("actor_name")).toString();
        e.actorRole = o.value(QStringLiteral("actor_role")).toString();
        e.what = o.value(QStringLiteral("what")).toString();
        e.why = o.value(QStringLiteral("why")).toString();
        e.outcome = o.value(QStringLiteral("outcome")).toString();
        e.own = o.value(QStringLiteral("own")).toBool();
        entries.push_back(e);
    }
    // Newest first, whatever order the answer had.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const AccessEntry& a, const AccessEntry& b) {
                         return a.time != b.time ? a.time > b.time : a.seq > b.seq;
                     });
    beginResetModel();
    m_entries = std::move(entries);
    m_loaded = true;
    m_intact = log.value(QStringLiteral("intact")).toBool(true);
    m_total = static_cast<qint64>(log.value(QStringLiteral("total")).toDouble());
    endResetModel();
}

void AccessLogModel::clear() {
    beginResetModel();
    m_entries.clear();
    m_loaded = false;
    m_intact = true;
    m_total = 0;
    endResetModel();
}

int AccessLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int AccessLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const AccessEntry* AccessLogModel::entryAt(int row) const {
    if (row < 0 || row >= rowCount()) {
        return nullptr;
    }
    return &m_entries[static_cast<std::size_t>(row)];
}

QString AccessLogModel::roleText(const QString& role) {
    if (role == QLatin1String("employee")) {
        return tr("employee");
    }
    if (role == QLatin1String("dpo")) {
        return tr("data protection officer");
    }
    if (role == QLatin1String("admin")) {
        return tr("IT administrator");
    }
    if (role == QLatin1String("council")) {
        return tr("works council");
    }
    if (role == QLatin1String("system")) {
        return tr("the system");
    }
    return role;
}

QString AccessLogModel::whatText(const QString& what) {
    if (what == QLatin1String("data")) {
        return tr("Your data");
    }
    if (what.startsWith(QLatin1String("export:"))) {
        return tr("An export of your data (%1)").arg(what.mid(7).toUpper());
    }
    if (what.startsWith(QLatin1String("request:"))) {
        return tr("Your request %1").arg(what.mid(8));
    }
    if (what.startsWith(QLatin1String("report:"))) {
        return tr("A report on %1").arg(what.mid(7));
    }
    return what;
}

QString AccessLogModel::whyText(const AccessEntry& entry) {
    if (entry.own) {
        return tr("You did this yourself");
    }
    if (entry.why.isEmpty()) {
        return tr("(no reason given)");
    }
    return entry.why;
}

QString AccessLogModel::whoText(const AccessEntry& entry) {
    const auto name = entry.actorName.isEmpty() ? tr("Unknown") : entry.actorName;
    return tr("%1 (%2)").arg(name, roleText(entry.actorRole));
}

QString AccessLogModel::localTime(const QDateTime& utc) {
    return QLocale().toString(utc.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
}

QVariant AccessLogModel::data(const QModelIndex& index, int role) const {
    const auto* entry = index.isValid() ? entryAt(index.row()) : nullptr;
    if (entry == nullptr || index.column() >= ColumnCount) {
        return {};
    }
    const bool refused = entry->outcome == QLatin1String("refused");
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case WhenColumn:
            return localTime(entry->time);
        case WhoColumn:
            return whoText(*entry);
        case WhatColumn:
            return refused ? tr("%1 – refused, nothing was shown").arg(whatText(entry->what))
                           : whatText(entry->what);
        case WhyColumn:
            return whyText(*entry);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return index.column() == WhenColumn ? QVariant(entry->time.toString(Qt::ISODate))
                                            : QVariant();
    case Qt::FontRole:
        if (refused) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case OwnRole:
        return entry->own;
    case RefusedRole:
        return refused;
    case TimeRole:
        return entry->time;
    default:
        return {};
    }
}

QVariant AccessLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case WhenColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case WhatColumn:
        return tr("What");
    case WhyColumn:
        return tr("Why");
    default:
        return {};
    }
}

} // namespace indblik::tray
