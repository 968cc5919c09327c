#include <atomic>
#include <thread>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "database.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

const std::vector<Migration> kTwoSteps = {
    {1, "a table", {"CREATE TABLE things (id TEXT PRIMARY KEY, n BIGINT NOT NULL)"}},
    {2, "a column", {"ALTER TABLE things ADD COLUMN note TEXT NOT NULL DEFAULT ''"}},
};

Poco::Int64 count(Database& db, const std::string& sql) {
    Poco::Int64 n = -1;
    auto s = db.read("count", [&](Poco::Data::Session& session) { session << sql, into(n), now; });
    EXPECT_TRUE(s.ok()) << s.error();
    return n;
}

TEST(DatabaseLocation, PostgresUrisBecomeConnectionStringsAndPasswordsAreHidden) {
    EXPECT_TRUE(isPostgresLocation("postgresql://u@h/db"));
    EXPECT_TRUE(isPostgresLocation("postgres://u@h/db"));
    EXPECT_FALSE(isPostgresLocation("/var/lib/indblik-server/server.db"));
    auto c = postgresConnectionString("postgresql://indblik:s3cret@db.example:5433/indblik"
                                      "?sslmode=verify-full&connect_timeout=5");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c.value(), "connect_timeout=5 dbname=indblik host=db.example password=s3cret "
                         "port=5433 sslmode=verify-full user=indblik");
    EXPECT_EQ(redactedLocation("postgresql://indblik:s3cret@db.example/indblik"),
              "postgresql://indblik:***@db.example/indblik");
    EXPECT_EQ(redactedLocation("postgresql://indblik@db.example/indblik"),
              "postgresql://indblik@db.example/indblik");

    auto noDb = postgresConnectionString("postgresql://u@h");
    ASSERT_FALSE(noDb.ok());
    EXPECT_NE(noDb.error().find("names no database"), std::string::npos) << noDb.error();
    auto unknown = postgresConnectionString("postgresql://u@h/db?evil=1");
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().find("unknown parameter \"evil\""), std::string::npos);
    // Poco splits its connection string at spaces: a value with one could add options.
    auto spaced = postgresConnectionString("postgresql://u@h/db?application_name=a%20sslmode=x");
    EXPECT_FALSE(spaced.ok());
    auto path = postgresConnectionString("postgresql://u@h/db?search_path=x;drop");
    EXPECT_FALSE(path.ok());
}

TEST(DatabaseSql, PlaceholderRowsNumberEveryValueOnce) {
    EXPECT_EQ(placeholderRows(2, {"$", "$"}), "($1,$2),($3,$4)");
    EXPECT_EQ(placeholderRows(1, {"$", "NULLIF($, '')"}), "($1,NULLIF($2, ''))");
    EXPECT_EQ(placeholderRows(0, {"$"}), "");
}

TEST(DatabaseOpen, AnUnreachablePostgresIsAClearError) {
    auto db =
        Database::open("postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2", kTwoSteps, 1);
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().find("postgresql://nobody:***@127.0.0.1:1/none"), std::string::npos)
        << db.error();
    EXPECT_EQ(db.error().find("pw@"), std::string::npos) << "the password leaked: " << db.error();
}

class DatabaseTest : public ::testing::Test {
protected:
    testing::TestDatabase m_testDb;
};

TEST_F(DatabaseTest, MigrationsApplyOnceAndInOrder) {
    {
        auto db = Database::open(m_testDb.location(), {kTwoSteps[0]});
        ASSERT_TRUE(db.ok()) << db.error();
        EXPECT_EQ(db.value()->schemaVersion(), 1);
    }
    auto db = Database::open(m_testDb.location(), kTwoSteps);
    ASSERT_TRUE(db.ok()) << db.error();
    EXPECT_EQ(db.value()->schemaVersion(), 2);
    EXPECT_EQ(count(*db.value(), "SELECT COUNT(*) FROM schema_migrations"), 2);
    auto again = Database::open(m_testDb.location(), kTwoSteps);
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_EQ(count(*again.value(), "SELECT COUNT(*) FROM schema_migrations"), 2);
}

