#include <thread>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "access_log.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

Caller dpo() {
    Caller c;
    c.role = Role::Dpo;
    c.actorId = "acct-dpo";
    c.name = "Dina P. Olsen";
    return c;
}

class AccessLogTest : public ::testing::Test {
protected:
    void SetUp() override { m_db = m_testDb.open(); }
    void run(const std::string& sql) {
        auto s = m_db->write("tamper", [&](Poco::Data::Session& session) {
            session << sql, now;
            return true;
        });
        ASSERT_TRUE(s.ok()) << s.error();
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
};

TEST_F(AccessLogTest, RecordsAChainPerPersonThatVerifies) {
    AccessLog log(*m_db);
    ASSERT_TRUE(log.record("p1", dpo(), "data", "request r1").ok());
    ASSERT_TRUE(log.record("p1", dpo(), "export:csv", "request r1").ok());
    ASSERT_TRUE(log.record("p2", dpo(), "data", "request r2", kAccessRefused).ok());
    auto events = log.events("p1");
    ASSERT_TRUE(events.ok()) << events.error();
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ(events.value()[0].seq, 1);
    EXPECT_EQ(events.value()[1].what, "export:csv");
    EXPECT_EQ(events.value()[1].actorRole, "dpo");
    EXPECT_EQ(events.value()[1].actorName, "Dina P. Olsen");
    EXPECT_EQ(events.value()[1].prevHash, events.value()[0].hash);
    EXPECT_TRUE(log.verify("p1")->intact);
    EXPECT_TRUE(log.verify("p2")->intact);
    EXPECT_EQ(log.events("p2")->front().outcome, "refused");
    EXPECT_TRUE(log.verify("nobody")->intact);
}

TEST_F(AccessLogTest, AnEditIsDetected) {
    AccessLog log(*m_db);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(log.record("p1", dpo(), "data", "request r1").ok());
    }
    run("UPDATE access_events SET why = 'curiosity' WHERE person_id = 'p1' AND seq = 2");
    auto check = log.verify("p1");
    ASSERT_TRUE(check.ok());
    EXPECT_FALSE(check->intact);
    EXPECT_EQ(check->firstBroken, 2);
    EXPECT_NE(check->reason.find("changed"), std::string::npos) << check->reason;
}

TEST_F(AccessLogTest, ARemovedEventIsDetectedEvenAtTheEnd) {
    AccessLog log(*m_db);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(log.record("p1", dpo(), "data", "request r1").ok());
    }
    run("DELETE FROM access_events WHERE person_id = 'p1' AND seq = 3");
    auto tail = log.verify("p1");
    EXPECT_FALSE(tail->intact);
    run("DELETE FROM access_events WHERE person_id = 'p1' AND seq = 1");
    auto gap = log.verify("p1");
    EXPECT_FALSE(gap->intact);
    EXPECT_EQ(gap->firstBroken, 1);
}

TEST_F(AccessLogTest, ConcurrentAppendsKeepOneUnbrokenChain) {
    AccessLog log(*m_db);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                if (!log.record("p1", dpo(), "data", "load").ok()) {
                    ++failures;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(log.events("p1")->size(), 100u);
    auto check = log.verify("p1");
    EXPECT_TRUE(check->intact) << check->reason;
}

} // namespace
} // namespace indblik::server
