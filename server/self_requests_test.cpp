// The employee's request pages (/me/requests): the form makes a request through RequestStore's
// rules, the list and the request's page show what the employee may know, and another person's
// request id is a 404 recorded in that person's log.

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "access_log.h"
#include "requests.h"
#include "self_requests.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

class SelfRequestsTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<RequestStore>(*m_db, [this] { return m_now; });
        m_pages = std::make_unique<SelfRequestPages>(*m_db, *m_store);
        ASSERT_TRUE(m_db->write("add people",
                                [](Poco::Data::Session& s) {
                                    s << "INSERT INTO people (person_id, name, created_at, "
                                         "updated_at) VALUES ('pa', 'Anna A', 't', 't'), ('pb', "
                                         "'Bo B', 't', 't')",
                                        now;
                                    return true;
                                })
                        .ok());
        m_anna = Caller{Role::Employee, "acct-anna", "Anna A", "pa", "csrf-anna", ""};
        m_bo = Caller{Role::Employee, "acct-bo", "Bo B", "pb", "csrf-bo", ""};
        m_dpo = Caller{Role::Dpo, "acct-dpo", "Mette DPO", "", "csrf-dpo", ""};
    }

    Request as(const Caller& caller, const std::string& method, const std::string& body = {},
               std::map<std::string, std::string> params = {}) {
        Request r;
        r.method = method;
        r.path = "/me/requests";
        r.caller = caller;
        r.body = body;
        r.contentType = "application/x-www-form-urlencoded";
        r.params = std::move(params);
        return r;
    }

    std::vector<AccessEvent> events(const std::string& person) {
        AccessLog log(*m_db);
        auto e = log.events(person);
        EXPECT_TRUE(e.ok());
        return e.ok() ? e.value() : std::vector<AccessEvent>{};
    }

    static std::string location(const Reply& reply) {
        for (const auto& [name, value] : reply.headers) {
            if (name == "Location") {
                return value;
            }
        }
        return {};
    }

    std::string m_now = "2026-01-31T10:00:00.000Z";
    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RequestStore> m_store;
    std::unique_ptr<SelfRequestPages> m_pages;
    Caller m_anna, m_bo, m_dpo;
};

TEST_F(SelfRequestsTest, TheFormOffersEveryTypeInPlainWordsAndCarriesTheCsrfToken) {
    const Reply page = m_pages->listPage(as(m_anna, "GET", {}, {{"lang", "en"}}));
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("You have no requests yet."), std::string::npos);
    EXPECT_NE(page.body.find("<form method=\"post\" action=\"/me/requests?lang=en\""),
              std::string::npos);
    EXPECT_NE(page.body.find("name=\"csrf\" value=\"csrf-anna\""), std::string::npos);
    for (const auto type : kRequestTypes) {
        const std::string id = "type-" + std::string(type);
        EXPECT_NE(page.body.find("value=\"" + std::string(type) + "\""), std::string::npos) << type;
        EXPECT_NE(page.body.find("<label for=\"" + id + "\">"), std::string::npos) << type;
        EXPECT_NE(page.body.find("id=\"" + id + "-hint\""), std::string::npos) << type;
    }
    EXPECT_NE(page.body.find("Copy of my data"), std::string::npos);
    EXPECT_NE(page.body.find("Get a copy of the information the employer holds about you."),
              std::string::npos);
    EXPECT_NE(page.body.find("<label for=\"subject\">"), std::string::npos);
    EXPECT_NE(page.body.find("<label for=\"text\">"), std::string::npos);
    EXPECT_NE(page.body.find("href=\"/me?lang=en\""), std::string::npos) << "links to /me";

    const Reply da = m_pages->listPage(as(m_anna, "GET"));
    EXPECT_NE(da.body.find("<html lang=\"da\""), std::string::npos);
    EXPECT_NE(da.body.find("Kopi af mine data"), std::string::npos);
    EXPECT_NE(da.body.find("Du har ingen anmodninger endnu."), std::string::npos);
}

TEST_F(SelfRequestsTest, APostedFormMakesTheRequestAndGoesToIt) {
    const Reply made = m_pages->create(
        as(m_anna, "POST",
           "csrf=csrf-anna&type=copy&subject=Mine+data+%C3%A6%C3%B8%C3%A5&text=Alt+om+mig%0D%0Atak",
           {{"lang", "en"}}));
    ASSERT_EQ(made.status, 303) << made.body;
    const auto mine = m_store->forPerson("pa").value();
    ASSERT_EQ(mine.size(), 1u);
    const PersonRequest& r = mine.front();
    EXPECT_EQ(r.type, "copy");
    EXPECT_EQ(r.subject, "Mine data æøå");
    EXPECT_EQ(r.body, "Alt om mig\r\ntak");
    EXPECT_EQ(r.dueAt, "2026-02-28T23:59:59.999Z") << "the store's due date, one calendar month";
    EXPECT_EQ(location(made), "/me/requests/" + r.id + "?lang=en");

    const Reply list = m_pages->listPage(as(m_anna, "GET", {}, {{"lang", "en"}}));
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("href=\"/me/requests/" + r.id + "?lang=en\">Mine data æøå</a>"),
              std::string::npos)
        << list.body;
    EXPECT_NE(list.body.find("<td>Copy of my data</td><td>Received</td><td>2026-01-31</td>"
                             "<td>2026-02-28</td><td>No</td><td>—</td>"),
              std::string::npos)
        << list.body;
    // Nobody read anything: the employee's own request is no access event.
    EXPECT_TRUE(events("pa").empty());
}

