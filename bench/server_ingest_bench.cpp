// Ingest rate of the server's storage beside the raw insert rate of the same rows, measured in the
// same run on the same database (issue 4: "ingest events/s ... each beside the raw database insert
// rate of the same rows ... goal >= 0.5 of raw").
//
//   indblik_server_ingest_bench [--database LOCATION] [--devices N] [--batches N]
//                               [--batch-size N] [--rounds N] [--json]
//
// LOCATION is a SQLite file path (default: a new file in a temporary directory) or a
// postgresql:// URI (a new schema is made in that database for each round and dropped after).
//
// The rows: per device a real hash chain of `activity` entries with ~300-byte JSON payloads (what
// the agent writes, see docs/local-api.md), cut into batches of --batch-size entries. Hashes and
// payloads are made before any timing.
//
// Each round opens a fresh database with the server's schema and measures, in alternating order:
//  - ingest: ServerStore::ingest(device, batch) for every batch, devices interleaved (what the sync
//    route calls: device lock, chain check, inserts, chain head update; one transaction a batch);
//  - raw, prepared: the same rows into ledger_raw, a table identical to ledger_entries (same
//    columns, primary key and indexes), one transaction a batch, one prepared INSERT bound to
//    column vectors (Poco bulk binding);
//  - raw, multi-row: the same with one INSERT ... VALUES (...),(...) statement a batch.
// Rates are entries per second of wall time; the figure reported is the median over rounds.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include "database.h"
#include "ledger.h"
#include "pki.h"
#include "schema.h"
#include "server_store.h"

using namespace Poco::Data::Keywords;
using indblik::LedgerEntry;
using indblik::server::Database;
using indblik::server::ServerStore;

namespace {

struct Options {
    std::string database;
    int devices = 8;
    int batches = 10; // per device
    int batchSize = 500;
    int rounds = 3;
    int chunk = 100; // rows per multi-row INSERT
    bool json = false;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "indblik_server_ingest_bench: " << problem
              << "\nusage: indblik_server_ingest_bench [--database LOCATION] [--devices N] "
                 "[--batches N] [--batch-size N] [--rounds N] [--chunk N] [--json]\n";
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(a + " needs a value");
            }
            return argv[++i];
        };
        const auto number = [&](int low, int high) {
            const std::string v = value();
            try {
                const int n = std::stoi(v);
                if (n < low || n > high) {
                    throw std::out_of_range(v);
                }
                return n;
            } catch (const std::exception&) {
                usage(a + ": expected " + std::to_string(low) + ".." + std::to_string(high) +
                      ", got \"" + v + "\"");
            }
        };
        if (a == "--database") {
            o.database = value();
        } else if (a == "--devices") {
            o.devices = number(1, 10000);
        } else if (a == "--batches") {
            o.batches = number(1, 100000);
        } else if (a == "--batch-size") {
            o.batchSize = number(1, 10000);
        } else if (a == "--rounds") {
            o.rounds = number(1, 100);
        } else if (a == "--chunk") {
            o.chunk = number(1, 10000);
        } else if (a == "--json") {
            o.json = true;
        } else {
            usage("unknown argument " + a);
        }
    }
    return o;
}

// An activity interval as the agent writes it (docs/local-api.md), ~300 bytes.
std::string activityPayload(int device, std::int64_t seq) {
    static const char* const products[] = {"osquery", "wazuh-agent", "teramind", "snoopy",
                                           "crowdstrike-falcon"};
    const char* product = products[(device + seq) % 5];
    const int minute = static_cast<int>(seq % 60);
    char text[512];
    std::snprintf(text, sizeof text,
                  "{\"observation\":\"product:%s\",\"name\":\"%s monitoring agent\",\"product\":"
                  "\"%s\",\"start\":\"2026-11-23T08:%02d:00.000Z\",\"end\":\"2026-11-23T09:%02d:"
                  "00.000Z\",\"cpu_seconds\":%d.%d,\"bytes_written\":%lld,\"remote_endpoints\":["
                  "\"10.20.%d.%d:443\",\"10.0.0.5:8220\"],\"spool_files\":%d,\"spool_bytes\":%lld,"
                  "\"audit_log_bytes\":%lld}",
                  product, product, product, minute, minute, static_cast<int>(seq % 97),
                  static_cast<int>(seq % 10), static_cast<long long>(4096 + seq * 37 % 100000),
                  device % 250, static_cast<int>(seq % 250), static_cast<int>(seq % 7),
                  static_cast<long long>(seq * 131 % 65536),
                  static_cast<long long>(seq * 17 % 9000));
    return text;
}

