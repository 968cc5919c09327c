#pragma once

// One employee's own data on the server, as they (or a DPO with a reason) see it: the person,
// their computers, the monitoring found there (current observations), the collection events of
// the last days (newest first, bounded), the declared policies that apply now and the announced
// ones still to come, who looked at their data (the access log and whether its chain is intact),
// and their requests. Read in one transaction; a read by anyone but the person records an access
// event in that same transaction, and so does the person's own export.
//
// Ledger entries are facts about a computer, not about one of its users: everyone tied to a
// computer sees what the agent recorded there.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "access_log.h"
#include "database.h"
#include "identity.h"
#include "integrity.h"
#include "people.h"
#include "policy.h"
#include "result.h"
#include "vocabulary.h"

namespace indblik::server {

struct PersonalObservation {
    std::string deviceId;
    std::string hostname;
    std::string detector;
    std::string product; // catalog id, or empty
    std::string name;
    std::optional<LocalizedText> title;
    std::vector<std::string> categories;
    std::vector<std::string> evidence;
    LocalizedText why;
    bool declared = false;
    std::string policy;     // the declared policy covering it, or empty
    std::string firstSeen;  // the entry that (last) added it
    std::string lastChange; // its newest entry

    const std::string& displayName(Language language) const {
        return title ? title->in(language) : name;
    }
};

struct PersonalEvent {
    std::string deviceId;
    std::string hostname;
    std::int64_t seq = 0;
    std::string time;
    std::string kind;               // "observation.added", "activity", ...
    std::string payload;            // the JSON the agent wrote, as stored
    Poco::JSON::Object::Ptr parsed; // the payload parsed once; null when it is not an object
    LocalizedText summary;
};

struct PersonalPolicy {
    std::string id;
    std::int64_t version = 0;
    bool inEffect = false; // else announced and coming
    std::string announced;
    std::string effective;
    std::string shortNoticeReason; // recorded by the DPO when notice was shortened
    std::optional<Policy> policy;  // empty when the stored document no longer parses
    std::string json;
    bool coversMine = false; // covers something found on the person's computers
};

struct PersonalRequest {
    std::string id;
    std::string type;
    std::string subject;
    std::string body;
    std::string status;
    std::string receivedAt;
    std::string dueAt;
    std::string extendedAt;
    std::string extensionReason;
    std::string answer;
    std::string answeredAt;
    std::string updatedAt;
};

struct PersonalDataSet {
    std::string generatedAt;
    Person person;
    std::vector<PersonDevice> devices;
    // Per device (once each): whether its stored record still matches the checkpoints it signed.
    std::vector<DeviceIntegrity> integrity;
    std::vector<PersonalObservation> observations;
    std::string eventsSince;
    std::size_t eventLimit = 0;
    bool moreEvents = false; // more events in the window than the limit let through
    std::string nextEvents;  // with moreEvents: the cursor that continues after the last one
    std::vector<PersonalEvent> events;
    std::vector<PersonalPolicy> policies;
    std::vector<AccessEvent> accessEvents; // newest first
    std::int64_t accessTotal = 0;
    bool accessIntact = true;
    std::string accessProblem;
    std::vector<PersonalRequest> requests; // newest first
};

// The integrity summary of a device in the set, or null.
const DeviceIntegrity* integrityOf(const PersonalDataSet& data, const std::string& deviceId);

inline constexpr int kMaxPersonalDays = 3660;
inline constexpr std::size_t kMaxPersonalLimit = 20000;
// A view shows the newest events; an export carries the whole window up to the maximum.
inline constexpr std::size_t kDefaultViewLimit = 100;
inline constexpr std::size_t kDefaultExportLimit = kMaxPersonalLimit;

// A place in the events' order (newest first: time, then device id, then newest sequence):
// the events after it are the next page. As text (`?before=`): "TIME,DEVICE,SEQ".
struct EventCursor {
    std::string time;
    std::string deviceId;
    std::int64_t seq = 0;
};
std::string formatEventCursor(const EventCursor& cursor);
std::optional<EventCursor> parseEventCursor(const std::string& text);

struct PersonalDataOptions {
    int days = 365;                        // events of this many days back
    std::size_t limit = kDefaultViewLimit; // at most this many events
    std::optional<EventCursor> after;      // only the events after this one (the next page)
    std::size_t accessLimit = 1000;
    std::size_t requestLimit = 1000;
};

// The person's own export is in their access log too: what "export:<format>", why "self",
// actor role employee, outcome read. An employee reads no one else's data, so an event by the
// role employee with outcome read is always the person's own.
inline constexpr const char* kOwnExportWhy = "self";
bool isOwnEvent(const AccessEvent& event);

// Readable text for one ledger entry, from its kind and payload (parsed: see PersonalEvent).
LocalizedText summarizeEntry(const std::string& kind, const Poco::JSON::Object::Ptr& payload);
LocalizedText summarizeEntry(const std::string& kind, const std::string& payload);

class PersonalData {
public:
    explicit PersonalData(Database& db) : m_db(db) {}

    // Reads the person's data. With `record`, an access event (caller, what, why, read) is
    // appended in the same transaction; do so whenever the caller is not the person and for the
    // person's own exports. An unknown person gives an empty optional (and records nothing).
    Result<std::optional<PersonalDataSet>> read(const std::string& personId, const Caller& caller,
                                                bool record, const std::string& what,
                                                const std::string& why,
                                                const PersonalDataOptions& options = {});

    // A refused attempt at the person's data, recorded in their log when the person exists.
    Status recordRefused(const std::string& personId, const Caller& caller, const std::string& what,
                         const std::string& why);

private:
    Database& m_db;
};

} // namespace indblik::server