TEST_F(SelfRequestsTest, ABadFormChangesNothingAndSaysWhatWasWrongKeepingWhatWasTyped) {
    struct Case {
        std::string body;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"type=complaint&subject=Hi&text=%3Cb%3E", "Choose what the request is about."},
        {"subject=Hi&text=x", "Choose what the request is about."},
        {"type=question&subject=+++&text=%3Cb%3E", "Write a subject."},
        {"type=question&subject=" + std::string(201, 'a'),
         "The subject may have at most 200 characters."},
        {"type=question&subject=Hi&text=" + std::string(10001, 'a'),
         "The text may have at most 10000 characters."},
    };
    for (const auto& c : cases) {
        const Reply reply = m_pages->create(as(m_anna, "POST", c.body, {{"lang", "en"}}));
        EXPECT_EQ(reply.status, 400) << c.body;
        EXPECT_NE(reply.body.find("role=\"alert\">" + c.message), std::string::npos)
            << c.body << "\n"
            << reply.body.substr(0, 2000);
        EXPECT_EQ(reply.body.find("<b>"), std::string::npos) << "what was typed is escaped";
    }
    const Reply kept = m_pages->create(
        as(m_anna, "POST", "type=objection&subject=&text=Jeg+siger+fra", {{"lang", "en"}}));
    EXPECT_NE(kept.body.find(">Jeg siger fra</textarea>"), std::string::npos);
    EXPECT_NE(
        kept.body.find("value=\"objection\" aria-describedby=\"type-objection-hint\" checked"),
        std::string::npos);
    EXPECT_TRUE(m_store->forPerson("pa").value().empty());
}

TEST_F(SelfRequestsTest, TheRequestsPageShowsTheExtensionTheAnswerAndTheHistory) {
    auto o = m_store->create("pa", "copy", "Kopi <script>", "Alt, tak");
    ASSERT_TRUE(o.ok());
    const std::string id = o.request.id;
    m_now = "2026-02-10T09:00:00.000Z";
    ASSERT_TRUE(m_store->open(id, m_dpo).ok());
    m_now = "2026-02-11T09:00:00.000Z";
    ASSERT_TRUE(m_store->extend(id, m_dpo, "Mange systemer skal gennemgås", 3).ok());

    const Reply open = m_pages->showPage(as(m_anna, "GET", {}, {{"id", id}, {"lang", "en"}}));
    ASSERT_EQ(open.status, 200) << open.body;
    EXPECT_EQ(open.body.find("<script>"), std::string::npos);
    EXPECT_NE(open.body.find("<h1>Kopi &lt;script&gt;</h1>"), std::string::npos);
    EXPECT_NE(open.body.find("In progress"), std::string::npos);
    EXPECT_NE(open.body.find("2026-04-30"), std::string::npos) << "due after the extension";
    EXPECT_NE(open.body.find("Mange systemer skal gennemgås"), std::string::npos);
    EXPECT_NE(open.body.find("Not answered yet. The answer must come by 2026-04-30."),
              std::string::npos);
    EXPECT_NE(open.body.find("href=\"/me/requests?lang=en\""), std::string::npos);

    m_now = "2026-03-01T09:00:00.000Z";
    ASSERT_TRUE(m_store->answer(id, m_dpo, "Her er din kopi.\nMvh").ok());
    const Reply answered = m_pages->showPage(as(m_anna, "GET", {}, {{"id", id}, {"lang", "en"}}));
    ASSERT_EQ(answered.status, 200);
    EXPECT_NE(answered.body.find("<h2>Answer</h2>\n<p class=\"text\">Her er din kopi.\nMvh</p>"),
              std::string::npos)
        << answered.body;
    // The history: received, then each DPO action from Anna's access log, in order.
    const auto at = [&](const std::string& text) { return answered.body.find(text); };
    const auto sent = at("You sent the request.");
    const auto opened = at("Mette DPO, data protection officer (DPO), opened the request.");
    const auto extended = at("Mette DPO, data protection officer (DPO), extended the deadline.");
    const auto answer = at("Mette DPO, data protection officer (DPO), answered the request.");
    ASSERT_NE(sent, std::string::npos);
    ASSERT_NE(opened, std::string::npos);
    ASSERT_NE(extended, std::string::npos);
    ASSERT_NE(answer, std::string::npos);
    EXPECT_LT(sent, opened);
    EXPECT_LT(opened, extended);
    EXPECT_LT(extended, answer);

    const Reply list = m_pages->listPage(as(m_anna, "GET", {}, {{"lang", "en"}}));
    EXPECT_NE(list.body.find("Yes, to 2026-04-30: Mange systemer skal gennemgås"),
              std::string::npos);
    EXPECT_NE(list.body.find("<td>Her er din kopi.\nMvh</td>"), std::string::npos);

    // Reading her own request is no access event; the DPO's three actions are.
    EXPECT_EQ(events("pa").size(), 3u);
}

