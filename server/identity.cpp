#include "identity.h"

namespace indblik::server {

std::string_view roleName(Role role) {
    switch (role) {
    case Role::Employee:
        return "employee";
    case Role::Council:
        return "council";
    case Role::Dpo:
        return "dpo";
    case Role::Admin:
        return "admin";
    case Role::System:
        return "system";
    }
    return "unknown";
}

std::optional<Role> parseRole(std::string_view name) {
    for (Role r : {Role::Employee, Role::Council, Role::Dpo, Role::Admin}) {
        if (roleName(r) == name) {
            return r;
        }
    }
    return std::nullopt;
}

} // namespace indblik::server
