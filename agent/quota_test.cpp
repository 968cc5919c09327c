// The ledger's disk quota on a real SQLite file: pruning what the server acknowledged (the
// chain verifying from the pruned base), counting what cannot be recorded when unsent entries
// fill the quota, the gap entry that says so once there is room, and a full disk.

#include <filesystem>
#include <unistd.h>

#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include "agent_config.h"
#include "agent_store.h"

namespace indblik::agent {
namespace {

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;

class QuotaTest : public testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("indblik-quota-" + std::to_string(::getpid()) + "-" +
                 testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string path() const { return (m_dir / "ledger.db").string(); }

    // The size of a fresh store's tables, plus `room` for entries.
    std::int64_t quotaWithRoom(std::int64_t room) {
        auto probe = AgentStore::open((m_dir / "probe.db").string());
        EXPECT_TRUE(probe) << probe.error();
        return probe.value()->ledger().usedBytes().value() + room;
    }
    std::unique_ptr<AgentStore> open(std::int64_t quota) {
        auto store = AgentStore::open(path(), quota);
        EXPECT_TRUE(store) << store.error();
        return std::move(store).value();
    }
    // One observation whose evidence makes each entry about 2 KB; `version` changes it.
    static std::vector<Observation> found(int version) {
        Observation o;
        o.detector = "audit";
        o.name = "auditd";
        o.categories = {"commands"};
        o.evidence = {"/etc/audit/rules.d/" + std::to_string(version) + std::string(2000, 'x')};
        o.why = {"why", "hvorfor"};
        return {o};
    }
    static Poco::JSON::Object::Ptr parse(const std::string& text) {
        Poco::JSON::Parser parser;
        return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    }

    fs::path m_dir;
};

TEST_F(QuotaTest, PrunedLedgerVerifiesFromItsBaseAndContinuesTheChain) {
    auto ledger = Ledger::open(path());
    ASSERT_TRUE(ledger) << ledger.error();
    auto& l = *ledger.value();
    for (int i = 1; i <= 10; ++i) {
        ASSERT_TRUE(l.append("test", "{\"i\":" + std::to_string(i) + "}"));
    }
    const auto fourth = l.read(3, 1, 1 << 20).value().front();
    auto pruned = l.prune(4);
    ASSERT_TRUE(pruned) << pruned.error();
    EXPECT_EQ(pruned.value(), 4);
    EXPECT_EQ(l.base().seq, 4);
    EXPECT_EQ(l.base().hash, fourth.hash);
    EXPECT_EQ(l.count(), 6);
    auto v = l.verify();
    EXPECT_TRUE(v.intact) << v.reason;
    EXPECT_EQ(v.entries, 6);
    EXPECT_EQ(v.base, 4);
    EXPECT_EQ(l.read(0, 100, 1 << 20).value().front().seq, 5);
    EXPECT_EQ(l.prune(3).value(), 0) << "already pruned";

    // Everything pruned (clamped to the last entry): the next entry still continues the chain.
    EXPECT_EQ(l.prune(1000).value(), 6);
    EXPECT_EQ(l.count(), 0);
    EXPECT_EQ(l.lastSeq(), 10);
    auto next = l.append("test", "{}");
    ASSERT_TRUE(next) << next.error();
    EXPECT_EQ(next.value().seq, 11);
    EXPECT_EQ(next.value().prevHash, l.base().hash);
    EXPECT_TRUE(l.verify().intact);

    // A base that does not match the kept entries is found.
    l.withSession([](Poco::Data::Session& s) {
        s << "UPDATE meta SET value = ? WHERE key = 'base_hash'", bind(std::string(kGenesisHash)),
            now;
    });
    v = l.verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.firstBroken, 11);
}

TEST_F(QuotaTest, AcknowledgedEntriesArePrunedSoRecordingNeverPauses) {
    const auto quota = quotaWithRoom(40 * 1024);
    auto store = open(quota);
    for (int i = 0; i < 60; ++i) {
        auto recorded = store->recordDiscovery(found(i));
        ASSERT_TRUE(recorded) << recorded.error();
        ASSERT_EQ(recorded.value(), 1) << "change " << i << " was not recorded";
        ASSERT_TRUE(store->recordAck(store->ledger().lastSeq())); // the server stored it
        ASSERT_LE(store->quotaState().usedBytes, quota);
    }
    EXPECT_FALSE(store->quotaState().paused);
    EXPECT_GT(store->ledger().base().seq, 0) << "old acknowledged entries were pruned";
    EXPECT_EQ(store->ledger().lastSeq(), 60);
    EXPECT_TRUE(store->ledger().verify().intact);
}

TEST_F(QuotaTest, UnsentEntriesFillTheQuotaThenDropsAreCountedAndAGapRecorded) {
    const auto quota = quotaWithRoom(40 * 1024);
    auto store = open(quota);
    int version = 0;
    // The server is out of reach: nothing is acknowledged, so nothing may be pruned.
    for (; version < 200; ++version) {
        auto recorded = store->recordDiscovery(found(version));
        ASSERT_TRUE(recorded) << recorded.error();
        if (recorded.value() == 0) {
            break;
        }
    }
    ASSERT_LT(version, 200) << "the quota never stopped recording";
    const auto lastKept = store->ledger().lastSeq();
    auto q = store->quotaState();
    EXPECT_TRUE(q.paused);
    EXPECT_LE(q.usedBytes, quota);
    EXPECT_EQ(q.dropped.byKind.at("observation.changed"), 1);
    EXPECT_FALSE(q.dropped.from.empty());
    EXPECT_EQ(store->ledger().base().seq, 0) << "unacknowledged entries are never pruned";
    // The current observations did not advance: they are still the last recorded ones.
    const auto lastRecorded = found(version - 1).front().evidence;
    EXPECT_EQ(store->currentObservations().front().evidence, lastRecorded);

    // The same result again is not counted again; a different one is. Activity is counted too.
    ASSERT_EQ(store->recordDiscovery(found(version)).value(), 0);
    ASSERT_EQ(store->recordDiscovery(found(version + 1)).value(), 0);
    ActivityInterval a;
    a.observation = "audit:auditd";
    a.start = "2026-01-01T00:00:00Z";
    a.end = "2026-01-01T00:05:00Z";
    ASSERT_EQ(store->recordActivity({}, {a, a}).value(), 0);
    EXPECT_EQ(store->ledger().lastSeq(), lastKept);
    q = store->quotaState();
    EXPECT_EQ(q.dropped.byKind.at("observation.changed"), 2);
    EXPECT_EQ(q.dropped.byKind.at("activity"), 2);
    EXPECT_EQ(q.dropped.total(), 4);
    const auto from = q.dropped.from;
    const auto to = q.dropped.to;
    EXPECT_LE(from, to);

    // Killed and started again: what was dropped is still known.
    store.reset();
    store = open(quota);
    q = store->quotaState();
    EXPECT_TRUE(q.paused);
    EXPECT_EQ(q.dropped.total(), 4);
    EXPECT_EQ(q.dropped.from, from);
    EXPECT_EQ(store->currentObservations().front().evidence, lastRecorded);

    // Still no room: settling records nothing and the gap waits.
    auto settled = store->settle();
    ASSERT_TRUE(settled) << settled.error();
    EXPECT_FALSE(settled.value());
    EXPECT_EQ(store->ledger().lastSeq(), lastKept);

    // The server comes back and acknowledges everything: pruning makes room, the gap is
    // recorded first, and the next discovery records the net change.
    ASSERT_TRUE(store->recordAck(lastKept));
    settled = store->settle();
    ASSERT_TRUE(settled) << settled.error();
    EXPECT_TRUE(settled.value());
    EXPECT_GT(store->ledger().base().seq, 0);
    EXPECT_FALSE(store->quotaState().paused);
    EXPECT_EQ(store->quotaState().dropped.total(), 0);
    const auto gap = store->ledger().read(lastKept, 10, 1 << 20).value();
    ASSERT_EQ(gap.size(), 1u);
    EXPECT_EQ(gap[0].seq, lastKept + 1);
    EXPECT_EQ(gap[0].kind, kGapKind);
    const auto payload = parse(gap[0].payload);
    EXPECT_EQ(payload->getValue<int>("count"), 4);
    EXPECT_EQ(payload->getObject("dropped")->getValue<int>("observation.changed"), 2);
    EXPECT_EQ(payload->getObject("dropped")->getValue<int>("activity"), 2);
    EXPECT_EQ(payload->getValue<std::string>("from"), from);
    EXPECT_EQ(payload->getValue<std::string>("to"), to);
    EXPECT_EQ(payload->getValue<std::string>("cause"), "quota");
    EXPECT_EQ(payload->getValue<std::string>("reason").rfind("disk quota of 0.", 0), 0u)
        << payload->getValue<std::string>("reason");
    EXPECT_NE(payload->getValue<std::string>("reason").find(" MB reached"), std::string::npos);
    EXPECT_EQ(payload->getValue<std::int64_t>("quota_bytes"), quota);
    EXPECT_TRUE(store->ledger().verify().intact);

    auto net = store->recordDiscovery(found(version + 1));
    ASSERT_TRUE(net) << net.error();
    EXPECT_EQ(net.value(), 1);
    EXPECT_EQ(store->currentObservations().front().evidence, found(version + 1).front().evidence);
    EXPECT_EQ(store->ledger().lastSeq(), lastKept + 2);

    // The gap is written once: after a restart nothing is pending.
    store.reset();
    store = open(quota);
    EXPECT_FALSE(store->quotaState().paused);
    EXPECT_FALSE(store->settle().value());
    EXPECT_EQ(store->ledger().lastSeq(), lastKept + 2);
}

TEST_F(QuotaTest, AFullDiskPausesRecordingAndIsReportedNotACrash) {
    auto store = open(kDefaultLedgerQuotaBytes);
    ASSERT_EQ(store->recordDiscovery(found(0)).value(), 1);
    // SQLite's own limit on the file's pages makes every write that needs a new page fail with
    // SQLITE_FULL, as a full disk does.
    Poco::Int64 pages = 0;
    store->ledger().withSession([&](Poco::Data::Session& s) {
        s << "PRAGMA page_count", into(pages), now;
        s << "PRAGMA max_page_count = " + std::to_string(pages), now;
    });
    std::vector<Observation> many;
    for (int i = 0; i < 20; ++i) {
        auto o = found(i).front();
        o.name = "auditd-" + std::to_string(i);
        many.push_back(o);
    }
    auto recorded = store->recordDiscovery(many);
    ASSERT_TRUE(recorded) << recorded.error();
    EXPECT_EQ(recorded.value(), 0);
    auto q = store->quotaState();
    EXPECT_TRUE(q.paused);
    EXPECT_NE(q.diskError.find("full"), std::string::npos) << q.diskError;
    EXPECT_EQ(q.dropped.cause, "disk");
    EXPECT_EQ(q.dropped.total(), 21); // 20 added, the first one removed
    EXPECT_EQ(store->currentObservations().size(), 1u);

    // Room on the disk again: the gap says the disk was the cause.
    store->ledger().withSession(
        [&](Poco::Data::Session& s) { s << "PRAGMA max_page_count = 1000000", now; });
    recorded = store->recordDiscovery(many);
    ASSERT_TRUE(recorded) << recorded.error();
    EXPECT_EQ(recorded.value(), 21);
    EXPECT_FALSE(store->quotaState().paused);
    const auto entries = store->ledger().read(1, 1, 1 << 20).value();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].kind, kGapKind);
    EXPECT_EQ(parse(entries[0].payload)->getValue<std::string>("cause"), "disk");
    EXPECT_TRUE(store->ledger().verify().intact);
}

TEST_F(QuotaTest, TheQuotaSettingTakesMegabytes) {
    AgentConfig config;
    EXPECT_EQ(config.ledgerQuotaBytes, 100 << 20);
    ASSERT_TRUE(applySettings(config, {{"ledger_quota_mb", "0.25"}}, "test"));
    EXPECT_EQ(config.ledgerQuotaBytes, 256 * 1024);
    auto refused = applySettings(config, {{"ledger_quota_mb", "0.01"}}, "test");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("test: ledger_quota_mb"), std::string::npos) << refused.error();
    EXPECT_EQ(config.ledgerQuotaBytes, 256 * 1024) << "a bad value changes nothing";
    EXPECT_FALSE(applySettings(config, {{"ledger_quota_mb", "lots"}}, "test"));
}

} // namespace
} // namespace indblik::agent
