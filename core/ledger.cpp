#include "ledger.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Transaction.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Timestamp.h>

using namespace Poco::Data::Keywords;

namespace indblik {

std::string sha256Hex(std::string_view data) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(data.data(), static_cast<unsigned>(data.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string chainHash(std::string_view prevHash, std::int64_t seq, std::string_view time,
                      std::string_view kind, std::string_view payload) {
    // Fields are separated by newlines; only the payload (last) may contain one, so the
    // encoding is unambiguous.
    std::string input;
    input.reserve(prevHash.size() + time.size() + kind.size() + payload.size() + 32);
    input.append(prevHash).append("\n").append(std::to_string(seq)).append("\n");
    input.append(time).append("\n").append(kind).append("\n").append(payload);
    return sha256Hex(input);
}

std::string nowIso8601() {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
}

ChainCheck checkChain(const std::vector<LedgerEntry>& entries, std::int64_t prevSeq,
                      std::string_view prevHash) {
    std::string expectedPrev(prevHash);
    std::int64_t expectedSeq = prevSeq + 1;
    for (const auto& e : entries) {
        const auto broken = [&](std::string reason) {
            return ChainCheck{false, e.seq, std::move(reason)};
        };
        if (e.seq != expectedSeq) {
            return broken("expected sequence number " + std::to_string(expectedSeq) + ", found " +
                          std::to_string(e.seq) + " (an entry is missing or out of order)");
        }
        if (e.kind.find('\n') != std::string::npos || e.time.find('\n') != std::string::npos) {
            return broken("kind or time contains a line break");
        }
        if (e.prevHash != expectedPrev) {
            return broken("does not link to the entry before it (previous hash differs)");
        }
        if (chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload) != e.hash) {
            return broken("its content does not match its hash (the entry was changed)");
        }
        expectedPrev = e.hash;
        ++expectedSeq;
    }
    return {};
}

Result<std::unique_ptr<Poco::Data::Session>> openSqlite(const std::string& path) {
    static std::once_flag registered;
    std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    // Create a new file 0600 before SQLite does (SQLite would use 0644), but never open and close
    // a file that exists: closing any descriptor of a file drops every POSIX lock this process
    // holds on it, including the locks another connection of this process relies on, and a
    // commit made under a dropped lock can be lost.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) {
            return Error{path + ": cannot open the database (" + std::strerror(errno) + ")"};
        }
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            ::close(fd); // nobody else can hold a lock on a file this call created
        } else if (errno != EEXIST) {
            return Error{path + ": cannot create the database (" + std::strerror(errno) + ")"};
        }
    }
    try {
        auto session = std::make_unique<Poco::Data::Session>("SQLite", path);
        std::string mode;
        *session << "PRAGMA journal_mode=WAL", into(mode), now;
        *session << "PRAGMA synchronous=FULL", now;
        *session << "PRAGMA foreign_keys=ON", now;
        int timeout = 0;
        *session << "PRAGMA busy_timeout=10000", into(timeout), now;
        if (mode != "wal") {
            return Error{path + ": cannot switch the database to WAL mode (got " + mode + ")"};
        }
        return session;
    } catch (const Poco::Exception& e) {
        return Error{path + ": " + e.displayText()};
    }
}

Status ensureSchemaVersion(Poco::Data::Session& s, int version, const std::string& what,
                           const std::string& path, const std::string& key) {
    s << "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", now;
    std::vector<std::string> found;
    s << "SELECT value FROM meta WHERE key = ?", useRef(key), into(found), now;
    const std::string expected = std::to_string(version);
    if (found.empty()) {
        s << "INSERT INTO meta (key, value) VALUES (?, ?)", useRef(key), useRef(expected), now;
    } else if (found.front() != expected) {
        return Error{path + ": " + what + " schema version " + found.front() +
                     " is not supported (this program reads version " + expected + ")"};
    }
    return Status::success();
}

namespace {

Ledger::Base baseIn(Poco::Data::Session& s) {
    std::vector<std::string> keys, values;
    s << "SELECT key, value FROM meta WHERE key IN ('base_seq', 'base_hash')", into(keys),
        into(values), now;
    Ledger::Base b;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == "base_seq") {
            b.seq = std::stoll(values[i]);
        } else {
            b.hash = values[i];
        }
    }
    return b;
}

} // namespace

Ledger::Ledger(std::string path, std::unique_ptr<Poco::Data::Session> session)
    : m_path(std::move(path)), m_session(std::move(session)) {}

Ledger::~Ledger() = default;

