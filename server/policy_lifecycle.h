#pragma once

// The declared policies' lifecycle: draft -> announced -> in effect -> retired. The DPO drafts a
// new version of a policy (checked by parsePolicy), announces it with the date it takes effect,
// and retires it when the monitoring ends. "In effect" is not a stored step: an announced version
// is in effect from its effective time on (until a later version takes effect or it is retired),
// computed from the clock, so no job has to run and every server process agrees.
//
// Notice: a new policy, or a version that widens the one in effect (widens() below), cannot take
// effect before its announcement plus the notice period (setting notice_days, default 42)
// unless a short-notice reason is recorded; the reason is written into the document agents get,
// so the employee sees it. The works council records acknowledgement or objection per version.
//
// The document agents receive is the drafted one with "announced", "effective" and
// "short_notice_reason" set from the lifecycle, so the tray shows what the server decided.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "identity.h"
#include "policy.h"
#include "result.h"
#include "router.h"

namespace indblik::server {

inline constexpr int kMinNoticeDays = 7;
inline constexpr int kMaxNoticeDays = 365;
inline constexpr std::size_t kMaxShortNoticeReason = 2000;
inline constexpr std::size_t kMaxCouncilNote = 5000;
inline constexpr std::size_t kMaxPolicyDocumentBytes = std::size_t(1) << 20;

// The ways `next` widens `previous`, in plain English ("adds categories: keystrokes"); empty
// when it does not. Widening: more data categories, longer retention, a new role with access or
// individual-level access where a role had only aggregates, changed purposes (free text: any
// change counts, the server cannot tell a narrower purpose from a wider one), or covering more
// monitoring (catalog ids or rules).
std::vector<std::string> wideningOf(const Policy& previous, const Policy& next);
inline bool widens(const Policy& previous, const Policy& next) {
    return !wideningOf(previous, next).empty();
}

struct PolicyVersion {
    std::string policyId;
    std::int64_t version = 0;
    std::string json;
    std::string state; // stored: "draft", "announced", "in_effect" (migrated), "retired"
    std::string createdAt;
    std::string createdBy;
    std::string announcedAt;
    std::string effectiveAt;
    std::int64_t noticeDays = 0;
    std::string shortNoticeReason;
    std::string retiredAt;
    // Computed at the time of reading: "draft", "announced" (not yet effective), "in_effect",
    // "superseded" (a later version took effect) or "retired".
    std::string phase;
};

struct CouncilPosition {
    std::string policyId;
    std::int64_t version = 0;
    std::string accountId;
    std::string position; // "acknowledged" or "objection"
    std::string note;
    std::string recordedAt;
};

// What an agent gets at sync: documents in effect now, and announced ones with their date.
struct PoliciesForAgents {
    std::vector<std::string> inEffect;
    struct Announced {
        std::string effectiveAt;
        std::string json;
    };
    std::vector<Announced> announced;
};
// At `now` (ISO-8601 UTC); ordered by policy id.
Result<PoliciesForAgents> policiesForAgents(Database& db, const std::string& now);
// {"acked": N, "policies": [...], "announced": [{"effective_at": ..., "policy": {...}}]}
std::string syncAnswer(std::int64_t acked, const PoliciesForAgents& policies);

// Settings kept in the database, so every server process and the admin command line agree.
Result<int> noticeDaysSetting(Database& db);
Status setNoticeDays(Database& db, int days, const std::string& by);

// An error with the HTTP status that fits it (400 bad input, 404 unknown, 409 not now).
template <typename T>
struct Outcome {
    int status = 200;
    std::string error;
    T value{};
    bool ok() const { return status < 300; }
};

// What announcing a policy's newest draft asks for, as the announce form shows it.
struct NoticeDue {
    std::int64_t draftVersion = 0;
    // Why notice is due ("it is a new policy ...", "adds categories: ..."); empty when the draft
    // may take effect at once.
    std::vector<std::string> reasons;
    int noticeDays = 0;
    std::string today;    // YYYY-MM-DD (UTC)
    std::string earliest; // the first effective date that needs no short-notice reason
};

class PolicyLifecycle {
public:
    using Clock = std::function<std::string()>; // ISO-8601 UTC now
    explicit PolicyLifecycle(Database& db, Clock clock = {});

    std::string currentTime() const;

    // A new draft version of the policy the document declares (or replaces the newest version
    // while it is still a draft). origin names the document in errors.
    Outcome<PolicyVersion> draft(const std::string& text, const std::string& origin,
                                 const std::string& by);
    // Announces the newest draft of policyId to take effect on effectiveDate ("YYYY-MM-DD",
    // 00:00 UTC; today or later). Refused when notice is due and too short without a reason.
    Outcome<PolicyVersion> announce(const std::string& policyId, const std::string& effectiveDate,
                                    const std::optional<std::string>& shortNoticeReason,
                                    const std::string& by);
    // The notice announcing the newest draft of policyId needs today, by the same rule
    // announce() applies (404 when there is no draft).
    Outcome<NoticeDue> noticeFor(const std::string& policyId);
    // `admin publish-policy FILE`: draft and announce at once, in effect from the document's
    // "effective" date or now if that has passed; when that leaves less notice than due, the
    // recorded reason is that an administrator published it directly.
    Outcome<PolicyVersion> publishDirectly(const std::string& text, const std::string& origin,
                                           const std::string& by);
    // Retires every version of the policy: agents drop it at their next sync.
    Outcome<std::vector<PolicyVersion>> retire(const std::string& policyId, const std::string& by);

    // All versions (of one policy when policyId is set), by policy id and version.
    Result<std::vector<PolicyVersion>> versions(const std::string& policyId = {});

    // The council member's position on a version (one per account, replaced when given again).
    Outcome<CouncilPosition> recordPosition(const std::string& policyId, std::int64_t version,
                                            const Caller& caller, const std::string& position,
                                            const std::string& note);
    Result<std::vector<CouncilPosition>> positions(const std::string& policyId = {});

private:
    Database& m_db;
    Clock m_clock;
};

class PolicyApi {
public:
    explicit PolicyApi(PolicyLifecycle& lifecycle) : m_lifecycle(lifecycle) {}
    Reply list(const Request& request);     // dpo, council (council: without drafts)
    Reply show(const Request& request);     // one version with positions
    Reply draft(const Request& request);    // dpo: body is the policy document
    Reply announce(const Request& request); // dpo: {"effective", "short_notice_reason"?}
    Reply retire(const Request& request);   // dpo
    Reply position(const Request& request); // council: {"position", "note"}

private:
    PolicyLifecycle& m_lifecycle;
};

void addPolicyRoutes(Router& router, PolicyApi& api);

} // namespace indblik::server
