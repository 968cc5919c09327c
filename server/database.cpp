#include "database.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "ledger.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

bool isIdentifier(const std::string& s) {
    return !s.empty() && s.size() <= 63 && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    }) && std::isdigit(static_cast<unsigned char>(s.front())) == 0;
}

// Values Poco's connector passes on unquoted: it splits the string at spaces.
bool isPlainValue(const std::string& s) {
    return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '\'' || c == '\\' ||
               c == '=';
    });
}

struct PostgresTarget {
    std::string connection;
    std::string searchPath; // a schema to use instead of public (tests use one per test)
};

Result<PostgresTarget> parsePostgres(const std::string& uri) {
    Poco::URI parsed;
    try {
        parsed = Poco::URI(uri);
    } catch (const Poco::Exception& e) {
        return Error{"database location \"" + redactedLocation(uri) +
                     "\" is not a valid URI: " + e.message()};
    }
    std::map<std::string, std::string> params;
    if (!parsed.getHost().empty()) {
        params["host"] = parsed.getHost();
    }
    if (parsed.getPort() != 0 && !parsed.getHost().empty()) {
        params["port"] = std::to_string(parsed.getPort());
    }
    const std::string& userInfo = parsed.getUserInfo();
    if (!userInfo.empty()) {
        const auto colon = userInfo.find(':');
        params["user"] = userInfo.substr(0, colon);
        if (colon != std::string::npos) {
            params["password"] = userInfo.substr(colon + 1);
        }
    }
    std::string path = parsed.getPath();
    if (!path.empty() && path.front() == '/') {
        path.erase(0, 1);
    }
    if (!path.empty()) {
        params["dbname"] = path;
    }
    std::string searchPath;
    static const char* const kAllowed[] = {
        "host",        "port",    "user",   "password",        "dbname",          "sslmode",
        "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name"};
    for (const auto& [key, value] : parsed.getQueryParameters()) {
        if (key == "search_path") {
            if (!isIdentifier(value)) {
                return Error{"database location: search_path must be one schema name"};
            }
            searchPath = value;
            continue;
        }
        if (std::find(std::begin(kAllowed), std::end(kAllowed), key) == std::end(kAllowed)) {
            return Error{"database location: unknown parameter \"" + key + "\""};
        }
        params[key] = value;
    }
    if (params.count("dbname") == 0) {
        return Error{"database location \"" + redactedLocation(uri) +
                     "\" names no database (postgresql://user@host/dbname)"};
    }
    std::string out;
    for (const auto& [key, value] : params) {
        if (!isPlainValue(value)) {
            return Error{"database location: the value of " + key +
                         " may not contain spaces, quotes, backslashes or '='"};
        }
        out += (out.empty() ? "" : " ") + key + "=" + value;
    }
    return PostgresTarget{out, searchPath};
}

} // namespace

std::string placeholderRows(std::size_t rows, const std::vector<std::string>& columns) {
    std::string out;
    std::size_t n = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        out += r == 0 ? "(" : ",(";
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::string& column = columns[c];
            const auto dollar = column.find('$');
            out += (c == 0 ? "" : ",") + column.substr(0, dollar + 1) + std::to_string(n++) +
                   column.substr(dollar + 1);
        }
        out += ")";
    }
    return out;
}

bool isPostgresLocation(const std::string& location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string redactedLocation(const std::string& location) {
    if (!isPostgresLocation(location)) {
        return location;
    }
    const auto scheme = location.find("://") + 3;
    const auto at = location.find('@', scheme);
    const auto slash = location.find('/', scheme);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) {
        return location;
    }
    const auto colon = location.find(':', scheme);
    if (colon == std::string::npos || colon > at) {
        return location;
    }
    return location.substr(0, colon + 1) + "***" + location.substr(at);
}

Result<std::string> postgresConnectionString(const std::string& uri) {
    auto target = parsePostgres(uri);
    if (!target) {
        return Error{target.error()};
    }
    return target->connection;
}

// Sessions made on demand up to a bound; a caller waits for a free one. A session that lost its
// connection (PostgreSQL restarted) is dropped instead of reused.
class Database::Pool {
public:
    using Factory = std::function<Result<std::unique_ptr<Poco::Data::Session>>()>;
    Pool(Factory factory, std::size_t limit) : m_factory(std::move(factory)), m_limit(limit) {}

    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Poco::Data::Session> session)
            : m_pool(pool), m_session(std::move(session)) {}
        ~Lease() { m_pool.giveBack(std::move(m_session)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Poco::Data::Session& session() { return *m_session; }

    private:
        Pool& m_pool;
        std::unique_ptr<Poco::Data::Session> m_session;
    };

    Result<std::unique_ptr<Lease>> take() {
        std::unique_lock lock(m_mutex);
        m_available.wait(lock, [this] { return !m_idle.empty() || m_open < m_limit; });
        if (!m_idle.empty()) {
            auto session = std::move(m_idle.back());
            m_idle.pop_back();
            return std::make_unique<Lease>(*this, std::move(session));
        }
        ++m_open;
        lock.unlock();
        auto made = m_factory();
        if (!made) {
            lock.lock();
            --m_open;
            m_available.notify_one();
            return Error{made.error()};
        }
        return std::make_unique<Lease>(*this, std::move(made).value());
    }

private:
    void giveBack(std::unique_ptr<Poco::Data::Session> session) {
        bool healthy = true;
        try {
            healthy = session->isConnected();
        } catch (const Poco::Exception&) {
            healthy = false;
        }
        std::lock_guard lock(m_mutex);
        if (healthy) {
            m_idle.push_back(std::move(session));
        } else {
            --m_open;
        }
        m_available.notify_one();
    }

    Factory m_factory;
    std::size_t m_limit;
    std::mutex m_mutex;
    std::condition_variable m_available;
    std::vector<std::unique_ptr<Poco::Data::Session>> m_idle;
    std::size_t m_open = 0;
};