Result<std::unique_ptr<Ledger>> Ledger::open(const std::string& path) {
    auto session = openSqlite(path);
    if (!session) {
        return Error{session.error()};
    }
    auto& s = *session.value();
    try {
        Poco::Data::Transaction tx(s);
        s << "CREATE TABLE IF NOT EXISTS ledger (seq INTEGER PRIMARY KEY, time TEXT NOT NULL, "
             "kind TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, "
             "hash TEXT NOT NULL)",
            now;
        auto version = ensureSchemaVersion(s, kLedgerSchemaVersion, "ledger", path);
        if (!version) {
            return Error{version.error()};
        }
        tx.commit();
    } catch (const Poco::Exception& e) {
        return Error{path + ": cannot prepare the ledger (" + e.displayText() + ")"};
    }
    return std::unique_ptr<Ledger>(new Ledger(path, std::move(session).value()));
}

Result<std::vector<LedgerEntry>>
Ledger::append(const std::vector<NewEntry>& entries,
               const std::function<void(Poco::Data::Session&)>& alsoInTransaction) {
    std::lock_guard lock(m_mutex);
    auto& s = *m_session;
    std::vector<LedgerEntry> appended;
    try {
        Poco::Data::Transaction tx(s);
        std::vector<Poco::Int64> seqs;
        std::vector<std::string> hashes;
        s << "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1", into(seqs), into(hashes),
            now;
        std::int64_t seq = 0;
        std::string prev;
        if (seqs.empty()) {
            // Nothing kept (new, or everything pruned): continue from the base.
            const auto b = baseIn(s);
            seq = b.seq;
            prev = b.hash;
        } else {
            seq = seqs.front();
            prev = hashes.front();
        }
        // One prepared INSERT bound with column vectors for the whole group: Poco prepares it
        // once and steps it per row (a statement per row parsed the SQL again each time).
        const std::string time = nowIso8601();
        std::vector<Poco::Int64> seqColumn;
        std::vector<std::string> timeColumn, kindColumn, payloadColumn, prevColumn, hashColumn;
        seqColumn.reserve(entries.size());
        appended.reserve(entries.size());
        for (const auto& n : entries) {
            if (n.kind.empty() || n.kind.find('\n') != std::string::npos) {
                return Error{m_path + ": entry kind must be one non-empty line"};
            }
            LedgerEntry e{++seq, time, n.kind, n.payload, prev, {}};
            e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
            prev = e.hash;
            seqColumn.push_back(e.seq);
            appended.push_back(std::move(e));
        }
        if (!appended.empty()) {
            timeColumn.assign(appended.size(), time);
            kindColumn.reserve(appended.size());
            payloadColumn.reserve(appended.size());
            prevColumn.reserve(appended.size());
            hashColumn.reserve(appended.size());
            for (const auto& e : appended) {
                kindColumn.push_back(e.kind);
                payloadColumn.push_back(e.payload);
                prevColumn.push_back(e.prevHash);
                hashColumn.push_back(e.hash);
            }
            s << "INSERT INTO ledger (seq, time, kind, payload, prev_hash, hash) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                use(seqColumn), use(timeColumn), use(kindColumn), use(payloadColumn),
                use(prevColumn), use(hashColumn), now;
        }
        if (alsoInTransaction) {
            alsoInTransaction(s);
        }
        tx.commit();
    } catch (const Poco::Exception& e) {
        recoverLocked();
        return Error{m_path + ": cannot append to the ledger (" + e.displayText() + ")"};
    } catch (const std::exception& e) {
        recoverLocked();
        return Error{m_path + ": cannot append to the ledger (" + e.what() + ")"};
    }
    return appended;
}

Result<LedgerEntry> Ledger::append(const std::string& kind, const std::string& payload) {
    auto r = append(std::vector<NewEntry>{{kind, payload}});
    if (!r) {
        return Error{r.error()};
    }
    return r.value().front();
}

Result<std::vector<LedgerEntry>> Ledger::read(std::int64_t afterSeq, std::size_t maxCount,
                                              std::size_t maxBytes) {
    std::lock_guard lock(m_mutex);
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> times, kinds, payloads, prevs, hashes;
    Poco::Int64 after = afterSeq;
    Poco::Int64 limit = static_cast<Poco::Int64>(maxCount);
    try {
        *m_session << "SELECT seq, time, kind, payload, prev_hash, hash FROM ledger "
                      "WHERE seq > ? ORDER BY seq LIMIT ?",
            into(seqs), into(times), into(kinds), into(payloads), into(prevs), into(hashes),
            use(after), use(limit), now;
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot read the ledger (" + e.displayText() + ")"};
    }
    std::vector<LedgerEntry> out;
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        bytes += payloads[i].size() + 200;
        if (!out.empty() && bytes > maxBytes) {
            break;
        }
        out.push_back({seqs[i], std::move(times[i]), std::move(kinds[i]), std::move(payloads[i]),
                       std::move(prevs[i]), std::move(hashes[i])});
    }
    return out;
}

