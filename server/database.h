#pragma once

// The server's one storage layer: Poco::Data sessions on SQLite (the default, a file in the data
// directory, WAL) or PostgreSQL (a connection string), behind the same calls, with the schema
// kept by numbered migrations in schema_migrations.
//
// SQL written for it is portable: placeholders are $1, $2, ... (PostgreSQL's own; SQLite reads
// them as named parameters, so one value may be used twice by repeating its number), types are
// TEXT and BIGINT, times are ISO-8601 UTC text (they sort), no AUTOINCREMENT or SERIAL (ids are
// random hex made by the caller), upserts are INSERT ... ON CONFLICT.
//
// Nothing here keeps state another server process needs: several processes may share one
// PostgreSQL database. Writes run in transactions; on SQLite they are serialised in this process
// and begin IMMEDIATE, so they wait for each other (busy timeout) instead of failing.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "result.h"

namespace Poco::Data {
class Session;
}

namespace indblik::server {

// The page cache each SQLite connection of the server may grow to (PRAGMA cache_size), in KiB.
inline constexpr int kSqliteCacheKib = 32 * 1024;

enum class Backend { Sqlite, Postgres };

// One schema step: statements run in one transaction with the version row.
struct Migration {
    int version = 0;
    std::string description;
    std::vector<std::string> statements;
    // Run on SQLite only (the version is recorded on both): for what one back end needs and
    // the other must not have.
    bool sqliteOnly = false;
};

class Database {
public:
    // location: "postgresql://user[:password]@host[:port]/dbname[?param=value&...]" (also
    // postgres://; host may be a unix socket directory given as ?host=/dir) selects PostgreSQL;
    // anything else is a SQLite file path (created 0600 when missing). connections bounds the
    // pool (SQLite: readers; writes take one at a time). Applies the migrations not yet applied
    // and refuses a database whose schema is newer than this program's.
    static Result<std::unique_ptr<Database>> open(const std::string& location,
                                                  const std::vector<Migration>& migrations,
                                                  std::size_t connections = 8);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Backend backend() const { return m_backend; }
    // The location with any password removed, for messages ("<where>: cannot ...").
    const std::string& name() const { return m_name; }
    int schemaVersion() const { return m_schemaVersion; }

    // Runs fn with a pooled session, outside any transaction (for reads). Poco exceptions from
    // fn become an Error naming the database and `what`.
    Status read(const std::string& what, const std::function<void(Poco::Data::Session&)>& fn);
    // Runs fn in a transaction committed when fn returns normally; fn may call rollback() on
    // its Transaction-free session by throwing, or return false to roll back without an error.
    // Returns the Error for an exception; the Status of a false return is success with nothing
    // written (check your own outcome variable).
    Status write(const std::string& what, const std::function<bool(Poco::Data::Session&)>& fn);

private:
    class Pool;
    Database(Backend backend, std::string name, std::unique_ptr<Pool> pool);
    Status migrate(const std::vector<Migration>& migrations);

    Backend m_backend;
    std::string m_name;
    int m_schemaVersion = 0;
    std::unique_ptr<Pool> m_pool;
    std::mutex m_sqliteWriter; // SQLite allows one writer; this process queues its own
};

// The VALUES list of a multi-row INSERT with numbered placeholders: for 2 rows of {"$", "$"}
// "($1,$2),($3,$4)". A column template may wrap its placeholder: "NULLIF($, '')".
std::string placeholderRows(std::size_t rows, const std::vector<std::string>& columns);

// "host=... port=... dbname=... user=... password=..." for Poco's PostgreSQL connector, from a
// postgresql:// URI; throws nothing, returns an Error naming the bad part.
Result<std::string> postgresConnectionString(const std::string& uri);
bool isPostgresLocation(const std::string& location);
// The location for messages: a URI's password replaced by "***".
std::string redactedLocation(const std::string& location);

} // namespace indblik::server
