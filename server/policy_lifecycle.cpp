#include "policy_lifecycle.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>

#include "admin.h"
#include "file_util.h"
#include "json_reader.h"
#include "ledger.h"
#include "local_time.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

Poco::Logger& log() {
    return Poco::Logger::get("indblik.server.policies");
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) {
        out += (out.empty() ? "" : ", ") + i;
    }
    return out;
}

std::size_t characters(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::int64_t dayOf(const std::string& iso) {
    try {
        return json::parseIsoDate(iso.substr(0, 10), "time");
    } catch (const json::ParseError&) {
        return 0;
    }
}

constexpr const char* kVersionColumns =
    "SELECT policy_id, version, json, state, created_at, created_by, COALESCE(announced_at, ''), "
    "COALESCE(effective_at, ''), COALESCE(notice_days, 0), COALESCE(short_notice_reason, ''), "
    "COALESCE(retired_at, '') FROM policy_versions ";

std::vector<PolicyVersion> readVersions(Poco::Data::Session& s, const std::string& policyId) {
    std::vector<std::string> ids, jsons, states, created, by, announced, effective, reasons,
        retired;
    std::vector<Poco::Int64> versions, notice;
    s << (std::string(kVersionColumns) +
          "WHERE $1 = '' OR policy_id = $1 ORDER BY policy_id, version"),
        into(ids), into(versions), into(jsons), into(states), into(created), into(by),
        into(announced), into(effective), into(notice), into(reasons), into(retired),
        useRef(policyId), now;
    std::vector<PolicyVersion> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        PolicyVersion v;
        v.policyId = std::move(ids[i]);
        v.version = versions[i];
        v.json = std::move(jsons[i]);
        v.state = std::move(states[i]);
        v.createdAt = std::move(created[i]);
        v.createdBy = std::move(by[i]);
        v.announcedAt = std::move(announced[i]);
        v.effectiveAt = std::move(effective[i]);
        v.noticeDays = notice[i];
        v.shortNoticeReason = std::move(reasons[i]);
        v.retiredAt = std::move(retired[i]);
        out.push_back(std::move(v));
    }
    return out;
}

bool published(const PolicyVersion& v) {
    return (v.state == "announced" || v.state == "in_effect") && !v.effectiveAt.empty();
}

// Sets each version's phase at `now`; versions are ordered by policy id and version.
void computePhases(std::vector<PolicyVersion>& versions, const std::string& now) {
    std::map<std::string, std::int64_t> current; // policy id -> version in effect
    for (const auto& v : versions) {
        if (published(v) && v.effectiveAt <= now) {
            auto& c = current[v.policyId];
            c = std::max(c, v.version);
        }
    }
    for (auto& v : versions) {
        if (v.state == "draft" || v.state == "retired") {
            v.phase = v.state;
        } else if (v.effectiveAt > now) {
            v.phase = "announced";
        } else if (current[v.policyId] == v.version) {
            v.phase = "in_effect";
        } else {
            v.phase = "superseded";
        }
    }
}

Result<int> readIntSetting(Poco::Data::Session& s, const std::string& name, int fallback) {
    std::vector<std::string> values;
    s << "SELECT value FROM settings WHERE name = $1", into(values), useRef(name), now;
    if (values.empty()) {
        return fallback;
    }
    int value = 0;
    const auto& text = values.front();
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return Error{"setting " + name + ": not a number (\"" + text + "\")"};
    }
    return value;
}

// The document with the lifecycle's dates and reason written in, condensed.
std::string withLifecycle(const std::string& text, const std::string& announced,
                          const std::string& effective,
                          const std::optional<LocalizedText>& reason) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    auto object = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    object->set("announced", announced);
    object->set("effective", effective);
    if (reason) {
        Poco::JSON::Object::Ptr r = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        r->set("en", reason->en);
        r->set("da", reason->da);
        object->set("short_notice_reason", r);
    } else {
        object->remove("short_notice_reason");
    }
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(object, out);
    return out.str();
}

Poco::JSON::Object::Ptr versionObject(const PolicyVersion& v, bool withDocument) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const auto opt = [](const std::string& s) {
        return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s);
    };
    j->set("policy_id", v.policyId);
    j->set("version", static_cast<Poco::Int64>(v.version));
    j->set("phase", v.phase);
    j->set("created_at", v.createdAt);
    j->set("created_by", v.createdBy);
    j->set("announced_at", opt(v.announcedAt));
    j->set("effective_at", opt(v.effectiveAt));
    j->set("notice_days", v.noticeDays == 0 ? Poco::Dynamic::Var()
                                            : Poco::Dynamic::Var(Poco::Int64{v.noticeDays}));
    j->set("short_notice_reason", opt(v.shortNoticeReason));
    j->set("retired_at", opt(v.retiredAt));
    if (withDocument) {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        j->set("policy", parser.parse(v.json));
    }
    return j;
}

std::string stringify(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

template <typename T>
Outcome<T> failed(int status, const std::string& error) {
    Outcome<T> o;
    o.status = status;
    o.error = error;
    return o;
}

} // namespace

