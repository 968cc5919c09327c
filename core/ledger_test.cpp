#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "ledger.h"

using namespace Poco::Data::Keywords;

namespace indblik {
namespace {

class LedgerTest : public testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("indblik-ledger-test-" + std::to_string(::getpid()) + "-" +
                 testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        m_path = (m_dir / "ledger.db").string();
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    // Changes a stored row behind the ledger's back, as an attacker with the file would.
    void tamper(const std::string& sql) {
        Poco::Data::Session s("SQLite", m_path);
        s << sql, now;
    }

    std::filesystem::path m_dir;
    std::string m_path;
};

TEST_F(LedgerTest, AppendsAChainThatVerifies) {
    auto ledger = Ledger::open(m_path);
    ASSERT_TRUE(ledger) << ledger.error();
    auto a = ledger.value()->append("observation.added", R"({"n":1})");
    ASSERT_TRUE(a) << a.error();
    EXPECT_EQ(a->seq, 1);
    EXPECT_EQ(a->prevHash, kGenesisHash);
    EXPECT_EQ(a->hash, chainHash(a->prevHash, 1, a->time, a->kind, a->payload));
    auto batch =
        ledger.value()->append({{"observation.added", "{}"}, {"observation.removed", "{}"}});
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->at(0).prevHash, a->hash);
    EXPECT_EQ(batch->at(1).seq, 3);
    const auto v = ledger.value()->verify();
    EXPECT_TRUE(v.intact) << v.reason;
    EXPECT_EQ(v.entries, 3);
    EXPECT_EQ(v.head, batch->at(1).hash);
}

TEST_F(LedgerTest, SurvivesReopeningAndContinuesTheChain) {
    {
        auto ledger = Ledger::open(m_path);
        ASSERT_TRUE(ledger);
        ASSERT_TRUE(ledger.value()->append("k", "1"));
    }
    auto ledger = Ledger::open(m_path);
    ASSERT_TRUE(ledger);
    auto e = ledger.value()->append("k", "2");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->seq, 2);
    EXPECT_TRUE(ledger.value()->verify().intact);
}

TEST_F(LedgerTest, IsWalWithFullSyncAndOnlyOwnerReadable) {
    auto ledger = Ledger::open(m_path);
    ASSERT_TRUE(ledger);
    struct stat st {};
    ASSERT_EQ(::stat(m_path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::string mode;
    ledger.value()->withSession(
        [&](Poco::Data::Session& s) { s << "PRAGMA journal_mode", into(mode), now; });
    EXPECT_EQ(mode, "wal");
    int sync = 0;
    ledger.value()->withSession(
        [&](Poco::Data::Session& s) { s << "PRAGMA synchronous", into(sync), now; });
    EXPECT_EQ(sync, 2); // FULL
}

// SQLite in WAL mode keeps a shared lock on the database file while a connection is open; a
// process that finds no such lock when it closes its own connection takes the file for itself,
// checkpoints and deletes the WAL, and every commit written after that into the deleted WAL is
// lost. Opening the ledger a second time in this process must not drop the first one's lock.
TEST_F(LedgerTest, OpeningItAgainKeepsTheLockOfTheConnectionAlreadyOpen) {
    auto first = Ledger::open(m_path);
    ASSERT_TRUE(first);
    ASSERT_TRUE(first.value()->append("k", "1"));
    auto second = Ledger::open(m_path);
    ASSERT_TRUE(second);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // Another process asks whether it could take SQLite's shared-lock range for writing.
        const int fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
        struct flock probe {};
        probe.l_type = F_WRLCK;
        probe.l_whence = SEEK_SET;
        probe.l_start = 0x40000000 + 2; // SQLite's SHARED_FIRST
        probe.l_len = 510;              // SHARED_SIZE
        const bool locked = fd >= 0 && ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
        ::_exit(locked ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the open ledger's lock on the file was dropped";
}

TEST_F(LedgerTest, ATamperedPayloadIsCaughtAtThatEntry) {
    auto ledger = Ledger::open(m_path);
    ASSERT_TRUE(ledger);
    for (int i = 1; i <= 5; ++i) {
        ASSERT_TRUE(ledger.value()->append("k", std::to_string(i)));
    }
    tamper("UPDATE ledger SET payload = 'edited' WHERE seq = 3");
    const auto v = ledger.value()->verify();
    EXPECT_FALSE(v.intact);
    ASSERT_TRUE(v.firstBroken);
    EXPECT_EQ(*v.firstBroken, 3);
    EXPECT_NE(v.reason.find("does not match its hash"), std::string::npos) << v.reason;
}

TEST_F(LedgerTest, ARemovedEntryIsCaught) {
    auto ledger = Ledger::open(m_path);
    ASSERT_TRUE(ledger);
    for (int i = 1; i <= 4; ++i) {
        ASSERT_TRUE(ledger.value()->append("k", std::to_string(i)));
    }
    tamper("DELETE FROM ledger WHERE seq = 2");
    const auto v = ledger.value()->verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.firstBroken, 3);
    EXPECT_NE(v.reason.find("missing"), std::string::npos) << v.reason;
}

TEST_F(LedgerTest, ARewrittenRowWithARecomputedHashStillBreaksTheNextLink) {
    auto ledger = Ledger::open(m_path);
    ASSERT_TRUE(ledger);
    std::vector<LedgerEntry> entries;
    for (int i = 1; i <= 3; ++i) {
        entries.push_back(ledger.value()->append("k", std::to_string(i)).value());
    }
    const auto forged = chainHash(entries[0].hash, 2, entries[1].time, "k", "forged");
    tamper("UPDATE ledger SET payload = 'forged', hash = '" + forged + "' WHERE seq = 2");
    const auto v = ledger.value()->verify();
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.firstBroken, 3);
}

TEST_F(LedgerTest, RefusesAnotherSchemaVersion) {
    ASSERT_TRUE(Ledger::open(m_path));
    tamper("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    auto again = Ledger::open(m_path);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().find("schema version 99"), std::string::npos) << again.error();
}

TEST_F(LedgerTest, ReadsInBoundedBatches) {
    auto ledger = Ledger::open(m_path);
    ASSERT_TRUE(ledger);
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(ledger.value()->append("k", std::string(1000, 'x')));
    }
    auto byCount = ledger.value()->read(2, 3, 1 << 20);
    ASSERT_TRUE(byCount);
    ASSERT_EQ(byCount->size(), 3u);
    EXPECT_EQ(byCount->front().seq, 3);
    auto byBytes = ledger.value()->read(0, 100, 2500);
    ASSERT_TRUE(byBytes);
    EXPECT_EQ(byBytes->size(), 2u);
    auto tiny = ledger.value()->read(0, 100, 1);
    ASSERT_TRUE(tiny);
    EXPECT_EQ(tiny->size(), 1u) << "a batch always holds at least one entry";
}

TEST(ChainCheck, RefusesABatchThatDoesNotContinueTheChain) {
    LedgerEntry e{5, "2026-11-23T00:00:00.000Z", "k", "{}", std::string(kGenesisHash), ""};
    e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
    EXPECT_TRUE(checkChain({e}, 4, kGenesisHash).intact);
    const auto gap = checkChain({e}, 3, kGenesisHash);
    EXPECT_FALSE(gap.intact);
    EXPECT_EQ(gap.firstBroken, 5);
    const auto otherParent = checkChain({e}, 4, std::string(64, 'a'));
    EXPECT_FALSE(otherParent.intact);
}

} // namespace
} // namespace indblik
