#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "accounts.h"
#include "admin.h"
#include "ledger.h"
#include "password_hash.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

// The cheapest cost the verifier accepts, so the suite stays quick; the default is tested once.
constexpr password::ScryptCost kTestCost{std::uint64_t(1) << 14, 8, 1};
const std::string kPassword = "correct horse battery";

TEST(PasswordHash, RoundTripWithSelfDescribingFormAndFreshSalt) {
    auto a = password::hash(kPassword, kTestCost);
    auto b = password::hash(kPassword, kTestCost);
    ASSERT_TRUE(a.ok()) << a.error();
    ASSERT_TRUE(b.ok()) << b.error();
    EXPECT_EQ(a.value().rfind("scrypt$16384$8$1$", 0), 0u) << a.value();
    EXPECT_NE(a.value(), b.value()) << "the same salt twice";
    EXPECT_TRUE(password::verify(kPassword, a.value()));
    EXPECT_TRUE(password::verify(kPassword, b.value()));
    EXPECT_FALSE(password::verify("correct horse battery ", a.value()));
    EXPECT_FALSE(password::verify("Correct horse battery", a.value()));
    EXPECT_FALSE(password::verify("", a.value()));
    EXPECT_EQ(password::costOf(a.value())->n, 16384u);
}

TEST(PasswordHash, DefaultCostIsAtLeastTwoToTheFifteenAndTakesUnderASecond) {
    // CPU time, not wall time: other processes on a busy build machine must not fail this.
    const std::clock_t cpu = std::clock();
    const auto start = std::chrono::steady_clock::now();
    auto h = password::hash(kPassword);
    const auto wallMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    const double cpuMs = 1000.0 * static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    ASSERT_TRUE(h.ok()) << h.error();
    std::cout << "scrypt N=2^15 r=8 p=1: " << cpuMs << " ms CPU, " << wallMs << " ms wall\n";
    EXPECT_GE(password::costOf(h.value())->n, std::uint64_t(1) << 15);
    EXPECT_EQ(password::costOf(h.value())->r, 8u);
    EXPECT_LT(cpuMs, 1000.0);
    EXPECT_TRUE(password::verify(kPassword, h.value()));
}

TEST(PasswordHash, TamperedMalformedOrTooCostlyHashesNeverMatch) {
    const std::string good = password::hash(kPassword, kTestCost).value();
    // One bit of the stored hash flipped.
    std::string flipped = good;
    const auto last = flipped.rfind('$') + 1;
    flipped[last] = flipped[last] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(password::verify(kPassword, flipped));
    // A row edited to demand a gigabyte, or nonsense.
    std::string costly = good;
    costly.replace(0, std::string("scrypt$16384").size(), "scrypt$1073741824");
    EXPECT_FALSE(password::verify(kPassword, costly));
    EXPECT_FALSE(password::costOf(costly).ok());
    std::string notPowerOfTwo = good;
    notPowerOfTwo.replace(7, 5, "16383");
    const std::vector<std::string> bad = {"",
                                          "scrypt",
                                          "scrypt$16384$8$1$$",
                                          "bcrypt" + good.substr(6),
                                          notPowerOfTwo,
                                          good + "$x",
                                          good.substr(0, good.size() - 4)};
    for (const auto& b : bad) {
        EXPECT_FALSE(password::verify(kPassword, b)) << b;
    }
    EXPECT_FALSE(password::hash(kPassword, {std::uint64_t(1) << 10, 8, 1}).ok());
}

TEST(PasswordHash, NewPasswordRules) {
    EXPECT_FALSE(password::checkNew("elevenchars", "x").ok());
    EXPECT_TRUE(password::checkNew("twelve chars", "x").ok());
    EXPECT_FALSE(password::checkNew(std::string(1025, 'a') + "b", "x").ok());
    EXPECT_TRUE(password::checkNew(std::string(1023, 'a') + "b", "x").ok());
    EXPECT_FALSE(password::checkNew("Jane.Admin.Login", "jane.admin.login").ok());
    EXPECT_FALSE(password::checkNew("aaaaaaaaaaaaaaaa", "x").ok());
    EXPECT_NE(password::checkNew("short", "x").error().find("12"), std::string::npos);
}

