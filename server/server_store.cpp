#include "server_store.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/Transaction.h>
#include <Poco/Exception.h>
#include <Poco/Timestamp.h>

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

// Portable SQL only: no AUTOINCREMENT, no SQLite-only types; ON CONFLICT DO NOTHING is
// understood by SQLite (3.24+) and PostgreSQL alike.
constexpr const char* kSchema[] = {
    "CREATE TABLE IF NOT EXISTS enrollment_tokens (token_hash TEXT PRIMARY KEY, "
    "created_at TEXT NOT NULL, expires_at BIGINT NOT NULL, used_at TEXT, used_by TEXT)",
    "CREATE TABLE IF NOT EXISTS devices (device_id TEXT PRIMARY KEY, hostname TEXT NOT NULL, "
    "cert_serial TEXT NOT NULL UNIQUE, cert_fingerprint TEXT NOT NULL, enrolled_at TEXT NOT "
    "NULL, last_seen TEXT, revoked_at TEXT)",
    "CREATE TABLE IF NOT EXISTS ledger_entries (device_id TEXT NOT NULL, seq BIGINT NOT NULL, "
    "time TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, "
    "hash TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (device_id, seq))",
    "CREATE TABLE IF NOT EXISTS rejected_batches (device_id TEXT NOT NULL, received_at TEXT NOT "
    "NULL, first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL, entry_count BIGINT NOT NULL, "
    "reason TEXT NOT "
    "NULL)",
    "CREATE TABLE IF NOT EXISTS policies (id TEXT PRIMARY KEY, json TEXT NOT NULL, "
    "published_at TEXT NOT NULL)",
};

Poco::Int64 nowSeconds() {
    return Poco::Timestamp().epochTime();
}

} // namespace

ServerStore::ServerStore(std::string path, std::unique_ptr<Poco::Data::Session> session)
    : m_path(std::move(path)), m_session(std::move(session)) {}

ServerStore::~ServerStore() = default;

Result<std::unique_ptr<ServerStore>> ServerStore::open(const std::string& path) {
    auto session = openSqlite(path);
    if (!session) {
        return Error{session.error()};
    }
    auto& s = *session.value();
    try {
        Poco::Data::Transaction tx(s);
        for (const char* statement : kSchema) {
            s << statement, now;
        }
        auto version = ensureSchemaVersion(s, kServerSchemaVersion, "server", path);
        if (!version) {
            return Error{version.error()};
        }
        tx.commit();
    } catch (const Poco::Exception& e) {
        return Error{path + ": cannot prepare the server database (" + e.displayText() + ")"};
    }
    return std::unique_ptr<ServerStore>(new ServerStore(path, std::move(session).value()));
}

Result<std::string> ServerStore::createEnrollmentToken(int ttlMinutes) {
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
    std::lock_guard lock(m_mutex);
    try {
        auto& s = *m_session;
        Poco::Data::Transaction tx(s);
        s << "INSERT INTO enrollment_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)",
            useRef(hash), useRef(created), bind(expires), now;
        tx.commit();
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot store the enrollment token (" + e.displayText() + ")"};
    }
    return token;
}