std::vector<LedgerEntry> chain(int device, int count) {
    std::vector<LedgerEntry> out;
    out.reserve(static_cast<std::size_t>(count));
    std::string prev(indblik::kGenesisHash);
    for (std::int64_t seq = 1; seq <= count; ++seq) {
        LedgerEntry e;
        e.seq = seq;
        char time[40];
        std::snprintf(time, sizeof time, "2026-11-23T%02d:%02d:%02d.%03dZ",
                      static_cast<int>(8 + seq / 3600 % 10), static_cast<int>(seq / 60 % 60),
                      static_cast<int>(seq % 60), static_cast<int>(seq * 7 % 1000));
        e.time = time;
        e.kind = "activity";
        e.payload = activityPayload(device, seq);
        e.prevHash = prev;
        e.hash = indblik::chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
        prev = e.hash;
        out.push_back(std::move(e));
    }
    return out;
}

struct Batch {
    std::size_t device;
    std::vector<LedgerEntry> entries;
};

// A fresh database with the server's schema: a SQLite file in its own directory, or a new schema
// in the PostgreSQL database.
class FreshDatabase {
public:
    explicit FreshDatabase(const Options& o) : m_base(o.database) {
        const std::string tag =
            std::to_string(::getpid()) + "_" + indblik::pki::randomHex(4).value();
        if (indblik::server::isPostgresLocation(m_base)) {
            m_schema = "bench_" + tag;
            onBase("CREATE SCHEMA " + m_schema);
            m_location = m_base + (m_base.find('?') == std::string::npos ? "?" : "&") +
                         "search_path=" + m_schema;
        } else {
            const auto parent = m_base.empty() ? std::filesystem::temp_directory_path()
                                               : std::filesystem::path(m_base);
            m_dir = parent / ("indblik-ingest-" + tag);
            std::filesystem::create_directories(m_dir);
            m_location = (m_dir / "server.db").string();
        }
        auto db = Database::open(m_location, indblik::server::serverMigrations(), 4);
        if (!db) {
            throw std::runtime_error(db.error());
        }
        m_db = std::move(db).value();
    }
    ~FreshDatabase() {
        m_db.reset();
        if (!m_schema.empty()) {
            try {
                onBase("SET client_min_messages TO WARNING; DROP SCHEMA " + m_schema + " CASCADE");
            } catch (const std::exception&) {
            }
        }
        if (!m_dir.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(m_dir, ignored);
        }
    }
    Database& db() { return *m_db; }

private:
    void onBase(const std::string& sql) {
        Poco::Data::PostgreSQL::Connector::registerConnector();
        auto connection = indblik::server::postgresConnectionString(m_base);
        if (!connection) {
            throw std::runtime_error(connection.error());
        }
        Poco::Data::Session s("PostgreSQL", connection.value());
        s << sql, now;
    }

    std::string m_base, m_location, m_schema;
    std::filesystem::path m_dir;
    std::unique_ptr<Database> m_db;
};

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void check(const indblik::Status& s) {
    if (!s) {
        throw std::runtime_error(s.error());
    }
}

