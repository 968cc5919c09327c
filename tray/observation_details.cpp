#include "observation_details.h"

#include <QDate>
#include <QLocale>

namespace indblik::tray {
namespace {

QString escaped(const std::string& text) {
    return QString::fromStdString(text).toHtmlEscaped();
}

QString escaped(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())).toHtmlEscaped();
}

QString field(const QString& label, const QString& valueHtml) {
    return QStringLiteral("<p><b>%1</b> %2</p>").arg(label.toHtmlEscaped(), valueHtml);
}

QLocale localeFor(Language language) {
    return language == Language::Danish ? QLocale(QLocale::Danish, QLocale::Denmark)
                                        : QLocale(QLocale::English, QLocale::UnitedKingdom);
}

QString formatDay(std::int64_t daysSinceEpoch, Language language) {
    // The long format without the weekday: "20 April 2026", "20. april 2026".
    const auto format = language == Language::Danish ? QStringLiteral("d. MMMM yyyy")
                                                     : QStringLiteral("d MMMM yyyy");
    return localeFor(language).toString(QDate(1970, 1, 1).addDays(daysSinceEpoch), format);
}

QString categoryList(const QStringList& words, Language language) {
    QString html = QStringLiteral("<ul>");
    for (const auto& word : words) {
        const auto* category = findDataCategory(word.toStdString());
        if (category == nullptr) {
            html += QStringLiteral("<li><b>%1</b></li>").arg(word.toHtmlEscaped());
            continue;
        }
        html +=
            QStringLiteral("<li><b>%1</b>: %2</li>")
                .arg(escaped(category->name(language)), escaped(category->explanation(language)));
    }
    return html + QStringLiteral("</ul>");
}

} // namespace

QString ObservationDetails::placeholderHtml() {
    return QStringLiteral("<p>%1</p>")
        .arg(tr("Select a monitoring system in the list to see what it collects and why.")
                 .toHtmlEscaped());
}