EnrollOutcome ServerStore::enrollDevice(const std::string& token, const std::string& hostname,
                                        const IssueCertificate& issue) {
    const auto refuse = [](Refusal r, std::string message) {
        EnrollOutcome o;
        o.refusal = r;
        o.error = std::move(message);
        return o;
    };
    const std::string hash = sha256Hex(token);
    auto deviceId = pki::randomHex(16);
    if (!deviceId) {
        return refuse(Refusal::Internal, deviceId.error());
    }
    std::lock_guard lock(m_mutex);
    auto& s = *m_session;
    try {
        Poco::Data::Transaction tx(s);
        std::vector<Poco::Int64> expires;
        std::vector<std::string> used;
        s << "SELECT expires_at, COALESCE(used_at, '') FROM enrollment_tokens WHERE token_hash = ?",
            into(expires), into(used), useRef(hash), now;
        if (expires.empty()) {
            return refuse(Refusal::Forbidden, "unknown enrollment token");
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
        claim << "UPDATE enrollment_tokens SET used_at = ?, used_by = ? "
                 "WHERE token_hash = ? AND used_at IS NULL",
            useRef(enrolled), useRef(deviceId.value()), useRef(hash);
        if (claim.execute() != 1) {
            return refuse(Refusal::Forbidden, "the enrollment token was already used");
        }
        auto issued = issue(deviceId.value());
        if (!issued) {
            return refuse(Refusal::BadRequest, issued.error());
        }
        s << "INSERT INTO devices (device_id, hostname, cert_serial, cert_fingerprint, "
             "enrolled_at) VALUES (?, ?, ?, ?, ?)",
            useRef(deviceId.value()), useRef(hostname), useRef(issued->serial),
            useRef(issued->fingerprint), useRef(enrolled), now;
        tx.commit();
        EnrollOutcome o;
        o.device = Device{deviceId.value(), hostname,      issued->serial, issued->fingerprint,
                          enrolled,         std::string(), std::nullopt};
        o.certificatePem = issued->pem;
        return o;
    } catch (const Poco::Exception& e) {
        return refuse(Refusal::Internal,
                      m_path + ": cannot record the enrollment (" + e.displayText() + ")");
    }
}

namespace {

std::vector<Device> devicesFrom(std::vector<std::string>& ids, std::vector<std::string>& hosts,
                                std::vector<std::string>& serials,
                                std::vector<std::string>& fingerprints,
                                std::vector<std::string>& enrolled, std::vector<std::string>& seen,
                                std::vector<std::string>& revoked) {
    std::vector<Device> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        Device d{std::move(ids[i]),
                 std::move(hosts[i]),
                 std::move(serials[i]),
                 std::move(fingerprints[i]),
                 std::move(enrolled[i]),
                 std::move(seen[i]),
                 std::nullopt};
        if (!revoked[i].empty()) {
            d.revokedAt = std::move(revoked[i]);
        }
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace

Result<std::optional<Device>> ServerStore::findDevice(const std::string& deviceId) {
    std::vector<std::string> ids, hosts, serials, fingerprints, enrolled;
    std::vector<std::string> seen, revoked;
    std::lock_guard lock(m_mutex);
    try {
        *m_session
            << "SELECT device_id, hostname, cert_serial, cert_fingerprint, enrolled_at, "
               "COALESCE(last_seen, ''), COALESCE(revoked_at, '') FROM devices WHERE device_id = ?",
            into(ids), into(hosts), into(serials), into(fingerprints), into(enrolled), into(seen),
            into(revoked), useRef(deviceId), now;
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot read devices (" + e.displayText() + ")"};
    }
    auto found = devicesFrom(ids, hosts, serials, fingerprints, enrolled, seen, revoked);
    if (found.empty()) {
        return std::optional<Device>();
    }
    return std::optional<Device>(std::move(found.front()));
}

Result<Device> ServerStore::revokeDevice(const std::string& deviceId) {
    {
        std::lock_guard lock(m_mutex);
        const std::string revoked = nowIso8601();
        try {
            *m_session << "UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS "
                          "NULL",
                useRef(revoked), useRef(deviceId), now;
        } catch (const Poco::Exception& e) {
            return Error{m_path + ": cannot revoke device (" + e.displayText() + ")"};
        }
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
    std::vector<std::string> ids, hosts, serials, fingerprints, enrolled;
    std::vector<std::string> seen, revoked;
    std::lock_guard lock(m_mutex);
    try {
        *m_session << "SELECT device_id, hostname, cert_serial, cert_fingerprint, enrolled_at, "
                      "COALESCE(last_seen, ''), COALESCE(revoked_at, '') FROM devices ORDER BY "
                      "enrolled_at, device_id",
            into(ids), into(hosts), into(serials), into(fingerprints), into(enrolled), into(seen),
            into(revoked), now;
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot read devices (" + e.displayText() + ")"};
    }
    return devicesFrom(ids, hosts, serials, fingerprints, enrolled, seen, revoked);
}

IngestOutcome ServerStore::ingest(const std::string& deviceId,
                                  const std::vector<LedgerEntry>& entries) {
    std::lock_guard lock(m_mutex);
    IngestOutcome outcome = ingestLocked(deviceId, entries);
    if (outcome.refusal == Refusal::Conflict) {
        recordRejectedLocked(deviceId, entries, outcome.error);
    }
    return outcome;
}

IngestOutcome ServerStore::ingestLocked(const std::string& deviceId,
                                        const std::vector<LedgerEntry>& entries) {
    IngestOutcome outcome;
    const auto refuse = [&outcome](Refusal r, std::string message) {
        outcome.refusal = r;
        outcome.error = std::move(message);
        return outcome;
    };
    auto& s = *m_session;
    try {
        Poco::Data::Transaction tx(s);
        std::vector<Poco::Int64> headSeqs;
        std::vector<std::string> headHashes;
        s << "SELECT seq, hash FROM ledger_entries WHERE device_id = ? ORDER BY seq DESC LIMIT 1",
            into(headSeqs), into(headHashes), useRef(deviceId), now;
        const std::int64_t headSeq = headSeqs.empty() ? 0 : headSeqs.front();
        const std::string headHash =
            headHashes.empty() ? std::string(kGenesisHash) : headHashes.front();

        // The prefix the server already holds: identical entries are resent after a lost
        // acknowledgement and are skipped; a different entry under a stored seq is a fork.
        std::size_t i = 0;
        for (; i < entries.size() && entries[i].seq <= headSeq; ++i) {
            const auto& e = entries[i];
            const std::string where = "entry " + std::to_string(e.seq) + ": ";
            if (e.seq < 1 || (i > 0 && e.seq <= entries[i - 1].seq)) {
                return refuse(Refusal::Conflict,
                              where + "sequence numbers must increase from 1 within a batch");
            }
            std::vector<std::string> time, kind, payload, prev, hash;
            const Poco::Int64 seq = e.seq;
            s << "SELECT time, kind, payload, prev_hash, hash FROM ledger_entries "
                 "WHERE device_id = ? AND seq = ?",
                into(time), into(kind), into(payload), into(prev), into(hash), useRef(deviceId),
                bind(seq), now;
            if (hash.empty()) {
                return refuse(Refusal::Conflict, where + "missing on the server below its head");
            }
            if (hash.front() != e.hash || time.front() != e.time || kind.front() != e.kind ||
                payload.front() != e.payload || prev.front() != e.prevHash) {
                return refuse(Refusal::Conflict,
                              where + "differs from the entry already stored under that "
                                      "sequence number (the ledger was rewritten)");
            }
            ++outcome.skipped;
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
        const std::string received = nowIso8601();
        for (const auto& e : fresh) {
            const Poco::Int64 seq = e.seq;
            s << "INSERT INTO ledger_entries (device_id, seq, time, kind, payload, prev_hash, "
                 "hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT (device_id, seq) DO NOTHING",
                useRef(deviceId), bind(seq), useRef(e.time), useRef(e.kind), useRef(e.payload),
                useRef(e.prevHash), useRef(e.hash), useRef(received), now;
        }
        s << "UPDATE devices SET last_seen = ? WHERE device_id = ?", useRef(received),
            useRef(deviceId), now;
        tx.commit();
        outcome.stored = fresh.size();
        outcome.acked = fresh.empty() ? headSeq : fresh.back().seq;
        return outcome;
    } catch (const Poco::Exception& e) {
        return refuse(Refusal::Internal,
                      m_path + ": cannot store the batch (" + e.displayText() + ")");
    }
}

void ServerStore::recordRejectedLocked(const std::string& deviceId,
                                       const std::vector<LedgerEntry>& entries,
                                       const std::string& reason) {
    const Poco::Int64 first = entries.empty() ? 0 : entries.front().seq;
    const Poco::Int64 last = entries.empty() ? 0 : entries.back().seq;
    const Poco::Int64 count = static_cast<Poco::Int64>(entries.size());
    const std::string received = nowIso8601();
    auto& s = *m_session;
    try {
        Poco::Data::Transaction tx(s);
        s << "INSERT INTO rejected_batches (device_id, received_at, first_seq, last_seq, "
             "entry_count, reason) VALUES (?, ?, ?, ?, ?, ?)",
            useRef(deviceId), useRef(received), bind(first), bind(last), bind(count),
            useRef(reason), now;
        tx.commit();
    } catch (const Poco::Exception&) {
        // The refusal itself still reaches the agent, which records it in its own ledger.
    }
}

Result<std::vector<StoredEntry>> ServerStore::entries(const std::string& deviceId) {
    std::vector<std::string> devices, times, kinds, payloads, prevs, hashes, received;
    std::vector<Poco::Int64> seqs;
    std::lock_guard lock(m_mutex);
    try {
        *m_session << "SELECT device_id, seq, time, kind, payload, prev_hash, hash, received_at "
                      "FROM ledger_entries WHERE ? = '' OR device_id = ? "
                      "ORDER BY device_id, seq",
            into(devices), into(seqs), into(times), into(kinds), into(payloads), into(prevs),
            into(hashes), into(received), useRef(deviceId), useRef(deviceId), now;
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot read ledger entries (" + e.displayText() + ")"};
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
    std::lock_guard lock(m_mutex);
    try {
        *m_session << "SELECT COUNT(*) FROM rejected_batches WHERE ? = '' OR device_id = ?",
            into(count), useRef(deviceId), useRef(deviceId), now;
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot read rejected batches (" + e.displayText() + ")"};
    }
    return count;
}

Status ServerStore::publishPolicy(const Policy& policy) {
    const std::string published = nowIso8601();
    std::lock_guard lock(m_mutex);
    auto& s = *m_session;
    try {
        Poco::Data::Transaction tx(s);
        s << "INSERT INTO policies (id, json, published_at) VALUES (?, ?, ?) "
             "ON CONFLICT (id) DO UPDATE SET json = excluded.json, "
             "published_at = excluded.published_at",
            useRef(policy.id), useRef(policy.json), useRef(published), now;
        tx.commit();
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot store policy " + policy.id + " (" + e.displayText() + ")"};
    }
    return Status::success();
}

Result<ServerStore::Health> ServerStore::health() {
    Health h;
    std::lock_guard lock(m_mutex);
    try {
        *m_session
            << "SELECT COUNT(*), COUNT(revoked_at), COALESCE(MAX(last_seen), '') FROM devices",
            into(h.devices), into(h.revokedDevices), into(h.lastSync), now;
        *m_session << "SELECT COUNT(*) FROM ledger_entries", into(h.entries), now;
        *m_session << "SELECT COUNT(*) FROM policies", into(h.policies), now;
        *m_session << "PRAGMA quick_check", into(h.integrity), now;
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot check the database (" + e.displayText() + ")"};
    }
    return h;
}

Result<std::vector<std::string>> ServerStore::policies() {
    std::vector<std::string> documents;
    std::lock_guard lock(m_mutex);
    try {
        *m_session << "SELECT json FROM policies ORDER BY id", into(documents), now;
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot read policies (" + e.displayText() + ")"};
    }
    return documents;
}

} // namespace indblik::server
