#include "agent_store.h"

#include <iomanip>
#include <map>
#include <sstream>

#include <Poco/Data/Session.h>
#include <Poco/Data/Transaction.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Timespan.h>

#include "json_reader.h"

using namespace Poco::Data::Keywords;

namespace indblik::agent {

namespace {

Poco::Logger& log() {
    return Poco::Logger::get("indblik.agent.store");
}

constexpr std::size_t kMaxReason = 500;

std::string droppedToJson(const DroppedRecords& d) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Object::Ptr kinds = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [kind, n] : d.byKind) {
        kinds->set(kind, n);
    }
    o.set("dropped", kinds);
    o.set("from", d.from);
    o.set("to", d.to);
    o.set("cause", d.cause);
    o.set("reason", d.reason);
    o.set("discovery_digest", d.discoveryDigest);
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

DroppedRecords droppedFromJson(const std::string& text) {
    DroppedRecords d;
    try {
        Poco::JSON::Parser parser;
        const auto o = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
        if (const auto kinds = o->getObject("dropped")) {
            for (const auto& [kind, n] : *kinds) {
                d.byKind[kind] = n.convert<std::int64_t>();
            }
        }
        d.from = o->optValue<std::string>("from", "");
        d.to = o->optValue<std::string>("to", "");
        d.cause = o->optValue<std::string>("cause", "quota");
        d.reason = o->optValue<std::string>("reason", "");
        d.discoveryDigest = o->optValue<std::string>("discovery_digest", "");
    } catch (const std::exception& e) {
        // Never silently: the count is lost, but the gap itself is still recorded.
        log().error("agent_state quota_dropped does not parse (" + std::string(e.what()) +
                    "); recording a gap of unknown size");
        d.byKind["unknown"] = 0;
        d.from = d.to = nowIso8601();
        d.cause = "quota";
        d.reason = "the record of what was dropped was unreadable";
    }
    return d;
}

bool isDiskError(const std::string& error) {
    // SQLite's texts for SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY and SQLITE_CANTOPEN.
    for (const char* text :
         {"full", "I/O error", "disk", "readonly", "read-only", "unable to open"}) {
        if (error.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

std::int64_t DroppedRecords::total() const {
    std::int64_t n = 0;
    for (const auto& [kind, count] : byKind) {
        n += count;
    }
    return n;
}

std::string DroppedRecords::gapPayload(std::int64_t quotaBytes) const {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Object::Ptr kinds = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [kind, n] : byKind) {
        kinds->set(kind, n);
    }
    o.set("dropped", kinds);
    o.set("count", total());
    o.set("from", from);
    o.set("to", to);
    o.set("cause", cause);
    o.set("reason", reason);
    o.set("quota_bytes", quotaBytes);
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

Result<std::unique_ptr<AgentStore>> AgentStore::open(const std::string& path,
                                                     std::int64_t quotaBytes) {
    auto ledger = Ledger::open(path);
    if (!ledger) {
        return Error{ledger.error()};
    }
    try {
        Status version = Status::success();
        ledger.value()->withSession([&](Poco::Data::Session& s) {
            Poco::Data::Transaction tx(s);
            // Version 1, which recorded no version of its own.
            s << "CREATE TABLE IF NOT EXISTS observations (key TEXT PRIMARY KEY, "
                 "json TEXT NOT NULL)",
                now;
            s << "CREATE TABLE IF NOT EXISTS policies (id TEXT PRIMARY KEY, json TEXT NOT NULL)",
                now;
            s << "CREATE TABLE IF NOT EXISTS agent_state (key TEXT PRIMARY KEY, value TEXT)", now;
            std::vector<std::string> found;
            s << "SELECT value FROM meta WHERE key = 'agent_schema_version'", into(found), now;
            // The steps apply in order from whatever version the file holds (none: 1).
            const int from = found.empty() ? 1 : std::atoi(found.front().c_str());
            const auto setVersion = [&](const char* v) {
                s << "INSERT INTO meta (key, value) VALUES ('agent_schema_version', ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    bind(std::string(v)), now;
            };
            if (from < 2) {
                // 1 -> 2: the activity sampler's state.
                s << "CREATE TABLE IF NOT EXISTS activity_state (id INTEGER PRIMARY KEY "
                     "CHECK (id = 1), json TEXT NOT NULL)",
                    now;
                setVersion("2");
            }
            if (from < 3) {
                // 2 -> 3: signed checkpoints, with the public key each was signed with.
                s << "CREATE TABLE IF NOT EXISTS checkpoints (seq INTEGER PRIMARY KEY, head TEXT "
                     "NOT NULL, time TEXT NOT NULL, signature TEXT NOT NULL, device_id TEXT NOT "
                     "NULL, public_key TEXT NOT NULL)",
                    now;
                setVersion("3");
            }
            if (from < 4) {
                // 3 -> 4: the disk quota. No table changes (the pruning base lives in meta, the
                // dropped counts in agent_state); the number keeps older agents, which would
                // verify a pruned ledger from the start, away.
                setVersion("4");
            }
            version =
                ensureSchemaVersion(s, kAgentSchemaVersion, "agent", path, "agent_schema_version");
            if (version) {
                tx.commit();
            }
        });
        if (!version) {
            return Error{version.error()};
        }
    } catch (const Poco::Exception& e) {
        return Error{path + ": cannot prepare the agent's tables (" + e.displayText() + ")"};
    }
    DroppedRecords dropped;
    try {
        std::vector<Poco::Nullable<std::string>> values;
        ledger.value()->withSession([&](Poco::Data::Session& s) {
            s << "SELECT value FROM agent_state WHERE key = 'quota_dropped'", into(values), now;
        });
        if (!values.empty() && !values.front().isNull()) {
            dropped = droppedFromJson(values.front().value());
        }
    } catch (const Poco::Exception& e) {
        return Error{path + ": cannot read the quota state (" + e.displayText() + ")"};
    }
    return std::unique_ptr<AgentStore>(
        new AgentStore(std::move(ledger).value(), quotaBytes, std::move(dropped)));
}

std::vector<Observation> AgentStore::currentObservations() {
    std::vector<std::string> keys, texts;
    m_ledger->withSession([&](Poco::Data::Session& s) {
        s << "SELECT key, json FROM observations ORDER BY key", into(keys), into(texts), now;
    });
    std::vector<Observation> out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        auto o = observationFromJson(texts[i], "observation " + keys[i]);
        if (o) {
            out.push_back(std::move(o).value());
        } else {
            Poco::Logger::get("indblik.agent.store").error(o.error());
        }
    }
    return out;
}

Result<int> AgentStore::recordDiscovery(const std::vector<Observation>& observations) {
    std::map<std::string, std::string> before;
    for (const auto& o : currentObservations()) {
        before.emplace(o.key(), toJsonText(o));
    }
    std::map<std::string, std::string> after;
    for (const auto& o : observations) {
        after.emplace(o.key(), toJsonText(o));
    }
    std::vector<NewEntry> entries;
    for (const auto& [key, json] : after) {
        const auto it = before.find(key);
        if (it == before.end()) {
            entries.push_back({"observation.added", json});
        } else if (it->second != json) {
            entries.push_back({"observation.changed", json});
        }
    }
    for (const auto& [key, json] : before) {
        if (!after.count(key)) {
            entries.push_back({"observation.removed", json});
        }
    }
    const auto time = nowIso8601();
    int appended = 0;
    if (!entries.empty()) {
        std::string everything;
        for (const auto& [key, json] : after) {
            everything.append(key).append("\n").append(json).append("\n");
        }
        auto recorded = appendWithinQuota(
            entries,
            [&](Poco::Data::Session& s) {
                s << "DELETE FROM observations", now;
                for (const auto& [key, json] : after) {
                    s << "INSERT INTO observations (key, json) VALUES (?, ?)", useRef(key),
                        useRef(json), now;
                }
            },
            {}, sha256Hex(everything));
        if (!recorded) {
            return Error{recorded.error()};
        }
        appended = recorded.value();
    }
    auto status = setState("discovered_at", time);
    if (!status) {
        return Error{status.error()};
    }
    return appended;
}

Status AgentStore::replacePolicies(const std::vector<std::string>& documents,
                                   std::string_view origin) {
    std::vector<Policy> parsed;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        auto p =
            parsePolicy(documents[i], std::string(origin) + ", policy " + std::to_string(i + 1));
        if (!p) {
            return Error{p.error() + " (keeping the last good set of policies)"};
        }
        parsed.push_back(std::move(p).value());
    }
    try {
        m_ledger->withSession([&](Poco::Data::Session& s) {
            Poco::Data::Transaction tx(s);
            s << "DELETE FROM policies", now;
            for (const auto& p : parsed) {
                s << "INSERT INTO policies (id, json) VALUES (?, ?)", useRef(p.id), useRef(p.json),
                    now;
            }
            tx.commit();
        });
    } catch (const Poco::Exception& e) {
        return Error{m_ledger->path() + ": cannot store policies (" + e.displayText() + ")"};
    }
    return Status::success();
}

std::vector<Policy> AgentStore::policies() {
    std::vector<std::string> ids, texts;
    m_ledger->withSession([&](Poco::Data::Session& s) {
        s << "SELECT id, json FROM policies ORDER BY id", into(ids), into(texts), now;
    });
    std::vector<Policy> out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (auto p = parsePolicy(texts[i], "cached policy " + ids[i])) {
            out.push_back(std::move(p).value());
        }
    }
    return out;
}

std::optional<std::string> AgentStore::state(const std::string& key) {
    std::vector<Poco::Nullable<std::string>> values;
    m_ledger->withSession([&](Poco::Data::Session& s) {
        s << "SELECT value FROM agent_state WHERE key = ?", useRef(key), into(values), now;
    });
    if (values.empty() || values.front().isNull()) {
        return std::nullopt;
    }
    return values.front().value();
}

Status AgentStore::setState(const std::string& key, const std::optional<std::string>& value) {
    try {
        m_ledger->withSession([&](Poco::Data::Session& s) {
            Poco::Nullable<std::string> v;
            if (value) {
                v = *value;
            }
            s << "INSERT INTO agent_state (key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                useRef(key), use(v), now;
        });
    } catch (const Poco::Exception& e) {
        return Error{m_ledger->path() + ": cannot save " + key + " (" + e.displayText() + ")"};
    }
    return Status::success();
}

ActivityState AgentStore::activityState() {
    std::vector<std::string> texts;
    m_ledger->withSession([&](Poco::Data::Session& s) {
        s << "SELECT json FROM activity_state WHERE id = 1", into(texts), now;
    });
    if (texts.empty()) {
        return {};
    }
    auto parsed = activityStateFromJson(texts.front());
    if (!parsed) {
        Poco::Logger::get("indblik.agent.store").error(parsed.error() + "; starting afresh");
        return {};
    }
    return std::move(parsed).value();
}

Result<int> AgentStore::recordActivity(const ActivityState& state,
                                       const std::vector<ActivityInterval>& closed) {
    const auto json = toJsonText(state);
    const auto save = [&](Poco::Data::Session& s) {
        s << "INSERT INTO activity_state (id, json) VALUES (1, ?) "
             "ON CONFLICT(id) DO UPDATE SET json = excluded.json",
            useRef(json), now;
    };
    if (closed.empty()) {
        try {
            m_ledger->withSession(save);
        } catch (const Poco::Exception& e) {
            return Error{m_ledger->path() + ": cannot save activity (" + e.displayText() + ")"};
        }
        return 0;
    }
    std::vector<NewEntry> entries;
    for (const auto& a : closed) {
        entries.push_back({"activity", toJsonText(a)});
    }
    // A dropped interval is gone for good (it is counted in the gap): the sampler's state moves
    // on either way, so it is not counted twice.
    return appendWithinQuota(entries, {}, save);
}

SyncState AgentStore::syncState() {
    SyncState st;
    if (auto v = state("sent_up_to")) {
        st.sentUpTo = std::stoll(*v);
    }
    st.lastSuccess = state("last_sync_success");
    st.lastError = state("last_sync_error");
    st.discoveredAt = state("discovered_at");
    if (auto v = state("clock_skew_seconds")) {
        try {
            st.clockSkewSeconds = std::stoll(*v);
        } catch (const std::exception&) {
            // Written only by recordClockSkew; an unreadable value is as good as none.
        }
    }
    return st;
}

Status AgentStore::recordClockSkew(std::int64_t skewSeconds) {
    return setState("clock_skew_seconds", std::to_string(skewSeconds));
}

std::optional<SyncStop> AgentStore::syncStopped() {
    const auto text = state("sync_stopped");
    if (!text) {
        return std::nullopt;
    }
    try {
        json::ObjectReader r(json::parse(*text, 4096), "$");
        SyncStop stop;
        stop.reason = r.string("reason", 64);
        stop.since = r.string("since", 64);
        stop.deviceId = r.string("device_id", 64);
        return stop;
    } catch (const json::ParseError& e) {
        // Written only by recordSyncStopped; an unreadable one stops nothing.
        Poco::Logger::get("indblik.agent.store")
            .error("agent_state sync_stopped does not parse (" + std::string(e.what()) + ")");
        return std::nullopt;
    }
}

Status AgentStore::recordSyncStopped(const SyncStop& stop) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("reason", stop.reason);
    o.set("since", stop.since);
    o.set("device_id", stop.deviceId);
    std::ostringstream text;
    o.stringify(text);
    return setState("sync_stopped", text.str());
}

