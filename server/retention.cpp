#include "retention.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <ostream>
#include <sstream>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Util/Timer.h>
#include <Poco/Util/TimerTask.h>

#include "admin.h"
#include "lenient_json.h"
#include "pki.h"
#include "policy.h"
#include "server_store.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

Poco::Logger& log() {
    return Poco::Logger::get("indblik.server.retention");
}

using lenient::parseObject;

std::string stringField(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (o && o->has(key) && !o->isNull(key) && o->get(key).isString()) {
        return o->getValue<std::string>(key);
    }
    return {};
}

// A policy id as the policy format allows it; anything else from a payload is no policy.
std::string policyId(std::string text) {
    const bool ok =
        !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        });
    return ok ? text : std::string();
}

// The time `days` before `now`, in the same ISO-8601 form the tables use.
Result<std::string> daysBefore(const std::string& now, int days) {
    try {
        int tz = 0;
        Poco::DateTime t =
            Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, now, tz);
        t -= Poco::Timespan(days, 0, 0, 0, 0);
        return Poco::DateTimeFormatter::format(t, "%Y-%m-%dT%H:%M:%S.%iZ");
    } catch (const Poco::Exception& e) {
        return Error{"retention: cannot read the time \"" + now + "\" (" + e.displayText() + ")"};
    }
}

Result<int> readSetting(Database& db, const std::string& name, int fallback) {
    std::vector<std::string> values;
    auto status = db.read("read setting " + name, [&](Poco::Data::Session& s) {
        s << "SELECT value FROM settings WHERE name = $1", into(values), useRef(name), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (values.empty()) {
        return fallback;
    }
    int value = 0;
    const auto& t = values.front();
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec != std::errc() || ptr != t.data() + t.size()) {
        return Error{"setting " + name + ": not a number (\"" + t + "\")"};
    }
    return value;
}

} // namespace

std::string EntryPolicies::policyOf(const LedgerEntry& entry) {
    const auto payload = parseObject(entry.payload);
    if (entry.kind.rfind("observation.", 0) == 0) {
        const std::string product = stringField(payload, "product");
        const std::string key =
            product.empty() ? stringField(payload, "detector") + ":" + stringField(payload, "name")
                            : "product:" + product;
        const bool declared = payload && payload->has("declared") &&
                              payload->get("declared").isBoolean() &&
                              payload->getValue<bool>("declared");
        std::string policy = declared ? policyId(stringField(payload, "policy")) : std::string();
        if (key.size() > 1024) {
            return policy; // no agent names an observation like that; not worth remembering
        }
        m_known[key] = policy;
        m_session << "INSERT INTO observation_policies (device_id, obs_key, policy_id) VALUES ($1, "
                     "$2, NULLIF($3, '')) ON CONFLICT (device_id, obs_key) DO UPDATE SET "
                     "policy_id = excluded.policy_id",
            useRef(m_deviceId), useRef(key), useRef(policy), now;
        return policy;
    }
    // The agent's own records about its ledger (ledger.gap: what it could not record) fall
    // under no policy, whatever their payload says.
    if (entry.kind.rfind("ledger.", 0) == 0) {
        return {};
    }
    // A payload that names its policy itself (a future agent may write one) is taken at its word.
    if (std::string own = policyId(stringField(payload, "policy")); !own.empty()) {
        return own;
    }
    const std::string observation = stringField(payload, "observation");
    if (entry.kind != "activity" || observation.empty()) {
        return {};
    }
    if (const auto it = m_known.find(observation); it != m_known.end()) {
        return it->second;
    }
    std::vector<std::string> found;
    m_session << "SELECT COALESCE(policy_id, '') FROM observation_policies WHERE device_id = $1 "
                 "AND obs_key = $2",
        into(found), useRef(m_deviceId), useRef(observation), now;
    std::string policy = found.empty() ? std::string() : found.front();
    m_known[observation] = policy;
    return policy;
}

Result<int> undeclaredMaxDaysSetting(Database& db) {
    return readSetting(db, "undeclared_max_days", kDefaultUndeclaredMaxDays);
}