std::vector<std::string> wideningOf(const Policy& previous, const Policy& next) {
    std::vector<std::string> out;
    std::vector<std::string> added;
    for (const auto& c : next.categories) {
        if (std::find(previous.categories.begin(), previous.categories.end(), c) ==
            previous.categories.end()) {
            added.push_back(c);
        }
    }
    if (!added.empty()) {
        out.push_back("adds categories: " + joined(added));
    }
    if (next.retentionDays > previous.retentionDays) {
        out.push_back("keeps data longer: " + std::to_string(next.retentionDays) +
                      " days instead of " + std::to_string(previous.retentionDays));
    }
    for (const auto& a : next.access) {
        const auto same = std::find_if(previous.access.begin(), previous.access.end(),
                                       [&](const PolicyAccess& p) {
                                           return p.role.en == a.role.en || p.role.da == a.role.da;
                                       });
        if (same == previous.access.end()) {
            out.push_back("gives access to a new role: " + a.role.en + " (" +
                          std::string(accessLevelWord(a.level)) + ")");
        } else if (a.level == AccessLevel::Individual && same->level == AccessLevel::Aggregate) {
            out.push_back("gives individual-level access where it was aggregate: " + a.role.en);
        }
    }
    if (next.purposes.en != previous.purposes.en || next.purposes.da != previous.purposes.da) {
        out.push_back("changes the purposes");
    }
    added.clear();
    for (const auto& c : next.coversCatalog) {
        if (std::find(previous.coversCatalog.begin(), previous.coversCatalog.end(), c) ==
            previous.coversCatalog.end()) {
            added.push_back(c);
        }
    }
    for (const auto& r : next.coversRules) {
        const bool known = std::any_of(
            previous.coversRules.begin(), previous.coversRules.end(), [&](const CoverRule& p) {
                return p.detector == r.detector && p.evidenceContains == r.evidenceContains;
            });
        if (!known) {
            added.push_back(r.detector + " rule \"" + r.evidenceContains + "\"");
        }
    }
    if (!added.empty()) {
        out.push_back("covers more monitoring: " + joined(added));
    }
    return out;
}

Result<int> noticeDaysSetting(Database& db) {
    Result<int> out = kDefaultNoticeDays;
    auto status = db.read("read the notice period", [&](Poco::Data::Session& s) {
        out = readIntSetting(s, "notice_days", kDefaultNoticeDays);
    });
    if (!status) {
        return Error{status.error()};
    }
    return out;
}

Status setNoticeDays(Database& db, int days, const std::string& by) {
    if (days < kMinNoticeDays || days > kMaxNoticeDays) {
        return Error{"notice_days: from " + std::to_string(kMinNoticeDays) + " to " +
                     std::to_string(kMaxNoticeDays) + " days (got " + std::to_string(days) + ")"};
    }
    const std::string value = std::to_string(days);
    const std::string at = nowIso8601();
    return db.write("set the notice period", [&](Poco::Data::Session& s) {
        s << "INSERT INTO settings (name, value, updated_at, updated_by) VALUES ('notice_days', "
             "$1, $2, $3) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = "
             "excluded.updated_at, updated_by = excluded.updated_by",
            useRef(value), useRef(at), useRef(by), now;
        return true;
    });
}

Result<PoliciesForAgents> policiesForAgents(Database& db, const std::string& at) {
    std::vector<PolicyVersion> versions;
    auto status = db.read("read the policies in effect",
                          [&](Poco::Data::Session& s) { versions = readVersions(s, {}); });
    if (!status) {
        return Error{status.error()};
    }
    computePhases(versions, at);
    PoliciesForAgents out;
    for (const auto& v : versions) {
        if (v.phase == "in_effect") {
            out.inEffect.push_back(v.json);
        } else if (v.phase == "announced") {
            out.announced.push_back({v.effectiveAt, v.json});
        }
    }
    return out;
}

std::string syncAnswer(std::int64_t acked, const PoliciesForAgents& policies) {
    // Documents were validated when drafted and announced and are passed on as stored.
    std::string answer = "{\"acked\":" + std::to_string(acked) + ",\"policies\":[";
    for (std::size_t i = 0; i < policies.inEffect.size(); ++i) {
        answer += (i == 0 ? "" : ",") + policies.inEffect[i];
    }
    answer += "],\"announced\":[";
    for (std::size_t i = 0; i < policies.announced.size(); ++i) {
        answer += std::string(i == 0 ? "" : ",") + "{\"effective_at\":\"" +
                  policies.announced[i].effectiveAt +
                  "\",\"policy\":" + policies.announced[i].json + "}";
    }
    answer += "]}";
    return answer;
}

PolicyLifecycle::PolicyLifecycle(Database& db, Clock clock) : m_db(db), m_clock(std::move(clock)) {}

std::string PolicyLifecycle::currentTime() const {
    return m_clock ? m_clock() : nowIso8601();
}

