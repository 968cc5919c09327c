#include "coming_changes_view.h"

#include <QDate>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace indblik::tray {

ComingChangesView::ComingChangesView(Language language, Clock clock, QWidget* parent)
    : QWidget(parent), m_language(language), m_clock(std::move(clock)) {
    setObjectName(QStringLiteral("comingChangesView"));
    setAccessibleName(tr("Coming changes"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Changes your employer has announced to the monitoring, before "
                                "they take effect, compared with what applies now."),
                             this);
    intro->setObjectName(QStringLiteral("comingIntroLabel"));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("comingSummaryLabel"));
    m_summaryLabel->setAccessibleName(tr("How many changes are announced"));
    m_summaryLabel->setWordWrap(true);
    layout->addWidget(m_summaryLabel);
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("comingChangesBrowser"));
    m_browser->setAccessibleName(tr("The announced changes"));
    layout->addWidget(m_browser, 1);
    setFocusProxy(m_browser);
    m_summaryLabel->setText(tr("Asking the Indblik agent…"));
    m_browser->clear();
}

std::int64_t ComingChangesView::today() const {
    return QDate(1970, 1, 1).daysTo(m_clock().toLocalTime().date());
}

void ComingChangesView::setOverview(const Overview& overview) {
    m_received = true;
    // The pointers in m_changes point into m_policies: recompute both together.
    m_policies = overview.policies;
    const auto day = today();
    m_changes = ComingChanges::compute(m_policies, day, m_language, overview.observations);
    m_summaryLabel->setText(m_changes.empty() ? tr("Nothing is announced.")
                                              : tr("%n change(s) announced.", nullptr,
                                                   static_cast<int>(m_changes.size())));
    m_browser->setHtml(ComingChanges::html(m_changes, day, m_language));
}

void ComingChangesView::setFailed(const QString& reason) {
    if (!m_received) {
        m_summaryLabel->setText(reason);
    }
}

} // namespace indblik::tray