Status setUndeclaredMaxDays(Database& db, int days, const std::string& by) {
    if (days < kMinUndeclaredMaxDays || days > kMaxUndeclaredMaxDays) {
        return Error{"undeclared_max_days: from " + std::to_string(kMinUndeclaredMaxDays) + " to " +
                     std::to_string(kMaxUndeclaredMaxDays) + " days (got " + std::to_string(days) +
                     ")"};
    }
    const std::string value = std::to_string(days);
    const std::string at = nowIso8601();
    return db.write("set the maximum retention", [&](Poco::Data::Session& s) {
        s << "INSERT INTO settings (name, value, updated_at, updated_by) VALUES "
             "('undeclared_max_days', $1, $2, $3) ON CONFLICT (name) DO UPDATE SET value = "
             "excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            useRef(value), useRef(at), useRef(by), now;
        return true;
    });
}

Result<RetentionReport> runRetention(Database& db, const RetentionOptions& options) {
    const std::string at = options.now.empty() ? nowIso8601() : options.now;
    int maxDays = options.undeclaredMaxDays;
    if (maxDays == 0) {
        auto setting = undeclaredMaxDaysSetting(db);
        if (!setting) {
            return Error{setting.error()};
        }
        maxDays = setting.value();
    }
    // Each policy's retention is the one its newest published version declares (a retired
    // policy's data keeps the retention it was collected under).
    std::vector<std::string> ids, jsons;
    auto status = db.read("read the policies' retention", [&](Poco::Data::Session& s) {
        s << "SELECT policy_id, json FROM policy_versions WHERE state <> 'draft' ORDER BY "
             "policy_id, version",
            into(ids), into(jsons), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    std::map<std::string, int> retention;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto policy = parsePolicy(jsons[i], "policy " + ids[i], {0});
        if (!policy) {
            log().error("%s; its entries are left alone", policy.error());
            continue;
        }
        retention[ids[i]] = policy->retentionDays;
    }
    RetentionReport report;
    report.dryRun = options.dryRun;
    std::vector<RetentionItem> plan;
    for (const auto& [policy, days] : retention) {
        plan.push_back({policy, days, {}, 0});
    }
    plan.push_back({"", maxDays, {}, 0});

    for (auto& item : plan) {
        auto cutoff = daysBefore(at, item.days);
        if (!cutoff) {
            return Error{cutoff.error()};
        }
        item.before = cutoff.value();
        const bool undeclared = item.policyId.empty();
        // Collection events under a declared policy go by its retention; everything else by the
        // maximum.
        // An entry's age is its device time, or the time we received it, whichever is older;
        // but never the device time of a device whose clock was off at its last sync: a clock
        // set back must not delete data early.
        const std::string old =
            "(received_at < $1 OR (time < $1 AND device_id NOT IN (SELECT device_id FROM devices "
            "WHERE clock_skew_seconds > " +
            std::to_string(kClockSkewToleranceSeconds) + " OR clock_skew_seconds < -" +
            std::to_string(kClockSkewToleranceSeconds) + ")))";
        const std::string where =
            undeclared ? old + " AND NOT (kind = 'activity' AND COALESCE(policy_id, '') IN "
                               "(SELECT policy_id FROM policy_versions WHERE state <> 'draft'))"
                       : old + " AND policy_id = $2 AND kind = 'activity'";
        auto done = db.write("apply retention", [&](Poco::Data::Session& s) {
            if (options.dryRun) {
                Poco::Int64 n = 0;
                Poco::Data::Statement count(s);
                count << ("SELECT COUNT(*) FROM ledger_entries WHERE " + where), into(n),
                    useRef(item.before);
                if (!undeclared) {
                    count, useRef(item.policyId);
                }
                count.execute();
                item.count = n;
                return false;
            }
            Poco::Data::Statement erase(s);
            erase << ("DELETE FROM ledger_entries WHERE " + where), useRef(item.before);
            if (!undeclared) {
                erase, useRef(item.policyId);
            }
            item.count = static_cast<std::int64_t>(erase.execute());
            if (item.count == 0) {
                return true;
            }
            Poco::JSON::Object detail(Poco::JSON_PRESERVE_KEY_ORDER);
            detail.set("policy",
                       undeclared ? Poco::Dynamic::Var() : Poco::Dynamic::Var(item.policyId));
            detail.set("what", undeclared ? "entries under no declared policy (undeclared "
                                            "observations and their events, observation records)"
                                          : "collection events");
            detail.set("retention_days", item.days);
            detail.set("before", item.before);
            std::ostringstream text;
            detail.stringify(text);
            const std::string actionId = pki::randomHex(12).value();
            const std::string detailText = text.str();
            const Poco::Int64 count = item.count;
            s << "INSERT INTO system_actions (action_id, time, action, detail, count) VALUES ($1, "
                 "$2, 'retention.delete', $3, $4)",
                useRef(actionId), useRef(at), useRef(detailText), bind(count), now;
            return true;
        });
        if (!done) {
            return Error{done.error()};
        }
        report.total += item.count;
        if (item.count > 0 && !options.dryRun) {
            log().information("retention: deleted %Ld %s older than %d days (before %s)",
                              static_cast<Poco::Int64>(item.count),
                              undeclared ? std::string("entries under no declared policy")
                                         : "collection events of policy " + item.policyId,
                              item.days, item.before);
        }
    }
    report.items = std::move(plan);
    return report;
}

namespace {

class RetentionTask : public Poco::Util::TimerTask {
public:
    explicit RetentionTask(Database& db) : m_db(db) {}
    void run() override {
        auto report = runRetention(m_db);
        if (!report) {
            log().error("retention failed, will try again next hour: %s", report.error());
        }
    }

private:
    Database& m_db;
};

} // namespace

RetentionScheduler::RetentionScheduler(Database& db) : m_db(db) {}

RetentionScheduler::~RetentionScheduler() {
    stop();
}

void RetentionScheduler::start(long firstDelayMs, long intervalMs) {
    if (m_timer) {
        return;
    }
    m_timer = std::make_unique<Poco::Util::Timer>();
    m_timer->scheduleAtFixedRate(new RetentionTask(m_db), firstDelayMs, intervalMs);
}

void RetentionScheduler::stop() {
    if (m_timer) {
        m_timer->cancel(true);
        m_timer.reset();
    }
}

std::vector<AdminCommand> retentionAdminCommands() {
    std::vector<AdminCommand> c;
    c.push_back(
        {"retention",
         "retention [--dry-run] [--undeclared-max-days DAYS]",
         "delete entries past their policy's retention, and entries under no policy past the "
         "maximum (setting it with --undeclared-max-days); --dry-run only counts",
         0,
         0,
         {"--undeclared-max-days"},
         {"--dry-run"},
         [](AdminContext& x) {
             if (x.options.has("--undeclared-max-days")) {
                 const std::string t = x.options.option("--undeclared-max-days");
                 int days = 0;
                 const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), days);
                 if (ec != std::errc() || ptr != t.data() + t.size()) {
                     return adminFail(x.err, "--undeclared-max-days: a number (got \"" + t + "\")");
                 }
                 if (auto s = setUndeclaredMaxDays(x.db, days, "administrator (command line)");
                     !s) {
                     return adminFail(x.err, s.error());
                 }
             }
             RetentionOptions options;
             options.dryRun = x.options.has("--dry-run");
             auto report = runRetention(x.db, options);
             if (!report) {
                 return adminFail(x.err, report.error());
             }
             x.out << "policy\tretention_days\tbefore\t"
                   << (options.dryRun ? "would_delete" : "deleted") << "\n";
             for (const auto& i : report->items) {
                 x.out << (i.policyId.empty() ? "(no declared policy)" : i.policyId) << "\t"
                       << i.days << "\t" << i.before << "\t" << i.count << "\n";
             }
             x.out << (options.dryRun ? "dry run: nothing deleted; " : "")
                   << (options.dryRun ? "would delete " : "deleted ") << report->total
                   << " entries\n";
             return 0;
         }});
    return c;
}

} // namespace indblik::server
