// Web sign-in end to end: a real indblik-server process over real TLS on its public port, web
// accounts made with the admin commands, a browser's requests (cookies, forms, Origin) sent with
// Poco's HTTPS client trusting the data directory's CA. Runs on SQLite, and again on PostgreSQL
// under ctest's postgres fixture (pg.WebSignInTest.*).

#include <filesystem>
#include <string>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "server_process.h"
#include "test_database.h"
#include "web_browser.h"

namespace indblik {
namespace {

using testing::cookieValue;
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

class WebSignInTest : public testing::WebServerTest {
protected:
    WebSignInTest() : WebServerTest("indblik-web") {}

    void TearDown() override {
        if (m_second) {
            m_second->stop();
        }
        WebServerTest::TearDown();
    }

    void addPerson(const std::string& id, const std::string& name) {
        auto db = m_db.open(1);
        auto status = db->write("add a person", [&](Poco::Data::Session& session) {
            session << "INSERT INTO people (person_id, name, created_at, updated_at) VALUES ($1, "
                       "$2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                Poco::Data::Keywords::useRef(id), Poco::Data::Keywords::useRef(name),
                Poco::Data::Keywords::now;
            return true;
        });
        ASSERT_TRUE(status.ok()) << status.error();
    }

    std::unique_ptr<ServerProcess> m_second;
};

TEST_F(WebSignInTest, AdminCreatesAnAccountThatSignsInSeesHomeNeedsCsrfAndSignsOut) {
    // No default accounts: nothing signs in before create-user.
    const Outcome none = admin({"list-users"});
    ASSERT_EQ(none.exitCode, 0) << none.err;
    EXPECT_EQ(none.out, "login\trole\tname\tperson\tcreated_at\tcreated_by\tstatus\n");

    const Outcome weak =
        admin({"create-user", "alice", "--role", "admin", "--name", "Alice"}, "short\n");
    EXPECT_EQ(weak.exitCode, 1);
    EXPECT_NE(weak.err.find("at least 12"), std::string::npos) << weak.err;
    const Outcome noPassword = admin({"create-user", "alice", "--role", "admin", "--name", "A"});
    EXPECT_EQ(noPassword.exitCode, 1);
    EXPECT_NE(noPassword.err.find("standard input"), std::string::npos) << noPassword.err;
    const Outcome created = admin(
        {"create-user", "alice", "--role", "admin", "--name", "Alice Admin"}, kPassword + "\n");
    ASSERT_EQ(created.exitCode, 0) << created.err;
    EXPECT_NE(created.out.find("created admin account alice"), std::string::npos);
    const Outcome list = admin({"list-users"});
    EXPECT_NE(list.out.find("alice\tadmin\tAlice Admin\t-\t"), std::string::npos) << list.out;

    // Signed out, the home page sends the browser to the sign-in page.
    const WebAnswer anonymous = webCall(*m_server, "GET", "/");
    EXPECT_EQ(anonymous.status, 303);
    EXPECT_EQ(anonymous.location, "/login?next=%2F");
    const WebAnswer css = webCall(*m_server, "GET", "/static/indblik.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.contentType, "text/css; charset=utf-8");

    // A wrong password: the form again, no session.
    const WebAnswer page = webCall(*m_server, "GET", "/login?lang=en");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<html lang=\"en\""), std::string::npos);
    const std::string loginCsrf = inputValue(page.body, "csrf");
    const WebAnswer wrong =
        webCall(*m_server, "POST", "/login", "__Host-indblik_login=" + loginCsrf,
                "csrf=" + loginCsrf + "&login=alice&password=not+the+password");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.setCookies.count("__Host-indblik_session"), 0u);

    const std::string session = webSignIn(*m_server, "alice", kPassword);
    ASSERT_FALSE(session.empty());
    const WebAnswer home = webCall(*m_server, "GET", "/", session);
    ASSERT_EQ(home.status, 200) << home.body;
    EXPECT_NE(home.body.find("Alice Admin"), std::string::npos);
    const std::string csrf = inputValue(home.body, "csrf");
    ASSERT_EQ(csrf.size(), 64u);

    // Unsafe methods without the session's CSRF token, or from another origin: 403.
    EXPECT_EQ(webCall(*m_server, "POST", "/logout", session, "").status, 403);
    EXPECT_EQ(webCall(*m_server, "POST", "/logout", session, "csrf=" + std::string(64, '0')).status,
              403);
    EXPECT_EQ(webCall(*m_server, "POST", "/logout", session, "csrf=" + csrf,
                      {{"Origin", "https://evil.example"}})
                  .status,
              403);
    EXPECT_EQ(webCall(*m_server, "GET", "/", session).status, 200) << "a refusal ended the session";

