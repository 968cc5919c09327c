#include "routes.h"

#include "council_report.h"
#include "ledger.h"

namespace indblik::server {

namespace {

// The council's home page shows how many alerts it has; computed on each visit.
WebAuthOptions webAuthOptions(Database& db) {
    WebAuthOptions o;
    o.councilAlertCount = [&db] {
        auto alerts = councilAlerts(db, nowIso8601());
        return alerts ? static_cast<int>(alerts.value().size()) : 0;
    };
    return o;
}

} // namespace

Services::Services(Database& db_, ServerStore& store_, std::string caCertPem, std::string caKeyPem,
                   int agentPort, std::chrono::seconds certLifetime)
    : db(db_), store(store_), enrollment(store_, caCertPem, caKeyPem, agentPort, certLifetime),
      sync(store_),
      certificateRenewal(db_, std::move(caCertPem), std::move(caKeyPem), certLifetime),
      renewal(certificateRenewal), devices(store_), personalData(db_), requestStore(db_),
      requests(db_, requestStore), selfRequests(db_, requestStore), policyLifecycle(db_),
      policies(policyLifecycle), accounts(db_), sessions(accounts, db_),
      webAuth(accounts, webAuthOptions(db_)), policyWeb(db_, policyLifecycle, accounts),
      councilReports(db_) {}

void addAllRoutes(Router& router, Services& services) {
    addEnrollmentRoutes(router, services.enrollment);
    addSyncRoutes(router, services.sync);
    addRenewalRoutes(router, services.renewal);
    addPersonalDataRoutes(router, services.personalData);
    addRequestRoutes(router, services.requests);
    addSelfRequestRoutes(router, services.selfRequests);
    addPolicyRoutes(router, services.policies);
    addPolicyWebRoutes(router, services.policyWeb);
    addCouncilReportRoutes(router, services.councilReports);
    addWebAuthRoutes(router, services.webAuth);
}

} // namespace indblik::server
