#include "access_log_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "access_log_model.h"
#include "server_client.h"
#include "view_parts.h"

namespace indblik::tray {

AccessLogView::AccessLogView(ServerClient& client, QWidget* parent)
    : QWidget(parent), m_client(client), m_model(new AccessLogModel(this)) {
    setObjectName(QStringLiteral("accessLogView"));
    setAccessibleName(tr("Who looked at my data"));
    auto* layout = new QVBoxLayout(this);

    auto* header = new QHBoxLayout;
    auto* intro = new QLabel(tr("Everyone who looked at your data on the Indblik server, and why. "
                                "Every access is recorded; nobody can read your data unseen."),
                             this);
    intro->setObjectName(QStringLiteral("accessIntroLabel"));
    intro->setWordWrap(true);
    header->addWidget(intro, 1);
    m_refreshButton = ViewParts::refreshButton(this, QStringLiteral("accessRefreshButton"),
                                               tr("Refresh the access log"));
    connect(m_refreshButton, &QPushButton::clicked, this, &AccessLogView::refresh);
    header->addWidget(m_refreshButton);
    layout->addLayout(header);

    m_intactLabel = new QLabel(this);
    m_intactLabel->setObjectName(QStringLiteral("accessIntactLabel"));
    m_intactLabel->setAccessibleName(tr("Whether the access log is intact"));
    m_intactLabel->setWordWrap(true);
    layout->addWidget(m_intactLabel);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("accessMessageLabel"));
    m_messageLabel->setAccessibleName(tr("Access log status"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_messageLabel);

    m_table = ViewParts::recordTable(this, QStringLiteral("accessLogTable"),
                                     tr("Accesses to your data, newest first"), m_model);
    m_table->horizontalHeader()->setSectionResizeMode(AccessLogModel::WhenColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AccessLogModel::WhoColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AccessLogModel::WhatColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AccessLogModel::WhyColumn,
                                                      QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 1);
    setTabOrder(m_table, m_refreshButton);
    setFocusProxy(m_table);

    connect(&m_client, &ServerClient::answered, this, &AccessLogView::onAnswered);
    connect(&m_client, &ServerClient::failed, this, &AccessLogView::onFailed);
    updateState();
}

void AccessLogView::ensureLoaded() {
    if (!m_model->loaded() && m_pending == 0 && m_problem.isEmpty()) {
        refresh();
    }
}

void AccessLogView::refresh() {
    if (m_pending != 0) {
        return;
    }
    m_pending = m_client.fetchMyData();
    updateState();
}

void AccessLogView::onAnswered(int id, const QString&, const ServerOutcome& outcome) {
    if (id != m_pending) {
        return;
    }
    m_pending = 0;
    m_problem.clear();
    m_model->setMyData(outcome.answer);
    updateState();
    emit myDataReceived(outcome.answer);
}

void AccessLogView::onFailed(int id, const QString&, const ServerOutcome& outcome) {
    if (id != m_pending) {
        return;
    }
    m_pending = 0;
    m_problem = outcome.reason;
    updateState();
}

void AccessLogView::updateState() {
    m_refreshButton->setEnabled(m_pending == 0);
    QString message;
    if (m_pending != 0) {
        message = tr("Asking the server…");
    } else if (!m_problem.isEmpty()) {
        message =
            m_model->loaded()
                ? tr("%1 The list below is from the last time the server answered.").arg(m_problem)
                : m_problem;
    } else if (m_model->loaded() && m_model->rowCount() == 0) {
        message = tr("Nobody has looked at your data yet.");
    } else if (m_model->loaded() && m_model->total() > m_model->rowCount()) {
        message = tr("Showing the newest %1 of %2 accesses.")
                      .arg(m_model->rowCount())
                      .arg(m_model->total());
    }
    m_messageLabel->setText(message);
    m_messageLabel->setVisible(!message.isEmpty());

    if (!m_model->loaded()) {
        m_intactLabel->clear();
        m_intactLabel->hide();
        return;
    }
    m_intactLabel->show();
    if (m_model->intact()) {
        m_intactLabel->setText(
            tr("The access log is intact: no entry has been changed or removed."));
        m_intactLabel->setStyleSheet(QString());
    } else {
        m_intactLabel->setText(tr("Warning: the access log does not verify. Entries may have been "
                                  "changed or removed; tell the data protection officer."));
        m_intactLabel->setStyleSheet(QStringLiteral("color: #a4001d; font-weight: bold;"));
    }
}

} // namespace indblik::tray
