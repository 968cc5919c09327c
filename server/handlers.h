#pragma once

// HTTP plumbing for the two listeners: one handler class per route, a factory per listener that
// routes by method and path and answers anything else with an explicit 404 or 405 handler.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "api.h"

namespace indblik::server {

// Answers a fixed status with {"error": ...}: unknown routes (404) and wrong methods (405).
class ErrorHandler : public Poco::Net::HTTPRequestHandler {
public:
    ErrorHandler(int status, std::string message);
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    int m_status;
    std::string m_message;
};

class CaCertificateHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit CaCertificateHandler(const EnrollmentApi& api) : m_api(api) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    const EnrollmentApi& m_api;
};

class EnrollHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit EnrollHandler(EnrollmentApi& api) : m_api(api) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    EnrollmentApi& m_api;
};

class SyncHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit SyncHandler(SyncApi& api) : m_api(api) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    SyncApi& m_api;
};

// Enrollment listener (no client certificate): GET /api/v1/ca, POST /api/v1/enroll.
class EnrollRequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit EnrollRequestHandlerFactory(EnrollmentApi& api) : m_api(api) {}
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    EnrollmentApi& m_api;
};

// Agent listener (client certificate required by TLS): POST /api/v1/sync.
class AgentRequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit AgentRequestHandlerFactory(SyncApi& api) : m_api(api) {}
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    SyncApi& m_api;
};

} // namespace indblik::server
