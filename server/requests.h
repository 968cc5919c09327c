#pragma once

// Requests to a human: an employee's question, request for a copy of their data, correction,
// objection or deletion. Each has a status (received -> in_progress -> answered | refused) and a
// due date one calendar month after receipt (GDPR Art. 12(3)), which the DPO may extend once, to
// at most three months after receipt, with a reason recorded within the first month. The
// employee sees status, due date, extension reason and answer; the DPO works through an inbox in
// which overdue requests stand out. A DPO reading a request is an access event in the person's
// log.
//
// Routes: the agent asks for its OS user (agent listener, /api/v1/me/requests?user=NAME); a
// signed-in employee for themself (/api/v1/requests); the DPO through /api/v1/dpo/requests and
// the pages under /dpo/requests.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "database.h"
#include "html.h"
#include "identity.h"
#include "result.h"
#include "router.h"

namespace Poco::Data {
class Session;
}

namespace indblik::server {

inline constexpr std::size_t kMaxRequestSubject = 200;
inline constexpr std::size_t kMaxRequestBody = 10000;
inline constexpr std::size_t kMaxRequestAnswer = 20000;
inline constexpr std::size_t kMaxRequestReason = 2000;
inline constexpr std::size_t kMaxOsUser = 256;
// Art. 12(3): one month, extendable by two further months.
inline constexpr int kRequestMonths = 1;
inline constexpr int kRequestMaxMonths = 3;

// The request types and statuses as stored and sent ("question", "in_progress", ...).
inline constexpr std::string_view kRequestTypes[] = {"question", "copy", "correction", "objection",
                                                     "deletion"};
bool isRequestType(std::string_view type);
inline constexpr std::string_view kStatusReceived = "received";
inline constexpr std::string_view kStatusInProgress = "in_progress";
inline constexpr std::string_view kStatusAnswered = "answered";
inline constexpr std::string_view kStatusRefused = "refused";

// "YYYY-MM-DD" plus months, the same day of the month, clamped to the month's last day (Jan 31 +
// 1 month = Feb 28, or Feb 29 in a leap year). Throws nothing; an unreadable date gives "".
std::string addCalendarMonths(std::string_view isoDate, int months);
// The due time of a request received at receivedAt (ISO-8601 UTC): the end of the day one
// calendar month (or `months`) later, "YYYY-MM-DDT23:59:59.999Z".
std::string requestDueAt(std::string_view receivedAt, int months = kRequestMonths);

struct PersonRequest {
    std::string id;
    std::string personId;
    std::string type;
    std::string subject;
    std::string body;
    std::string status;
    std::string receivedAt;
    std::string dueAt;
    std::string extendedAt; // empty unless extended
    std::string extensionReason;
    std::string assignedTo; // the DPO who opened it first
    std::string answer;     // the answer, or the reason for a refusal
    std::string answeredAt;
    std::string answeredBy;
    std::string updatedAt;

    bool open() const { return status == kStatusReceived || status == kStatusInProgress; }
    // Still open after its due time.
    bool overdue(const std::string& now) const { return open() && now > dueAt; }
};

// The person an OS user on a device is (person_devices: the exact user, else the device's '*'
// row); nullopt when nobody is tied to it.
std::optional<std::string> personForDevice(Poco::Data::Session& session,
                                           const std::string& deviceId, const std::string& osUser);

// The outcome of a change: status is an HTTP status (200 or 201 on success), error says why not.
struct RequestOutcome {
    int status = 200;
    std::string error;
    PersonRequest request;
    bool ok() const { return status < 300; }
};

// Overdue counts for the works council's figures: open requests past their due time, by type.
struct OverdueFigures {
    std::int64_t open = 0;
    std::int64_t overdue = 0;
    std::vector<std::pair<std::string, std::int64_t>> overdueByType; // only types with any
};
Result<OverdueFigures> overdueRequests(Database& db, const std::string& asOf);

class RequestStore {
public:
    using Clock = std::function<std::string()>; // ISO-8601 UTC now
    explicit RequestStore(Database& db, Clock clock = {});

