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
//   public listener, the data protection officer, with a reason (?why=, required)
//     GET /api/v1/people/{person}/data?why=...         JSON
//     GET /people/{person}?why=...                     a page (without a reason: a form asking)
//     GET /api/v1/people/{person}/export?format=F&why= a download (for a copy request)
//
// Each DPO read is an access event in the person's log, recorded in the read's transaction; so
// is the person's own export (why "self"). Anyone else (council, admin, another employee) is
// refused — 403, or 404 for an employee so ids cannot be probed — and the attempt is recorded in
// the person's log as refused. Options: days (1..3660, default 365) and limit (1..20000;
// default 200 for a view, 20000 for an export) bound the events.

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
    Reply personJson(Request& request);
    Reply personPage(Request& request);
    Reply personExport(Request& request);

    // The employee an agent asks for: the device's caller with the person the OS user in
    // ?user= is tied to; 400 for a malformed user, 404 when nobody is tied.
    std::variant<Caller, Reply> agentCaller(const Request& request);

private:
    enum class Output { Json, Page, Export };
    Reply serve(Request& request, const Caller& caller, const std::string& personId, Output output,
                const std::string& exportBase = {});

    PeopleStore m_people;
    PersonalData m_data;
};

void addPersonalDataRoutes(Router& router, PersonalDataApi& api);

} // namespace indblik::server