TEST(AccountNames, LoginAndDisplayNameRules) {
    EXPECT_TRUE(checkLogin("jane.doe@example.com").ok());
    EXPECT_TRUE(checkLogin("Jane_Doe-2").ok());
    EXPECT_EQ(normalizeLogin("Jane_Doe-2"), "jane_doe-2");
    for (const char* bad : {"", "ab", ".jane", "jane doe", "jane'--", "jæne", "a/b",
                            "0123456789012345678901234567890123456789012345678901234567890123x"}) {
        EXPECT_FALSE(checkLogin(bad).ok()) << bad;
    }
    EXPECT_TRUE(checkDisplayName("Søren Kierkegaard <sk>").ok());
    EXPECT_FALSE(checkDisplayName("").ok());
    EXPECT_FALSE(checkDisplayName("line\nbreak").ok());
    EXPECT_FALSE(checkDisplayName(std::string(201, 'x')).ok());
}

class AccountsTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_accounts = std::make_unique<AccountStore>(
            *m_db, [this] { return m_now; }, kTestCost);
    }
    void addPerson(const std::string& id, const std::string& name) {
        auto s = m_db->write("add a person", [&](Poco::Data::Session& session) {
            const std::string t = nowIso8601();
            session << "INSERT INTO people (person_id, name, created_at, updated_at) VALUES ($1, "
                       "$2, $3, $3)",
                useRef(id), useRef(name), useRef(t), now;
            return true;
        });
        ASSERT_TRUE(s.ok()) << s.error();
    }
    Account admin(const std::string& login = "alice") {
        auto a = m_accounts->create({login, "Alice Admin", Role::Admin, {}, kPassword, "test"});
        EXPECT_TRUE(a.ok()) << a.error();
        return a.ok() ? a.value() : Account{};
    }
    std::int64_t count(const std::string& sql) {
        Poco::Int64 n = -1;
        auto s = m_db->read("count",
                            [&](Poco::Data::Session& session) { session << sql, into(n), now; });
        EXPECT_TRUE(s.ok()) << s.error();
        return n;
    }

    std::int64_t m_now = 1'800'000'000;
    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AccountStore> m_accounts;
};

TEST_F(AccountsTest, CreateListAndFindWithEveryRuleEnforced) {
    const Account a = admin("Alice");
    EXPECT_EQ(a.login, "alice");
    EXPECT_EQ(a.role, Role::Admin);
    EXPECT_EQ(a.id.size(), 32u);
    auto dpo = m_accounts->create({"dina", "Dina P. Olsen", Role::Dpo, {}, kPassword, "test"});
    ASSERT_TRUE(dpo.ok()) << dpo.error();

    auto list = m_accounts->list();
    ASSERT_TRUE(list.ok()) << list.error();
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ(list.value()[0].login, "alice");
    EXPECT_EQ(list.value()[1].role, Role::Dpo);
    EXPECT_EQ(m_accounts->find("ALICE")->value().displayName, "Alice Admin");
    EXPECT_FALSE(m_accounts->find("nobody")->has_value());

    const auto refused = [&](NewAccount n, const std::string& words) {
        auto r = m_accounts->create(n);
        ASSERT_FALSE(r.ok()) << n.login;
        EXPECT_NE(r.error().find(words), std::string::npos) << r.error();
    };
    refused({"ALICE", "Other", Role::Council, {}, kPassword, "t"}, "already an account");
    refused({"bob", "Bob", Role::Council, {}, "short", "t"}, "at least 12");
    refused({"robert.builder", "Bob", Role::Council, {}, "Robert.Builder", "t"}, "login name");
    refused({"b o b", "Bob", Role::Council, {}, kPassword, "t"}, "login");
    refused({"bob", "", Role::Council, {}, kPassword, "t"}, "name");
    refused({"bob", "Bob", Role::System, {}, kPassword, "t"}, "role");
    refused({"bob", "Bob", Role::Employee, {}, kPassword, "t"}, "needs its person");
    refused({"bob", "Bob", Role::Employee, "p-none", kPassword, "t"}, "no person");
    refused({"bob", "Bob", Role::Dpo, "p-none", kPassword, "t"}, "only employee");
    EXPECT_EQ(count("SELECT COUNT(*) FROM accounts"), 2);
    // Only the scrypt string is stored, never the password.
    EXPECT_EQ(count("SELECT COUNT(*) FROM accounts WHERE password_hash LIKE 'scrypt$%'"), 2);
}