    std::string currentTime() const;

    // A new request from the person (checked: type, subject 1..200 chars, body <= 10,000).
    RequestOutcome create(const std::string& personId, const std::string& type,
                          const std::string& subject, const std::string& body);
    // The person's own requests, newest first.
    Result<std::vector<PersonRequest>> forPerson(const std::string& personId);
    // One of the caller's own requests; 404 for an unknown id and for another person's request
    // (which is recorded as a refused attempt in that person's access log).
    RequestOutcome ownRequest(const std::string& id, const Caller& caller);

    // The DPO's inbox: open requests first (soonest due first), then closed ones (latest first).
    Result<std::vector<PersonRequest>> inbox(std::size_t limit = 500);
    // Opens a request for handling: an access event in the person's log (why "handling request
    // <id>"); a received request becomes in_progress and assigned to the caller.
    RequestOutcome open(const std::string& id, const Caller& caller);
    RequestOutcome answer(const std::string& id, const Caller& caller, const std::string& text);
    RequestOutcome refuse(const std::string& id, const Caller& caller, const std::string& reason);
    // Extends the due date to `months` (2 or 3) after receipt; only once, only with a reason and
    // only while the first month runs.
    RequestOutcome extend(const std::string& id, const Caller& caller, const std::string& reason,
                          int months = kRequestMaxMonths);

private:
    // Runs change on the open request inside one transaction, with the access event.
    RequestOutcome
    change(const std::string& id, const Caller& caller, const std::string& what,
           const std::function<RequestOutcome(Poco::Data::Session&, PersonRequest&)>& apply);

    Database& m_db;
    Clock m_clock;
};

// A request's type and status in plain words ("Copy of my data", "In progress — OVERDUE"), for
// the employee's and the DPO's pages.
std::string requestTypeLabel(html::Lang lang, const std::string& type);
std::string requestStatusLabel(html::Lang lang, const PersonRequest& request,
                               const std::string& now);

// JSON for a request as the employee or the DPO sees it ("overdue" computed at now).
std::string requestJson(const PersonRequest& request, const std::string& now,
                        bool withPerson = false);

class RequestsApi {
public:
    RequestsApi(Database& db, RequestStore& store) : m_db(db), m_store(store) {}

    // Agent listener: the device's OS user ?user=NAME.
    Reply agentCreate(const Request& request);
    Reply agentList(const Request& request);
    Reply agentShow(const Request& request);
    // Public listener, a signed-in employee.
    Reply employeeCreate(const Request& request);
    Reply employeeList(const Request& request);
    Reply employeeShow(const Request& request);
    // Public listener, role dpo.
    Reply dpoList(const Request& request);
    Reply dpoShow(const Request& request);
    Reply dpoAnswer(const Request& request);
    Reply dpoExtend(const Request& request);
    Reply dpoRefuse(const Request& request);
    // The DPO's pages (Danish/English) and their form posts.
    Reply dpoListPage(const Request& request);
    Reply dpoShowPage(const Request& request);
    Reply dpoFormPost(const Request& request, const std::string& action);

private:
    // The caller as the person the agent's OS user is, or the reply that refuses.
    std::variant<Caller, Reply> agentPerson(const Request& request);
    Reply create(const Caller& person, const std::string& body);
    Reply list(const Caller& person);
    Reply show(const Caller& person, const std::string& id);
    // The DPO's action on {id}, from a JSON body or a form.
    Reply act(const Caller& caller, const std::string& id, const std::string& action,
              const std::string& text, int months);
    // A caller who is not the DPO: 403, recorded in the request's person's log when it exists.
    Reply refuseNonDpo(const Request& request, const std::string& id);

    Database& m_db;
    RequestStore& m_store;
};

void addRequestRoutes(Router& router, RequestsApi& api);

} // namespace indblik::server
