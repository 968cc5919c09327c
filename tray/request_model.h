#pragma once

// "My requests": the employee's requests from the agent's `requests` answer (the server's
// GET /api/v1/me/requests), newest first: type, subject, status, the named contact and the
// deadline, with an overdue request said plainly.

#include <vector>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace indblik::tray {

struct RequestEntry {
    QString id;
    QString type;
    QString subject;
    QString status;
    QDateTime receivedAt; // UTC
    QDateTime dueAt;      // UTC
    bool overdue = false;
    bool extended = false;
    QString answeredBy;
    QString answer;
};

class RequestModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        TypeColumn,
        SubjectColumn,
        StatusColumn,
        ContactColumn,
        DeadlineColumn,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, OverdueRole, StatusRole };

    explicit RequestModel(QObject* parent = nullptr);

    // The `requests` answer ({"requests": [...], "overdue": n}).
    void setRequests(const QJsonObject& answer);
    // One request as the server returns it after submit_request: shown at once, at the top.
    void addRequest(const QJsonObject& request);
    // Who answers requests that nobody has answered yet: the contact the employer's policies
    // name (from `my_data`), e.g. "Dorte Dahl <dpo@example.com>".
    void setContact(const QString& contact);
    static QString contactFrom(const QJsonObject& myData);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const RequestEntry* entryAt(int row) const;
    int rowOfId(const QString& id) const;
    bool loaded() const { return m_loaded; }

    static QString typeText(const QString& type);
    static QString statusText(const QString& status);
    // The request types in the order the form offers them.
    static QStringList types();

private:
    static RequestEntry parse(const QJsonObject& o);
    QString deadlineText(const RequestEntry& e) const;
    QString contactText(const RequestEntry& e) const;

    std::vector<RequestEntry> m_entries;
    QString m_contact;
    bool m_loaded = false;
};

} // namespace indblik::tray
