#include <filesystem>
#include <unistd.h>

#include <gtest/gtest.h>

#include "server_store.h"
#include "test_database.h"

namespace indblik::server {
namespace {

class ServerStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<ServerStore>(*m_db);
    }
    void TearDown() override {
        m_store.reset();
        m_db.reset();
    }

    static IssueCertificate fakeIssuer() {
        return [](const std::string& id) -> Result<pki::IssuedCertificate> {
            return pki::IssuedCertificate{"PEM for " + id, "serial-" + id, "fp-" + id,
                                          "2027-01-01T00:00:00Z"};
        };
    }

    std::string enrollOne() {
        auto token = m_store->createEnrollmentToken(60);
        EXPECT_TRUE(token.ok()) << token.error();
        auto outcome = m_store->enrollDevice(token.value(), "laptop", fakeIssuer());
        EXPECT_EQ(outcome.refusal, Refusal::None) << outcome.error;
        return outcome.device.id;
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServerStore> m_store;
};

TEST_F(ServerStoreTest, AnUnusedTokenCanBeRevokedByItselfOrItsListedId) {
    auto first = m_store->createEnrollmentToken(60);
    auto second = m_store->createEnrollmentToken(60);
    auto used = m_store->createEnrollmentToken(60);
    ASSERT_TRUE(first.ok() && second.ok() && used.ok());
    ASSERT_EQ(m_store->enrollDevice(used.value(), "laptop", fakeIssuer()).refusal, Refusal::None);

    auto revoked = m_store->revokeEnrollmentToken(first.value());
    ASSERT_TRUE(revoked.ok()) << revoked.error();
    EXPECT_EQ(revoked->state.rfind("revoked ", 0), 0u) << revoked->state;
    auto refused = m_store->enrollDevice(first.value(), "laptop", fakeIssuer());
    EXPECT_EQ(refused.refusal, Refusal::Forbidden);
    EXPECT_EQ(refused.error, "the enrollment token was revoked");

    auto tokens = m_store->enrollmentTokens();
    ASSERT_TRUE(tokens.ok()) << tokens.error();
    ASSERT_EQ(tokens->size(), 3u);
    std::string secondId;
    int unused = 0;
    for (const auto& t : tokens.value()) {
        EXPECT_EQ(t.id.size(), 12u);
        if (t.state == "unused") {
            ++unused;
            secondId = t.id;
        }
        EXPECT_EQ(t.id.find(first.value().substr(0, 12)), std::string::npos)
            << "lists show the hash, never the token";
    }
    EXPECT_EQ(unused, 1);
    ASSERT_TRUE(m_store->revokeEnrollmentToken(secondId).ok());
    EXPECT_EQ(m_store->enrollDevice(second.value(), "laptop", fakeIssuer()).refusal,
              Refusal::Forbidden);

    auto usedRevoke = m_store->revokeEnrollmentToken(used.value());
    ASSERT_FALSE(usedRevoke.ok());
    EXPECT_NE(usedRevoke.error().find("revoke the device instead"), std::string::npos);
    EXPECT_FALSE(m_store->revokeEnrollmentToken("abc").ok()) << "too short to name one token";
    EXPECT_FALSE(m_store->revokeEnrollmentToken("' OR 1=1 --").ok());
    auto unknown = m_store->revokeEnrollmentToken("0123456789abcdef");
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().find("no enrollment token matches"), std::string::npos);
}

std::vector<LedgerEntry> chain(int count) {
    std::vector<LedgerEntry> out;
    std::string prev(kGenesisHash);
    for (int i = 1; i <= count; ++i) {
        LedgerEntry e{i,
                      "2024-05-01T10:00:00.000Z",
                      "observation.added",
                      "{\"n\":" + std::to_string(i) + "}",
                      prev,
                      {}};
        e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
        prev = e.hash;
        out.push_back(e);
    }
    return out;
}

TEST_F(ServerStoreTest, ATokenEnrollsExactlyOnce) {
    auto token = m_store->createEnrollmentToken(60);
    ASSERT_TRUE(token.ok()) << token.error();
    EXPECT_EQ(token.value().size(), 64u);

    auto first = m_store->enrollDevice(token.value(), "laptop", fakeIssuer());
    ASSERT_EQ(first.refusal, Refusal::None) << first.error;
    EXPECT_EQ(first.certificatePem, "PEM for " + first.device.id);

    auto second = m_store->enrollDevice(token.value(), "laptop", fakeIssuer());
    EXPECT_EQ(second.refusal, Refusal::Forbidden);
    EXPECT_NE(second.error.find("already used"), std::string::npos) << second.error;

    auto devices = m_store->devices();
    ASSERT_TRUE(devices.ok());
    ASSERT_EQ(devices.value().size(), 1u);
    EXPECT_EQ(devices.value().front().serial, "serial-" + first.device.id);
}