    const WebAnswer out = webCall(*m_server, "POST", "/logout", session, "csrf=" + csrf);
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(out.location, "/login");
    EXPECT_EQ(webCall(*m_server, "GET", "/", session).status, 303)
        << "the session outlived sign-out";

    // disable-user ends sessions at once.
    const std::string again = webSignIn(*m_server, "alice", kPassword);
    EXPECT_EQ(webCall(*m_server, "GET", "/", again).status, 200);
    ASSERT_EQ(admin({"disable-user", "alice"}).exitCode, 0);
    EXPECT_EQ(webCall(*m_server, "GET", "/", again).status, 303);
}

TEST_F(WebSignInTest, EmployeeSetsUpTheirOwnSignInFromAOneTimeLink) {
    addPerson("p-erik", "Erik Employee");
    const Outcome unknown = admin({"create-setup-link", "--person", "p-nobody"});
    EXPECT_EQ(unknown.exitCode, 1);
    const Outcome made = admin({"create-setup-link", "--person", "p-erik", "--ttl-hours", "2"});
    ASSERT_EQ(made.exitCode, 0) << made.err;
    const std::string url = trim(made.out);
    const std::string port = ":" + std::to_string(m_server->enrollPort()) + "/setup?token=";
    ASSERT_EQ(url.rfind("https://", 0), 0u) << url;
    ASSERT_NE(url.find(port), std::string::npos) << url;
    const std::string path = url.substr(url.find("/setup?token="));

    const WebAnswer page = webCall(*m_server, "GET", path);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("Erik Employee"), std::string::npos);
    const std::string csrf = inputValue(page.body, "csrf");
    const std::string token = inputValue(page.body, "token");
    const std::string form = "csrf=" + csrf + "&token=" + token +
                             "&login=erik&password=" + formEncode(kPassword) +
                             "&password2=" + formEncode(kPassword);
    const WebAnswer done =
        webCall(*m_server, "POST", "/setup", "__Host-indblik_login=" + csrf, form);
    ASSERT_EQ(done.status, 303) << done.body;
    const std::string session =
        "__Host-indblik_session=" + cookieValue(done.setCookies.at("__Host-indblik_session"));
    const WebAnswer home = webCall(*m_server, "GET", "/", session);
    EXPECT_EQ(home.status, 200);
    EXPECT_NE(home.body.find("/me"), std::string::npos);

    // Single use; and the new login works.
    EXPECT_EQ(webCall(*m_server, "GET", path).status, 410);
    EXPECT_EQ(webCall(*m_server, "POST", "/setup", "__Host-indblik_login=" + csrf,
                      "csrf=" + csrf + "&token=" + token + "&login=erik2&password=" +
                          formEncode(kPassword) + "&password2=" + formEncode(kPassword))
                  .status,
              410);
    EXPECT_FALSE(webSignIn(*m_server, "erik", kPassword).empty());
    EXPECT_NE(admin({"list-users"}).out.find("erik\temployee\tErik Employee\tp-erik\t"),
              std::string::npos);
}

TEST_F(WebSignInTest, AnotherServerProcessOnTheSameDatabaseAcceptsTheSession) {
    ASSERT_EQ(
        admin({"create-user", "dina", "--role", "dpo", "--name", "Dina P. Olsen"}, kPassword + "\n")
            .exitCode,
        0);
    m_second =
        std::make_unique<ServerProcess>(INDBLIK_SERVER_BIN, m_dir / "data2", m_dir, "second");
    m_second->start({"--database", m_db.location()});
    const std::string session = webSignIn(*m_server, "dina", kPassword);
    ASSERT_FALSE(session.empty());
    const WebAnswer there = webCall(*m_second, "GET", "/", session);
    EXPECT_EQ(there.status, 200);
    EXPECT_NE(there.body.find("Dina P. Olsen"), std::string::npos);
    const std::string csrf = inputValue(there.body, "csrf");
    EXPECT_EQ(webCall(*m_second, "POST", "/logout", session, "csrf=" + csrf).status, 303);
    EXPECT_EQ(webCall(*m_server, "GET", "/", session).status, 303);
}

} // namespace
} // namespace indblik
