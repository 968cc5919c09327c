#pragma once

// "Timeline": what was collected about the employee over the last 30 days, from the agent's
// `my_data` answer (the server's GET /api/v1/me, `events.items`, newest first, in pages joined
// with `before` = `events.next`). One row per ledger entry: when (local time), on which
// computer, by which monitoring system, which data categories, and what happened in plain words.
// Filterable by system and by data category.

#include <vector>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "clock.h"
#include "vocabulary.h"

namespace indblik::tray {

struct TimelineEvent {
    QDateTime time; // UTC
    QString deviceId;
    QString hostname;
    qint64 seq = 0;
    QString kind;
    QString systemEn; // the monitoring system's name (or "Indblik itself" for the agent's own)
    QString systemDa;
    QStringList categories; // vocabulary words
    QString summaryEn;
    QString summaryDa;
};

class TimelineModel : public QAbstractTableModel {
    Q_OBJECT

public:
    static constexpr int kDays = 30;

    enum Column {
        WhenColumn,
        ComputerColumn,
        SystemColumn,
        CategoriesColumn,
        WhatColumn,
        ColumnCount
    };
    enum Role { TimeRole = Qt::UserRole + 1, KindRole, CategoriesRole };

    explicit TimelineModel(Language language, Clock clock = systemClock(),
                           QObject* parent = nullptr);

    // The first page of a `my_data` answer: replaces what was there.
    void setMyData(const QJsonObject& myData);
    // A further page (asked with `before`): added, events already there left out.
    void appendPage(const QJsonObject& myData);
    void clear();

    // The cursor for the next page, or empty when the 30 days are complete (or the server had
    // no more).
    QString nextCursor() const;

    // Only rows of this system (its name in the model's language) / this category word; empty
    // for all.
    void setSystemFilter(const QString& system);
    void setCategoryFilter(const QString& category);
    const QString& systemFilter() const { return m_systemFilter; }
    const QString& categoryFilter() const { return m_categoryFilter; }

    // The systems (names) and category words among the events of the 30 days, sorted.
    QStringList systems() const;
    QStringList categories() const;
    QString categoryName(const QString& word) const;

    bool loaded() const { return m_loaded; }
    // Events of the 30 days loaded, whatever the filter.
    int totalInWindow() const { return static_cast<int>(m_all.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const TimelineEvent* eventAt(int row) const;

private:
    void addEvents(const QJsonObject& myData);
    void refilter();
    QString systemName(const TimelineEvent& e) const;

    Language m_language;
    Clock m_clock;
    std::vector<TimelineEvent> m_all;           // newest first, within the 30 days
    std::vector<int> m_rows;                    // indices into m_all that pass the filter
    QHash<QString, QStringList> m_categoriesOf; // observation key/product/name -> categories
    QString m_next;
    bool m_more = false;
    bool m_reachedEnd = false; // an event older than the 30 days was seen
    bool m_loaded = false;
    QString m_systemFilter;
    QString m_categoryFilter;
};

} // namespace indblik::tray