TEST_F(ServerStoreTest, RefusesUnknownAndExpiredTokens) {
    auto unknown = m_store->enrollDevice(std::string(64, 'a'), "laptop", fakeIssuer());
    EXPECT_EQ(unknown.refusal, Refusal::Forbidden);
    EXPECT_NE(unknown.error.find("unknown"), std::string::npos);

    auto expired = m_store->createEnrollmentToken(0);
    ASSERT_TRUE(expired.ok());
    auto outcome = m_store->enrollDevice(expired.value(), "laptop", fakeIssuer());
    EXPECT_EQ(outcome.refusal, Refusal::Forbidden);
    EXPECT_NE(outcome.error.find("expired"), std::string::npos);
}

TEST_F(ServerStoreTest, ABadRequestLeavesTheTokenUnused) {
    auto token = m_store->createEnrollmentToken(60);
    ASSERT_TRUE(token.ok());
    auto refused = m_store->enrollDevice(
        token.value(), "laptop",
        [](const std::string&) -> Result<pki::IssuedCertificate> { return Error{"bad csr"}; });
    EXPECT_EQ(refused.refusal, Refusal::BadRequest);
    auto devices = m_store->devices();
    ASSERT_TRUE(devices.ok());
    EXPECT_TRUE(devices.value().empty());
    auto retry = m_store->enrollDevice(token.value(), "laptop", fakeIssuer());
    EXPECT_EQ(retry.refusal, Refusal::None) << retry.error;
}

TEST_F(ServerStoreTest, IngestIsIdempotent) {
    const std::string device = enrollOne();
    const auto entries = chain(5);
    const std::vector<LedgerEntry> firstThree(entries.begin(), entries.begin() + 3);

    auto a = m_store->ingest(device, firstThree);
    ASSERT_EQ(a.refusal, Refusal::None) << a.error;
    EXPECT_EQ(a.acked, 3);
    EXPECT_EQ(a.stored, 3u);

    auto b = m_store->ingest(device, firstThree);
    ASSERT_EQ(b.refusal, Refusal::None) << b.error;
    EXPECT_EQ(b.acked, 3);
    EXPECT_EQ(b.stored, 0u);
    EXPECT_EQ(b.skipped, 3u);

    auto c = m_store->ingest(device, entries);
    ASSERT_EQ(c.refusal, Refusal::None) << c.error;
    EXPECT_EQ(c.acked, 5);
    EXPECT_EQ(c.stored, 2u);

    auto empty = m_store->ingest(device, {});
    EXPECT_EQ(empty.acked, 5);

    auto stored = m_store->entries(device);
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored.value().size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(stored.value()[i].entry.seq, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(stored.value()[i].entry.hash, entries[i].hash);
    }
    auto rejected = m_store->rejectedBatchCount(device);
    ASSERT_TRUE(rejected.ok());
    EXPECT_EQ(rejected.value(), 0);
}

TEST_F(ServerStoreTest, RefusesABatchThatDoesNotContinueTheChain) {
    const std::string device = enrollOne();
    auto entries = chain(4);
    ASSERT_EQ(m_store->ingest(device, {entries[0], entries[1]}).refusal, Refusal::None);

    auto gap = m_store->ingest(device, {entries[3]});
    EXPECT_EQ(gap.refusal, Refusal::Conflict);
    EXPECT_NE(gap.error.find("expected sequence number 3"), std::string::npos) << gap.error;

    auto tampered = entries[2];
    tampered.payload = "{\"n\":999}";
    auto changed = m_store->ingest(device, {tampered});
    EXPECT_EQ(changed.refusal, Refusal::Conflict);
    EXPECT_NE(changed.error.find("does not match its hash"), std::string::npos) << changed.error;

    // A rewritten entry under a seq the server already holds.
    auto forked = chain(2);
    forked[1].payload = "{\"n\":\"other\"}";
    forked[1].hash =
        chainHash(forked[1].prevHash, 2, forked[1].time, forked[1].kind, forked[1].payload);
    auto fork = m_store->ingest(device, forked);
    EXPECT_EQ(fork.refusal, Refusal::Conflict);
    EXPECT_NE(fork.error.find("entry 2"), std::string::npos) << fork.error;

    auto rejected = m_store->rejectedBatchCount(device);
    ASSERT_TRUE(rejected.ok());
    EXPECT_EQ(rejected.value(), 3);
    auto stored = m_store->entries(device);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored.value().size(), 2u);
    // `admin health` counts them.
    auto health = m_store->health();
    ASSERT_TRUE(health.ok()) << health.error();
    EXPECT_EQ(health->refusedBatches, 3);
    EXPECT_EQ(health->entries, 2);
}

