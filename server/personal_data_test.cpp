#include <sstream>

#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include "csv.h"
#include "export.h"
#include "json_reader.h"
#include "observation.h"
#include "personal_data.h"
#include "personal_routes.h"
#include "server_store.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

std::string policyJson(const std::string& id, const std::string& announced,
                       const std::string& effective, const std::string& purpose) {
    return R"({"format": "indblik.policy/1", "id": ")" + id + R"(", "system": "System )" + id +
           R"(", "covers": {"catalog": ["crowdstrike-falcon"]},
      "categories": ["security_telemetry"],
      "purposes": {"en": ")" +
           purpose + R"(", "da": "Finde angreb."},
      "legal_basis": {"en": "Legitimate interest.", "da": "Legitim interesse."},
      "retention_days": 90,
      "access": [{"role": {"en": "IT security", "da": "IT-sikkerhed"}, "level": "individual"},
                 {"role": {"en": "Works council", "da": "SU"}, "level": "aggregate"}],
      "agreement": {"name": "Lokalaftale om IT-sikkerhed", "date": "2026-01-20"},
      "announced": ")" +
           announced + R"(", "effective": ")" + effective + R"(",
      "contact": {"name": "DPO Jane Doe", "email": "dpo@example.com"}})";
}

std::string observation(const std::string& product, const std::string& name, bool declared,
                        const std::string& evidence) {
    Observation o;
    o.detector = "process";
    if (!product.empty()) {
        o.product = product;
    }
    o.name = name;
    o.categories = {"security_telemetry"};
    o.evidence = {evidence};
    o.why = {"It reports to the vendor.", "Den rapporterer til leverandøren."};
    o.declared = declared;
    if (declared) {
        o.policy = "acme-edr";
    }
    return toJsonText(o);
}

std::string activity(const std::string& name, const std::string& start) {
    return R"({"observation":"product:x","name":")" + name + R"(","product":null,"start":")" +
           start + R"(","end":")" + start +
           R"(","cpu_seconds":12,"bytes_written":2048,"remote_endpoints":["203.0.113.5:443"],)"
           R"("spool_files":3,"spool_bytes":4096,"audit_log_bytes":0})";
}

class PersonalDataTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<ServerStore>(*m_db);
        PeopleStore people(*m_db);
        // Metacharacters of SQL, HTML and spreadsheets in what the person's data shows.
        auto person = people.add({"=HYPERLINK(\"x\") <script>alert('n')</script>", "a@example.com",
                                  "R&D'; DROP TABLE people;--", "anna", "7001"});
        ASSERT_TRUE(person.ok()) << person.error();
        m_person = person->id;
        auto other = people.add({"Other", "", "", "other", "7002"});
        ASSERT_TRUE(other.ok());
        m_other = other->id;

        auto token = m_store->createEnrollmentToken(60, m_person);
        ASSERT_TRUE(token.ok());
        auto enrolled = m_store->enrollDevice(
            token.value(), "anna-pc", [](const std::string& id) -> Result<pki::IssuedCertificate> {
                return pki::IssuedCertificate{"PEM", "serial-" + id, "fp-" + id,
                                              "2027-01-01T00:00:00Z"};
            });
        ASSERT_EQ(enrolled.refusal, Refusal::None) << enrolled.error;
        m_device = enrolled.device.id;

        const std::string recent = nowIso8601();
        const std::vector<std::tuple<std::string, std::string, std::string>> entries = {
            {"2020-01-01T00:00:00.000Z", "observation.added",
             observation("crowdstrike-falcon", "CrowdStrike Falcon", true, "/opt/CrowdStrike")},
            {"2020-01-02T00:00:00.000Z", "activity", activity("Old activity", "2020-01-02")},
            {recent, "observation.added",
             observation("", "<script>spy</script>", false, "/usr/bin/spy --all")},
            {recent, "observation.added", observation("", "gone", false, "/tmp/gone")},
            {recent, "activity", activity("Falcon", recent)},
            {recent, "observation.removed", observation("", "gone", false, "/tmp/gone")},
            {recent, "observation.changed",
             observation("crowdstrike-falcon", "CrowdStrike Falcon", true, "/opt/CrowdStrike/v2")},
        };
        std::vector<LedgerEntry> chain;
        std::string prev(kGenesisHash);
        std::int64_t seq = 0;
        for (const auto& [time, kind, payload] : entries) {
            LedgerEntry e{++seq, time, kind, payload, prev, {}};
            e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
            prev = e.hash;
            chain.push_back(e);
        }
        const auto ingested = m_store->ingest(m_device, chain);
        ASSERT_EQ(ingested.refusal, Refusal::None) << ingested.error;

        auto s = m_db->write("policies and a request", [&](Poco::Data::Session& session) {
            const std::string now1 = nowIso8601();
            for (const auto& [id, version, state, announced, effective, purpose] :
                 std::vector<std::tuple<std::string, int, std::string, std::string, std::string,
                                        std::string>>{
                     {"acme-edr", 1, "in_effect", "2026-01-05", "2026-02-16", "Find attacks."},
                     {"acme-edr", 2, "announced", "2099-01-01", "2099-03-01",
                      "Find attacks <script>alert(2)</script> and more."},
                     {"draft-only", 1, "draft", "2099-01-01", "2099-03-01", "Never shown."}}) {
                const std::string json = policyJson(id, announced, effective, purpose);
                const Poco::Int64 v = version;
                session << "INSERT INTO policy_versions (policy_id, version, json, state, "
                           "created_at, created_by, announced_at, effective_at) VALUES ($1, $2, "
                           "$3, $4, $5, 'dpo', $6, $7)",
                    useRef(id), bind(v), useRef(json), useRef(state), useRef(now1),
                    useRef(announced), useRef(effective), now;
            }
            session << "INSERT INTO requests (request_id, person_id, type, subject, body, status, "
                       "received_at, due_at, updated_at) VALUES ('r1', $1, 'copy', 'My data', "
                       "'Please', 'open', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', "
                       "'2026-11-01T00:00:00Z')",
                useRef(m_person), now;
            return true;
        });
        ASSERT_TRUE(s.ok()) << s.error();
    }
    void TearDown() override {
        m_store.reset();
        m_db.reset();
    }

    Caller self() const {
        return Caller{Role::Employee, "acct-anna", "Anna", m_person, "csrf", ""};
    }
    static Caller as(Role role) {
        return Caller{role, "acct-" + std::string(roleName(role)), "Someone", "", "csrf", ""};
    }

    std::vector<AccessEvent> accessEvents(const std::string& person) {
        AccessLog log(*m_db);
        auto events = log.events(person);
        EXPECT_TRUE(events.ok());
        return events.value();
    }

    Request request(const Caller& caller, std::map<std::string, std::string> params) {
        Request r;
        r.method = "GET";
        r.caller = caller;
        r.params = std::move(params);
        return r;
    }

    // A POST to a route naming the person, with a body of the given type.
    Request post(const Caller& caller, const std::string& person, const std::string& body,
                 const std::string& type = "application/json") {
        Request r;
        r.method = "POST";
        r.path = "/people/" + person;
        r.caller = caller;
        r.params = {{"person", person}};
        r.body = body;
        r.contentType = type;
        return r;
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServerStore> m_store;
    std::string m_person;
    std::string m_other;
    std::string m_device;
};

