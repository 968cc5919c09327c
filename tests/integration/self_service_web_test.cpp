// The employee's requests on the web and the DPO's read of a person's data, end to end: a real
// indblik-server process over real TLS, accounts made with the admin commands and the one-time
// setup link, every step through the pages as a browser sends it (cookies, forms, CSRF token,
// Origin). Runs on SQLite, and again on PostgreSQL under ctest's postgres fixture.

#include <filesystem>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include "access_log.h"
#include "requests.h"
#include "server_process.h"
#include "test_database.h"
#include "web_browser.h"

namespace indblik {
namespace {

using testing::formEncode;
using testing::inputValue;
using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
using testing::trim;
using testing::WebAnswer;
using testing::webCall;
using testing::webSignIn;
namespace fs = std::filesystem;

const std::string kPassword = "correct horse battery staple";
const std::string kReason = "Kopi-anmodning fra Erik, modtaget i dag";

class SelfServiceWebTest : public testing::WebServerTest {
protected:
    SelfServiceWebTest() : WebServerTest("indblik-selfweb") {}

    // A person with an employee web account made from their setup link, signed in: the session.
    std::string employeeSignedIn(const std::string& person) {
        const Outcome link = admin({"create-setup-link", "--person", person});
        EXPECT_EQ(link.exitCode, 0) << link.err;
        const std::string url = trim(link.out);
        const std::string path = url.substr(url.find("/setup?token="));
        const WebAnswer page = webCall(*m_server, "GET", path);
        EXPECT_EQ(page.status, 200) << page.body;
        const std::string csrf = inputValue(page.body, "csrf");
        const WebAnswer done = webCall(*m_server, "POST", "/setup", "__Host-indblik_login=" + csrf,
                                       "csrf=" + csrf + "&token=" + inputValue(page.body, "token") +
                                           "&login=erik&password=" + formEncode(kPassword) +
                                           "&password2=" + formEncode(kPassword));
        EXPECT_EQ(done.status, 303) << done.body;
        const auto cookie = done.setCookies.find("__Host-indblik_session");
        if (cookie == done.setCookies.end()) {
            return {};
        }
        return "__Host-indblik_session=" + testing::cookieValue(cookie->second);
    }

