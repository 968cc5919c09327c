// The works council's report pages in a real browser: headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core from tests/browser/council.mjs) against a real
// indblik-server process over real TLS, on a seeded workplace whose figures are known:
//
//   Udvikling 30 people, each with one computer; Falcon (declared) on all 30, Hubstaff
//             (undeclared) on 12, Teramind (undeclared) on 2; 25 computers reported in the
//             period's last week. 11 questions, 12 copies, 2 objections (1 open and overdue).
//             22 reads by the DPO (10 with a stated reason, 12 answering a request), 1 refused
//             council read.
//   Salg      12 people, Falcon only, all reported.
//   Jura       3 people, Teramind (undeclared): smaller than the minimum group size 10.
//
// The browser signs in through the form, makes reports for a unit and for the workplace, checks
// the numbers and the hidden marks, downloads the CSV, switches to Danish and prints. Runs on
// SQLite and again on PostgreSQL under ctest's postgres fixture. Screenshots go to
// INDBLIK_BROWSER_ARTIFACTS (the build dir).

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "ledger.h"
#include "policy_lifecycle.h"
#include "server_process.h"
#include "server_store.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik {
namespace {

using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
namespace fs = std::filesystem;

const std::string kPassword = "correct horse battery staple";

const char* kPolicy =
    R"({"format": "indblik.policy/1", "id": "edr", "system": "Falcon EDR",)"
    R"( "covers": {"catalog": ["crowdstrike-falcon"]}, "categories": ["security_telemetry"],)"
    R"( "purposes": {"en": "Security", "da": "Sikkerhed"},)"
    R"( "legal_basis": {"en": "Article 6.1.f", "da": "Artikel 6.1.f"},)"
    R"( "retention_days": 90, "access": [{"role": {"en": "IT", "da": "IT"}, "level": "individual"}],)"
    R"( "announced": "2025-10-01", "effective": "2025-11-15",)"
    R"( "contact": {"name": "DPO", "email": "dpo@example.test"}})";

std::string observation(const std::string& product, const std::string& category, bool declared) {
    return R"({"detector":"process","product":")" + product + R"(","name":")" + product +
           R"(","title":null,"categories":[")" + category +
           R"("],"evidence":["/opt/x"],"why":{"en":"e","da":"d"},"declared":)" +
           (declared ? std::string(R"(true,"policy":"edr"})") : R"(false,"policy":null})");
}

// The seeded workplace, written through the server's own store before the server starts.
class Seed {
public:
    explicit Seed(server::Database& db) : m_db(db), m_store(db) {}

    void all() {
        server::PolicyLifecycle lifecycle(m_db,
                                          [] { return std::string("2025-10-01T09:00:00.000Z"); });
        ASSERT_TRUE(lifecycle.publishDirectly(kPolicy, "edr.json", "test").ok());
        for (int i = 0; i < 30; ++i) {
            std::vector<std::pair<std::string, std::string>> found = {
                {"observation.added",
                 observation("crowdstrike-falcon", "security_telemetry", true)}};
            if (i < 12) {
                found.push_back(
                    {"observation.added", observation("hubstaff", "application_usage", false)});
            }
            if (i >= 12 && i < 14) {
                found.push_back(
                    {"observation.added", observation("teramind", "keystrokes", false)});
            }
            person("u" + std::to_string(i), "Udvikling", found, i >= 5);
        }
        for (int i = 0; i < 12; ++i) {
            person("s" + std::to_string(i), "Salg",
                   {{"observation.added",
                     observation("crowdstrike-falcon", "security_telemetry", true)}},
                   true);
        }
        for (int i = 0; i < 3; ++i) {
            person("j" + std::to_string(i), "Jura",
                   {{"observation.added", observation("teramind", "keystrokes", false)}}, true);
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
    }

private:
    void person(const std::string& id, const std::string& unit,
                const std::vector<std::pair<std::string, std::string>>& entries,
                bool reportedLastWeek) {
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
        auto outcome = m_store.ingest(device, batch);
        ASSERT_EQ(outcome.refusal, server::Refusal::None) << outcome.error;
    }

    void request(const std::string& person, const std::string& type, const std::string& status,
                 const std::string& received, const std::string& due, const std::string& answered) {
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
                const std::string& outcome) {
        const Poco::Int64 seq = ++m_access;
        ASSERT_TRUE(
            m_db.write("add an access event",
                       [&](Poco::Data::Session& s) {
                           s << "INSERT INTO access_events (person_id, seq, time, actor_id, "
                                "actor_name, actor_role, what, why, outcome, prev_hash, hash) "
                                "VALUES ($1, $2, '2026-01-15T09:00:00.000Z', 'x', 'X', $3, "
                                "'data', $4, $5, 'p', 'h')",
                               useRef(person), bind(seq), useRef(role), useRef(why),
                               useRef(outcome), now;
                           return true;
                       })
                .ok());
    }

    server::Database& m_db;
    server::ServerStore m_store;
    int m_requests = 0;
    Poco::Int64 m_access = 0;
};

class CouncilBrowserTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = indblik::testing::freshTestDir("indblik-councilbrowser");
        {
            auto db = m_db.open();
            Seed seed(*db);
            seed.all();
            ASSERT_FALSE(HasFatalFailure());
        }
        m_server =
            std::make_unique<ServerProcess>(INDBLIK_SERVER_BIN, m_dir / "data", m_dir, "server");
        m_server->start({"--database", m_db.location()});
    }

    void TearDown() override {
        m_server->stop();
        if (HasFailure()) {
            std::cerr << "--- server stderr ---\n" << readText(m_server->errPath());
        }
        fs::remove_all(m_dir);
    }

    Outcome admin(const std::vector<std::string>& command, const std::string& input = {}) {
        return m_server->admin(command, input, {"--database", m_db.location()});
    }

    server::testing::TestDatabase m_db;
    fs::path m_dir;
    std::unique_ptr<ServerProcess> m_server;
};

