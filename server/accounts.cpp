#include "accounts.h"

#include <algorithm>
#include <cctype>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Timestamp.h>

#include "ledger.h"
#include "pki.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

// Refreshing last_used on every request would make every page view a write; a minute of
// slack on a 30-minute idle limit does not matter.
constexpr std::int64_t kTouchEverySeconds = 60;

constexpr const char* kAccountColumns =
    "SELECT a.account_id, a.login, a.display_name, a.role, COALESCE(a.person_id, ''), "
    "a.created_at, a.created_by, COALESCE(a.disabled_at, ''), a.failed_logins, a.locked_until, "
    "COALESCE(a.password_hash, '') FROM accounts a ";

struct AccountColumns {
    std::vector<std::string> ids, logins, names, roles, people, created, createdBy, disabled,
        hashes;
    std::vector<Poco::Int64> failed, locked;

    std::size_t size() const { return ids.size(); }
    Account at(std::size_t i) const {
        Account a;
        a.id = ids[i];
        a.login = logins[i];
        a.displayName = names[i];
        a.role = parseRole(roles[i]).value_or(Role::Employee);
        a.personId = people[i];
        a.createdAt = created[i];
        a.createdBy = createdBy[i];
        a.disabledAt = disabled[i];
        a.failedLogins = failed[i];
        a.lockedUntil = locked[i];
        return a;
    }
};

// Runs kAccountColumns + tail with one text parameter.
AccountColumns selectAccounts(Poco::Data::Session& s, const std::string& tail,
                              const std::string& value) {
    AccountColumns c;
    Poco::Data::Statement select(s);
    select << std::string(kAccountColumns) + tail, into(c.ids), into(c.logins), into(c.names),
        into(c.roles), into(c.people), into(c.created), into(c.createdBy), into(c.disabled),
        into(c.failed), into(c.locked), into(c.hashes);
    if (!value.empty()) {
        select, useRef(value);
    }
    select.execute();
    return c;
}

bool loginChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
           c == '@';
}

std::string randomToken() {
    auto token = pki::randomHex(32);
    if (!token) {
        throw std::runtime_error(token.error());
    }
    return token.value();
}

} // namespace

std::int64_t systemSeconds() {
    return Poco::Timestamp().epochTime();
}