Status AgentStore::clearSyncStopped() {
    return setState("sync_stopped", std::nullopt);
}

Status AgentStore::recordAck(std::int64_t acked) {
    // The server's ack is the truth: if it is lower than before (the server lost data), the
    // entries after it are sent again; they are all still in the ledger.
    return setState("sent_up_to", std::to_string(acked));
}

Status AgentStore::recordSyncSuccess(std::int64_t acked) {
    auto status = recordAck(acked);
    if (!status) {
        return status;
    }
    status = setState("last_sync_success", nowIso8601());
    if (!status) {
        return status;
    }
    return setState("last_sync_error", std::nullopt);
}

Status AgentStore::recordSyncError(const std::string& error) {
    return setState("last_sync_error", error);
}

Result<std::optional<Checkpoint>> AgentStore::makeCheckpointIfDue(const std::string& deviceId,
                                                                  const std::string& privateKeyPem,
                                                                  const CheckpointPolicy& policy,
                                                                  const std::string& signedAt) {
    std::vector<Poco::Int64> lastSeqs, headSeqs;
    std::vector<std::string> lastTimes, heads;
    m_ledger->withSession([&](Poco::Data::Session& s) {
        s << "SELECT seq, time FROM checkpoints ORDER BY seq DESC LIMIT 1", into(lastSeqs),
            into(lastTimes), now;
        s << "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1", into(headSeqs), into(heads),
            now;
    });
    if (headSeqs.empty()) {
        return std::optional<Checkpoint>();
    }
    const std::int64_t last = lastSeqs.empty() ? 0 : lastSeqs.front();
    if (headSeqs.front() <= last) {
        return std::optional<Checkpoint>(); // nothing new since the last one
    }
    bool due = lastSeqs.empty() || headSeqs.front() - last >= policy.everyEntries;
    if (!due) {
        // Both times are nowIso8601() text, so they compare as strings.
        Poco::DateTime parsedNow;
        int zone = 0;
        if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, signedAt,
                                            parsedNow, zone)) {
            return Error{"checkpoint: the current time \"" + signedAt + "\" is not ISO 8601"};
        }
        const Poco::Timestamp dueAt =
            parsedNow.timestamp() - Poco::Timespan(0, 0, policy.everyMinutes, 0, 0);
        due = lastTimes.front() <= Poco::DateTimeFormatter::format(dueAt, "%Y-%m-%dT%H:%M:%S.%iZ");
    }
    if (!due) {
        return std::optional<Checkpoint>();
    }
    Checkpoint c;
    c.seq = headSeqs.front();
    c.head = heads.front();
    c.time = signedAt;
    if (auto signedOk = signCheckpoint(privateKeyPem, deviceId, c); !signedOk) {
        return Error{signedOk.error()};
    }
    auto key = publicKeyOf(privateKeyPem);
    if (!key) {
        return Error{"checkpoint: " + key.error()};
    }
    try {
        m_ledger->withSession([&](Poco::Data::Session& s) {
            Poco::Int64 seq = c.seq;
            s << "INSERT INTO checkpoints (seq, head, time, signature, device_id, public_key) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                use(seq), useRef(c.head), useRef(c.time), useRef(c.signature), useRef(deviceId),
                useRef(key->pem), now;
        });
    } catch (const Poco::Exception& e) {
        return Error{m_ledger->path() + ": cannot keep the checkpoint (" + e.displayText() + ")"};
    }
    return std::optional<Checkpoint>(std::move(c));
}

