#pragma once

// A browser's side of the web pages, for tests against a real indblik-server process: one
// request over TLS to the public listener with the cookies it holds, a form body and an Origin
// on POST; reading a value out of a page; signing in through the pages; and the fixture the web
// tests share: one server process on the test's database.

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <gtest/gtest.h>

#include "server_process.h"
#include "test_database.h"

namespace indblik::testing {

struct WebAnswer {
    int status = 0;
    std::string body;
    std::string contentType;
    std::string location;
    std::map<std::string, std::string> setCookies; // name -> whole Set-Cookie value
};

inline std::string cookieValue(const std::string& setCookie) {
    const auto eq = setCookie.find('=');
    return setCookie.substr(eq + 1, setCookie.find(';') - eq - 1);
}

// The value of the first <input name="name" value="..."> in a page.
inline std::string inputValue(const std::string& page, const std::string& name) {
    const std::string marker = "name=\"" + name + "\" value=\"";
    const auto at = page.find(marker);
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + marker.size();
    return page.substr(start, page.find('"', start) - start);
}

inline std::string formEncode(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "&=+;/?#%", out);
    return out;
}

// One request as a browser sends it to the server's public listener. A POST carries the form
// (application/x-www-form-urlencoded unless contentType says otherwise) and this server's Origin.
inline WebAnswer webCall(const ServerProcess& server, const std::string& method,
                         const std::string& path, const std::string& cookies = {},
                         const std::string& body = {},
                         const std::map<std::string, std::string>& headers = {},
                         const std::string& contentType = "application/x-www-form-urlencoded") {
    Poco::Net::HTTPSClientSession session("127.0.0.1",
                                          static_cast<Poco::UInt16>(server.enrollPort()),
                                          clientContext(server.dataDir() / "ca.crt"));
    session.setTimeout(Poco::Timespan(20, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Accept", "text/html");
    if (!cookies.empty()) {
        request.set("Cookie", cookies);
    }
    if (method == "POST") {
        request.set("Origin", "https://127.0.0.1:" + std::to_string(server.enrollPort()));
        request.setContentType(contentType);
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    for (const auto& [name, value] : headers) {
        request.set(name, value);
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::ostringstream text;
    text << in.rdbuf();
    WebAnswer a;
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

// Signs in through the pages; the Cookie header value of the session ("" when refused).
inline std::string webSignIn(const ServerProcess& server, const std::string& login,
                             const std::string& password) {
    const WebAnswer page = webCall(server, "GET", "/login");
    EXPECT_EQ(page.status, 200);
    const std::string csrf = inputValue(page.body, "csrf");
    // The form's token is the login cookie's: the pair the POST sends back.
    const auto loginCookie = page.setCookies.find("__Host-indblik_login");
    if (loginCookie == page.setCookies.end()) {
        ADD_FAILURE() << "the sign-in page set no __Host-indblik_login cookie";
    } else {
        EXPECT_EQ(csrf, cookieValue(loginCookie->second));
    }
    const WebAnswer in =
        webCall(server, "POST", "/login", "__Host-indblik_login=" + csrf,
                "csrf=" + csrf + "&login=" + login + "&password=" + formEncode(password));
    EXPECT_EQ(in.status, 303) << in.body;
    const auto session = in.setCookies.find("__Host-indblik_session");
    return session == in.setCookies.end()
               ? std::string()
               : "__Host-indblik_session=" + cookieValue(session->second);
}

// One real server process on this test's database: a SQLite file in a fresh directory, or,
// under ctest's postgres fixture (the pg. tests), a schema of its own in PostgreSQL. Its stderr
// is printed when the test fails; the directory goes away after.
// A fixture that must seed the database first overrides beforeStart(); one that starts the
// server itself, with arguments of its own, passes startInSetUp = false and calls startServer().
class WebServerTest : public ::testing::Test {
protected:
    explicit WebServerTest(std::string prefix, bool startInSetUp = true)
        : m_prefix(std::move(prefix)), m_startInSetUp(startInSetUp) {}

    void SetUp() override {
        m_dir = freshTestDir(m_prefix);
        m_server =
            std::make_unique<ServerProcess>(INDBLIK_SERVER_BIN, m_dir / "data", m_dir, "server");
        if (m_startInSetUp) {
            beforeStart();
            if (!HasFatalFailure()) {
                startServer();
            }
        }
    }

    virtual void beforeStart() {}

    void startServer(const std::vector<std::string>& extraArgs = {}) {
        std::vector<std::string> args = {"--database", m_db.location()};
        args.insert(args.end(), extraArgs.begin(), extraArgs.end());
        m_server->start(args);
    }

    void TearDown() override {
        m_server->stop();
        if (HasFailure()) {
            std::cerr << "--- server stderr ---\n" << readText(m_server->errPath());
        }
        std::filesystem::remove_all(m_dir);
    }

    Outcome admin(const std::vector<std::string>& command, const std::string& input = {}) {
        return m_server->admin(command, input, {"--database", m_db.location()});
    }

    // One request as a browser sends it to this test's server.
    WebAnswer call(const std::string& method, const std::string& path,
                   const std::string& cookies = {}, const std::string& form = {}) {
        return webCall(*m_server, method, path, cookies, form);
    }

    std::string m_prefix;
    bool m_startInSetUp = true;
    server::testing::TestDatabase m_db;
    std::filesystem::path m_dir;
    std::unique_ptr<ServerProcess> m_server;
};

} // namespace indblik::testing
