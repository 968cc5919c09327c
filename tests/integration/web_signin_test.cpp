// Web sign-in end to end: a real indblik-server process over real TLS on its public port, web
// accounts made with the admin commands, a browser's requests (cookies, forms, Origin) sent with
// Poco's HTTPS client trusting the data directory's CA. Runs on SQLite, and again on PostgreSQL
// under ctest's postgres fixture (pg.WebSignInTest.*).

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <unistd.h>

#include <Poco/Data/Session.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <gtest/gtest.h>

#include "server_process.h"
#include "test_database.h"

namespace indblik {
namespace {

using testing::Outcome;
using testing::readText;
using testing::ServerProcess;
using testing::trim;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kPassword = "correct horse battery staple";

struct Answer {
    int status = 0;
    std::string body;
    std::string contentType;
    std::string location;
    std::map<std::string, std::string> setCookies; // name -> whole Set-Cookie value
};

std::string cookieValue(const std::string& setCookie) {
    const auto eq = setCookie.find('=');
    return setCookie.substr(eq + 1, setCookie.find(';') - eq - 1);
}

// The value of <input name="name" value="..."> in a page.
std::string inputValue(const std::string& page, const std::string& name) {
    const auto at = page.find("name=\"" + name + "\" value=\"");
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + name.size() + 15;
    return page.substr(start, page.find('"', start) - start);
}

std::string formEncode(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "&=+;/?#", out);
    return out;
}

class WebSignInTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = indblik::testing::freshTestDir("indblik-web");
        m_server =
            std::make_unique<ServerProcess>(INDBLIK_SERVER_BIN, m_dir / "data", m_dir, "server");
        m_server->start({"--database", m_db.location()});
    }

    void TearDown() override {
        for (auto* s : {m_server.get(), m_second.get()}) {
            if (s != nullptr) {
                s->stop();
            }
        }
        if (HasFailure()) {
            std::cerr << "--- server stderr ---\n" << readText(m_dir / "server.err");
        }
        fs::remove_all(m_dir);
    }

    Outcome admin(const std::vector<std::string>& command, const std::string& input = {}) {
        return m_server->admin(command, input, {"--database", m_db.location()});
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

    // A client context that trusts only the server's CA, as a browser trusting it would.
    Poco::Net::Context::Ptr clientContext(const ServerProcess& server) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params params;
        params.caLocation = (server.dataDir() / "ca.crt").string();
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = false;
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
        return context;
    }

    // One request as a browser sends it: the cookies it holds, a form body, an Origin on POST.
    Answer call(const ServerProcess& server, const std::string& method, const std::string& path,
                const std::string& cookies = {}, const std::string& form = {},
                const std::map<std::string, std::string>& headers = {}) {
        Poco::Net::HTTPSClientSession session(
            "127.0.0.1", static_cast<Poco::UInt16>(server.enrollPort()), clientContext(server));
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Accept", "text/html");
        if (!cookies.empty()) {
            request.set("Cookie", cookies);
        }
        if (method == "POST") {
            request.set("Origin", "https://127.0.0.1:" + std::to_string(server.enrollPort()));
            request.setContentType("application/x-www-form-urlencoded");
            request.setContentLength64(static_cast<Poco::Int64>(form.size()));
        }
        for (const auto& [name, value] : headers) {
            request.set(name, value);
        }
        session.sendRequest(request) << form;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        std::ostringstream text;
        text << in.rdbuf();
        Answer a;
        a.status = static_cast<int>(response.getStatus());
        a.body = text.str();
        a.contentType = response.getContentType();
        a.location = response.get("Location", "");
        for (const auto& [name, value] : response) {
            if (Poco::icompare(name, "Set-Cookie") == 0) {
                a.setCookies[value.substr(0, value.find('='))] = value;
            }
        }
        return a;
    }

    // Signs in through the pages; returns the Cookie header value of the session.
    std::string signIn(const ServerProcess& server, const std::string& login,
                       const std::string& password = kPassword) {
        const Answer page = call(server, "GET", "/login");
        EXPECT_EQ(page.status, 200);
        const std::string csrf = inputValue(page.body, "csrf");
        EXPECT_EQ(csrf, cookieValue(page.setCookies.at("__Host-indblik_login")));
        const Answer in =
            call(server, "POST", "/login", "__Host-indblik_login=" + csrf,
                 "csrf=" + csrf + "&login=" + login + "&password=" + formEncode(password));
        EXPECT_EQ(in.status, 303) << in.body;
        if (in.setCookies.count("__Host-indblik_session") == 0) {
            return {};
        }
        return "__Host-indblik_session=" + cookieValue(in.setCookies.at("__Host-indblik_session"));
    }

    // SQLite in a temporary directory, or under ctest's postgres fixture a schema in PostgreSQL.
    server::testing::TestDatabase m_db;
    fs::path m_dir;
    std::unique_ptr<ServerProcess> m_server;
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
    const Answer anonymous = call(*m_server, "GET", "/");
    EXPECT_EQ(anonymous.status, 303);
    EXPECT_EQ(anonymous.location, "/login?next=%2F");
    const Answer css = call(*m_server, "GET", "/static/indblik.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.contentType, "text/css; charset=utf-8");

    // A wrong password: the form again, no session.
    const Answer page = call(*m_server, "GET", "/login?lang=en");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<html lang=\"en\""), std::string::npos);
    const std::string loginCsrf = inputValue(page.body, "csrf");
    const Answer wrong = call(*m_server, "POST", "/login", "__Host-indblik_login=" + loginCsrf,
                              "csrf=" + loginCsrf + "&login=alice&password=not+the+password");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.setCookies.count("__Host-indblik_session"), 0u);

    const std::string session = signIn(*m_server, "alice", kPassword);
    ASSERT_FALSE(session.empty());
    const Answer home = call(*m_server, "GET", "/", session);
    ASSERT_EQ(home.status, 200) << home.body;
    EXPECT_NE(home.body.find("Alice Admin"), std::string::npos);
    const std::string csrf = inputValue(home.body, "csrf");
    ASSERT_EQ(csrf.size(), 64u);

    // Unsafe methods without the session's CSRF token, or from another origin: 403.
    EXPECT_EQ(call(*m_server, "POST", "/logout", session, "").status, 403);
    EXPECT_EQ(call(*m_server, "POST", "/logout", session, "csrf=" + std::string(64, '0')).status,
              403);
    EXPECT_EQ(call(*m_server, "POST", "/logout", session, "csrf=" + csrf,
                   {{"Origin", "https://evil.example"}})
                  .status,
              403);
    EXPECT_EQ(call(*m_server, "GET", "/", session).status, 200) << "a refusal ended the session";

    const Answer out = call(*m_server, "POST", "/logout", session, "csrf=" + csrf);
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(out.location, "/login");
    EXPECT_EQ(call(*m_server, "GET", "/", session).status, 303) << "the session outlived sign-out";

    // disable-user ends sessions at once.
    const std::string again = signIn(*m_server, "alice", kPassword);
    EXPECT_EQ(call(*m_server, "GET", "/", again).status, 200);
    ASSERT_EQ(admin({"disable-user", "alice"}).exitCode, 0);
    EXPECT_EQ(call(*m_server, "GET", "/", again).status, 303);
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

    const Answer page = call(*m_server, "GET", path);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("Erik Employee"), std::string::npos);
    const std::string csrf = inputValue(page.body, "csrf");
    const std::string token = inputValue(page.body, "token");
    const std::string form = "csrf=" + csrf + "&token=" + token +
                             "&login=erik&password=" + formEncode(kPassword) +
                             "&password2=" + formEncode(kPassword);
    const Answer done = call(*m_server, "POST", "/setup", "__Host-indblik_login=" + csrf, form);
    ASSERT_EQ(done.status, 303) << done.body;
    const std::string session =
        "__Host-indblik_session=" + cookieValue(done.setCookies.at("__Host-indblik_session"));
    const Answer home = call(*m_server, "GET", "/", session);
    EXPECT_EQ(home.status, 200);
    EXPECT_NE(home.body.find("/me"), std::string::npos);

    // Single use; and the new login works.
    EXPECT_EQ(call(*m_server, "GET", path).status, 410);
    EXPECT_EQ(call(*m_server, "POST", "/setup", "__Host-indblik_login=" + csrf,
                   "csrf=" + csrf + "&token=" + token + "&login=erik2&password=" +
                       formEncode(kPassword) + "&password2=" + formEncode(kPassword))
                  .status,
              410);
    EXPECT_FALSE(signIn(*m_server, "erik", kPassword).empty());
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
    const std::string session = signIn(*m_server, "dina", kPassword);
    ASSERT_FALSE(session.empty());
    const Answer there = call(*m_second, "GET", "/", session);
    EXPECT_EQ(there.status, 200);
    EXPECT_NE(there.body.find("Dina P. Olsen"), std::string::npos);
    const std::string csrf = inputValue(there.body, "csrf");
    EXPECT_EQ(call(*m_second, "POST", "/logout", session, "csrf=" + csrf).status, 303);
    EXPECT_EQ(call(*m_server, "GET", "/", session).status, 303);
}

} // namespace
} // namespace indblik
