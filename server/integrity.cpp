#include "integrity.h"

#include <map>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Logger.h>
#include <Poco/Util/Timer.h>
#include <Poco/Util/TimerTask.h>

using namespace Poco::Data::Keywords;

namespace indblik::server {

CheckpointOutcome storeCheckpoints(Poco::Data::Session& s, const std::string& deviceId,
                                   std::int64_t headSeq, const std::string& headHash,
                                   const std::vector<Checkpoint>& checkpoints,
                                   const std::string& peerCertPem, const std::string& received) {
    CheckpointOutcome outcome;
    if (checkpoints.empty()) {
        return outcome;
    }
    auto key = publicKeyOf(peerCertPem);
    if (!key) {
        outcome.refusal = "the device's certificate has no usable public key: " + key.error();
        return outcome;
    }
    bool keyStored = false;
    std::int64_t previous = 0;
    for (const auto& c : checkpoints) {
        const std::string where = "checkpoint " + std::to_string(c.seq);
        const auto refuse = [&](const std::string& why) {
            outcome.refusal = where + ": " + why;
            return outcome;
        };
        if (c.seq <= previous) {
            return refuse("checkpoints must be in increasing order of seq within a batch");
        }
        previous = c.seq;
        if (c.seq > headSeq) {
            return refuse("is for an entry the server does not hold (it holds entries up to " +
                          std::to_string(headSeq) +
                          "); send a checkpoint with or after the entries it covers");
        }
        std::vector<std::string> stored;
        const Poco::Int64 seq = c.seq;
        s << "SELECT hash FROM ledger_entries WHERE device_id = $1 AND seq = $2", into(stored),
            useRef(deviceId), bind(seq), now;
        if (stored.empty() && c.seq == headSeq) {
            stored.push_back(headHash);
        }
        if (stored.empty()) {
            // Retention deleted the entry: nothing to compare with, and nothing to keep.
            outcome.handledUpTo = c.seq;
            continue;
        }
        if (stored.front() != c.head) {
            return refuse("its head differs from the hash of the entry the server holds under "
                          "that sequence number (one of the two ledgers was rewritten)");
        }
        if (auto verified = verifyCheckpoint(key->pem, deviceId, c); !verified) {
            outcome.refusal = verified.error();
            return outcome;
        }
        std::vector<std::string> kept;
        s << "SELECT head FROM device_checkpoints WHERE device_id = $1 AND seq = $2", into(kept),
            useRef(deviceId), bind(seq), now;
        if (!kept.empty()) {
            if (kept.front() != c.head) {
                return refuse("differs from the checkpoint already kept for that sequence number");
            }
            outcome.handledUpTo = c.seq; // sent again after a lost answer
            continue;
        }
        if (!keyStored) {
            s << "INSERT INTO checkpoint_keys (key_id, public_key) VALUES ($1, $2) ON CONFLICT "
                 "(key_id) DO NOTHING",
                useRef(key->id), useRef(key->pem), now;
            keyStored = true;
        }
        s << "INSERT INTO device_checkpoints (device_id, seq, head, time, signature, key_id, "
             "received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            useRef(deviceId), bind(seq), useRef(c.head), useRef(c.time), useRef(c.signature),
            useRef(key->id), useRef(received), now;
        ++outcome.stored;
        outcome.handledUpTo = c.seq;
    }
    return outcome;
}

std::int64_t storedCheckpointSeq(Poco::Data::Session& s, const std::string& deviceId) {
    Poco::Int64 seq = 0;
    s << "SELECT COALESCE(MAX(seq), 0) FROM device_checkpoints WHERE device_id = $1", into(seq),
        useRef(deviceId), now;
    return seq;
}

namespace {

struct KeptCheckpoint {
    Checkpoint checkpoint;
    std::string publicKey;
};

// Kept checkpoints of a device with the key that verified each, newest first when newestFirst
// (then at most `limit`).
std::vector<KeptCheckpoint> keptCheckpoints(Poco::Data::Session& s, const std::string& deviceId,
                                            bool newestFirst, std::int64_t limit) {
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> heads, times, signatures, keys;
    const Poco::Int64 max = limit;
    s << (std::string("SELECT c.seq, c.head, c.time, c.signature, k.public_key FROM "
                      "device_checkpoints c JOIN checkpoint_keys k ON k.key_id = c.key_id WHERE "
                      "c.device_id = $1 ORDER BY c.seq ") +
          (newestFirst ? "DESC" : "ASC") + " LIMIT $2"),
        into(seqs), into(heads), into(times), into(signatures), into(keys), useRef(deviceId),
        bind(max), now;
    std::vector<KeptCheckpoint> out;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        out.push_back({{seqs[i], heads[i], times[i], signatures[i]}, keys[i]});
    }
    return out;
}

void readLastCheck(Poco::Data::Session& s, DeviceIntegrity& d) {
    std::vector<std::string> checked, problems;
    std::vector<Poco::Int64> intact;
    std::vector<Poco::Nullable<Poco::Int64>> broken;
    s << "SELECT checked_at, intact, problem, first_broken FROM device_integrity WHERE "
         "device_id = $1",
        into(checked), into(intact), into(problems), into(broken), useRef(d.deviceId), now;
    if (checked.empty()) {
        return;
    }
    d.checkedAt = checked.front();
    if (intact.front() == 0) {
        d.intact = false;
        d.problem = problems.front();
        if (!broken.front().isNull()) {
            d.firstBroken = broken.front().value();
        }
    }
}

} // namespace