TEST_F(PersonalDataTest, TheOwnViewHoldsEverythingAndRecordsNothing) {
    PersonalData data(*m_db);
    auto read = data.read(m_person, self(), false, "data", "");
    ASSERT_TRUE(read.ok()) << read.error();
    ASSERT_TRUE(read.value().has_value());
    const PersonalDataSet& d = *read.value();
    EXPECT_EQ(d.person.employeeNumber, "7001");
    ASSERT_EQ(d.devices.size(), 1u);
    EXPECT_EQ(d.devices[0].hostname, "anna-pc");

    // Current observations: Falcon as last changed, the spy; "gone" was removed.
    ASSERT_EQ(d.observations.size(), 2u);
    const auto& falcon =
        d.observations[0].product == "crowdstrike-falcon" ? d.observations[0] : d.observations[1];
    const auto& spy = &falcon == &d.observations[0] ? d.observations[1] : d.observations[0];
    EXPECT_EQ(falcon.evidence, std::vector<std::string>{"/opt/CrowdStrike/v2"});
    EXPECT_EQ(falcon.firstSeen, "2020-01-01T00:00:00.000Z");
    EXPECT_TRUE(falcon.declared);
    EXPECT_EQ(spy.name, "<script>spy</script>");
    EXPECT_FALSE(spy.declared);

    // Events of the last 365 days only, newest first.
    ASSERT_EQ(d.events.size(), 5u);
    EXPECT_FALSE(d.moreEvents);
    EXPECT_EQ(d.events.front().seq, 7);
    EXPECT_EQ(d.events.back().seq, 3);
    for (const auto& e : d.events) {
        EXPECT_GE(e.time, d.eventsSince);
    }
    const auto activityEvent = std::find_if(d.events.begin(), d.events.end(),
                                            [](auto& e) { return e.kind == "activity"; });
    ASSERT_NE(activityEvent, d.events.end());
    EXPECT_NE(activityEvent->summary.en.find("Falcon was active"), std::string::npos)
        << activityEvent->summary.en;
    EXPECT_NE(activityEvent->summary.en.find("2 KiB written"), std::string::npos);
    // Times people read are local clock times, not ISO UTC.
    EXPECT_EQ(activityEvent->summary.en.find("Z "), std::string::npos) << activityEvent->summary.en;
    EXPECT_EQ(activityEvent->summary.en.find('T'), std::string::npos) << activityEvent->summary.en;
    EXPECT_NE(activityEvent->summary.da.find("203.0.113.5:443"), std::string::npos);
    EXPECT_NE(d.events.back().summary.en.find("NOT DECLARED"), std::string::npos);

    // Policies: version 1 in effect, version 2 coming; never a draft.
    ASSERT_EQ(d.policies.size(), 2u);
    EXPECT_EQ(d.policies[0].id, "acme-edr");
    EXPECT_TRUE(d.policies[0].inEffect);
    EXPECT_EQ(d.policies[0].version, 1);
    EXPECT_TRUE(d.policies[0].coversMine);
    EXPECT_EQ(d.policies[1].id, "acme-edr");
    EXPECT_FALSE(d.policies[1].inEffect);
    EXPECT_EQ(d.policies[1].version, 2);
    ASSERT_TRUE(d.policies[0].policy.has_value());
    EXPECT_EQ(d.policies[0].policy->retentionDays, 90);

    ASSERT_EQ(d.requests.size(), 1u);
    EXPECT_EQ(d.requests[0].type, "copy");
    EXPECT_TRUE(d.accessEvents.empty());
    EXPECT_TRUE(d.accessIntact);
    EXPECT_TRUE(accessEvents(m_person).empty()) << "the person reading is no access event";

    PersonalDataOptions few;
    few.limit = 2;
    auto limited = data.read(m_person, self(), false, "data", "", few);
    ASSERT_TRUE(limited.ok() && limited.value());
    EXPECT_EQ(limited.value()->events.size(), 2u);
    EXPECT_TRUE(limited.value()->moreEvents);
    EXPECT_EQ(limited.value()->events[0].seq, 7);
    PersonalDataOptions all;
    all.days = 3660;
    auto longer = data.read(m_person, self(), false, "data", "", all);
    ASSERT_TRUE(longer.ok() && longer.value());
    EXPECT_EQ(longer.value()->events.size(), 7u);

    auto unknown = data.read("nobody", self(), true, "data", "x");
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown.value().has_value());
}

