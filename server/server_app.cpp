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
#include <Poco/ThreadPool.h>

#include "admin.h"
#include "api.h"
#include "council_alerts.h"
#include "data_dir.h"
#include "database.h"
#include "file_util.h"
#include "handlers.h"
#include "integrity.h"
#include "pki.h"
#include "retention.h"
#include "router.h"
#include "routes.h"
#include "schema.h"
#include "server_limits.h"
#include "server_store.h"
#include "web_auth.h"

namespace indblik::server {
namespace {

constexpr std::size_t kMaxPemBytes = 64 * 1024;
// Poco's own accept queue is this many times limits.maxQueued plus the slack (see
// makeHttpParams); the kernel's backlog in front of it only fills if accepting stalls.
constexpr int kPocoQueueFactor = 4;
constexpr int kPocoQueueSlack = 1024;
constexpr int kListenBacklog = 1024;

} // namespace

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

Poco::Net::HTTPServerParams::Ptr makeHttpParams(const ServerLimits& limits) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(limits.maxThreads);
    // Poco closes connections beyond its queue without a word. Its queue is made much longer
    // than limits.maxQueued, so the dispatcher sees the crowd first and answers 503 with
    // Retry-After (DispatchGuards::maxQueued); the file descriptor limit bounds it in the end.
    params->setMaxQueued(kPocoQueueFactor * limits.maxQueued + kPocoQueueSlack);
    // Keep-alive saves agents and browsers handshakes, but an idle connection keeps its thread:
    // shortly only, and not at all while others wait (the dispatcher closes then).
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(limits.keepAliveSeconds, 0));
    params->setMaxKeepAliveRequests(100);
    params->setTimeout(Poco::Timespan(limits.timeoutSeconds, 0));
    params->setThreadIdleTime(Poco::Timespan(60, 0));
    params->setSoftwareVersion(std::string("indblik-server/") + INDBLIK_VERSION);
    return params;
}

namespace {

// Who the caller of a route is: devices by their certificate; web accounts by their session.
class ServerAuthenticator : public Authenticator {
public:
    ServerAuthenticator(DeviceAuthenticator& devices, SessionAuthenticator& sessions)
        : m_devices(devices), m_sessions(sessions) {}
    std::variant<Caller, Reply> authenticate(Request& request, const Route& route) override {
        if (route.access == Access::Device) {
            return m_devices.authenticate(request);
        }
        return m_sessions.authenticate(request, route);
    }

private:
    DeviceAuthenticator& m_devices;
    SessionAuthenticator& m_sessions;
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
    // The alert settings first: a bad one stops the start with a message naming it.
    AlertSettings alertSettings;
    if (!m_options.alertsConfig.empty()) {
        auto read = readAlertSettings(m_options.alertsConfig);
        if (!read) {
            log.fatal(read.error());
            return EXIT_CONFIG;
        }
        alertSettings = std::move(read).value();
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
            kListenBacklog, makeServerContext(dir, true));
        Poco::Net::SecureServerSocket enrollSocket(
            Poco::Net::SocketAddress(m_options.listen,
                                     static_cast<Poco::UInt16>(m_options.enrollPort)),
            kListenBacklog, makeServerContext(dir, false));
        const int agentPort = agentSocket.address().port();
        const int enrollPort = enrollSocket.address().port();

        Services services(*db.value(), store, caCert.value(), caKey.value(), agentPort,
                          m_options.deviceCertLifetime);
        ServerAuthenticator authenticator(services.devices, services.sessions);
        Router router;
        addAllRoutes(router, services);
        // Every hour; idempotent, so several server processes may each run it.
        RetentionScheduler retention(*db.value());
        // Daily: the full check of every device's stored record against its signed checkpoints.
        IntegrityScheduler integrity(*db.value());
        // At start and then every interval: the council's alerts recorded, new ones mailed.
        CouncilAlertScheduler alerts(*db.value(), alertSettings);

        // Each listener has its own threads (Poco's default pool has 16 for the whole process)
        // and the dispatcher enforces the limits before any route runs.
        const ServerLimits& limits = m_options.limits;
        RateLimiter rateLimiter(limits.ratePerSecond, limits.burst);
        DispatchGuards guards;
        guards.rateLimiter = &rateLimiter;
        guards.maxQueued = limits.maxQueued;
        guards.accessLog = db.value().get();
        Poco::ThreadPool agentThreads(1, limits.maxThreads);
        Poco::ThreadPool enrollThreads(1, limits.maxThreads);
        auto* agentFactory = new DispatchFactory(router, Listener::Agent, authenticator, guards);
        auto* enrollFactory = new DispatchFactory(router, Listener::Public, authenticator, guards);
        Poco::Net::HTTPServer agentServer(agentFactory, agentThreads, agentSocket,
                                          makeHttpParams(limits));
        Poco::Net::HTTPServer enrollServer(enrollFactory, enrollThreads, enrollSocket,
                                           makeHttpParams(limits));
        agentFactory->watch(&agentServer);
        enrollFactory->watch(&enrollServer);
        agentServer.start();
        enrollServer.start();
        retention.start();
        integrity.start();
        alerts.start();

        // The line first (flushed), then the file: whoever waits for the file sees the line too.
        const std::string host = displayHost(m_options.listen);
        std::cout << "indblik-server: listening: agents https://" << host << ":" << agentPort
                  << ", enrollment https://" << host << ":" << enrollPort << std::endl;
        Poco::JSON::Object listening;
        listening.set("agent_port", agentPort);
        listening.set("enroll_port", enrollPort);
        listening.set("pid", static_cast<Poco::Int64>(::getpid()));
        std::ostringstream text;
        listening.stringify(text);
        if (auto s = writeFileAtomically(dir.listening(), text.str() + "\n", 0644); !s) {
            log.error(s.error());
        }
        log.information("serving agents on port %d and enrollment on port %d, data in %s",
                        agentPort, enrollPort, dir.root);
        std::ostringstream rate;
        rate << limits.ratePerSecond << " requests/s per client (burst " << limits.burst << ")";
        log.information("council alerts: every %ld s, %s", alertSettings.intervalSeconds,
                        alertSettings.mail()
                            ? "mailed through " + alertSettings.smtp.host + ":" +
                                  std::to_string(alertSettings.smtp.port) +
                                  (alertSettings.smtp.starttls ? " (STARTTLS)" : "")
                            : std::string("recorded, not mailed (no SMTP set)"));
        log.information("limits: %s, %d threads and %d waiting connections per listener",
                        limits.ratePerSecond > 0 ? rate.str() : std::string("no rate limit"),
                        limits.maxThreads, limits.maxQueued);

        waitForTerminationRequest();
        log.information("stopping");
        retention.stop();
        integrity.stop();
        alerts.stop();
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
