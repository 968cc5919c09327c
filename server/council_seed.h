#pragma once

// For tests: the works council's seeded workplace, written through the server's own store, with
// figures the tests know (docs/council-reports.md):
//
//   Udvikling 30 people, each with one computer; Falcon (declared) on all 30, Hubstaff
//             (undeclared) on 12, Teramind (undeclared) on 2; 25 computers reported in the
//             last week of January 2026. 11 questions, 12 copies, 2 objections (1 open and
//             overdue). 22 reads by the DPO (10 with a stated reason, 12 answering a request),
//             1 refused council read.
//   Salg      12 people, Falcon only, all reported.
//   Jura       3 people, Teramind (undeclared): smaller than the minimum group size 10.
//
// After January, for the trends by month (nothing that changes January's figures or the alerts):
//   February  all 30 of Udvikling's computers report (10 Feb); 10 questions from u0-u9, answered
//             in time; 12 DPO reads of u0-u11 answering a request.
//   March     only u0-u2's computers report (10 Mar); 3 copy requests from u0-u2, answered in
//             time; 2 DPO reads of u0 and u1. From fewer than 10 people: Udvikling's March is
//             hidden in every column but the undeclared ones (14 people all three months), and
//             February's requests and reads with it, so the total minus January does not give
//             March away.
//
// Shared by server/council_report_test.cpp and tests/integration/council_browser_test.cpp.

#include <string>
#include <utility>
#include <vector>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "database.h"
#include "ledger.h"
#include "policy_lifecycle.h"
#include "server_store.h"

namespace indblik::server::testing {

inline const char* kCouncilSeedPolicy =
    R"({"format": "indblik.policy/1", "id": "edr", "system": "Falcon EDR",)"
    R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": ["security_telemetry"],)"
    R"( "purposes": {"en": "Security", "da": "Sikkerhed"},)"
    R"( "legal_basis": {"en": "Article 6.1.f", "da": "Artikel 6.1.f"},)"
    R"( "retention_days": 90, "access": [{"role": {"en": "IT", "da": "IT"}, "level": "individual"}],)"
    R"( "announced": "2025-10-01", "effective": "2025-11-15",)"
    R"( "contact": {"name": "DPO", "email": "dpo@example.test"}})";

inline std::string seedObservation(const std::string& product, const std::string& category,
                                   bool declared) {
    return R"({"detector":"process","product":")" + product + R"(","name":")" + product +
           R"(","title":null,"categories":[")" + category +
           R"("],"evidence":["/opt/x"],"why":{"en":"e","da":"d"},"declared":)" +
           (declared ? std::string(R"(true,"policy":"edr"})") : R"(false,"policy":null})");
}

// The workplace above. all() writes it; person(), request() and access() add more.
class CouncilSeed {
public:
    explicit CouncilSeed(Database& db) : m_db(db), m_store(db) {}

    void all() {
        PolicyLifecycle lifecycle(m_db, [] { return std::string("2025-10-01T09:00:00.000Z"); });
        ASSERT_TRUE(lifecycle.publishDirectly(kCouncilSeedPolicy, "edr.json", "test").ok());
        for (int i = 0; i < 30; ++i) {
            std::vector<std::pair<std::string, std::string>> found = {
                {"observation.added",
                 seedObservation("crowdstrike-falcon", "security_telemetry", true)}};
            if (i < 12) {
                found.push_back(
                    {"observation.added", seedObservation("hubstaff", "application_usage", false)});
            }
            if (i >= 12 && i < 14) {
                found.push_back(
                    {"observation.added", seedObservation("teramind", "keystrokes", false)});
            }
            std::vector<std::string> later = {"2026-02-10T08:00:00.000Z"};
            if (i < 3) {
                later.push_back("2026-03-10T08:00:00.000Z");
            }
            person("u" + std::to_string(i), "Udvikling", found, i >= 5, later);
        }
        for (int i = 0; i < 12; ++i) {
            person("s" + std::to_string(i), "Salg",
                   {{"observation.added",
                     seedObservation("crowdstrike-falcon", "security_telemetry", true)}},
                   true);
        }
        for (int i = 0; i < 3; ++i) {
            person("j" + std::to_string(i), "Jura",
                   {{"observation.added", seedObservation("teramind", "keystrokes", false)}}, true);
        }
        for (int i = 0; i < 11; ++i) {
            request("u" + std::to_string(i), "question", "answered", "2026-01-05T10:00:00.000Z",
                    "2026-02-05T23:59:59.999Z", "2026-01-08T10:00:00.000Z");
        }
        for (int i = 0; i < 12; ++i) {
            request("u" + std::to_string(i), "copy", "answered", "2026-01-06T10:00:00.000Z",
                    "2026-02-06T23:59:59.999Z", "2026-01-11T10:00:00.000Z");
        }
        request("u20", "objection", "answered", "2026-01-02T10:00:00.000Z",
                "2026-01-10T23:59:59.999Z", "2026-01-09T10:00:00.000Z");
        request("u21", "objection", "received", "2026-01-03T10:00:00.000Z",
                "2026-01-20T23:59:59.999Z", "");
        for (int i = 0; i < 10; ++i) {
            access("u" + std::to_string(i), "dpo", "copy request of 3 January", "read");
        }
        for (int i = 10; i < 22; ++i) {
            access("u" + std::to_string(i), "dpo", "handling request r1", "read");
        }
        access("u29", "council", "(no reason given)", "refused");
        // February and March (the trends).
        for (int i = 0; i < 10; ++i) {
            request("u" + std::to_string(i), "question", "answered", "2026-02-03T10:00:00.000Z",
                    "2026-03-03T23:59:59.999Z", "2026-02-06T10:00:00.000Z");
        }
        for (int i = 0; i < 3; ++i) {
            request("u" + std::to_string(i), "copy", "answered", "2026-03-04T10:00:00.000Z",
                    "2026-04-04T23:59:59.999Z", "2026-03-09T10:00:00.000Z");
        }
        for (int i = 0; i < 12; ++i) {
            access("u" + std::to_string(i), "dpo", "handling request r26", "read",
                   "2026-02-12T09:00:00.000Z");
        }
        for (int i = 0; i < 2; ++i) {
            access("u" + std::to_string(i), "dpo", "handling request r36", "read",
                   "2026-03-12T09:00:00.000Z");
        }
    }

