#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "access_log.h"
#include "json_reader.h"
#include "requests.h"
#include "test_database.h"
#include "test_time_zone.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

TEST(RequestDueDates, OneCalendarMonthClampedToTheMonthsEnd) {
    testing::ScopedTimeZone zone(testing::kUtcZone);
    EXPECT_EQ(addCalendarMonths("2026-01-15", 1), "2026-02-15");
    EXPECT_EQ(addCalendarMonths("2026-01-31", 1), "2026-02-28");
    EXPECT_EQ(addCalendarMonths("2028-01-31", 1), "2028-02-29"); // leap year
    EXPECT_EQ(addCalendarMonths("2026-03-31", 1), "2026-04-30");
    EXPECT_EQ(addCalendarMonths("2026-12-15", 1), "2027-01-15");
    EXPECT_EQ(addCalendarMonths("2026-02-28", 1), "2026-03-28");
    EXPECT_EQ(addCalendarMonths("2026-01-31", 3), "2026-04-30");
    EXPECT_EQ(addCalendarMonths("2026-11-30", 3), "2027-02-28");
    EXPECT_EQ(addCalendarMonths("2026-02-30", 1), "");
    EXPECT_EQ(addCalendarMonths("yesterday", 1), "");
    EXPECT_EQ(requestDueAt("2026-01-31T10:00:00.000Z"), "2026-02-28T23:59:59.999Z");
    EXPECT_EQ(requestDueAt("2026-01-31T10:00:00.000Z", 3), "2026-04-30T23:59:59.999Z");
}

class RequestsTest : public ::testing::Test {
protected:
    // Expected times below are written in UTC.
    testing::ScopedTimeZone m_zone{testing::kUtcZone};
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<RequestStore>(*m_db, [this] { return m_now; });
        m_api = std::make_unique<RequestsApi>(*m_db, *m_store);
        ASSERT_TRUE(
            m_db->write("add people",
                        [](Poco::Data::Session& s) {
                            s << "INSERT INTO people (person_id, name, email, created_at, "
                                 "updated_at) VALUES ('pa', 'Anna A', 'anna@example.test', 't', "
                                 "'t'), ('pb', 'Bo B', 'bo@example.test', 't', 't')",
                                now;
                            s << "INSERT INTO person_devices (device_id, os_user, person_id, "
                                 "assigned_at, source) VALUES ('dev1', 'anna', 'pa', 't', 'test'), "
                                 "('dev2', '*', 'pb', 't', 'test')",
                                now;
                            return true;
                        })
                .ok());
        m_dpo.role = Role::Dpo;
        m_dpo.actorId = "acct-dpo";
        m_dpo.name = "Mette DPO";
        m_dpo.csrfToken = "csrf-123";
        m_anna.role = Role::Employee;
        m_anna.actorId = "acct-anna";
        m_anna.name = "Anna A";
        m_anna.personId = "pa";
        m_bo = m_anna;
        m_bo.actorId = "acct-bo";
        m_bo.name = "Bo B";
        m_bo.personId = "pb";
    }

    PersonRequest created(const std::string& person = "pa", const std::string& type = "question") {
        auto o = m_store->create(person, type, "Who sees my screenshots?", "Please tell me.");
        EXPECT_EQ(o.status, 201) << o.error;
        return o.request;
    }

    std::vector<AccessEvent> events(const std::string& person) {
        AccessLog log(*m_db);
        auto e = log.events(person);
        EXPECT_TRUE(e.ok());
        return e.ok() ? e.value() : std::vector<AccessEvent>{};
    }

    Request as(const Caller& caller, const std::string& body = {},
               std::map<std::string, std::string> params = {}) {
        Request r;
        r.caller = caller;
        r.body = body;
        r.params = std::move(params);
        return r;
    }

    std::string m_now = "2026-01-31T10:00:00.000Z";
    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RequestStore> m_store;
    std::unique_ptr<RequestsApi> m_api;
    Caller m_dpo, m_anna, m_bo;
};

TEST_F(RequestsTest, ReceivedRequestIsDueOneCalendarMonthLater) {
    const auto r = created();
    EXPECT_EQ(r.status, "received");
    EXPECT_EQ(r.receivedAt, m_now);
    EXPECT_EQ(r.dueAt, "2026-02-28T23:59:59.999Z");
    auto mine = m_store->forPerson("pa");
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine.value().size(), 1u);
    EXPECT_EQ(mine.value().front().id, r.id);
    EXPECT_TRUE(m_store->forPerson("pb").value().empty());
}

