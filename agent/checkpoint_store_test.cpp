#include <filesystem>
#include <unistd.h>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "agent_config.h"
#include "agent_store.h"
#include "pki.h"

using namespace Poco::Data::Keywords;

namespace indblik::agent {
namespace {

namespace fs = std::filesystem;

class CheckpointStoreTest : public testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("indblik-checkpoints-" + std::to_string(::getpid()) + "-" +
                 testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        open();
        auto key = pki::generatePrivateKey();
        ASSERT_TRUE(key.ok());
        m_key = key.value();
    }
    void TearDown() override {
        m_store.reset();
        fs::remove_all(m_dir);
    }
    void open() {
        m_store.reset();
        auto store = AgentStore::open((m_dir / "ledger.db").string());
        ASSERT_TRUE(store) << store.error();
        m_store = std::move(store).value();
    }
    void append(int count) {
        std::vector<NewEntry> entries(static_cast<std::size_t>(count), {"activity", "{}"});
        ASSERT_TRUE(m_store->ledger().append(entries).ok());
    }
    std::optional<Checkpoint> due(const std::string& now, CheckpointPolicy policy = {10, 60}) {
        auto made = m_store->makeCheckpointIfDue("dev1", m_key, policy, now);
        EXPECT_TRUE(made.ok()) << made.error();
        return made.ok() ? made.value() : std::nullopt;
    }

    fs::path m_dir;
    std::unique_ptr<AgentStore> m_store;
    std::string m_key;
};

TEST_F(CheckpointStoreTest, SignsAfterNEntriesOrMMinutesWhicheverFirst) {
    EXPECT_FALSE(due("2026-11-23T10:00:00.000Z")) << "an empty ledger has no head to sign";
    append(3);
    auto first = due("2026-11-23T10:00:00.000Z");
    ASSERT_TRUE(first) << "the first one right away";
    EXPECT_EQ(first->seq, 3);
    EXPECT_EQ(first->head, m_store->ledger().verify().head);
    EXPECT_TRUE(verifyCheckpoint(m_key, "dev1", *first).ok());
    EXPECT_FALSE(due("2026-11-23T12:00:00.000Z")) << "nothing new since";

    append(9);
    EXPECT_FALSE(due("2026-11-23T10:59:59.000Z")) << "9 entries and 59 minutes: not yet";
    append(1);
    auto byCount = due("2026-11-23T10:01:00.000Z");
    ASSERT_TRUE(byCount) << "10 entries";
    EXPECT_EQ(byCount->seq, 13);

    append(1);
    EXPECT_FALSE(due("2026-11-23T11:00:59.999Z"));
    auto byTime = due("2026-11-23T11:01:00.000Z");
    ASSERT_TRUE(byTime) << "60 minutes after the last one";
    EXPECT_EQ(byTime->seq, 14);
    append(1);
    auto badKey =
        m_store->makeCheckpointIfDue("dev1", "not a key", {1, 1}, "2026-11-24T00:00:00.000Z");
    EXPECT_FALSE(badKey.ok());
    EXPECT_EQ(m_store->checkpointState().kept, 3) << "a failed signature keeps nothing";
}

TEST_F(CheckpointStoreTest, SendsOnlyUnconfirmedCheckpointsOfEntriesUpToTheBatch) {
    append(5);
    ASSERT_TRUE(due("2026-11-23T10:00:00.000Z"));
    append(10);
    ASSERT_TRUE(due("2026-11-23T10:00:01.000Z"));
    EXPECT_TRUE(m_store->checkpointsToSend(4, 100).empty()) << "entries 5.. are not in the batch";
    EXPECT_EQ(m_store->checkpointsToSend(14, 100).size(), 1u);
    ASSERT_EQ(m_store->checkpointsToSend(15, 100).size(), 2u);
    EXPECT_EQ(m_store->checkpointsToSend(15, 1).size(), 1u);
    auto st = m_store->checkpointState();
    EXPECT_EQ(st.kept, 2);
    EXPECT_EQ(st.lastSeq, 15);
    EXPECT_EQ(st.confirmedSeq, 0);
    EXPECT_FALSE(st.confirmedTime);

    ASSERT_TRUE(m_store->recordCheckpointsConfirmed(5).ok());
    const auto left = m_store->checkpointsToSend(15, 100);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].seq, 15);
    st = m_store->checkpointState();
    EXPECT_EQ(st.confirmedSeq, 5);
    EXPECT_EQ(st.confirmedTime, "2026-11-23T10:00:00.000Z");
}