TEST_F(AccountsTest, SignInStartsASessionOnlyWithTheRightPassword) {
    const Account a = admin();
    auto wrong = m_accounts->signIn("alice", "correct horse batterx");
    ASSERT_TRUE(wrong.ok()) << wrong.error();
    EXPECT_FALSE(wrong.value().has_value());
    auto unknown = m_accounts->signIn("mallory", kPassword);
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown.value().has_value());
    EXPECT_FALSE(m_accounts->signIn(std::string(5000, 'a'), kPassword).value().has_value());

    auto ok = m_accounts->signIn("ALICE", kPassword);
    ASSERT_TRUE(ok.ok()) << ok.error();
    ASSERT_TRUE(ok.value().has_value());
    const auto& started = *ok.value();
    EXPECT_EQ(started.token.size(), 64u);
    EXPECT_EQ(started.csrfToken.size(), 64u);
    EXPECT_NE(started.token, started.csrfToken);
    EXPECT_EQ(started.account.id, a.id);
    // Only the token's hash is stored.
    EXPECT_EQ(count("SELECT COUNT(*) FROM web_sessions WHERE token_hash = '" + started.token + "'"),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM web_sessions WHERE token_hash = '" +
                    sha256Hex(started.token) + "'"),
              1);

    auto session = m_accounts->session(started.token);
    ASSERT_TRUE(session.ok()) << session.error();
    ASSERT_TRUE(session.value().has_value());
    EXPECT_EQ(session.value()->account.login, "alice");
    EXPECT_EQ(session.value()->csrfToken, started.csrfToken);
    EXPECT_EQ(session.value()->expiresAt, m_now + 12 * 3600);
    EXPECT_FALSE(m_accounts->session(std::string(64, '0'))->has_value());
    EXPECT_FALSE(m_accounts->session("short")->has_value());

    // A second sign-in is a second, independent session.
    auto other = m_accounts->signIn("alice", kPassword);
    ASSERT_TRUE(other.value().has_value());
    ASSERT_TRUE(m_accounts->endSession(started.token).ok());
    EXPECT_FALSE(m_accounts->session(started.token)->has_value());
    EXPECT_TRUE(m_accounts->session(other.value()->token)->has_value());
}

TEST_F(AccountsTest, SessionsEndAfterThirtyIdleMinutesAndTwelveHoursInAll) {
    admin();
    const std::string idle = m_accounts->signIn("alice", kPassword).value()->token;
    const std::string busy = m_accounts->signIn("alice", kPassword).value()->token;
    m_now += 29 * 60;
    EXPECT_TRUE(m_accounts->session(busy)->has_value());
    m_now += 2 * 60; // idle has now been unused for 31 minutes, busy for 2
    EXPECT_FALSE(m_accounts->session(idle)->has_value());
    EXPECT_EQ(count("SELECT COUNT(*) FROM web_sessions"), 1) << "the stale session was not deleted";
    // Used every 20 minutes, busy still ends 12 hours after sign-in.
    const std::int64_t end = 1'800'000'000 + 12 * 3600;
    while (m_now + 20 * 60 < end) {
        m_now += 20 * 60;
        ASSERT_TRUE(m_accounts->session(busy)->has_value()) << "at " << m_now;
    }
    m_now = end;
    EXPECT_FALSE(m_accounts->session(busy)->has_value());
}

