// Security, as tests, against exactly the routes the server serves (addAllRoutes), through the
// real dispatcher, over real TLS on both listeners, in this process, on the test's database
// (SQLite, or PostgreSQL under the `postgres` label):
// - the role matrix: every personal route x every role x someone else's id answers 403 or 404,
//   and each refused attempt is in that person's access log;
// - SQL and HTML metacharacters in every parameter: never a 500, no table changed, HTML only
//   escaped;
// - a body over a route's limit: 413, declared or chunked, and the connection closed cleanly.
//
// Callers sign in as real rows of the accounts table: a header names the account (see
// AccountAuthenticator). Devices present a certificate enrolled through the real enrollment.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/ThreadPool.h>

#include <gtest/gtest.h>

#include "access_log.h"
#include "data_dir.h"
#include "file_util.h"
#include "handlers.h"
#include "json_reader.h"
#include "ledger.h"
#include "pki.h"
#include "routes.h"
#include "server_app.h"
#include "server_limits.h"
#include "test_database.h"

namespace indblik::server {
namespace {

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;

// Names the signed-in account in these tests; the account's role and person come from the
// accounts table, as a web session's would.
constexpr const char* kAccountHeader = "X-Indblik-Test-Account";

class AccountAuthenticator : public Authenticator {
public:
    AccountAuthenticator(Database& db, DeviceAuthenticator& devices)
        : m_db(db), m_devices(devices) {}

    std::variant<Caller, Reply> authenticate(Request& request, const Route& route) override {
        if (route.access == Access::Device) {
            return m_devices.authenticate(request);
        }
        const std::string account =
            request.http != nullptr ? request.http->get(kAccountHeader, "") : std::string();
        if (account.empty()) {
            return errorReply(401, "sign in first");
        }
        std::vector<std::string> roles, people, names;
        auto status = m_db.read("find the account", [&](Poco::Data::Session& s) {
            s << "SELECT role, COALESCE(person_id, ''), display_name FROM accounts WHERE "
                 "account_id = $1 AND disabled_at IS NULL",
                into(roles), into(people), into(names), useRef(account), now;
        });
        if (!status || roles.empty()) {
            return errorReply(401, "sign in first");
        }
        const auto role = parseRole(roles.front());
        if (!role) {
            return errorReply(403, "unknown role");
        }
        if (!route.roles.empty() &&
            std::find(route.roles.begin(), route.roles.end(), *role) == route.roles.end()) {
            return errorReply(403, "wrong role");
        }
        Caller caller;
        caller.role = *role;
        caller.actorId = account;
        caller.name = names.front();
        caller.personId = people.front();
        caller.csrfToken = "test";
        return caller;
    }

private:
    Database& m_db;
    DeviceAuthenticator& m_devices;
};

struct Answer {
    int status = 0;
    std::string contentType;
    std::string body;
    bool keepAlive = true;
    bool closedCleanly = false; // without keep-alive: the server's TLS close, not a reset
    std::string retryAfter;
    std::string failure; // no answer: what went wrong
};

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string encode(const std::string& value) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// The {names} in a route's pattern.
std::vector<std::string> captures(const std::string& pattern) {
    std::vector<std::string> names;
    std::size_t at = 0;
    while ((at = pattern.find('{', at)) != std::string::npos) {
        const auto close = pattern.find('}', at);
        names.push_back(pattern.substr(at + 1, close - at - 1));
        at = close;
    }
    return names;
}

// The pattern with each {name} replaced by values[name] (encoded), or by fallback.
std::string fillPattern(const std::string& pattern,
                        const std::map<std::string, std::string>& values,
                        const std::string& fallback) {
    std::string out;
    std::size_t at = 0;
    while (true) {
        const auto open = pattern.find('{', at);
        if (open == std::string::npos) {
            out += pattern.substr(at);
            return out;
        }
        const auto close = pattern.find('}', open);
        out += pattern.substr(at, open - at);
        const auto it = values.find(pattern.substr(open + 1, close - open - 1));
        out += encode(it == values.end() ? fallback : it->second);
        at = close + 1;
    }
}

std::string describe(const Route& route) {
    return route.method + " " + route.pattern +
           (route.listener == Listener::Agent ? " (agent)" : "");
}

// The server's real routes (plus any a test adds), served by the real dispatcher on both
// listeners over TLS, with callers of every role.
// Tables a read may append to (a DPO's read of a person's data, a refused attempt) or note in
// (a council member's own last visit to the council's page, for what is new since): left out
// when checking that nothing changed.
const std::set<std::string> kAppendedByReads = {"access_events", "chain_heads",
                                                "council_alert_visits"};

class LiveServer {
public:
    using ExtraRoutes = std::function<void(Router&, Services&)>;