TEST_F(SelfRequestsTest, ALongAnswerIsShortenedInTheListButWholeOnItsPage) {
    auto o = m_store->create("pa", "question", "Q", "");
    ASSERT_TRUE(o.ok());
    const std::string answer = std::string(299, 'x') + "æøå and more";
    ASSERT_TRUE(m_store->answer(o.request.id, m_dpo, answer).ok());
    const Reply list = m_pages->listPage(as(m_anna, "GET", {}, {{"lang", "en"}}));
    EXPECT_NE(list.body.find(std::string(299, 'x') + "æ…</td>"), std::string::npos);
    const Reply page =
        m_pages->showPage(as(m_anna, "GET", {}, {{"id", o.request.id}, {"lang", "en"}}));
    EXPECT_NE(page.body.find(answer), std::string::npos);
}

TEST_F(SelfRequestsTest, AnotherPersonsRequestIsNotFoundAndTheOwnerSeesTheAttempt) {
    auto bos = m_store->create("pb", "objection", "Bo's objection", "secret text");
    ASSERT_TRUE(bos.ok());
    const Reply peek =
        m_pages->showPage(as(m_anna, "GET", {}, {{"id", bos.request.id}, {"lang", "en"}}));
    EXPECT_EQ(peek.status, 404);
    EXPECT_EQ(peek.body.find("secret text"), std::string::npos);
    EXPECT_EQ(peek.body.find("Bo&#39;s objection"), std::string::npos);
    const Reply unknown = m_pages->showPage(
        as(m_anna, "GET", {}, {{"id", "0123456789abcdef01234567"}, {"lang", "en"}}));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.body, peek.body) << "another's id and an unknown id look alike";
    const auto log = events("pb");
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].actorId, "acct-anna");
    EXPECT_EQ(log[0].outcome, kAccessRefused);
    EXPECT_EQ(log[0].what, "request:" + bos.request.id);

    // Bo sees it in his request's history.
    const Reply his =
        m_pages->showPage(as(m_bo, "GET", {}, {{"id", bos.request.id}, {"lang", "en"}}));
    ASSERT_EQ(his.status, 200);
    EXPECT_NE(his.body.find("Anna A, employee, asked to see the request and was refused."),
              std::string::npos);
    // Anna's list holds none of Bo's.
    const Reply list = m_pages->listPage(as(m_anna, "GET"));
    EXPECT_EQ(list.body.find(bos.request.id), std::string::npos);
}

TEST_F(SelfRequestsTest, AnAccountWithoutAPersonHasNoRequestPages) {
    Caller unlinked = m_anna;
    unlinked.personId.clear();
    EXPECT_EQ(m_pages->listPage(as(unlinked, "GET")).status, 403);
    EXPECT_EQ(m_pages->create(as(unlinked, "POST", "type=question&subject=x")).status, 403);
    EXPECT_EQ(m_pages->showPage(as(m_dpo, "GET", {}, {{"id", "x"}})).status, 403);
    EXPECT_TRUE(m_store->forPerson("").value().empty());
}

TEST_F(SelfRequestsTest, TheRoutesAreTheEmployeesAndTheOneWithAnIdIsPersonal) {
    Router router;
    addSelfRequestRoutes(router, *m_pages);
    ASSERT_EQ(router.routes().size(), 3u);
    for (const auto& route : router.routes()) {
        EXPECT_EQ(route.roles, std::vector<Role>{Role::Employee}) << route.pattern;
        EXPECT_EQ(route.access, Access::Session) << route.pattern;
        EXPECT_EQ(route.personal, route.pattern == "/me/requests/{id}") << route.pattern;
        EXPECT_EQ(route.maxBody == 0, route.method == "GET") << route.pattern;
    }
    EXPECT_NE(router.match(Listener::Public, "POST", "/me/requests").route, nullptr);
}

} // namespace
} // namespace indblik::server