TEST_F(AccountsTest, RepeatedFailuresLockTheAccountWithGrowingBackoff) {
    admin();
    for (int i = 0; i < kFreeAttempts - 1; ++i) {
        EXPECT_FALSE(m_accounts->signIn("alice", "wrong password!")->has_value());
    }
    EXPECT_EQ(m_accounts->find("alice")->value().failedLogins, kFreeAttempts - 1);
    EXPECT_EQ(m_accounts->find("alice")->value().lockedUntil, 0);
    EXPECT_FALSE(m_accounts->signIn("alice", "wrong password!")->has_value());
    EXPECT_EQ(m_accounts->find("alice")->value().lockedUntil, m_now + kFirstLockSeconds);
    // While locked, even the right password is refused, with the same answer.
    EXPECT_FALSE(m_accounts->signIn("alice", kPassword)->has_value());
    m_now += kFirstLockSeconds;
    EXPECT_FALSE(m_accounts->signIn("alice", "wrong password!")->has_value());
    EXPECT_EQ(m_accounts->find("alice")->value().lockedUntil, m_now + 2 * kFirstLockSeconds);
    m_now += 2 * kFirstLockSeconds;
    for (int i = 0; i < 10; ++i) { // the lock grows to its ceiling, no further
        EXPECT_FALSE(m_accounts->signIn("alice", "wrong password!")->has_value());
        m_now = m_accounts->find("alice")->value().lockedUntil;
    }
    EXPECT_FALSE(m_accounts->signIn("alice", "wrong password!")->has_value());
    EXPECT_EQ(m_accounts->find("alice")->value().lockedUntil, m_now + kMaxLockSeconds);
    m_now += kMaxLockSeconds;
    auto ok = m_accounts->signIn("alice", kPassword);
    ASSERT_TRUE(ok.value().has_value());
    EXPECT_EQ(m_accounts->find("alice")->value().failedLogins, 0);
    EXPECT_EQ(m_accounts->find("alice")->value().lockedUntil, 0);
}

TEST_F(AccountsTest, UnknownLoginsTakeAsLongAsWrongPasswords) {
    admin();
    const auto time = [&](const std::string& login) {
        std::vector<long> samples;
        for (int i = 0; i < 5; ++i) {
            const auto start = std::chrono::steady_clock::now();
            EXPECT_FALSE(m_accounts->signIn(login, "wrong password!")->has_value());
            samples.push_back(
                static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::steady_clock::now() - start)
                                      .count()));
        }
        std::sort(samples.begin(), samples.end());
        return samples[2];
    };
    const long known = time("alice");
    const long unknown = time("mallory");
    std::cout << "refused sign-in: known login " << known << " us, unknown " << unknown << " us\n";
    // Both pay for one scrypt computation: an unknown login is not answered in a fraction of it
    // (without the dummy hash it takes a few percent of a known one).
    EXPECT_GT(unknown, known / 3);
    EXPECT_GT(known, unknown / 3);
}

TEST_F(AccountsTest, DisableAndResetPasswordEndSessions) {
    admin();
    const std::string token = m_accounts->signIn("alice", kPassword).value()->token;
    ASSERT_TRUE(m_accounts->resetPassword("alice", "a new password 2").ok());
    EXPECT_FALSE(m_accounts->session(token)->has_value());
    EXPECT_FALSE(m_accounts->signIn("alice", kPassword)->has_value());
    EXPECT_FALSE(m_accounts->resetPassword("alice", "alice").ok());
    EXPECT_FALSE(m_accounts->resetPassword("nobody", "a new password 3").ok());

    const std::string second = m_accounts->signIn("alice", "a new password 2").value()->token;
    auto disabled = m_accounts->disable("alice");
    ASSERT_TRUE(disabled.ok()) << disabled.error();
    EXPECT_FALSE(disabled->disabledAt.empty());
    EXPECT_FALSE(m_accounts->session(second)->has_value());
    EXPECT_FALSE(m_accounts->signIn("alice", "a new password 2")->has_value());
    EXPECT_FALSE(m_accounts->disable("nobody").ok());
    EXPECT_EQ(count("SELECT COUNT(*) FROM web_sessions"), 0);
}