    explicit LiveServer(const ExtraRoutes& extra = {}, RateLimiter* rateLimiter = nullptr) {
        Poco::Net::initializeSSL();
        m_db = m_testDb.open(16);
        m_store = std::make_unique<ServerStore>(*m_db);
        m_dir.root = (m_testDb.scratch() / "data").string();
        must(prepareDataDir(m_dir, {}));
        m_caCert = must(readFile(m_dir.caCert(), 64 * 1024));
        const std::string caKey = must(readFile(m_dir.caKey(), 64 * 1024));

        m_agentSocket = std::make_unique<Poco::Net::SecureServerSocket>(
            Poco::Net::SocketAddress("127.0.0.1", 0), 64, makeServerContext(m_dir, true));
        m_publicSocket = std::make_unique<Poco::Net::SecureServerSocket>(
            Poco::Net::SocketAddress("127.0.0.1", 0), 64, makeServerContext(m_dir, false));
        m_services = std::make_unique<Services>(*m_db, *m_store, m_caCert, caKey,
                                                m_agentSocket->address().port());
        addAllRoutes(m_router, *m_services);
        if (extra) {
            extra(m_router, *m_services);
        }
        m_authenticator = std::make_unique<AccountAuthenticator>(*m_db, m_services->devices);
        DispatchGuards guards;
        guards.accessLog = m_db.get();
        guards.rateLimiter = rateLimiter;
        ServerLimits limits;
        limits.maxThreads = 4;
        m_agentServer = std::make_unique<Poco::Net::HTTPServer>(
            new DispatchFactory(m_router, Listener::Agent, *m_authenticator, guards),
            m_agentThreads, *m_agentSocket, makeHttpParams(limits));
        m_publicServer = std::make_unique<Poco::Net::HTTPServer>(
            new DispatchFactory(m_router, Listener::Public, *m_authenticator, guards),
            m_publicThreads, *m_publicSocket, makeHttpParams(limits));
        m_agentServer->start();
        m_publicServer->start();
        makeCast();
    }

    ~LiveServer() {
        m_sessions.clear();
        m_agentServer->stopAll(true);
        m_publicServer->stopAll(true);
        m_agentServer.reset();
        m_publicServer.reset();
        m_agentThreads.joinAll();
        m_publicThreads.joinAll();
        Poco::Net::uninitializeSSL();
    }

    const Router& router() const { return m_router; }
    Database& db() { return *m_db; }

    // The people: target (whose data others try to read) and other (an employee, the caller),
    // the accounts of every role and a device of other's.
    std::string target, other;
    std::map<std::string, std::string> accounts; // role -> account id
    std::string deviceId;

    // Calls as account ("" for nobody) or, on the agent listener, as the device.
    // declaredLength >= 0 claims that Content-Length instead of the body's own.
    Answer call(const Route& route, const std::string& target_, const std::string& account,
                const std::string& body = {}, bool chunked = false, bool fresh = false,
                std::int64_t declaredLength = -1) {
        const bool agent = route.listener == Listener::Agent;
        const std::string key = (agent ? "agent:" : "public:") + account;
        auto& session = m_sessions[key];
        if (!session || fresh) {
            session = std::make_unique<Poco::Net::HTTPSClientSession>(
                "127.0.0.1",
                agent ? m_agentSocket->address().port() : m_publicSocket->address().port(),
                agent ? deviceContext() : publicContext());
            session->setTimeout(Poco::Timespan(20, 0));
            session->setKeepAliveTimeout(Poco::Timespan(2, 0));
        }
        Answer answer;
        try {
            Poco::Net::HTTPRequest request(route.method, target_, Poco::Net::HTTPMessage::HTTP_1_1);
            if (!account.empty()) {
                request.set(kAccountHeader, account);
            }
            if (!body.empty() || route.method == "POST" || route.method == "PUT") {
                request.setContentType("application/json");
                if (chunked) {
                    request.setChunkedTransferEncoding(true);
                } else {
                    request.setContentLength64(static_cast<Poco::Int64>(
                        declaredLength >= 0 ? static_cast<std::size_t>(declaredLength)
                                            : body.size()));
                }
            }
            std::ostream& out = session->sendRequest(request);
            out.write(body.data(), static_cast<std::streamsize>(body.size()));
            Poco::Net::HTTPResponse response;
            std::istream& in = session->receiveResponse(response);
            std::ostringstream text;
            text << in.rdbuf();
            answer.status = static_cast<int>(response.getStatus());
            answer.contentType = response.getContentType();
            answer.body = text.str();
            answer.keepAlive = response.getKeepAlive();
            answer.retryAfter = response.get("Retry-After", "");
            if (!answer.keepAlive) {
                // The answer was complete; what follows must be the end of the connection.
                char byte = 0;
                try {
                    answer.closedCleanly = session->socket().receiveBytes(&byte, 1) == 0;
                } catch (const Poco::Exception& e) {
                    answer.failure = "after the answer: " + e.displayText();
                }
                session.reset();
            }
        } catch (const Poco::Exception& e) {
            answer.failure = e.displayText();
            session.reset();
        }
        return answer;
    }

