#include "server_app.h"

#include <csignal>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Environment.h>
#include <Poco/FormattingChannel.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/PatternFormatter.h>

#include "admin.h"
#include "api.h"
#include "data_dir.h"
#include "database.h"
#include "file_util.h"
#include "handlers.h"
#include "personal_routes.h"
#include "pki.h"
#include "policy_lifecycle.h"
#include "requests.h"
#include "retention.h"
#include "router.h"
#include "schema.h"
#include "server_store.h"

namespace indblik::server {
namespace {

constexpr std::size_t kMaxPemBytes = 64 * 1024;

// Both listeners use the server certificate and refuse anything older than TLS 1.2. The agent
// listener also demands a client certificate from our own CA (VERIFY_STRICT fails the handshake
// without one); nothing else is trusted: no system CAs.
Poco::Net::Context::Ptr makeServerContext(const DataDir& dir, bool requireClientCertificate) {
    Poco::Net::Context::Params params;
    params.privateKeyFile = dir.serverKey();
    params.certificateFile = dir.serverCert();
    params.loadDefaultCAs = false;
    params.cipherList = pki::kTlsCipherList;
    if (requireClientCertificate) {
        params.caLocation = dir.caCert();
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.verificationDepth = 2;
    } else {
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    }
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                              Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    context->preferServerCiphers();
    context->enableSessionCache(false);
    context->disableStatelessSessionResumption();
    context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(true));
    // Poco's "extended" check would match the client's certificate against the client's IP
    // address and drop every agent; devices are named by the certificate's CN, checked per
    // request against the devices table instead.
    context->enableExtendedCertificateVerification(false);
    return context;
}

Poco::Net::HTTPServerParams::Ptr makeHttpParams() {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    params->setMaxQueued(64);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(15, 0));
    params->setMaxKeepAliveRequests(100);
    params->setTimeout(Poco::Timespan(30, 0));
    params->setSoftwareVersion(std::string("indblik-server/") + INDBLIK_VERSION);
    return params;
}

// Who the caller of a route is: devices by their certificate; web accounts by their session.
class ServerAuthenticator : public Authenticator {
public:
    explicit ServerAuthenticator(DeviceAuthenticator& devices) : m_devices(devices) {}
    std::variant<Caller, Reply> authenticate(Request& request, const Route& route) override {
        if (route.access == Access::Device) {
            return m_devices.authenticate(request);
        }
        return errorReply(401, "sign in first");
    }

private:
    DeviceAuthenticator& m_devices;
};

std::string displayHost(const std::string& listen) {
    if (listen == "0.0.0.0" || listen == "::" || listen.empty()) {
        return Poco::Environment::nodeName();
    }
    return listen.find(':') != std::string::npos ? "[" + listen + "]" : listen;
}

} // namespace

void blockTerminationSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ServerApp::ServerApp(RunOptions options) : m_options(std::move(options)) {}

int ServerApp::main(const std::vector<std::string>&) {
    // Logs go to stderr (journald under systemd); stdout carries only the "listening" line.
    // Set here, after Application::init, which installs its own console channel.
    Poco::AutoPtr<Poco::PatternFormatter> formatter(
        new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t"));
    Poco::AutoPtr<Poco::FormattingChannel> channel(
        new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel(std::cerr)));
    Poco::Logger::setChannel("", channel);
    Poco::Logger::setLevel("", Poco::Message::PRIO_INFORMATION);

    auto& log = Poco::Logger::get("indblik.server");
    const DataDir dir{m_options.dataDir};
    if (auto s = prepareDataDir(dir, m_options.hostnames); !s) {
        log.fatal(s.error());
        return EXIT_CONFIG;
    }
    auto db = Database::open(databaseLocation(dir, m_options.database), serverMigrations(), 16);
    if (!db) {
        log.fatal(db.error());
        return EXIT_CONFIG;
    }
    ServerStore store(*db.value());
    auto caCert = readFile(dir.caCert(), kMaxPemBytes);
    auto caKey = readFile(dir.caKey(), kMaxPemBytes);
    if (!caCert || !caKey) {
        log.fatal(!caCert ? caCert.error() : caKey.error());
        return EXIT_CONFIG;
    }
    Poco::Net::initializeSSL();
    int status = EXIT_OK;
    try {
        Poco::Net::SecureServerSocket agentSocket(
            Poco::Net::SocketAddress(m_options.listen,
                                     static_cast<Poco::UInt16>(m_options.agentPort)),
            64, makeServerContext(dir, true));
        Poco::Net::SecureServerSocket enrollSocket(
            Poco::Net::SocketAddress(m_options.listen,
                                     static_cast<Poco::UInt16>(m_options.enrollPort)),
            64, makeServerContext(dir, false));
        const int agentPort = agentSocket.address().port();
        const int enrollPort = enrollSocket.address().port();

        EnrollmentApi enrollApi(store, caCert.value(), caKey.value(), agentPort);
        SyncApi syncApi(store);
        DeviceAuthenticator devices(store);
        ServerAuthenticator authenticator(devices);
        Router router;
        addEnrollmentRoutes(router, enrollApi);
        addSyncRoutes(router, syncApi);
        PersonalDataApi personalApi(*db.value());
        addPersonalDataRoutes(router, personalApi);
        RequestStore requestStore(*db.value());
        RequestsApi requestsApi(*db.value(), requestStore);
        addRequestRoutes(router, requestsApi);
        PolicyLifecycle policyLifecycle(*db.value());
        PolicyApi policyApi(policyLifecycle);
        addPolicyRoutes(router, policyApi);
        // Every hour; idempotent, so several server processes may each run it.
        RetentionScheduler retention(*db.value());
        Poco::Net::HTTPServer agentServer(
            new DispatchFactory(router, Listener::Agent, authenticator), agentSocket,
            makeHttpParams());
        Poco::Net::HTTPServer enrollServer(
            new DispatchFactory(router, Listener::Public, authenticator), enrollSocket,
            makeHttpParams());
        agentServer.start();
        enrollServer.start();
        retention.start();

        Poco::JSON::Object listening;
        listening.set("agent_port", agentPort);
        listening.set("enroll_port", enrollPort);
        listening.set("pid", static_cast<Poco::Int64>(::getpid()));
        std::ostringstream text;
        listening.stringify(text);
        if (auto s = writeFileAtomically(dir.listening(), text.str() + "\n", 0644); !s) {
            log.error(s.error());
        }
        const std::string host = displayHost(m_options.listen);
        std::cout << "indblik-server: listening: agents https://" << host << ":" << agentPort
                  << ", enrollment https://" << host << ":" << enrollPort << std::endl;
        log.information("serving agents on port %d and enrollment on port %d, data in %s",
                        agentPort, enrollPort, dir.root);

        waitForTerminationRequest();
        log.information("stopping");
        retention.stop();
        agentServer.stopAll(true);
        enrollServer.stopAll(true);
        ::unlink(dir.listening().c_str());
    } catch (const Poco::Exception& e) {
        log.fatal("cannot serve: %s", e.displayText());
        status = EXIT_SOFTWARE;
    }
    Poco::Net::uninitializeSSL();
    return status;
}

} // namespace indblik::server