Database::Database(Backend backend, std::string name, std::unique_ptr<Pool> pool)
    : m_backend(backend), m_name(std::move(name)), m_pool(std::move(pool)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(const std::string& location,
                                                 const std::vector<Migration>& migrations,
                                                 std::size_t connections) {
    const std::string name = redactedLocation(location);
    std::unique_ptr<Database> db;
    if (isPostgresLocation(location)) {
        static std::once_flag registered;
        std::call_once(registered, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
        auto target = parsePostgres(location);
        if (!target) {
            return Error{target.error()};
        }
        auto factory = [target = target.value(),
                        name]() -> Result<std::unique_ptr<Poco::Data::Session>> {
            try {
                auto session =
                    std::make_unique<Poco::Data::Session>("PostgreSQL", target.connection);
                if (!target.searchPath.empty()) {
                    *session << ("SET search_path TO " + target.searchPath), now;
                }
                return session;
            } catch (const Poco::Exception& e) {
                return Error{name + ": cannot connect (" + e.displayText() + ")"};
            }
        };
        db.reset(
            new Database(Backend::Postgres, name,
                         std::make_unique<Pool>(factory, std::max<std::size_t>(1, connections))));
    } else {
        auto factory = [location]() -> Result<std::unique_ptr<Poco::Data::Session>> {
            auto session = openSqlite(location);
            if (session) {
                // SQLite's default page cache is 2 MiB per connection: too little to keep even
                // the inner pages of a year's ledger indexes, so every read of a person's data
                // went to the OS for them. A connection's cache grows to this only as it reads.
                *session.value() << "PRAGMA cache_size = -" + std::to_string(kSqliteCacheKib), now;
            }
            return session;
        };
        db.reset(
            new Database(Backend::Sqlite, name,
                         std::make_unique<Pool>(factory, std::max<std::size_t>(1, connections))));
    }
    auto migrated = db->migrate(migrations);
    if (!migrated) {
        return Error{migrated.error()};
    }
    return db;
}

Status Database::read(const std::string& what,
                      const std::function<void(Poco::Data::Session&)>& fn) {
    auto lease = m_pool->take();
    if (!lease) {
        return Error{lease.error()};
    }
    try {
        fn(lease.value()->session());
    } catch (const Poco::Exception& e) {
        return Error{m_name + ": cannot " + what + " (" + e.displayText() + ")"};
    }
    return Status::success();
}

Status Database::write(const std::string& what,
                       const std::function<bool(Poco::Data::Session&)>& fn) {
    std::unique_lock<std::mutex> writer;
    if (m_backend == Backend::Sqlite) {
        writer = std::unique_lock(m_sqliteWriter);
    }
    auto lease = m_pool->take();
    if (!lease) {
        return Error{lease.error()};
    }
    auto& s = lease.value()->session();
    bool open = false;
    try {
        if (m_backend == Backend::Sqlite) {
            // IMMEDIATE takes the write lock now, so a read-then-write transaction never has to
            // give up half-way because another process wrote in between.
            s << "BEGIN IMMEDIATE", now;
        } else {
            s.begin();
        }
        open = true;
        const bool keep = fn(s);
        if (m_backend == Backend::Sqlite) {
            s << (keep ? "COMMIT" : "ROLLBACK"), now;
        } else if (keep) {
            s.commit();
        } else {
            s.rollback();
        }
        return Status::success();
    } catch (const Poco::Exception& e) {
        if (open) {
            try {
                if (m_backend == Backend::Sqlite) {
                    s << "ROLLBACK", now;
                } else {
                    s.rollback();
                }
            } catch (const Poco::Exception&) {
                // The connection is gone; the server rolled the transaction back itself.
            }
        }
        return Error{m_name + ": cannot " + what + " (" + e.displayText() + ")"};
    }
}

Status Database::migrate(const std::vector<Migration>& migrations) {
    for (std::size_t i = 1; i < migrations.size(); ++i) {
        if (migrations[i].version <= migrations[i - 1].version) {
            return Error{"schema migrations must be numbered in increasing order (" +
                         std::to_string(migrations[i].version) + " follows " +
                         std::to_string(migrations[i - 1].version) + ")"};
        }
    }
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    int applied = 0;
    Status status = write("update the database schema", [&](Poco::Data::Session& s) {
        if (m_backend == Backend::Postgres) {
            // Several server processes may start at once: one migrates, the others wait here
            // and then find the work done.
            s << "SELECT pg_advisory_xact_lock(73697381)", now;
        }
        s << "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
             "description TEXT NOT NULL, applied_at TEXT NOT NULL)",
            now;
        Poco::Int64 current = 0;
        s << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", into(current), now;
        if (current > newest) {
            applied = static_cast<int>(current);
            return false;
        }
        for (const auto& m : migrations) {
            if (m.version <= current) {
                continue;
            }
            for (const auto& statement : m.statements) {
                if (!m.sqliteOnly || m_backend == Backend::Sqlite) {
                    s << statement, now;
                }
            }
            const Poco::Int64 version = m.version;
            const std::string at = nowIso8601();
            s << "INSERT INTO schema_migrations (version, description, applied_at) "
                 "VALUES ($1, $2, $3)",
                bind(version), useRef(m.description), useRef(at), now;
        }
        applied = newest;
        return true;
    });
    if (!status) {
        return status;
    }
    if (applied > newest) {
        return Error{m_name + ": the database schema is at version " + std::to_string(applied) +
                     ", newer than this program's " + std::to_string(newest) +
                     " (upgrade indblik-server)"};
    }
    m_schemaVersion = applied;
    return Status::success();
}

} // namespace indblik::server
