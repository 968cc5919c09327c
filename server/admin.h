#pragma once

// One-shot administrator commands (`indblik-server admin ...`), run against the data directory
// and the database (also while the server runs: SQLite in WAL mode and PostgreSQL let both use
// it). Commands are a table: each part of the server adds its own in its own file and lists
// its function in adminCommands() (admin.cpp).

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli.h"

namespace indblik::server {

class Database;
class ServerStore;
struct Device;
struct DataDir;

struct AdminContext {
    const DataDir& dir;
    Database& db;
    ServerStore& store;
    const AdminOptions& options;
    std::ostream& out;
    std::ostream& err;
    std::istream& in; // passwords are read from here, never from the command line
};

struct AdminCommand {
    std::string name;
    std::string synopsis; // "create-enrollment-token [--ttl-minutes N] [--person ID]"
    std::string summary;  // one line for --help
    std::size_t minArgs = 0;
    std::size_t maxArgs = 0;
    std::vector<std::string> options;      // options that take a value
    std::vector<std::string> flags;        // options without a value
    std::function<int(AdminContext&)> run; // the exit code
};

const std::vector<AdminCommand>& adminCommands();
const AdminCommand* findAdminCommand(const std::string& name);

// How far a device's clock was off at its last sync, for administrators.
std::string clockDescription(const Device& d);

// "indblik-server admin: <message>" on err; returns 1.
int adminFail(std::ostream& err, const std::string& message);

// The database location: the one given, else INDBLIK_DATABASE, else SQLite in the data dir.
std::string databaseLocation(const DataDir& dir, const std::string& given);

// Returns the process exit code: 0 on success, 1 on failure (after a message on err).
int runAdmin(const AdminOptions& options, std::ostream& out, std::ostream& err, std::istream& in);

// The commands of each part (one function per file that adds commands).
std::vector<AdminCommand> deviceAdminCommands();
std::vector<AdminCommand> policyAdminCommands();    // policy_lifecycle.cpp
std::vector<AdminCommand> retentionAdminCommands(); // retention.cpp
std::vector<AdminCommand> accountAdminCommands();   // account_admin.cpp
std::vector<AdminCommand> peopleAdminCommands();    // people_admin.cpp
std::vector<AdminCommand> councilAdminCommands();   // council_admin.cpp

} // namespace indblik::server
