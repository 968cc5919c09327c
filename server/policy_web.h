#pragma once

// The policy lifecycle as web pages (Danish and English): the DPO drafts, announces and retires
// policies at /dpo/policies; a works-council member reads the announced versions and records the
// council's position at /council/policies. The rules (notice, widening, who may do what when)
// are PolicyLifecycle's: these pages show its state, ask for its input and show its refusals.
// Every form POSTs the session's CSRF token and answers 303 back to a page when it succeeded.

#include "accounts.h"
#include "policy_lifecycle.h"
#include "router.h"

namespace indblik::server {

class PolicyWeb {
public:
    PolicyWeb(Database& db, PolicyLifecycle& lifecycle, AccountStore& accounts)
        : m_db(db), m_lifecycle(lifecycle), m_accounts(accounts) {}

    Reply dpoList(const Request& request);       // GET /dpo/policies
    Reply dpoDraftForm(const Request& request);  // GET /dpo/policies/new[?from=ID&version=N]
    Reply dpoDraft(const Request& request);      // POST /dpo/policies/new (field "document")
    Reply dpoVersion(const Request& request);    // GET /dpo/policies/{id}/{version}
    Reply dpoAnnounce(const Request& request);   // POST /dpo/policies/{id}/announce
    Reply dpoRetireForm(const Request& request); // GET /dpo/policies/{id}/retire (confirm)
    Reply dpoRetire(const Request& request);     // POST /dpo/policies/{id}/retire

    Reply councilList(const Request& request);     // GET /council/policies
    Reply councilVersion(const Request& request);  // GET /council/policies/{id}/{version}
    Reply councilPosition(const Request& request); // POST .../{id}/{version}/position

private:
    struct FormState; // what was typed into a form that was refused, and why
    Reply dpoVersionPage(const Request& request, const std::string& policyId, std::int64_t version,
                         const FormState& form);
    Reply councilVersionPage(const Request& request, const std::string& policyId,
                             std::int64_t version, const FormState& form);
    Reply draftFormPage(const Request& request, const FormState& form);

    Database& m_db;
    PolicyLifecycle& m_lifecycle;
    AccountStore& m_accounts;
};

// The pages above; the JSON routes are addPolicyRoutes'.
void addPolicyWebRoutes(Router& router, PolicyWeb& web);

} // namespace indblik::server