TEST_F(PersonalDataTest, PagesWalkEveryEventOnceAcrossDevicesAndEqualTimes) {
    // A second computer whose entries share the first one's newest time, so pages end inside
    // runs of equal times on both devices.
    auto token = m_store->createEnrollmentToken(60, m_person);
    ASSERT_TRUE(token.ok());
    auto second = m_store->enrollDevice(
        token.value(), "anna-laptop", [](const std::string& id) -> Result<pki::IssuedCertificate> {
            return pki::IssuedCertificate{"PEM", "serial-" + id, "fp-" + id,
                                          "2027-01-01T00:00:00Z"};
        });
    ASSERT_EQ(second.refusal, Refusal::None) << second.error;
    PersonalData data(*m_db);
    PersonalDataOptions all;
    all.days = 3660;
    auto first = data.read(m_person, self(), false, "data", "", all);
    ASSERT_TRUE(first.ok() && first.value());
    const std::string shared = first.value()->events.front().time;
    std::vector<LedgerEntry> chain;
    std::string prev(kGenesisHash);
    for (std::int64_t seq = 1; seq <= 4; ++seq) {
        LedgerEntry e{seq, shared, "activity", activity("Laptop", shared), prev, {}};
        e.hash = chainHash(e.prevHash, e.seq, e.time, e.kind, e.payload);
        prev = e.hash;
        chain.push_back(e);
    }
    ASSERT_EQ(m_store->ingest(second.device.id, chain).refusal, Refusal::None);

    auto whole = data.read(m_person, self(), false, "data", "", all);
    ASSERT_TRUE(whole.ok() && whole.value());
    const auto& expected = whole.value()->events;
    ASSERT_EQ(expected.size(), 11u);
    EXPECT_FALSE(whole.value()->moreEvents);
    EXPECT_TRUE(whole.value()->nextEvents.empty());
    const auto key = [](const PersonalEvent& e) {
        return e.deviceId + "/" + std::to_string(e.seq);
    };
    for (std::size_t pageSize : {1u, 2u, 3u, 5u}) {
        PersonalDataOptions page = all;
        page.limit = pageSize;
        std::vector<std::string> walked;
        for (int guard = 0; guard < 20; ++guard) {
            auto got = data.read(m_person, self(), false, "data", "", page);
            ASSERT_TRUE(got.ok() && got.value());
            for (const auto& e : got.value()->events) {
                walked.push_back(key(e));
            }
            if (!got.value()->moreEvents) {
                break;
            }
            page.after = parseEventCursor(got.value()->nextEvents);
            ASSERT_TRUE(page.after) << got.value()->nextEvents;
        }
        ASSERT_EQ(walked.size(), expected.size()) << "page size " << pageSize;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(walked[i], key(expected[i])) << "page size " << pageSize << ", event " << i;
        }
    }
}

TEST(EventCursor, ParsesWhatItFormatsAndRefusesAnythingElse) {
    const EventCursor c{"2026-11-20T15:31:36.820Z", "00ff", 2188};
    const auto back = parseEventCursor(formatEventCursor(c));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->time, c.time);
    EXPECT_EQ(back->deviceId, c.deviceId);
    EXPECT_EQ(back->seq, c.seq);
    for (const char* bad :
         {"", "2026-11-20", "2026-11-20T15:31:36.820Z,00ff", "2026-11-20T15:31:36.820Z,00ff,",
          "2026-11-20T15:31:36.820Z,,1", "2026-11-20T15:31:36.820Z,00FF';--,1", "x' OR 1=1,00ff,1",
          "2026-11-20T15:31:36.820Z,00ff,-1",
          "2026-11-20T15:31:36.820Z,00ff,99999999999999999999"}) {
        EXPECT_FALSE(parseEventCursor(bad)) << bad;
    }
}

