#include "requests_view.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "request_model.h"
#include "server_client.h"
#include "view_parts.h"

namespace indblik::tray {
namespace {

qsizetype characters(const QString& text) {
    return text.toUcs4().size();
}

} // namespace

RequestsView::RequestsView(ServerClient& client, QWidget* parent)
    : QWidget(parent), m_client(client), m_model(new RequestModel(this)) {
    setObjectName(QStringLiteral("requestsView"));
    setAccessibleName(tr("My requests"));
    auto* layout = new QVBoxLayout(this);

    auto* header = new QHBoxLayout;
    auto* intro = new QLabel(tr("Ask a question, ask for a copy of your data, a correction or a "
                                "deletion, or object. A named person answers, by the deadline "
                                "the law sets."),
                             this);
    intro->setObjectName(QStringLiteral("requestsIntroLabel"));
    intro->setWordWrap(true);
    header->addWidget(intro, 1);
    m_refreshButton = ViewParts::refreshButton(this, QStringLiteral("requestsRefreshButton"),
                                               tr("Refresh my requests"));
    connect(m_refreshButton, &QPushButton::clicked, this, &RequestsView::refresh);
    header->addWidget(m_refreshButton);
    layout->addLayout(header);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("requestsMessageLabel"));
    m_messageLabel->setAccessibleName(tr("Requests status"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_messageLabel);

    m_table = ViewParts::recordTable(this, QStringLiteral("requestTable"),
                                     tr("Your requests, newest first"), m_model);
    // Whole words in every column but the subject, which takes the rest of the width.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RequestModel::SubjectColumn,
                                                      QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 1);

    auto* form = new QGroupBox(tr("New request"), this);
    form->setObjectName(QStringLiteral("newRequestBox"));
    auto* formLayout = new QFormLayout(form);
    m_typeBox = new QComboBox(form);
    m_typeBox->setObjectName(QStringLiteral("requestTypeBox"));
    m_typeBox->setAccessibleName(tr("Type of request"));
    for (const auto& type : RequestModel::types()) {
        m_typeBox->addItem(RequestModel::typeText(type), type);
    }
    formLayout->addRow(tr("&Type:"), m_typeBox);
    m_subjectEdit = new QLineEdit(form);
    m_subjectEdit->setObjectName(QStringLiteral("requestSubjectEdit"));
    m_subjectEdit->setAccessibleName(tr("Subject"));
    m_subjectEdit->setMaxLength(kMaxSubject);
    formLayout->addRow(tr("&Subject:"), m_subjectEdit);
    m_textEdit = new QPlainTextEdit(form);
    m_textEdit->setObjectName(QStringLiteral("requestTextEdit"));
    m_textEdit->setAccessibleName(tr("Text of the request"));
    m_textEdit->setTabChangesFocus(true);
    m_textEdit->setMaximumHeight(120);
    formLayout->addRow(tr("Te&xt:"), m_textEdit);
    m_formMessage = new QLabel(form);
    m_formMessage->setObjectName(QStringLiteral("requestFormMessage"));
    m_formMessage->setAccessibleName(tr("About the new request"));
    m_formMessage->setWordWrap(true);
    m_submitButton = new QPushButton(tr("Send &request"), form);
    m_submitButton->setObjectName(QStringLiteral("submitRequestButton"));
    m_submitButton->setAccessibleName(tr("Send the request"));
    connect(m_submitButton, &QPushButton::clicked, this, &RequestsView::submit);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_formMessage, 1);
    buttons->addWidget(m_submitButton);
    formLayout->addRow(buttons);
    layout->addWidget(form);

    setTabOrder(m_table, m_refreshButton);
    setTabOrder(m_refreshButton, m_typeBox);
    setTabOrder(m_typeBox, m_subjectEdit);
    setTabOrder(m_subjectEdit, m_textEdit);
    setTabOrder(m_textEdit, m_submitButton);
    setFocusProxy(m_table);

    connect(&m_client, &ServerClient::answered, this, &RequestsView::onAnswered);
    connect(&m_client, &ServerClient::failed, this, &RequestsView::onFailed);
    updateState();
}

void RequestsView::ensureLoaded() {
    if (!m_model->loaded() && m_listPending == 0 && m_problem.isEmpty()) {
        refresh();
    }
}

