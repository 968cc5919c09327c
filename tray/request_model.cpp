#include "request_model.h"

#include <algorithm>

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonArray>
#include <QLocale>

namespace indblik::tray {

RequestModel::RequestModel(QObject* parent) : QAbstractTableModel(parent) {}

RequestEntry RequestModel::parse(const QJsonObject& o) {
    RequestEntry e;
    e.id = o.value(QStringLiteral("id")).toString();
    // The list says "type"; the export's records say "request_type".
    e.type = o.value(QStringLiteral("type")).toString();
    if (e.type.isEmpty()) {
        e.type = o.value(QStringLiteral("request_type")).toString();
    }
    e.subject = o.value(QStringLiteral("subject")).toString();
    e.status = o.value(QStringLiteral("status")).toString();
    e.receivedAt =
        QDateTime::fromString(o.value(QStringLiteral("received_at")).toString(), Qt::ISODateWithMs);
    e.dueAt =
        QDateTime::fromString(o.value(QStringLiteral("due_at")).toString(), Qt::ISODateWithMs);
    e.overdue = o.value(QStringLiteral("overdue")).toBool();
    e.extended = o.value(QStringLiteral("extended_at")).isString();
    e.answeredBy = o.value(QStringLiteral("answered_by")).toString();
    e.answer = o.value(QStringLiteral("answer")).toString();
    if (e.answer.isEmpty()) {
        e.answer = o.value(QStringLiteral("refusal_reason")).toString();
    }
    return e;
}

void RequestModel::setRequests(const QJsonObject& answer) {
    std::vector<RequestEntry> entries;
    for (const auto& value : answer.value(QStringLiteral("requests")).toArray()) {
        auto e = parse(value.toObject());
        if (!e.id.isEmpty()) {
            entries.push_back(e);
        }
    }
    std::stable_sort(
        entries.begin(), entries.end(),
        [](const RequestEntry& a, const RequestEntry& b) { return a.receivedAt > b.receivedAt; });
    beginResetModel();
    m_entries = std::move(entries);
    m_loaded = true;
    endResetModel();
}

void RequestModel::addRequest(const QJsonObject& request) {
    auto e = parse(request);
    if (e.id.isEmpty() || rowOfId(e.id) >= 0) {
        return;
    }
    beginInsertRows({}, 0, 0);
    m_entries.insert(m_entries.begin(), e);
    endInsertRows();
}

void RequestModel::setContact(const QString& contact) {
    m_contact = contact;
    if (!m_entries.empty()) {
        emit dataChanged(index(0, ContactColumn), index(rowCount() - 1, ContactColumn));
    }
}

QString RequestModel::contactFrom(const QJsonObject& myData) {
    // The policies in effect name the human to contact; the first one that names someone.
    for (const auto& value : myData.value(QStringLiteral("policies")).toArray()) {
        const auto policy = value.toObject();
        const auto contact = policy.value(QStringLiteral("policy"))
                                 .toObject()
                                 .value(QStringLiteral("contact"))
                                 .toObject();
        const auto name = contact.value(QStringLiteral("name")).toString();
        if (name.isEmpty()) {
            continue;
        }
        const auto email = contact.value(QStringLiteral("email")).toString();
        return email.isEmpty() ? name : QStringLiteral("%1 <%2>").arg(name, email);
    }
    return {};
}

int RequestModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int RequestModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const RequestEntry* RequestModel::entryAt(int row) const {
    if (row < 0 || row >= rowCount()) {
        return nullptr;
    }
    return &m_entries[static_cast<std::size_t>(row)];
}

int RequestModel::rowOfId(const QString& id) const {
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].id == id) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

QStringList RequestModel::types() {
    return {QStringLiteral("question"), QStringLiteral("copy"), QStringLiteral("correction"),
            QStringLiteral("objection"), QStringLiteral("deletion")};
}

QString RequestModel::typeText(const QString& type) {
    if (type == QLatin1String("question")) {
        return tr("Question");
    }
    if (type == QLatin1String("copy")) {
        return tr("Copy of my data");
    }
    if (type == QLatin1String("correction")) {
        return tr("Correction");
    }
    if (type == QLatin1String("objection")) {
        return tr("Objection");
    }
    if (type == QLatin1String("deletion")) {
        return tr("Deletion");
    }
    return type;
}

QString RequestModel::statusText(const QString& status) {
    if (status == QLatin1String("received")) {
        return tr("Received");
    }
    if (status == QLatin1String("in_progress")) {
        return tr("Being handled");
    }
    if (status == QLatin1String("answered")) {
        return tr("Answered");
    }
    if (status == QLatin1String("refused")) {
        return tr("Refused");
    }
    return status;
}

QString RequestModel::deadlineText(const RequestEntry& e) const {
    if (!e.dueAt.isValid()) {
        return {};
    }
    const auto date =
        QLocale().toString(e.dueAt.toLocalTime().date(), QStringLiteral("yyyy-MM-dd"));
    if (e.overdue) {
        return tr("OVERDUE: was due %1").arg(date);
    }
    if (e.status == QLatin1String("answered") || e.status == QLatin1String("refused")) {
        return tr("%1 (done)").arg(date);
    }
    return e.extended ? tr("%1 (extended)").arg(date) : date;
}

QString RequestModel::contactText(const RequestEntry& e) const {
    if (!e.answeredBy.isEmpty()) {
        return e.answeredBy;
    }
    return m_contact.isEmpty() ? tr("The data protection officer") : m_contact;
}

QVariant RequestModel::data(const QModelIndex& index, int role) const {
    const auto* e = index.isValid() ? entryAt(index.row()) : nullptr;
    if (e == nullptr || index.column() >= ColumnCount) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case TypeColumn:
            return typeText(e->type);
        case SubjectColumn:
            return e->subject;
        case StatusColumn:
            return statusText(e->status);
        case ContactColumn:
            return contactText(*e);
        case DeadlineColumn:
            return deadlineText(*e);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return e->answer.isEmpty() ? QVariant() : QVariant(e->answer);
    case Qt::FontRole:
        if (e->overdue && index.column() == DeadlineColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        // The words say it; the colour only repeats it.
        return e->overdue && index.column() == DeadlineColumn
                   ? QVariant(QBrush(QColor(0xa4, 0x00, 0x1d)))
                   : QVariant();
    case IdRole:
        return e->id;
    case OverdueRole:
        return e->overdue;
    case StatusRole:
        return e->status;
    default:
        return {};
    }
}

QVariant RequestModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case TypeColumn:
        return tr("Type");
    case SubjectColumn:
        return tr("Subject");
    case StatusColumn:
        return tr("Status");
    case ContactColumn:
        return tr("Contact");
    case DeadlineColumn:
        return tr("Deadline");
    default:
        return {};
    }
}

} // namespace indblik::tray