TEST_F(PersonalDataTest, TheDpoReadsWithAReasonInTheBodyAndThePersonSeesIt) {
    PersonalDataApi api(*m_db);
    auto noReason = post(as(Role::Dpo), m_person, "{}");
    EXPECT_EQ(api.personJson(noReason).status, 403);
    auto blank = post(as(Role::Dpo), m_person, R"({"why": "   "})");
    EXPECT_EQ(api.personJson(blank).status, 403);
    auto events = accessEvents(m_person);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].outcome, kAccessRefused);

    auto withReason = post(as(Role::Dpo), m_person, R"({"why": "request r1"})");
    const Reply reply = api.personJson(withReason);
    ASSERT_EQ(reply.status, 200) << reply.body;
    events = accessEvents(m_person);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[2].actorRole, "dpo");
    EXPECT_EQ(events[2].why, "request r1");
    EXPECT_EQ(events[2].what, "data");
    EXPECT_EQ(events[2].outcome, kAccessRead);
    // The answer already holds the read it caused.
    json::ObjectReader answer(json::parse(reply.body), "$");
    auto log = answer.object("access_log");
    EXPECT_EQ(log.integer("total", 0, 100), 3);
    EXPECT_TRUE(log.boolean("intact"));

    // The page: the form's POST. Its downloads are POST forms carrying the same reason.
    auto page = post(as(Role::Dpo), m_person, "csrf=csrf&why=request+r1&days=30",
                     "application/x-www-form-urlencoded");
    const Reply html = api.personPage(page);
    ASSERT_EQ(html.status, 200) << html.body;
    EXPECT_NE(html.body.find("request r1"), std::string::npos);
    EXPECT_NE(html.body.find("<h1>Data om:"), std::string::npos) << "about the person, not to them";
    const std::string download = "<form method=\"post\" action=\"/api/v1/people/" + m_person +
                                 "/export?lang=da\" class=\"inline\"><input type=\"hidden\" "
                                 "name=\"csrf\" value=\"csrf\"><input type=\"hidden\" "
                                 "name=\"why\" value=\"request r1\"><input type=\"hidden\" "
                                 "name=\"days\" value=\"30\"><input type=\"hidden\" "
                                 "name=\"format\" value=\"csv\">";
    EXPECT_NE(html.body.find(download), std::string::npos) << html.body.substr(0, 3000);
    EXPECT_EQ(html.body.find("why="), std::string::npos) << "no reason in any address";
    EXPECT_EQ(accessEvents(m_person).size(), 4u);

    // The form's POST without a reason: the form again, and the attempt is the person's to see.
    auto empty =
        post(as(Role::Dpo), m_person, "csrf=csrf&why=", "application/x-www-form-urlencoded");
    const Reply asking = api.personPage(empty);
    EXPECT_EQ(asking.status, 403);
    EXPECT_NE(asking.body.find("<form method=\"post\" action=\"/people/" + m_person + "?lang=da\""),
              std::string::npos);
    EXPECT_NE(asking.body.find("role=\"alert\""), std::string::npos);
    EXPECT_EQ(asking.body.find("Intet er vist eller registreret endnu."), std::string::npos)
        << "the refused attempt was recorded";
    EXPECT_EQ(asking.body.find("anna-pc"), std::string::npos) << "no data without a reason";

    auto missing = post(as(Role::Dpo), "nobody", R"({"why": "r"})");
    EXPECT_EQ(api.personJson(missing).status, 404);

    // The person sees the DPO's reads in their own view, and the chain verifies.
    PersonalData data(*m_db);
    auto own = data.read(m_person, self(), false, "data", "");
    ASSERT_TRUE(own.ok() && own.value());
    EXPECT_TRUE(own.value()->accessIntact);
    const auto& seen = own.value()->accessEvents;
    ASSERT_EQ(seen.size(), 5u);
    EXPECT_EQ(seen.front().why, "(no reason given)") << "newest first: the empty form";
    EXPECT_EQ(seen[1].why, "request r1");
    EXPECT_EQ(seen[1].outcome, kAccessRead);
}

TEST_F(PersonalDataTest, TheFormAskingWhyShowsAndRecordsNothingAndIgnoresAReasonInTheAddress) {
    PersonalDataApi api(*m_db);
    auto get = request(as(Role::Dpo), {{"person", m_person}, {"lang", "en"}});
    const Reply form = api.personForm(get);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_NE(form.body.find("<form method=\"post\" action=\"/people/" + m_person + "?lang=en\""),
              std::string::npos);
    EXPECT_NE(form.body.find("name=\"csrf\" value=\"csrf\""), std::string::npos);
    EXPECT_NE(form.body.find("<label for=\"why\">Reason</label>"), std::string::npos);
    EXPECT_NE(form.body.find("Nothing has been shown or recorded yet."), std::string::npos);
    EXPECT_NE(form.body.find("&lt;script&gt;"), std::string::npos) << "the name, escaped";
    EXPECT_EQ(form.body.find("<script>"), std::string::npos);
    for (const char* data : {"anna-pc", "CrowdStrike", "a@example.com", "R&amp;D", "My data"}) {
        EXPECT_EQ(form.body.find(data), std::string::npos) << data;
    }
    // An old link with ?why=: still only the form, the reason not used, not even shown.
    auto old =
        request(as(Role::Dpo), {{"person", m_person}, {"why", "request r1"}, {"lang", "en"}});
    const Reply stillForm = api.personForm(old);
    EXPECT_EQ(stillForm.status, 200);
    EXPECT_NE(stillForm.body.find("A reason in the address is not used"), std::string::npos);
    EXPECT_EQ(stillForm.body.find("request r1"), std::string::npos);
    EXPECT_EQ(stillForm.body.find("anna-pc"), std::string::npos);
    EXPECT_TRUE(accessEvents(m_person).empty()) << "asking for the form is no read";

    auto nobody = request(as(Role::Dpo), {{"person", "nobody"}});
    EXPECT_EQ(api.personForm(nobody).status, 404);
    // The person's own id: their own page.
    auto mine = request(self(), {{"person", m_person}});
    const Reply redirect = api.personForm(mine);
    EXPECT_EQ(redirect.status, 303);
    ASSERT_EQ(redirect.headers.size(), 1u);
    EXPECT_EQ(redirect.headers[0].second, "/me");
    EXPECT_TRUE(accessEvents(m_person).empty());
}

