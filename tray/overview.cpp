#include "overview.h"

#include <algorithm>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace indblik::tray {
namespace {

Error error(const QString& message) {
    return Error{message.toStdString()};
}

QStringList stringList(const QJsonValue& value) {
    QStringList result;
    for (const auto& item : value.toArray()) {
        if (item.isString()) {
            result.append(item.toString());
        }
    }
    return result;
}

QDateTime timestamp(const QJsonValue& value) {
    if (!value.isString()) {
        return {};
    }
    auto time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid()) {
        time = QDateTime::fromString(value.toString(), Qt::ISODate);
    }
    return time;
}

ObservationEntry readObservation(const QJsonObject& o) {
    ObservationEntry entry;
    entry.detector = o.value(QLatin1String("detector")).toString();
    entry.product = o.value(QLatin1String("product")).toString();
    entry.name = o.value(QLatin1String("name")).toString();
    const auto title = o.value(QLatin1String("title")).toObject();
    entry.titleEn = title.value(QLatin1String("en")).toString();
    entry.titleDa = title.value(QLatin1String("da")).toString();
    entry.categories = stringList(o.value(QLatin1String("categories")));
    entry.evidence = stringList(o.value(QLatin1String("evidence")));
    const auto why = o.value(QLatin1String("why")).toObject();
    entry.whyEn = why.value(QLatin1String("en")).toString();
    entry.whyDa = why.value(QLatin1String("da")).toString();
    entry.declared = o.value(QLatin1String("declared")).toBool(false);
    entry.policyId = o.value(QLatin1String("policy")).toString();
    const auto activity = o.value(QLatin1String("activity")).toObject();
    ActivitySummary a;
    a.start = timestamp(activity.value(QLatin1String("start")));
    a.end = timestamp(activity.value(QLatin1String("end")));
    if (a.start.isValid() && a.end.isValid()) {
        a.active = activity.value(QLatin1String("active")).toBool(false);
        a.cpuSeconds = activity.value(QLatin1String("cpu_seconds")).toDouble(0);
        a.bytesWritten = activity.value(QLatin1String("bytes_written")).toInteger(0);
        a.remoteEndpoints = stringList(activity.value(QLatin1String("remote_endpoints")));
        a.spoolFiles = activity.value(QLatin1String("spool_files")).toInteger(0);
        a.spoolBytes = activity.value(QLatin1String("spool_bytes")).toInteger(0);
        a.auditLogBytes = activity.value(QLatin1String("audit_log_bytes")).toInteger(0);
        entry.activity = a;
    }
    return entry;
}

} // namespace

QString ObservationEntry::key() const {
    if (!foundHere) {
        return QStringLiteral("policy:") + policyId;
    }
    return detector + QLatin1Char(':') + (product.isEmpty() ? name : product);
}

const Policy* Overview::findPolicy(const QString& id) const {
    const auto wanted = id.toStdString();
    const auto it = std::find_if(policies.begin(), policies.end(),
                                 [&wanted](const Policy& p) { return p.id == wanted; });
    return it == policies.end() ? nullptr : &*it;
}

int Overview::undeclaredCount() const {
    return static_cast<int>(std::count_if(observations.begin(), observations.end(),
                                          [](const ObservationEntry& o) { return !o.declared; }));
}