Outcome<PolicyVersion> PolicyLifecycle::draft(const std::string& text, const std::string& origin,
                                              const std::string& by) {
    if (text.size() > kMaxPolicyDocumentBytes) {
        return failed<PolicyVersion>(413, origin + ": larger than " +
                                              std::to_string(kMaxPolicyDocumentBytes) + " bytes");
    }
    auto policy = parsePolicy(text, origin);
    if (!policy) {
        return failed<PolicyVersion>(400, policy.error());
    }
    Outcome<PolicyVersion> o;
    const std::string at = currentTime();
    auto status = m_db.write("draft policy " + policy->id, [&](Poco::Data::Session& s) {
        const auto versions = readVersions(s, policy->id);
        PolicyVersion v;
        v.policyId = policy->id;
        v.json = policy->json;
        v.state = "draft";
        v.createdAt = at;
        v.createdBy = by;
        v.phase = "draft";
        if (!versions.empty() && versions.back().state == "draft") {
            // The newest version is still a draft: this text replaces it.
            v.version = versions.back().version;
            s << "UPDATE policy_versions SET json = $1, created_at = $2, created_by = $3 WHERE "
                 "policy_id = $4 AND version = $5 AND state = 'draft'",
                useRef(v.json), useRef(at), useRef(by), useRef(v.policyId), bind(v.version), now;
        } else {
            v.version = versions.empty() ? 1 : versions.back().version + 1;
            s << "INSERT INTO policy_versions (policy_id, version, json, state, created_at, "
                 "created_by) VALUES ($1, $2, $3, 'draft', $4, $5)",
                useRef(v.policyId), bind(v.version), useRef(v.json), useRef(at), useRef(by), now;
        }
        o.value = std::move(v);
        return true;
    });
    if (!status) {
        return failed<PolicyVersion>(500, status.error());
    }
    log().information("policy %s version %Ld drafted by %s", o.value.policyId,
                      static_cast<Poco::Int64>(o.value.version), by);
    return o;
}

namespace {

struct AnnounceInput {
    std::string policyId;
    std::int64_t effectiveDay = 0;
    std::optional<std::string> reason;
    bool direct = false; // publish-policy: the reason is the administrator's direct publishing
};

// The newest draft of a policy and the version in effect (null when there is none); versions
// are one policy's, with their phases computed.
struct DraftAndCurrent {
    const PolicyVersion* draft = nullptr;
    const PolicyVersion* current = nullptr;
};
DraftAndCurrent draftAndCurrent(const std::vector<PolicyVersion>& versions) {
    DraftAndCurrent out;
    for (const auto& v : versions) {
        if (v.state == "draft") {
            out.draft = &v;
        }
        if (v.phase == "in_effect") {
            out.current = &v;
        }
    }
    return out;
}

std::string noDraftError(const std::string& policyId) {
    return "policy " + policyId + " has no draft to announce (policy-draft FILE first)";
}

// Why taking `next` into effect needs notice: it is a new policy (no version of it is in effect),
// or the ways it widens the version in effect. Empty when no notice is due.
Outcome<std::vector<std::string>> noticeReasons(const Policy& next, const PolicyVersion* current,
                                                const std::string& policyId) {
    Outcome<std::vector<std::string>> o;
    if (current == nullptr) {
        o.value.push_back("it is a new policy (no version of it is in effect)");
        return o;
    }
    auto previous = parsePolicy(current->json, "policy " + policyId, {0});
    if (!previous) {
        return failed<std::vector<std::string>>(500, previous.error());
    }
    o.value = wideningOf(previous.value(), next);
    return o;
}

// The announcement inside a write: checks the notice and rewrites the newest draft.
Outcome<PolicyVersion> announceIn(Poco::Data::Session& s, const AnnounceInput& in,
                                  const std::string& at, const std::string& by) {
    auto versions = readVersions(s, in.policyId);
    computePhases(versions, at);
    const auto [draft, current] = draftAndCurrent(versions);
    if (draft == nullptr) {
        return failed<PolicyVersion>(404, noDraftError(in.policyId));
    }
    const std::int64_t today = dayOf(localDate(at)); // the workplace's day
    if (in.effectiveDay < today) {
        return failed<PolicyVersion>(400, "effective: today (" + json::formatIsoDate(today) +
                                              ") or later (got " +
                                              json::formatIsoDate(in.effectiveDay) + ")");
    }
    auto next = parsePolicy(draft->json, "policy " + in.policyId, {0});
    if (!next) {
        return failed<PolicyVersion>(500, next.error());
    }
    auto reasons = noticeReasons(next.value(), current, in.policyId);
    if (!reasons.ok()) {
        return failed<PolicyVersion>(reasons.status, reasons.error);
    }
    const std::vector<std::string>& widening = reasons.value;
    auto noticeDays = readIntSetting(s, "notice_days", kDefaultNoticeDays);
    if (!noticeDays) {
        return failed<PolicyVersion>(500, noticeDays.error());
    }
    const std::int64_t notice = in.effectiveDay - today;
    const bool shortNotice = !widening.empty() && notice < noticeDays.value();
    std::optional<LocalizedText> reason;
    std::string recorded;
    if (in.reason) {
        if (blank(*in.reason) || characters(*in.reason) > kMaxShortNoticeReason) {
            return failed<PolicyVersion>(400, "short-notice reason: 1 to " +
                                                  std::to_string(kMaxShortNoticeReason) +
                                                  " characters that employees will read");
        }
        reason = LocalizedText{*in.reason, *in.reason};
        recorded = *in.reason;
    } else if (shortNotice && in.direct) {
        if (next->shortNoticeReason) {
            reason = next->shortNoticeReason;
            recorded = next->shortNoticeReason->da;
        } else {
            reason = LocalizedText{"Published directly by an administrator, without the usual "
                                   "notice period.",
                                   "Offentliggjort direkte af en administrator uden den "
                                   "sædvanlige varslingsperiode."};
            recorded = "published directly by an administrator";
        }
    } else if (shortNotice) {
        return failed<PolicyVersion>(
            409, "policy " + in.policyId + " version " + std::to_string(draft->version) +
                     " cannot take effect on " + json::formatIsoDate(in.effectiveDay) + ": " +
                     joined(widening) + ", so employees get " + std::to_string(noticeDays.value()) +
                     " days' notice; the earliest date is " +
                     json::formatIsoDate(today + noticeDays.value()) +
                     ". Give a short-notice reason (employees will see it) to announce it sooner.");
    }
    // Agents check the format's own notice rule (42 days or a reason): where no notice is due,
    // or the agreed period is shorter, the document says why instead of claiming a reason.
    if (!reason && notice < kDefaultNoticeDays) {
        if (widening.empty()) {
            reason = LocalizedText{"This version does not widen the one in effect (no new data, "
                                   "purposes, access or longer retention), so no notice period "
                                   "applies.",
                                   "Denne version udvider ikke den gældende (ingen nye data, "
                                   "formål, adgange eller længere opbevaring), så der gælder "
                                   "ingen varslingsperiode."};
        } else {
            const std::string n = std::to_string(noticeDays.value());
            reason = LocalizedText{"The notice period agreed at this workplace is " + n + " days.",
                                   "Den aftalte varslingsperiode på denne arbejdsplads er " + n +
                                       " dage."};
        }
    }
    PolicyVersion v = *draft;
    try {
        v.json = withLifecycle(draft->json, json::formatIsoDate(today),
                               json::formatIsoDate(in.effectiveDay), reason);
    } catch (const Poco::Exception& e) {
        return failed<PolicyVersion>(500, "policy " + in.policyId + ": " + e.displayText());
    }
    if (auto check = parsePolicy(v.json, "announced policy " + in.policyId); !check) {
        return failed<PolicyVersion>(500, check.error());
    }
    v.state = "announced";
    v.announcedAt = at;
    v.effectiveAt = in.effectiveDay == today && in.direct
                        ? at
                        : localDayStart(json::formatIsoDate(in.effectiveDay));
    v.noticeDays = noticeDays.value();
    v.shortNoticeReason = recorded;
    v.phase = v.effectiveAt <= at ? "in_effect" : "announced";
    const Poco::Int64 noticeValue = v.noticeDays;
    s << "UPDATE policy_versions SET json = $1, state = 'announced', announced_at = $2, "
         "effective_at = $3, notice_days = $4, short_notice_reason = NULLIF($5, '') WHERE "
         "policy_id = $6 AND version = $7 AND state = 'draft'",
        useRef(v.json), useRef(at), useRef(v.effectiveAt), bind(noticeValue),
        useRef(v.shortNoticeReason), useRef(v.policyId), bind(v.version), now;
    log().information("policy %s version %Ld announced by %s, in effect from %s%s", v.policyId,
                      static_cast<Poco::Int64>(v.version), by, v.effectiveAt,
                      recorded.empty() ? std::string() : " (short notice: " + recorded + ")");
    Outcome<PolicyVersion> o;
    o.value = std::move(v);
    return o;
}

} // namespace

