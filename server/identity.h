#pragma once

// Who is asking. Every route that touches a person's data gets a Caller and decides from it;
// every read of person X's data by a Caller who is not X is an access event in X's log.

#include <optional>
#include <string>
#include <string_view>

namespace indblik::server {

enum class Role {
    Employee, // reads only their own data (through their agent, or a web account of their own)
    Council,  // works council: aggregate reports, policy positions; never one person's data
    Dpo,      // data protection officer: requests, policies; reads a person's data for a reason
    Admin,    // IT administrator: devices, tokens, accounts, health
    System,   // the server itself (retention, report computation); never signs in
};

std::string_view roleName(Role role); // "employee", "council", "dpo", "admin", "system"
std::optional<Role> parseRole(std::string_view name);

struct Caller {
    Role role = Role::Employee;
    std::string actorId;   // account id, "device:<id>/<os user>" for an agent, or "system"
    std::string name;      // display name, shown in access logs
    std::string personId;  // the person this caller is; empty for council/dpo/admin/system
    std::string csrfToken; // of the web session; empty for agents
    std::string deviceId;  // set when the caller came through an agent's certificate
};

// The caller is the person whose data is read: no access event is due.
inline bool isSelf(const Caller& caller, const std::string& personId) {
    return !caller.personId.empty() && caller.personId == personId;
}

} // namespace indblik::server