void RequestsView::refresh() {
    if (m_listPending != 0) {
        return;
    }
    m_listPending = m_client.fetchRequests();
    if (!m_haveContact && m_contactPending == 0) {
        m_contactPending = m_client.fetchMyData();
    }
    updateState();
}

void RequestsView::setMyData(const QJsonObject& myData) {
    const auto contact = RequestModel::contactFrom(myData);
    m_haveContact = true;
    if (!contact.isEmpty()) {
        m_model->setContact(contact);
    }
}

QString RequestsView::validate() const {
    const auto subject = m_subjectEdit->text().trimmed();
    if (subject.isEmpty()) {
        return tr("Write a subject: a few words about what you ask.");
    }
    if (characters(subject) > kMaxSubject) {
        return tr("The subject is too long: at most %1 characters.").arg(kMaxSubject);
    }
    if (characters(m_textEdit->toPlainText()) > kMaxText) {
        return tr("The text is too long: at most %1 characters.").arg(kMaxText);
    }
    if (m_typeBox->currentIndex() < 0) {
        return tr("Choose the type of request.");
    }
    return {};
}

void RequestsView::submit() {
    if (m_submitPending != 0) {
        return;
    }
    const auto problem = validate();
    if (!problem.isEmpty()) {
        setFormMessage(problem, true);
        (m_subjectEdit->text().trimmed().isEmpty() ? static_cast<QWidget*>(m_subjectEdit)
                                                   : static_cast<QWidget*>(m_textEdit))
            ->setFocus();
        return;
    }
    m_submitPending =
        m_client.submitRequest(m_typeBox->currentData().toString(), m_subjectEdit->text().trimmed(),
                               m_textEdit->toPlainText());
    setFormMessage(tr("Sending…"), false);
    updateState();
}

void RequestsView::onAnswered(int id, const QString&, const ServerOutcome& outcome) {
    if (id == m_contactPending) {
        m_contactPending = 0;
        setMyData(outcome.answer);
        return;
    }
    if (id == m_listPending) {
        m_listPending = 0;
        m_problem.clear();
        m_model->setRequests(outcome.answer);
        updateState();
        return;
    }
    if (id == m_submitPending) {
        m_submitPending = 0;
        m_model->addRequest(outcome.answer);
        const auto newId = outcome.answer.value(QStringLiteral("id")).toString();
        const auto row = m_model->rowOfId(newId);
        if (row >= 0) {
            m_table->selectRow(row);
        }
        m_subjectEdit->clear();
        m_textEdit->clear();
        const auto* entry = m_model->entryAt(row);
        setFormMessage(entry != nullptr && entry->dueAt.isValid()
                           ? tr("Your request was sent. It is to be answered by %1.")
                                 .arg(entry->dueAt.toLocalTime().date().toString(Qt::ISODate))
                           : tr("Your request was sent."),
                       false);
        updateState();
        emit submitted(newId);
        // The list as the server has it now (the new request with its status and contact).
        refresh();
    }
}

void RequestsView::onFailed(int id, const QString&, const ServerOutcome& outcome) {
    if (id == m_contactPending) {
        m_contactPending = 0; // the requests say why already, if the server is away
        return;
    }
    if (id == m_listPending) {
        m_listPending = 0;
        m_problem = outcome.reason;
        updateState();
        return;
    }
    if (id == m_submitPending) {
        m_submitPending = 0;
        // What was typed stays, so it can be sent again.
        setFormMessage(tr("Your request was not sent. %1").arg(outcome.reason), true);
        updateState();
    }
}

void RequestsView::setFormMessage(const QString& text, bool problem) {
    m_formMessage->setText(text);
    m_formMessage->setStyleSheet(problem ? QStringLiteral("color: #a4001d; font-weight: bold;")
                                         : QString());
}

void RequestsView::updateState() {
    m_refreshButton->setEnabled(m_listPending == 0);
    m_submitButton->setEnabled(m_submitPending == 0);
    QString message;
    if (m_listPending != 0) {
        message = tr("Asking the server…");
    } else if (!m_problem.isEmpty()) {
        message =
            m_model->loaded()
                ? tr("%1 The list below is from the last time the server answered.").arg(m_problem)
                : m_problem;
    } else if (m_model->loaded() && m_model->rowCount() == 0) {
        message = tr("You have not sent any requests yet.");
    }
    m_messageLabel->setText(message);
    m_messageLabel->setVisible(!message.isEmpty());
}

} // namespace indblik::tray
