#pragma once

// The routes that answer with one person's data:
//
//   agent listener (the device's certificate; ?user= is the OS user the agent vouches for)
//     GET /api/v1/me?user=NAME                         the person's data as JSON
//     GET /api/v1/me/export?user=NAME&format=F         an export (ndjson, csv, html)
//   public listener, signed in as an employee (their own data only)
//     GET /me                                          a page (Danish or English)
//     GET /api/v1/people/me                            JSON
//     GET /me/export?format=F                          a download
//   public listener, the data protection officer, with a reason in the body of a POST (never in
//   the address: it would stay in browser history, proxies and logs; and a GET records nothing)
//     GET  /dpo/people?q=TEXT                          find a person: names and numbers only
//     GET  /people/{person}                            the form asking why (records nothing)
//     POST /people/{person}                            form: why, csrf, days?, limit?  -> a page
//     POST /api/v1/people/{person}/data                {"why": ..., "days"?: N, "limit"?: N}
//     POST /api/v1/people/{person}/export              {"why": ..., "format": F, "days"?, ...}
//   The POSTs take a JSON object (Content-Type application/json) or a form
//   (application/x-www-form-urlencoded) with the same fields, and the session's CSRF token
//   (X-CSRF-Token header or the form field csrf; checked by SessionAuthenticator).
//
// Each DPO read is an access event in the person's log, recorded in the read's transaction; so
// is the person's own export (why "self"). Anyone else (council, admin, another employee) is
// refused — 403, or 404 for an employee so ids cannot be probed — and the attempt is recorded in
// the person's log as refused; so is a DPO's read without a usable reason. Options: days
// (1..3660, default 365) and limit (1..20000; default 200 for a view, 20000 for an export) bound
// the events.

#include <string>
#include <variant>

#include "database.h"
#include "export.h"
#include "people.h"
#include "personal_data.h"
#include "router.h"

namespace indblik::server {

class PersonalDataApi {
public:
    explicit PersonalDataApi(Database& db) : m_people(db), m_data(db) {}

    Reply agentData(Request& request);
    Reply agentExport(Request& request);
    Reply ownPage(Request& request);
    Reply ownJson(Request& request);
    Reply ownExport(Request& request);
    Reply personJson(Request& request);   // POST
    Reply personPage(Request& request);   // POST
    Reply personExport(Request& request); // POST
    Reply personForm(Request& request);   // GET /people/{person}: the form asking why
    Reply findPage(Request& request);     // GET /dpo/people?q=

    // The employee an agent asks for: the device's caller with the person the OS user in
    // ?user= is tied to; 400 for a malformed user, 404 when nobody is tied.
    std::variant<Caller, Reply> agentCaller(const Request& request);

private:
    enum class Output { Json, Page, Export };
    // What a read asks for, as sent: from the query (the person's own routes) or from the body
    // (the DPO's POSTs); problem says what in the body could not be read.
    struct Asked {
        std::string why, days, limit, format;
        std::string problem;
    };
    static Asked fromQuery(const Request& request);
    static Asked fromBody(const Request& request);

    Reply serve(Request& request, const Caller& caller, const std::string& personId, Output output,
                const Asked& asked, const std::string& exportBase = {});
    // Records a refused attempt in the person's log (nothing when there is no such person);
    // false when it could not be recorded.
    bool recordRefusal(const std::string& personId, const Caller& caller, const std::string& what,
                       const std::string& reason, const std::string& message);
    // The DPO's form asking why, for a person who exists; message is an error to show above it.
    Reply reasonForm(const Request& request, const std::string& personId, int status,
                     const std::string& message, const Asked& asked);

    PeopleStore m_people;
    PersonalData m_data;
};

void addPersonalDataRoutes(Router& router, PersonalDataApi& api);

} // namespace indblik::server
