#include <chrono>
#include <sstream>

#include <Poco/Data/Session.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/SocketAddress.h>

#include <gtest/gtest.h>

#include "access_log.h"
#include "html.h"
#include "ledger.h"
#include "test_database.h"
#include "web_auth.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

constexpr password::ScryptCost kTestCost{std::uint64_t(1) << 14, 8, 1};
const std::string kPassword = "correct horse battery";

// Headers and cookies as a browser sends them; what the server reads from a request is only
// HTTPRequest's (real) header parsing, so this is all the dispatcher gives the code under test.
class BrowserRequest : public Poco::Net::HTTPServerRequest {
public:
    std::istream& stream() override { return m_body; }
    const Poco::Net::SocketAddress& clientAddress() const override { return m_address; }
    const Poco::Net::SocketAddress& serverAddress() const override { return m_address; }
    const Poco::Net::HTTPServerParams& serverParams() const override {
        throw Poco::NotImplementedException("serverParams");
    }
    Poco::Net::HTTPServerResponse& response() const override {
        throw Poco::NotImplementedException("response");
    }
    bool secure() const override { return true; }

private:
    std::istringstream m_body;
    Poco::Net::SocketAddress m_address{"127.0.0.1", 50000};
};

std::string setCookie(const Reply& reply, const std::string& name) {
    for (const auto& [header, value] : reply.headers) {
        if (header == "Set-Cookie" && value.rfind(name + "=", 0) == 0) {
            return value;
        }
    }
    return {};
}

std::string cookieValue(const std::string& setCookieValue) {
    const auto eq = setCookieValue.find('=');
    const auto semi = setCookieValue.find(';');
    return setCookieValue.substr(eq + 1, semi - eq - 1);
}

std::string location(const Reply& reply) {
    for (const auto& [header, value] : reply.headers) {
        if (header == "Location") {
            return value;
        }
    }
    return {};
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

class WebAuthTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_accounts = std::make_unique<AccountStore>(
            *m_db, [this] { return m_now; }, kTestCost);
        WebAuthOptions options;
        options.refusalFloor = std::chrono::milliseconds(150);
        m_web = std::make_unique<WebAuth>(*m_accounts, options);
        m_sessions = std::make_unique<SessionAuthenticator>(*m_accounts, *m_db);
        addWebAuthRoutes(m_router, *m_web);
        ASSERT_TRUE(
            m_accounts->create({"alice", "Alice <b>Admin</b>", Role::Admin, {}, kPassword, "t"})
                .ok());
        ASSERT_TRUE(
            m_accounts->create({"dina", "Dina P. Olsen", Role::Dpo, {}, kPassword, "t"}).ok());
    }

    // A request as the dispatcher builds it for the route.
    Request request(const std::string& method, const std::string& target,
                    const std::string& body = {}) {
        auto http = std::make_unique<BrowserRequest>();
        http->setMethod(method);
        http->setURI(target);
        http->setHost("indblik.example", 8444);
        Request r;
        r.method = method;
        r.path = target.substr(0, target.find('?'));
        if (target.find("lang=en") != std::string::npos) {
            r.params["lang"] = "en";
        }
        const auto q = target.find("token=");
        if (q != std::string::npos) {
            r.params["token"] = target.substr(q + 6);
        }
        r.body = body;
        r.host = "indblik.example:8444";
        if (!body.empty()) {
            r.contentType = "application/x-www-form-urlencoded";
            http->setContentType(r.contentType);
        }
        r.http = http.get();
        m_http.push_back(std::move(http));
        return r;
    }
    BrowserRequest& http(const Request& r) {
        return *const_cast<BrowserRequest*>(static_cast<const BrowserRequest*>(r.http));
    }
    void cookie(Request& r, const std::string& name, const std::string& value) {
        const std::string old = http(r).get("Cookie", "");
        http(r).set("Cookie", (old.empty() ? "" : old + "; ") + name + "=" + value);
    }
    const Route& route(const std::string& method, const std::string& path) {
        auto m = m_router.match(Listener::Public, method, path);
        EXPECT_NE(m.route, nullptr) << method << " " << path;
        return *m.route;
    }

    // Signs in through the pages as a browser would; returns the session token.
    std::string signIn(const std::string& login, const std::string& pass = kPassword) {
        Request get = request("GET", "/login");
        Reply page = m_web->loginPage(get);
        const std::string csrf = cookieValue(setCookie(page, kLoginCookie));
        Request post =
            request("POST", "/login", "csrf=" + csrf + "&login=" + login + "&password=" + pass);
        cookie(post, kLoginCookie, csrf);
        Reply reply = m_web->login(post);
        EXPECT_EQ(reply.status, 303) << reply.body;
        return cookieValue(setCookie(reply, kSessionCookie));
    }

    std::int64_t m_now = 1'800'000'000;
    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<WebAuth> m_web;
    std::unique_ptr<SessionAuthenticator> m_sessions;
    Router m_router;
    std::vector<std::unique_ptr<BrowserRequest>> m_http;
};

