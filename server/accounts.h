#pragma once

// Web accounts (council, DPO, administrators, and employees who set up a sign-in of their own),
// their sign-in sessions and the one-time links employees set their sign-in up with. Everything
// lives in the database, nothing in this process: several server processes accept each other's
// sessions. Only SHA-256 hashes of session and link tokens are stored; passwords are scrypt
// (password_hash.h).
//
// Sign-in refuses with one answer for every reason (unknown login, wrong password, disabled,
// locked) and takes the same time for each: an unknown login is checked against a dummy hash.
// After kFreeAttempts failures in a row an account is locked for 30 s, doubling with each
// further failure up to 15 min; a success clears the count.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "database.h"
#include "identity.h"
#include "password_hash.h"
#include "result.h"

namespace indblik::server {

// Seconds since the epoch; tests pass their own to move time.
using Clock = std::function<std::int64_t()>;
std::int64_t systemSeconds();

struct Account {
    std::string id;
    std::string login; // lowercase
    std::string displayName;
    Role role = Role::Employee;
    std::string personId; // employee accounts only
    std::string createdAt;
    std::string createdBy;
    std::string disabledAt; // empty while active
    std::int64_t failedLogins = 0;
    std::int64_t lockedUntil = 0; // seconds since the epoch; 0 when not locked
};

struct NewAccount {
    std::string login;
    std::string displayName;
    Role role = Role::Admin;
    std::string personId; // required for (and only for) employee accounts
    std::string password;
    std::string createdBy;
};

// A signed-in session as a request finds it.
struct WebSession {
    Account account;
    std::string csrfToken;
    std::int64_t expiresAt = 0; // the absolute end
};

// A session just started: the token goes into the cookie and is never stored.
struct StartedSession {
    std::string token;
    std::string csrfToken;
    Account account;
};

struct SessionLimits {
    std::int64_t idleSeconds = 30 * 60;
    std::int64_t absoluteSeconds = 12 * 3600;
};

inline constexpr std::int64_t kFreeAttempts = 5;
inline constexpr std::int64_t kFirstLockSeconds = 30;
inline constexpr std::int64_t kMaxLockSeconds = 15 * 60;
inline constexpr int kMaxSetupLinkHours = 30 * 24;
inline constexpr std::size_t kMaxLoginLength = 64;
inline constexpr std::size_t kMaxDisplayNameLength = 200;

// Login names: 3 to 64 of a-z 0-9 . _ - @, starting with a letter or digit (stored lowercase).
Status checkLogin(std::string_view login);
std::string normalizeLogin(std::string_view login);
// Display names: 1 to 200 bytes, no control characters.
Status checkDisplayName(std::string_view name);

// Why a setup link could not be used, for the page to say in the employee's language.
enum class SetupProblem {
    None,
    LinkInvalid,  // unknown, used, expired, or the person has left
    HasAccount,   // the person already has a web account
    LoginInvalid, // see checkLogin
    LoginTaken,   // another account has that login
    PasswordWeak, // see password::checkNew; message says how
    Internal,     // the database failed; message says how
};

struct SetupOutcome {
    SetupProblem problem = SetupProblem::None;
    std::string message;
    std::optional<StartedSession> session; // the new account, signed in
};

struct SetupLinkInfo {
    std::string personId;
    std::string personName;
    std::int64_t expiresAt = 0;
};

class AccountStore {
public:
    explicit AccountStore(Database& db, Clock clock = systemSeconds, password::ScryptCost cost = {},
                          SessionLimits limits = {});

    Result<Account> create(const NewAccount& account);
    Result<std::vector<Account>> list();
    // nullopt when there is no such login.
    Result<std::optional<Account>> find(const std::string& login);
    // Refuses sign-in from now on and ends the account's sessions.
    Result<Account> disable(const std::string& login);
    // Sets a new password, clears the lockout and ends the account's sessions.
    Status resetPassword(const std::string& login, const std::string& newPassword);

    // The session for login and password, or nullopt for any refusal (see the top).
    Result<std::optional<StartedSession>> signIn(const std::string& login,
                                                 const std::string& password);
    // The live session a cookie token names, or nullopt when it is unknown, idle too long, past
    // its absolute end or its account is disabled (such a session is deleted). Refreshes the
    // idle timer.
    Result<std::optional<WebSession>> session(const std::string& token);
    Status endSession(const std::string& token);

    // A one-time link token for the person (who must exist, not have left, and have no web
    // account yet); earlier unused links for the person stop working.
    Result<std::string> createSetupLink(const std::string& personId, int ttlHours,
                                        const std::string& createdBy);
    // The person a usable link is for; nullopt when it is unknown, used or expired.
    Result<std::optional<SetupLinkInfo>> setupLink(const std::string& token);
    // Creates the person's employee account, marks the link used and signs it in, all at once.
    SetupOutcome useSetupLink(const std::string& token, const std::string& login,
                              const std::string& password);

    const SessionLimits& limits() const { return m_limits; }

private:
    Result<StartedSession> startSession(Poco::Data::Session& s, const Account& account);
    std::int64_t clockNow() const { return m_clock(); }

    Database& m_db;
    Clock m_clock;
    password::ScryptCost m_cost;
    SessionLimits m_limits;
    // Checked for unknown logins, so they take as long as known ones; made at the first sign-in
    // (admin commands never need it).
    const std::string& dummyHash();
    std::once_flag m_dummyOnce;
    std::string m_dummyHash;
};

} // namespace indblik::server