TEST_F(ServerStoreTest, LargeBatchesAndResentPrefixesAreStoredOnce) {
    const std::string device = enrollOne();
    const auto entries = chain(260);
    // More rows than one multi-row INSERT takes.
    const std::vector<LedgerEntry> first(entries.begin(), entries.begin() + 130);
    auto a = m_store->ingest(device, first);
    ASSERT_EQ(a.refusal, Refusal::None) << a.error;
    EXPECT_EQ(a.stored, 130u);
    EXPECT_EQ(a.acked, 130);

    // Retention deleted some of them; the chain head still vouches for them.
    using namespace Poco::Data::Keywords;
    ASSERT_TRUE(m_db->write("delete as retention does", [&](Poco::Data::Session& s) {
        s << "DELETE FROM ledger_entries WHERE device_id = $1 AND seq >= 10 AND seq <= 20",
            useRef(device), now;
        return true;
    }));

    // A batch resent from the middle of what is stored, over the deleted ones, and beyond.
    const std::vector<LedgerEntry> rest(entries.begin() + 4, entries.end());
    auto b = m_store->ingest(device, rest);
    ASSERT_EQ(b.refusal, Refusal::None) << b.error;
    EXPECT_EQ(b.skipped, 126u);
    EXPECT_EQ(b.stored, 130u);
    EXPECT_EQ(b.acked, 260);

    auto stored = m_store->entries(device);
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored.value().size(), 249u);
    for (const auto& e : stored.value()) {
        EXPECT_EQ(e.entry.hash, entries[static_cast<std::size_t>(e.entry.seq - 1)].hash);
    }

    // A rewritten entry after deleted ones in a resent prefix is still a fork.
    auto forked = std::vector<LedgerEntry>(entries.begin() + 8, entries.begin() + 60);
    forked[42].payload = "{\"n\":\"other\"}";
    auto fork = m_store->ingest(device, forked);
    EXPECT_EQ(fork.refusal, Refusal::Conflict);
    EXPECT_NE(fork.error.find("entry 51: differs"), std::string::npos) << fork.error;
    auto after = m_store->entries(device);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after.value().size(), 249u);
}

TEST_F(ServerStoreTest, DevicesHaveSeparateChains) {
    const std::string a = enrollOne();
    const std::string b = enrollOne();
    EXPECT_NE(a, b);
    const auto entries = chain(2);
    EXPECT_EQ(m_store->ingest(a, entries).acked, 2);
    EXPECT_EQ(m_store->ingest(b, entries).acked, 2);
    auto all = m_store->entries("");
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all.value().size(), 4u);
}

TEST_F(ServerStoreTest, KeepsEachDevicesClockOffset) {
    const std::string a = enrollOne();
    const std::string b = enrollOne();
    auto fresh = m_store->findDevice(a);
    ASSERT_TRUE(fresh.ok() && fresh.value());
    EXPECT_FALSE(fresh.value()->clockSkewSeconds) << "unknown before the first sync";
    EXPECT_FALSE(clockIsOff(fresh.value()->clockSkewSeconds));

    ASSERT_TRUE(m_store->recordClock(a, -7200, "2026-05-01T10:00:00.000Z").ok());
    ASSERT_TRUE(m_store->recordClock(b, 12, "2026-05-01T10:00:01.000Z").ok());
    ASSERT_TRUE(m_store->recordClock(b, 30, "2026-05-01T10:05:00.000Z").ok()); // the latest wins
    auto devices = m_store->devices();
    ASSERT_TRUE(devices.ok());
    ASSERT_EQ(devices.value().size(), 2u);
    for (const auto& d : devices.value()) {
        if (d.id == a) {
            EXPECT_EQ(d.clockSkewSeconds, -7200);
            EXPECT_EQ(d.clockCheckedAt, "2026-05-01T10:00:00.000Z");
            EXPECT_TRUE(clockIsOff(d.clockSkewSeconds));
        } else {
            EXPECT_EQ(d.clockSkewSeconds, 30);
            EXPECT_EQ(d.clockCheckedAt, "2026-05-01T10:05:00.000Z");
            EXPECT_FALSE(clockIsOff(d.clockSkewSeconds));
        }
    }
    EXPECT_FALSE(clockIsOff(kClockSkewToleranceSeconds));
    EXPECT_TRUE(clockIsOff(kClockSkewToleranceSeconds + 1));
    EXPECT_TRUE(clockIsOff(-kClockSkewToleranceSeconds - 1));
}

} // namespace
} // namespace indblik::server