TEST(WebAuthForms, ParseFormDecodesAndBounds) {
    auto f = parseForm("login=j%C3%B8rgen&password=a+b%26c%3D&empty=&flag&login=second");
    EXPECT_EQ(f["login"], "jørgen");
    EXPECT_EQ(f["password"], "a b&c=");
    EXPECT_EQ(f["empty"], "");
    EXPECT_EQ(f.count("flag"), 1u);
    std::string many;
    for (int i = 0; i < 500; ++i) {
        many += "f" + std::to_string(i) + "=1&";
    }
    EXPECT_EQ(parseForm(many).size(), 100u);
    EXPECT_TRUE(parseForm("").empty());
}

TEST_F(WebAuthTest, SignInSetsAHardenedSessionCookieAndRotatesIt) {
    Request get = request("GET", "/login");
    Reply page = m_web->loginPage(get);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<form method=\"post\" action=\"/login\""), std::string::npos);
    const std::string loginCookie = setCookie(page, kLoginCookie);
    for (const char* flag : {"; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/"}) {
        EXPECT_NE(loginCookie.find(flag), std::string::npos) << loginCookie;
    }
    const std::string csrf = cookieValue(loginCookie);
    EXPECT_EQ(inputValue(page.body, "csrf"), csrf);

    Request post = request(
        "POST", "/login",
        "csrf=" + csrf + "&login=Alice&password=" + "correct+horse+battery&next=%2Fdpo%2Frequests");
    cookie(post, kLoginCookie, csrf);
    cookie(post, kSessionCookie, std::string(64, 'f')); // planted before sign-in
    Reply reply = m_web->login(post);
    ASSERT_EQ(reply.status, 303) << reply.body;
    EXPECT_EQ(location(reply), "/dpo/requests");
    const std::string session = setCookie(reply, kSessionCookie);
    EXPECT_EQ(session.rfind("__Host-indblik_session=", 0), 0u);
    for (const char* flag : {"; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/"}) {
        EXPECT_NE(session.find(flag), std::string::npos) << session;
    }
    EXPECT_EQ(session.find("Domain"), std::string::npos);
    const std::string token = cookieValue(session);
    EXPECT_EQ(token.size(), 64u);
    EXPECT_NE(token, std::string(64, 'f'));
    EXPECT_TRUE(m_accounts->session(token)->has_value());
    EXPECT_NE(setCookie(reply, kLoginCookie).find("Max-Age=0"), std::string::npos);

    // Only local paths are followed after sign-in.
    for (const std::string next :
         {"https%3A%2F%2Fevil.example", "%2F%2Fevil.example", "%2F%5Cevil"}) {
        Request again = request("POST", "/login",
                                "csrf=" + csrf +
                                    "&login=alice&password=correct+horse+"
                                    "battery&next=" +
                                    next);
        cookie(again, kLoginCookie, csrf);
        EXPECT_EQ(location(m_web->login(again)), "/") << next;
    }
}

TEST_F(WebAuthTest, SignInFormWithoutItsCookieOrFromAnotherSiteIsRefused) {
    const std::string csrf(64, 'a');
    Request noCookie =
        request("POST", "/login", "csrf=" + csrf + "&login=alice&password=" + kPassword);
    EXPECT_EQ(m_web->login(noCookie).status, 403);
    Request mismatch =
        request("POST", "/login", "csrf=" + csrf + "&login=alice&password=" + kPassword);
    cookie(mismatch, kLoginCookie, std::string(64, 'b'));
    EXPECT_EQ(m_web->login(mismatch).status, 403);
    Request foreign =
        request("POST", "/login", "csrf=" + csrf + "&login=alice&password=" + kPassword);
    cookie(foreign, kLoginCookie, csrf);
    http(foreign).set("Origin", "https://evil.example");
    EXPECT_EQ(m_web->login(foreign).status, 403);
    Request crossSite =
        request("POST", "/login", "csrf=" + csrf + "&login=alice&password=" + kPassword);
    cookie(crossSite, kLoginCookie, csrf);
    http(crossSite).set("Sec-Fetch-Site", "cross-site");
    EXPECT_EQ(m_web->login(crossSite).status, 403);
    Request same = request("POST", "/login", "csrf=" + csrf + "&login=alice&password=" + kPassword);
    cookie(same, kLoginCookie, csrf);
    http(same).set("Origin", "https://INDBLIK.example:8444");
    EXPECT_EQ(m_web->login(same).status, 303);
}

