#pragma once

// The append-only, hash-chained ledger on SQLite (WAL, synchronous=FULL). Each entry's hash
// covers the previous entry's hash, so an edited, removed or reordered row breaks the chain at
// that row. The agent keeps one; the server checks the same chain on every batch it receives.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace Poco::Data {
class Session;
}

namespace indblik {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";
inline constexpr int kLedgerSchemaVersion = 1;

struct LedgerEntry {
    std::int64_t seq = 0;
    std::string time;    // device time, ISO 8601 UTC
    std::string kind;    // "observation.added", "observation.changed", "observation.removed", ...
    std::string payload; // JSON text, hashed exactly as stored
    std::string prevHash;
    std::string hash;
};

struct NewEntry {
    std::string kind;
    std::string payload;
};

std::string sha256Hex(std::string_view data);
std::string chainHash(std::string_view prevHash, std::int64_t seq, std::string_view time,
                      std::string_view kind, std::string_view payload);
std::string nowIso8601();

struct ChainCheck {
    bool intact = true;
    std::optional<std::int64_t> firstBroken;
    std::string reason;
};
// Checks that entries continue the chain whose last entry was (prevSeq, prevHash): sequence
// numbers are contiguous, each prevHash links, each hash is recomputed and matches.
ChainCheck checkChain(const std::vector<LedgerEntry>& entries, std::int64_t prevSeq,
                      std::string_view prevHash);

class Ledger {
public:
    // Creates the file (mode 0600) and schema when missing; refuses a file with another schema
    // version.
    static Result<std::unique_ptr<Ledger>> open(const std::string& path);
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    // Appends all entries in one transaction. alsoInTransaction runs inside that transaction,
    // for state tables kept beside the chain; if it throws, nothing is appended.
    Result<std::vector<LedgerEntry>>
    append(const std::vector<NewEntry>& entries,
           const std::function<void(Poco::Data::Session&)>& alsoInTransaction = {});
    Result<LedgerEntry> append(const std::string& kind, const std::string& payload);

    struct Verification {
        bool intact = true;
        std::int64_t entries = 0;
        std::optional<std::int64_t> firstBroken;
        std::string reason;
        std::string head;      // hash of the last entry that verified
        std::int64_t base = 0; // verified from here (the last pruned entry; 0: from the start)
    };
    Verification verify();

    // Entries after afterSeq, at most maxCount of them and about maxBytes of payload (always at
    // least one when one exists).
    Result<std::vector<LedgerEntry>> read(std::int64_t afterSeq, std::size_t maxCount,
                                          std::size_t maxBytes);
    // The sequence number of the last entry; after pruning everything, the base's.
    std::int64_t lastSeq();
    const std::string& path() const { return m_path; }

    // Where the entries kept in this file begin. Pruning removes entries from the front: the
    // last removed one's seq and hash become the base, and the chain of the kept entries is
    // verified from there (the server holds the removed ones and their chain). The genesis
    // (0, zeros) until anything is pruned.
    struct Base {
        std::int64_t seq = 0;
        std::string hash{kGenesisHash};
    };
    Base base();
    // Removes the entries up to and including upTo (clamped to the last entry) in one
    // transaction and makes the last removed one the base. The caller decides what may go (the
    // agent: only what the server acknowledged). Returns how many entries were removed.
    Result<std::int64_t> prune(std::int64_t upTo);
    // The space the database's content takes: (page_count - freelist_count) * page_size, so
    // pages freed by pruning and reused by later appends are not counted. Two cheap PRAGMAs.
    // The WAL beside the file is not counted (see docs/design-notes.md, "Disk quota").
    Result<std::int64_t> usedBytes();
    // Entries in the file (not counting pruned ones).
    std::int64_t count();

    // For state kept beside the chain in the same file. Use under withSession().
    void withSession(const std::function<void(Poco::Data::Session&)>& work);

private:
    Ledger(std::string path, std::unique_ptr<Poco::Data::Session> session);
    // After a failed write: ends a transaction the failure left open, so the next one can
    // begin. Call with m_mutex held.
    void recoverLocked();

    std::string m_path;
    std::mutex m_mutex;
    std::unique_ptr<Poco::Data::Session> m_session;
};

// Opens a SQLite session with the settings every Indblik database uses: WAL, synchronous=FULL,
// a busy timeout and foreign keys. Creates the file with mode 0600 first.
Result<std::unique_ptr<Poco::Data::Session>> openSqlite(const std::string& path);

// Records `version` in the database's meta table when it has none, and refuses a database that
// records another one, naming the file and what it holds. Call inside the schema's transaction.
// `key` lets two schemas share one file (the agent's tables live beside the ledger).
Status ensureSchemaVersion(Poco::Data::Session& session, int version, const std::string& what,
                           const std::string& path, const std::string& key = "schema_version");

} // namespace indblik
