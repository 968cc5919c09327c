#pragma once

// "Who looked at my data": the access log from the agent's `my_data` answer (the server's
// GET /api/v1/me, `access_log`), one row per access, newest first, in plain words: who (name
// and role), what, when (local time), why.

#include <vector>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace indblik::tray {

struct AccessEntry {
    qint64 seq = 0;
    QDateTime time; // UTC
    QString actorName;
    QString actorRole;
    QString what;
    QString why;
    QString outcome; // "read" or "refused"
    bool own = false;
};

class AccessLogModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { WhenColumn, WhoColumn, WhatColumn, WhyColumn, ColumnCount };
    enum Role { OwnRole = Qt::UserRole + 1, RefusedRole, TimeRole };

    explicit AccessLogModel(QObject* parent = nullptr);

    // The whole `my_data` answer; entries without a time are left out.
    void setMyData(const QJsonObject& myData);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const AccessEntry* entryAt(int row) const;
    bool loaded() const { return m_loaded; }
    bool intact() const { return m_intact; }
    qint64 total() const { return m_total; }

    // Plain words for a role, a "what" and a "why" as the server records them.
    static QString roleText(const QString& role);
    static QString whatText(const QString& what);
    static QString whyText(const AccessEntry& entry);
    static QString whoText(const AccessEntry& entry);
    static QString localTime(const QDateTime& utc);

private:
    std::vector<AccessEntry> m_entries;
    bool m_loaded = false;
    bool m_intact = true;
    qint64 m_total = 0;
};

} // namespace indblik::tray
