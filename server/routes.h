#pragma once

// Every route the server serves, registered in one place so that the server and the security
// tests (security_test.cpp: the role matrix, metacharacters in every parameter, 413 on every
// body limit) see exactly the same routes. A part of the server adds its API object to Services
// and its add...Routes call to addAllRoutes.

#include <string>

#include "api.h"
#include "council_web.h"
#include "database.h"
#include "personal_routes.h"
#include "policy_lifecycle.h"
#include "policy_web.h"
#include "renewal.h"
#include "requests.h"
#include "router.h"
#include "self_requests.h"
#include "server_store.h"
#include "web_auth.h"

namespace indblik::server {

// The objects the routes' handlers call, built once per server process (they keep no state
// another process needs).
class Services {
public:
    // agentPort is where enrolled devices sync (it goes into enrollment answers); client
    // certificates are issued (at enrollment and renewal) for certLifetime.
    Services(Database& db, ServerStore& store, std::string caCertPem, std::string caKeyPem,
             int agentPort, std::chrono::seconds certLifetime = kClientCertLifetime);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    Database& db;
    ServerStore& store;
    EnrollmentApi enrollment;
    SyncApi sync;
    CertificateRenewal certificateRenewal;
    RenewalApi renewal;
    DeviceAuthenticator devices;
    PersonalDataApi personalData;
    RequestStore requestStore;
    RequestsApi requests;
    SelfRequestPages selfRequests;
    PolicyLifecycle policyLifecycle;
    PolicyApi policies;
    AccountStore accounts;
    SessionAuthenticator sessions;
    WebAuth webAuth;
    PolicyWeb policyWeb;
    CouncilReportWeb councilReports;
};

void addAllRoutes(Router& router, Services& services);

} // namespace indblik::server
