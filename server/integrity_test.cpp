#include <chrono>
#include <thread>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "api.h"
#include "integrity.h"
#include "json_reader.h"
#include "pki.h"
#include "server_store.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

class IntegrityTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<ServerStore>(*m_db);
        auto caKey = pki::generatePrivateKey();
        auto ca = pki::makeCaCertificate(caKey.value(), "test CA", 30);
        auto key = pki::generatePrivateKey();
        ASSERT_TRUE(caKey.ok() && ca.ok() && key.ok());
        m_key = key.value();
        auto csr = pki::makeCsr(m_key, "indblik-agent");
        ASSERT_TRUE(csr.ok()) << csr.error();
        auto token = m_store->createEnrollmentToken(60);
        ASSERT_TRUE(token.ok());
        auto outcome = m_store->enrollDevice(token.value(), "laptop", [&](const std::string& id) {
            return pki::signClientCertificate(csr.value(), ca.value(), caKey.value(), id, 30);
        });
        ASSERT_EQ(outcome.refusal, Refusal::None) << outcome.error;
        m_device = outcome.device.id;
        m_cert = outcome.certificatePem;
    }
    void TearDown() override {
        m_store.reset();
        m_db.reset();
    }

    // Entries from..to continuing `prev`.
    static std::vector<LedgerEntry> chain(std::int64_t from, std::int64_t to,
                                          std::string prev = std::string(kGenesisHash)) {
        std::vector<LedgerEntry> out;
        for (std::int64_t seq = from; seq <= to; ++seq) {
            LedgerEntry e{seq,        "2026-11-23T10:00:00.000Z",
                          "activity", "{\"n\":" + std::to_string(seq) + "}",
                          prev,       {}};
            e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
            prev = e.hash;
            out.push_back(e);
        }
        return out;
    }

    Checkpoint signedAt(const LedgerEntry& e, const std::string& key = {}) {
        Checkpoint c{e.seq, e.hash, "2026-11-23T11:00:00.000Z", {}};
        EXPECT_TRUE(signCheckpoint(key.empty() ? m_key : key, m_device, c).ok());
        return c;
    }

    DeviceIntegrity summary() {
        DeviceIntegrity d;
        EXPECT_TRUE(m_db->read("summary",
                               [&](Poco::Data::Session& s) { d = integritySummary(s, m_device); })
                        .ok());
        return d;
    }

    // What someone with write access to the database could do: change an entry and, with
    // `rehash`, recompute its hash and every later one so the chain still links.
    void rewrite(std::int64_t seq, bool rehash) {
        auto stored = m_store->entries(m_device);
        ASSERT_TRUE(stored.ok());
        std::vector<LedgerEntry> entries;
        for (const auto& e : stored.value()) {
            entries.push_back(e.entry);
        }
        entries[static_cast<std::size_t>(seq - 1)].payload = "{\"n\":\"rewritten\"}";
        if (rehash) {
            for (std::size_t i = static_cast<std::size_t>(seq - 1); i < entries.size(); ++i) {
                auto& e = entries[i];
                if (i > 0) {
                    e.prevHash = entries[i - 1].hash;
                }
                e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
            }
        }
        ASSERT_TRUE(
            m_db->write("rewrite",
                        [&](Poco::Data::Session& s) {
                            for (auto& e : entries) {
                                Poco::Int64 n = e.seq;
                                s << "UPDATE ledger_entries SET payload = $1, prev_hash = $2, "
                                     "hash = $3 WHERE device_id = $4 AND seq = $5",
                                    useRef(e.payload), useRef(e.prevHash), useRef(e.hash),
                                    useRef(m_device), use(n), now;
                            }
                            return true;
                        })
                .ok());
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServerStore> m_store;
    std::string m_key, m_cert, m_device;
};

