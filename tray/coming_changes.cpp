#include "coming_changes.h"

#include <algorithm>

#include <QDate>
#include <QLocale>

namespace indblik::tray {

namespace {

QString fromUtf8(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString text(const LocalizedText& t, Language language) {
    return QString::fromStdString(t.in(language));
}

QString categoryNames(const std::vector<std::string>& words, Language language) {
    QStringList names;
    for (const auto& word : words) {
        const auto* category = findDataCategory(word);
        names.append(category != nullptr ? fromUtf8(category->name(language))
                                         : QString::fromStdString(word));
    }
    // Not ", ": some category names contain a comma.
    return names.join(QStringLiteral("; "));
}

std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
    std::vector<std::string> out;
    for (const auto& x : a) {
        if (std::find(b.begin(), b.end(), x) == b.end()) {
            out.push_back(x);
        }
    }
    return out;
}

const PolicyAccess* accessOf(const Policy& policy, const PolicyAccess& like) {
    for (const auto& a : policy.access) {
        if (a.role.en == like.role.en) {
            return &a;
        }
    }
    return nullptr;
}

} // namespace

QString ComingChanges::formatDay(std::int64_t daysSinceEpoch, Language language) {
    const auto locale = language == Language::Danish
                            ? QLocale(QLocale::Danish, QLocale::Denmark)
                            : QLocale(QLocale::English, QLocale::UnitedKingdom);
    const auto format = language == Language::Danish ? QStringLiteral("d. MMMM yyyy")
                                                     : QStringLiteral("d MMMM yyyy");
    return locale.toString(QDate(1970, 1, 1).addDays(daysSinceEpoch), format);
}

std::vector<ComingChange> ComingChanges::compute(const std::vector<Policy>& policies,
                                                 std::int64_t today, Language language,
                                                 const QList<ObservationEntry>& foundHere) {
    std::vector<ComingChange> out;
    for (const auto& next : policies) {
        if (next.inEffect(today)) {
            continue;
        }
        ComingChange change;
        change.next = &next;
        for (const auto& o : foundHere) {
            std::vector<std::string> evidence;
            evidence.reserve(static_cast<std::size_t>(o.evidence.size()));
            for (const auto& line : o.evidence) {
                evidence.push_back(line.toStdString());
            }
            if (o.foundHere &&
                policyCovers(next, o.detector.toStdString(), o.product.toStdString(), evidence)) {
                change.concernsHere.append(o.displayName(language));
            }
        }
        // The version in effect now: of the same id, the one that took effect last.
        for (const auto& other : policies) {
            if (other.id == next.id && other.inEffect(today) &&
                (change.current == nullptr || other.effectiveDay > change.current->effectiveDay)) {
                change.current = &other;
            }
        }
        auto& lines = change.changes;
        const auto system = QString::fromStdString(next.system);
        const auto* current = change.current;
        if (current == nullptr) {
            lines.append(tr("New monitoring: %1.").arg(system));
            if (!next.categories.empty()) {
                lines.append(
                    tr("It will collect: %1.").arg(categoryNames(next.categories, language)));
            }
            lines.append(tr("It will be kept for %n day(s).", nullptr, next.retentionDays));
            for (const auto& a : next.access) {
                lines.append(a.level == AccessLevel::Individual
                                 ? tr("%1 will be able to see data about you personally.")
                                       .arg(text(a.role, language))
                                 : tr("%1 will see only totals for groups, not you personally.")
                                       .arg(text(a.role, language)));
            }
        } else {
            if (current->system != next.system) {
                lines.append(tr("The system changes from %1 to %2.")
                                 .arg(QString::fromStdString(current->system), system));
            }
            if (const auto added = minus(next.categories, current->categories); !added.empty()) {
                lines.append(tr("It will also collect: %1.").arg(categoryNames(added, language)));
            }
            if (const auto gone = minus(current->categories, next.categories); !gone.empty()) {
                lines.append(
                    tr("It will no longer collect: %1.").arg(categoryNames(gone, language)));
            }
            if (next.retentionDays > current->retentionDays) {
                lines.append(tr("It will be kept longer: %1 days instead of %2.")
                                 .arg(next.retentionDays)
                                 .arg(current->retentionDays));
            } else if (next.retentionDays < current->retentionDays) {
                lines.append(tr("It will be kept for a shorter time: %1 days instead of %2.")
                                 .arg(next.retentionDays)
                                 .arg(current->retentionDays));
            }
            for (const auto& a : next.access) {
                const auto role = text(a.role, language);
                const auto* before = accessOf(*current, a);
                if (before == nullptr) {
                    lines.append(a.level == AccessLevel::Individual
                                     ? tr("New: %1 will be able to see data about you "
                                          "personally.")
                                           .arg(role)
                                     : tr("New: %1 will see totals for groups, not you "
                                          "personally.")
                                           .arg(role));
                } else if (before->level != a.level) {
                    lines.append(a.level == AccessLevel::Individual
                                     ? tr("%1 will see data about you personally, not only "
                                          "totals.")
                                           .arg(role)
                                     : tr("%1 will see only totals for groups, no longer you "
                                          "personally.")
                                           .arg(role));
                }
            }
            for (const auto& a : current->access) {
                if (accessOf(next, a) == nullptr) {
                    lines.append(tr("%1 will no longer see it.").arg(text(a.role, language)));
                }
            }
            if (current->purposes != next.purposes) {
                lines.append(tr("The purpose becomes: %1").arg(text(next.purposes, language)));
            }
            if (current->legalBasis != next.legalBasis) {
                lines.append(
                    tr("The legal basis becomes: %1").arg(text(next.legalBasis, language)));
            }
            if (lines.isEmpty()) {
                lines.append(tr("No change in what is collected, how long it is kept or who can "
                                "see it."));
            }
        }
        out.push_back(std::move(change));
    }
    std::stable_sort(out.begin(), out.end(), [](const ComingChange& a, const ComingChange& b) {
        return a.next->effectiveDay < b.next->effectiveDay;
    });
    return out;
}

QString ComingChanges::html(const std::vector<ComingChange>& changes, std::int64_t today,
                            Language language) {
    if (changes.empty()) {
        return QStringLiteral("<p>%1</p>")
            .arg(tr("Your employer has announced no changes to the monitoring.").toHtmlEscaped());
    }
    QString html;
    for (const auto& change : changes) {
        const auto& next = *change.next;
        const auto days = next.effectiveDay - today;
        html += QStringLiteral("<h3>%1</h3>")
                    .arg((change.current != nullptr ? tr("Changes to %1") : tr("New: %1"))
                             .arg(QString::fromStdString(next.system))
                             .toHtmlEscaped());
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(tr("Takes effect on %1 (in %n day(s)).", nullptr, static_cast<int>(days))
                             .arg(formatDay(next.effectiveDay, language))
                             .toHtmlEscaped());
        html += QStringLiteral("<ul>");
        for (const auto& line : change.changes) {
            html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
        }
        html += QStringLiteral("</ul><p>");
        html += (change.concernsHere.isEmpty()
                     ? tr("It concerns nothing Indblik found on this computer.")
                     : tr("On this computer it concerns: %1.")
                           .arg(change.concernsHere.join(QStringLiteral(", "))))
                    .toHtmlEscaped();
        html += QStringLiteral("</p><p>");
        html += tr("Announced on %1.").arg(formatDay(next.announcedDay, language)).toHtmlEscaped();
        if (next.shortNoticeReason) {
            html += QLatin1Char(' ') + tr("Announced at short notice because: %1")
                                           .arg(text(*next.shortNoticeReason, language))
                                           .toHtmlEscaped();
        }
        html += QStringLiteral("</p><p>");
        html += tr("Questions: %1 <%2>")
                    .arg(QString::fromStdString(next.contactName),
                         QString::fromStdString(next.contactEmail))
                    .toHtmlEscaped();
        html += QStringLiteral("</p>");
    }
    return html;
}

} // namespace indblik::tray