Outcome<PolicyVersion> PolicyLifecycle::announce(const std::string& policyId,
                                                 const std::string& effectiveDate,
                                                 const std::optional<std::string>& reason,
                                                 const std::string& by) {
    AnnounceInput in;
    in.policyId = policyId;
    in.reason = reason;
    try {
        in.effectiveDay = json::parseIsoDate(effectiveDate, "effective");
    } catch (const json::ParseError& e) {
        return failed<PolicyVersion>(400, e.what());
    }
    Outcome<PolicyVersion> o;
    const std::string at = currentTime();
    auto status = m_db.write("announce policy " + policyId, [&](Poco::Data::Session& s) {
        o = announceIn(s, in, at, by);
        return o.ok();
    });
    if (!status) {
        return failed<PolicyVersion>(500, status.error());
    }
    return o;
}

Outcome<NoticeDue> PolicyLifecycle::noticeFor(const std::string& policyId) {
    Outcome<NoticeDue> o;
    const std::string at = currentTime();
    auto status = m_db.read("check the notice for policy " + policyId, [&](Poco::Data::Session& s) {
        auto versions = readVersions(s, policyId);
        computePhases(versions, at);
        const auto [draft, current] = draftAndCurrent(versions);
        if (draft == nullptr) {
            o = failed<NoticeDue>(404, noDraftError(policyId));
            return;
        }
        auto next = parsePolicy(draft->json, "policy " + policyId, {0});
        if (!next) {
            o = failed<NoticeDue>(500, next.error());
            return;
        }
        auto reasons = noticeReasons(next.value(), current, policyId);
        auto days = readIntSetting(s, "notice_days", kDefaultNoticeDays);
        if (!reasons.ok() || !days) {
            o = failed<NoticeDue>(500, !reasons.ok() ? reasons.error : days.error());
            return;
        }
        const std::int64_t today = dayOf(localDate(at)); // the workplace's day
        o.value.draftVersion = draft->version;
        o.value.reasons = std::move(reasons.value);
        o.value.noticeDays = days.value();
        o.value.today = json::formatIsoDate(today);
        o.value.earliest =
            json::formatIsoDate(o.value.reasons.empty() ? today : today + days.value());
    });
    if (!status) {
        return failed<NoticeDue>(500, status.error());
    }
    return o;
}

