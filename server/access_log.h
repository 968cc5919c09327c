#pragma once

// The access log: every read of a person's data by anyone other than that person (a DPO
// handling a request, an administrator, a report computation, a refused attempt) is an event
// here — who, in which role, what, when, why, and the outcome. One hash chain per person,
// append-only: an edited, removed or reordered event breaks verify(). The person sees all of
// them.

#include <cstdint>
#include <string>
#include <vector>

#include "database.h"
#include "identity.h"
#include "ledger.h"
#include "result.h"

namespace Poco::Data {
class Session;
}

namespace indblik::server {

struct AccessEvent {
    std::string personId;
    std::int64_t seq = 0;
    std::string time;
    std::string actorId;
    std::string actorName;
    std::string actorRole;
    std::string what;    // "data", "export:csv", "request:<id>", "report:<unit>", ...
    std::string why;     // the reason given, e.g. "request <id>", "retention"
    std::string outcome; // "read", or "refused" for an attempt the server turned away
    std::string prevHash;
    std::string hash;
};

inline constexpr const char* kAccessRead = "read";
inline constexpr const char* kAccessRefused = "refused";

class AccessLog {
public:
    explicit AccessLog(Database& db) : m_db(db) {}

    // Appends one event in its own transaction.
    Status record(const std::string& personId, const Caller& actor, const std::string& what,
                  const std::string& why, const std::string& outcome = kAccessRead);
    // Appends inside a transaction the caller already holds (Database::write's session), so
    // the read and its record commit together.
    static void recordIn(Poco::Data::Session& session, const std::string& personId,
                         const Caller& actor, const std::string& what, const std::string& why,
                         const std::string& outcome = kAccessRead);

    // The person's events, oldest first; limit 0 means all.
    Result<std::vector<AccessEvent>> events(const std::string& personId, std::size_t limit = 0);
    // Recomputes the person's chain against its stored head.
    Result<ChainCheck> verify(const std::string& personId);

    static std::string hashOf(const AccessEvent& event);

private:
    Database& m_db;
};

} // namespace indblik::server
