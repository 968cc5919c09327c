#include "timeline_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

#include "server_client.h"
#include "timeline_model.h"
#include "view_parts.h"

namespace indblik::tray {

TimelineView::TimelineView(ServerClient& client, Language language, Clock clock, QWidget* parent)
    : QWidget(parent), m_client(client),
      m_model(new TimelineModel(language, std::move(clock), this)) {
    setObjectName(QStringLiteral("timelineView"));
    setAccessibleName(tr("Timeline"));
    auto* layout = new QVBoxLayout(this);

    auto* header = new QHBoxLayout;
    auto* intro = new QLabel(tr("What the monitoring on your computers recorded about you in the "
                                "last 30 days, newest first."),
                             this);
    intro->setObjectName(QStringLiteral("timelineIntroLabel"));
    intro->setWordWrap(true);
    header->addWidget(intro, 1);
    m_refreshButton = ViewParts::refreshButton(this, QStringLiteral("timelineRefreshButton"),
                                               tr("Refresh the timeline"));
    connect(m_refreshButton, &QPushButton::clicked, this, &TimelineView::refresh);
    header->addWidget(m_refreshButton);
    layout->addLayout(header);

    auto* filters = new QHBoxLayout;
    m_systemBox = new QComboBox(this);
    m_systemBox->setObjectName(QStringLiteral("timelineSystemBox"));
    m_systemBox->setAccessibleName(tr("Show only this monitoring system"));
    auto* systemLabel = new QLabel(tr("&System:"), this);
    systemLabel->setObjectName(QStringLiteral("timelineSystemLabel"));
    systemLabel->setBuddy(m_systemBox);
    filters->addWidget(systemLabel);
    filters->addWidget(m_systemBox, 1);
    m_categoryBox = new QComboBox(this);
    m_categoryBox->setObjectName(QStringLiteral("timelineCategoryBox"));
    m_categoryBox->setAccessibleName(tr("Show only this kind of data"));
    auto* categoryLabel = new QLabel(tr("&Data:"), this);
    categoryLabel->setObjectName(QStringLiteral("timelineCategoryLabel"));
    categoryLabel->setBuddy(m_categoryBox);
    filters->addWidget(categoryLabel);
    filters->addWidget(m_categoryBox, 1);
    layout->addLayout(filters);
    connect(m_systemBox, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setSystemFilter(m_systemBox->currentData().toString());
        updateState();
    });
    connect(m_categoryBox, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setCategoryFilter(m_categoryBox->currentData().toString());
        updateState();
    });

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("timelineMessageLabel"));
    m_messageLabel->setAccessibleName(tr("Timeline status"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_messageLabel);

    m_table = ViewParts::recordTable(this, QStringLiteral("timelineTable"),
                                     tr("What was collected, newest first"), m_model);
    auto* columns = m_table->horizontalHeader();
    for (int c = 0; c < TimelineModel::WhatColumn; ++c) {
        columns->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    }
    columns->setSectionResizeMode(TimelineModel::WhatColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 1);
    setTabOrder(m_table, m_systemBox);
    setTabOrder(m_systemBox, m_categoryBox);
    setTabOrder(m_categoryBox, m_refreshButton);
    setFocusProxy(m_table);

    connect(&m_client, &ServerClient::answered, this, &TimelineView::onAnswered);
    connect(&m_client, &ServerClient::failed, this, &TimelineView::onFailed);
    fillFilters();
    updateState();
}

void TimelineView::ensureLoaded() {
    if (!m_model->loaded() && m_pending == 0 && m_problem.isEmpty()) {
        refresh();
    }
}

void TimelineView::refresh() {
    if (m_pending != 0) {
        return;
    }
    m_pages = 0;
    m_truncated = false;
    m_pending = m_client.fetchMyData();
    updateState();
}

void TimelineView::onAnswered(int id, const QString&, const ServerOutcome& outcome) {
    if (id != m_pending) {
        return;
    }
    m_pending = 0;
    m_problem.clear();
    if (m_pages == 0) {
        m_model->setMyData(outcome.answer);
    } else {
        m_model->appendPage(outcome.answer);
    }
    ++m_pages;
    // The server sends the newest events a page at a time: ask on until the 30 days are in.
    const auto next = m_model->nextCursor();
    if (!next.isEmpty()) {
        if (m_pages < kMaxPages) {
            QJsonObject extra;
            extra.insert(QStringLiteral("before"), next);
            m_pending = m_client.ask(QStringLiteral("my_data"), extra);
        } else {
            m_truncated = true;
        }
    }
    fillFilters();
    updateState();
}

void TimelineView::onFailed(int id, const QString&, const ServerOutcome& outcome) {
    if (id != m_pending) {
        return;
    }
    m_pending = 0;
    m_problem = outcome.reason;
    updateState();
}

void TimelineView::fillFilters() {
    const auto system = m_model->systemFilter();
    const auto category = m_model->categoryFilter();
    {
        const QSignalBlocker block(m_systemBox);
        m_systemBox->clear();
        m_systemBox->addItem(tr("All systems"), QString());
        for (const auto& name : m_model->systems()) {
            m_systemBox->addItem(name, name);
        }
        const auto at = m_systemBox->findData(system);
        m_systemBox->setCurrentIndex(at >= 0 ? at : 0);
    }
    {
        const QSignalBlocker block(m_categoryBox);
        m_categoryBox->clear();
        m_categoryBox->addItem(tr("All kinds of data"), QString());
        for (const auto& word : m_model->categories()) {
            m_categoryBox->addItem(m_model->categoryName(word), word);
        }
        const auto at = m_categoryBox->findData(category);
        m_categoryBox->setCurrentIndex(at >= 0 ? at : 0);
    }
    // A filter whose value is gone shows everything again.
    m_model->setSystemFilter(m_systemBox->currentData().toString());
    m_model->setCategoryFilter(m_categoryBox->currentData().toString());
}

void TimelineView::updateState() {
    m_refreshButton->setEnabled(m_pending == 0);
    QString message;
    if (m_pending != 0) {
        message = tr("Asking the server…");
    } else if (!m_problem.isEmpty()) {
        message =
            m_model->loaded()
                ? tr("%1 The list below is from the last time the server answered.").arg(m_problem)
                : m_problem;
    } else if (m_model->loaded() && m_model->totalInWindow() == 0) {
        message = tr("Nothing was recorded about you in the last 30 days.");
    } else if (m_model->loaded() && m_model->rowCount() == 0) {
        message = tr("Nothing in the last 30 days matches the filter.");
    } else if (m_model->loaded()) {
        message = m_truncated
                      ? tr("Showing the newest %n event(s); there are more in the last "
                           "30 days. Export your data to see them all.",
                           nullptr, m_model->rowCount())
                      : tr("%n event(s) in the last 30 days.", nullptr, m_model->rowCount());
    }
    m_messageLabel->setText(message);
    m_messageLabel->setVisible(!message.isEmpty());
}

} // namespace indblik::tray