    std::int64_t refusedAttempts(const std::string& person) {
        Poco::Int64 count = 0;
        must(m_db->read("count refused attempts", [&](Poco::Data::Session& s) {
            s << "SELECT COUNT(*) FROM access_events WHERE person_id = $1 AND outcome = $2",
                into(count), useRef(person), bind(std::string(kAccessRefused)), now;
        }));
        return count;
    }

    // Every table's rows, as text, but the access log's (refused attempts are recorded there).
    std::map<std::string, std::multiset<std::string>> snapshot() {
        std::map<std::string, std::multiset<std::string>> tables;
        must(m_db->read("snapshot every table", [&](Poco::Data::Session& s) {
            std::vector<std::string> names;
            if (m_db->backend() == Backend::Sqlite) {
                s << "SELECT name FROM sqlite_master WHERE type = 'table'", into(names), now;
            } else {
                s << "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                     "current_schema()",
                    into(names), now;
            }
            for (const auto& name : names) {
                if (kAppendedByReads.count(name) != 0) {
                    continue;
                }
                // Names from the database's own catalog, not from input.
                Poco::Data::Statement select(s);
                select << "SELECT * FROM " + name;
                select.execute();
                Poco::Data::RecordSet rows(select);
                auto& dump = tables[name];
                for (std::size_t row = 0; row < rows.rowCount(); ++row) {
                    std::string line;
                    for (std::size_t col = 0; col < rows.columnCount(); ++col) {
                        const auto value = rows.value(col, row);
                        line +=
                            (value.isEmpty() ? std::string("NULL") : value.convert<std::string>()) +
                            "\t";
                    }
                    dump.insert(line);
                }
            }
        }));
        return tables;
    }

private:
    template <typename T>
    static T must(Result<T> result) {
        if (!result) {
            throw std::runtime_error(result.error());
        }
        return std::move(result).value();
    }
    static void must(const Status& status) {
        if (!status) {
            throw std::runtime_error(status.error());
        }
    }

    void makeCast() {
        target = must(pki::randomHex(8));
        other = must(pki::randomHex(8));
        const std::string now_ = nowIso8601();
        must(m_db->write("make people and accounts", [&](Poco::Data::Session& s) {
            for (const auto& [id, name] : {std::pair{target, std::string("Tove Target")},
                                           std::pair{other, std::string("Otto Other")}}) {
                s << "INSERT INTO people (person_id, name, created_at, updated_at) VALUES ($1, "
                     "$2, $3, $3)",
                    useRef(id), useRef(name), useRef(now_), now;
            }
            for (const char* role : {"employee", "council", "dpo", "admin"}) {
                const std::string id = must(pki::randomHex(8));
                const std::string login = std::string(role) + "-" + id;
                const std::string roleName_ = role;
                const std::string person = roleName_ == "employee" ? other : std::string();
                if (person.empty()) {
                    s << "INSERT INTO accounts (account_id, login, display_name, role, "
                         "created_at, created_by) VALUES ($1, $2, $2, $3, $4, 'test')",
                        useRef(id), useRef(login), useRef(roleName_), useRef(now_), now;
                } else {
                    s << "INSERT INTO accounts (account_id, login, display_name, role, person_id, "
                         "created_at, created_by) VALUES ($1, $2, $2, $3, $5, $4, 'test')",
                        useRef(id), useRef(login), useRef(roleName_), useRef(now_), useRef(person),
                        now;
                }
                accounts[role] = id;
            }
            return true;
        }));
        enrollDevice();
    }

