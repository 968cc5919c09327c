// Fills a server database for the server figures (issue 4). Not part of the product.
//
//   indblik_server_fill tokens --database LOCATION --count N [--ttl-minutes N]
//       N enrollment tokens, one a line, made by ServerStore::createEnrollmentToken (what
//       `indblik-server admin create-enrollment-token` runs, without a process per token).
//
//   indblik_server_fill people --database LOCATION [--people 10000] [--days 365]
//       [--second-device-percent 20] [--activity-per-day 8] [--observations 8] [--seed 1]
//       [--data-dir DIR --certs DIR] [--query N]
//       An organisation's year: people (as a directory import makes them), their devices and
//       person_devices rows, and per device a real hash-chained ledger: `observations`
//       observation.added entries on its first day, an observation.changed about once a month,
//       and on every weekday 0..2*activity-per-day `activity` intervals (docs/local-api.md,
//       ~300 bytes) between 08:00 and 16:00, received a few minutes later. Devices' chain heads
//       are set, so agents can go on syncing. Prints row counts, the database's size and the time.
//       With --data-dir (a server data directory with ca.crt and ca.key) and --certs, every
//       device gets a real client certificate from that CA for one shared key, written to
//       DIR/<n>.pem with DIR/agent.key and DIR/manifest.tsv (device, os user, person, file), so
//       server_load.py can call the employee-data route as each person's agent.
//       --query N times the employee-data route's own work for N random people (PersonalData::read
//       as GET /api/v1/me calls it, then the JSON answer) and prints p50/p99.
//
//   indblik_server_fill query --database LOCATION --query N
//       The same timing on a database filled before.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <sys/stat.h>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include "database.h"
#include "export.h"
#include "file_util.h"
#include "identity.h"
#include "ledger.h"
#include "personal_data.h"
#include "pki.h"
#include "schema.h"
#include "server_store.h"

using namespace Poco::Data::Keywords;
using indblik::server::Backend;
using indblik::server::Caller;
using indblik::server::Database;
using indblik::server::PersonalData;
using indblik::server::personalDataJson;
using indblik::server::Role;

namespace {

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "indblik_server_fill: " << problem
              << "\nusage: indblik_server_fill tokens --database LOCATION --count N "
                 "[--ttl-minutes N]\n"
                 "       indblik_server_fill people --database LOCATION [--people N] [--days N] "
                 "[--second-device-percent N] [--activity-per-day N] [--observations N] "
                 "[--seed N] [--data-dir DIR --certs DIR] [--query N]\n"
                 "       indblik_server_fill query --database LOCATION --query N\n";
    std::exit(2);
}

struct Args {
    std::string command;
    std::string database, dataDir, certs;
    int count = 1, ttl = 600, people = 10000, days = 365, secondDevicePercent = 20,
        activityPerDay = 8, observations = 8, seed = 1, query = 0;
};

Args parse(int argc, char** argv) {
    if (argc < 2) {
        usage("tokens or people?");
    }
    Args a;
    a.command = argv[1];
    if (a.command != "tokens" && a.command != "people" && a.command != "query") {
        usage("unknown command " + a.command);
    }
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) {
            usage(arg + " needs a value");
        }
        const std::string v = argv[++i];
        const auto number = [&](int low, int high) {
            try {
                const int n = std::stoi(v);
                if (n >= low && n <= high) {
                    return n;
                }
            } catch (const std::exception&) {
            }
            usage(arg + ": expected " + std::to_string(low) + ".." + std::to_string(high) +
                  ", got \"" + v + "\"");
        };
        if (arg == "--database") {
            a.database = v;
        } else if (arg == "--data-dir") {
            a.dataDir = v;
        } else if (arg == "--certs") {
            a.certs = v;
        } else if (arg == "--count") {
            a.count = number(1, 1000000);
        } else if (arg == "--ttl-minutes") {
            a.ttl = number(0, 10080);
        } else if (arg == "--people") {
            a.people = number(1, 10000000);
        } else if (arg == "--days") {
            a.days = number(1, 3650);
        } else if (arg == "--second-device-percent") {
            a.secondDevicePercent = number(0, 100);
        } else if (arg == "--activity-per-day") {
            a.activityPerDay = number(0, 1000);
        } else if (arg == "--observations") {
            a.observations = number(0, 1000);
        } else if (arg == "--seed") {
            a.seed = number(0, 1 << 30);
        } else if (arg == "--query") {
            a.query = number(0, 1000000);
        } else {
            usage("unknown argument " + arg);
        }
    }
    if (a.database.empty()) {
        usage("--database is required");
    }
    if (a.certs.empty() != a.dataDir.empty()) {
        usage("--certs and --data-dir go together");
    }
    return a;
}