TEST_F(PersonalDataTest, AnUnreadableBodyIsRefusedAndRecorded) {
    PersonalDataApi api(*m_db);
    const std::vector<std::pair<Request, std::string>> bad = {
        {post(as(Role::Dpo), m_person, "[1]"), "$: a JSON object"},
        {post(as(Role::Dpo), m_person, "{\"why\": "), "$: valid JSON"},
        {post(as(Role::Dpo), m_person, R"({"why": "r", "user": "x"})"), "$.user: no such field"},
        {post(as(Role::Dpo), m_person, R"({"why": 5})"), "$.why: a string"},
        {post(as(Role::Dpo), m_person, R"({"why": "r", "days": "30"})"), "$.days: an integer"},
        {post(as(Role::Dpo), m_person, "why=r", "text/plain"), "the body: a JSON object"},
        {post(as(Role::Dpo), m_person, R"({"why": "r", "days": 0})"), "days must be 1 to 3660"},
        {post(as(Role::Dpo), m_person, R"({"why": "r", "limit": 20001})"), "limit 1 to 20000"},
        {post(as(Role::Dpo), m_person, R"({"why": "line\nbreak"})"), "one line"},
        {post(as(Role::Dpo), m_person, "{\"why\": \"" + std::string(501, 'r') + "\"}"),
         "1 to 500 bytes"},
    };
    std::size_t expected = 0;
    for (auto [r, message] : bad) {
        const Reply reply = api.personJson(r);
        EXPECT_TRUE(reply.status == 400 || reply.status == 403) << r.body << " " << reply.status;
        EXPECT_NE(reply.body.find(message), std::string::npos) << r.body << " " << reply.body;
        EXPECT_EQ(reply.body.find("7001"), std::string::npos);
        const auto events = accessEvents(m_person);
        ASSERT_EQ(events.size(), ++expected) << r.body;
        EXPECT_EQ(events.back().outcome, kAccessRefused) << r.body;
    }
    // Well-formed, with the options: read, and the options apply.
    auto fine = post(as(Role::Dpo), m_person, R"({"why": "r", "days": 3660, "limit": 2})");
    const Reply reply = api.personJson(fine);
    ASSERT_EQ(reply.status, 200) << reply.body;
    json::ObjectReader answer(json::parse(reply.body, 1 << 24), "$");
    auto eventsPart = answer.object("events");
    EXPECT_EQ(eventsPart.array("items").size(), 2u);
    EXPECT_TRUE(eventsPart.boolean("more"));
    EXPECT_EQ(accessEvents(m_person).back().outcome, kAccessRead);

    // The export: a form (the page's download buttons) or JSON.
    auto csvExport = post(as(Role::Dpo), m_person, "csrf=csrf&why=copy+request&format=csv",
                          "application/x-www-form-urlencoded");
    const Reply csvReply = api.personExport(csvExport);
    ASSERT_EQ(csvReply.status, 200) << csvReply.body;
    EXPECT_EQ(csvReply.contentType.rfind("text/csv", 0), 0u);
    auto noFormat = post(as(Role::Dpo), m_person, R"({"why": "copy request"})");
    EXPECT_EQ(api.personExport(noFormat).status, 400);
    const auto events = accessEvents(m_person);
    ASSERT_GE(events.size(), 2u);
    EXPECT_EQ(events[events.size() - 2].what, "export:csv");
    EXPECT_EQ(events[events.size() - 2].why, "copy request");
    EXPECT_EQ(events.back().outcome, kAccessRefused);
}

TEST_F(PersonalDataTest, CouncilAdminAndOtherEmployeesAreRefusedAndTheAttemptIsLogged) {
    PersonalDataApi api(*m_db);
    const Caller otherEmployee{Role::Employee, "acct-o", "Other", m_other, "csrf", ""};
    const std::vector<std::pair<Caller, int>> callers = {
        {as(Role::Council), 403}, {as(Role::Admin), 403}, {otherEmployee, 404}};
    std::size_t expected = 0;
    for (const auto& [caller, status] : callers) {
        for (auto handler : {&PersonalDataApi::personJson, &PersonalDataApi::personPage,
                             &PersonalDataApi::personExport, &PersonalDataApi::personForm}) {
            auto r = post(caller, m_person, "why=curious&format=csv&csrf=csrf",
                          "application/x-www-form-urlencoded");
            if (handler == &PersonalDataApi::personForm) {
                r = request(caller, {{"person", m_person}, {"why", "curious"}});
            }
            const Reply reply = (api.*handler)(r);
            EXPECT_EQ(reply.status, status) << roleName(caller.role) << " " << reply.body;
            EXPECT_EQ(reply.body.find("7001"), std::string::npos) << "no data leaks";
            EXPECT_EQ(reply.body.find("<form"), std::string::npos) << "no form either";
            ++expected;
            const auto events = accessEvents(m_person);
            ASSERT_EQ(events.size(), expected);
            EXPECT_EQ(events.back().outcome, kAccessRefused);
            EXPECT_EQ(events.back().actorId, caller.actorId);
        }
    }
    // An unknown id is refused alike and logs nowhere.
    auto r = post(as(Role::Council), "nobody", "{}");
    EXPECT_EQ(api.personJson(r).status, 403);
    auto o = post(otherEmployee, "nobody", "{}");
    EXPECT_EQ(api.personJson(o).status, 404);
    EXPECT_EQ(accessEvents(m_person).size(), expected);
    EXPECT_TRUE(accessEvents(m_other).empty());

    // The employee's own id through the same route is their own view.
    auto mine = post(self(), m_person, "");
    EXPECT_EQ(api.personJson(mine).status, 200);
    EXPECT_EQ(accessEvents(m_person).size(), expected);
}

