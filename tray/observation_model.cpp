#include "observation_model.h"

#include <algorithm>
#include <map>
#include <string>

#include <QBrush>
#include <QColor>
#include <QDate>
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

ObservationModel::ObservationModel(Language language, Clock clock, QObject* parent)
    : QAbstractTableModel(parent), m_language(language), m_clock(std::move(clock)),
      m_declaredIcon(stateIcon(TrayState::AllDeclared)),
      m_undeclaredIcon(stateIcon(TrayState::Undeclared)) {}

QList<ObservationEntry> ObservationModel::declaredElsewhere(const Overview& overview) const {
    const auto today = QDate(1970, 1, 1).daysTo(m_clock().toLocalTime().date());
    // Of each policy, the version in effect now (the newest that took effect).
    std::map<std::string, const Policy*> inEffect;
    for (const auto& policy : overview.policies) {
        if (!policy.inEffect(today)) {
            continue;
        }
        auto& slot = inEffect[policy.id];
        if (slot == nullptr || policy.effectiveDay > slot->effectiveDay) {
            slot = &policy;
        }
    }
    QList<ObservationEntry> out;
    for (const auto& [id, policy] : inEffect) {
        const auto policyId = QString::fromStdString(id);
        const bool coversSomethingHere =
            std::any_of(overview.observations.begin(), overview.observations.end(),
                        [&policyId](const ObservationEntry& o) { return o.policyId == policyId; });
        if (coversSomethingHere) {
            continue;
        }
        ObservationEntry entry;
        entry.name = QString::fromStdString(policy->system);
        for (const auto& word : policy->categories) {
            entry.categories.append(QString::fromStdString(word));
        }
        entry.declared = true;
        entry.policyId = policyId;
        entry.foundHere = false;
        out.append(entry);
    }
    return out;
}

void ObservationModel::setOverview(const Overview& overview) {
    beginResetModel();
    m_entries = overview.observations;
    m_entries.append(declaredElsewhere(overview));
    // Undeclared first: they are what the employee most needs to see; declared monitoring not
    // found here last.
    const auto rank = [](const ObservationEntry& e) {
        return !e.declared ? 0 : e.foundHere ? 1 : 2;
    };
    std::stable_sort(
        m_entries.begin(), m_entries.end(),
        [this, &rank](const ObservationEntry& a, const ObservationEntry& b) {
            if (rank(a) != rank(b)) {
                return rank(a) < rank(b);
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
    if (!entry.foundHere) {
        return tr("Declared; not on this computer");
    }
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
        if (!entry.foundHere) {
            return tr("Your employer has declared this monitoring. Indblik did not find it on "
                      "this computer: it may run on your employer's servers or on your other "
                      "computers.");
        }
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
    case FoundHereRole:
        return entry.foundHere;
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
    names.insert(FoundHereRole, "foundHere");
    return names;
}

} // namespace indblik::tray