void check(const indblik::Status& s) {
    if (!s) {
        throw std::runtime_error(s.error());
    }
}

double since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string iso(std::int64_t epochSeconds, int millis = 0) {
    const std::time_t t = static_cast<std::time_t>(epochSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return text;
}

class Hex {
public:
    explicit Hex(std::uint64_t seed) : m_rng(seed) {}
    std::string operator()(std::size_t bytes) {
        static const char* digits = "0123456789abcdef";
        std::string out;
        out.reserve(bytes * 2);
        while (out.size() < bytes * 2) {
            std::uint64_t v = m_rng();
            for (int i = 0; i < 16 && out.size() < bytes * 2; ++i, v >>= 4) {
                out.push_back(digits[v & 15]);
            }
        }
        return out;
    }
    std::mt19937_64& rng() { return m_rng; }

private:
    std::mt19937_64 m_rng;
};

const char* const kProducts[] = {"osquery",     "wazuh-agent",   "teramind",       "snoopy",
                                 "crowdstrike", "auditd",        "rsyslog",        "zabbix-agent",
                                 "anydesk",     "chrome-policy", "firefox-policy", "activtrak"};
constexpr int kProductCount = 12;

std::string observationPayload(const std::string& product, int n, int version) {
    char text[512];
    std::snprintf(text, sizeof text,
                  "{\"detector\":\"process\",\"product\":\"%s\",\"name\":\"%s monitoring agent\","
                  "\"categories\":[\"activity\",\"network\"],\"evidence\":[\"/proc/%d/exe: "
                  "/usr/bin/%s\"],\"version\":\"%d.%d\",\"declared\":%s}",
                  product.c_str(), product.c_str(), 1200 + n, product.c_str(), 1 + version / 10,
                  version % 10, n % 3 == 0 ? "true" : "false");
    return text;
}

std::string activityPayload(std::mt19937_64& rng, const std::string& product,
                            const std::string& start, const std::string& end) {
    char text[640];
    std::snprintf(text, sizeof text,
                  "{\"observation\":\"product:%s\",\"name\":\"%s monitoring agent\",\"product\":"
                  "\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"cpu_seconds\":%d.%d,"
                  "\"bytes_written\":%llu,\"remote_endpoints\":[\"10.20.%d.%d:443\"],"
                  "\"spool_files\":%d,\"spool_bytes\":%llu,\"audit_log_bytes\":%llu}",
                  product.c_str(), product.c_str(), product.c_str(), start.c_str(), end.c_str(),
                  static_cast<int>(rng() % 60), static_cast<int>(rng() % 10),
                  static_cast<unsigned long long>(rng() % 1048576), static_cast<int>(rng() % 256),
                  static_cast<int>(rng() % 256), static_cast<int>(rng() % 5),
                  static_cast<unsigned long long>(rng() % 65536),
                  static_cast<unsigned long long>(rng() % 9000));
    return text;
}

struct Row {
    std::string device;
    indblik::LedgerEntry entry;
    std::string received;
};

// Inserts rows with few statements: SQLite one prepared INSERT bound to column vectors,
// PostgreSQL multi-row INSERTs of 100 rows (as ServerStore::ingest does).
void insertRows(Poco::Data::Session& s, Backend backend, const std::vector<Row>& rows) {
    if (rows.empty()) {
        return;
    }
    if (backend == Backend::Sqlite) {
        std::vector<std::string> devices, times, kinds, payloads, prevs, hashes, received;
        std::vector<Poco::Int64> seqs;
        for (const auto& r : rows) {
            devices.push_back(r.device);
            seqs.push_back(r.entry.seq);
            times.push_back(r.entry.time);
            kinds.push_back(r.entry.kind);
            payloads.push_back(r.entry.payload);
            prevs.push_back(r.entry.prevHash);
            hashes.push_back(r.entry.hash);
            received.push_back(r.received);
        }
        s << "INSERT INTO ledger_entries (device_id, seq, time, kind, payload, prev_hash, hash, "
             "received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            use(devices), use(seqs), use(times), use(kinds), use(payloads), use(prevs), use(hashes),
            use(received), now;
        return;
    }
    std::vector<Poco::Int64> seqs;
    for (const auto& r : rows) {
        seqs.push_back(r.entry.seq);
    }
    for (std::size_t first = 0; first < rows.size(); first += 100) {
        const std::size_t last = std::min(rows.size(), first + 100);
        const std::string sql =
            "INSERT INTO ledger_entries (device_id, seq, time, kind, payload, "
            "prev_hash, hash, received_at) VALUES " +
            indblik::server::placeholderRows(last - first, std::vector<std::string>(8, "$"));
        Poco::Data::Statement insert(s);
        insert << sql;
        for (std::size_t i = first; i < last; ++i) {
            const auto& r = rows[i];
            insert.addBind(useRef(r.device));
            insert.addBind(useRef(seqs[i]));
            insert.addBind(useRef(r.entry.time));
            insert.addBind(useRef(r.entry.kind));
            insert.addBind(useRef(r.entry.payload));
            insert.addBind(useRef(r.entry.prevHash));
            insert.addBind(useRef(r.entry.hash));
            insert.addBind(useRef(r.received));
        }
        insert.execute();
    }
}

std::unique_ptr<Database> open(const std::string& location) {
    auto db = Database::open(location, indblik::server::serverMigrations(), 1);
    if (!db) {
        throw std::runtime_error(db.error());
    }
    return std::move(db).value();
}

int tokens(const Args& a) {
    auto db = open(a.database);
    indblik::server::ServerStore store(*db);
    for (int i = 0; i < a.count; ++i) {
        auto token = store.createEnrollmentToken(a.ttl);
        if (!token) {
            throw std::runtime_error(token.error());
        }
        std::printf("%s\n", token.value().c_str());
    }
    return 0;
}

struct Person {
    std::string id, number, name, email, unit, username;
};

struct DeviceRow {
    std::string id, hostname, serial, fingerprint, person, user;
};

std::int64_t count(Database& db, const std::string& table) {
    Poco::Int64 n = 0;
    check(db.read("count " + table, [&](Poco::Data::Session& s) {
        s << ("SELECT COUNT(*) FROM " + table), into(n), now;
    }));
    return n;
}

std::string databaseSize(Database& db, const std::string& location) {
    if (db.backend() == Backend::Postgres) {
        std::string size;
        check(db.read("measure the database", [&](Poco::Data::Session& s) {
            s << "SELECT pg_size_pretty(SUM(pg_total_relation_size(c.oid))::bigint) FROM "
                 "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                 "current_schema() AND c.relkind = 'r'",
                into(size), now;
        }));
        return size + " (tables with their indexes and TOAST, in the current schema)";
    }
    std::uintmax_t bytes = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        const auto n = std::filesystem::file_size(location + suffix, ec);
        if (!ec) {
            bytes += n;
        }
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.2f GiB", static_cast<double>(bytes) / (1u << 30));
    return text;
}

void query(Database& db, const std::vector<Person>& people, int n, std::uint64_t seed) {
    // What GET /api/v1/me does for a random person, in process (no TLS, no HTTP): the read the
    // route makes (PersonalData::read with its default options, access-log check included) and
    // the JSON it answers with.
    std::mt19937_64 rng(seed);
    std::vector<double> reads, renders, totals;
    std::size_t events = 0, bytes = 0;
    PersonalData data(db);
    Caller caller;
    caller.role = Role::Employee;
    caller.actorId = "bench";
    for (int i = 0; i < n; ++i) {
        const std::string& person = people[rng() % people.size()].id;
        caller.personId = person;
        const auto t = std::chrono::steady_clock::now();
        auto set = data.read(person, caller, false, "data", "");
        if (!set || !set.value()) {
            throw std::runtime_error("cannot read " + person + ": " +
                                     (set ? std::string("no such person") : set.error()));
        }
        const double read = since(t) * 1000;
        const auto r = std::chrono::steady_clock::now();
        const std::string json = personalDataJson(*set.value());
        renders.push_back(since(r) * 1000);
        reads.push_back(read);
        totals.push_back(since(t) * 1000);
        events += set.value()->events.size();
        bytes += json.size();
    }
    const auto pct = [](std::vector<double> v, double p) {
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100 * v.size()))];
    };
    const auto count = static_cast<std::size_t>(n);
    std::printf("the employee-data route's own work, %d random people (%zu events, %zu bytes of "
                "JSON each on average):\n  read: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n  render: "
                "p50 %.2f ms, p99 %.2f ms\n  together: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                n, events / count, bytes / count, pct(reads, 50), pct(reads, 99), pct(reads, 100),
                pct(renders, 50), pct(renders, 99), pct(totals, 50), pct(totals, 99),
                pct(totals, 100));
}