TEST_F(PersonalDataTest, TheDpoFindsPeopleByNameOrNumberWithoutReadingAnyonesData) {
    PeopleStore people(*m_db);
    ASSERT_TRUE(
        people.add({"Søren 100% Sørensen", "soren@example.com", "Salg", "soren", "8001"}).ok());
    ASSERT_TRUE(people.add({"Sara Jensen", "", "IT", "sara", "8002"}).ok());
    PersonalDataApi api(*m_db);
    const auto find = [&](const std::string& q) {
        auto r = request(as(Role::Dpo), {{"q", q}, {"lang", "en"}});
        return api.findPage(r);
    };
    // Case-insensitive, Danish letters included (SQLite's LOWER folds only a-z).
    EXPECT_NE(find("SØREN").body.find("Søren 100% Sørensen"), std::string::npos);
    const Reply lower = find("sØR");
    ASSERT_EQ(lower.status, 200) << lower.body;
    EXPECT_NE(lower.body.find("Søren 100% Sørensen"), std::string::npos) << lower.body;
    EXPECT_EQ(lower.body.find("Sara Jensen"), std::string::npos);
    EXPECT_NE(lower.body.find("<td>8001</td><td>Salg</td>"), std::string::npos);
    EXPECT_EQ(lower.body.find("soren@example.com"), std::string::npos) << "a directory line only";
    const Reply byNumber = find(" 8002 ");
    EXPECT_NE(byNumber.body.find("Sara Jensen"), std::string::npos);
    EXPECT_EQ(byNumber.body.find("Søren"), std::string::npos);
    const Reply byUser = find("SARA");
    EXPECT_NE(byUser.body.find("Sara Jensen"), std::string::npos);
    // LIKE's wildcards are only themselves.
    EXPECT_NE(find("100%").body.find("Søren 100%"), std::string::npos);
    EXPECT_NE(find("_").body.find("Nobody found."), std::string::npos);
    EXPECT_NE(find("%").body.find("Søren 100%"), std::string::npos);
    EXPECT_EQ(find("%").body.find("Sara"), std::string::npos);
    // Metacharacters in names are escaped; the link goes to the form asking why.
    const Reply nasty = find("script");
    EXPECT_EQ(nasty.body.find("<script>"), std::string::npos);
    EXPECT_NE(nasty.body.find("href=\"/people/" + m_person + "?lang=en\""), std::string::npos);
    // Without a search: the form only. Too long: said so.
    const Reply empty = find("");
    EXPECT_EQ(empty.status, 200);
    EXPECT_NE(empty.body.find("<label for=\"q\">Search</label>"), std::string::npos);
    EXPECT_EQ(empty.body.find("<table>"), std::string::npos);
    EXPECT_EQ(find(std::string(101, 'a')).status, 400);
    // Finding people is no read of their data; only the DPO finds people.
    EXPECT_TRUE(accessEvents(m_person).empty());
    auto council = request(as(Role::Council), {{"q", "a"}});
    EXPECT_EQ(api.findPage(council).status, 403);

    // More matches than fit are said to be more.
    for (int i = 0; i < 52; ++i) {
        ASSERT_TRUE(people.add({"Many " + std::to_string(i), "", "", "", ""}).ok());
    }
    auto many = people.search("many");
    ASSERT_TRUE(many.ok());
    EXPECT_EQ(many.value().people.size(), 50u);
    EXPECT_TRUE(many.value().more);
    EXPECT_NE(find("Many").body.find("There are more."), std::string::npos);
}

TEST_F(PersonalDataTest, TheAgentAsksForTheOsUserItVouchesFor) {
    PersonalDataApi api(*m_db);
    Caller device;
    device.deviceId = m_device;
    device.actorId = "device:" + m_device;
    device.name = "anna-pc";
    auto r = request(device, {{"user", "anna"}});
    const Reply reply = api.agentData(r);
    ASSERT_EQ(reply.status, 200) << reply.body;
    json::ObjectReader answer(json::parse(reply.body, 1 << 24), "$");
    EXPECT_EQ(answer.string("format"), kPersonalDataFormat);
    EXPECT_EQ(answer.object("person").string("id"), m_person);

    // One page at a time: the answer's "next" asks for the page after it.
    auto paged = request(device, {{"user", "anna"}, {"limit", "2"}, {"days", "3660"}});
    const Reply firstPage = api.agentData(paged);
    ASSERT_EQ(firstPage.status, 200) << firstPage.body;
    json::ObjectReader page1(json::parse(firstPage.body, 1 << 24), "$");
    EXPECT_TRUE(page1.object("events").boolean("more"));
    const std::string next = page1.object("events").string("next");
    auto following =
        request(device, {{"user", "anna"}, {"limit", "2"}, {"days", "3660"}, {"before", next}});
    const Reply secondPage = api.agentData(following);
    ASSERT_EQ(secondPage.status, 200) << secondPage.body;
    EXPECT_EQ(secondPage.body.find(next), std::string::npos) << "the next page moved on";
    auto garbled = request(device, {{"user", "anna"}, {"before", "yesterday"}});
    const Reply refused = api.agentData(garbled);
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.body.find("?before="), std::string::npos) << refused.body;

    auto bad = request(device, {{"user", ""}});
    EXPECT_EQ(api.agentData(bad).status, 400);
    auto star = request(device, {{"user", "*"}});
    EXPECT_EQ(api.agentData(star).status, 400);

    // A device tied to nobody.
    auto token = m_store->createEnrollmentToken(60);
    auto enrolled = m_store->enrollDevice(
        token.value(), "spare", [](const std::string& id) -> Result<pki::IssuedCertificate> {
            return pki::IssuedCertificate{"PEM", "serial-" + id, "fp-" + id,
                                          "2027-01-01T00:00:00Z"};
        });
    Caller spare = device;
    spare.deviceId = enrolled.device.id;
    auto unlinked = request(spare, {{"user", "anna"}});
    const Reply notLinked = api.agentData(unlinked);
    EXPECT_EQ(notLinked.status, 404);
    EXPECT_NE(notLinked.body.find("this computer's user is not linked to a person; ask IT"),
              std::string::npos);
    EXPECT_TRUE(accessEvents(m_person).empty());
}