std::vector<Checkpoint> AgentStore::checkpointsToSend(std::int64_t upToSeq, std::size_t maxCount) {
    const Poco::Int64 after = checkpointState().confirmedSeq;
    const Poco::Int64 upTo = upToSeq;
    const Poco::Int64 limit = static_cast<Poco::Int64>(maxCount);
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> heads, times, signatures;
    m_ledger->withSession([&](Poco::Data::Session& s) {
        s << "SELECT seq, head, time, signature FROM checkpoints WHERE seq > ? AND seq <= ? "
             "ORDER BY seq LIMIT ?",
            into(seqs), into(heads), into(times), into(signatures), bind(after), bind(upTo),
            bind(limit), now;
    });
    std::vector<Checkpoint> out;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        out.push_back({seqs[i], heads[i], times[i], signatures[i]});
    }
    return out;
}

Status AgentStore::recordCheckpointsConfirmed(std::int64_t seq) {
    return setState("checkpoints_confirmed", std::to_string(seq));
}

CheckpointState AgentStore::checkpointState() {
    CheckpointState st;
    if (auto v = state("checkpoints_confirmed")) {
        st.confirmedSeq = std::stoll(*v);
    }
    std::vector<std::string> times;
    const Poco::Int64 confirmed = st.confirmedSeq;
    m_ledger->withSession([&](Poco::Data::Session& s) {
        s << "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM checkpoints", into(st.kept),
            into(st.lastSeq), now;
        s << "SELECT time FROM checkpoints WHERE seq <= ? ORDER BY seq DESC LIMIT 1", into(times),
            bind(confirmed), now;
    });
    if (!times.empty()) {
        st.confirmedTime = times.front();
    }
    return st;
}

