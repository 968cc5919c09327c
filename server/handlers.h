#pragma once

// HTTP plumbing shared by both listeners: one Poco handler factory per listener dispatches
// through the Router. It answers unknown routes 404 and wrong methods 405, reads the body
// within the route's limit (413 beyond), asks the Authenticator for the caller, calls the
// route's handler and writes its Reply with the security headers every answer carries.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "router.h"

namespace indblik::server {

class DispatchFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    DispatchFactory(const Router& router, Listener listener, Authenticator& authenticator)
        : m_router(router), m_listener(listener), m_authenticator(authenticator) {}
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    const Router& m_router;
    Listener m_listener;
    Authenticator& m_authenticator;
};

} // namespace indblik::server
