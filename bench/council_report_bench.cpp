// Times the works council's report (issue 7) on a database `indblik_server_fill people` filled
// with an organisation's year. Not part of the product.
//
//   indblik_council_report_bench --database LOCATION [--runs 3] [--requests-per-person 2]
//       [--reads-per-person 5] [--seed 1]
//
// First (once: skipped when the database has requests) it adds what the fill does not make,
// spread over the same year: requests (random types, received any day, most answered within
// 1-40 days, some open), access events (the DPO with a reason or handling a request, a refused
// council attempt now and then, employees' own exports), a retention deletion per week, a
// declared policy with council positions. Then it times CouncilReports::generate, the whole
// report as `indblik-server admin council-report` computes it (reads, disclosure control, the
// differencing guard and the log), for the whole workplace over the year and for the largest
// org unit, `runs` times each, and prints each time and the median.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include "council_report.h"
#include "database.h"
#include "ledger.h"
#include "pki.h"
#include "policy_lifecycle.h"
#include "schema.h"

using namespace Poco::Data::Keywords;
using indblik::server::CouncilReportRequest;
using indblik::server::CouncilReports;
using indblik::server::Database;

namespace {

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "indblik_council_report_bench: " << problem
              << "\nusage: indblik_council_report_bench --database LOCATION [--runs N] "
                 "[--requests-per-person N] [--reads-per-person N] [--seed N]\n";
    std::exit(2);
}

struct Args {
    std::string database;
    int runs = 3, requestsPerPerson = 2, readsPerPerson = 5, seed = 1;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(arg + " needs a value");
            }
            return argv[++i];
        };
        auto number = [&](int lo, int hi) {
            const std::string v = value();
            try {
                const int n = std::stoi(v);
                if (n < lo || n > hi) {
                    usage(arg + ": from " + std::to_string(lo) + " to " + std::to_string(hi));
                }
                return n;
            } catch (const std::exception&) {
                usage(arg + ": not a number: " + v);
            }
        };
        if (arg == "--database") {
            a.database = value();
        } else if (arg == "--runs") {
            a.runs = number(1, 100);
        } else if (arg == "--requests-per-person") {
            a.requestsPerPerson = number(0, 100);
        } else if (arg == "--reads-per-person") {
            a.readsPerPerson = number(0, 100);
        } else if (arg == "--seed") {
            a.seed = number(0, 1 << 30);
        } else {
            usage("unknown argument " + arg);
        }
    }
    if (a.database.empty()) {
        usage("--database is required");
    }
    return a;
}

