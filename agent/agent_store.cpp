#include "agent_store.h"

#include <map>

#include <Poco/Data/Session.h>
#include <Poco/Data/Transaction.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <Poco/Timespan.h>

using namespace Poco::Data::Keywords;

namespace indblik::agent {

Result<std::unique_ptr<AgentStore>> AgentStore::open(const std::string& path) {
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
            std::string have = found.empty() ? "1" : found.front();
            if (have == "1") {
                // 1 -> 2: the activity sampler's state.
                s << "CREATE TABLE IF NOT EXISTS activity_state (id INTEGER PRIMARY KEY "
                     "CHECK (id = 1), json TEXT NOT NULL)",
                    now;
                have = "2";
            }
            if (have == "2") {
                // 2 -> 3: signed checkpoints, with the public key each was signed with.
                s << "CREATE TABLE IF NOT EXISTS checkpoints (seq INTEGER PRIMARY KEY, head TEXT "
                     "NOT NULL, time TEXT NOT NULL, signature TEXT NOT NULL, device_id TEXT NOT "
                     "NULL, public_key TEXT NOT NULL)",
                    now;
                have = "3";
            }
            if (found.empty() || found.front() != have) {
                s << "INSERT INTO meta (key, value) VALUES ('agent_schema_version', ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    useRef(have), now;
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
    return std::unique_ptr<AgentStore>(new AgentStore(std::move(ledger).value()));
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
    if (!entries.empty()) {
        auto appended = m_ledger->append(entries, [&](Poco::Data::Session& s) {
            s << "DELETE FROM observations", now;
            for (const auto& [key, json] : after) {
                s << "INSERT INTO observations (key, json) VALUES (?, ?)", useRef(key),
                    useRef(json), now;
            }
        });
        if (!appended) {
            return Error{appended.error()};
        }
    }
    auto status = setState("discovered_at", time);
    if (!status) {
        return Error{status.error()};
    }
    return static_cast<int>(entries.size());
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
    auto appended = m_ledger->append(entries, save);
    if (!appended) {
        return Error{appended.error()};
    }
    return static_cast<int>(entries.size());
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

} // namespace indblik::agent
