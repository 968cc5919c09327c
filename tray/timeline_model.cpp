#include "timeline_model.h"

#include <algorithm>
#include <set>

#include <QJsonArray>

#include "access_log_model.h"

namespace indblik::tray {

namespace {

QString fromUtf8(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QStringList stringList(const QJsonValue& value) {
    QStringList out;
    for (const auto& v : value.toArray()) {
        if (v.isString()) {
            out.append(v.toString());
        }
    }
    return out;
}

QString key(const QString& deviceId, qint64 seq) {
    return deviceId + QLatin1Char('#') + QString::number(seq);
}

} // namespace

TimelineModel::TimelineModel(Language language, Clock clock, QObject* parent)
    : QAbstractTableModel(parent), m_language(language), m_clock(std::move(clock)) {}

void TimelineModel::setMyData(const QJsonObject& myData) {
    beginResetModel();
    m_all.clear();
    m_rows.clear();
    m_categoriesOf.clear();
    m_reachedEnd = false;
    addEvents(myData);
    m_loaded = true;
    refilter();
    endResetModel();
}

void TimelineModel::appendPage(const QJsonObject& myData) {
    beginResetModel();
    addEvents(myData);
    refilter();
    endResetModel();
}

void TimelineModel::clear() {
    beginResetModel();
    m_all.clear();
    m_rows.clear();
    m_categoriesOf.clear();
    m_next.clear();
    m_more = false;
    m_reachedEnd = false;
    m_loaded = false;
    endResetModel();
}

void TimelineModel::addEvents(const QJsonObject& myData) {
    // What each monitoring system collects, for activity entries (which name the system only).
    for (const auto& value : myData.value(QStringLiteral("observations")).toArray()) {
        const auto o = value.toObject();
        const auto categories = stringList(o.value(QStringLiteral("categories")));
        for (const auto* field : {"product", "name"}) {
            const auto name = o.value(QLatin1String(field)).toString();
            if (!name.isEmpty() && !m_categoriesOf.contains(name)) {
                m_categoriesOf.insert(name, categories);
            }
        }
    }

    const auto cutoff = m_clock().addDays(-kDays);
    const auto events = myData.value(QStringLiteral("events")).toObject();
    m_more = events.value(QStringLiteral("more")).toBool();
    m_next = events.value(QStringLiteral("next")).toString();

    QSet<QString> seen;
    for (const auto& e : m_all) {
        seen.insert(key(e.deviceId, e.seq));
    }
    for (const auto& value : events.value(QStringLiteral("items")).toArray()) {
        const auto o = value.toObject();
        TimelineEvent e;
        e.time =
            QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        if (!e.time.isValid()) {
            continue;
        }
        if (e.time < cutoff) {
            m_reachedEnd = true;
            continue;
        }
        e.deviceId = o.value(QStringLiteral("device_id")).toString();
        e.seq = static_cast<qint64>(o.value(QStringLiteral("seq")).toDouble());
        if (seen.contains(key(e.deviceId, e.seq))) {
            continue;
        }
        seen.insert(key(e.deviceId, e.seq));
        e.hostname = o.value(QStringLiteral("hostname")).toString();
        e.kind = o.value(QStringLiteral("kind")).toString();
        const auto summary = o.value(QStringLiteral("summary")).toObject();
        e.summaryEn = summary.value(QStringLiteral("en")).toString();
        e.summaryDa = summary.value(QStringLiteral("da")).toString();
        const auto payload = o.value(QStringLiteral("payload")).toObject();
        const auto title = payload.value(QStringLiteral("title")).toObject();
        auto name = payload.value(QStringLiteral("name")).toString();
        if (name.isEmpty()) {
            name = payload.value(QStringLiteral("product")).toString();
        }
        if (!name.isEmpty()) {
            e.systemEn = title.value(QStringLiteral("en")).toString(name);
            e.systemDa = title.value(QStringLiteral("da")).toString(name);
        }
        e.categories = stringList(payload.value(QStringLiteral("categories")));
        if (e.categories.isEmpty()) {
            const auto product = payload.value(QStringLiteral("product")).toString();
            e.categories = m_categoriesOf.value(product.isEmpty() ? name : product,
                                                m_categoriesOf.value(name));
        }
        m_all.push_back(std::move(e));
    }
    // Newest first, whatever order the pages had.
    std::stable_sort(m_all.begin(), m_all.end(),
                     [](const TimelineEvent& a, const TimelineEvent& b) {
                         if (a.time != b.time) {
                             return a.time > b.time;
                         }
                         return a.deviceId != b.deviceId ? a.deviceId < b.deviceId : a.seq > b.seq;
                     });
}

QString TimelineModel::nextCursor() const {
    return m_more && !m_reachedEnd ? m_next : QString();
}

QString TimelineModel::systemName(const TimelineEvent& e) const {
    if (e.systemEn.isEmpty()) {
        return tr("Indblik itself");
    }
    return m_language == Language::Danish ? e.systemDa : e.systemEn;
}

QString TimelineModel::categoryName(const QString& word) const {
    const auto* category = findDataCategory(word.toStdString());
    return category != nullptr ? fromUtf8(category->name(m_language)) : word;
}

void TimelineModel::refilter() {
    m_rows.clear();
    for (int i = 0; i < static_cast<int>(m_all.size()); ++i) {
        const auto& e = m_all[static_cast<std::size_t>(i)];
        if (!m_systemFilter.isEmpty() && systemName(e) != m_systemFilter) {
            continue;
        }
        if (!m_categoryFilter.isEmpty() && !e.categories.contains(m_categoryFilter)) {
            continue;
        }
        m_rows.push_back(i);
    }
}

void TimelineModel::setSystemFilter(const QString& system) {
    if (system == m_systemFilter) {
        return;
    }
    beginResetModel();
    m_systemFilter = system;
    refilter();
    endResetModel();
}

void TimelineModel::setCategoryFilter(const QString& category) {
    if (category == m_categoryFilter) {
        return;
    }
    beginResetModel();
    m_categoryFilter = category;
    refilter();
    endResetModel();
}

QStringList TimelineModel::systems() const {
    std::set<QString> names;
    for (const auto& e : m_all) {
        names.insert(systemName(e));
    }
    return {names.begin(), names.end()};
}

QStringList TimelineModel::categories() const {
    std::set<QString> words;
    for (const auto& e : m_all) {
        words.insert(e.categories.begin(), e.categories.end());
    }
    return {words.begin(), words.end()};
}

int TimelineModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const TimelineEvent* TimelineModel::eventAt(int row) const {
    if (row < 0 || row >= rowCount()) {
        return nullptr;
    }
    return &m_all[static_cast<std::size_t>(m_rows[static_cast<std::size_t>(row)])];
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const {
    const auto* e = index.isValid() ? eventAt(index.row()) : nullptr;
    if (e == nullptr || index.column() >= ColumnCount) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case WhenColumn:
            return AccessLogModel::localTime(e->time);
        case ComputerColumn:
            return e->hostname;
        case SystemColumn:
            return systemName(*e);
        case CategoriesColumn: {
            QStringList names;
            for (const auto& word : e->categories) {
                names.append(categoryName(word));
            }
            // Not ", ": some category names contain a comma.
            return names.join(QStringLiteral("; "));
        }
        case WhatColumn: {
            const auto& summary = m_language == Language::Danish ? e->summaryDa : e->summaryEn;
            return summary.isEmpty() ? e->kind : summary;
        }
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return index.column() == WhenColumn ? QVariant(e->time.toString(Qt::ISODate)) : QVariant();
    case TimeRole:
        return e->time;
    case KindRole:
        return e->kind;
    case CategoriesRole:
        return e->categories;
    default:
        return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case WhenColumn:
        return tr("When");
    case ComputerColumn:
        return tr("Computer");
    case SystemColumn:
        return tr("System");
    case CategoriesColumn:
        return tr("Data collected");
    case WhatColumn:
        return tr("What happened");
    default:
        return {};
    }
}

} // namespace indblik::tray
