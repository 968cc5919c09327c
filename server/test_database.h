#pragma once

// For tests: a fresh, empty database on the back end the test run asks for. Without
// INDBLIK_TEST_POSTGRES it is a SQLite file in a new temporary directory; with it (a
// postgresql:// URI, set by ctest for the `postgres` label) it is a new schema in that
// PostgreSQL database, dropped again at the end.

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include <Poco/Data/Session.h>

#include "database.h"
#include "pki.h"
#include "schema.h"

namespace indblik::server::testing {

class TestDatabase {
public:
    TestDatabase() {
        static std::atomic<int> counter{0};
        const int n = counter++;
        const char* pg = std::getenv("INDBLIK_TEST_POSTGRES");
        if (pg != nullptr && *pg != '\0') {
            m_postgres = pg;
            m_schema = "t" + std::to_string(::getpid()) + "_" + std::to_string(n) + "_" +
                       pki::randomHex(4).value();
            runOnBase("CREATE SCHEMA " + m_schema);
            m_location = m_postgres + (m_postgres.find('?') == std::string::npos ? "?" : "&") +
                         "search_path=" + m_schema;
        } else {
            m_dir = std::filesystem::temp_directory_path() /
                    ("indblik-db-" + std::to_string(::getpid()) + "-" + std::to_string(n) + "-" +
                     pki::randomHex(4).value());
            std::filesystem::create_directories(m_dir);
            m_location = (m_dir / "server.db").string();
        }
    }
    ~TestDatabase() {
        if (!m_schema.empty()) {
            try {
                runOnBase("DROP SCHEMA " + m_schema + " CASCADE");
            } catch (const std::exception&) {
                // Left for the cluster's removal at the end of the run.
            }
        }
        if (!m_dir.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(m_dir, ignored);
        }
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& location() const { return m_location; }
    bool postgres() const { return !m_schema.empty(); }
    // A folder for the test's other files (also on PostgreSQL).
    std::filesystem::path scratch() {
        if (m_dir.empty()) {
            m_dir = std::filesystem::temp_directory_path() / ("indblik-db-" + m_schema);
            std::filesystem::create_directories(m_dir);
        }
        return m_dir;
    }

    // Opens it with the server's schema; aborts the test program on failure.
    std::unique_ptr<Database> open(std::size_t connections = 8) const {
        auto db = Database::open(m_location, serverMigrations(), connections);
        if (!db) {
            throw std::runtime_error(db.error());
        }
        return std::move(db).value();
    }

private:
    void runOnBase(const std::string& sql) {
        auto base = Database::open(m_postgres, {}, 1);
        if (!base) {
            throw std::runtime_error(base.error());
        }
        auto status = base.value()->write("prepare a test schema", [&](Poco::Data::Session& s) {
            s << sql, Poco::Data::Keywords::now;
            return true;
        });
        if (!status) {
            throw std::runtime_error(status.error());
        }
    }

    std::string m_postgres;
    std::string m_schema;
    std::filesystem::path m_dir;
    std::string m_location;
};

} // namespace indblik::server::testing