Outcome<PolicyVersion> PolicyLifecycle::publishDirectly(const std::string& text,
                                                        const std::string& origin,
                                                        const std::string& by) {
    auto policy = parsePolicy(text, origin);
    if (!policy) {
        return failed<PolicyVersion>(400, policy.error());
    }
    auto drafted = draft(text, origin, by);
    if (!drafted.ok()) {
        return drafted;
    }
    AnnounceInput in;
    in.policyId = policy->id;
    in.direct = true;
    const std::string at = currentTime();
    in.effectiveDay = std::max(policy->effectiveDay, dayOf(localDate(at)));
    Outcome<PolicyVersion> o;
    auto status = m_db.write("publish policy " + policy->id, [&](Poco::Data::Session& s) {
        o = announceIn(s, in, at, by);
        return o.ok();
    });
    if (!status) {
        return failed<PolicyVersion>(500, status.error());
    }
    return o;
}

Outcome<std::vector<PolicyVersion>> PolicyLifecycle::retire(const std::string& policyId,
                                                            const std::string& by) {
    Outcome<std::vector<PolicyVersion>> o;
    const std::string at = currentTime();
    auto status = m_db.write("retire policy " + policyId, [&](Poco::Data::Session& s) {
        auto versions = readVersions(s, policyId);
        if (policyId.empty() || versions.empty()) {
            o = failed<std::vector<PolicyVersion>>(404, "no policy \"" + policyId.substr(0, 64) +
                                                            "\" (see policy-list)");
            return false;
        }
        if (std::all_of(versions.begin(), versions.end(),
                        [](const PolicyVersion& v) { return v.state == "retired"; })) {
            o = failed<std::vector<PolicyVersion>>(409, "policy " + policyId +
                                                            " is already retired (" +
                                                            versions.back().retiredAt + ")");
            return false;
        }
        s << "UPDATE policy_versions SET state = 'retired', retired_at = $1 WHERE policy_id = $2 "
             "AND state <> 'retired'",
            useRef(at), useRef(policyId), now;
        o.value = readVersions(s, policyId);
        computePhases(o.value, at);
        return true;
    });
    if (!status) {
        return failed<std::vector<PolicyVersion>>(500, status.error());
    }
    if (o.ok()) {
        log().information("policy %s retired by %s", policyId, by);
    }
    return o;
}

Result<std::vector<PolicyVersion>> PolicyLifecycle::versions(const std::string& policyId) {
    std::vector<PolicyVersion> out;
    auto status = m_db.read("read policy versions",
                            [&](Poco::Data::Session& s) { out = readVersions(s, policyId); });
    if (!status) {
        return Error{status.error()};
    }
    computePhases(out, currentTime());
    return out;
}

Outcome<CouncilPosition> PolicyLifecycle::recordPosition(const std::string& policyId,
                                                         std::int64_t version, const Caller& caller,
                                                         const std::string& position,
                                                         const std::string& note) {
    if (caller.role != Role::Council) {
        return failed<CouncilPosition>(403, "only works council members record positions");
    }
    if (position != "acknowledged" && position != "objection") {
        return failed<CouncilPosition>(400, "position: \"acknowledged\" or \"objection\" (got \"" +
                                                position.substr(0, 40) + "\")");
    }
    if (characters(note) > kMaxCouncilNote) {
        return failed<CouncilPosition>(400, "note: at most " + std::to_string(kMaxCouncilNote) +
                                                " characters");
    }
    if (position == "objection" && blank(note)) {
        return failed<CouncilPosition>(400, "note: an objection must say what the council objects "
                                            "to");
    }
    Outcome<CouncilPosition> o;
    const std::string at = currentTime();
    auto status = m_db.write("record the council's position", [&](Poco::Data::Session& s) {
        auto versions = readVersions(s, policyId);
        const auto it = std::find_if(versions.begin(), versions.end(),
                                     [&](const PolicyVersion& v) { return v.version == version; });
        if (policyId.empty() || it == versions.end() || it->state == "draft") {
            o = failed<CouncilPosition>(404, "no announced version " + std::to_string(version) +
                                                 " of policy \"" + policyId.substr(0, 64) + "\"");
            return false;
        }
        if (it->state == "retired") {
            o = failed<CouncilPosition>(409, "policy " + policyId + " version " +
                                                 std::to_string(version) + " is retired");
            return false;
        }
        const Poco::Int64 v = version;
        s << "INSERT INTO council_positions (policy_id, version, account_id, position, note, "
             "recorded_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (policy_id, version, "
             "account_id) DO UPDATE SET position = excluded.position, note = excluded.note, "
             "recorded_at = excluded.recorded_at",
            useRef(policyId), bind(v), useRef(caller.actorId), useRef(position), useRef(note),
            useRef(at), now;
        o.value = {policyId, version, caller.actorId, position, note, at};
        return true;
    });
    if (!status) {
        return failed<CouncilPosition>(500, status.error());
    }
    return o;
}