TEST_F(AccountsTest, SetupLinkMakesOneEmployeeAccountOnce) {
    addPerson("p1", "Erik Employee");
    auto token = m_accounts->createSetupLink("p1", 72, "test");
    ASSERT_TRUE(token.ok()) << token.error();
    EXPECT_EQ(token->size(), 64u);
    EXPECT_EQ(count("SELECT COUNT(*) FROM setup_links WHERE token_hash = '" +
                    sha256Hex(token.value()) + "'"),
              1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM setup_links WHERE token_hash = '" + token.value() + "'"),
              0);
    auto link = m_accounts->setupLink(token.value());
    ASSERT_TRUE(link.ok()) << link.error();
    ASSERT_TRUE(link.value().has_value());
    EXPECT_EQ(link.value()->personName, "Erik Employee");

    EXPECT_EQ(m_accounts->useSetupLink(token.value(), "erik", "short").problem,
              SetupProblem::PasswordWeak);
    EXPECT_EQ(m_accounts->useSetupLink(token.value(), "e", kPassword).problem,
              SetupProblem::LoginInvalid);
    admin("taken");
    EXPECT_EQ(m_accounts->useSetupLink(token.value(), "TAKEN", kPassword).problem,
              SetupProblem::LoginTaken);
    // Refusals do not use the link up.
    auto done = m_accounts->useSetupLink(token.value(), "Erik", kPassword);
    ASSERT_EQ(done.problem, SetupProblem::None) << done.message;
    ASSERT_TRUE(done.session.has_value());
    EXPECT_EQ(done.session->account.role, Role::Employee);
    EXPECT_EQ(done.session->account.personId, "p1");
    EXPECT_EQ(done.session->account.displayName, "Erik Employee");
    auto session = m_accounts->session(done.session->token);
    ASSERT_TRUE(session.value().has_value());
    EXPECT_EQ(session.value()->account.personId, "p1");
    EXPECT_TRUE(m_accounts->signIn("erik", kPassword)->has_value());

    EXPECT_EQ(m_accounts->useSetupLink(token.value(), "erik2", kPassword).problem,
              SetupProblem::LinkInvalid);
    EXPECT_FALSE(m_accounts->setupLink(token.value())->has_value());
    auto again = m_accounts->createSetupLink("p1", 72, "test");
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().find("already has the web account \"erik\""), std::string::npos)
        << again.error();
}

TEST_F(AccountsTest, SetupLinksExpireAndANewOneReplacesTheOld) {
    addPerson("p2", "Frida");
    EXPECT_FALSE(m_accounts->createSetupLink("nobody", 72, "test").ok());
    EXPECT_FALSE(m_accounts->createSetupLink("p2", 0, "test").ok());
    EXPECT_FALSE(m_accounts->createSetupLink("p2", kMaxSetupLinkHours + 1, "test").ok());
    const std::string first = m_accounts->createSetupLink("p2", 1, "test").value();
    const std::string second = m_accounts->createSetupLink("p2", 1, "test").value();
    EXPECT_FALSE(m_accounts->setupLink(first)->has_value());
    EXPECT_TRUE(m_accounts->setupLink(second)->has_value());
    m_now += 3600;
    EXPECT_FALSE(m_accounts->setupLink(second)->has_value());
    EXPECT_EQ(m_accounts->useSetupLink(second, "frida", kPassword).problem,
              SetupProblem::LinkInvalid);
    EXPECT_EQ(count("SELECT COUNT(*) FROM accounts"), 0);

    // A person who left gets no link, and an open link stops working when they leave.
    const std::string third = m_accounts->createSetupLink("p2", 2, "test").value();
    auto s = m_db->write("leave", [&](Poco::Data::Session& session) {
        session << "UPDATE people SET left_at = '2027-01-01T00:00:00Z'", now;
        return true;
    });
    ASSERT_TRUE(s.ok());
    EXPECT_FALSE(m_accounts->setupLink(third)->has_value());
    EXPECT_FALSE(m_accounts->createSetupLink("p2", 2, "test").ok());
}

} // namespace
} // namespace indblik::server

namespace indblik::server {
namespace {

class AccountAdminTest : public ::testing::Test {
protected:
    void SetUp() override { m_dir = m_testDb.scratch() / "data"; }
    int run(const std::string& command, std::vector<std::string> args,
            std::map<std::string, std::string> options, const std::string& input = {}) {
        AdminOptions o;
        o.dataDir = m_dir.string();
        o.database = m_testDb.location();
        o.command = command;
        o.args = std::move(args);
        o.options = std::move(options);
        std::istringstream in(input);
        m_out.str({});
        m_err.str({});
        return runAdmin(o, m_out, m_err, in);
    }