DeviceIntegrity integritySummary(Poco::Data::Session& s, const std::string& deviceId) {
    DeviceIntegrity d;
    d.deviceId = deviceId;
    s << "SELECT COUNT(*) FROM device_checkpoints WHERE device_id = $1", into(d.checkpoints),
        useRef(deviceId), now;
    readLastCheck(s, d);
    const auto newest = keptCheckpoints(s, deviceId, true, 1);
    if (newest.empty()) {
        return d;
    }
    const auto& c = newest.front().checkpoint;
    d.verified = true;
    d.seq = c.seq;
    d.verifiedUpTo = c.time;
    if (!d.intact) {
        return d;
    }
    const auto broken = [&](const std::string& why) {
        d.intact = false;
        d.firstBroken = c.seq;
        d.problem = "entry " + std::to_string(c.seq) + ": " + why;
        return d;
    };
    if (auto verified = verifyCheckpoint(newest.front().publicKey, deviceId, c); !verified) {
        return broken("the kept checkpoint does not verify: " + verified.error());
    }
    std::vector<std::string> times, kinds, payloads, prevs, hashes;
    const Poco::Int64 seq = c.seq;
    s << "SELECT time, kind, payload, prev_hash, hash FROM ledger_entries WHERE device_id = $1 "
         "AND seq = $2",
        into(times), into(kinds), into(payloads), into(prevs), into(hashes), useRef(deviceId),
        bind(seq), now;
    if (hashes.empty()) {
        return d; // deleted by retention; the full check covers what remains
    }
    if (hashes.front() != c.head) {
        return broken("the stored entry's hash differs from the one the device signed (the "
                      "stored history was rewritten)");
    }
    if (chainHash(prevs.front(), c.seq, times.front(), kinds.front(), payloads.front()) !=
        hashes.front()) {
        return broken("the stored entry's content does not match its hash (it was changed)");
    }
    return d;
}