TEST_F(RequestsTest, BadRequestsAreRefusedWithWhatAndWhere) {
    auto bad = m_store->create("pa", "complaint", "s", "");
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.error.find("type: one of question"), std::string::npos) << bad.error;
    auto longSubject = m_store->create("pa", "question", std::string(201, 'x'), "");
    EXPECT_EQ(longSubject.status, 400);
    EXPECT_NE(longSubject.error.find("subject: at most 200 characters (got 201)"),
              std::string::npos)
        << longSubject.error;
    // 200 Danish letters are 400 bytes but 200 characters: accepted.
    std::string danish;
    for (int i = 0; i < 200; ++i) {
        danish += "æ";
    }
    EXPECT_EQ(m_store->create("pa", "question", danish, "").status, 201);
    auto longBody = m_store->create("pa", "copy", "s", std::string(10001, 'x'));
    EXPECT_EQ(longBody.status, 400);
    EXPECT_NE(longBody.error.find("body: at most 10000"), std::string::npos);
    EXPECT_EQ(m_store->create("pa", "copy", "   ", "").status, 400);
    // Nothing of the refused ones was stored.
    EXPECT_EQ(m_store->forPerson("pa").value().size(), 1u);

    const Reply unknownField =
        m_api->employeeCreate(as(m_anna, R"({"type":"question","subject":"s","x":1})"));
    EXPECT_EQ(unknownField.status, 400);
    EXPECT_NE(unknownField.body.find("$.x: no such field"), std::string::npos);
    EXPECT_EQ(m_api->employeeCreate(as(m_anna, "not json")).status, 400);
}

TEST_F(RequestsTest, DpoReadIsAnAccessEventAndStartsHandling) {
    const auto r = created();
    EXPECT_TRUE(events("pa").empty());
    const Reply shown = m_api->dpoShow(as(m_dpo, "", {{"id", r.id}}));
    ASSERT_EQ(shown.status, 200) << shown.body;
    json::ObjectReader j(json::parse(shown.body), "$");
    EXPECT_EQ(j.string("status"), "in_progress");
    EXPECT_EQ(j.string("person_id"), "pa");
    const auto log = events("pa");
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].actorId, "acct-dpo");
    EXPECT_EQ(log[0].actorRole, "dpo");
    EXPECT_EQ(log[0].what, "request:" + r.id);
    EXPECT_EQ(log[0].why, "handling request " + r.id);
    EXPECT_EQ(log[0].outcome, "read");
    EXPECT_TRUE(AccessLog(*m_db).verify("pa").value().intact);
    // Nobody read Bo's data.
    EXPECT_TRUE(events("pb").empty());
}

TEST_F(RequestsTest, AnswerAndRefusalCloseTheRequestOnce) {
    const auto q = created();
    auto answered = m_store->answer(q.id, m_dpo, "Only IT security, on an alert.");
    ASSERT_EQ(answered.status, 200) << answered.error;
    EXPECT_EQ(answered.request.status, "answered");
    EXPECT_EQ(answered.request.answeredBy, "Mette DPO");
    auto again = m_store->answer(q.id, m_dpo, "Another answer");
    EXPECT_EQ(again.status, 409);
    EXPECT_NE(again.error.find("already answered"), std::string::npos) << again.error;
    EXPECT_EQ(m_store->refuse(q.id, m_dpo, "late").status, 409);

    const auto d = created("pa", "deletion");
    EXPECT_EQ(m_store->refuse(d.id, m_dpo, "  ").status, 400);
    EXPECT_EQ(m_store->answer(d.id, m_dpo, "").status, 400);
    auto refused = m_store->refuse(d.id, m_dpo, "We must keep security logs for 90 days.");
    ASSERT_EQ(refused.status, 200) << refused.error;

    // The employee sees status, answer and refusal reason.
    const Reply mine = m_api->employeeList(as(m_anna));
    ASSERT_EQ(mine.status, 200);
    EXPECT_NE(mine.body.find("\"refusal_reason\":\"We must keep security logs for 90 days.\""),
              std::string::npos)
        << mine.body;
    EXPECT_NE(mine.body.find("\"answer\":\"Only IT security, on an alert.\""), std::string::npos);
    EXPECT_NE(mine.body.find("\"status\":\"answered\""), std::string::npos);
    EXPECT_NE(mine.body.find("\"status\":\"refused\""), std::string::npos);
    // Unknown ids.
    EXPECT_EQ(m_store->answer("0123456789abcdef01234567", m_dpo, "x").status, 404);
    EXPECT_EQ(m_store->answer("'; DROP TABLE requests; --", m_dpo, "x").status, 404);
}