    testing::TestDatabase m_testDb;
    std::filesystem::path m_dir;
    std::ostringstream m_out;
    std::ostringstream m_err;
};

TEST_F(AccountAdminTest, AccountCommandsReadPasswordsFromStdinAndSayWhatIsWrong) {
    EXPECT_EQ(run("create-user", {"root"}, {{"--role", "admin"}, {"--name", "Root"}}), 1);
    EXPECT_NE(m_err.str().find("no password on standard input"), std::string::npos);
    EXPECT_EQ(
        run("create-user", {"erik"}, {{"--role", "employee"}, {"--name", "E"}}, kPassword + "\n"),
        1);
    EXPECT_NE(m_err.str().find("create-setup-link"), std::string::npos) << m_err.str();
    EXPECT_EQ(run("create-user", {"root"}, {{"--role", "admin"}}, kPassword + "\n"), 1);
    EXPECT_NE(m_err.str().find("--name"), std::string::npos);
    ASSERT_EQ(run("create-user", {"Root"}, {{"--role", "admin"}, {"--name", "Rita Root"}},
                  kPassword + "\r\n"),
              0)
        << m_err.str();
    EXPECT_EQ(m_out.str(), "created admin account root (Rita Root)\n");

    ASSERT_EQ(run("list-users", {}, {}), 0);
    EXPECT_NE(m_out.str().find("\nroot\tadmin\tRita Root\t-\t"), std::string::npos) << m_out.str();
    EXPECT_NE(m_out.str().find("\tadmin-cli:"), std::string::npos);
    EXPECT_NE(m_out.str().find("\tactive\n"), std::string::npos);

    // The password was the line without its \r\n.
    auto db = m_testDb.open(1);
    AccountStore accounts(*db, systemSeconds, kTestCost);
    EXPECT_TRUE(accounts.signIn("root", kPassword)->has_value());
    EXPECT_EQ(run("reset-password", {"root"}, {}, "too short\n"), 1);
    EXPECT_NE(m_err.str().find("at least 12"), std::string::npos) << m_err.str();
    ASSERT_EQ(run("reset-password", {"root"}, {}, "another long password\n"), 0) << m_err.str();
    EXPECT_FALSE(accounts.signIn("root", kPassword)->has_value());
    EXPECT_TRUE(accounts.signIn("root", "another long password")->has_value());
    ASSERT_EQ(run("disable-user", {"root"}, {}), 0);
    EXPECT_NE(m_out.str().find("account root disabled"), std::string::npos);
    ASSERT_EQ(run("list-users", {}, {}), 0);
    EXPECT_NE(m_out.str().find("\tdisabled "), std::string::npos);
    EXPECT_EQ(run("disable-user", {"nobody"}, {}), 1);
}

TEST_F(AccountAdminTest, SetupLinkUsesTheBaseUrlOrTheRunningServersPort) {
    auto db = m_testDb.open(1);
    auto s = db->write("add a person", [&](Poco::Data::Session& session) {
        session << "INSERT INTO people (person_id, name, created_at, updated_at) VALUES ('p1', "
                   "'Erik', 'x', 'x')",
            now;
        return true;
    });
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(run("create-setup-link", {}, {}), 1);
    EXPECT_EQ(run("create-setup-link", {}, {{"--person", "p1"}, {"--base-url", "http://x"}}), 1);
    EXPECT_EQ(run("create-setup-link", {}, {{"--person", "p1"}, {"--ttl-hours", "x"}}), 1);
    EXPECT_EQ(run("create-setup-link", {}, {{"--person", "p1"}, {"--ttl-hours", "721"}}), 1);
    ASSERT_EQ(run("create-setup-link", {},
                  {{"--person", "p1"}, {"--base-url", "https://indblik.example.com/"}}),
              0)
        << m_err.str();
    const std::string prefix = "https://indblik.example.com/setup?token=";
    ASSERT_EQ(m_out.str().rfind(prefix, 0), 0u) << m_out.str();
    const std::string token = m_out.str().substr(prefix.size(), 64);
    AccountStore accounts(*db, systemSeconds, kTestCost);
    EXPECT_TRUE(accounts.setupLink(token)->has_value());

    {
        std::ofstream listening(m_dir / "listening.json");
        listening << "{\"agent_port\": 18443, \"enroll_port\": 18444, \"pid\": 1}\n";
    }
    ASSERT_EQ(run("create-setup-link", {}, {{"--person", "p1"}}), 0) << m_err.str();
    EXPECT_NE(m_out.str().find(":18444/setup?token="), std::string::npos) << m_out.str();
    EXPECT_FALSE(accounts.setupLink(token)->has_value()) << "the earlier link still works";
}

} // namespace
} // namespace indblik::server
