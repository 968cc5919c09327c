#pragma once

// People and which computers are theirs. A person is an employee, added by hand (admin
// add-person) or from the employee directory (admin import-directory FILE.csv, keyed by
// employee number). person_devices says which person an OS user on an enrolled device is;
// os_user "*" stands for every user of that device. An agent asks for "the person at this
// device logged in as NAME": (device, NAME) wins over (device, "*"), and someone who has left
// is nobody's person any more, so a computer handed on shows the next user nothing of theirs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "result.h"

namespace indblik::server {

struct Person {
    std::string id;
    std::string employeeNumber; // empty when added by hand without one
    std::string name;
    std::string email;
    std::string orgUnit;
    std::string username;
    std::string createdAt;
    std::string updatedAt;
    std::string leftAt; // empty while employed
};

struct PersonDevice {
    std::string deviceId;
    std::string hostname;
    std::string osUser; // "*": every user of the device
    std::string assignedAt;
    std::string source; // "enrollment", "directory", "admin"
    std::string enrolledAt;
    std::string lastSeen;
    std::string revokedAt;
    // Device clock minus server clock at its last sync, seconds; unknown before.
    std::optional<std::int64_t> clockSkewSeconds;
};

struct NewPerson {
    std::string name;
    std::string email;
    std::string orgUnit;
    std::string username;
    std::string employeeNumber;
};

// What an import did (or, with errors, why it did nothing).
struct ImportOutcome {
    std::vector<std::string> errors;   // "line:column: message"; non-empty means nothing changed
    std::vector<std::string> warnings; // imported anyway (e.g. a hostname not enrolled yet)
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t rejoined = 0;   // had left, are in the file again
    std::size_t markedLeft = 0; // with markMissingLeft
    std::size_t devicesTied = 0;
};

inline constexpr std::size_t kMaxDirectoryBytes = std::size_t(32) << 20;
inline constexpr std::size_t kMaxDirectoryRows = 200000;
inline constexpr std::size_t kMaxImportErrors = 50;
inline constexpr std::size_t kMaxOsUserLength = 256;

// People whose name contains the text, or whose employee number, e-mail or username is it
// (case-insensitive for a-z and æøåäöüé), by name; at most `limit`, `more` when there were others.
struct PeopleSearch {
    std::vector<Person> people;
    bool more = false;
};

// The OS user an agent vouches for must look like one: 1..256 characters, no control
// characters, not "*".
bool validOsUser(const std::string& name);

class PeopleStore {
public:
    explicit PeopleStore(Database& db) : m_db(db) {}

    Result<Person> add(const NewPerson& person);
    // The file's text (origin names it in errors): validated whole first; any error and nothing
    // is imported. markMissingLeft marks people with an employee number that the file lacks as
    // left.
    ImportOutcome importDirectory(const std::string& text, const std::string& origin,
                                  bool markMissingLeft);
    // Ties (device, osUser) to the person, replacing what that pair was tied to.
    Status assignDevice(const std::string& deviceId, const std::string& personId,
                        const std::string& osUser = "*");

    Result<std::optional<Person>> find(const std::string& personId);
    Result<std::vector<Person>> list();
    // Directory lookup (no one's data is read): see PeopleSearch. An empty text finds nobody.
    Result<PeopleSearch> search(const std::string& text, std::size_t limit = 50);
    Result<std::vector<PersonDevice>> devicesOf(const std::string& personId);
    // The person the OS user on the device is, if any (and still employed).
    Result<std::optional<Person>> personAt(const std::string& deviceId, const std::string& osUser);

private:
    Database& m_db;
};

// For the sync answer: per person tied to the device (and still employed), how many access
// events others caused in their log and when the newest was, so the tray can tell them.
struct LinkedAccess {
    std::string personId;
    std::string osUser;
    std::int64_t accessEvents = 0; // reads and refused attempts by anyone but the person
    std::string newestAccess;      // empty when none
};
Result<std::vector<LinkedAccess>> linkedAccessSummary(Database& db, const std::string& deviceId);
// {"people":[...]}'s array as JSON text.
std::string linkedAccessJson(const std::vector<LinkedAccess>& people);

} // namespace indblik::server