Result<std::vector<CouncilPosition>> PolicyLifecycle::positions(const std::string& policyId) {
    std::vector<std::string> ids, accounts, positions, notes, times;
    std::vector<Poco::Int64> versions;
    auto status = m_db.read("read the council's positions", [&](Poco::Data::Session& s) {
        s << "SELECT policy_id, version, account_id, position, note, recorded_at FROM "
             "council_positions WHERE $1 = '' OR policy_id = $1 ORDER BY policy_id, version, "
             "recorded_at",
            into(ids), into(versions), into(accounts), into(positions), into(notes), into(times),
            useRef(policyId), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    std::vector<CouncilPosition> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out.push_back({ids[i], versions[i], accounts[i], positions[i], notes[i], times[i]});
    }
    return out;
}

// ---- routes ----

namespace {

Reply fromOutcomeError(int status, const std::string& error) {
    return errorReply(status, error);
}

bool isRole(const Request& r, Role role) {
    return r.caller && r.caller->role == role;
}

Poco::JSON::Array::Ptr positionsArray(const std::vector<CouncilPosition>& all,
                                      const std::string& policyId, std::int64_t version) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& p : all) {
        if (p.policyId == policyId && p.version == version) {
            Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            j->set("account_id", p.accountId);
            j->set("position", p.position);
            j->set("note", p.note);
            j->set("recorded_at", p.recordedAt);
            out->add(j);
        }
    }
    return out;
}

// A JSON object body; unknown fields and wrong types are refused with the field's path.
Result<Poco::JSON::Object::Ptr> jsonBody(const std::string& body,
                                         const std::vector<std::string>& allowed) {
    Poco::JSON::Object::Ptr object;
    try {
        Poco::JSON::Parser parser;
        const auto v = parser.parse(body);
        if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
            return Error{"$: a JSON object"};
        }
        object = v.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return Error{"$: valid JSON (" + e.message() + ")"};
    }
    for (const auto& [key, value] : *object) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            return Error{"$." + key + ": no such field"};
        }
        if (!value.isString()) {
            return Error{"$." + key + ": a string"};
        }
    }
    return object;
}

std::string field(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    return o->has(key) ? o->getValue<std::string>(key) : std::string();
}

} // namespace

Reply PolicyApi::list(const Request& request) {
    const bool council = isRole(request, Role::Council);
    if (!isRole(request, Role::Dpo) && !council) {
        return errorReply(403, "only the DPO and the works council see the policies' lifecycle");
    }
    auto versions = m_lifecycle.versions();
    auto positions = m_lifecycle.positions();
    if (!versions || !positions) {
        log().error(!versions ? versions.error() : positions.error());
        return errorReply(500, "cannot read the policies");
    }
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& v : versions.value()) {
        if (council && v.phase == "draft") {
            continue; // drafts are the DPO's work in progress
        }
        auto j = versionObject(v, false);
        j->set("positions", positionsArray(positions.value(), v.policyId, v.version));
        items->add(j);
    }
    Poco::JSON::Object::Ptr answer = new Poco::JSON::Object;
    answer->set("versions", items);
    return {200, stringify(answer)};
}

Reply PolicyApi::show(const Request& request) {
    const bool council = isRole(request, Role::Council);
    if (!isRole(request, Role::Dpo) && !council) {
        return errorReply(403, "only the DPO and the works council see the policies' lifecycle");
    }
    std::int64_t version = 0;
    const std::string text = request.param("version");
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (ec != std::errc() || ptr != text.data() + text.size() || version < 1) {
        return errorReply(400, "version: a positive number (got \"" + text.substr(0, 20) + "\")");
    }
    auto versions = m_lifecycle.versions(request.param("id"));
    auto positions = m_lifecycle.positions(request.param("id"));
    if (!versions || !positions) {
        return errorReply(500, "cannot read the policy");
    }
    for (const auto& v : versions.value()) {
        if (v.version == version && !(council && v.phase == "draft")) {
            auto j = versionObject(v, true);
            j->set("positions", positionsArray(positions.value(), v.policyId, v.version));
            return {200, stringify(j)};
        }
    }
    return errorReply(404, "no version " + std::to_string(version) + " of policy \"" +
                               request.param("id").substr(0, 64) + "\"");
}

Reply PolicyApi::draft(const Request& request) {
    if (!isRole(request, Role::Dpo)) {
        return errorReply(403, "only the DPO drafts policies");
    }
    auto o = m_lifecycle.draft(request.body, "policy", request.caller->name);
    if (!o.ok()) {
        return fromOutcomeError(o.status, o.error);
    }
    return {201, stringify(versionObject(o.value, false))};
}