int queryOnly(const Args& a) {
    auto db = open(a.database);
    std::vector<Person> people;
    std::vector<std::string> ids;
    check(db->read("read people", [&](Poco::Data::Session& s) {
        s << "SELECT person_id FROM people ORDER BY person_id", into(ids), now;
    }));
    if (ids.empty()) {
        throw std::runtime_error("no people in " + db->name() + " (run `people` first)");
    }
    for (auto& id : ids) {
        people.push_back({std::move(id), {}, {}, {}, {}, {}});
    }
    query(*db, people, std::max(a.query, 1), static_cast<std::uint64_t>(a.seed) + 1);
    return 0;
}

int people(const Args& a) {
    const auto started = std::chrono::steady_clock::now();
    auto db = open(a.database);
    if (db->backend() == Backend::Sqlite) {
        // One pooled session (see open()): a 1 GiB page cache keeps the secondary indexes'
        // pages in memory while the ledger grows.
        check(db->read("enlarge the cache",
                       [](Poco::Data::Session& s) { s << "PRAGMA cache_size = -1048576", now; }));
    }
    Hex hex(static_cast<std::uint64_t>(a.seed));
    auto& rng = hex.rng();
    const std::int64_t nowSeconds = std::time(nullptr) / 86400 * 86400;
    const std::int64_t firstDay = nowSeconds - std::int64_t{a.days} * 86400;
    const std::string created = iso(firstDay);

    std::vector<Person> people;
    std::vector<DeviceRow> devices;
    for (int p = 0; p < a.people; ++p) {
        char number[32], user[32];
        std::snprintf(number, sizeof number, "E%06d", p + 1);
        std::snprintf(user, sizeof user, "user%06d", p + 1);
        Person person{hex(16),
                      number,
                      "Employee " + std::to_string(p + 1),
                      std::string(user) + "@example.dk",
                      "unit-" + std::to_string(p % 100),
                      user};
        const int deviceCount = static_cast<int>(rng() % 100) < a.secondDevicePercent ? 2 : 1;
        for (int d = 0; d < deviceCount; ++d) {
            devices.push_back({hex(16), std::string(user) + (d == 0 ? "-laptop" : "-desktop"),
                               hex(16), hex(32), person.id, person.username});
        }
        people.push_back(std::move(person));
    }
    // In key order, so the primary key indexes of the ledger grow at their ends.
    std::sort(devices.begin(), devices.end(),
              [](const DeviceRow& x, const DeviceRow& y) { return x.id < y.id; });

    std::ofstream manifest;
    std::string csr, caCert, caKey;
    if (!a.certs.empty()) {
        std::filesystem::create_directories(a.certs);
        auto key = indblik::pki::generatePrivateKey();
        auto request = key ? indblik::pki::makeCsr(key.value(), "indblik-bench")
                           : indblik::Result<std::string>(indblik::Error{key.error()});
        auto cert = indblik::readFile(a.dataDir + "/ca.crt", 65536);
        auto cakey = indblik::readFile(a.dataDir + "/ca.key", 65536);
        if (!request || !cert || !cakey) {
            throw std::runtime_error("cannot make certificates: need ca.crt and ca.key in " +
                                     a.dataDir);
        }
        csr = request.value();
        caCert = cert.value();
        caKey = cakey.value();
        check(indblik::writeFileAtomically(a.certs + "/agent.key", key.value(), 0600));
        manifest.open(a.certs + "/manifest.tsv");
    }

    // People, devices and who uses which, in one transaction.
    check(db->write("store people and devices", [&](Poco::Data::Session& s) {
        for (const auto& p : people) {
            s << "INSERT INTO people (person_id, employee_number, name, email, org_unit, "
                 "username, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                useRef(p.id), useRef(p.number), useRef(p.name), useRef(p.email), useRef(p.unit),
                useRef(p.username), useRef(created), now;
        }
        for (std::size_t i = 0; i < devices.size(); ++i) {
            auto& d = devices[i];
            if (!csr.empty()) {
                auto issued = indblik::pki::signClientCertificate(csr, caCert, caKey, d.id, 397);
                if (!issued) {
                    throw std::runtime_error(issued.error());
                }
                d.serial = issued->serial;
                d.fingerprint = issued->fingerprint;
                const std::string file = a.certs + "/" + std::to_string(i) + ".pem";
                check(indblik::writeFileAtomically(file, issued->pem, 0644));
                manifest << d.id << '\t' << d.user << '\t' << d.person << '\t' << file << '\n';
            }
            s << "INSERT INTO devices (device_id, hostname, cert_serial, cert_fingerprint, "
                 "enrolled_at) VALUES ($1, $2, $3, $4, $5)",
                useRef(d.id), useRef(d.hostname), useRef(d.serial), useRef(d.fingerprint),
                useRef(created), now;
            s << "INSERT INTO person_devices (device_id, os_user, person_id, assigned_at, "
                 "source) VALUES ($1, $2, $3, $4, 'directory')",
                useRef(d.id), useRef(d.user), useRef(d.person), useRef(created), now;
        }
        return true;
    }));
    const double peopleSeconds = since(started);

    // Each device's year, 50 devices a transaction.
    std::int64_t entries = 0;
    std::uint64_t payloadBytes = 0;
    std::vector<Row> rows;
    const auto ledgerStarted = std::chrono::steady_clock::now();
    std::vector<std::pair<std::string, std::pair<Poco::Int64, std::string>>> heads;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const auto& d = devices[i];
        std::vector<std::string> products;
        for (int k = 0; k < 3; ++k) {
            products.push_back(kProducts[(rng() % kProductCount)]);
        }
        std::string prev(indblik::kGenesisHash);
        Poco::Int64 seq = 0;
        const auto add = [&](std::int64_t at, const char* kind, std::string payload) {
            indblik::LedgerEntry e;
            e.seq = ++seq;
            e.time = iso(at, static_cast<int>(rng() % 1000));
            e.kind = kind;
            e.payload = std::move(payload);
            e.prevHash = prev;
            e.hash = indblik::chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
            prev = e.hash;
            payloadBytes += e.payload.size();
            rows.push_back({d.id, std::move(e), iso(at + 60 + static_cast<int>(rng() % 300))});
        };
        const std::int64_t enrolled = firstDay + 8 * 3600;
        for (int k = 0; k < a.observations; ++k) {
            add(enrolled, "observation.added",
                observationPayload(kProducts[(i + static_cast<std::size_t>(k)) % kProductCount], k,
                                   0));
        }
        for (int day = 0; day < a.days; ++day) {
            const std::int64_t midnight = firstDay + std::int64_t{day} * 86400;
            const int weekday = static_cast<int>((midnight / 86400 + 4) % 7); // 0 = Sunday
            if (weekday == 0 || weekday == 6) {
                continue;
            }
            if (rng() % 21 == 0 && a.observations > 0) {
                add(midnight + 8 * 3600 + 300, "observation.changed",
                    observationPayload(products[0], 0, day));
            }
            const int n =
                a.activityPerDay == 0 ? 0 : static_cast<int>(rng() % (2 * a.activityPerDay + 1));
            std::vector<std::int64_t> ends;
            for (int k = 0; k < n; ++k) {
                ends.push_back(midnight + 8 * 3600 + static_cast<std::int64_t>(rng() % (8 * 3600)));
            }
            std::sort(ends.begin(), ends.end());
            for (const auto end : ends) {
                const std::string& product = products[rng() % products.size()];
                add(end, "activity",
                    activityPayload(rng, product, iso(end - 300 - rng() % 3000), iso(end)));
            }
        }
        heads.push_back({d.id, {seq, prev}});
        if (heads.size() == 50 || i + 1 == devices.size()) {
            check(db->write("store ledger entries", [&](Poco::Data::Session& s) {
                insertRows(s, db->backend(), rows);
                for (auto& [device, head] : heads) {
                    s << "UPDATE devices SET chain_seq = $1, chain_hash = $2, last_seen = $3 "
                         "WHERE device_id = $4",
                        bind(head.first), useRef(head.second), bind(iso(nowSeconds)),
                        useRef(device), now;
                }
                return true;
            }));
            entries += static_cast<std::int64_t>(rows.size());
            rows.clear();
            heads.clear();
            std::fprintf(stderr, "\r%zu/%zu devices, %lld entries, %.0f s", i + 1, devices.size(),
                         static_cast<long long>(entries), since(started));
        }
    }
    const double ledgerSeconds = since(ledgerStarted);
    std::fprintf(stderr, "\n");
    check(db->read("analyze", [](Poco::Data::Session& s) { s << "ANALYZE", now; }));
    std::printf(
        "filled %s in %.0f s (people and devices %.0f s; ledger %.0f s, %.0f entries/s)\n"
        "  people %lld, devices %lld, person_devices %lld, ledger_entries %lld (%.0f per "
        "device, payload %.0f bytes on average)\n  size %s\n",
        indblik::server::redactedLocation(a.database).c_str(), since(started), peopleSeconds,
        ledgerSeconds, static_cast<double>(entries) / ledgerSeconds,
        static_cast<long long>(count(*db, "people")), static_cast<long long>(count(*db, "devices")),
        static_cast<long long>(count(*db, "person_devices")),
        static_cast<long long>(count(*db, "ledger_entries")),
        static_cast<double>(entries) / static_cast<double>(devices.size()),
        static_cast<double>(payloadBytes) / static_cast<double>(std::max<std::int64_t>(1, entries)),
        databaseSize(*db, a.database).c_str());
    if (a.query > 0) {
        query(*db, people, a.query, static_cast<std::uint64_t>(a.seed) + 1);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    try {
        if (a.command == "tokens") {
            return tokens(a);
        }
        return a.command == "people" ? people(a) : queryOnly(a);
    } catch (const std::exception& e) {
        std::cerr << "indblik_server_fill: " << e.what() << "\n";
        return 1;
    }
}