TEST_F(WebAuthTest, RefusedSignInIsGenericAndNeverQuick) {
    const std::string csrf(64, 'c');
    std::string bodies[2];
    for (int i = 0; i < 2; ++i) {
        Request post = request("POST", "/login?lang=en",
                               "csrf=" + csrf + (i == 0 ? "&login=alice" : "&login=nobody") +
                                   "&password=wrong+password+here");
        cookie(post, kLoginCookie, csrf);
        const auto start = std::chrono::steady_clock::now();
        Reply reply = m_web->login(post);
        EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
        EXPECT_EQ(reply.status, 401);
        EXPECT_TRUE(setCookie(reply, kSessionCookie).empty());
        bodies[i] = reply.body;
        const auto at = bodies[i].find("role=\"alert\">");
        ASSERT_NE(at, std::string::npos);
        bodies[i] = bodies[i].substr(at, bodies[i].find("</p>", at) - at);
    }
    EXPECT_EQ(bodies[0], bodies[1]);
    EXPECT_NE(bodies[0].find("Wrong login name or password"), std::string::npos) << bodies[0];
}

TEST_F(WebAuthTest, WithoutASessionPagesRedirectAndApiCallsGet401) {
    const Route& home = route("GET", "/");
    Request page = request("GET", "/?lang=en");
    auto who = m_sessions->authenticate(page, home);
    ASSERT_TRUE(std::holds_alternative<Reply>(who));
    EXPECT_EQ(std::get<Reply>(who).status, 303);
    EXPECT_EQ(location(std::get<Reply>(who)), "/login?next=%2F%3Flang%3Den");

    Route api;
    api.pattern = "/api/v1/me";
    Request json = request("GET", "/api/v1/me");
    cookie(json, kSessionCookie, std::string(64, '1'));
    who = m_sessions->authenticate(json, api);
    ASSERT_TRUE(std::holds_alternative<Reply>(who));
    EXPECT_EQ(std::get<Reply>(who).status, 401);
    EXPECT_EQ(std::get<Reply>(who).contentType, "application/json");

    // An expired session is the same as none.
    const std::string token = signIn("alice");
    m_now += 31 * 60;
    Request late = request("POST", "/logout", "csrf=x");
    cookie(late, kSessionCookie, token);
    who = m_sessions->authenticate(late, route("POST", "/logout"));
    ASSERT_TRUE(std::holds_alternative<Reply>(who));
    EXPECT_EQ(std::get<Reply>(who).status, 401);
}

TEST_F(WebAuthTest, SessionGivesTheCallerAndUnsafeMethodsNeedTheCsrfToken) {
    const std::string token = signIn("dina");
    const auto session = m_accounts->session(token).value();
    ASSERT_TRUE(session.has_value());
    const std::string csrf = session->csrfToken;

    Request get = request("GET", "/");
    cookie(get, kSessionCookie, token);
    auto who = m_sessions->authenticate(get, route("GET", "/"));
    ASSERT_TRUE(std::holds_alternative<Caller>(who));
    const Caller caller = std::get<Caller>(who);
    EXPECT_EQ(caller.role, Role::Dpo);
    EXPECT_EQ(caller.actorId, session->account.id);
    EXPECT_EQ(caller.name, "Dina P. Olsen");
    EXPECT_TRUE(caller.personId.empty());
    EXPECT_EQ(caller.csrfToken, csrf);

    Route post;
    post.method = "POST";
    post.pattern = "/dpo/requests/{id}/answer";
    const auto attempt = [&](const std::string& body, const std::string& header,
                             const std::string& origin) {
        Request r = request("POST", "/dpo/requests/r1/answer", body);
        cookie(r, kSessionCookie, token);
        if (!header.empty()) {
            http(r).set("X-CSRF-Token", header);
        }
        if (!origin.empty()) {
            http(r).set("Origin", origin);
        }
        auto result = m_sessions->authenticate(r, post);
        return std::holds_alternative<Caller>(result) ? 200 : std::get<Reply>(result).status;
    };
    EXPECT_EQ(attempt("answer=yes", "", ""), 403);
    EXPECT_EQ(attempt("answer=yes&csrf=" + std::string(64, '0'), "", ""), 403);
    EXPECT_EQ(attempt("answer=yes&csrf=" + csrf.substr(0, 63), "", ""), 403);
    EXPECT_EQ(attempt("answer=yes&csrf=" + csrf, "", ""), 200);
    EXPECT_EQ(attempt("answer=yes", csrf, ""), 200);
    EXPECT_EQ(attempt("answer=yes", csrf, "https://indblik.example:8444"), 200);
    EXPECT_EQ(attempt("answer=yes", csrf, "https://evil.example"), 403);
    EXPECT_EQ(attempt("answer=yes", csrf, "null"), 403);
    EXPECT_EQ(attempt("answer=yes", csrf, "http://indblik.example:8444"), 403);
}