Reply PolicyApi::announce(const Request& request) {
    if (!isRole(request, Role::Dpo)) {
        return errorReply(403, "only the DPO announces policies");
    }
    auto body = jsonBody(request.body, {"effective", "short_notice_reason"});
    if (!body) {
        return errorReply(400, "announcement: " + body.error());
    }
    std::optional<std::string> reason;
    if (body.value()->has("short_notice_reason")) {
        reason = field(body.value(), "short_notice_reason");
    }
    auto o = m_lifecycle.announce(request.param("id"), field(body.value(), "effective"), reason,
                                  request.caller->name);
    if (!o.ok()) {
        return fromOutcomeError(o.status, o.error);
    }
    return {200, stringify(versionObject(o.value, false))};
}

Reply PolicyApi::retire(const Request& request) {
    if (!isRole(request, Role::Dpo)) {
        return errorReply(403, "only the DPO retires policies");
    }
    auto o = m_lifecycle.retire(request.param("id"), request.caller->name);
    if (!o.ok()) {
        return fromOutcomeError(o.status, o.error);
    }
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& v : o.value) {
        items->add(versionObject(v, false));
    }
    Poco::JSON::Object::Ptr answer = new Poco::JSON::Object;
    answer->set("versions", items);
    return {200, stringify(answer)};
}

Reply PolicyApi::position(const Request& request) {
    if (!isRole(request, Role::Council)) {
        return errorReply(403, "only works council members record positions");
    }
    std::int64_t version = 0;
    const std::string text = request.param("version");
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (ec != std::errc() || ptr != text.data() + text.size() || version < 1) {
        return errorReply(400, "version: a positive number (got \"" + text.substr(0, 20) + "\")");
    }
    auto body = jsonBody(request.body, {"position", "note"});
    if (!body) {
        return errorReply(400, "position: " + body.error());
    }
    auto o =
        m_lifecycle.recordPosition(request.param("id"), version, *request.caller,
                                   field(body.value(), "position"), field(body.value(), "note"));
    if (!o.ok()) {
        return fromOutcomeError(o.status, o.error);
    }
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("policy_id", o.value.policyId);
    j->set("version", static_cast<Poco::Int64>(o.value.version));
    j->set("position", o.value.position);
    j->set("note", o.value.note);
    j->set("recorded_at", o.value.recordedAt);
    return {200, stringify(j)};
}

void addPolicyRoutes(Router& router, PolicyApi& api) {
    const auto add = [&router](const char* method, const char* pattern, std::vector<Role> roles,
                               std::size_t maxBody, Handler handler, const char* summary) {
        Route r;
        r.listener = Listener::Public;
        r.method = method;
        r.pattern = pattern;
        r.access = Access::Session;
        r.roles = std::move(roles);
        r.maxBody = maxBody;
        r.handler = std::move(handler);
        r.summary = summary;
        router.add(std::move(r));
    };
    add(
        "GET", "/api/v1/dpo/policies", {Role::Dpo}, 0, [&api](Request& r) { return api.list(r); },
        "every version of every policy with its phase and the council's positions");
    add(
        "POST", "/api/v1/dpo/policies", {Role::Dpo}, kMaxPolicyDocumentBytes,
        [&api](Request& r) { return api.draft(r); }, "a new draft version of a policy");
    add(
        "GET", "/api/v1/dpo/policies/{id}/{version}", {Role::Dpo}, 0,
        [&api](Request& r) { return api.show(r); }, "one version with its document");
    add(
        "POST", "/api/v1/dpo/policies/{id}/announce", {Role::Dpo}, 16 * 1024,
        [&api](Request& r) { return api.announce(r); },
        "announce the newest draft: {\"effective\": DATE, \"short_notice_reason\"?: TEXT}");
    add(
        "POST", "/api/v1/dpo/policies/{id}/retire", {Role::Dpo}, 1024,
        [&api](Request& r) { return api.retire(r); }, "retire every version of a policy");
    add(
        "GET", "/api/v1/council/policies", {Role::Council}, 0,
        [&api](Request& r) { return api.list(r); },
        "announced, in-effect and retired versions with positions");
    add(
        "GET", "/api/v1/council/policies/{id}/{version}", {Role::Council}, 0,
        [&api](Request& r) { return api.show(r); }, "one announced version with its document");
    add(
        "POST", "/api/v1/council/policies/{id}/{version}/position", {Role::Council}, 16 * 1024,
        [&api](Request& r) { return api.position(r); },
        "the council member's acknowledgement or objection with a note");
}

// ---- admin commands ----

namespace {

int printVersion(std::ostream& out, const PolicyVersion& v) {
    out << v.policyId << "\t" << v.version << "\t" << v.phase << "\t"
        << (v.announcedAt.empty() ? "-" : v.announcedAt) << "\t"
        << (v.effectiveAt.empty() ? "-" : v.effectiveAt) << "\t"
        << (v.shortNoticeReason.empty() ? "-" : v.shortNoticeReason) << "\n";
    return 0;
}

const char* kAdmin = "administrator (command line)";

} // namespace

