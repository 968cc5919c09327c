#pragma once

// The observations the agent reported, as a table: one row per monitoring system, undeclared
// ones first; then one row for each policy in effect that covers nothing found here (monitoring
// the employer declares that runs elsewhere: its servers, the employee's other computers), so
// the overview shows everything the employer declares, not only what is on this computer. Text
// comes in the UI language: category names from indblik_core's vocabulary, the rest through tr().
// Undeclared rows stand out in text, weight and colour.

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>

#include "clock.h"
#include "overview.h"
#include "vocabulary.h"

namespace indblik::tray {

class ObservationModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, CategoriesColumn, StatusColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        NameRole = Qt::UserRole + 1,
        KeyRole,           // QString: stays the same across refreshes
        DetectorRole,      // QString
        CategoriesRole,    // QStringList of vocabulary words
        CategoryNamesRole, // QStringList of plain-language names in the UI language
        DeclaredRole,      // bool
        PolicyIdRole,      // QString, empty when undeclared
        PurposeRole,       // QString in the UI language, empty when no policy is known
        EvidenceRole,      // QStringList
        WhyRole,           // QString in the UI language
        FoundHereRole,     // bool: false for declared monitoring not found on this computer
    };
    Q_ENUM(Role)

    // Needs a QGuiApplication (it draws its icons). The clock decides which policies are in
    // effect.
    explicit ObservationModel(Language language, Clock clock = systemClock(),
                              QObject* parent = nullptr);

    Language language() const { return m_language; }
    void setOverview(const Overview& overview);

    // For the details pane; nullptr when row is out of range or no policy covers it.
    const ObservationEntry* entryAt(int row) const;
    const Policy* policyAt(int row) const;
    // The row of the observation with this key, or -1.
    int rowOfKey(const QString& key) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<ObservationEntry> declaredElsewhere(const Overview& overview) const;
    QStringList categoryNames(const ObservationEntry& entry) const;
    QString statusText(const ObservationEntry& entry) const;

    Language m_language;
    Clock m_clock;
    QList<ObservationEntry> m_entries;
    std::vector<Policy> m_policies;
    QIcon m_declaredIcon;
    QIcon m_undeclaredIcon;
};

} // namespace indblik::tray