QString ObservationDetails::html(const ObservationEntry& entry, const Policy* policy,
                                 Language language) {
    QString html = QStringLiteral("<h2>%1</h2>").arg(entry.displayName(language).toHtmlEscaped());

    if (entry.declared) {
        html += QStringLiteral("<p>&#10004; %1</p>")
                    .arg(tr("Declared by your employer.").toHtmlEscaped());
    } else {
        html += QStringLiteral("<p style=\"color:#a4001d\"><b>&#9888; %1</b></p><p>%2</p>")
                    .arg(tr("Not declared by your employer.").toHtmlEscaped(),
                         tr("None of your employer's declarations covers this monitoring. You can "
                            "ask your employer's data protection officer or your employee "
                            "representatives about it.")
                             .toHtmlEscaped());
    }

    html += QStringLiteral("<h3>%1</h3>").arg(tr("What it collects").toHtmlEscaped());
    if (entry.categories.isEmpty()) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("Indblik does not know what this system collects.").toHtmlEscaped());
    } else {
        html += categoryList(entry.categories, language);
    }

    const auto why = entry.why(language);
    if (!why.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3><p>%2</p>")
                    .arg(tr("Why Indblik thinks so").toHtmlEscaped(), why.toHtmlEscaped());
    }

    if (entry.foundHere) {
        html += QStringLiteral("<h3>%1</h3><ul>")
                    .arg(tr("What was found on this computer").toHtmlEscaped());
        for (const auto& line : entry.evidence) {
            html += QStringLiteral("<li><code>%1</code></li>").arg(line.toHtmlEscaped());
        }
        html += QStringLiteral("</ul>");
    } else {
        html += QStringLiteral("<h3>%1</h3><p>%2</p>")
                    .arg(tr("Not found on this computer").toHtmlEscaped(),
                         tr("Your employer declares this monitoring, but Indblik did not find it "
                            "on this computer. It may run on your employer's servers (for "
                            "example for e-mail or the network) or on your other computers. "
                            "What your employer has declared about it is below.")
                             .toHtmlEscaped());
    }

    if (entry.activity) {
        const auto& a = *entry.activity;
        const auto locale = localeFor(language);
        const auto start = a.start.toLocalTime();
        const auto end = a.end.toLocalTime();
        const auto format = QStringLiteral("d MMM HH:mm");
        html += QStringLiteral("<h3>%1</h3><ul>").arg(tr("What it did lately").toHtmlEscaped());
        html += QStringLiteral("<li>%1</li>")
                    .arg((a.active ? tr("Active from %1 to %2, and still active.")
                                   : tr("Active from %1 to %2."))
                             .arg(locale.toString(start, format), locale.toString(end, format))
                             .toHtmlEscaped());
        if (a.cpuSeconds > 0) {
            html += QStringLiteral("<li>%1</li>")
                        .arg(tr("Used %1 seconds of processor time.")
                                 .arg(locale.toString(a.cpuSeconds, 'f', 1))
                                 .toHtmlEscaped());
        }
        if (!a.remoteEndpoints.isEmpty()) {
            html += QStringLiteral("<li>%1 <code>%2</code></li>")
                        .arg(tr("Connected to:").toHtmlEscaped(),
                             a.remoteEndpoints.join(QLatin1String(", ")).toHtmlEscaped());
        }
        if (a.bytesWritten > 0) {
            html += QStringLiteral("<li>%1</li>")
                        .arg(tr("Wrote %1 (files and network together).")
                                 .arg(locale.formattedDataSize(a.bytesWritten))
                                 .toHtmlEscaped());
        }
        if (a.spoolFiles > 0) {
            html += QStringLiteral("<li>%1</li>")
                        .arg(tr("New or changed files in its storage folders: %1 (%2).")
                                 .arg(locale.toString(a.spoolFiles),
                                      locale.formattedDataSize(a.spoolBytes))
                                 .toHtmlEscaped());
        }
        if (a.auditLogBytes > 0) {
            html += QStringLiteral("<li>%1</li>")
                        .arg(tr("The audit log grew by %1.")
                                 .arg(locale.formattedDataSize(a.auditLogBytes))
                                 .toHtmlEscaped());
        }
        html += QStringLiteral("</ul>");
    }

    if (!entry.declared) {
        return html;
    }
    html +=
        QStringLiteral("<h3>%1</h3>").arg(tr("What your employer has declared").toHtmlEscaped());
    if (policy == nullptr) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("The agent says the declaration \"%1\" covers this, but it has no copy "
                            "of that declaration yet.")
                             .arg(entry.policyId)
                             .toHtmlEscaped());
        return html;
    }
    html += field(tr("Purpose:"), escaped(policy->purposes.in(language)));
    html += field(tr("Who may see it:"), QString()) + QStringLiteral("<ul>");
    for (const auto& access : policy->access) {
        const auto level = access.level == AccessLevel::Individual
                               ? tr("can see data about you personally")
                               : tr("sees only totals for groups, not you personally");
        html += QStringLiteral("<li>%1: %2</li>")
                    .arg(escaped(access.role.in(language)), level.toHtmlEscaped());
    }
    html += QStringLiteral("</ul>");
    html += field(tr("Kept for:"), tr("%n day(s)", nullptr, policy->retentionDays).toHtmlEscaped());
    QStringList declaredNames;
    for (const auto& word : policy->categories) {
        const auto* category = findDataCategory(word);
        declaredNames.append(category != nullptr ? escaped(category->name(language))
                                                 : escaped(word));
    }
    html += field(tr("Data it may collect:"), declaredNames.join(QLatin1String("; ")));
    html += field(tr("Legal basis:"), escaped(policy->legalBasis.in(language)));
    html += field(tr("System:"), escaped(policy->system));
    if (policy->agreementName) {
        auto agreement = escaped(*policy->agreementName);
        if (policy->agreementDate) {
            agreement += QStringLiteral(" (%1)").arg(escaped(*policy->agreementDate));
        }
        html += field(tr("Agreement with employee representatives:"), agreement);
    } else {
        html +=
            field(tr("Agreement with employee representatives:"), tr("none given").toHtmlEscaped());
    }
    html += field(tr("Announced:"), formatDay(policy->announcedDay, language).toHtmlEscaped());
    html += field(tr("In effect from:"), formatDay(policy->effectiveDay, language).toHtmlEscaped());
    if (policy->shortNoticeReason) {
        html += field(tr("Why it was announced at short notice:"),
                      escaped(policy->shortNoticeReason->in(language)));
    }
    html += field(tr("Contact:"),
                  QStringLiteral("%1, <a href=\"mailto:%2\">%2</a>")
                      .arg(escaped(policy->contactName), escaped(policy->contactEmail)));
    return html;
}

} // namespace indblik::tray