    // The access events in the person's own JSON view whose why is `why`.
    int eventsWithReason(const std::string& session, const std::string& why) {
        const WebAnswer mine = webCall(*m_server, "GET", "/api/v1/people/me", session);
        EXPECT_EQ(mine.status, 200) << mine.body;
        Poco::JSON::Parser parser;
        const auto root = parser.parse(mine.body).extract<Poco::JSON::Object::Ptr>();
        const auto events = root->getObject("access_log")->getArray("events");
        int found = 0;
        for (std::size_t i = 0; i < events->size(); ++i) {
            const auto e = events->getObject(static_cast<unsigned>(i));
            if (e->getValue<std::string>("why") == why) {
                EXPECT_EQ(e->getValue<std::string>("actor_role"), "dpo");
                EXPECT_EQ(e->getValue<std::string>("outcome"), "read");
                ++found;
            }
        }
        return found;
    }
};

TEST_F(SelfServiceWebTest, AnEmployeeMakesARequestOnTheWebAndTheDpoReadsTheirDataWithAReason) {
    const Outcome added =
        admin({"add-person", "--name", "Erik Employee", "--employee-number", "4711"});
    ASSERT_EQ(added.exitCode, 0) << added.err;
    const std::string person = trim(added.out);
    ASSERT_EQ(
        admin({"create-user", "dina", "--role", "dpo", "--name", "Dina DPO"}, kPassword + "\n")
            .exitCode,
        0);

    // The employee: home -> my requests -> the form -> the new request's page -> the list.
    const std::string erik = employeeSignedIn(person);
    ASSERT_FALSE(erik.empty());
    EXPECT_NE(webCall(*m_server, "GET", "/", erik).body.find("href=\"/me/requests\""),
              std::string::npos);
    const WebAnswer empty = webCall(*m_server, "GET", "/me/requests?lang=en", erik);
    ASSERT_EQ(empty.status, 200) << empty.body;
    EXPECT_NE(empty.body.find("You have no requests yet."), std::string::npos);
    const std::string csrf = inputValue(empty.body, "csrf");
    ASSERT_EQ(csrf.size(), 64u);
    const std::string form = "type=copy&subject=" + formEncode("Kopi af mine data — æøå") +
                             "&text=" + formEncode("Alt hvad I har om mig, tak.");

    // Without the CSRF token, or from another site: refused, nothing made.
    EXPECT_EQ(webCall(*m_server, "POST", "/me/requests", erik, form).status, 403);
    EXPECT_EQ(webCall(*m_server, "POST", "/me/requests", erik, "csrf=" + csrf + "&" + form,
                      {{"Origin", "https://evil.example"}})
                  .status,
              403);

    const WebAnswer made =
        webCall(*m_server, "POST", "/me/requests?lang=en", erik, "csrf=" + csrf + "&" + form);
    ASSERT_EQ(made.status, 303) << made.body;
    ASSERT_EQ(made.location.rfind("/me/requests/", 0), 0u) << made.location;
    const std::string id = made.location.substr(13, made.location.find('?') - 13);
    const WebAnswer shown = webCall(*m_server, "GET", made.location, erik);
    ASSERT_EQ(shown.status, 200) << shown.body;
    EXPECT_NE(shown.body.find("<h1>Kopi af mine data — æøå</h1>"), std::string::npos);
    EXPECT_NE(shown.body.find("Not answered yet."), std::string::npos);
    const WebAnswer list = webCall(*m_server, "GET", "/me/requests?lang=en", erik);
    EXPECT_NE(list.body.find("href=\"/me/requests/" + id + "?lang=en\">Kopi af mine data — æøå"),
              std::string::npos);
    EXPECT_EQ(list.body.find("You have no requests yet."), std::string::npos);
    std::size_t count = 0;
    for (auto at = list.body.find("href=\"/me/requests/"); at != std::string::npos;
         at = list.body.find("href=\"/me/requests/", at + 1)) {
        ++count;
    }
    EXPECT_EQ(count, 1u) << "the refused posts made nothing";

    // The DPO: home -> find the person -> the form asking why.
    const std::string dina = webSignIn(*m_server, "dina", kPassword);
    ASSERT_FALSE(dina.empty());
    const WebAnswer home = webCall(*m_server, "GET", "/", dina);
    EXPECT_NE(home.body.find("href=\"/dpo/people\""), std::string::npos);
    const WebAnswer found = webCall(*m_server, "GET", "/dpo/people?lang=en&q=erik", dina);
    ASSERT_EQ(found.status, 200) << found.body;
    EXPECT_NE(found.body.find("<td>Erik Employee</td><td>4711</td>"), std::string::npos);
    const std::string formPath = "/people/" + person + "?lang=en";
    EXPECT_NE(found.body.find("href=\"" + formPath + "\""), std::string::npos);

    // A GET, even with a reason in the address, reads nothing: only the form.
    const WebAnswer asking = webCall(
        *m_server, "GET", "/people/" + person + "?lang=en&why=" + formEncode(kReason), dina);
    ASSERT_EQ(asking.status, 200) << asking.body;
    EXPECT_NE(asking.body.find("<form method=\"post\" action=\"" + formPath + "\""),
              std::string::npos);
    EXPECT_EQ(asking.body.find("Data about:"), std::string::npos);
    EXPECT_EQ(asking.body.find(kReason), std::string::npos);
    EXPECT_EQ(webCall(*m_server, "GET", "/api/v1/people/" + person + "/data?why=x", dina).status,
              405);
    EXPECT_EQ(
        webCall(*m_server, "GET", "/api/v1/people/" + person + "/export?format=csv&why=x", dina)
            .status,
        405);
    const std::string dpoCsrf = inputValue(asking.body, "csrf");
    ASSERT_EQ(dpoCsrf.size(), 64u);

    // The reason form without the CSRF token: refused, nothing read.
    const std::string reasonForm = "why=" + formEncode(kReason) + "&days=30";
    EXPECT_EQ(webCall(*m_server, "POST", formPath, dina, reasonForm).status, 403);
    EXPECT_EQ(webCall(*m_server, "POST", "/api/v1/people/" + person + "/data", dina,
                      "{\"why\": \"" + kReason + "\"}", {}, "application/json")
                  .status,
              403);
    EXPECT_EQ(eventsWithReason(erik, kReason), 0);

    // With it: the data, and the reason is in Erik's log.
    const WebAnswer data =
        webCall(*m_server, "POST", formPath, dina, "csrf=" + dpoCsrf + "&" + reasonForm);
    ASSERT_EQ(data.status, 200) << data.body;
    EXPECT_NE(data.body.find("<h1>Data about: Erik Employee</h1>"), std::string::npos);
    EXPECT_NE(data.body.find(kReason), std::string::npos);
    EXPECT_NE(data.body.find("Kopi af mine data — æøå"), std::string::npos) << "his request";
    EXPECT_EQ(eventsWithReason(erik, kReason), 1);

    // The JSON route with the X-CSRF-Token header, and a download from the page's form.
    const WebAnswer json = webCall(*m_server, "POST", "/api/v1/people/" + person + "/data", dina,
                                   "{\"why\": \"" + kReason + "\", \"limit\": 5}",
                                   {{"X-CSRF-Token", dpoCsrf}}, "application/json");
    ASSERT_EQ(json.status, 200) << json.body;
    EXPECT_NE(json.body.find("\"name\":\"Erik Employee\""), std::string::npos);
    const WebAnswer csv =
        webCall(*m_server, "POST", "/api/v1/people/" + person + "/export?lang=en", dina,
                "csrf=" + dpoCsrf + "&why=" + formEncode(kReason) + "&days=30&format=csv");
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(csv.contentType.rfind("text/csv", 0), 0u);
    EXPECT_EQ(eventsWithReason(erik, kReason), 3);

    // Erik's own page shows who read and why.
    const WebAnswer me = webCall(*m_server, "GET", "/me?lang=en", erik);
    ASSERT_EQ(me.status, 200);
    EXPECT_NE(me.body.find(kReason), std::string::npos);
    EXPECT_NE(me.body.find("Dina DPO"), std::string::npos);
    EXPECT_NE(me.body.find("href=\"/me/requests\""), std::string::npos);

    // The DPO answers through the request's page; Erik sees the answer and the history.
    const WebAnswer handling = webCall(*m_server, "GET", "/dpo/requests/" + id + "?lang=en", dina);
    ASSERT_EQ(handling.status, 200);
    EXPECT_NE(handling.body.find("href=\"/people/" + person + "?lang=en\""), std::string::npos);
    EXPECT_EQ(webCall(*m_server, "POST", "/dpo/requests/" + id + "/answer", dina,
                      "csrf=" + dpoCsrf + "&text=" + formEncode("Kopien er vedhæftet."))
                  .status,
              303);
    const WebAnswer answered = webCall(*m_server, "GET", "/me/requests/" + id + "?lang=en", erik);
    EXPECT_NE(answered.body.find("Kopien er vedhæftet."), std::string::npos);
    EXPECT_NE(answered.body.find("Dina DPO, data protection officer (DPO), answered the request."),
              std::string::npos)
        << answered.body;
}

TEST_F(SelfServiceWebTest, AnotherPersonsRequestIsNotFoundAndTheOwnerSeesTheAttempt) {
    const std::string anna = trim(admin({"add-person", "--name", "Anna"}).out);
    const std::string erikPerson = trim(admin({"add-person", "--name", "Erik"}).out);
    ASSERT_FALSE(anna.empty());
    // Anna's request, made in the database as her agent would.
    {
        auto db = m_db.open(1);
        server::RequestStore store(*db);
        ASSERT_TRUE(store.create(anna, "objection", "Annas indsigelse", "hemmelig").ok());
    }
    std::string annasId;
    {
        auto db = m_db.open(1);
        server::RequestStore store(*db);
        annasId = store.forPerson(anna).value().front().id;
    }
    const std::string erik = employeeSignedIn(erikPerson);
    ASSERT_FALSE(erik.empty());
    const WebAnswer peek = webCall(*m_server, "GET", "/me/requests/" + annasId, erik);
    EXPECT_EQ(peek.status, 404);
    EXPECT_EQ(peek.body.find("hemmelig"), std::string::npos);
    auto db = m_db.open(1);
    server::AccessLog log(*db);
    const auto events = log.events(anna).value();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].outcome, "refused");
    EXPECT_EQ(events[0].what, "request:" + annasId);
}

} // namespace
} // namespace indblik
