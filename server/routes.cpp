#include "routes.h"

namespace indblik::server {

Services::Services(Database& db_, ServerStore& store_, std::string caCertPem, std::string caKeyPem,
                   int agentPort)
    : db(db_), store(store_),
      enrollment(store_, std::move(caCertPem), std::move(caKeyPem), agentPort), sync(store_),
      devices(store_) {}

void addAllRoutes(Router& router, Services& services) {
    addEnrollmentRoutes(router, services.enrollment);
    addSyncRoutes(router, services.sync);
}

} // namespace indblik::server