TEST_F(CheckpointStoreTest, ALedgerRewrittenWithRecomputedHashesNoLongerMatchesItsCheckpoints) {
    append(6);
    ASSERT_TRUE(due("2026-11-23T10:00:00.000Z"));
    EXPECT_TRUE(m_store->verifyCheckpoints().intact);
    // Rewrite entry 4 and recompute the chain from there: the chain check passes...
    m_store->ledger().withSession([](Poco::Data::Session& s) {
        std::string prev;
        s << "SELECT hash FROM ledger WHERE seq = 3", into(prev), now;
        for (Poco::Int64 seq = 4; seq <= 6; ++seq) {
            std::string time, kind, payload;
            s << "SELECT time, kind, payload FROM ledger WHERE seq = ?", into(time), into(kind),
                into(payload), use(seq), now;
            if (seq == 4) {
                payload = "{\"rewritten\":true}";
            }
            std::string hash = chainHash(prev, seq, time, kind, payload);
            s << "UPDATE ledger SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                use(payload), use(prev), use(hash), use(seq), now;
            prev = hash;
        }
    });
    EXPECT_TRUE(m_store->ledger().verify().intact);
    // ...the signed head does not.
    const auto v = m_store->verifyCheckpoints();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.firstBroken, 6);
    EXPECT_NE(v.reason.find("rewritten"), std::string::npos) << v.reason;
}

TEST_F(CheckpointStoreTest, AChangedCheckpointSignatureIsFound) {
    append(2);
    ASSERT_TRUE(due("2026-11-23T10:00:00.000Z"));
    m_store->ledger().withSession([](Poco::Data::Session& s) {
        s << "UPDATE checkpoints SET time = '2026-11-23T09:00:00.000Z'", now;
    });
    const auto v = m_store->verifyCheckpoints();
    EXPECT_FALSE(v.intact);
    EXPECT_NE(v.reason.find("does not verify"), std::string::npos) << v.reason;
}

TEST_F(CheckpointStoreTest, AnOlderAgentFileIsUpgradedInPlace) {
    append(2);
    m_store->ledger().withSession([](Poco::Data::Session& s) {
        s << "DROP TABLE checkpoints", now;
        s << "UPDATE meta SET value = '2' WHERE key = 'agent_schema_version'", now;
    });
    open();
    std::string version;
    m_store->ledger().withSession([&](Poco::Data::Session& s) {
        s << "SELECT value FROM meta WHERE key = 'agent_schema_version'", into(version), now;
    });
    EXPECT_EQ(version, std::to_string(kAgentSchemaVersion));
    EXPECT_TRUE(due("2026-11-23T10:00:00.000Z"));
    EXPECT_EQ(m_store->ledger().lastSeq(), 2) << "the ledger is kept";
}

TEST(CheckpointSettings, AreReadAndBounded) {
    AgentConfig config;
    EXPECT_EQ(config.checkpointEntries, 1000);
    EXPECT_EQ(config.checkpointMinutes, 60);
    ASSERT_TRUE(
        applySettings(config, {{"checkpoint_entries", "5"}, {"checkpoint_minutes", "2"}}, "test")
            .ok());
    EXPECT_EQ(config.checkpointEntries, 5);
    EXPECT_EQ(config.checkpointMinutes, 2);
    auto bad = applySettings(config, {{"checkpoint_minutes", "0"}}, "agent.conf");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("agent.conf: checkpoint_minutes"), std::string::npos);
    EXPECT_FALSE(applySettings(config, {{"checkpoint_entries", "many"}}, "test").ok());
    EXPECT_EQ(config.checkpointEntries, 5) << "nothing applied on an error";
}

} // namespace
} // namespace indblik::agent
