#include <chrono>
#include <thread>

#include <Poco/Data/Session.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timespan.h>

#include <gtest/gtest.h>

#include "policy_lifecycle.h"
#include "retention.h"
#include "server_store.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

std::string daysAgo(int days) {
    Poco::DateTime t;
    t -= Poco::Timespan(days, 0, 0, 0, 0);
    return Poco::DateTimeFormatter::format(t, "%Y-%m-%dT%H:%M:%S.%iZ");
}

const char* kPolicy =
    R"({"format": "indblik.policy/1", "id": "edr", "system": "EDR",)"
    R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": ["security_telemetry"],)"
    R"( "purposes": {"en": "Security", "da": "Sikkerhed"},)"
    R"( "legal_basis": {"en": "Article 6.1.f", "da": "Artikel 6.1.f"},)"
    R"( "retention_days": 90, "access": [{"role": {"en": "IT", "da": "IT"}, "level": "individual"}],)"
    R"( "announced": "2026-01-05", "effective": "2026-02-16",)"
    R"( "contact": {"name": "DPO", "email": "dpo@example.test"}})";

std::string observation(const std::string& product, bool declared) {
    return R"({"detector":"process","product":")" + product + R"(","name":")" + product +
           R"(","title":null,"categories":["security_telemetry"],"evidence":["/opt/x"],)"
           R"("why":{"en":"e","da":"d"},"declared":)" +
           (declared ? std::string(R"(true,"policy":"edr"})") : R"(false,"policy":null})");
}

std::string activity(const std::string& product) {
    return R"({"observation":"product:)" + product + R"(","name":")" + product +
           R"(","product":")" + product + R"(","start":"s","end":"e","cpu_seconds":1})";
}

class RetentionTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<ServerStore>(*m_db);
        ASSERT_TRUE(
            m_db->write("add a device",
                        [](Poco::Data::Session& s) {
                            s << "INSERT INTO devices (device_id, hostname, cert_serial, "
                                 "cert_fingerprint, enrolled_at) VALUES ('dev', 'laptop', '01', "
                                 "'ff', 't')",
                                now;
                            return true;
                        })
                .ok());
        PolicyLifecycle lifecycle(*m_db);
        ASSERT_TRUE(lifecycle.publishDirectly(kPolicy, "edr.json", "test").ok());
    }

    // Appends entries to the device's chain and sends them as one batch.
    void send(const std::vector<std::pair<std::string, std::string>>& kindAndPayload,
              const std::vector<std::string>& times) {
        std::vector<LedgerEntry> batch;
        for (std::size_t i = 0; i < kindAndPayload.size(); ++i) {
            LedgerEntry e;
            e.seq = ++m_seq;
            e.time = times[i];
            e.kind = kindAndPayload[i].first;
            e.payload = kindAndPayload[i].second;
            e.prevHash = m_head;
            e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
            m_head = e.hash;
            batch.push_back(e);
        }
        auto outcome = m_store->ingest("dev", batch);
        ASSERT_EQ(outcome.refusal, Refusal::None) << outcome.error;
    }

    std::vector<std::pair<std::int64_t, std::string>> stored() {
        std::vector<Poco::Int64> seqs;
        std::vector<std::string> policies;
        EXPECT_TRUE(
            m_db->read("read",
                       [&](Poco::Data::Session& s) {
                           s << "SELECT seq, COALESCE(policy_id, '') FROM ledger_entries ORDER "
                                "BY seq",
                               into(seqs), into(policies), now;
                       })
                .ok());
        std::vector<std::pair<std::int64_t, std::string>> out;
        for (std::size_t i = 0; i < seqs.size(); ++i) {
            out.emplace_back(seqs[i], policies[i]);
        }
        return out;
    }

    std::int64_t systemActions() {
        Poco::Int64 n = 0;
        EXPECT_TRUE(m_db->read("count",
                               [&](Poco::Data::Session& s) {
                                   s << "SELECT COUNT(*) FROM system_actions", into(n), now;
                               })
                        .ok());
        return n;
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServerStore> m_store;
    std::int64_t m_seq = 0;
    std::string m_head = std::string(kGenesisHash);
};