std::string iso(std::int64_t epochSeconds) {
    const std::time_t t = static_cast<std::time_t>(epochSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    return buf;
}

std::string day(std::int64_t epochSeconds) {
    return iso(epochSeconds).substr(0, 10);
}

void check(const indblik::Status& s) {
    if (!s) {
        throw std::runtime_error(s.error());
    }
}

double since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

const char* kPolicy =
    R"({"format": "indblik.policy/1", "id": "bench-edr", "system": "Bench EDR",)"
    R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": ["security_telemetry"],)"
    R"( "purposes": {"en": "Security", "da": "Sikkerhed"},)"
    R"( "legal_basis": {"en": "Article 6.1.f", "da": "Artikel 6.1.f"},)"
    R"( "retention_days": 90, "access": [{"role": {"en": "IT", "da": "IT"}, "level": "individual"}],)"
    R"( "announced": "ANNOUNCED", "effective": "EFFECTIVE",)"
    R"( "contact": {"name": "DPO", "email": "dpo@example.test"}})";

// Requests, access events, retention actions and council positions over the year before today.
void addExtras(Database& db, const Args& a, std::int64_t firstDay, std::int64_t today) {
    std::vector<std::string> people;
    check(db.read("read people", [&](Poco::Data::Session& s) {
        s << "SELECT person_id FROM people ORDER BY person_id", into(people), now;
    }));
    std::mt19937 rng(static_cast<unsigned>(a.seed));
    const std::int64_t span = today - firstDay;
    auto when = [&] { return firstDay + static_cast<std::int64_t>(rng() % span); };
    const char* types[] = {"question", "copy", "correction", "objection", "deletion"};
    const auto started = std::chrono::steady_clock::now();
    std::size_t requests = 0, reads = 0;
    check(db.write("add requests and reads", [&](Poco::Data::Session& s) {
        for (const auto& person : people) {
            for (int i = 0; i < a.requestsPerPerson; ++i) {
                const std::int64_t received = when();
                const std::string id = indblik::pki::randomHex(12).value();
                const std::string type = types[rng() % 5];
                const std::string receivedAt = iso(received);
                const std::string dueAt = iso(received + 30 * 86400);
                const bool open = rng() % 10 == 0;
                const std::string status = open ? "received" : "answered";
                const std::string answeredAt =
                    open ? "" : iso(received + (1 + static_cast<std::int64_t>(rng() % 40)) * 86400);
                s << "INSERT INTO requests (request_id, person_id, type, subject, body, status, "
                     "received_at, due_at, answered_at, updated_at) VALUES ($1, $2, $3, 's', 'b', "
                     "$4, $5, $6, NULLIF($7, ''), $5)",
                    useRef(id), useRef(person), useRef(type), useRef(status), useRef(receivedAt),
                    useRef(dueAt), useRef(answeredAt), now;
                ++requests;
            }
            for (int i = 0; i < a.readsPerPerson; ++i) {
                const Poco::Int64 seq = i + 1;
                const auto pick = rng() % 20;
                const std::string role = pick < 12 ? "dpo" : pick < 13 ? "council" : "employee";
                const std::string why = pick < 8    ? "copy request of the month"
                                        : pick < 12 ? "handling request r" + std::to_string(i)
                                        : pick < 13 ? "(no reason given)"
                                                    : "self";
                const std::string outcome = pick == 12 ? "refused" : "read";
                const std::string time = iso(when());
                s << "INSERT INTO access_events (person_id, seq, time, actor_id, actor_name, "
                     "actor_role, what, why, outcome, prev_hash, hash) VALUES ($1, $2, $3, 'x', "
                     "'X', $4, 'data', $5, $6, 'p', 'h')",
                    useRef(person), bind(seq), useRef(time), useRef(role), useRef(why),
                    useRef(outcome), now;
                ++reads;
            }
        }
        for (std::int64_t t = firstDay; t < today; t += 7 * 86400) {
            const std::string id = indblik::pki::randomHex(12).value();
            const std::string time = iso(t + 3600);
            const Poco::Int64 count = 1000 + static_cast<Poco::Int64>(rng() % 5000);
            s << "INSERT INTO system_actions (action_id, time, action, detail, count) VALUES ($1, "
                 "$2, 'retention.delete', '{\"policy\":\"bench-edr\"}', $3)",
                useRef(id), useRef(time), bind(count), now;
        }
        s << "INSERT INTO accounts (account_id, login, display_name, role, created_at, "
             "created_by) VALUES ('bench-council', 'bench-council', 'Bench council', 'council', "
             "'t', 'bench') ON CONFLICT DO NOTHING",
            now;
        return true;
    }));
    const std::string published = iso(firstDay);
    indblik::server::PolicyLifecycle lifecycle(db, [published] { return published; });
    // Announced 60 days before the year, in effect 10 days before it.
    std::string document = kPolicy;
    document.replace(document.find("ANNOUNCED"), 9, day(firstDay - 60 * 86400));
    document.replace(document.find("EFFECTIVE"), 9, day(firstDay - 10 * 86400));
    auto p = lifecycle.publishDirectly(document, "bench-edr.json", "bench");
    if (!p.ok()) {
        throw std::runtime_error(p.error);
    }
    check(db.write("add positions", [](Poco::Data::Session& s) {
        s << "INSERT INTO council_positions (policy_id, version, account_id, position, note, "
             "recorded_at) VALUES ('bench-edr', 1, 'bench-council', 'acknowledged', '', 't')",
            now;
        return true;
    }));
    std::printf("added %zu requests, %zu access events, weekly retention actions, a policy in "
                "%.1f s\n",
                requests, reads, since(started));
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[(v.size() - 1) / 2];
}

} // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    try {
        auto opened = Database::open(a.database, indblik::server::serverMigrations(), 2);
        if (!opened) {
            throw std::runtime_error(opened.error());
        }
        Database& db = *opened.value();
        const std::int64_t today = std::time(nullptr) / 86400 * 86400;
        const std::int64_t firstDay = today - 365 * std::int64_t{86400};
        Poco::Int64 requests = 0, people = 0, devices = 0, entries = 0;
        std::string largestUnit;
        check(db.read("count", [&](Poco::Data::Session& s) {
            s << "SELECT COUNT(*) FROM requests", into(requests), now;
            s << "SELECT COUNT(*) FROM people", into(people), now;
            s << "SELECT COUNT(*) FROM devices", into(devices), now;
            s << "SELECT MAX(rowid) FROM ledger_entries", into(entries), now;
            s << "SELECT org_unit FROM people GROUP BY org_unit ORDER BY COUNT(*) DESC, org_unit "
                 "LIMIT 1",
                into(largestUnit), now;
        }));
        std::printf("database %s: %lld people, %lld devices, about %lld ledger entries\n",
                    indblik::server::redactedLocation(a.database).c_str(),
                    static_cast<long long>(people), static_cast<long long>(devices),
                    static_cast<long long>(entries));
        if (requests == 0) {
            addExtras(db, a, firstDay, today);
        }
        // A run on a later day asks for a period shifted by days, which the differencing guard
        // over time compares with the previous run's and may refuse: the bench's own log of
        // earlier runs goes first.
        check(db.write("forget the bench's earlier reports", [](Poco::Data::Session& s) {
            s << "DELETE FROM released_report_people WHERE report_id IN (SELECT report_id FROM "
                 "released_reports WHERE asked_by = 'bench-council')",
                now;
            s << "DELETE FROM released_reports WHERE asked_by = 'bench-council'", now;
            return true;
        }));
        CouncilReports reports(db);
        for (const bool all : {true, false}) {
            std::vector<double> times;
            for (int run = 0; run < a.runs; ++run) {
                CouncilReportRequest r;
                r.all = all;
                r.unit = all ? "" : largestUnit;
                r.from = day(firstDay);
                r.to = day(today + 86400);
                r.askedBy = "bench-council";
                r.askedRole = "council";
                const auto t = std::chrono::steady_clock::now();
                auto outcome = reports.generate(r);
                times.push_back(since(t));
                if (!outcome.ok()) {
                    throw std::runtime_error(outcome.error);
                }
                std::size_t figures = 0;
                for (const auto& table : outcome.report->tables) {
                    figures += table.rows.size() * table.columns.size();
                }
                std::printf("%s %s..%s run %d: %.3f s (%zu tables, %zu figures)\n",
                            all ? "whole workplace" : ("unit " + largestUnit).c_str(),
                            r.from.c_str(), r.to.c_str(), run + 1, times.back(),
                            outcome.report->tables.size(), figures);
            }
            std::printf("%s: median %.3f s of %d runs\n",
                        all ? "whole workplace" : ("unit " + largestUnit).c_str(), median(times),
                        a.runs);
            // The same scope a day later, after the year was released: the guard over time
            // compares the two periods (released or refused, the cost is the point).
            CouncilReportRequest shifted;
            shifted.all = all;
            shifted.unit = all ? "" : largestUnit;
            shifted.from = day(firstDay + 86400);
            shifted.to = day(today + 2 * 86400);
            shifted.askedBy = "bench-council";
            shifted.askedRole = "council";
            const auto t = std::chrono::steady_clock::now();
            const auto outcome = reports.generate(shifted);
            std::printf("%s %s..%s (overlapping the year): %.3f s, %s\n",
                        all ? "whole workplace" : ("unit " + largestUnit).c_str(),
                        shifted.from.c_str(), shifted.to.c_str(), since(t),
                        outcome.ok() ? "released" : "refused by the guard over time");
        }
    } catch (const std::exception& e) {
        std::cerr << "indblik_council_report_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