TEST_F(IntegrityTest, ACheckpointInTheBatchOfItsEntriesIsVerifiedAndKept) {
    EXPECT_FALSE(summary().verified) << "no checkpoint yet";
    const auto entries = chain(1, 5);
    const auto c = signedAt(entries[4]);
    auto outcome = m_store->ingest(m_device, entries, {c}, m_cert);
    ASSERT_EQ(outcome.refusal, Refusal::None) << outcome.error;
    EXPECT_EQ(outcome.acked, 5);
    EXPECT_EQ(outcome.checkpointSeq, 5);
    EXPECT_EQ(outcome.checkpointsStored, 1u);

    // Sent again after a lost answer: nothing new, the same answer.
    outcome = m_store->ingest(m_device, entries, {c}, m_cert);
    ASSERT_EQ(outcome.refusal, Refusal::None) << outcome.error;
    EXPECT_EQ(outcome.checkpointSeq, 5);
    EXPECT_EQ(outcome.checkpointsStored, 0u);

    // A later checkpoint of entries the server already holds, sent without entries.
    const auto more = chain(6, 8, entries[4].hash);
    ASSERT_EQ(m_store->ingest(m_device, more).refusal, Refusal::None);
    outcome = m_store->ingest(m_device, {}, {signedAt(more[1])}, m_cert);
    ASSERT_EQ(outcome.refusal, Refusal::None) << outcome.error;
    EXPECT_EQ(outcome.checkpointSeq, 7);

    const auto d = summary();
    EXPECT_TRUE(d.verified);
    EXPECT_TRUE(d.intact) << d.problem;
    EXPECT_EQ(d.seq, 7);
    EXPECT_EQ(d.verifiedUpTo, "2026-11-23T11:00:00.000Z");
    EXPECT_EQ(d.checkpoints, 2);
    auto full = verifyDevice(*m_db, m_device, true);
    ASSERT_TRUE(full.ok()) << full.error();
    EXPECT_TRUE(full->intact) << full->problem;
    EXPECT_EQ(full->seq, 7);
    EXPECT_FALSE(full->checkedAt.empty());
    EXPECT_FALSE(verifyDevice(*m_db, "nosuchdevice", false).ok());
}

TEST_F(IntegrityTest, ACheckpointThatDoesNotVerifyRefusesTheWholeBatch) {
    const auto entries = chain(1, 5);
    struct Case {
        const char* what;
        Checkpoint checkpoint;
        const char* expected;
    };
    auto wrongHead = signedAt(entries[3]);
    wrongHead.seq = 5; // entry 4's hash as the head of 5, signed as such
    ASSERT_TRUE(signCheckpoint(m_key, m_device, wrongHead).ok());
    auto changedAfterSigning = signedAt(entries[4]);
    changedAfterSigning.time = "2026-11-23T12:00:00.000Z";
    auto otherKey = pki::generatePrivateKey();
    ASSERT_TRUE(otherKey.ok());
    Checkpoint beyond{9, entries[4].hash, "2026-11-23T11:00:00.000Z", {}};
    ASSERT_TRUE(signCheckpoint(m_key, m_device, beyond).ok());
    const std::vector<Case> cases = {
        {"a tampered head", wrongHead, "its head differs"},
        {"changed after signing", changedAfterSigning, "does not verify"},
        {"signed with another key", signedAt(entries[4], otherKey.value()), "does not verify"},
        {"for entries the server does not hold", beyond, "does not hold"},
    };
    std::int64_t rejected = 0;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        const auto outcome = m_store->ingest(m_device, entries, {c.checkpoint}, m_cert);
        EXPECT_EQ(outcome.refusal, Refusal::Conflict);
        EXPECT_NE(outcome.error.find(c.expected), std::string::npos) << outcome.error;
        EXPECT_NE(outcome.error.find("checkpoint"), std::string::npos) << outcome.error;
        auto count = m_store->rejectedBatchCount(m_device);
        ASSERT_TRUE(count.ok());
        EXPECT_EQ(count.value(), ++rejected) << "recorded like a chain break";
        auto stored = m_store->entries(m_device);
        ASSERT_TRUE(stored.ok());
        EXPECT_TRUE(stored->empty()) << "nothing of the refused batch is stored";
    }
    EXPECT_FALSE(summary().verified);
    // The good batch still goes through afterwards.
    EXPECT_EQ(m_store->ingest(m_device, entries, {signedAt(entries[4])}, m_cert).refusal,
              Refusal::None);
}

TEST_F(IntegrityTest, ARewrittenStoredHistoryIsDetected) {
    const auto entries = chain(1, 6);
    ASSERT_EQ(
        m_store->ingest(m_device, entries, {signedAt(entries[3]), signedAt(entries[5])}, m_cert)
            .refusal,
        Refusal::None);
    ASSERT_TRUE(summary().intact);

    // Entry 3 changed and the chain recomputed from there: every link holds, but the heads the
    // device signed at 4 and 6 no longer match.
    rewrite(3, true);
    auto cheap = summary();
    EXPECT_FALSE(cheap.intact);
    EXPECT_NE(cheap.problem.find("entry 6"), std::string::npos) << cheap.problem;
    auto full = verifyDevice(*m_db, m_device, true);
    ASSERT_TRUE(full.ok()) << full.error();
    EXPECT_FALSE(full->intact);
    EXPECT_EQ(full->firstBroken, 4) << full->problem;
    EXPECT_NE(full->problem.find("rewritten"), std::string::npos) << full->problem;
}