TEST_F(RequestsTest, ExtensionOnlyOnceWithAReasonWithinTheFirstMonth) {
    const auto r = created(); // received 2026-01-31
    EXPECT_EQ(m_store->extend(r.id, m_dpo, "").status, 400);
    EXPECT_EQ(m_store->extend(r.id, m_dpo, "complex", 4).status, 400);
    m_now = "2026-02-20T09:00:00.000Z";
    auto extended = m_store->extend(r.id, m_dpo, "Logs from three systems must be collected.");
    ASSERT_EQ(extended.status, 200) << extended.error;
    EXPECT_EQ(extended.request.dueAt, "2026-04-30T23:59:59.999Z");
    EXPECT_EQ(extended.request.status, "in_progress");
    auto twice = m_store->extend(r.id, m_dpo, "more");
    EXPECT_EQ(twice.status, 409);
    EXPECT_NE(twice.error.find("only once"), std::string::npos);

    const Reply mine = m_api->employeeShow(as(m_anna, "", {{"id", r.id}}));
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_NE(mine.body.find("\"extension_reason\":\"Logs from three systems must be collected.\""),
              std::string::npos);
    EXPECT_NE(mine.body.find("\"due_date\":\"2026-04-30\""), std::string::npos);

    // After the first month an extension is refused: the request is simply overdue.
    m_now = "2026-01-31T10:00:00.000Z";
    const auto late = created();
    m_now = "2026-03-01T00:00:00.000Z";
    auto refused = m_store->extend(late.id, m_dpo, "busy");
    EXPECT_EQ(refused.status, 409);
    EXPECT_NE(refused.error.find("within the first month"), std::string::npos) << refused.error;
    // The last moment of the first month is still within it; two months is allowed too.
    m_now = "2026-02-28T23:59:59.000Z";
    auto two = m_store->extend(late.id, m_dpo, "busy", 2);
    ASSERT_EQ(two.status, 200) << two.error;
    EXPECT_EQ(two.request.dueAt, "2026-03-31T23:59:59.999Z");
}

TEST_F(RequestsTest, OverdueRequestsAreFlaggedAndCounted) {
    const auto a = created("pa", "copy");
    const auto b = created("pb", "objection");
    const auto c = created("pb", "question");
    ASSERT_EQ(m_store->answer(c.id, m_dpo, "done").status, 200);
    auto before = overdueRequests(*m_db, "2026-02-28T23:00:00.000Z");
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(before->open, 2);
    EXPECT_EQ(before->overdue, 0);
    auto after = overdueRequests(*m_db, "2026-03-01T00:00:00.000Z");
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->overdue, 2);
    ASSERT_EQ(after->overdueByType.size(), 2u);
    EXPECT_EQ(after->overdueByType[0], (std::pair<std::string, std::int64_t>{"copy", 1}));

    m_now = "2026-03-01T00:00:00.000Z";
    const Reply inbox = m_api->dpoList(as(m_dpo));
    ASSERT_EQ(inbox.status, 200);
    EXPECT_NE(inbox.body.find("\"overdue\":2"), std::string::npos) << inbox.body;
    // Who asked and what they wrote is read per request (an access event), not in the list.
    EXPECT_EQ(inbox.body.find("Please tell me."), std::string::npos) << inbox.body;
    EXPECT_EQ(inbox.body.find("\"pb\""), std::string::npos) << inbox.body;
    EXPECT_TRUE(events("pa").empty());
    auto list = m_store->inbox();
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 3u);
    EXPECT_TRUE(list.value()[0].open());
    EXPECT_TRUE(list.value()[1].open());
    EXPECT_EQ(list.value()[2].id, c.id); // closed last
    (void)a;
    (void)b;
}