    // Through the real enrollment, as an agent would; the device belongs to `other`.
    void enrollDevice() {
        const std::string token = must(m_store->createEnrollmentToken(60));
        const std::string key = must(pki::generatePrivateKey());
        const std::string csr = must(pki::makeCsr(key, "laptop"));
        Poco::JSON::Object request;
        request.set("token", token);
        request.set("csr", csr);
        request.set("hostname", "laptop");
        std::ostringstream body;
        request.stringify(body);
        const Reply reply = m_services->enrollment.enroll(body.str(), "127.0.0.1:1");
        if (reply.status != 200) {
            throw std::runtime_error("enrollment: " + reply.body);
        }
        json::ObjectReader answer(json::parse(reply.body), "$");
        deviceId = answer.string("device_id");
        m_deviceCert = (m_testDb.scratch() / "device.crt").string();
        m_deviceKey = (m_testDb.scratch() / "device.key").string();
        must(writeFileAtomically(m_deviceCert, answer.string("certificate", 16384)));
        must(writeFileAtomically(m_deviceKey, key));
        const std::string now_ = nowIso8601();
        must(m_db->write("give the device to other", [&](Poco::Data::Session& s) {
            s << "INSERT INTO person_devices (device_id, os_user, person_id, assigned_at, source) "
                 "VALUES ($1, '*', $2, $3, 'test')",
                useRef(deviceId), useRef(other), useRef(now_), now;
            return true;
        }));
    }

