#include "server_store.h"

#include <algorithm>
#include <cctype>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Timestamp.h>

#include "integrity.h"
#include "retention.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

Poco::Int64 nowSeconds() {
    return Poco::Timestamp().epochTime();
}

} // namespace

ServerStore::ServerStore(Database& db) : m_db(db) {}

Result<std::string> ServerStore::createEnrollmentToken(int ttlMinutes,
                                                       const std::string& personId) {
    if (ttlMinutes < 0 || ttlMinutes > 7 * 24 * 60) {
        return Error{"the token lifetime must be 0 to 10080 minutes (got " +
                     std::to_string(ttlMinutes) + ")"};
    }
    auto token = pki::randomHex(32);
    if (!token) {
        return Error{token.error()};
    }
    const std::string hash = sha256Hex(token.value());
    const std::string created = nowIso8601();
    const Poco::Int64 expires = nowSeconds() + Poco::Int64{ttlMinutes} * 60;
    bool personKnown = true;
    auto status = m_db.write("store the enrollment token", [&](Poco::Data::Session& s) {
        if (!personId.empty()) {
            Poco::Int64 found = 0;
            s << "SELECT COUNT(*) FROM people WHERE person_id = $1", useRef(personId), into(found),
                now;
            if (found == 0) {
                personKnown = false;
                return false;
            }
        }
        s << "INSERT INTO enrollment_tokens (token_hash, created_at, expires_at, person_id) "
             "VALUES ($1, $2, $3, NULLIF($4, ''))",
            useRef(hash), useRef(created), bind(expires), useRef(personId), now;
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (!personKnown) {
        return Error{"no person \"" + personId +
                     "\" (import the directory or add the person first)"};
    }
    return token;
}

EnrollOutcome ServerStore::enrollDevice(const std::string& token, const std::string& hostname,
                                        const IssueCertificate& issue) {
    EnrollOutcome outcome;
    const auto refuse = [&outcome](Refusal r, std::string message) {
        outcome.refusal = r;
        outcome.error = std::move(message);
        return false;
    };
    const std::string hash = sha256Hex(token);
    auto deviceId = pki::randomHex(16);
    if (!deviceId) {
        refuse(Refusal::Internal, deviceId.error());
        return outcome;
    }
    auto status = m_db.write("record the enrollment", [&](Poco::Data::Session& s) {
        std::vector<Poco::Int64> expires;
        std::vector<std::string> used, people, revoked;
        s << "SELECT expires_at, COALESCE(used_at, ''), COALESCE(person_id, ''), "
             "COALESCE(revoked_at, '') FROM enrollment_tokens WHERE token_hash = $1",
            into(expires), into(used), into(people), into(revoked), useRef(hash), now;
        if (expires.empty()) {
            return refuse(Refusal::Forbidden, "unknown enrollment token");
        }
        if (!revoked.front().empty()) {
            return refuse(Refusal::Forbidden, "the enrollment token was revoked");
        }
        if (!used.front().empty()) {
            return refuse(Refusal::Forbidden, "the enrollment token was already used");
        }
        if (nowSeconds() >= expires.front()) {
            return refuse(Refusal::Forbidden, "the enrollment token has expired");
        }
        const std::string enrolled = nowIso8601();
        // The condition on used_at makes the claim atomic even against another server process.
        Poco::Data::Statement claim(s);
        claim << "UPDATE enrollment_tokens SET used_at = $1, used_by = $2 "
                 "WHERE token_hash = $3 AND used_at IS NULL AND revoked_at IS NULL",
            useRef(enrolled), useRef(deviceId.value()), useRef(hash);
        if (claim.execute() != 1) {
            return refuse(Refusal::Forbidden, "the enrollment token was already used");
        }
        auto issued = issue(deviceId.value());
        if (!issued) {
            return refuse(Refusal::BadRequest, issued.error());
        }
        s << "INSERT INTO devices (device_id, hostname, cert_serial, cert_fingerprint, "
             "enrolled_at, cert_expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
            useRef(deviceId.value()), useRef(hostname), useRef(issued->serial),
            useRef(issued->fingerprint), useRef(enrolled), useRef(issued->notAfter), now;
        if (!people.front().empty()) {
            // A token issued for a person ties every user of the device to that person until
            // an administrator says otherwise.
            s << "INSERT INTO person_devices (device_id, os_user, person_id, assigned_at, source) "
                 "VALUES ($1, '*', $2, $3, 'enrollment')",
                useRef(deviceId.value()), useRef(people.front()), useRef(enrolled), now;
        }
        outcome.device.id = deviceId.value();
        outcome.device.hostname = hostname;
        outcome.device.serial = issued->serial;
        outcome.device.fingerprint = issued->fingerprint;
        outcome.device.certExpiresAt = issued->notAfter;
        outcome.device.enrolledAt = enrolled;
        outcome.certificatePem = issued->pem;
        return true;
    });
    if (!status) {
        refuse(Refusal::Internal, status.error());
    }
    return outcome;
}

namespace {

std::string isoFromEpoch(Poco::Int64 seconds) {
    return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(seconds),
                                           "%Y-%m-%dT%H:%M:%SZ");
}

bool isHex(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

} // namespace

Result<std::vector<ServerStore::TokenInfo>> ServerStore::enrollmentTokens() {
    std::vector<std::string> hashes, created, people, used, usedBy, revoked;
    std::vector<Poco::Int64> expires;
    auto status = m_db.read("read enrollment tokens", [&](Poco::Data::Session& s) {
        s << "SELECT token_hash, created_at, expires_at, COALESCE(person_id, ''), "
             "COALESCE(used_at, ''), COALESCE(used_by, ''), COALESCE(revoked_at, '') FROM "
             "enrollment_tokens ORDER BY created_at DESC, token_hash",
            into(hashes), into(created), into(expires), into(people), into(used), into(usedBy),
            into(revoked), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    std::vector<TokenInfo> out;
    const Poco::Int64 nowSecs = nowSeconds();
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        TokenInfo t{hashes[i].substr(0, 12), created[i], isoFromEpoch(expires[i]), people[i], {}};
        if (!revoked[i].empty()) {
            t.state = "revoked " + revoked[i];
        } else if (!used[i].empty()) {
            t.state = "used by " + usedBy[i] + " " + used[i];
        } else if (nowSecs >= expires[i]) {
            t.state = "expired";
        } else {
            t.state = "unused";
        }
        out.push_back(std::move(t));
    }
    return out;
}

Result<ServerStore::TokenInfo> ServerStore::revokeEnrollmentToken(const std::string& tokenOrId) {
    if (!isHex(tokenOrId) || tokenOrId.size() < 8 || tokenOrId.size() > 64) {
        return Error{"expected a token (64 hex digits) or a token id (8 to 63 hex digits, as "
                     "list-enrollment-tokens shows), got \"" +
                     tokenOrId.substr(0, 80) + "\""};
    }
    std::string lower = tokenOrId;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool wholeToken = lower.size() == 64;
    const std::string hashOrPrefix = wholeToken ? sha256Hex(lower) : lower;
    std::string problem;
    std::string revokedHash;
    const std::string at = nowIso8601();
    auto status = m_db.write("revoke the enrollment token", [&](Poco::Data::Session& s) {
        std::vector<std::string> hashes, used, revoked;
        const std::string pattern = hashOrPrefix + (wholeToken ? "" : "%");
        s << "SELECT token_hash, COALESCE(used_at, ''), COALESCE(revoked_at, '') FROM "
             "enrollment_tokens WHERE token_hash LIKE $1",
            into(hashes), into(used), into(revoked), useRef(pattern), now;
        if (hashes.empty()) {
            problem = "no enrollment token matches \"" + tokenOrId + "\"";
            return false;
        }
        if (hashes.size() > 1) {
            problem = "\"" + tokenOrId + "\" matches " + std::to_string(hashes.size()) +
                      " tokens: give more digits";
            return false;
        }
        if (!used.front().empty()) {
            problem = "the token was already used at " + used.front() +
                      ": revoke the device instead (revoke-device)";
            return false;
        }
        revokedHash = hashes.front();
        if (revoked.front().empty()) {
            s << "UPDATE enrollment_tokens SET revoked_at = $1 WHERE token_hash = $2", useRef(at),
                useRef(revokedHash), now;
        }
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (!problem.empty()) {
        return Error{problem};
    }
    auto all = enrollmentTokens();
    if (!all) {
        return Error{all.error()};
    }
    for (auto& t : all.value()) {
        if (revokedHash.rfind(t.id, 0) == 0) {
            return t;
        }
    }
    return Error{"the revoked token is no longer listed"};
}

namespace {

constexpr const char* kDeviceColumns =
    "SELECT device_id, hostname, cert_serial, cert_fingerprint, enrolled_at, "
    "COALESCE(last_seen, ''), COALESCE(revoked_at, ''), CASE WHEN clock_skew_seconds IS NULL "
    "THEN 0 ELSE 1 END, COALESCE(clock_skew_seconds, 0), COALESCE(clock_checked_at, ''), "
    "COALESCE(cert_expires_at, ''), COALESCE(previous_serial, ''), COALESCE(renewed_at, '') "
    "FROM devices ";

struct DeviceColumns {
    std::vector<std::string> ids, hosts, serials, fingerprints, enrolled, seen, revoked;
    std::vector<Poco::Int64> skewKnown, skews;
    std::vector<std::string> clockChecked, expires, previous, renewed;

    std::vector<Device> take() {
        std::vector<Device> out;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            Device d;
            d.id = std::move(ids[i]);
            d.hostname = std::move(hosts[i]);
            d.serial = std::move(serials[i]);
            d.fingerprint = std::move(fingerprints[i]);
            d.enrolledAt = std::move(enrolled[i]);
            d.lastSeen = std::move(seen[i]);
            if (!revoked[i].empty()) {
                d.revokedAt = std::move(revoked[i]);
            }
            if (skewKnown[i] != 0) {
                d.clockSkewSeconds = skews[i];
            }
            d.clockCheckedAt = std::move(clockChecked[i]);
            d.certExpiresAt = std::move(expires[i]);
            d.previousSerial = std::move(previous[i]);
            d.renewedAt = std::move(renewed[i]);
            out.push_back(std::move(d));
        }
        return out;
    }
};

} // namespace

Result<std::optional<Device>> ServerStore::findDevice(const std::string& deviceId) {
    DeviceColumns c;
    auto status = m_db.read("read devices", [&](Poco::Data::Session& s) {
        s << (std::string(kDeviceColumns) + "WHERE device_id = $1"), into(c.ids), into(c.hosts),
            into(c.serials), into(c.fingerprints), into(c.enrolled), into(c.seen), into(c.revoked),
            into(c.skewKnown), into(c.skews), into(c.clockChecked), into(c.expires),
            into(c.previous), into(c.renewed), useRef(deviceId), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    auto found = c.take();
    if (found.empty()) {
        return std::optional<Device>();
    }
    return std::optional<Device>(std::move(found.front()));
}

Status ServerStore::forgetPreviousSerial(const std::string& deviceId, const std::string& serial) {
    return m_db.write("forget the renewed-from certificate", [&](Poco::Data::Session& s) {
        s << "UPDATE devices SET previous_serial = NULL WHERE device_id = $1 AND cert_serial = $2 "
             "AND previous_serial IS NOT NULL",
            useRef(deviceId), useRef(serial), now;
        return true;
    });
}

Result<Device> ServerStore::revokeDevice(const std::string& deviceId) {
    const std::string revoked = nowIso8601();
    auto status = m_db.write("revoke the device", [&](Poco::Data::Session& s) {
        s << "UPDATE devices SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL",
            useRef(revoked), useRef(deviceId), now;
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    auto device = findDevice(deviceId);
    if (!device) {
        return Error{device.error()};
    }
    if (!device.value()) {
        return Error{"no device \"" + deviceId + "\" (see list-devices)"};
    }
    return std::move(*device.value());
}

Result<std::vector<Device>> ServerStore::devices() {
    DeviceColumns c;
    auto status = m_db.read("read devices", [&](Poco::Data::Session& s) {
        s << (std::string(kDeviceColumns) + "ORDER BY enrolled_at, device_id"), into(c.ids),
            into(c.hosts), into(c.serials), into(c.fingerprints), into(c.enrolled), into(c.seen),
            into(c.revoked), into(c.skewKnown), into(c.skews), into(c.clockChecked),
            into(c.expires), into(c.previous), into(c.renewed), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    return c.take();
}

bool clockIsOff(const std::optional<std::int64_t>& skewSeconds) {
    return skewSeconds && (*skewSeconds > kClockSkewToleranceSeconds ||
                           *skewSeconds < -kClockSkewToleranceSeconds);
}

Status ServerStore::recordClock(const std::string& deviceId, std::int64_t skewSeconds,
                                const std::string& at) {
    Poco::Int64 skew = skewSeconds;
    return m_db.write("record the device's clock", [&](Poco::Data::Session& s) {
        s << "UPDATE devices SET clock_skew_seconds = $1, clock_checked_at = $2 WHERE device_id = "
             "$3",
            useRef(skew), useRef(at), useRef(deviceId), now;
        return true;
    });
}

namespace {

// Rows per multi-row INSERT on PostgreSQL: 100 rows are 900 parameters (the limit is 65535).
constexpr std::size_t kRowsPerInsert = 100;

// Inserts a batch's new entries with few statements: SQLite runs one prepared INSERT bound to
// column vectors (each row is a step inside this process); PostgreSQL gets multi-row INSERTs,
// since every statement there is a round trip to the server.
void insertEntries(Poco::Data::Session& s, Backend backend, const std::string& deviceId,
                   const std::vector<LedgerEntry>& fresh, const std::vector<std::string>& policies,
                   const std::string& received) {
    if (fresh.empty()) {
        return;
    }
    std::vector<Poco::Int64> seqs;
    seqs.reserve(fresh.size());
    for (const auto& e : fresh) {
        seqs.push_back(e.seq);
    }
    if (backend == Backend::Sqlite) {
        const std::size_t n = fresh.size();
        std::vector<std::string> devices(n, deviceId), times, kinds, payloads, prevs, hashes,
            receivedAt(n, received), policyIds(policies);
        times.reserve(n);
        kinds.reserve(n);
        payloads.reserve(n);
        prevs.reserve(n);
        hashes.reserve(n);
        for (const auto& e : fresh) {
            times.push_back(e.time);
            kinds.push_back(e.kind);
            payloads.push_back(e.payload);
            prevs.push_back(e.prevHash);
            hashes.push_back(e.hash);
        }
        s << "INSERT INTO ledger_entries (device_id, seq, time, kind, payload, prev_hash, hash, "
             "received_at, policy_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, ''))",
            use(devices), use(seqs), use(times), use(kinds), use(payloads), use(prevs), use(hashes),
            use(receivedAt), use(policyIds), now;
        return;
    }
    for (std::size_t first = 0; first < fresh.size(); first += kRowsPerInsert) {
        const std::size_t last = std::min(fresh.size(), first + kRowsPerInsert);
        static const std::vector<std::string> kColumns = {
            "$", "$", "$", "$", "$", "$", "$", "$", "NULLIF($, '')"};
        const std::string sql = "INSERT INTO ledger_entries (device_id, seq, time, kind, payload, "
                                "prev_hash, hash, received_at, policy_id) VALUES " +
                                placeholderRows(last - first, kColumns);
        Poco::Data::Statement insert(s);
        insert << sql;
        for (std::size_t i = first; i < last; ++i) {
            const auto& e = fresh[i];
            insert.addBind(useRef(deviceId));
            insert.addBind(useRef(seqs[i]));
            insert.addBind(useRef(e.time));
            insert.addBind(useRef(e.kind));
            insert.addBind(useRef(e.payload));
            insert.addBind(useRef(e.prevHash));
            insert.addBind(useRef(e.hash));
            insert.addBind(useRef(received));
            insert.addBind(useRef(policies[i]));
        }
        insert.execute();
    }
}

} // namespace

IngestOutcome ServerStore::ingest(const std::string& deviceId,
                                  const std::vector<LedgerEntry>& entries,
                                  const std::vector<Checkpoint>& checkpoints,
                                  const std::string& peerCertPem) {
    IngestOutcome outcome;
    const auto refuse = [&outcome](Refusal r, std::string message) {
        outcome.refusal = r;
        outcome.error = std::move(message);
        return false;
    };
    auto status = m_db.write("store the batch", [&](Poco::Data::Session& s) {
        const std::string received = nowIso8601();
        // Updating the device row first locks it (a row lock on PostgreSQL, the write lock on
        // SQLite): two server processes given the same batch store it once, one after the other.
        Poco::Data::Statement touch(s);
        touch << "UPDATE devices SET last_seen = $1 WHERE device_id = $2", useRef(received),
            useRef(deviceId);
        if (touch.execute() != 1) {
            return refuse(Refusal::Forbidden, "unknown device " + deviceId);
        }
        Poco::Int64 headSeq = 0;
        std::string headHash;
        s << "SELECT chain_seq, chain_hash FROM devices WHERE device_id = $1", into(headSeq),
            into(headHash), useRef(deviceId), now;

        // The prefix the server already holds: identical entries are resent after a lost
        // acknowledgement and are skipped; a different entry under a stored seq is a fork.
        std::size_t i = 0;
        for (; i < entries.size() && entries[i].seq <= headSeq; ++i) {
            const auto& e = entries[i];
            if (e.seq < 1 || (i > 0 && e.seq <= entries[i - 1].seq)) {
                return refuse(Refusal::Conflict,
                              "entry " + std::to_string(e.seq) +
                                  ": sequence numbers must increase from 1 within a batch");
            }
        }
        if (i > 0) {
            // One query for the whole resent prefix instead of one per entry.
            const Poco::Int64 first = entries.front().seq;
            const Poco::Int64 last = entries[i - 1].seq;
            std::vector<Poco::Int64> seqs;
            std::vector<std::string> time, kind, payload, prev, hash;
            s << "SELECT seq, time, kind, payload, prev_hash, hash FROM ledger_entries "
                 "WHERE device_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq",
                into(seqs), into(time), into(kind), into(payload), into(prev), into(hash),
                useRef(deviceId), bind(first), bind(last), now;
            std::size_t row = 0;
            for (std::size_t k = 0; k < i; ++k) {
                const auto& e = entries[k];
                while (row < seqs.size() && seqs[row] < e.seq) {
                    ++row;
                }
                if (row == seqs.size() || seqs[row] != e.seq) {
                    // Deleted by retention: the chain head still vouches for it; an entry resent
                    // after that is not stored again.
                    ++outcome.skipped;
                    continue;
                }
                if (hash[row] != e.hash || time[row] != e.time || kind[row] != e.kind ||
                    payload[row] != e.payload || prev[row] != e.prevHash) {
                    return refuse(Refusal::Conflict,
                                  "entry " + std::to_string(e.seq) +
                                      ": differs from the entry already stored under that "
                                      "sequence number (the ledger was rewritten)");
                }
                ++outcome.skipped;
            }
        }
        const std::vector<LedgerEntry> fresh(entries.begin() + static_cast<std::ptrdiff_t>(i),
                                             entries.end());
        const ChainCheck check = checkChain(fresh, headSeq, headHash);
        if (!check.intact) {
            return refuse(Refusal::Conflict,
                          "entry " + std::to_string(check.firstBroken.value_or(0)) + ": " +
                              check.reason + " (the server holds entries up to " +
                              std::to_string(headSeq) + ")");
        }
        // Which declared policy each entry falls under decides when retention deletes it.
        EntryPolicies policies(s, deviceId);
        std::vector<std::string> policyIds;
        policyIds.reserve(fresh.size());
        for (const auto& e : fresh) {
            policyIds.push_back(policies.policyOf(e));
        }
        insertEntries(s, m_db.backend(), deviceId, fresh, policyIds, received);
        if (!fresh.empty()) {
            const Poco::Int64 newSeq = fresh.back().seq;
            s << "UPDATE devices SET chain_seq = $1, chain_hash = $2 WHERE device_id = $3",
                bind(newSeq), useRef(fresh.back().hash), useRef(deviceId), now;
        }
        outcome.stored = fresh.size();
        outcome.acked = fresh.empty() ? headSeq : fresh.back().seq;
        const auto kept = storeCheckpoints(s, deviceId, outcome.acked,
                                           fresh.empty() ? headHash : fresh.back().hash,
                                           checkpoints, peerCertPem, received);
        if (kept.refusal) {
            return refuse(Refusal::Conflict, *kept.refusal);
        }
        outcome.checkpointsStored = kept.stored;
        outcome.checkpointSeq = std::max(storedCheckpointSeq(s, deviceId), kept.handledUpTo);
        return true;
    });
    if (!status) {
        refuse(Refusal::Internal, status.error());
    }
    if (outcome.refusal == Refusal::Conflict) {
        recordRejected(deviceId, entries, outcome.error);
    }
    return outcome;
}

void ServerStore::recordRejected(const std::string& deviceId,
                                 const std::vector<LedgerEntry>& entries,
                                 const std::string& reason) {
    const Poco::Int64 first = entries.empty() ? 0 : entries.front().seq;
    const Poco::Int64 last = entries.empty() ? 0 : entries.back().seq;
    const Poco::Int64 count = static_cast<Poco::Int64>(entries.size());
    const std::string received = nowIso8601();
    // A failure here is not passed on: the refusal itself still reaches the agent, which
    // records it in its own ledger.
    (void)m_db.write("record the refused batch", [&](Poco::Data::Session& s) {
        s << "INSERT INTO rejected_batches (device_id, received_at, first_seq, last_seq, "
             "entry_count, reason) VALUES ($1, $2, $3, $4, $5, $6)",
            useRef(deviceId), useRef(received), bind(first), bind(last), bind(count),
            useRef(reason), now;
        return true;
    });
}

Result<std::vector<StoredEntry>> ServerStore::entries(const std::string& deviceId) {
    std::vector<std::string> devices, times, kinds, payloads, prevs, hashes, received;
    std::vector<Poco::Int64> seqs;
    auto status = m_db.read("read ledger entries", [&](Poco::Data::Session& s) {
        s << "SELECT device_id, seq, time, kind, payload, prev_hash, hash, received_at "
             "FROM ledger_entries WHERE $1 = '' OR device_id = $1 ORDER BY device_id, seq",
            into(devices), into(seqs), into(times), into(kinds), into(payloads), into(prevs),
            into(hashes), into(received), useRef(deviceId), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    std::vector<StoredEntry> out;
    out.reserve(seqs.size());
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        out.push_back({std::move(devices[i]),
                       {seqs[i], std::move(times[i]), std::move(kinds[i]), std::move(payloads[i]),
                        std::move(prevs[i]), std::move(hashes[i])},
                       std::move(received[i])});
    }
    return out;
}

Result<std::int64_t> ServerStore::rejectedBatchCount(const std::string& deviceId) {
    Poco::Int64 count = 0;
    auto status = m_db.read("read refused batches", [&](Poco::Data::Session& s) {
        s << "SELECT COUNT(*) FROM rejected_batches WHERE $1 = '' OR device_id = $1", into(count),
            useRef(deviceId), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    return count;
}

Result<ServerStore::Health> ServerStore::health() {
    Health h;
    auto status = m_db.read("check the database", [&](Poco::Data::Session& s) {
        s << "SELECT COUNT(*), COUNT(revoked_at), COALESCE(MAX(last_seen), '') FROM devices",
            into(h.devices), into(h.revokedDevices), into(h.lastSync), now;
        s << "SELECT COUNT(*) FROM ledger_entries", into(h.entries), now;
        s << "SELECT COUNT(*) FROM rejected_batches", into(h.refusedBatches), now;
        // Policies in effect now: announced versions whose time has come, not retired.
        const std::string at = nowIso8601();
        s << "SELECT COUNT(DISTINCT policy_id) FROM policy_versions WHERE state IN ('announced', "
             "'in_effect') AND effective_at <= $1",
            into(h.policies), useRef(at), now;
        if (m_db.backend() == Backend::Sqlite) {
            s << "PRAGMA quick_check", into(h.integrity), now;
        } else {
            // PostgreSQL checks its own pages; what can be asked cheaply is that it answers
            // and is not in recovery.
            std::string recovering;
            s << "SELECT CASE WHEN pg_is_in_recovery() THEN 'in recovery' ELSE 'ok' END",
                into(recovering), now;
            h.integrity = recovering;
        }
    });
    if (!status) {
        return Error{status.error()};
    }
    return h;
}

} // namespace indblik::server
