// Web sign-in end to end: a real indblik-server process over real TLS on its public port, web
// accounts made with the admin commands, a browser's requests (cookies, forms, Origin) sent with
// Poco's HTTPS client trusting the data directory's CA.

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <gtest/gtest.h>

namespace indblik {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kPassword = "correct horse battery staple";

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

struct Outcome {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs a program (no shell) with stdin from the given text, stdout and stderr captured through
// files in scratch; kills it after the timeout.
Outcome runProgram(const std::vector<std::string>& args, const fs::path& scratch,
                   const std::string& input = {}, std::chrono::seconds timeout = 30s) {
    static int counter = 0;
    const auto tag = std::to_string(::getpid()) + "-" + std::to_string(++counter);
    const fs::path inPath = scratch / ("cmd-" + tag + ".in");
    const fs::path outPath = scratch / ("cmd-" + tag + ".out");
    const fs::path errPath = scratch / ("cmd-" + tag + ".err");
    {
        std::ofstream in(inPath, std::ios::binary);
        in << input;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int in = ::open(inPath.c_str(), O_RDONLY);
        const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        std::vector<char*> argv;
        for (const auto& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    Outcome result;
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            result.err = "timed out\n";
            break;
        }
        std::this_thread::sleep_for(10ms);
    }
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readText(outPath);
    result.err += readText(errPath);
    return result;
}

struct Server {
    fs::path data;
    pid_t pid = -1;
    int enrollPort = 0;
};

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
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::temp_directory_path() /
                ("indblik-web-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_server.data = m_dir / "data";
        startServer(m_server, "server");
    }

    void TearDown() override {
        for (Server* s : {&m_server, &m_second}) {
            stopServer(*s);
        }
        if (HasFailure()) {
            std::cerr << "--- server stderr ---\n" << readText(m_dir / "server.err");
        }
        fs::remove_all(m_dir);
    }

    void startServer(Server& server, const std::string& name,
                     const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args = {
            INDBLIK_SERVER_BIN, "run",          "--data-dir", server.data.string(), "--listen",
            "127.0.0.1",        "--agent-port", "0",          "--enroll-port",      "0"};
        args.insert(args.end(), extra.begin(), extra.end());
        const fs::path outPath = m_dir / (name + ".out");
        const fs::path errPath = m_dir / (name + ".err");
        server.pid = ::fork();
        if (server.pid == 0) {
            const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(out, 1);
            ::dup2(err, 2);
            std::vector<char*> argv;
            for (const auto& a : args) {
                argv.push_back(const_cast<char*>(a.c_str()));
            }
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ASSERT_GT(server.pid, 0);
        const fs::path listening = server.data / "listening.json";
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (!fs::exists(listening)) {
            int status = 0;
            ASSERT_EQ(::waitpid(server.pid, &status, WNOHANG), 0) << "the server exited early:\n"
                                                                  << readText(errPath);
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the server did not start";
            std::this_thread::sleep_for(20ms);
        }
        Poco::JSON::Parser parser;
        const auto ports = parser.parse(readText(listening)).extract<Poco::JSON::Object::Ptr>();
        server.enrollPort = ports->getValue<int>("enroll_port");
        ASSERT_GT(server.enrollPort, 0);
    }

    void stopServer(Server& server) {
        if (server.pid <= 0) {
            return;
        }
        ::kill(server.pid, SIGTERM);
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (::waitpid(server.pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(server.pid, SIGKILL);
                ::waitpid(server.pid, &status, 0);
                ADD_FAILURE() << "the server ignored SIGTERM";
                break;
            }
            std::this_thread::sleep_for(10ms);
        }
        server.pid = -1;
    }

    Outcome admin(const std::vector<std::string>& command, const std::string& input = {}) {
        std::vector<std::string> args = {INDBLIK_SERVER_BIN, "admin", "--data-dir",
                                         m_server.data.string()};
        args.insert(args.end(), command.begin(), command.end());
        return runProgram(args, m_dir, input);
    }

    void addPerson(const std::string& id, const std::string& name) {
        static std::once_flag once;
        std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
        Poco::Data::Session session("SQLite", (m_server.data / "server.db").string());
        session << "INSERT INTO people (person_id, name, created_at, updated_at) VALUES ($1, $2, "
                   "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            Poco::Data::Keywords::useRef(id), Poco::Data::Keywords::useRef(name),
            Poco::Data::Keywords::now;
    }

    // A client context that trusts only the server's CA, as a browser trusting it would.
    Poco::Net::Context::Ptr clientContext(const Server& server) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params params;
        params.caLocation = (server.data / "ca.crt").string();
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = false;
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
        return context;
    }