TEST_F(PersonalDataTest, ExportsParseBackAndAreLogged) {
    PersonalDataApi api(*m_db);
    Caller device;
    device.deviceId = m_device;
    device.actorId = "device:" + m_device;
    device.name = "anna-pc";

    auto nd = request(device, {{"user", "anna"}, {"format", "ndjson"}});
    const Reply ndjson = api.agentExport(nd);
    ASSERT_EQ(ndjson.status, 200) << ndjson.body;
    EXPECT_EQ(ndjson.contentType, "application/x-ndjson; charset=utf-8");
    ASSERT_EQ(ndjson.headers.size(), 1u);
    EXPECT_EQ(ndjson.headers[0].first, "Content-Disposition");
    EXPECT_NE(ndjson.headers[0].second.find("attachment; filename=\"indblik-"), std::string::npos);
    std::istringstream lines(ndjson.body);
    std::string line;
    std::map<std::string, int> types;
    bool first = true;
    while (std::getline(lines, line)) {
        json::ObjectReader o(json::parse(line, 1 << 24), "$");
        const std::string type = o.string("type");
        if (first) {
            EXPECT_EQ(type, "header");
            EXPECT_EQ(o.string("format"), kPersonalDataFormat);
            first = false;
        }
        ++types[type];
    }
    EXPECT_EQ(types["header"], 1);
    EXPECT_EQ(types["device"], 1);
    EXPECT_EQ(types["observation"], 2);
    EXPECT_EQ(types["event"], 5);
    EXPECT_EQ(types["policy"], 2);
    EXPECT_EQ(types["request"], 1);
    EXPECT_EQ(types["access_event"], 1) << "the export is in the log it exports";

    auto c = request(device, {{"user", "anna"}, {"format", "csv"}, {"lang", "en"}});
    const Reply csvReply = api.agentExport(c);
    ASSERT_EQ(csvReply.status, 200);
    auto rows = csv::parse(csvReply.body, csv::Limits{100000, 64, 1 << 20});
    ASSERT_TRUE(rows.ok()) << rows.error();
    ASSERT_GT(rows.value().size(), 10u);
    for (const auto& row : rows.value()) {
        EXPECT_EQ(row.fields.size(), 7u) << "line " << row.line;
    }
    EXPECT_EQ(rows.value()[1].fields[0].text, "person");
    EXPECT_EQ(rows.value()[1].fields[3].text, "'=HYPERLINK(\"x\") <script>alert('n')</script>")
        << "a formula is defused, the rest kept as it is";

    auto h = request(device, {{"user", "anna"}, {"format", "html"}, {"lang", "en"}});
    const Reply page = api.agentExport(h);
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.body.find("<script>"), std::string::npos) << "every value is escaped";
    EXPECT_NE(page.body.find("&lt;script&gt;spy&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.body.find("NOT DECLARED"), std::string::npos);
    EXPECT_NE(page.body.find("Coming change"), std::string::npos);
    EXPECT_NE(page.body.find("R&amp;D&#39;; DROP TABLE people;--"), std::string::npos);

    auto wrong = request(device, {{"user", "anna"}, {"format", "pdf"}});
    EXPECT_EQ(api.agentExport(wrong).status, 400);

    const auto events = accessEvents(m_person);
    ASSERT_EQ(events.size(), 3u);
    for (const auto& e : events) {
        EXPECT_TRUE(isOwnEvent(e));
        EXPECT_EQ(e.why, kOwnExportWhy);
        EXPECT_EQ(e.actorId, "device:" + m_device + "/anna");
    }
    EXPECT_EQ(events[0].what, "export:ndjson");
    EXPECT_EQ(events[1].what, "export:csv");
    EXPECT_EQ(events[2].what, "export:html");

    // The signed-in employee's page links the exports and is Danish by default.
    auto own = request(self(), {});
    own.path = "/me";
    const Reply mine = api.ownPage(own);
    ASSERT_EQ(mine.status, 200);
    EXPECT_NE(mine.body.find("lang=\"da\""), std::string::npos);
    EXPECT_NE(mine.body.find("/me/export?format=csv"), std::string::npos);
    EXPECT_NE(mine.body.find("<h1>Dine data:"), std::string::npos);
    EXPECT_NE(mine.body.find("href=\"/me?lang=en\""), std::string::npos);
    EXPECT_NE(mine.body.find("<a href=\"/me/requests\">"), std::string::npos) << "to the requests";
    EXPECT_NE(mine.body.find("IKKE ERKLÆRET"), std::string::npos);
    EXPECT_EQ(mine.body.find("<script>"), std::string::npos);
}

TEST_F(PersonalDataTest, EveryRouteWithOnePersonsDataIsDeclaredPersonal) {
    PersonalDataApi api(*m_db);
    Router router;
    addPersonalDataRoutes(router, api);
    ASSERT_EQ(router.routes().size(), 10u);
    for (const auto& route : router.routes()) {
        // The two that show no one's data: the form asking why, and the search for a person.
        const bool noData = (route.method == "GET" && route.pattern == "/people/{person}") ||
                            route.pattern == "/dpo/people";
        EXPECT_EQ(route.personal, !noData) << route.method << " " << route.pattern;
        if (route.method == "GET") {
            EXPECT_EQ(route.maxBody, 0u) << route.pattern;
        } else {
            EXPECT_EQ(route.method, "POST");
            EXPECT_GT(route.maxBody, 0u) << route.pattern;
            EXPECT_LE(route.maxBody, 8u * 1024) << route.pattern;
        }
        EXPECT_NE(route.access, Access::Anyone) << route.pattern;
        if (route.pattern.find("{person}") != std::string::npos && route.personal) {
            EXPECT_EQ(route.method, "POST") << route.pattern << ": a reason never in the address";
        }
    }
    EXPECT_NE(router.match(Listener::Agent, "GET", "/api/v1/me").route, nullptr);
    EXPECT_EQ(router.match(Listener::Public, "GET", "/api/v1/me").route, nullptr)
        << "the agent's route is not on the public listener";
    // The old GETs with ?why= read nothing now: 405.
    for (const char* path : {"/api/v1/people/p1/data", "/api/v1/people/p1/export"}) {
        const auto match = router.match(Listener::Public, "GET", path);
        EXPECT_EQ(match.route, nullptr) << path;
        EXPECT_EQ(match.status, 405) << path;
    }
    EXPECT_FALSE(router.match(Listener::Public, "GET", "/people/p1").route->personal);
    EXPECT_TRUE(router.match(Listener::Public, "POST", "/people/p1").route->personal);
}

TEST_F(PersonalDataTest, IndexesServeTheEmployeeCall) {
    if (m_testDb.postgres()) {
        GTEST_SKIP() << "PostgreSQL's planner picks by table size; checked on SQLite";
    }
    std::string observations, events;
    auto s = m_db->read("plans", [&](Poco::Data::Session& session) {
        std::vector<std::string> a, b;
        std::vector<int> x, y, z, u, v, w;
        session << "EXPLAIN QUERY PLAN SELECT time, kind, payload FROM ledger_entries WHERE "
                   "device_id = $1 AND kind IN ('observation.added', 'observation.changed', "
                   "'observation.removed') ORDER BY seq",
            into(x), into(y), into(z), into(a), useRef(m_device), now;
        const std::string until = "9999";
        const Poco::Int64 below = 100;
        session << "EXPLAIN QUERY PLAN SELECT seq, time, kind, payload FROM ledger_entries WHERE "
                   "device_id = $1 AND time >= $2 AND time <= $3 AND (time < $3 OR seq < $4) "
                   "ORDER BY time DESC, seq DESC LIMIT 5",
            into(u), into(v), into(w), into(b), useRef(m_device), useRef(m_device), useRef(until),
            bind(below), now;
        for (const auto& t : a) {
            observations += t + "\n";
        }
        for (const auto& t : b) {
            events += t + "\n";
        }
    });
    ASSERT_TRUE(s.ok()) << s.error();
    // Migration 9: the rows come from the index alone.
    EXPECT_NE(observations.find("COVERING INDEX ledger_entries_observations"), std::string::npos)
        << observations;
    EXPECT_EQ(observations.find("TEMP B-TREE"), std::string::npos) << observations;
    // Entries of one time are sorted by seq as the walk meets them ("RIGHT PART"), never the
    // whole window.
    EXPECT_EQ(events.find("USE TEMP B-TREE FOR ORDER BY"), std::string::npos) << events;
    EXPECT_NE(events.find("ledger_entries_device_time"), std::string::npos) << events;
}

} // namespace
} // namespace indblik::server

