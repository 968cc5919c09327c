#pragma once

// The employee's own requests as web pages, for employees without an agent (a web account tied
// to their person):
//
//   GET  /me/requests          their requests, newest first, and the form for a new one
//   POST /me/requests          the form (type, subject, text, csrf): 303 to the new request
//   GET  /me/requests/{id}     one request: status, due date, extension, answer, history
//
// The rules (types, lengths, due dates, who may see a request) are RequestStore's; these pages
// only show them. Another person's request id answers 404 like an unknown one, and the attempt
// is recorded in that person's access log (RequestStore::ownRequest).

#include "database.h"
#include "requests.h"
#include "router.h"

namespace indblik::server {

class SelfRequestPages {
public:
    SelfRequestPages(Database& db, RequestStore& store) : m_db(db), m_store(store) {}

    Reply listPage(const Request& request);
    Reply create(const Request& request);
    Reply showPage(const Request& request);

private:
    // The list and the form; the form keeps what was typed when it comes back with an error.
    Reply page(const Request& request, int status, const std::string& error,
               const std::string& type, const std::string& subject, const std::string& text);

    Database& m_db;
    RequestStore& m_store;
};

void addSelfRequestRoutes(Router& router, SelfRequestPages& pages);

} // namespace indblik::server