    void person(const std::string& id, const std::string& unit,
                const std::vector<std::pair<std::string, std::string>>& entries,
                bool reportedLastWeek, const std::vector<std::string>& laterReports = {}) {
        using namespace Poco::Data::Keywords;
        const std::string device = "dev-" + id;
        ASSERT_TRUE(
            m_db.write("add a person",
                       [&](Poco::Data::Session& s) {
                           s << "INSERT INTO people (person_id, name, org_unit, created_at, "
                                "updated_at) VALUES ($1, $1, $2, 't', 't')",
                               useRef(id), useRef(unit), now;
                           s << "INSERT INTO devices (device_id, hostname, cert_serial, "
                                "cert_fingerprint, enrolled_at) VALUES ($1, $1, $1, 'ff', 't')",
                               useRef(device), now;
                           s << "INSERT INTO person_devices (device_id, os_user, person_id, "
                                "assigned_at, source) VALUES ($1, '*', $2, 't', 'admin')",
                               useRef(device), useRef(id), now;
                           return true;
                       })
                .ok());
        std::vector<LedgerEntry> batch;
        std::string head(kGenesisHash);
        auto append = [&](const std::string& kind, const std::string& payload,
                          const std::string& time) {
            LedgerEntry e;
            e.seq = static_cast<std::int64_t>(batch.size()) + 1;
            e.time = time;
            e.kind = kind;
            e.payload = payload;
            e.prevHash = head;
            e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
            head = e.hash;
            batch.push_back(e);
        };
        for (const auto& [kind, payload] : entries) {
            append(kind, payload, "2026-01-04T08:00:00.000Z");
        }
        if (reportedLastWeek) {
            append(
                "activity",
                R"({"observation":"product:crowdstrike-falcon","name":"x","start":"s","end":"e"})",
                "2026-01-29T08:00:00.000Z");
        }
        for (const auto& time : laterReports) {
            append(
                "activity",
                R"({"observation":"product:crowdstrike-falcon","name":"x","start":"s","end":"e"})",
                time);
        }
        auto outcome = m_store.ingest(device, batch);
        ASSERT_EQ(outcome.refusal, Refusal::None) << outcome.error;
    }

    void request(const std::string& person, const std::string& type, const std::string& status,
                 const std::string& received, const std::string& due, const std::string& answered) {
        using namespace Poco::Data::Keywords;
        const std::string id = "r" + std::to_string(++m_requests);
        ASSERT_TRUE(
            m_db.write("add a request",
                       [&](Poco::Data::Session& s) {
                           s << "INSERT INTO requests (request_id, person_id, type, subject, body, "
                                "status, received_at, due_at, answered_at, updated_at) VALUES ($1, "
                                "$2, $3, 's', 'b', $4, $5, $6, NULLIF($7, ''), $5)",
                               useRef(id), useRef(person), useRef(type), useRef(status),
                               useRef(received), useRef(due), useRef(answered), now;
                           return true;
                       })
                .ok());
    }

    void access(const std::string& person, const std::string& role, const std::string& why,
                const std::string& outcome, const std::string& time = "2026-01-15T09:00:00.000Z") {
        using namespace Poco::Data::Keywords;
        const Poco::Int64 seq = ++m_access;
        ASSERT_TRUE(
            m_db.write("add an access event",
                       [&](Poco::Data::Session& s) {
                           s << "INSERT INTO access_events (person_id, seq, time, actor_id, "
                                "actor_name, actor_role, what, why, outcome, prev_hash, hash) "
                                "VALUES ($1, $2, $3, 'x', 'X', $4, 'data', $5, $6, 'p', 'h')",
                               useRef(person), bind(seq), useRef(time), useRef(role), useRef(why),
                               useRef(outcome), now;
                           return true;
                       })
                .ok());
    }

private:
    Database& m_db;
    ServerStore m_store;
    int m_requests = 0;
    Poco::Int64 m_access = 0;
};

} // namespace indblik::server::testing