Ledger::Verification AgentStore::verifyCheckpoints() {
    Ledger::Verification v;
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> heads, times, signatures, devices, keys;
    std::vector<Poco::Nullable<std::string>> hashes;
    m_ledger->withSession([&](Poco::Data::Session& s) {
        s << "SELECT c.seq, c.head, c.time, c.signature, c.device_id, c.public_key, l.hash FROM "
             "checkpoints c LEFT JOIN ledger l ON l.seq = c.seq ORDER BY c.seq",
            into(seqs), into(heads), into(times), into(signatures), into(devices), into(keys),
            into(hashes), now;
    });
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        const Checkpoint c{seqs[i], heads[i], times[i], signatures[i]};
        std::string why;
        if (hashes[i].isNull()) {
            continue; // pruned after the server acknowledged it; the server's copy is checked
        }
        if (hashes[i].value() != c.head) {
            why = "differs from the head signed at " + c.time + " (the ledger was rewritten)";
        } else if (i + 1 == seqs.size()) {
            // Every head is compared (cheap); only the newest signature is verified, since this
            // runs every discovery cycle and a year holds thousands of checkpoints. Whoever can
            // change these rows holds the key anyway: the server's copies are the real check.
            if (auto ok = verifyCheckpoint(keys[i], devices[i], c); !ok) {
                why = ok.error();
            }
        }
        if (!why.empty()) {
            v.intact = false;
            v.firstBroken = c.seq;
            v.reason = why;
            return v;
        }
        v.entries = c.seq;
        v.head = c.head;
    }
    return v;
}