    Poco::Net::Context::Ptr clientContext(const std::string& cert, const std::string& key) {
        Poco::Net::Context::Params params;
        params.caLocation = m_dir.caCert();
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = false;
        params.certificateFile = cert;
        params.privateKeyFile = key;
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
        return context;
    }
    Poco::Net::Context::Ptr publicContext() {
        if (!m_publicContext) {
            m_publicContext = clientContext({}, {});
        }
        return m_publicContext;
    }
    Poco::Net::Context::Ptr deviceContext() {
        if (!m_deviceContext) {
            m_deviceContext = clientContext(m_deviceCert, m_deviceKey);
        }
        return m_deviceContext;
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServerStore> m_store;
    DataDir m_dir;
    std::string m_caCert;
    std::string m_deviceCert, m_deviceKey;
    std::unique_ptr<Poco::Net::SecureServerSocket> m_agentSocket, m_publicSocket;
    std::unique_ptr<Services> m_services;
    Router m_router;
    std::unique_ptr<AccountAuthenticator> m_authenticator;
    Poco::ThreadPool m_agentThreads{1, 4};
    Poco::ThreadPool m_publicThreads{1, 4};
    std::unique_ptr<Poco::Net::HTTPServer> m_agentServer, m_publicServer;
    Poco::Net::Context::Ptr m_publicContext, m_deviceContext;
    std::map<std::string, std::unique_ptr<Poco::Net::HTTPSClientSession>> m_sessions;
};

// Who calls a route in the tests: for a web route each role's account, for an agent route the
// device (an employee's, through its certificate), for an open route nobody.
std::vector<std::pair<std::string, std::string>> callersOf(const Route& route, LiveServer& server) {
    switch (route.access) {
    case Access::Anyone:
        return {{"nobody", ""}};
    case Access::Device:
        return {{"device of another employee", "device"}};
    case Access::Session:
        break;
    }
    return {{"employee (another person)", server.accounts.at("employee")},
            {"council", server.accounts.at("council")},
            {"dpo (no reason given)", server.accounts.at("dpo")},
            {"admin", server.accounts.at("admin")}};
}

struct MatrixResult {
    int routes = 0;   // personal routes that name a person: the matrix proper
    int selfOnly = 0; // personal routes without {person}: they answer for the caller only
    int calls = 0;
    std::vector<std::string> problems;
};

// Every personal route x every caller x the target's id: 403 or 404, and exactly one refused
// attempt in the target's access log per call.
MatrixResult roleMatrix(LiveServer& server) {
    MatrixResult result;
    for (const Route& route : server.router().routes()) {
        if (!route.personal) {
            continue;
        }
        if (route.access == Access::Anyone) {
            result.problems.push_back(describe(route) + ": personal, but open to anyone");
            continue;
        }
        const auto names = captures(route.pattern);
        if (std::find(names.begin(), names.end(), "person") == names.end()) {
            // "My own data" (/me): no one else can be named, so there is no one to log an
            // attempt for; a role the route does not list is still refused.
            ++result.selfOnly;
            if (route.access != Access::Session || route.roles.empty()) {
                continue;
            }
            for (const auto& [who, account] : callersOf(route, server)) {
                const auto role = who.substr(0, who.find(' '));
                if (std::find_if(route.roles.begin(), route.roles.end(), [&](Role r) {
                        return roleName(r) == role;
                    }) != route.roles.end()) {
                    continue;
                }
                const Answer answer = server.call(route, fillPattern(route.pattern, {}, "x"),
                                                  account, route.method == "GET" ? "" : "{}");
                ++result.calls;
                if (answer.status != 403) {
                    result.problems.push_back(describe(route) + " as " + who + ": answered " +
                                              std::to_string(answer.status) + answer.failure);
                }
            }
            continue;
        }
        ++result.routes;
        const std::string target =
            fillPattern(route.pattern, {{"person", server.target}}, pki::randomHex(8).value());
        for (const auto& [who, account] : callersOf(route, server)) {
            const auto before = server.refusedAttempts(server.target);
            const Answer answer = server.call(route, target, account == "device" ? "" : account,
                                              route.method == "GET" ? "" : "{}");
            ++result.calls;
            const auto logged = server.refusedAttempts(server.target) - before;
            const std::string where = describe(route) + " as " + who + ": ";
            if (!answer.failure.empty()) {
                result.problems.push_back(where + "no answer: " + answer.failure);
                continue;
            }
            if (answer.status != 403 && answer.status != 404) {
                result.problems.push_back(where + "answered " + std::to_string(answer.status) +
                                          " " + answer.body.substr(0, 200));
            }
            if (logged != 1) {
                result.problems.push_back(where + std::to_string(logged) +
                                          " refused attempts logged for the person (want 1)");
            }
        }
    }
    return result;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        out += line + "\n";
    }
    return out;
}

TEST(ServerSecurity, EveryPersonalRouteRefusesEveryOtherRoleAndLogsIt) {
    LiveServer server;
    const auto result = roleMatrix(server);
    EXPECT_TRUE(result.problems.empty()) << joined(result.problems);
    // The server has routes that name a person (the DPO's); a matrix that found none would
    // prove nothing.
    EXPECT_GE(result.routes, 3) << "the personal routes naming {person} are missing";
    EXPECT_GT(result.selfOnly, 0) << "the employee's own-data routes are missing";
    std::cout << "[ matrix   ] " << result.routes << " personal routes naming a person, "
              << result.selfOnly << " for the caller only, " << result.calls
              << " refused calls checked\n";
}

// A route that names a person but is not `personal` must not read their data: the DPO's form
// asking why (GET /people/{person}) records nothing and shows none of it, even with a reason
// in the address; every other role is refused there and the attempt logged, as on the personal
// routes. And no personal route naming a person takes its reason by GET: the matrix's calls are
// POSTs there.
TEST(ServerSecurity, RoutesNamingAPersonThatAreNotPersonalReadNothing) {
    LiveServer server;
    const auto events = [&server] {
        Poco::Int64 count = 0;
        Database& db = server.db();
        EXPECT_TRUE(db.read("count events", [&](Poco::Data::Session& s) {
                          s << "SELECT COUNT(*) FROM access_events WHERE person_id = $1",
                              into(count), useRef(server.target), now;
                      }).ok());
        return count;
    };
    std::vector<std::string> problems;
    int routes = 0;
    for (const Route& route : server.router().routes()) {
        const auto names = captures(route.pattern);
        if (std::find(names.begin(), names.end(), "person") == names.end()) {
            continue;
        }
        if (route.personal) {
            if (route.method == "GET") {
                problems.push_back(describe(route) + ": a personal read by GET");
            }
            continue;
        }
        ++routes;
        const std::string base = fillPattern(route.pattern, {{"person", server.target}}, "x");
        for (const auto& [who, account] : callersOf(route, server)) {
            for (const std::string& target : {base, base + "?why=request+r1"}) {
                const auto before = events();
                const auto refusedBefore = server.refusedAttempts(server.target);
                const Answer answer = server.call(route, target, account);
                const std::string where = describe(route) + " " + target + " as " + who + ": ";
                if (who.rfind("dpo", 0) == 0) {
                    if (answer.status != 200 || events() != before) {
                        problems.push_back(where + "answered " + std::to_string(answer.status) +
                                           " and logged " + std::to_string(events() - before));
                    }
                    if (answer.body.find("<form method=\"post\"") == std::string::npos ||
                        answer.body.find("request r1") != std::string::npos) {
                        problems.push_back(where +
                                           "not the form alone: " + answer.body.substr(0, 300));
                    }
                } else if ((answer.status != 403 && answer.status != 404) ||
                           server.refusedAttempts(server.target) - refusedBefore != 1) {
                    problems.push_back(where + "answered " + std::to_string(answer.status) +
                                       ", not refused and logged once");
                }
            }
        }
    }
    EXPECT_TRUE(problems.empty()) << joined(problems);
    EXPECT_EQ(routes, 1) << "GET /people/{person}, the form asking why";
}

// The matrix itself finds a route that leaks, and one that refuses without logging.
TEST(ServerSecurity, TheRoleMatrixCatchesALeakAndAnUnloggedRefusal) {
    const std::vector<Role> everyone = {Role::Employee, Role::Council, Role::Dpo, Role::Admin};
    LiveServer server([&](Router& router, Services& services) {
        Route leak;
        leak.method = "GET";
        leak.pattern = "/test/people/{person}/leak";
        leak.roles = everyone;
        leak.personal = true;
        leak.handler = [](Request& r) {
            return Reply(200, "{\"of\":\"" + r.param("person") + "\"}");
        };
        router.add(leak);

        Route silent = leak;
        silent.pattern = "/test/people/{person}/silent";
        silent.roles = {Role::Employee};
        silent.handler = [](Request& r) {
            return isSelf(*r.caller, r.param("person")) ? Reply(200, "{}")
                                                        : errorReply(403, "not yours");
        };
        router.add(silent);

        Route right = leak;
        right.pattern = "/test/people/{person}/right";
        right.roles = {Role::Employee, Role::Dpo};
        Database* db = &services.db;
        right.handler = [db](Request& r) {
            const std::string person = r.param("person");
            if (isSelf(*r.caller, person)) {
                return Reply(200, "{}");
            }
            AccessLog log(*db);
            if (!log.record(person, *r.caller, "test", "refused", kAccessRefused)) {
                return errorReply(500, "cannot log");
            }
            return errorReply(403, "not yours");
        };
        router.add(right);

        Route me = leak;
        me.pattern = "/test/me";
        me.roles = {Role::Employee};
        me.handler = [](Request&) { return Reply(200, "{}"); };
        router.add(me);
    });
    const auto result = roleMatrix(server);
    std::vector<std::string> leak, silent, right;
    for (const auto& p : result.problems) {
        (p.find("/leak") != std::string::npos     ? leak
         : p.find("/silent") != std::string::npos ? silent
         : p.find("/right") != std::string::npos  ? right
                                                  : leak)
            .push_back(p);
    }
    // Each role is let through the leak (answered 200, nothing logged): 2 problems per role.
    EXPECT_EQ(leak.size(), 8u) << joined(leak);
    // The employee is refused without a log entry; the other roles are refused (and logged) by
    // the dispatcher for their role.
    ASSERT_EQ(silent.size(), 1u) << joined(silent);
    EXPECT_NE(silent.front().find("employee"), std::string::npos) << silent.front();
    EXPECT_NE(silent.front().find("0 refused attempts"), std::string::npos) << silent.front();
    EXPECT_TRUE(right.empty()) << joined(right);
    // Beside the server's own personal routes: the three test routes naming a person, and
    // "my own data", which names no one (only the 3 roles it does not list are tried).
    const auto baseline = [] {
        LiveServer plain;
        return roleMatrix(plain);
    }();
    EXPECT_EQ(result.routes, baseline.routes + 3);
    EXPECT_EQ(result.selfOnly, baseline.selfOnly + 1);
    EXPECT_EQ(result.calls, baseline.calls + 3 * 4 + 3);
}

// Values that break a query built from strings, a page written without escaping, or a path
// joined without care.
const std::vector<std::pair<std::string, std::string>>& nastyValues() {
    static const std::vector<std::pair<std::string, std::string>> values = {
        {"sql quote", "' OR 1=1 --"},
        {"sql statement", "\"; DROP TABLE people; --"},
        {"html", "<script>alert(1)</script>"},
        {"path", "../../etc/passwd"},
        {"nul", std::string("a\0b", 3)},
        {"newline", "a\r\nSet-Cookie: x=1"},
        {"not utf-8", "\xff\xfe"},
        {"long", std::string(3000, 'A') + "'\"<>"},
        // Over kMaxParamBytes, under Poco's limit on the whole request line (16 KiB; beyond
        // it Poco answers 400 itself).
        {"very long", std::string(5000, 'A')},
        {"percent", "%00%27"},
    };
    return values;
}

TEST(ServerSecurity, MetacharactersInEveryParameterAreHarmless) {
    LiveServer server;
    const auto before = server.snapshot();
    std::vector<std::string> problems;
    int calls = 0;
    for (const Route& route : server.router().routes()) {
        auto names = captures(route.pattern);
        for (const auto& [label, value] : nastyValues()) {
            // Each capture in turn, then every likely query parameter at once.
            std::vector<std::string> targets;
            for (const auto& name : names) {
                targets.push_back(fillPattern(route.pattern, {{name, value}}, server.target));
            }
            std::string query = fillPattern(route.pattern, {}, server.target) + "?";
            // (Long values in two of them only, so the request line stays under 16 KiB.)
            int left = value.size() > 1000 ? 2 : 100;
            for (const char* name : {"person", "lang", "q", "from", "to", "limit", "reason",
                                     "format", "request", "page", "status"}) {
                if (left-- > 0) {
                    query += std::string(name) + "=" + encode(value) + "&";
                }
            }
            targets.push_back(query);
            Poco::JSON::Object json;
            json.set("value", value.size() > 5000 ? value.substr(0, 5000) : value);
            std::ostringstream body;
            json.stringify(body);
            for (const auto& target : targets) {
                for (const auto& [who, account] : callersOf(route, server)) {
                    const Answer answer =
                        server.call(route, target, account == "device" ? "" : account,
                                    route.method == "GET" ? "" : body.str());
                    ++calls;
                    const std::string where =
                        describe(route) + " with " + label + " as " + who + ": ";
                    if (!answer.failure.empty()) {
                        problems.push_back(where + "no answer: " + answer.failure);
                        continue;
                    }
                    if (answer.status >= 500) {
                        problems.push_back(where + "answered " + std::to_string(answer.status) +
                                           " " + answer.body.substr(0, 200));
                    }
                    if (answer.contentType.rfind("text/html", 0) == 0 &&
                        value.find_first_of("<>\"'&") != std::string::npos &&
                        answer.body.find(value) != std::string::npos) {
                        problems.push_back(where + "the page contains the value unescaped");
                    }
                    if (answer.body.find("root:x:0:0") != std::string::npos) {
                        problems.push_back(where + "the answer contains /etc/passwd");
                    }
                }
            }
        }
    }
    EXPECT_TRUE(problems.empty()) << joined(problems);
    EXPECT_EQ(server.snapshot(), before) << "a table changed";
    EXPECT_GT(calls, 0);
    std::cout << "[ metachar ] " << server.router().routes().size() << " routes, " << calls
              << " calls\n";
}

TEST(ServerSecurity, ParametersWithControlCharactersAreRefusedBeforeAnyHandler) {
    bool called = false;
    LiveServer server([&](Router& router, Services&) {
        Route echo;
        echo.method = "GET";
        echo.pattern = "/test/echo/{value}";
        echo.access = Access::Anyone;
        echo.handler = [&called](Request&) {
            called = true;
            return Reply(200, "{}");
        };
        router.add(echo);
    });
    const Route& echo = server.router().routes().back();
    for (const std::string& bad : {std::string("a\0b", 3), std::string("a\nb"), std::string("\xff"),
                                   std::string(kMaxParamBytes + 1, 'a')}) {
        const Answer answer = server.call(echo, "/test/echo/" + encode(bad), "");
        EXPECT_EQ(answer.status, 400) << answer.failure << answer.body;
        EXPECT_NE(answer.body.find("parameter \\\"value\\\""), std::string::npos) << answer.body;
        const Answer query = server.call(echo, "/test/echo/x?q=" + encode(bad), "");
        EXPECT_EQ(query.status, 400) << query.failure << query.body;
    }
    EXPECT_FALSE(called);
    const Answer fine = server.call(echo, "/test/echo/" + encode("Søren ' <b>"), "");
    EXPECT_EQ(fine.status, 200) << fine.body;
    EXPECT_TRUE(called);
}

TEST(ServerSecurity, BodiesOverTheLimitAre413OnEveryRoute) {
    LiveServer server;
    std::vector<std::string> problems;
    int checked = 0;
    for (const Route& route : server.router().routes()) {
        const std::string target = fillPattern(route.pattern, {}, server.target);
        const std::string body(route.maxBody + 1, 'x');
        for (const bool chunked : {false, true}) {
            // A fresh connection each time, as whoever may call the route (the body is
            // refused before anyone is asked who is calling).
            const auto callers = callersOf(route, server);
            const std::string account =
                callers.front().second == "device" ? "" : callers.front().second;
            const Answer answer = server.call(route, target, account, body, chunked, true);
            ++checked;
            const std::string where =
                describe(route) + (chunked ? " chunked" : " with Content-Length") + ": ";
            if (!answer.failure.empty()) {
                problems.push_back(where + "no answer: " + answer.failure);
                continue;
            }
            if (answer.status != 413) {
                problems.push_back(where + "answered " + std::to_string(answer.status));
            }
            if (answer.keepAlive || !answer.closedCleanly) {
                problems.push_back(where + "the connection was not closed cleanly");
            }
            if (answer.body.find(std::to_string(route.maxBody) + " bytes") == std::string::npos) {
                problems.push_back(where + "the answer does not name the limit: " + answer.body);
            }
        }
    }
    EXPECT_TRUE(problems.empty()) << joined(problems);
    EXPECT_EQ(checked, static_cast<int>(2 * server.router().routes().size()));
}

TEST(ServerSecurity, AHugeDeclaredBodyIsRefusedWithoutWaitingForIt) {
    LiveServer server;
    const Route* enroll = nullptr;
    for (const Route& route : server.router().routes()) {
        if (route.pattern == "/api/v1/enroll") {
            enroll = &route;
        }
    }
    ASSERT_NE(enroll, nullptr);
    // Declares 1 GiB and sends one byte of it: the answer must not wait for the rest.
    const auto started = std::chrono::steady_clock::now();
    const Answer answer =
        server.call(*enroll, "/api/v1/enroll", "", "{", false, true, std::int64_t(1) << 30);
    EXPECT_TRUE(answer.failure.empty()) << answer.failure;
    EXPECT_EQ(answer.status, 413) << answer.body;
    EXPECT_FALSE(answer.keepAlive);
    EXPECT_TRUE(answer.closedCleanly);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

// The dispatcher charges what a handler says a failed attempt costs (a failed sign-in), on top
// of the request itself; a success costs one request.
TEST(ServerSecurity, AFailedAttemptCostsTheClientMoreOfItsRate) {
    RateLimiter limiter(0.001, 30); // practically no refill during the test
    LiveServer server(
        [](Router& router, Services&) {
            Route signIn;
            signIn.method = "POST";
            signIn.pattern = "/test/sign-in";
            signIn.access = Access::Anyone;
            signIn.handler = [](Request& r) {
                if (r.body == "{\"password\":\"right\"}") {
                    return Reply(200, "{}");
                }
                Reply refused = errorReply(401, "wrong login or password");
                refused.ratePenalty = kFailedSignInPenalty;
                return refused;
            };
            router.add(signIn);
        },
        &limiter);
    const Route& signIn = server.router().routes().back();
    // Of 30 tokens, two failures cost 2 x (1 + 10): 8 successes are left.
    EXPECT_EQ(server.call(signIn, "/test/sign-in", "", "{\"password\":\"wrong\"}").status, 401);
    EXPECT_EQ(server.call(signIn, "/test/sign-in", "", "{\"password\":\"guess\"}").status, 401);
    int successes = 0;
    Answer refused;
    for (int i = 0; i < 30 && refused.status == 0; ++i) {
        const Answer a = server.call(signIn, "/test/sign-in", "", "{\"password\":\"right\"}");
        ASSERT_EQ(a.failure, "");
        if (a.status == 200) {
            ++successes;
        } else {
            refused = a;
        }
    }
    EXPECT_EQ(successes, 8);
    EXPECT_EQ(refused.status, 429);
    EXPECT_FALSE(refused.retryAfter.empty());
    EXPECT_TRUE(refused.closedCleanly) << "429 is answered before the body and then closed";
}

} // namespace
} // namespace indblik::server