TEST_F(RequestsTest, AnEmployeeCannotReadOrActOnAnotherPersonsRequest) {
    const auto bos = created("pb");
    // Anna asks for Bo's request: 404 (she learns nothing), and Bo sees the attempt.
    const Reply peek = m_api->employeeShow(as(m_anna, "", {{"id", bos.id}}));
    EXPECT_EQ(peek.status, 404);
    auto log = events("pb");
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].actorId, "acct-anna");
    EXPECT_EQ(log[0].outcome, "refused");
    // Anna on the DPO's routes: 403, each recorded in Bo's log; nothing changes.
    EXPECT_EQ(m_api->dpoShow(as(m_anna, "", {{"id", bos.id}})).status, 403);
    EXPECT_EQ(m_api->dpoAnswer(as(m_anna, R"({"answer":"x"})", {{"id", bos.id}})).status, 403);
    EXPECT_EQ(m_api->dpoRefuse(as(m_anna, R"({"reason":"x"})", {{"id", bos.id}})).status, 403);
    EXPECT_EQ(m_api->dpoExtend(as(m_anna, R"({"reason":"x"})", {{"id", bos.id}})).status, 403);
    EXPECT_EQ(m_api->dpoList(as(m_anna)).status, 403);
    EXPECT_EQ(m_store->answer(bos.id, m_anna, "x").status, 403);
    log = events("pb");
    EXPECT_EQ(log.size(), 5u);
    for (const auto& e : log) {
        EXPECT_EQ(e.outcome, "refused");
    }
    EXPECT_EQ(m_store->forPerson("pb").value().front().status, "received");
    // Anna's own list does not include Bo's request.
    const Reply mine = m_api->employeeList(as(m_anna));
    EXPECT_EQ(mine.body.find(bos.id), std::string::npos);
    // The council and admins are not DPOs either.
    Caller council = m_dpo;
    council.role = Role::Council;
    EXPECT_EQ(m_api->dpoShow(as(council, "", {{"id", bos.id}})).status, 403);
}

TEST_F(RequestsTest, AgentActsForThePersonItsOsUserIs) {
    Caller device;
    device.role = Role::Employee;
    device.deviceId = "dev1";
    device.actorId = "device:dev1";
    device.name = "laptop";
    const Reply made = m_api->agentCreate(as(
        device, R"({"type":"copy","subject":"My data","body":"All of it"})", {{"user", "anna"}}));
    ASSERT_EQ(made.status, 201) << made.body;
    const std::string id = json::ObjectReader(json::parse(made.body), "$").string("id");
    EXPECT_EQ(m_store->forPerson("pa").value().size(), 1u);

    const Reply list = m_api->agentList(as(device, "", {{"user", "anna"}}));
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find(id), std::string::npos);
    EXPECT_NE(list.body.find("\"due_date\""), std::string::npos);

    // Another user of that computer is nobody the server knows.
    EXPECT_EQ(m_api->agentList(as(device, "", {{"user", "root"}})).status, 404);
    EXPECT_EQ(m_api->agentList(as(device, "", {})).status, 400);
    // dev2 belongs to Bo for every user: Bo's agent cannot read Anna's request.
    Caller other = device;
    other.deviceId = "dev2";
    EXPECT_EQ(m_api->agentShow(as(other, "", {{"user", "bo"}, {"id", id}})).status, 404);
    const auto log = events("pa");
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].actorId, "device:dev2/bo");
    EXPECT_EQ(log[0].outcome, "refused");
}

TEST_F(RequestsTest, DpoPagesEscapeAndCarryTheCsrfToken) {
    auto o = m_store->create("pa", "question", "<script>alert(1)</script>", "a & b");
    ASSERT_TRUE(o.ok());
    m_now = "2026-03-05T00:00:00.000Z";
    const Reply list = m_api->dpoListPage(as(m_dpo, "", {{"lang", "en"}}));
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.body.find("<script>"), std::string::npos);
    EXPECT_NE(list.body.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(list.body.find("OVERDUE"), std::string::npos);
    const Reply da = m_api->dpoListPage(as(m_dpo, "", {{"lang", "da"}}));
    EXPECT_NE(da.body.find("OVERSKREDET"), std::string::npos);

    const Reply page = m_api->dpoShowPage(as(m_dpo, "", {{"id", o.request.id}, {"lang", "en"}}));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("name=\"csrf\" value=\"csrf-123\""), std::string::npos);
    EXPECT_NE(page.body.find("Anna A"), std::string::npos);
    EXPECT_NE(page.body.find("a &amp; b"), std::string::npos);

    const Reply forged =
        m_api->dpoFormPost(as(m_dpo, "csrf=wrong&text=hello", {{"id", o.request.id}}), "answer");
    EXPECT_EQ(forged.status, 403);
    EXPECT_EQ(m_store->forPerson("pa").value().front().status, "in_progress");
    const Reply posted = m_api->dpoFormPost(
        as(m_dpo, "csrf=csrf-123&text=Svar+med+%C3%A6%C3%B8%C3%A5&lang=en", {{"id", o.request.id}}),
        "answer");
    EXPECT_EQ(posted.status, 303);
    const auto r = m_store->forPerson("pa").value().front();
    EXPECT_EQ(r.status, "answered");
    EXPECT_EQ(r.answer, "Svar med æøå");
    // An employee gets no page.
    EXPECT_EQ(m_api->dpoShowPage(as(m_anna, "", {{"id", o.request.id}})).status, 403);
}

} // namespace
} // namespace indblik::server