std::vector<AdminCommand> policyAdminCommands() {
    std::vector<AdminCommand> c;
    const auto readDocument = [](AdminContext& x, std::string& text) {
        auto read = readFile(x.options.args[0], kMaxPolicyDocumentBytes);
        if (!read) {
            return adminFail(x.err, read.error());
        }
        text = std::move(read).value();
        return 0;
    };
    c.push_back({"policy-draft",
                 "policy-draft FILE",
                 "check a policy document and store it as the next draft version of its id",
                 1,
                 1,
                 {},
                 {},
                 [readDocument](AdminContext& x) {
                     std::string text;
                     if (int rc = readDocument(x, text); rc != 0) {
                         return rc;
                     }
                     PolicyLifecycle lifecycle(x.db);
                     auto o = lifecycle.draft(text, x.options.args[0], kAdmin);
                     if (!o.ok()) {
                         return adminFail(x.err, o.error);
                     }
                     x.out << "drafted policy " << o.value.policyId << " version "
                           << o.value.version << "; announce it with policy-announce "
                           << o.value.policyId << " --effective YYYY-MM-DD\n";
                     return 0;
                 }});
    c.push_back({"policy-announce",
                 "policy-announce ID --effective DATE [--short-notice-reason TEXT]",
                 "announce the newest draft of a policy, in effect from DATE (notice applies)",
                 1,
                 1,
                 {"--effective", "--short-notice-reason"},
                 {},
                 [](AdminContext& x) {
                     if (!x.options.has("--effective")) {
                         return adminFail(x.err, "policy-announce: --effective YYYY-MM-DD is "
                                                 "required");
                     }
                     std::optional<std::string> reason;
                     if (x.options.has("--short-notice-reason")) {
                         reason = x.options.option("--short-notice-reason");
                     }
                     PolicyLifecycle lifecycle(x.db);
                     auto o = lifecycle.announce(x.options.args[0], x.options.option("--effective"),
                                                 reason, kAdmin);
                     if (!o.ok()) {
                         return adminFail(x.err, o.error);
                     }
                     x.out << "announced policy " << o.value.policyId << " version "
                           << o.value.version << ", in effect from " << o.value.effectiveAt << "\n";
                     return 0;
                 }});
    c.push_back({"policy-retire",
                 "policy-retire ID",
                 "retire a policy: agents drop it at their next sync",
                 1,
                 1,
                 {},
                 {},
                 [](AdminContext& x) {
                     PolicyLifecycle lifecycle(x.db);
                     auto o = lifecycle.retire(x.options.args[0], kAdmin);
                     if (!o.ok()) {
                         return adminFail(x.err, o.error);
                     }
                     x.out << "retired policy " << x.options.args[0] << "\n";
                     return 0;
                 }});
    c.push_back({"policy-list",
                 "policy-list [ID]",
                 "every version of every policy (or of ID) with its phase and dates",
                 0,
                 1,
                 {},
                 {},
                 [](AdminContext& x) {
                     PolicyLifecycle lifecycle(x.db);
                     auto versions =
                         lifecycle.versions(x.options.args.empty() ? "" : x.options.args[0]);
                     if (!versions) {
                         return adminFail(x.err, versions.error());
                     }
                     x.out << "policy_id\tversion\tphase\tannounced_at\teffective_at\t"
                              "short_notice_reason\n";
                     for (const auto& v : versions.value()) {
                         printVersion(x.out, v);
                     }
                     return 0;
                 }});
    c.push_back({"policy-notice-days",
                 "policy-notice-days [DAYS]",
                 "show or set the notice period for new and widened policies (default 42)",
                 0,
                 1,
                 {},
                 {},
                 [](AdminContext& x) {
                     if (!x.options.args.empty()) {
                         int days = 0;
                         const auto& t = x.options.args[0];
                         const auto [ptr, ec] =
                             std::from_chars(t.data(), t.data() + t.size(), days);
                         if (ec != std::errc() || ptr != t.data() + t.size()) {
                             return adminFail(x.err, "DAYS: a number (got \"" + t + "\")");
                         }
                         if (auto s = setNoticeDays(x.db, days, kAdmin); !s) {
                             return adminFail(x.err, s.error());
                         }
                     }
                     auto days = noticeDaysSetting(x.db);
                     if (!days) {
                         return adminFail(x.err, days.error());
                     }
                     x.out << "notice period: " << days.value() << " days\n";
                     return 0;
                 }});
    c.push_back({"publish-policy",
                 "publish-policy FILE",
                 "draft and announce at once, in effect from the file's date or now; short notice "
                 "is recorded as published directly by an administrator",
                 1,
                 1,
                 {},
                 {},
                 [readDocument](AdminContext& x) {
                     std::string text;
                     if (int rc = readDocument(x, text); rc != 0) {
                         return rc;
                     }
                     PolicyLifecycle lifecycle(x.db);
                     auto o = lifecycle.publishDirectly(text, x.options.args[0], kAdmin);
                     if (!o.ok()) {
                         return adminFail(x.err, o.error);
                     }
                     x.out << "published policy " << o.value.policyId << " version "
                           << o.value.version << ", in effect from " << o.value.effectiveAt
                           << (o.value.shortNoticeReason.empty()
                                   ? std::string()
                                   : " (short notice recorded: " + o.value.shortNoticeReason + ")")
                           << "\n";
                     return 0;
                 }});
    return c;
}

} // namespace indblik::server