Result<DeviceIntegrity> verifyDevice(Database& db, const std::string& deviceId, bool record) {
    DeviceIntegrity d;
    d.deviceId = deviceId;
    bool known = false;
    auto status = db.read("check the device's record", [&](Poco::Data::Session& s) {
        Poco::Int64 count = 0;
        s << "SELECT COUNT(*) FROM devices WHERE device_id = $1", into(count), useRef(deviceId),
            now;
        known = count > 0;
        if (!known) {
            return;
        }
        Poco::Int64 chainSeq = 0;
        std::string chainHashValue;
        s << "SELECT chain_seq, chain_hash FROM devices WHERE device_id = $1", into(chainSeq),
            into(chainHashValue), useRef(deviceId), now;
        std::map<std::int64_t, KeptCheckpoint> kept;
        for (auto& k :
             keptCheckpoints(s, deviceId, false, std::numeric_limits<Poco::Int64>::max())) {
            const auto seq = k.checkpoint.seq;
            kept.emplace(seq, std::move(k));
        }
        d.checkpoints = static_cast<std::int64_t>(kept.size());
        std::map<std::int64_t, std::string> storedHash; // at the checkpoints' sequences
        const auto fail = [&](std::int64_t seq, const std::string& why) {
            if (d.intact || seq < d.firstBroken.value_or(seq)) {
                d.intact = false;
                d.firstBroken = seq;
                d.problem = "entry " + std::to_string(seq) + ": " + why;
            }
        };
        // The stored chain, page by page; retention may have deleted entries anywhere, so a
        // link is checked only between neighbours that are both still stored.
        Poco::Int64 after = 0;
        std::int64_t prevSeq = 0;
        std::string prevHash(kGenesisHash);
        constexpr Poco::Int64 kPage = 5000;
        for (bool more = true; more && d.intact;) {
            std::vector<Poco::Int64> seqs;
            std::vector<std::string> times, kinds, payloads, prevs, hashes;
            s << "SELECT seq, time, kind, payload, prev_hash, hash FROM ledger_entries WHERE "
                 "device_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                into(seqs), into(times), into(kinds), into(payloads), into(prevs), into(hashes),
                useRef(deviceId), bind(after), bind(kPage), now;
            more = static_cast<Poco::Int64>(seqs.size()) == kPage;
            for (std::size_t i = 0; i < seqs.size() && d.intact; ++i) {
                const std::int64_t seq = seqs[i];
                if (chainHash(prevs[i], seq, times[i], kinds[i], payloads[i]) != hashes[i]) {
                    fail(seq, "its content does not match its hash (it was changed)");
                } else if (seq == prevSeq + 1 && prevs[i] != prevHash) {
                    fail(seq, "does not link to the entry before it (the chain was rewritten)");
                }
                if (kept.count(seq) != 0) {
                    storedHash[seq] = hashes[i];
                }
                prevSeq = seq;
                prevHash = hashes[i];
                after = seq;
            }
        }
        if (d.intact && prevSeq == chainSeq && prevSeq > 0 && prevHash != chainHashValue) {
            fail(prevSeq, "differs from the chain head the server recorded when it was stored");
        }
        for (const auto& [seq, k] : kept) {
            auto signature = verifyCheckpoint(k.publicKey, deviceId, k.checkpoint);
            if (!signature) {
                fail(seq, "the kept checkpoint does not verify: " + signature.error());
                break;
            }
            const auto it = storedHash.find(seq);
            const std::string* hash = it != storedHash.end() ? &it->second
                                      : seq == chainSeq      ? &chainHashValue
                                                             : nullptr;
            if (hash != nullptr && *hash != k.checkpoint.head) {
                fail(seq, "the stored entry's hash differs from the one the device signed at " +
                              k.checkpoint.time + " (the stored history was rewritten)");
                break;
            }
            if (!d.firstBroken || seq < *d.firstBroken) {
                d.verified = true;
                d.seq = seq;
                d.verifiedUpTo = k.checkpoint.time;
            }
        }
    });
    if (!status) {
        return Error{status.error()};
    }
    if (!known) {
        return Error{"no device \"" + deviceId + "\" (see list-devices)"};
    }
    d.checkedAt = nowIso8601();
    if (record) {
        const Poco::Int64 intact = d.intact ? 1 : 0;
        Poco::Nullable<Poco::Int64> broken;
        if (d.firstBroken) {
            broken = *d.firstBroken;
        }
        auto written = db.write("record the device's check", [&](Poco::Data::Session& s) {
            s << "INSERT INTO device_integrity (device_id, checked_at, intact, problem, "
                 "first_broken) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id) DO UPDATE "
                 "SET checked_at = excluded.checked_at, intact = excluded.intact, problem = "
                 "excluded.problem, first_broken = excluded.first_broken",
                useRef(deviceId), useRef(d.checkedAt), bind(intact), useRef(d.problem),
                bind(broken), now;
            return true;
        });
        if (!written) {
            return Error{written.error()};
        }
    }
    return d;
}

IntegrityRound verifyAllDevices(Database& db) {
    IntegrityRound round;
    std::vector<std::string> ids;
    auto listed = db.read("list the devices to check", [&](Poco::Data::Session& s) {
        s << "SELECT device_id FROM devices ORDER BY device_id", into(ids), now;
    });
    if (!listed) {
        round.errors.push_back(listed.error());
        return round;
    }
    for (const auto& id : ids) {
        auto d = verifyDevice(db, id, true);
        if (!d) {
            round.errors.push_back(id + ": " + d.error());
            continue;
        }
        ++round.checked;
        if (!d->intact) {
            round.changed.push_back(id + ": " + d->problem);
        }
    }
    return round;
}

namespace {

class IntegrityTask : public Poco::Util::TimerTask {
public:
    explicit IntegrityTask(Database& db) : m_db(db) {}
    void run() override {
        auto& log = Poco::Logger::get("indblik.integrity");
        const auto round = verifyAllDevices(m_db);
        for (const auto& c : round.changed) {
            log.error("the stored record of device %s (see admin verify-device)", c);
        }
        for (const auto& e : round.errors) {
            log.error("integrity check failed, will try again next round: %s", e);
        }
        log.information("integrity: checked %z devices, %z records changed", round.checked,
                        round.changed.size());
    }

private:
    Database& m_db;
};

} // namespace

IntegrityScheduler::IntegrityScheduler(Database& db) : m_db(db) {}

IntegrityScheduler::~IntegrityScheduler() {
    stop();
}

void IntegrityScheduler::start(long firstDelayMs, long intervalMs) {
    if (m_timer) {
        return;
    }
    m_timer = std::make_unique<Poco::Util::Timer>();
    m_timer->scheduleAtFixedRate(new IntegrityTask(m_db), firstDelayMs, intervalMs);
}

void IntegrityScheduler::stop() {
    if (m_timer) {
        m_timer->cancel(true);
        m_timer.reset();
    }
}

} // namespace indblik::server