TEST_F(RetentionTest, DeletesExactlyTheExpiredEntriesAndRecordsIt) {
    send({{"observation.added", observation("crowdstrike-falcon", true)}, // 1 declared, 800 d
          {"observation.added", observation("teramind", false)},          // 2 undeclared, 800 d
          {"observation.added", observation("hubstaff", false)},          // 3 undeclared, 700 d
          {"activity", activity("crowdstrike-falcon")},                   // 4 edr event, 100 d
          {"activity", activity("teramind")}},                            // 5 undeclared, 100 d
         {daysAgo(800), daysAgo(800), daysAgo(700), daysAgo(100), daysAgo(100)});
    // A later batch: the event's policy comes from the observation stored before.
    send({{"activity", activity("crowdstrike-falcon")}, // 6 edr event, 91 d
          {"activity", activity("crowdstrike-falcon")}, // 7 edr event, 89 d
          {"activity", activity("unknown-thing")}},     // 8 no observation, 10 d
         {daysAgo(91), daysAgo(89), daysAgo(10)});

    auto before = stored();
    ASSERT_EQ(before.size(), 8u);
    EXPECT_EQ(before[0].second, "edr");
    EXPECT_EQ(before[1].second, "");
    EXPECT_EQ(before[3].second, "edr");
    EXPECT_EQ(before[4].second, "");
    EXPECT_EQ(before[5].second, "edr");
    EXPECT_EQ(before[7].second, "");

    RetentionOptions dry;
    dry.dryRun = true;
    auto counted = runRetention(*m_db, dry);
    ASSERT_TRUE(counted.ok()) << counted.error();
    EXPECT_EQ(counted->total, 4);
    EXPECT_EQ(stored().size(), 8u);
    EXPECT_EQ(systemActions(), 0);

    auto done = runRetention(*m_db);
    ASSERT_TRUE(done.ok()) << done.error();
    EXPECT_EQ(done->total, 4);
    ASSERT_EQ(done->items.size(), 2u);
    EXPECT_EQ(done->items[0].policyId, "edr");
    EXPECT_EQ(done->items[0].days, 90);
    EXPECT_EQ(done->items[0].count, 2); // seq 4 and 6
    EXPECT_EQ(done->items[1].policyId, "");
    EXPECT_EQ(done->items[1].days, 730);
    EXPECT_EQ(done->items[1].count, 2); // seq 1 and 2
    std::vector<std::int64_t> left;
    for (const auto& [seq, policy] : stored()) {
        left.push_back(seq);
    }
    EXPECT_EQ(left, (std::vector<std::int64_t>{3, 5, 7, 8}));
    EXPECT_EQ(systemActions(), 2);
    std::vector<std::string> details;
    std::vector<Poco::Int64> counts;
    ASSERT_TRUE(
        m_db->read("read",
                   [&](Poco::Data::Session& s) {
                       s << "SELECT detail, count FROM system_actions ORDER BY count, detail",
                           into(details), into(counts), now;
                   })
            .ok());
    ASSERT_EQ(details.size(), 2u);
    EXPECT_TRUE(details[0].find("\"policy\":\"edr\"") != std::string::npos ||
                details[1].find("\"policy\":\"edr\"") != std::string::npos);

    // Idempotent: a second run (another process, the next hour) finds nothing more.
    auto again = runRetention(*m_db);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->total, 0);
    EXPECT_EQ(systemActions(), 2);

    // The chain head survives: the next batch continues it and is accepted.
    send({{"activity", activity("crowdstrike-falcon")}}, {daysAgo(0)});
    EXPECT_EQ(stored().size(), 5u);
}

TEST_F(RetentionTest, ADeviceClockSetBackDoesNotDeleteEarly) {
    // Entries whose device time is old but that we received just now (no observation names a
    // policy for them: both go by the 730-day maximum).
    send({{"activity", activity("crowdstrike-falcon")}, {"activity", activity("teramind")}},
         {daysAgo(800), daysAgo(900)});
    // The device's clock was found more than the tolerance behind ours: its times are not used
    // for retention, only when we received its entries.
    ASSERT_TRUE(m_store->recordClock("dev", -400LL * 86400, daysAgo(0)).ok());
    auto kept = runRetention(*m_db);
    ASSERT_TRUE(kept.ok()) << kept.error();
    EXPECT_EQ(kept->total, 0);
    EXPECT_EQ(stored().size(), 2u);

    // Within the tolerance the device's times count again, as before.
    ASSERT_TRUE(m_store->recordClock("dev", -kClockSkewToleranceSeconds, daysAgo(0)).ok());
    auto done = runRetention(*m_db);
    ASSERT_TRUE(done.ok()) << done.error();
    EXPECT_EQ(done->total, 2);
    EXPECT_TRUE(stored().empty());
}

TEST_F(RetentionTest, ConfiguredMaximumForUndeclaredEntries) {
    send({{"observation.added", observation("teramind", false)}}, {daysAgo(100)});
    EXPECT_FALSE(setUndeclaredMaxDays(*m_db, 5, "test").ok());
    ASSERT_TRUE(setUndeclaredMaxDays(*m_db, 60, "test").ok());
    EXPECT_EQ(undeclaredMaxDaysSetting(*m_db).value(), 60);
    auto done = runRetention(*m_db);
    ASSERT_TRUE(done.ok()) << done.error();
    EXPECT_EQ(done->total, 1);
    EXPECT_TRUE(stored().empty());
}

TEST_F(RetentionTest, APayloadsOwnPolicyCountsOnlyWhenItIsAPolicyId) {
    send({{"activity", R"({"observation":"x","policy":"edr"})"},
          {"activity", R"({"observation":"x","policy":"'; DROP TABLE ledger_entries; --"})"},
          {"observation.added", R"({"detector":"d","name":"n","declared":true,"policy":"EDR!"})"},
          {"activity", "not json"}},
         {daysAgo(1), daysAgo(1), daysAgo(1), daysAgo(1)});
    const auto s = stored();
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[0].second, "edr");
    EXPECT_EQ(s[1].second, "");
    EXPECT_EQ(s[2].second, "");
    EXPECT_EQ(s[3].second, "");
}

TEST_F(RetentionTest, SchedulerRunsRetentionOnItsOwn) {
    send({{"activity", activity("crowdstrike-falcon")}}, {daysAgo(1000)});
    RetentionScheduler scheduler(*m_db);
    scheduler.start(0, 60 * 60 * 1000);
    for (int i = 0; i < 200 && !stored().empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    scheduler.stop();
    EXPECT_TRUE(stored().empty());
    EXPECT_EQ(systemActions(), 1);
}

} // namespace
} // namespace indblik::server