TEST_F(DatabaseTest, ASqliteOnlyMigrationIsRecordedOnBothAndRunOnSqliteOnly) {
    std::vector<Migration> steps = kTwoSteps;
    // SQLite syntax PostgreSQL refuses: the migration fails there unless it is skipped.
    steps.push_back({3,
                     "sqlite only",
                     {"CREATE TABLE only_here (x TEXT PRIMARY KEY) WITHOUT ROWID, STRICT"},
                     true});
    auto db = Database::open(m_testDb.location(), steps);
    ASSERT_TRUE(db.ok()) << db.error();
    EXPECT_EQ(db.value()->schemaVersion(), 3);
    EXPECT_EQ(count(*db.value(), "SELECT COUNT(*) FROM schema_migrations"), 3);
    const bool sqlite = db.value()->backend() == Backend::Sqlite;
    const Poco::Int64 tables =
        count(*db.value(), sqlite ? "SELECT COUNT(*) FROM sqlite_master WHERE name = 'only_here'"
                                  : "SELECT COUNT(*) FROM information_schema.tables WHERE "
                                    "table_name = 'only_here' AND table_schema = current_schema()");
    EXPECT_EQ(tables, sqlite ? 1 : 0);
}

TEST_F(DatabaseTest, ANewerSchemaIsRefusedAndLeftAlone) {
    ASSERT_TRUE(Database::open(m_testDb.location(), kTwoSteps).ok());
    auto older = Database::open(m_testDb.location(), {kTwoSteps[0]});
    ASSERT_FALSE(older.ok());
    EXPECT_NE(older.error().find("schema is at version 2, newer than this program's 1"),
              std::string::npos)
        << older.error();
}

TEST_F(DatabaseTest, AFailingMigrationChangesNothing) {
    const std::vector<Migration> broken = {
        kTwoSteps[0], {2, "broken", {"CREATE TABLE more (x TEXT)", "THIS IS NOT SQL"}}};
    auto db = Database::open(m_testDb.location(), broken);
    ASSERT_FALSE(db.ok());
    auto good = Database::open(m_testDb.location(), {kTwoSteps[0]});
    ASSERT_TRUE(good.ok()) << good.error();
    EXPECT_EQ(good.value()->schemaVersion(), 1);
    EXPECT_EQ(count(*good.value(), "SELECT COUNT(*) FROM schema_migrations"), 1)
        << "the failed open rolled back everything, so version 1 was applied by the second open";
}

TEST_F(DatabaseTest, AWriteCommitsOnlyWhenItsFunctionSaysSoAndRollsBackOnError) {
    auto db = Database::open(m_testDb.location(), kTwoSteps);
    ASSERT_TRUE(db.ok()) << db.error();
    auto& d = *db.value();
    auto kept = d.write("insert", [](Poco::Data::Session& s) {
        s << "INSERT INTO things (id, n) VALUES ('a', 1)", now;
        return true;
    });
    ASSERT_TRUE(kept.ok()) << kept.error();
    auto dropped = d.write("insert", [](Poco::Data::Session& s) {
        s << "INSERT INTO things (id, n) VALUES ('b', 2)", now;
        return false;
    });
    ASSERT_TRUE(dropped.ok());
    auto failed = d.write("insert twice", [](Poco::Data::Session& s) {
        s << "INSERT INTO things (id, n) VALUES ('c', 3)", now;
        s << "INSERT INTO things (id, n) VALUES ('a', 4)", now; // duplicate key
        return true;
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().find("cannot insert twice"), std::string::npos) << failed.error();
    EXPECT_EQ(count(d, "SELECT COUNT(*) FROM things"), 1);
    // The connection that failed is usable again.
    EXPECT_EQ(count(d, "SELECT n FROM things WHERE id = 'a'"), 1);
}

TEST_F(DatabaseTest, ConcurrentWritersNeverLoseAnUpdate) {
    auto db = Database::open(m_testDb.location(), kTwoSteps, 4);
    ASSERT_TRUE(db.ok()) << db.error();
    auto& d = *db.value();
    ASSERT_TRUE(d.write("seed", [](Poco::Data::Session& s) {
                     s << "INSERT INTO things (id, n) VALUES ('counter', 0)", now;
                     return true;
                 }).ok());
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 20; ++i) {
                auto s = d.write("increment", [](Poco::Data::Session& session) {
                    Poco::Int64 n = 0;
                    session << "UPDATE things SET n = n + 0 WHERE id = 'counter'", now;
                    session << "SELECT n FROM things WHERE id = 'counter'", into(n), now;
                    const Poco::Int64 next = n + 1;
                    session << "UPDATE things SET n = $1 WHERE id = 'counter'", bind(next), now;
                    return true;
                });
                if (!s) {
                    ++failures;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count(d, "SELECT n FROM things WHERE id = 'counter'"), 160);
}

} // namespace
} // namespace indblik::server