// A table with the columns, key and indexes of ledger_entries (migrations 1, 2 and 5).
void makeRawTable(Database& db, const std::string& name) {
    check(db.write("make " + name, [&](Poco::Data::Session& s) {
        s << ("CREATE TABLE " + name +
              " (device_id TEXT NOT NULL, seq BIGINT NOT NULL, time TEXT NOT NULL, kind TEXT NOT "
              "NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, "
              "received_at TEXT NOT NULL, policy_id TEXT, PRIMARY KEY (device_id, seq))"),
            now;
        s << ("CREATE INDEX " + name + "_received ON " + name + " (received_at)"), now;
        s << ("CREATE INDEX " + name + "_device_time ON " + name + " (device_id, time)"), now;
        s << ("CREATE INDEX " + name + "_policy ON " + name + " (policy_id, kind)"), now;
        return true;
    }));
}

double rawPrepared(Database& db, const std::vector<std::string>& ids,
                   const std::vector<Batch>& batches, const std::string& table) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& b : batches) {
        check(db.write("insert raw rows", [&](Poco::Data::Session& s) {
            const std::string received = indblik::nowIso8601();
            const std::size_t n = b.entries.size();
            std::vector<std::string> device(n, ids[b.device]), time, kind, payload, prev, hash,
                at(n, received);
            std::vector<Poco::Int64> seq;
            for (const auto& e : b.entries) {
                seq.push_back(e.seq);
                time.push_back(e.time);
                kind.push_back(e.kind);
                payload.push_back(e.payload);
                prev.push_back(e.prevHash);
                hash.push_back(e.hash);
            }
            s << ("INSERT INTO " + table +
                  " (device_id, seq, time, kind, payload, prev_hash, hash, received_at) VALUES "
                  "($1, $2, $3, $4, $5, $6, $7, $8)"),
                use(device), use(seq), use(time), use(kind), use(payload), use(prev), use(hash),
                use(at), now;
            return true;
        }));
    }
    return seconds(start);
}

double rawMultiRow(Database& db, const std::vector<std::string>& ids,
                   const std::vector<Batch>& batches, const std::string& table, int chunk) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& b : batches) {
        check(db.write("insert raw rows", [&](Poco::Data::Session& s) {
            const std::string received = indblik::nowIso8601();
            std::vector<Poco::Int64> seqs;
            for (const auto& e : b.entries) {
                seqs.push_back(e.seq);
            }
            const std::size_t step = static_cast<std::size_t>(chunk);
            for (std::size_t first = 0; first < b.entries.size(); first += step) {
                const std::size_t last = std::min(b.entries.size(), first + step);
                const std::string sql = "INSERT INTO " + table +
                                        " (device_id, seq, time, kind, payload, prev_hash, hash, "
                                        "received_at) VALUES " +
                                        indblik::server::placeholderRows(
                                            last - first, std::vector<std::string>(8, "$"));
                Poco::Data::Statement st(s);
                st << sql;
                for (std::size_t i = first; i < last; ++i) {
                    const auto& e = b.entries[i];
                    st.addBind(useRef(ids[b.device]));
                    st.addBind(useRef(seqs[i]));
                    st.addBind(useRef(e.time));
                    st.addBind(useRef(e.kind));
                    st.addBind(useRef(e.payload));
                    st.addBind(useRef(e.prevHash));
                    st.addBind(useRef(e.hash));
                    st.addBind(useRef(received));
                }
                st.execute();
            }
            return true;
        }));
    }
    return seconds(start);
}

double ingest(ServerStore& store, const std::vector<std::string>& ids,
              const std::vector<Batch>& batches) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& b : batches) {
        const auto outcome = store.ingest(ids[b.device], b.entries);
        if (outcome.refusal != indblik::server::Refusal::None ||
            outcome.stored != b.entries.size()) {
            throw std::runtime_error("ingest refused a batch: " + outcome.error);
        }
    }
    return seconds(start);
}