std::int64_t Ledger::lastSeq() {
    std::lock_guard lock(m_mutex);
    Poco::Int64 seq = 0;
    *m_session << "SELECT COALESCE(MAX(seq), 0) FROM ledger", into(seq), now;
    if (seq == 0) {
        return baseIn(*m_session).seq;
    }
    return seq;
}

std::int64_t Ledger::count() {
    std::lock_guard lock(m_mutex);
    Poco::Int64 n = 0;
    *m_session << "SELECT COUNT(*) FROM ledger", into(n), now;
    return n;
}

Ledger::Base Ledger::base() {
    std::lock_guard lock(m_mutex);
    return baseIn(*m_session);
}

Result<std::int64_t> Ledger::prune(std::int64_t upTo) {
    std::lock_guard lock(m_mutex);
    auto& s = *m_session;
    try {
        Poco::Data::Transaction tx(s);
        Poco::Int64 last = 0;
        s << "SELECT COALESCE(MAX(seq), 0) FROM ledger", into(last), now;
        Poco::Int64 cut = std::min<Poco::Int64>(upTo, last);
        const auto before = baseIn(s);
        if (cut <= before.seq) {
            return std::int64_t{0};
        }
        std::vector<std::string> hashes;
        s << "SELECT hash FROM ledger WHERE seq = ?", into(hashes), use(cut), now;
        if (hashes.empty()) {
            return Error{m_path + ": cannot prune up to entry " + std::to_string(cut) +
                         ": the entry is missing"};
        }
        Poco::Int64 removed = 0;
        s << "SELECT COUNT(*) FROM ledger WHERE seq <= ?", into(removed), use(cut), now;
        s << "DELETE FROM ledger WHERE seq <= ?", use(cut), now;
        const std::string seqText = std::to_string(cut);
        s << "INSERT INTO meta (key, value) VALUES ('base_seq', ?) "
             "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            useRef(seqText), now;
        s << "INSERT INTO meta (key, value) VALUES ('base_hash', ?) "
             "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            useRef(hashes.front()), now;
        tx.commit();
        return std::int64_t{removed};
    } catch (const Poco::Exception& e) {
        recoverLocked();
        return Error{m_path + ": cannot prune the ledger (" + e.displayText() + ")"};
    }
}

Result<std::int64_t> Ledger::usedBytes() {
    std::lock_guard lock(m_mutex);
    try {
        Poco::Int64 pages = 0, free = 0, size = 0;
        *m_session << "PRAGMA page_count", into(pages), now;
        *m_session << "PRAGMA freelist_count", into(free), now;
        *m_session << "PRAGMA page_size", into(size), now;
        return std::int64_t{(pages - free) * size};
    } catch (const Poco::Exception& e) {
        return Error{m_path + ": cannot measure the ledger (" + e.displayText() + ")"};
    }
}

Ledger::Verification Ledger::verify() {
    Verification v;
    const auto from = base();
    std::int64_t prevSeq = from.seq;
    std::string prevHash = from.hash;
    v.base = from.seq;
    if (from.seq > 0) {
        v.head = from.hash;
    }
    constexpr std::size_t kPage = 2000;
    for (;;) {
        auto page = read(prevSeq, kPage, std::size_t(64) << 20);
        if (!page) {
            v.intact = false;
            v.reason = page.error();
            return v;
        }
        if (page.value().empty()) {
            break;
        }
        const auto check = checkChain(page.value(), prevSeq, prevHash);
        if (!check.intact) {
            v.intact = false;
            v.firstBroken = check.firstBroken;
            v.reason = check.reason;
            return v;
        }
        v.entries += static_cast<std::int64_t>(page.value().size());
        prevSeq = page.value().back().seq;
        prevHash = page.value().back().hash;
        v.head = prevHash;
    }
    return v;
}

void Ledger::withSession(const std::function<void(Poco::Data::Session&)>& work) {
    std::lock_guard lock(m_mutex);
    try {
        work(*m_session);
    } catch (...) {
        recoverLocked();
        throw;
    }
}

void Ledger::recoverLocked() {
    if (!m_session->isTransaction()) {
        return;
    }
    try {
        m_session->rollback();
        return;
    } catch (const Poco::Exception&) {
        // SQLite rolled back by itself (SQLITE_FULL, SQLITE_IOERR), so ROLLBACK fails and the
        // session would refuse every later transaction: start a fresh connection.
    }
    auto fresh = openSqlite(m_path);
    if (fresh) {
        m_session = std::move(fresh).value();
    }
}

} // namespace indblik