std::string normalizeLogin(std::string_view login) {
    std::string out(login);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Status checkLogin(std::string_view login) {
    const std::string l = normalizeLogin(login);
    if (l.size() < 3 || l.size() > kMaxLoginLength) {
        return Error{"the login must have 3 to " + std::to_string(kMaxLoginLength) + " characters"};
    }
    if (!std::all_of(l.begin(), l.end(), loginChar) || l.front() == '.' || l.front() == '_' ||
        l.front() == '-' || l.front() == '@') {
        return Error{"the login may only have the letters a-z, digits and . _ - @, and must "
                     "start with a letter or digit"};
    }
    return Status::success();
}

Status checkDisplayName(std::string_view name) {
    if (name.empty() || name.size() > kMaxDisplayNameLength) {
        return Error{"the name must have 1 to " + std::to_string(kMaxDisplayNameLength) +
                     " characters"};
    }
    if (std::any_of(name.begin(), name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        return Error{"the name must not contain control characters"};
    }
    return Status::success();
}

AccountStore::AccountStore(Database& db, Clock clock, password::ScryptCost cost,
                           SessionLimits limits)
    : m_db(db), m_clock(std::move(clock)), m_cost(cost), m_limits(limits) {}

const std::string& AccountStore::dummyHash() {
    std::call_once(m_dummyOnce, [this] {
        auto dummy = password::hash(randomToken(), m_cost);
        if (!dummy) {
            throw std::runtime_error(dummy.error());
        }
        m_dummyHash = dummy.value();
    });
    return m_dummyHash;
}

Result<Account> AccountStore::create(const NewAccount& n) {
    if (auto s = checkLogin(n.login); !s) {
        return Error{s.error()};
    }
    const std::string login = normalizeLogin(n.login);
    if (auto s = checkDisplayName(n.displayName); !s) {
        return Error{s.error()};
    }
    if (n.role == Role::System) {
        return Error{"the role must be council, dpo, admin or employee"};
    }
    if ((n.role == Role::Employee) != !n.personId.empty()) {
        return Error{n.role == Role::Employee ? "an employee account needs its person"
                                              : "only employee accounts belong to a person"};
    }
    if (auto s = password::checkNew(n.password, login); !s) {
        return Error{s.error()};
    }
    auto hashed = password::hash(n.password, m_cost);
    if (!hashed) {
        return Error{hashed.error()};
    }
    Account a;
    a.id = randomToken().substr(0, 32);
    a.login = login;
    a.displayName = n.displayName;
    a.role = n.role;
    a.personId = n.personId;
    a.createdAt = nowIso8601();
    a.createdBy = n.createdBy;
    std::string problem;
    const std::string role(roleName(n.role));
    auto status = m_db.write("create the account " + login, [&](Poco::Data::Session& s) {
        Poco::Int64 taken = 0;
        s << "SELECT COUNT(*) FROM accounts WHERE login = $1", useRef(login), into(taken), now;
        if (taken != 0) {
            problem = "there is already an account with the login \"" + login + "\"";
            return false;
        }
        if (!n.personId.empty()) {
            Poco::Int64 people = 0, accounts = 0;
            s << "SELECT COUNT(*) FROM people WHERE person_id = $1", useRef(n.personId),
                into(people), now;
            s << "SELECT COUNT(*) FROM accounts WHERE person_id = $1", useRef(n.personId),
                into(accounts), now;
            if (people == 0) {
                problem = "no person \"" + n.personId + "\"";
                return false;
            }
            if (accounts != 0) {
                problem = "the person \"" + n.personId + "\" already has a web account";
                return false;
            }
        }
        s << "INSERT INTO accounts (account_id, login, display_name, role, person_id, "
             "password_hash, created_at, created_by) VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6, "
             "$7, $8)",
            useRef(a.id), useRef(a.login), useRef(a.displayName), useRef(role), useRef(a.personId),
            useRef(hashed.value()), useRef(a.createdAt), useRef(a.createdBy), now;
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (!problem.empty()) {
        return Error{problem};
    }
    return a;
}

Result<std::vector<Account>> AccountStore::list() {
    std::vector<Account> out;
    auto status = m_db.read("list the accounts", [&](Poco::Data::Session& s) {
        const auto c = selectAccounts(s, "ORDER BY a.login", {});
        for (std::size_t i = 0; i < c.size(); ++i) {
            out.push_back(c.at(i));
        }
    });
    if (!status) {
        return Error{status.error()};
    }
    return out;
}

Result<std::optional<Account>> AccountStore::find(const std::string& login) {
    std::optional<Account> out;
    const std::string l = normalizeLogin(login);
    auto status = m_db.read("find the account " + l, [&](Poco::Data::Session& s) {
        const auto c = selectAccounts(s, "WHERE a.login = $1", l);
        if (c.size() == 1) {
            out = c.at(0);
        }
    });
    if (!status) {
        return Error{status.error()};
    }
    return out;
}

Result<Account> AccountStore::disable(const std::string& login) {
    const std::string l = normalizeLogin(login);
    std::optional<Account> found;
    auto status = m_db.write("disable the account " + l, [&](Poco::Data::Session& s) {
        const auto c = selectAccounts(s, "WHERE a.login = $1", l);
        if (c.size() != 1) {
            return false;
        }
        found = c.at(0);
        if (found->disabledAt.empty()) {
            found->disabledAt = nowIso8601();
            s << "UPDATE accounts SET disabled_at = $1 WHERE account_id = $2",
                useRef(found->disabledAt), useRef(found->id), now;
        }
        s << "DELETE FROM web_sessions WHERE account_id = $1", useRef(found->id), now;
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (!found) {
        return Error{"no account with the login \"" + l + "\""};
    }
    return *found;
}

Status AccountStore::resetPassword(const std::string& login, const std::string& newPassword) {
    const std::string l = normalizeLogin(login);
    if (auto s = password::checkNew(newPassword, l); !s) {
        return s;
    }
    auto hashed = password::hash(newPassword, m_cost);
    if (!hashed) {
        return Error{hashed.error()};
    }
    bool found = false;
    auto status = m_db.write("set the password of " + l, [&](Poco::Data::Session& s) {
        std::vector<std::string> ids;
        s << "SELECT account_id FROM accounts WHERE login = $1", useRef(l), into(ids), now;
        if (ids.size() != 1) {
            return false;
        }
        found = true;
        s << "UPDATE accounts SET password_hash = $1, failed_logins = 0, locked_until = 0 WHERE "
             "account_id = $2",
            useRef(hashed.value()), useRef(ids.front()), now;
        s << "DELETE FROM web_sessions WHERE account_id = $1", useRef(ids.front()), now;
        return true;
    });
    if (!status) {
        return status;
    }
    if (!found) {
        return Error{"no account with the login \"" + l + "\""};
    }
    return Status::success();
}

Result<StartedSession> AccountStore::startSession(Poco::Data::Session& s, const Account& account) {
    StartedSession started{randomToken(), randomToken(), account};
    const std::string hash = sha256Hex(started.token);
    const Poco::Int64 created = clockNow();
    const Poco::Int64 expires = created + m_limits.absoluteSeconds;
    const Poco::Int64 idleBefore = created - m_limits.idleSeconds;
    // Sessions nobody will use again go whenever someone signs in.
    s << "DELETE FROM web_sessions WHERE expires_at <= $1 OR last_used <= $2", useRef(created),
        useRef(idleBefore), now;
    s << "INSERT INTO web_sessions (token_hash, account_id, csrf_token, created_at, expires_at, "
         "last_used) VALUES ($1, $2, $3, $4, $5, $4)",
        useRef(hash), useRef(account.id), useRef(started.csrfToken), useRef(created),
        useRef(expires), now;
    return started;
}

Result<std::optional<StartedSession>> AccountStore::signIn(const std::string& login,
                                                           const std::string& pass) {
    const std::string l = normalizeLogin(login);
    std::optional<Account> account;
    std::string storedHash;
    bool personLeft = false;
    if (l.size() <= kMaxLoginLength && pass.size() <= password::kMaxLength) {
        auto status = m_db.read("sign in", [&](Poco::Data::Session& s) {
            const auto c = selectAccounts(s, "WHERE a.login = $1", l);
            if (c.size() == 1) {
                account = c.at(0);
                storedHash = c.hashes[0];
                if (!account->personId.empty()) {
                    Poco::Int64 left = 0;
                    s << "SELECT COUNT(*) FROM people WHERE person_id = $1 AND left_at IS NOT "
                         "NULL",
                        useRef(account->personId), into(left), now;
                    personLeft = left != 0;
                }
            }
        });
        if (!status) {
            return Error{status.error()};
        }
    }
    // Always one scrypt computation, whatever the outcome, so time tells nothing.
    const bool matches =
        password::verify(pass, account ? storedHash : dummyHash()) && account.has_value();
    if (!account) {
        return std::optional<StartedSession>();
    }
    const std::int64_t t = clockNow();
    if (!account->disabledAt.empty() || personLeft || account->lockedUntil > t) {
        return std::optional<StartedSession>();
    }
    std::optional<StartedSession> started;
    std::string problem;
    auto status = m_db.write("record the sign-in", [&](Poco::Data::Session& s) {
        if (!matches) {
            // The count and the lock are computed in SQL so that concurrent failures in several
            // processes all count.
            s << "UPDATE accounts SET failed_logins = failed_logins + 1 WHERE account_id = $1",
                useRef(account->id), now;
            Poco::Int64 failed = 0;
            s << "SELECT failed_logins FROM accounts WHERE account_id = $1", useRef(account->id),
                into(failed), now;
            if (failed >= kFreeAttempts) {
                const std::int64_t doublings = std::min<std::int64_t>(failed - kFreeAttempts, 20);
                const Poco::Int64 until =
                    t + std::min(kMaxLockSeconds, kFirstLockSeconds << doublings);
                s << "UPDATE accounts SET locked_until = $1 WHERE account_id = $2", useRef(until),
                    useRef(account->id), now;
            }
            return true;
        }
        s << "UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE account_id = $1",
            useRef(account->id), now;
        account->failedLogins = 0;
        account->lockedUntil = 0;
        auto session = startSession(s, *account);
        if (!session) {
            problem = session.error();
            return false;
        }
        started = std::move(session).value();
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (!problem.empty()) {
        return Error{problem};
    }
    return started;
}

Result<std::optional<WebSession>> AccountStore::session(const std::string& token) {
    std::optional<WebSession> out;
    if (token.size() != 64) {
        return out;
    }
    const std::string hash = sha256Hex(token);
    const Poco::Int64 t = clockNow();
    bool stale = false;
    bool touch = false;
    auto status = m_db.read("find the web session", [&](Poco::Data::Session& s) {
        std::vector<std::string> accountIds, csrf;
        std::vector<Poco::Int64> expires, lastUsed;
        s << "SELECT account_id, csrf_token, expires_at, last_used FROM web_sessions WHERE "
             "token_hash = $1",
            useRef(hash), into(accountIds), into(csrf), into(expires), into(lastUsed), now;
        if (accountIds.size() != 1) {
            return;
        }
        if (t >= expires[0] || t - lastUsed[0] >= m_limits.idleSeconds) {
            stale = true;
            return;
        }
        const auto c = selectAccounts(s, "WHERE a.account_id = $1", accountIds[0]);
        if (c.size() != 1 || !c.disabled[0].empty()) {
            stale = true;
            return;
        }
        Account account = c.at(0);
        if (!account.personId.empty()) {
            Poco::Int64 left = 0;
            s << "SELECT COUNT(*) FROM people WHERE person_id = $1 AND left_at IS NOT NULL",
                useRef(account.personId), into(left), now;
            if (left != 0) {
                stale = true;
                return;
            }
        }
        touch = t - lastUsed[0] >= kTouchEverySeconds;
        out = WebSession{std::move(account), csrf[0], expires[0]};
    });
    if (!status) {
        return Error{status.error()};
    }
    if (stale || touch) {
        auto written = m_db.write("refresh the web session", [&](Poco::Data::Session& s) {
            if (stale) {
                s << "DELETE FROM web_sessions WHERE token_hash = $1", useRef(hash), now;
            } else {
                s << "UPDATE web_sessions SET last_used = $1 WHERE token_hash = $2", useRef(t),
                    useRef(hash), now;
            }
            return true;
        });
        if (!written) {
            return Error{written.error()};
        }
    }
    return out;
}

Status AccountStore::endSession(const std::string& token) {
    const std::string hash = sha256Hex(token);
    return m_db.write("end the web session", [&](Poco::Data::Session& s) {
        s << "DELETE FROM web_sessions WHERE token_hash = $1", useRef(hash), now;
        return true;
    });
}

Result<std::string> AccountStore::createSetupLink(const std::string& personId, int ttlHours,
                                                  const std::string& createdBy) {
    if (ttlHours < 1 || ttlHours > kMaxSetupLinkHours) {
        return Error{"the link lifetime must be 1 to " + std::to_string(kMaxSetupLinkHours) +
                     " hours (got " + std::to_string(ttlHours) + ")"};
    }
    const std::string token = randomToken();
    const std::string hash = sha256Hex(token);
    const std::string created = nowIso8601();
    const Poco::Int64 expires = clockNow() + Poco::Int64{ttlHours} * 3600;
    std::string problem;
    auto status = m_db.write("store the setup link", [&](Poco::Data::Session& s) {
        std::vector<std::string> left;
        s << "SELECT COALESCE(left_at, '') FROM people WHERE person_id = $1", useRef(personId),
            into(left), now;
        if (left.empty()) {
            problem =
                "no person \"" + personId + "\" (import the directory or add the person first)";
            return false;
        }
        if (!left[0].empty()) {
            problem = "the person \"" + personId + "\" left on " + left[0];
            return false;
        }
        std::vector<std::string> logins;
        s << "SELECT login FROM accounts WHERE person_id = $1", useRef(personId), into(logins), now;
        if (!logins.empty()) {
            problem = "the person \"" + personId + "\" already has the web account \"" + logins[0] +
                      "\" (reset-password " + logins[0] + " sets a new password)";
            return false;
        }
        s << "DELETE FROM setup_links WHERE person_id = $1 AND used_at IS NULL", useRef(personId),
            now;
        s << "INSERT INTO setup_links (token_hash, person_id, created_at, created_by, expires_at) "
             "VALUES ($1, $2, $3, $4, $5)",
            useRef(hash), useRef(personId), useRef(created), useRef(createdBy), useRef(expires),
            now;
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    if (!problem.empty()) {
        return Error{problem};
    }
    return token;
}

Result<std::optional<SetupLinkInfo>> AccountStore::setupLink(const std::string& token) {
    std::optional<SetupLinkInfo> out;
    if (token.size() != 64) {
        return out;
    }
    const std::string hash = sha256Hex(token);
    const Poco::Int64 t = clockNow();
    auto status = m_db.read("find the setup link", [&](Poco::Data::Session& s) {
        std::vector<std::string> people, names;
        std::vector<Poco::Int64> expires;
        s << "SELECT l.person_id, p.name, l.expires_at FROM setup_links l JOIN people p ON "
             "p.person_id = l.person_id WHERE l.token_hash = $1 AND l.used_at IS NULL AND "
             "l.expires_at > $2 AND p.left_at IS NULL",
            useRef(hash), useRef(t), into(people), into(names), into(expires), now;
        if (people.size() == 1) {
            out = SetupLinkInfo{people[0], names[0], expires[0]};
        }
    });
    if (!status) {
        return Error{status.error()};
    }
    return out;
}

SetupOutcome AccountStore::useSetupLink(const std::string& token, const std::string& loginGiven,
                                        const std::string& pass) {
    SetupOutcome outcome;
    const auto fail = [&outcome](SetupProblem p, std::string message) {
        outcome.problem = p;
        outcome.message = std::move(message);
        return outcome;
    };
    auto link = setupLink(token);
    if (!link) {
        return fail(SetupProblem::Internal, link.error());
    }
    if (!link.value()) {
        return fail(SetupProblem::LinkInvalid, "the link is unknown, used or expired");
    }
    if (auto s = checkLogin(loginGiven); !s) {
        return fail(SetupProblem::LoginInvalid, s.error());
    }
    const std::string login = normalizeLogin(loginGiven);
    if (auto s = password::checkNew(pass, login); !s) {
        return fail(SetupProblem::PasswordWeak, s.error());
    }
    auto hashed = password::hash(pass, m_cost);
    if (!hashed) {
        return fail(SetupProblem::Internal, hashed.error());
    }
    const std::string hash = sha256Hex(token);
    const std::string created = nowIso8601();
    const Poco::Int64 t = clockNow();
    Account a;
    a.id = randomToken().substr(0, 32);
    a.login = login;
    a.role = Role::Employee;
    a.createdAt = created;
    a.createdBy = "setup-link";
    auto status = m_db.write("set up the web account", [&](Poco::Data::Session& s) {
        // The condition makes the link single-use even against another server process.
        Poco::Data::Statement claim(s);
        claim << "UPDATE setup_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL "
                 "AND expires_at > $3",
            useRef(created), useRef(hash), useRef(t);
        if (claim.execute() != 1) {
            fail(SetupProblem::LinkInvalid, "the link is unknown, used or expired");
            return false;
        }
        std::vector<std::string> people, names;
        s << "SELECT l.person_id, p.name FROM setup_links l JOIN people p ON p.person_id = "
             "l.person_id WHERE l.token_hash = $1 AND p.left_at IS NULL",
            useRef(hash), into(people), into(names), now;
        if (people.size() != 1) {
            fail(SetupProblem::LinkInvalid, "the link's person is gone");
            return false;
        }
        a.personId = people[0];
        a.displayName = names[0].empty() ? login : names[0].substr(0, kMaxDisplayNameLength);
        Poco::Int64 has = 0, taken = 0;
        s << "SELECT COUNT(*) FROM accounts WHERE person_id = $1", useRef(a.personId), into(has),
            now;
        if (has != 0) {
            fail(SetupProblem::HasAccount, "the person already has a web account");
            return false;
        }
        s << "SELECT COUNT(*) FROM accounts WHERE login = $1", useRef(login), into(taken), now;
        if (taken != 0) {
            fail(SetupProblem::LoginTaken, "the login \"" + login + "\" is taken");
            return false;
        }
        const std::string role(roleName(Role::Employee));
        s << "INSERT INTO accounts (account_id, login, display_name, role, person_id, "
             "password_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            useRef(a.id), useRef(a.login), useRef(a.displayName), useRef(role), useRef(a.personId),
            useRef(hashed.value()), useRef(a.createdAt), useRef(a.createdBy), now;
        auto session = startSession(s, a);
        if (!session) {
            fail(SetupProblem::Internal, session.error());
            return false;
        }
        outcome.session = std::move(session).value();
        return true;
    });
    if (!status) {
        return fail(SetupProblem::Internal, status.error());
    }
    return outcome;
}

} // namespace indblik::server
