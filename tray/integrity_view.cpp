#include "integrity_view.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "access_log_model.h"
#include "server_client.h"
#include "view_parts.h"

namespace indblik::tray {

IntegrityView::IntegrityView(ServerClient& client, QWidget* parent)
    : QWidget(parent), m_client(client) {
    setObjectName(QStringLiteral("integrityView"));
    setAccessibleName(tr("Integrity"));
    auto* layout = new QVBoxLayout(this);
    auto* header = new QHBoxLayout;
    auto* intro = new QLabel(tr("Every record of the monitoring is chained and signed, so a "
                                "change or a removal shows. Here is whether your record "
                                "verifies, and up to when."),
                             this);
    intro->setObjectName(QStringLiteral("integrityIntroLabel"));
    intro->setWordWrap(true);
    header->addWidget(intro, 1);
    m_refreshButton = ViewParts::refreshButton(this, QStringLiteral("integrityRefreshButton"),
                                               tr("Check the integrity again"));
    connect(m_refreshButton, &QPushButton::clicked, this, &IntegrityView::refresh);
    header->addWidget(m_refreshButton);
    layout->addLayout(header);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("integritySummaryLabel"));
    m_summaryLabel->setAccessibleName(tr("Whether your record verifies"));
    m_summaryLabel->setWordWrap(true);
    auto font = m_summaryLabel->font();
    font.setBold(true);
    m_summaryLabel->setFont(font);
    layout->addWidget(m_summaryLabel);

    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("integrityBrowser"));
    m_browser->setAccessibleName(tr("Your record, computer by computer"));
    layout->addWidget(m_browser, 1);
    setFocusProxy(m_browser);
    setTabOrder(m_browser, m_refreshButton);

    connect(&m_client, &ServerClient::answered, this, &IntegrityView::onAnswered);
    connect(&m_client, &ServerClient::failed, this, &IntegrityView::onFailed);
    updateText();
}

QString IntegrityView::whatToDo() {
    return tr("What to do: tell your data protection officer, and do not reinstall or reset the "
              "computer, so the record can be examined.");
}

QString IntegrityView::localSentence(const Overview& o) {
    if (!o.ledgerIntact) {
        return tr("The record kept on this computer does not verify: an entry was changed or "
                  "removed.");
    }
    if (o.ledgerVerifiedUpTo.isValid()) {
        return tr("The record kept on this computer is intact, verified by the server up to %1.")
            .arg(AccessLogModel::localTime(o.ledgerVerifiedUpTo));
    }
    return tr("The record kept on this computer is intact. The server has not confirmed a signed "
              "checkpoint of it yet; that happens with the next syncs.");
}

QString IntegrityView::deviceSentence(const DeviceIntegrityText& d) {
    const auto host = d.hostname.isEmpty() ? tr("a computer") : d.hostname;
    if (d.intact == 0) {
        // The server's own words are technical and in English: kept apart, marked as such.
        const auto sentence = tr("Your record from %1 does not verify: it was changed after the "
                                 "computer signed it.")
                                  .arg(host);
        return d.problem.isEmpty()
                   ? sentence
                   : tr("%1 (The server's technical note: %2)").arg(sentence, d.problem);
    }
    if (d.intact == 1 && d.verifiedUpTo.isValid()) {
        return tr("Your record from %1 is intact, verified up to %2.")
            .arg(host, AccessLogModel::localTime(d.verifiedUpTo));
    }
    return tr("Your record from %1 has not been checked yet: the computer has not sent a signed "
              "checkpoint.")
        .arg(host);
}

void IntegrityView::setOverview(const Overview& overview) {
    m_overview = overview;
    m_haveOverview = true;
    updateText();
}

void IntegrityView::ensureLoaded() {
    if (!m_loaded && m_pending == 0 && m_problem.isEmpty()) {
        refresh();
    }
}

void IntegrityView::refresh() {
    if (m_pending != 0) {
        return;
    }
    m_pending = m_client.fetchMyData();
    updateText();
}

void IntegrityView::onAnswered(int id, const QString&, const ServerOutcome& outcome) {
    if (id != m_pending) {
        return;
    }
    m_pending = 0;
    m_problem.clear();
    m_loaded = true;
    m_devices.clear();
    for (const auto& value : outcome.answer.value(QStringLiteral("devices")).toArray()) {
        const auto o = value.toObject();
        const auto integrity = o.value(QStringLiteral("integrity")).toObject();
        DeviceIntegrityText d;
        d.hostname = o.value(QStringLiteral("hostname")).toString();
        const auto intact = integrity.value(QStringLiteral("intact"));
        d.intact = intact.isBool() ? (intact.toBool() ? 1 : 0) : -1;
        d.verifiedUpTo = QDateTime::fromString(
            integrity.value(QStringLiteral("verified_up_to")).toString(), Qt::ISODateWithMs);
        d.problem = integrity.value(QStringLiteral("problem")).toString();
        m_devices.append(d);
    }
    updateText();
}

void IntegrityView::onFailed(int id, const QString&, const ServerOutcome& outcome) {
    if (id != m_pending) {
        return;
    }
    m_pending = 0;
    m_problem = outcome.reason;
    updateText();
}

QStringList IntegrityView::sentences() const {
    QStringList out;
    if (m_haveOverview) {
        out.append(localSentence(m_overview));
    }
    for (const auto& d : m_devices) {
        out.append(deviceSentence(d));
    }
    return out;
}

bool IntegrityView::hasProblem() const {
    if (m_haveOverview && !m_overview.ledgerIntact) {
        return true;
    }
    for (const auto& d : m_devices) {
        if (d.intact == 0) {
            return true;
        }
    }
    return false;
}

void IntegrityView::updateText() {
    m_refreshButton->setEnabled(m_pending == 0);
    if (hasProblem()) {
        m_summaryLabel->setText(tr("Part of your record does not verify. %1").arg(whatToDo()));
        m_summaryLabel->setStyleSheet(QStringLiteral("color: #a4001d;"));
    } else if (!m_haveOverview && !m_loaded) {
        m_summaryLabel->setText(tr("Asking the Indblik agent…"));
        m_summaryLabel->setStyleSheet(QString());
    } else {
        m_summaryLabel->setText(tr("Nothing in your record has been changed or removed."));
        m_summaryLabel->setStyleSheet(QString());
    }

    QString html = QStringLiteral("<h3>%1</h3>").arg(tr("On this computer").toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>")
                .arg((m_haveOverview ? localSentence(m_overview)
                                     : tr("The Indblik agent has not answered yet."))
                         .toHtmlEscaped());
    html += QStringLiteral("<h3>%1</h3>").arg(tr("On the Indblik server").toHtmlEscaped());
    if (m_pending != 0) {
        html += QStringLiteral("<p>%1</p>").arg(tr("Asking the server…").toHtmlEscaped());
    } else if (!m_problem.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(m_problem.toHtmlEscaped());
    }
    if (m_loaded && m_devices.isEmpty()) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("The server has no computer of yours on record yet.").toHtmlEscaped());
    }
    html += QStringLiteral("<ul>");
    for (const auto& d : m_devices) {
        html += QStringLiteral("<li>%1</li>").arg(deviceSentence(d).toHtmlEscaped());
    }
    html += QStringLiteral("</ul>");
    if (hasProblem()) {
        html += QStringLiteral("<p><b>%1</b></p>").arg(whatToDo().toHtmlEscaped());
    }
    m_browser->setHtml(html);
}

} // namespace indblik::tray