Result<Overview> parseOverview(const QByteArray& line) {
    if (line.size() > kMaxOverviewBytes) {
        return error(QCoreApplication::translate("indblik::tray::Overview",
                                                 "The agent's answer is too large."));
    }
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return error(
            QCoreApplication::translate("indblik::tray::Overview",
                                        "The agent's answer is not valid JSON (at byte %1: %2).")
                .arg(parseError.offset)
                .arg(parseError.errorString()));
    }
    if (!document.isObject()) {
        return error(QCoreApplication::translate("indblik::tray::Overview",
                                                 "The agent's answer is not a JSON object."));
    }
    const auto root = document.object();
    if (!root.value(QLatin1String("ok")).toBool(false)) {
        const auto message = root.value(QLatin1String("error")).toString();
        return error(QCoreApplication::translate("indblik::tray::Overview",
                                                 "The agent reported an error: %1")
                         .arg(message.isEmpty() ? QCoreApplication::translate(
                                                      "indblik::tray::Overview", "(no message)")
                                                : message));
    }
    const auto observations = root.value(QLatin1String("observations"));
    if (!observations.isArray()) {
        return error(QCoreApplication::translate(
            "indblik::tray::Overview", "The agent's answer has no list of observations."));
    }

    Overview overview;
    overview.userName =
        root.value(QLatin1String("user")).toObject().value(QLatin1String("name")).toString();
    const auto device = root.value(QLatin1String("device")).toObject();
    overview.enrolled = device.value(QLatin1String("enrolled")).toBool(false);
    overview.server = device.value(QLatin1String("server")).toString();
    const auto enrollment = device.value(QLatin1String("enrollment")).toObject();
    overview.enrollment.state = enrollment.value(QLatin1String("state")).toString();
    overview.enrollment.server = enrollment.value(QLatin1String("server")).toString();
    overview.discoveredAt = timestamp(root.value(QLatin1String("discovered_at")));
    const auto sync = root.value(QLatin1String("sync")).toObject();
    overview.sync.lastSuccess = timestamp(sync.value(QLatin1String("last_success")));
    overview.sync.lastError = sync.value(QLatin1String("last_error")).toString();
    overview.sync.pending = sync.value(QLatin1String("pending")).toInteger(0);
    const auto stopped = sync.value(QLatin1String("stopped")).toObject();
    overview.sync.stoppedReason = stopped.value(QLatin1String("reason")).toString();
    overview.sync.stoppedSince = timestamp(stopped.value(QLatin1String("since")));
    const auto offset = sync.value(QLatin1String("clock_offset_seconds"));
    if (offset.isDouble()) {
        overview.sync.clockOffsetSeconds = offset.toInteger();
    }
    overview.sync.clockOff = sync.value(QLatin1String("clock_off")).toBool(false);
    overview.certificateExpires = timestamp(device.value(QLatin1String("certificate_expires")));
    const auto ledger = root.value(QLatin1String("ledger")).toObject();
    overview.ledgerEntries = ledger.value(QLatin1String("entries")).toInteger(0);
    overview.ledgerIntact = ledger.value(QLatin1String("intact")).toBool(true);
    overview.ledgerVerifiedUpTo = QDateTime::fromString(
        ledger.value(QLatin1String("verified_up_to")).toString(), Qt::ISODateWithMs);
    overview.ledgerCheckpoints = ledger.value(QLatin1String("checkpoints")).toInteger(0);
    const auto storage = root.value(QLatin1String("storage")).toObject();
    overview.storage.usedBytes = storage.value(QLatin1String("used_bytes")).toInteger(0);
    overview.storage.quotaBytes = storage.value(QLatin1String("quota_bytes")).toInteger(0);
    overview.storage.paused = storage.value(QLatin1String("paused")).toBool(false);
    overview.storage.diskFull =
        storage.value(QLatin1String("cause")).toString() == QLatin1String("disk");
    overview.storage.dropped = storage.value(QLatin1String("dropped"))
                                   .toObject()
                                   .value(QLatin1String("count"))
                                   .toInteger(0);

    for (const auto& item : observations.toArray()) {
        if (item.isObject()) {
            overview.observations.append(readObservation(item.toObject()));
        }
    }

    const auto problems = root.value(QLatin1String("could_not_read")).toArray();
    for (const auto& value : problems) {
        const auto problem = value.toObject();
        overview.couldNotRead.append(
            problem.value(QLatin1String("path")).toString() + QStringLiteral(" (") +
            problem.value(QLatin1String("problem")).toString() + QLatin1Char(')'));
    }

    // The server enforced the notice period when the DPO published a policy; the tray shows
    // what it was sent and does not re-judge the notice with its own settings.
    const PolicyParseOptions options{.noticeDays = 0};
    const auto policies = root.value(QLatin1String("policies")).toArray();
    for (qsizetype i = 0; i < policies.size(); ++i) {
        const auto text = QJsonDocument(policies.at(i).toObject()).toJson(QJsonDocument::Compact);
        const auto origin = "policies[" + std::to_string(i) + "]";
        auto policy =
            parsePolicy(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
                        origin, options);
        if (policy) {
            overview.policies.push_back(std::move(policy).value());
        } else {
            overview.policyErrors.append(QString::fromStdString(policy.error()));
        }
    }
    return overview;
}

} // namespace indblik::tray