TEST_F(CouncilBrowserTest, AMemberSignsInAndReadsReportsInChromium) {
    const fs::path browserDir = INDBLIK_BROWSER_DIR;
    ASSERT_TRUE(fs::exists(browserDir / "node_modules" / "playwright-core"))
        << "run `npm ci` in " << browserDir << " (scripts/indblik test does)";
    ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "apt-get install chromium";
    const Outcome made = admin(
        {"create-user", "carla", "--role", "council", "--name", "Carla Council"}, kPassword + "\n");
    ASSERT_EQ(made.exitCode, 0) << made.err;

    const char* pg = std::getenv("INDBLIK_TEST_POSTGRES");
    const fs::path artifacts =
        fs::path(INDBLIK_BROWSER_ARTIFACTS) / (pg && *pg ? "postgresql" : "sqlite");
    fs::remove_all(artifacts); // this run's screenshots only
    fs::create_directories(artifacts);
    const Outcome run = testing::runProgram(
        {"/usr/bin/env", "node", (browserDir / "council.mjs").string(), "--url",
         "https://127.0.0.1:" + std::to_string(m_server->enrollPort()), "--ca",
         (m_server->dataDir() / "ca.crt").string(), "--login", "carla", "--artifacts",
         artifacts.string(), "--downloads", (m_dir / "downloads").string()},
        m_dir, std::chrono::seconds(120), kPassword + "\n");
    EXPECT_EQ(run.exitCode, 0) << "--- council.mjs stdout ---\n"
                               << run.out << "\n--- stderr ---\n"
                               << run.err;
    std::cout << run.out;
    // Every report the browser asked for is in the log with who asked: Udvikling three times
    // (page, CSV, Danish), the workplace once; Jura refused (and the drill-down, for 1-31 Jan).
    auto db = m_db.open();
    Poco::Int64 released = -1;
    Poco::Int64 refused = -1;
    ASSERT_TRUE(db->read("count the log", [&](Poco::Data::Session& s) {
                      s << "SELECT COUNT(*) FROM released_reports WHERE asked_by = 'carla' "
                           "AND outcome = 'released'",
                          into(released), now;
                      s << "SELECT COUNT(*) FROM released_reports WHERE asked_by = 'carla' "
                           "AND outcome = 'refused' AND scope = 'unit:Jura'",
                          into(refused), now;
                  }).ok());
    EXPECT_EQ(released, 4);
    EXPECT_EQ(refused, 1);

    // The same alerts on the command line; above the set share the undeclared one goes.
    const Outcome alerts = admin({"council-alerts"});
    ASSERT_EQ(alerts.exitCode, 0) << alerts.err;
    EXPECT_EQ(alerts.out, "undeclared_share\t2026-01-04T08:00:00.000Z\tUndeclared monitoring on "
                          "17 of 45 computers, more than the alert share of 5 %.\n"
                          "overdue_requests\t2026-01-20T23:59:59.999Z\t1 request from an "
                          "employee is open past its due date.\n");
    ASSERT_EQ(admin({"set-council-alert-share", "40"}).exitCode, 0);
    const Outcome fewer = admin({"council-alerts", "--lang", "da"});
    EXPECT_EQ(fewer.out, "overdue_requests\t2026-01-20T23:59:59.999Z\t1 anmodning fra en "
                         "medarbejder er åben efter fristen.\n");
}

} // namespace
} // namespace indblik
