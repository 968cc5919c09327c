// Entries per second appended by Ledger::append with group commit (N entries in one transaction)
// beside a raw SQLite batch insert of the same rows: the same table, the same PRAGMAs (WAL,
// synchronous=FULL), one prepared statement in one transaction of N rows, hashes computed the
// same way. Both on a real file in a temporary folder (INDBLIK_BENCH_DIR, default /tmp), in the
// same run. Issue 5's goal: the ledger at least half the raw rate.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include <benchmark/benchmark.h>

#include "ledger.h"

namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
    const char* dir = std::getenv("INDBLIK_BENCH_DIR");
    const fs::path path = fs::path(dir && *dir ? dir : "/tmp") /
                          ("indblik-ledger-bench-" + std::to_string(::getpid()) + "-" + name);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(path.string() + suffix);
    }
    return path;
}

void removeDb(const fs::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(path.string() + suffix);
    }
}

// A payload about the size of an activity entry.
std::string payload(std::int64_t n) {
    return "{\"observation\":\"rsyslog-forwarding/etc/rsyslog.d/60-forward.conf\",\"n\":" +
           std::to_string(n) +
           ",\"start\":\"2026-12-06T08:00:00Z\",\"end\":\"2026-12-06T08:05:00Z\","
           "\"detector\":\"config\",\"product\":\"rsyslog\"}";
}

void BM_LedgerAppend(benchmark::State& state) {
    const auto perCommit = static_cast<std::size_t>(state.range(0));
    const auto path = scratch("ledger");
    auto ledger = indblik::Ledger::open(path.string());
    if (!ledger) {
        state.SkipWithError(ledger.error().c_str());
        return;
    }
    std::int64_t n = 0;
    std::vector<indblik::NewEntry> group(perCommit);
    for (auto _ : state) {
        for (auto& e : group) {
            e.kind = "activity";
            e.payload = payload(++n);
        }
        auto appended = ledger.value()->append(group);
        if (!appended) {
            state.SkipWithError(appended.error().c_str());
            break;
        }
        benchmark::DoNotOptimize(appended.value().data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(perCommit));
    ledger.value().reset();
    removeDb(path);
}

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "?";
        sqlite3_free(error);
        throw std::runtime_error(message);
    }
}

void BM_RawSqliteInsert(benchmark::State& state) {
    const auto perCommit = static_cast<std::size_t>(state.range(0));
    const auto path = scratch("raw");
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    exec(db, "PRAGMA journal_mode=WAL");
    exec(db, "PRAGMA synchronous=FULL");
    exec(db, "PRAGMA foreign_keys=ON");
    exec(db, "CREATE TABLE ledger (seq INTEGER PRIMARY KEY, time TEXT NOT NULL, kind TEXT NOT "
             "NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)");
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO ledger (seq, time, kind, payload, prev_hash, hash) VALUES "
                       "(?, ?, ?, ?, ?, ?)",
                       -1, &insert, nullptr);
    std::int64_t seq = 0;
    std::string prev(indblik::kGenesisHash);
    const std::string kind = "activity";
    for (auto _ : state) {
        exec(db, "BEGIN");
        const std::string time = indblik::nowIso8601();
        for (std::size_t i = 0; i < perCommit; ++i) {
            ++seq;
            const std::string body = payload(seq);
            std::string hash = indblik::chainHash(prev, seq, time, kind, body);
            sqlite3_bind_int64(insert, 1, seq);
            sqlite3_bind_text(insert, 2, time.data(), static_cast<int>(time.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 3, kind.data(), static_cast<int>(kind.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 4, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 5, prev.data(), static_cast<int>(prev.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 6, hash.data(), static_cast<int>(hash.size()), SQLITE_STATIC);
            if (sqlite3_step(insert) != SQLITE_DONE) {
                state.SkipWithError(sqlite3_errmsg(db));
                break;
            }
            sqlite3_reset(insert);
            prev = std::move(hash);
        }
        exec(db, "COMMIT");
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(perCommit));
    sqlite3_finalize(insert);
    sqlite3_close(db);
    removeDb(path);
}

// Interleaved per N, so both see the same disk and load.
BENCHMARK(BM_LedgerAppend)->Arg(1)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_RawSqliteInsert)->Arg(1)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_LedgerAppend)->Arg(20)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_RawSqliteInsert)->Arg(20)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_LedgerAppend)->Arg(100)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_RawSqliteInsert)->Arg(100)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_LedgerAppend)->Arg(1000)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_RawSqliteInsert)->Arg(1000)->UseRealTime()->MinTime(1.0);

} // namespace

BENCHMARK_MAIN();
