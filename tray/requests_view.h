#pragma once

// The "My requests" tab: the employee's requests (type, subject, status, the named contact, the
// deadline, overdue said plainly) and a form for a new one, sent through the agent.

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace indblik::tray {

class RequestModel;
class ServerClient;
struct ServerOutcome;

class RequestsView : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMaxSubject = 200; // characters, as the server allows
    static constexpr int kMaxText = 10'000; // characters

    explicit RequestsView(ServerClient& client, QWidget* parent = nullptr);

    RequestModel& model() { return *m_model; }

    // What is wrong with the form as filled in, or an empty string. Public for tests.
    QString validate() const;

public slots:
    void refresh();
    void ensureLoaded();
    // Sends the form when it is valid; otherwise says what to fix.
    void submit();
    // Takes the named contact from a `my_data` answer.
    void setMyData(const QJsonObject& myData);

signals:
    void submitted(const QString& id);

private:
    void onAnswered(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void onFailed(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void updateState();
    void setFormMessage(const QString& text, bool problem);

    ServerClient& m_client;
    RequestModel* m_model;
    int m_listPending = 0;
    int m_contactPending = 0;
    int m_submitPending = 0;
    bool m_haveContact = false;
    QString m_problem;

    QLabel* m_messageLabel = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_refreshButton = nullptr;
    QComboBox* m_typeBox = nullptr;
    QLineEdit* m_subjectEdit = nullptr;
    QPlainTextEdit* m_textEdit = nullptr;
    QPushButton* m_submitButton = nullptr;
    QLabel* m_formMessage = nullptr;
};

} // namespace indblik::tray