std::string AgentStore::quotaReason() const {
    std::ostringstream mb;
    const double value = static_cast<double>(m_quotaBytes) / (1 << 20);
    mb << std::setprecision(value >= 1 ? 12 : 3) << value;
    return "disk quota of " + mb.str() + " MB reached";
}

Result<bool> AgentStore::makeRoom(std::int64_t need) {
    auto used = m_ledger->usedBytes();
    if (!used) {
        return Error{used.error()};
    }
    if (used.value() + need <= m_quotaBytes) {
        return true;
    }
    const std::int64_t target = std::max<std::int64_t>(m_quotaBytes * 3 / 4 - need, 0);
    const std::int64_t acked = syncState().sentUpTo;
    // Each round prunes about as many of the oldest acknowledged entries as the excess takes
    // at the average entry's size; freed pages are reused by the next appends.
    for (int round = 0; round < 16 && used.value() > target; ++round) {
        const auto base = m_ledger->base().seq;
        const auto last = m_ledger->lastSeq();
        const auto cut = std::min(acked, last);
        if (cut <= base) {
            break; // nothing acknowledged is left to prune
        }
        const std::int64_t kept = std::max<std::int64_t>(m_ledger->count(), 1);
        const std::int64_t perEntry = std::max<std::int64_t>(used.value() / kept, 64);
        const std::int64_t n = std::max<std::int64_t>((used.value() - target) / perEntry, 1);
        auto pruned = m_ledger->prune(std::min(cut, base + n));
        if (!pruned) {
            return Error{pruned.error()};
        }
        log().information("ledger near its quota: pruned " + std::to_string(pruned.value()) +
                          " entries the server has acknowledged (up to " +
                          std::to_string(std::min(cut, base + n)) + ")");
        used = m_ledger->usedBytes();
        if (!used) {
            return Error{used.error()};
        }
    }
    return used.value() + need <= m_quotaBytes;
}