namespace indblik::server {
namespace {

TEST(PersonalDataJson, EventsAreValidJsonWhateverTheirText) {
    PersonalDataSet d;
    d.person.id = "p1";
    d.person.name = "Ann \"the\" \\ <b>";
    const std::string odd = std::string("tab\there, quote \" backslash \\ newline\n bell ") +
                            '\x01' + " æøå ✓ </script>";
    PersonalEvent asObject{"dev1",     "pc",
                           7,          "2026-01-01T00:00:00.000Z",
                           "activity", R"({"name":"x","n":[1,2,{"k":"\u0001"}]})",
                           nullptr,    {odd, odd}};
    asObject.parsed =
        Poco::JSON::Parser().parse(asObject.payload).extract<Poco::JSON::Object::Ptr>();
    PersonalEvent notAnObject{"dev1",  "pc",      6,       "2026-01-01T00:00:00.000Z",
                              "other", odd + "{", nullptr, {"s", "s"}};
    d.events = {asObject, notAnObject};
    d.moreEvents = true;
    d.nextEvents = "2026-01-01T00:00:00.000Z,dev1,6";

    const std::string text = personalDataJson(d);
    json::ObjectReader root(json::parse(text, 1 << 20), "$");
    EXPECT_EQ(root.object("person").string("name"), d.person.name);
    auto events = root.object("events");
    EXPECT_EQ(events.string("next"), d.nextEvents);
    auto items = events.array("items", 10);
    ASSERT_EQ(items.size(), 2u);
    json::ObjectReader first(items[0], "$.events.items[0]");
    EXPECT_EQ(first.integer("seq", 0, 100), 7);
    EXPECT_EQ(first.object("summary").string("en"), odd);
    EXPECT_EQ(first.object("payload").string("name"), "x") << "a stored object stays an object";
    json::ObjectReader second(items[1], "$.events.items[1]");
    EXPECT_EQ(second.string("payload"), odd + "{") << "anything else is kept as a string";

    // The NDJSON export writes the same events a line each.
    const std::string lines = personalDataNdjson(d);
    std::istringstream in(lines);
    std::string line;
    int eventLines = 0;
    while (std::getline(in, line)) {
        json::ObjectReader o(json::parse(line, 1 << 20), "line");
        if (o.string("type") == "event") {
            ++eventLines;
            EXPECT_EQ(o.object("summary").string("da"), eventLines == 1 ? odd : "s");
        }
    }
    EXPECT_EQ(eventLines, 2);
}

} // namespace
} // namespace indblik::server

namespace indblik::server {
namespace {

// The agent's ledger.gap entry (agent/agent_store.h) in plain words, in both languages.
TEST(GapSummary, SaysWhenAndHowManyEventsCouldNotBeRecordedAndWhy) {
    const std::string quota =
        R"({"dropped":{"activity":3,"observation.changed":2},"count":5,)"
        R"("from":"2026-11-20T08:00:00.000Z","to":"2026-11-23T07:55:10.000Z","cause":"quota",)"
        R"("reason":"disk quota of 100 MB reached","quota_bytes":104857600})";
    const auto s = summarizeEntry("ledger.gap", quota);
    EXPECT_EQ(s.en, "Between 2026-11-20 08:00 UTC and 2026-11-23 07:55 UTC this computer could "
                    "not record 5 events because its storage for Indblik was full; the server "
                    "was out of reach.");
    EXPECT_EQ(s.da, "Mellem 2026-11-20 08:00 UTC og 2026-11-23 07:55 UTC kunne denne computer "
                    "ikke registrere 5 hændelser, fordi dens lager til Indblik var fuldt; serveren "
                    "kunne ikke nås.");
    const auto disk = summarizeEntry(
        "ledger.gap", std::string(R"({"count":1,"from":"2026-11-20T08:00:00.000Z",)"
                                  R"("to":"2026-11-20T08:00:00.000Z","cause":"disk"})"));
    EXPECT_NE(disk.en.find("could not record 1 event because its disk was full or could not be "
                           "written to."),
              std::string::npos)
        << disk.en;
    EXPECT_NE(disk.da.find("1 hændelse, fordi dens disk var fuld"), std::string::npos) << disk.da;
}

} // namespace
} // namespace indblik::server