TEST_F(WebAuthTest, AWrongRoleIsRefusedAndOnAPersonalRouteThePersonSeesTheAttempt) {
    auto s = m_db->write("add a person", [&](Poco::Data::Session& session) {
        session << "INSERT INTO people (person_id, name, created_at, updated_at) VALUES ('p1', "
                   "'Erik', 'x', 'x')",
            now;
        return true;
    });
    ASSERT_TRUE(s.ok()) << s.error();
    const std::string token = signIn("alice");
    Route personal;
    personal.pattern = "/dpo/people/{person}";
    personal.roles = {Role::Dpo};
    personal.personal = true;
    Request r = request("GET", "/dpo/people/p1");
    r.params["person"] = "p1";
    cookie(r, kSessionCookie, token);
    auto who = m_sessions->authenticate(r, personal);
    ASSERT_TRUE(std::holds_alternative<Reply>(who));
    EXPECT_EQ(std::get<Reply>(who).status, 403);
    AccessLog log(*m_db);
    auto events = log.events("p1");
    ASSERT_TRUE(events.ok()) << events.error();
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ(events->front().outcome, kAccessRefused);
    EXPECT_EQ(events->front().actorRole, "admin");
    EXPECT_EQ(events->front().what, "GET /dpo/people/p1");

    // Someone nobody is gets no log; the allowed role passes.
    Request ghost = request("GET", "/dpo/people/ghost");
    ghost.params["person"] = "ghost";
    cookie(ghost, kSessionCookie, token);
    EXPECT_TRUE(std::holds_alternative<Reply>(m_sessions->authenticate(ghost, personal)));
    EXPECT_TRUE(log.events("ghost")->empty());
    Request dpo = request("GET", "/dpo/people/p1");
    dpo.params["person"] = "p1";
    cookie(dpo, kSessionCookie, signIn("dina"));
    EXPECT_TRUE(std::holds_alternative<Caller>(m_sessions->authenticate(dpo, personal)));
}

TEST_F(WebAuthTest, HomePageEscapesAndLogoutEndsTheSession) {
    const std::string token = signIn("alice");
    Request get = request("GET", "/?lang=en");
    cookie(get, kSessionCookie, token);
    auto who = m_sessions->authenticate(get, route("GET", "/"));
    ASSERT_TRUE(std::holds_alternative<Caller>(who));
    get.caller = std::get<Caller>(who);
    Reply home = m_web->home(get);
    EXPECT_EQ(home.status, 200);
    EXPECT_NE(home.body.find("Alice &lt;b&gt;Admin&lt;/b&gt;"), std::string::npos) << home.body;
    EXPECT_EQ(home.body.find("<b>Admin"), std::string::npos);
    EXPECT_NE(home.body.find("Sign out"), std::string::npos);
    EXPECT_EQ(inputValue(home.body, "csrf"), get.caller->csrfToken);
    EXPECT_EQ(home.body.find("<script"), std::string::npos);
    EXPECT_EQ(home.body.find("style="), std::string::npos);
    EXPECT_NE(setCookie(home, "indblik_lang").find("indblik_lang=en"), std::string::npos);

    Request out = request("POST", "/logout", "csrf=" + get.caller->csrfToken);
    cookie(out, kSessionCookie, token);
    ASSERT_TRUE(
        std::holds_alternative<Caller>(m_sessions->authenticate(out, route("POST", "/logout"))));
    Reply bye = m_web->logout(out);
    EXPECT_EQ(bye.status, 303);
    EXPECT_EQ(location(bye), "/login");
    EXPECT_NE(setCookie(bye, kSessionCookie).find("Max-Age=0"), std::string::npos);
    EXPECT_FALSE(m_accounts->session(token)->has_value());
}

