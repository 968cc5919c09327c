#include <filesystem>

#include <gtest/gtest.h>

#include "agent_store.h"

namespace indblik::agent {
namespace {

namespace fs = std::filesystem;

class AgentStoreTest : public testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("indblik-store-" + std::to_string(::getpid()) + "-" +
                 testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        auto store = AgentStore::open((m_dir / "ledger.db").string());
        ASSERT_TRUE(store) << store.error();
        m_store = std::move(store).value();
    }
    void TearDown() override {
        m_store.reset();
        fs::remove_all(m_dir);
    }
    static Observation obs(std::string name, std::vector<std::string> evidence) {
        Observation o;
        o.detector = "audit";
        o.name = std::move(name);
        o.categories = {"commands"};
        o.evidence = std::move(evidence);
        o.why = {"why", "hvorfor"};
        return o;
    }
    fs::path m_dir;
    std::unique_ptr<AgentStore> m_store;
};

TEST_F(AgentStoreTest, RecordsOnlyChanges) {
    auto first = m_store->recordDiscovery({obs("a", {"1"}), obs("b", {"2"})});
    ASSERT_TRUE(first) << first.error();
    EXPECT_EQ(first.value(), 2);
    auto same = m_store->recordDiscovery({obs("a", {"1"}), obs("b", {"2"})});
    ASSERT_TRUE(same);
    EXPECT_EQ(same.value(), 0) << "nothing changed, so no ledger rows";
    EXPECT_EQ(m_store->ledger().lastSeq(), 2);

    auto changed = m_store->recordDiscovery({obs("a", {"1", "new evidence"})});
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed.value(), 2); // a changed, b removed
    auto entries = m_store->ledger().read(2, 10, 1 << 20);
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ(entries->at(0).kind, "observation.changed");
    EXPECT_EQ(entries->at(1).kind, "observation.removed");
    const auto current = m_store->currentObservations();
    ASSERT_EQ(current.size(), 1u);
    EXPECT_EQ(current[0].evidence.size(), 2u);
    EXPECT_TRUE(m_store->ledger().verify().intact);
    EXPECT_TRUE(m_store->syncState().discoveredAt);
}

TEST_F(AgentStoreTest, KeepsTheLastGoodPoliciesWhenANewSetIsBad) {
    const std::string good = R"({"format": "indblik.policy/1", "id": "p1", "system": "S",
      "covers": {"catalog": ["snoopy"]}, "categories": ["commands"],
      "purposes": {"en": "x", "da": "y"}, "legal_basis": {"en": "x", "da": "y"},
      "retention_days": 30, "access": [{"role": {"en": "IT", "da": "IT"}, "level": "aggregate"}],
      "announced": "2026-01-01", "effective": "2026-03-01",
      "contact": {"name": "DPO", "email": "dpo@example.com"}})";
    ASSERT_TRUE(m_store->replacePolicies({good}, "test"));
    ASSERT_EQ(m_store->policies().size(), 1u);
    auto bad = m_store->replacePolicies({good, "{\"format\": 1}"}, "server");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("server, policy 2: $.format"), std::string::npos) << bad.error();
    ASSERT_EQ(m_store->policies().size(), 1u);
    EXPECT_EQ(m_store->policies()[0].id, "p1");
}

TEST_F(AgentStoreTest, SyncStateFollowsTheServersAck) {
    EXPECT_EQ(m_store->syncState().sentUpTo, 0);
    EXPECT_FALSE(m_store->syncState().lastSuccess);
    ASSERT_TRUE(m_store->recordSyncError("server unreachable"));
    EXPECT_EQ(m_store->syncState().lastError, "server unreachable");
    ASSERT_TRUE(m_store->recordSyncSuccess(7));
    EXPECT_EQ(m_store->syncState().sentUpTo, 7);
    EXPECT_TRUE(m_store->syncState().lastSuccess);
    EXPECT_FALSE(m_store->syncState().lastError);
}

} // namespace
} // namespace indblik::agent
