#pragma once

// One answer to the agent's `overview` request (docs/local-api.md), in Qt types. Observations
// are read tolerantly (unknown keys are ignored, so a newer agent still works); the employer's
// policies are read with indblik_core's policy parser, the same authority the agent and the
// server use.

#include <optional>
#include <vector>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include "policy.h"
#include "result.h"
#include "vocabulary.h"

namespace indblik::tray {

// What a monitoring system did lately, seen from outside (docs/local-api.md, "Activity").
struct ActivitySummary {
    QDateTime start;
    QDateTime end;
    bool active = false; // the interval is still open
    double cpuSeconds = 0;
    qint64 bytesWritten = 0; // files and network together
    QStringList remoteEndpoints;
    qint64 spoolFiles = 0;
    qint64 spoolBytes = 0;
    qint64 auditLogBytes = 0;
};

// One monitoring system the agent found on this computer.
struct ObservationEntry {
    QString detector;
    QString product; // catalog id; empty when the agent did not recognise the product
    QString name;    // the product's name, or what was found (identity)
    QString titleEn; // a plain-language title for what has no product name; may be empty
    QString titleDa;
    QStringList categories; // data-category words from the vocabulary
    QStringList evidence;
    QString whyEn;
    QString whyDa;
    bool declared = false;
    QString policyId; // the covering policy, when declared
    std::optional<ActivitySummary> activity;
    // False for a row the tray adds itself: monitoring the employer declares (a policy in
    // effect) that covers nothing found on this computer, e.g. because it runs on the
    // employer's servers or on the employee's other computers.
    bool foundHere = true;

    // The same monitoring found again has the same key (matches indblik::Observation::key());
    // a declared-only row's key is "policy:" and the policy's id.
    QString key() const;
    QString why(Language language) const { return language == Language::Danish ? whyDa : whyEn; }
    QString displayName(Language language) const {
        const auto& title = language == Language::Danish ? titleDa : titleEn;
        return title.isEmpty() ? name : title;
    }
};

struct SyncStatus {
    QDateTime lastSuccess; // invalid when the agent has never reached the server
    QString lastError;
    qint64 pending = 0;
    // Syncing stopped for good because the server refuses this computer ("revoked": IT withdrew
    // its certificate); empty while the agent syncs.
    QString stoppedReason;
    QDateTime stoppedSince;
    // This computer's clock minus the server's at the last sync (seconds), when a server said;
    // clockOff when it is beyond the server's tolerance (the times recorded here are off).
    std::optional<qint64> clockOffsetSeconds;
    bool clockOff = false;
};

// The agent's ledger quota (the overview's "storage", docs/local-api.md).
struct StorageStatus {
    qint64 usedBytes = 0;
    qint64 quotaBytes = 0;
    bool paused = false;   // new records are counted, not recorded
    bool diskFull = false; // the disk itself is full or cannot be written, not the quota
    qint64 dropped = 0;    // records counted since pausing, not yet noted in the ledger
};

// Unattended enrollment while the computer is not enrolled (the overview's device.enrollment,
// docs/local-api.md): state is empty once enrolled, else not_configured, incomplete, waiting,
// unreachable, refused, wrong_ca or failed.
struct EnrollmentStatus {
    QString state;
    QString server;
};

struct Overview {
    QString userName;
    bool enrolled = false;
    EnrollmentStatus enrollment;
    QString server;
    QDateTime certificateExpires; // this computer's client certificate; invalid when unknown
    QDateTime discoveredAt;
    SyncStatus sync;
    qint64 ledgerEntries = 0;
    bool ledgerIntact = true;
    // The newest signed checkpoint the server confirmed it verified and keeps; invalid before
    // the first.
    QDateTime ledgerVerifiedUpTo;
    qint64 ledgerCheckpoints = 0;
    StorageStatus storage;
    QList<ObservationEntry> observations;
    std::vector<Policy> policies;
    // Policies in the answer that the policy parser rejected, with its message. They are shown,
    // not silently dropped.
    QStringList policyErrors;
    // Places discovery could not check ("path (reason)"), so the list may be incomplete.
    QStringList couldNotRead;

    const Policy* findPolicy(const QString& id) const;
    int undeclaredCount() const;
};

// The largest answer the tray accepts from the agent.
inline constexpr qint64 kMaxOverviewBytes = 16 * 1024 * 1024;

// Parses one answer line. An `{"ok": false, "error": …}` answer is an error carrying the
// agent's message.
Result<Overview> parseOverview(const QByteArray& line);

} // namespace indblik::tray