TEST_F(WebAuthTest, SetupPagesCreateTheEmployeeAccountOnce) {
    auto s = m_db->write("add a person", [&](Poco::Data::Session& session) {
        session << "INSERT INTO people (person_id, name, created_at, updated_at) VALUES ('p7', "
                   "'Ærlig <Erik>', 'x', 'x')",
            now;
        return true;
    });
    ASSERT_TRUE(s.ok());
    const std::string link = m_accounts->createSetupLink("p7", 72, "t").value();

    Request bad = request("GET", "/setup?token=" + std::string(64, '0'));
    EXPECT_EQ(m_web->setupPage(bad).status, 410);
    Request get = request("GET", "/setup?token=" + link);
    Reply page = m_web->setupPage(get);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("Ærlig &lt;Erik&gt;"), std::string::npos);
    const std::string csrf = cookieValue(setCookie(page, kLoginCookie));
    EXPECT_EQ(inputValue(page.body, "token"), link);

    const auto post = [&](const std::string& fields, bool withCookie = true) {
        Request r = request("POST", "/setup", "csrf=" + csrf + "&token=" + link + "&" + fields);
        if (withCookie) {
            cookie(r, kLoginCookie, csrf);
        }
        return m_web->setup(r);
    };
    EXPECT_EQ(post("login=erik&password=" + kPassword + "&password2=" + kPassword, false).status,
              403);
    EXPECT_EQ(post("login=erik&password=" + kPassword + "&password2=other+password").status, 400);
    EXPECT_EQ(post("login=e&password=" + kPassword + "&password2=" + kPassword).status, 400);
    EXPECT_EQ(post("login=dina&password=" + kPassword + "&password2=" + kPassword).status, 409);
    EXPECT_EQ(post("login=erik&password=short&password2=short").status, 400);
    Reply done = post("login=erik&password=" + kPassword + "&password2=" + kPassword);
    ASSERT_EQ(done.status, 303) << done.body;
    EXPECT_EQ(location(done), "/");
    const std::string token = cookieValue(setCookie(done, kSessionCookie));
    auto session = m_accounts->session(token).value();
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->account.personId, "p7");
    EXPECT_EQ(session->account.role, Role::Employee);
    EXPECT_EQ(post("login=erik2&password=" + kPassword + "&password2=" + kPassword).status, 410);
    EXPECT_EQ(m_web->setupPage(get).status, 410);

    // The employee's caller carries the person.
    Request home = request("GET", "/");
    cookie(home, kSessionCookie, token);
    auto who = m_sessions->authenticate(home, route("GET", "/"));
    ASSERT_TRUE(std::holds_alternative<Caller>(who));
    EXPECT_EQ(std::get<Caller>(who).personId, "p7");
    EXPECT_TRUE(isSelf(std::get<Caller>(who), "p7"));
}

TEST_F(WebAuthTest, SignedInVisitorsOfTheLoginPageGoWhereTheyWereHeaded) {
    const std::string token = signIn("dina");
    Request get = request("GET", "/login?next=%2Fdpo%2Frequests");
    get.params["next"] = "/dpo/requests";
    cookie(get, kSessionCookie, token);
    Reply reply = m_web->loginPage(get);
    EXPECT_EQ(reply.status, 303);
    EXPECT_EQ(location(reply), "/dpo/requests");
    // A page refused for its role is a page, in the visitor's language.
    Route councilOnly;
    councilOnly.pattern = "/council/reports";
    councilOnly.roles = {Role::Council};
    Request page = request("GET", "/council/reports?lang=en");
    cookie(page, kSessionCookie, token);
    auto who = m_sessions->authenticate(page, councilOnly);
    ASSERT_TRUE(std::holds_alternative<Reply>(who));
    EXPECT_EQ(std::get<Reply>(who).status, 403);
    EXPECT_EQ(std::get<Reply>(who).contentType, "text/html; charset=utf-8");
    EXPECT_NE(std::get<Reply>(who).body.find("Your role does not give access"), std::string::npos);
}

TEST_F(WebAuthTest, RoutesAreDeclaredWithTheirAccess) {
    EXPECT_EQ(route("GET", "/login").access, Access::Anyone);
    EXPECT_EQ(route("POST", "/login").access, Access::Anyone);
    EXPECT_EQ(route("POST", "/logout").access, Access::Session);
    EXPECT_EQ(route("GET", "/").access, Access::Session);
    EXPECT_EQ(route("GET", "/setup").access, Access::Anyone);
    const Route& css = route("GET", "/static/indblik.css");
    Request r = request("GET", "/static/indblik.css");
    Reply reply = css.handler(r);
    EXPECT_EQ(reply.contentType, "text/css; charset=utf-8");
    EXPECT_NE(reply.body.find("@media print"), std::string::npos);
}

} // namespace
} // namespace indblik::server