std::vector<std::string> enroll(ServerStore& store, int devices) {
    std::vector<std::string> ids;
    for (int d = 0; d < devices; ++d) {
        auto token = store.createEnrollmentToken(60);
        if (!token) {
            throw std::runtime_error(token.error());
        }
        auto outcome = store.enrollDevice(
            token.value(), "bench-" + std::to_string(d), [&](const std::string& id) {
                return indblik::Result<indblik::pki::IssuedCertificate>(
                    indblik::pki::IssuedCertificate{"-----BEGIN CERTIFICATE-----", id, id,
                                                    "2027-01-01T00:00:00Z"});
            });
        if (outcome.refusal != indblik::server::Refusal::None) {
            throw std::runtime_error(outcome.error);
        }
        ids.push_back(outcome.device.id);
    }
    return ids;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    try {
        std::vector<Batch> batches;
        for (int b = 0; b < o.batches; ++b) {
            for (int d = 0; d < o.devices; ++d) {
                batches.push_back({static_cast<std::size_t>(d), {}});
            }
        }
        for (int d = 0; d < o.devices; ++d) {
            const auto entries = chain(d, o.batches * o.batchSize);
            for (int b = 0; b < o.batches; ++b) {
                auto& target = batches[static_cast<std::size_t>(b * o.devices + d)].entries;
                target.assign(entries.begin() + static_cast<std::ptrdiff_t>(b) * o.batchSize,
                              entries.begin() + static_cast<std::ptrdiff_t>(b + 1) * o.batchSize);
            }
        }
        double payloadBytes = 0;
        for (const auto& e : batches.front().entries) {
            payloadBytes += static_cast<double>(e.payload.size());
        }
        payloadBytes /= static_cast<double>(batches.front().entries.size());
        const double rows = static_cast<double>(batches.size()) * o.batchSize;

        std::vector<double> ingestRates, preparedRates, multiRates, multiIngestTable;
        for (int r = 0; r < o.rounds; ++r) {
            FreshDatabase fresh(o);
            ServerStore store(fresh.db());
            const auto ids = enroll(store, o.devices);
            makeRawTable(fresh.db(), "ledger_raw");
            makeRawTable(fresh.db(), "ledger_raw2");
            double ti = 0, tp = 0, tm = 0;
            if (r % 2 == 0) {
                tp = rawPrepared(fresh.db(), ids, batches, "ledger_raw");
                tm = rawMultiRow(fresh.db(), ids, batches, "ledger_raw2", o.chunk);
                ti = ingest(store, ids, batches);
            } else {
                ti = ingest(store, ids, batches);
                tm = rawMultiRow(fresh.db(), ids, batches, "ledger_raw2", o.chunk);
                tp = rawPrepared(fresh.db(), ids, batches, "ledger_raw");
            }
            ingestRates.push_back(rows / ti);
            preparedRates.push_back(rows / tp);
            multiRates.push_back(rows / tm);
            if (!o.json) {
                std::printf("round %d: ingest %.0f/s, raw prepared %.0f/s, raw multi-row %.0f/s\n",
                            r + 1, rows / ti, rows / tp, rows / tm);
                std::fflush(stdout);
            }
        }
        const double in = median(ingestRates), pr = median(preparedRates), mu = median(multiRates);
        const double raw = std::max(pr, mu);
        const char* backend =
            indblik::server::isPostgresLocation(o.database) ? "postgresql" : "sqlite";
        if (o.json) {
            std::printf("{\"backend\":\"%s\",\"devices\":%d,\"batches_per_device\":%d,"
                        "\"batch_size\":%d,\"rounds\":%d,\"rows\":%.0f,\"payload_bytes\":%.0f,"
                        "\"ingest\":%.1f,\"raw_prepared\":%.1f,\"raw_multirow\":%.1f,"
                        "\"ratio\":%.3f}\n",
                        backend, o.devices, o.batches, o.batchSize, o.rounds, rows, payloadBytes,
                        in, pr, mu, in / raw);
        } else {
            std::printf("%s, %.0f rows (%d devices x %d batches of %d, payload %.0f bytes), median "
                        "of %d rounds:\n  ingest %.0f/s, raw prepared %.0f/s, raw multi-row "
                        "%.0f/s, ingest / best raw = %.2f\n",
                        backend, rows, o.devices, o.batches, o.batchSize, payloadBytes, o.rounds,
                        in, pr, mu, in / raw);
        }
    } catch (const std::exception& e) {
        std::cerr << "indblik_server_ingest_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