Result<int>
AgentStore::appendWithinQuota(const std::vector<NewEntry>& entries,
                              const std::function<void(Poco::Data::Session&)>& whenAppended,
                              const std::function<void(Poco::Data::Session&)>& always,
                              const std::string& discoveryDigest) {
    DroppedRecords dropped;
    {
        std::lock_guard lock(m_quotaMutex);
        dropped = m_dropped;
    }
    const std::string gap = dropped.empty() ? std::string() : dropped.gapPayload(m_quotaBytes);
    // About what a row costs on disk beyond its payload (hashes, time, kind, b-tree overhead).
    std::int64_t need = static_cast<std::int64_t>(gap.size()) + (gap.empty() ? 0 : 300);
    for (const auto& e : entries) {
        need += static_cast<std::int64_t>(e.payload.size() + e.kind.size()) + 300;
    }
    std::string cause = "quota";
    std::string reason;
    auto room = makeRoom(need);
    if (room && room.value()) {
        std::vector<NewEntry> all;
        if (!gap.empty()) {
            all.push_back({kGapKind, gap});
        }
        all.insert(all.end(), entries.begin(), entries.end());
        auto appended = m_ledger->append(all, [&](Poco::Data::Session& s) {
            if (whenAppended) {
                whenAppended(s);
            }
            if (always) {
                always(s);
            }
            if (!gap.empty()) {
                s << "DELETE FROM agent_state WHERE key = 'quota_dropped'", now;
            }
        });
        if (appended) {
            std::lock_guard lock(m_quotaMutex);
            if (!gap.empty()) {
                log().information("recorded a gap of " + std::to_string(dropped.total()) +
                                  " record(s) that could not be kept (" + dropped.reason + ")");
                m_dropped = {};
            }
            m_diskError.clear();
            return static_cast<int>(entries.size());
        }
        if (!isDiskError(appended.error())) {
            return Error{appended.error()};
        }
        cause = "disk";
        reason = "the disk was full or could not be written (" + appended.error() + ")";
    } else if (!room) {
        if (!isDiskError(room.error())) {
            return Error{room.error()};
        }
        cause = "disk";
        reason = "the disk could not be read or written (" + room.error() + ")";
    } else {
        reason = quotaReason();
    }
    if (entries.empty()) {
        return 0; // only the gap entry was waiting for room; still none
    }
    // No room: count what is dropped, never drop silently.
    const auto time = nowIso8601();
    const bool repeated = !discoveryDigest.empty() && dropped.discoveryDigest == discoveryDigest;
    if (!repeated) {
        for (const auto& e : entries) {
            ++dropped.byKind[e.kind];
        }
        if (dropped.from.empty()) {
            dropped.from = time;
        }
        dropped.to = time;
    }
    if (!discoveryDigest.empty()) {
        dropped.discoveryDigest = discoveryDigest;
    }
    if (dropped.cause.empty()) {
        dropped.cause = cause;
    }
    if (dropped.reason.find(reason) == std::string::npos && dropped.reason.size() < kMaxReason) {
        dropped.reason += (dropped.reason.empty() ? "" : "; ") + reason;
        dropped.reason = dropped.reason.substr(0, kMaxReason);
    }
    const auto text = droppedToJson(dropped);
    if (!repeated) {
        log().warning("ledger full (" + reason + "): " + std::to_string(entries.size()) +
                      " new record(s) not kept, " + std::to_string(dropped.total()) +
                      " in all since " + dropped.from + "; a gap entry will say so");
    }
    try {
        m_ledger->withSession([&](Poco::Data::Session& s) {
            Poco::Data::Transaction tx(s);
            s << "INSERT INTO agent_state (key, value) VALUES ('quota_dropped', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                useRef(text), now;
            if (always) {
                always(s);
            }
            tx.commit();
        });
    } catch (const Poco::Exception& e) {
        // Kept in memory and written with the next write that succeeds.
        log().error(m_ledger->path() + ": cannot save what was dropped (" + e.displayText() + ")");
    }
    std::lock_guard lock(m_quotaMutex);
    m_dropped = std::move(dropped);
    if (cause == "disk") {
        m_diskError = reason;
    }
    return 0;
}

Result<bool> AgentStore::settle() {
    bool pending = false;
    {
        std::lock_guard lock(m_quotaMutex);
        pending = !m_dropped.empty();
    }
    if (!pending) {
        auto room = makeRoom(0);
        if (!room) {
            return Error{room.error()};
        }
        return false;
    }
    auto appended = appendWithinQuota({}, {}, {});
    if (!appended) {
        return Error{appended.error()};
    }
    std::lock_guard lock(m_quotaMutex);
    return m_dropped.empty();
}

QuotaState AgentStore::quotaState() {
    QuotaState q;
    q.quotaBytes = m_quotaBytes;
    if (auto used = m_ledger->usedBytes()) {
        q.usedBytes = used.value();
    }
    std::lock_guard lock(m_quotaMutex);
    q.dropped = m_dropped;
    q.diskError = m_diskError;
    q.paused = !m_dropped.empty() || !m_diskError.empty();
    return q;
}

} // namespace indblik::agent