    // One request as a browser sends it: the cookies it holds, a form body, an Origin on POST.
    Answer call(const Server& server, const std::string& method, const std::string& path,
                const std::string& cookies = {}, const std::string& form = {},
                const std::map<std::string, std::string>& headers = {}) {
        Poco::Net::HTTPSClientSession session(
            "127.0.0.1", static_cast<Poco::UInt16>(server.enrollPort), clientContext(server));
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Accept", "text/html");
        if (!cookies.empty()) {
            request.set("Cookie", cookies);
        }
        if (method == "POST") {
            request.set("Origin", "https://127.0.0.1:" + std::to_string(server.enrollPort));
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
    std::string signIn(const Server& server, const std::string& login,
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

    fs::path m_dir;
    Server m_server;
    Server m_second;
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
    const Answer anonymous = call(m_server, "GET", "/");
    EXPECT_EQ(anonymous.status, 303);
    EXPECT_EQ(anonymous.location, "/login?next=%2F");
    const Answer css = call(m_server, "GET", "/static/indblik.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.contentType, "text/css; charset=utf-8");

    // A wrong password: the form again, no session.
    const Answer page = call(m_server, "GET", "/login?lang=en");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<html lang=\"en\""), std::string::npos);
    const std::string loginCsrf = inputValue(page.body, "csrf");
    const Answer wrong = call(m_server, "POST", "/login", "__Host-indblik_login=" + loginCsrf,
                              "csrf=" + loginCsrf + "&login=alice&password=not+the+password");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.setCookies.count("__Host-indblik_session"), 0u);

    const std::string session = signIn(m_server, "alice", kPassword);
    ASSERT_FALSE(session.empty());
    const Answer home = call(m_server, "GET", "/", session);
    ASSERT_EQ(home.status, 200) << home.body;
    EXPECT_NE(home.body.find("Alice Admin"), std::string::npos);
    const std::string csrf = inputValue(home.body, "csrf");
    ASSERT_EQ(csrf.size(), 64u);

    // Unsafe methods without the session's CSRF token, or from another origin: 403.
    EXPECT_EQ(call(m_server, "POST", "/logout", session, "").status, 403);
    EXPECT_EQ(call(m_server, "POST", "/logout", session, "csrf=" + std::string(64, '0')).status,
              403);
    EXPECT_EQ(call(m_server, "POST", "/logout", session, "csrf=" + csrf,
                   {{"Origin", "https://evil.example"}})
                  .status,
              403);
    EXPECT_EQ(call(m_server, "GET", "/", session).status, 200) << "a refusal ended the session";

    const Answer out = call(m_server, "POST", "/logout", session, "csrf=" + csrf);
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(out.location, "/login");
    EXPECT_EQ(call(m_server, "GET", "/", session).status, 303) << "the session outlived sign-out";

    // disable-user ends sessions at once.
    const std::string again = signIn(m_server, "alice", kPassword);
    EXPECT_EQ(call(m_server, "GET", "/", again).status, 200);
    ASSERT_EQ(admin({"disable-user", "alice"}).exitCode, 0);
    EXPECT_EQ(call(m_server, "GET", "/", again).status, 303);
}

TEST_F(WebSignInTest, EmployeeSetsUpTheirOwnSignInFromAOneTimeLink) {
    addPerson("p-erik", "Erik Employee");
    const Outcome unknown = admin({"create-setup-link", "--person", "p-nobody"});
    EXPECT_EQ(unknown.exitCode, 1);
    const Outcome made = admin({"create-setup-link", "--person", "p-erik", "--ttl-hours", "2"});
    ASSERT_EQ(made.exitCode, 0) << made.err;
    const std::string url = trim(made.out);
    const std::string port = ":" + std::to_string(m_server.enrollPort) + "/setup?token=";
    ASSERT_EQ(url.rfind("https://", 0), 0u) << url;
    ASSERT_NE(url.find(port), std::string::npos) << url;
    const std::string path = url.substr(url.find("/setup?token="));

    const Answer page = call(m_server, "GET", path);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("Erik Employee"), std::string::npos);
    const std::string csrf = inputValue(page.body, "csrf");
    const std::string token = inputValue(page.body, "token");
    const std::string form = "csrf=" + csrf + "&token=" + token +
                             "&login=erik&password=" + formEncode(kPassword) +
                             "&password2=" + formEncode(kPassword);
    const Answer done = call(m_server, "POST", "/setup", "__Host-indblik_login=" + csrf, form);
    ASSERT_EQ(done.status, 303) << done.body;
    const std::string session =
        "__Host-indblik_session=" + cookieValue(done.setCookies.at("__Host-indblik_session"));
    const Answer home = call(m_server, "GET", "/", session);
    EXPECT_EQ(home.status, 200);
    EXPECT_NE(home.body.find("/me"), std::string::npos);

    // Single use; and the new login works.
    EXPECT_EQ(call(m_server, "GET", path).status, 410);
    EXPECT_EQ(call(m_server, "POST", "/setup", "__Host-indblik_login=" + csrf,
                   "csrf=" + csrf + "&token=" + token + "&login=erik2&password=" +
                       formEncode(kPassword) + "&password2=" + formEncode(kPassword))
                  .status,
              410);
    EXPECT_FALSE(signIn(m_server, "erik", kPassword).empty());
    EXPECT_NE(admin({"list-users"}).out.find("erik\temployee\tErik Employee\tp-erik\t"),
              std::string::npos);
}

TEST_F(WebSignInTest, AnotherServerProcessOnTheSameDatabaseAcceptsTheSession) {
    ASSERT_EQ(
        admin({"create-user", "dina", "--role", "dpo", "--name", "Dina P. Olsen"}, kPassword + "\n")
            .exitCode,
        0);
    m_second.data = m_dir / "data2";
    startServer(m_second, "second", {"--database", (m_server.data / "server.db").string()});
    const std::string session = signIn(m_server, "dina", kPassword);
    ASSERT_FALSE(session.empty());
    const Answer there = call(m_second, "GET", "/", session);
    EXPECT_EQ(there.status, 200);
    EXPECT_NE(there.body.find("Dina P. Olsen"), std::string::npos);
    const std::string csrf = inputValue(there.body, "csrf");
    EXPECT_EQ(call(m_second, "POST", "/logout", session, "csrf=" + csrf).status, 303);
    EXPECT_EQ(call(m_server, "GET", "/", session).status, 303);
}

} // namespace
} // namespace indblik