TEST_F(IntegrityTest, AnEntryChangedWithoutRehashingIsFoundByTheFullCheckAndKept) {
    const auto entries = chain(1, 6);
    ASSERT_EQ(m_store->ingest(m_device, entries, {signedAt(entries[5])}, m_cert).refusal,
              Refusal::None);
    rewrite(2, false);
    EXPECT_TRUE(summary().intact) << "the cheap check looks at the newest checkpoint only";
    auto full = verifyDevice(*m_db, m_device, true);
    ASSERT_TRUE(full.ok()) << full.error();
    EXPECT_FALSE(full->intact);
    EXPECT_EQ(full->firstBroken, 2) << full->problem;
    // The outcome is kept: every later read of the person's data shows it.
    const auto d = summary();
    EXPECT_FALSE(d.intact);
    EXPECT_EQ(d.firstBroken, 2);
    EXPECT_NE(d.problem.find("entry 2"), std::string::npos) << d.problem;
    EXPECT_FALSE(d.checkedAt.empty());
}

TEST_F(IntegrityTest, TheScheduledRoundChecksEveryDeviceAndKeepsWhatItFound) {
    const auto entries = chain(1, 6);
    ASSERT_EQ(m_store->ingest(m_device, entries, {signedAt(entries[5])}, m_cert).refusal,
              Refusal::None);
    auto clean = verifyAllDevices(*m_db);
    EXPECT_EQ(clean.checked, 1u);
    EXPECT_TRUE(clean.changed.empty());
    EXPECT_TRUE(clean.errors.empty());

    // A change the cheap check on every read cannot see: only the full check finds it, and the
    // server runs that on its own, without an administrator asking.
    rewrite(2, false);
    ASSERT_TRUE(summary().intact);
    IntegrityScheduler scheduler(*m_db);
    scheduler.start(10, 60 * 60 * 1000);
    DeviceIntegrity d;
    for (int i = 0; i < 500 && d.intact; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        d = summary();
    }
    scheduler.stop();
    EXPECT_FALSE(d.intact);
    EXPECT_EQ(d.firstBroken, 2) << d.problem;
    EXPECT_FALSE(d.checkedAt.empty());
    const auto round = verifyAllDevices(*m_db);
    ASSERT_EQ(round.changed.size(), 1u);
    EXPECT_EQ(round.changed[0].rfind(m_device + ": entry 2", 0), 0u) << round.changed[0];
}

TEST(SyncBatchParser, CheckpointsAreOptionalAndReadStrictly) {
    EXPECT_TRUE(parseSyncBatch(R"({"entries": []})").checkpoints.empty());
    const std::string head(64, 'a');
    const auto batch = parseSyncBatch(R"({"entries": [], "checkpoints": [{"seq": 3, "head": ")" +
                                      head + R"(", "time": "t", "signature": "c2ln"}]})");
    ASSERT_EQ(batch.checkpoints.size(), 1u);
    EXPECT_EQ(batch.checkpoints[0].seq, 3);
    EXPECT_EQ(batch.checkpoints[0].head, head);
    EXPECT_EQ(batch.checkpoints[0].signature, "c2ln");
    try {
        (void)parseSyncBatch(R"({"entries": [], "checkpoints": [{"seq": 0, "head": "x", )"
                             R"("time": "t", "signature": "s"}]})");
        FAIL() << "seq 0 accepted";
    } catch (const json::ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("$.checkpoints[0].seq"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW((void)parseSyncBatch(R"({"entries": [], "checkpoints": [{"seq": 1, "head": "x", )"
                                      R"("time": "t", "signature": "s", "extra": 1}]})"),
                 json::ParseError);
    std::string many = R"({"entries": [], "checkpoints": [)";
    for (std::size_t i = 0; i <= kMaxBatchCheckpoints; ++i) {
        many +=
            std::string(i ? "," : "") + R"({"seq": 1, "head": "x", "time": "t", "signature": "s"})";
    }
    EXPECT_THROW((void)parseSyncBatch(many + "]}"), json::ParseError);
}

} // namespace
} // namespace indblik::server
