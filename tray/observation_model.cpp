#include "observation_model.h"

#include <algorithm>

#include <QBrush>
#include <QColor>
#include <QFont>

#include "tray_state.h"

namespace indblik::tray {
namespace {

// Dark enough for WCAG AA contrast on a white background; the text says it too.
const QColor kUndeclaredColor(0xa4, 0x00, 0x1d);

QString fromUtf8(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

ObservationModel::ObservationModel(Language language, QObject* parent)
    : QAbstractTableModel(parent), m_language(language),
      m_declaredIcon(stateIcon(TrayState::AllDeclared)),
      m_undeclaredIcon(stateIcon(TrayState::Undeclared)) {}

void ObservationModel::setOverview(const Overview& overview) {
    beginResetModel();
    m_entries = overview.observations;
    // Undeclared first: they are what the employee most needs to see.
    std::stable_sort(
        m_entries.begin(), m_entries.end(),
        [this](const ObservationEntry& a, const ObservationEntry& b) {
            if (a.declared != b.declared) {
                return !a.declared;
            }
            return a.displayName(m_language).localeAwareCompare(b.displayName(m_language)) < 0;
        });
    m_policies = overview.policies;
    endResetModel();
}

const ObservationEntry* ObservationModel::entryAt(int row) const {
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
}

const Policy* ObservationModel::policyAt(int row) const {
    const auto* entry = entryAt(row);
    if (entry == nullptr || entry->policyId.isEmpty()) {
        return nullptr;
    }
    const auto wanted = entry->policyId.toStdString();
    const auto it = std::find_if(m_policies.begin(), m_policies.end(),
                                 [&wanted](const Policy& p) { return p.id == wanted; });
    return it == m_policies.end() ? nullptr : &*it;
}

int ObservationModel::rowOfKey(const QString& key) const {
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).key() == key) {
            return row;
        }
    }
    return -1;
}

int ObservationModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int ObservationModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList ObservationModel::categoryNames(const ObservationEntry& entry) const {
    QStringList names;
    for (const auto& word : entry.categories) {
        const auto* category = findDataCategory(word.toStdString());
        // A word this tray does not know yet (a newer agent) is shown as it is.
        names.append(category != nullptr ? fromUtf8(category->name(m_language)) : word);
    }
    return names;
}

QString ObservationModel::statusText(const ObservationEntry& entry) const {
    return entry.declared ? tr("Declared") : tr("Not declared");
}

QVariant ObservationModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto& entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return entry.displayName(m_language);
        case CategoriesColumn: {
            const auto names = categoryNames(entry);
            // Not ", ": some category names contain a comma ("Kommandoer, du kører").
            return names.isEmpty() ? tr("Not known") : names.join(QLatin1String("; "));
        }
        case StatusColumn:
            return statusText(entry);
        default:
            return {};
        }
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole:
        return entry.declared ? tr("Your employer has declared this monitoring.")
                              : tr("Your employer has not declared this monitoring.");
    case Qt::FontRole:
        if (!entry.declared) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (!entry.declared && index.column() == StatusColumn) {
            return QBrush(kUndeclaredColor);
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == StatusColumn) {
            return entry.declared ? m_declaredIcon : m_undeclaredIcon;
        }
        return {};
    case NameRole:
        return entry.displayName(m_language);
    case KeyRole:
        return entry.key();
    case DetectorRole:
        return entry.detector;
    case CategoriesRole:
        return entry.categories;
    case CategoryNamesRole:
        return categoryNames(entry);
    case DeclaredRole:
        return entry.declared;
    case PolicyIdRole:
        return entry.policyId;
    case PurposeRole: {
        const auto* policy = policyAt(index.row());
        return policy != nullptr ? QString::fromStdString(policy->purposes.in(m_language))
                                 : QString();
    }
    case EvidenceRole:
        return entry.evidence;
    case WhyRole:
        return entry.why(m_language);
    default:
        return {};
    }
}

QVariant ObservationModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Monitoring");
    case CategoriesColumn:
        return tr("What it collects");
    case StatusColumn:
        return tr("Declared by your employer?");
    default:
        return {};
    }
}

QHash<int, QByteArray> ObservationModel::roleNames() const {
    auto names = QAbstractTableModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(KeyRole, "key");
    names.insert(DetectorRole, "detector");
    names.insert(CategoriesRole, "categories");
    names.insert(CategoryNamesRole, "categoryNames");
    names.insert(DeclaredRole, "declared");
    names.insert(PolicyIdRole, "policyId");
    names.insert(PurposeRole, "purpose");
    names.insert(EvidenceRole, "evidence");
    names.insert(WhyRole, "why");
    return names;
}

} // namespace indblik::tray
