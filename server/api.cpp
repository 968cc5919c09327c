#include "api.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>

#include "integrity.h"
#include "json_reader.h"
#include "ledger.h"
#include "people.h"
#include "pki.h"
#include "policy_lifecycle.h"

namespace indblik::server {
namespace {

int statusFor(Refusal refusal) {
    switch (refusal) {
    case Refusal::None:
        return 200;
    case Refusal::BadRequest:
        return 400;
    case Refusal::Forbidden:
        return 403;
    case Refusal::Conflict:
        return 409;
    case Refusal::Internal:
        break;
    }
    return 500;
}

std::string toJson(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

} // namespace

EnrollmentApi::EnrollmentApi(ServerStore& store, std::string caCertPem, std::string caKeyPem,
                             int agentPort, std::chrono::seconds certLifetime)
    : m_store(store), m_caCert(std::move(caCertPem)), m_caKey(std::move(caKeyPem)),
      m_agentPort(agentPort), m_certLifetime(certLifetime) {}

Reply EnrollmentApi::caCertificate() const {
    return {200, m_caCert, "application/x-pem-file"};
}

Reply EnrollmentApi::enroll(const std::string& body, const std::string& requestHost) {
    auto& log = Poco::Logger::get("indblik.server.enroll");
    EnrollRequest request;
    try {
        request = parseEnrollRequest(body);
    } catch (const json::ParseError& e) {
        return errorReply(400, std::string("enrollment request: ") + e.what());
    }
    const std::string& token = request.token;
    const std::string& csr = request.csr;
    const std::string& hostname = request.hostname;
    const std::string host = hostFromHeader(requestHost);
    if (host.empty()) {
        return errorReply(400, "enrollment request: missing or malformed Host header");
    }
    auto outcome = m_store.enrollDevice(token, hostname, [&](const std::string& deviceId) {
        return pki::signClientCertificate(csr, m_caCert, m_caKey, deviceId, m_certLifetime);
    });
    if (outcome.refusal != Refusal::None) {
        log.warning("enrollment of \"%s\" refused: %s", hostname, outcome.error);
        return errorReply(statusFor(outcome.refusal), outcome.error);
    }
    log.information("enrolled device %s (%s), certificate serial %s", outcome.device.id, hostname,
                    outcome.device.serial);
    Poco::JSON::Object answer;
    answer.set("device_id", outcome.device.id);
    answer.set("certificate", outcome.certificatePem);
    answer.set("ca", m_caCert);
    answer.set("agent_url", "https://" + host + ":" + std::to_string(m_agentPort));
    return {200, toJson(answer)};
}

SyncApi::SyncApi(ServerStore& store) : m_store(store) {}

std::variant<Caller, Reply> DeviceAuthenticator::authenticate(const Request& request) {
    auto& log = Poco::Logger::get("indblik.server.auth");
    if (request.peerCertPem.empty()) {
        return errorReply(403, "a client certificate is required");
    }
    auto peer = pki::inspectCertificate(request.peerCertPem);
    if (!peer) {
        return errorReply(403, "cannot read the client certificate: " + peer.error());
    }
    auto device = m_store.findDevice(peer->commonName);
    if (!device) {
        log.error(device.error());
        return errorReply(500, "cannot look up the device");
    }
    const bool current = device.value() && device.value()->serial == peer->serial;
    // The certificate the device renewed from, while the new one was never used.
    const bool previous = device.value() && !device.value()->previousSerial.empty() &&
                          device.value()->previousSerial == peer->serial;
    if (!current && !previous) {
        log.warning("%s refused: certificate for \"%s\" (serial %s) is not the current one of an "
                    "enrolled device",
                    request.path, peer->commonName, peer->serial);
        return errorReply(403, "this client certificate does not belong to an enrolled device",
                          kReasonUnknownCertificate);
    }
    if (device.value()->revokedAt) {
        log.warning("%s refused: device %s was revoked", request.path, peer->commonName);
        return errorReply(403, "this device's certificate was revoked", kReasonRevoked);
    }
    if (current && !device.value()->previousSerial.empty()) {
        // The renewed certificate is in use: the one before it is refused from now on.
        if (auto forgot = m_store.forgetPreviousSerial(device.value()->id, peer->serial); !forgot) {
            log.error(forgot.error());
            return errorReply(500, "cannot look up the device");
        }
        log.information("device %s uses its renewed certificate (serial %s); serial %s is no "
                        "longer accepted",
                        device.value()->id, peer->serial, device.value()->previousSerial);
    }
    Caller caller;
    caller.role = Role::Employee;
    caller.deviceId = device.value()->id;
    caller.actorId = "device:" + device.value()->id;
    caller.name = device.value()->hostname;
    return caller;
}

Reply SyncApi::sync(const Request& request) {
    const Poco::Timestamp arrived;
    auto& log = Poco::Logger::get("indblik.server.ingest");
    const std::string& deviceId = request.caller->deviceId;
    const std::string& body = request.body;
    // The device's clock, read before the batch is stored; agents that do not send it keep the
    // offset measured last.
    std::optional<std::int64_t> skew;
    if (request.http != nullptr && request.http->has(kDeviceTimeHeader)) {
        auto measured = clockSkewSeconds(request.http->get(kDeviceTimeHeader), arrived);
        if (!measured) {
            return errorReply(400, measured.error());
        }
        skew = measured.value();
    }
    SyncBatch batch;
    try {
        batch = parseSyncBatch(body);
    } catch (const json::ParseError& e) {
        return errorReply(400, std::string("sync batch: ") + e.what());
    }
    const IngestOutcome outcome =
        m_store.ingest(deviceId, batch.entries, batch.checkpoints, request.peerCertPem);
    if (outcome.refusal != Refusal::None) {
        log.warning("batch from device %s refused: %s", deviceId, outcome.error);
        return errorReply(statusFor(outcome.refusal), "batch refused: " + outcome.error);
    }
    if (outcome.stored > 0) {
        log.information("device %s: stored %z entries (%z duplicates), acked %Ld", deviceId,
                        outcome.stored, outcome.skipped, outcome.acked);
    }
    if (skew) {
        if (clockIsOff(skew)) {
            log.warning("device %s: its clock is %Ld s %s the server's", deviceId,
                        static_cast<Poco::Int64>(*skew < 0 ? -*skew : *skew),
                        std::string(*skew < 0 ? "behind" : "ahead of"));
        }
        if (auto kept = m_store.recordClock(deviceId, *skew, nowIso8601()); !kept) {
            log.error(kept.error());
            return errorReply(500, "cannot record the device's clock");
        }
    }
    if (outcome.checkpointsStored > 0) {
        log.information("device %s: kept %z signed checkpoint(s), up to %Ld", deviceId,
                        outcome.checkpointsStored, outcome.checkpointSeq);
    }
    // The policies in effect now, and those announced to take effect later.
    auto policies = policiesForAgents(m_store.database(), nowIso8601());
    if (!policies) {
        log.error(policies.error());
        return errorReply(500, "cannot read the published policies");
    }
    std::string answer = syncAnswer(outcome.acked, policies.value());
    // Per person tied to this device: how many access events others caused in their log and
    // the newest one's time, so the tray can tell them (agents ignore fields they do not know).
    auto people = linkedAccessSummary(m_store.database(), deviceId);
    if (!people) {
        log.error(people.error());
        return errorReply(500, "cannot read the access summary");
    }
    answer.pop_back(); // the closing brace
    answer += ",\"people\":" + linkedAccessJson(people.value());
    // The highest checkpoint kept for the device: the agent marks those up to it sent.
    answer += ",\"checkpoint_seq\":" + std::to_string(outcome.checkpointSeq);
    // Our time, so the agent can tell how far off its own clock is.
    answer += ",\"server_time\":\"" + nowIso8601() + "\"}";
    return {200, std::move(answer)};
}

} // namespace indblik::server

namespace indblik::server {

void addEnrollmentRoutes(Router& router, EnrollmentApi& api) {
    Route ca;
    ca.listener = Listener::Public;
    ca.method = "GET";
    ca.pattern = "/api/v1/ca";
    ca.access = Access::Anyone;
    ca.maxBody = 0;
    ca.summary = "the CA certificate agents pin at enrollment";
    ca.handler = [&api](Request&) { return api.caCertificate(); };
    router.add(std::move(ca));

    Route enroll;
    enroll.listener = Listener::Public;
    enroll.method = "POST";
    enroll.pattern = "/api/v1/enroll";
    enroll.access = Access::Anyone;
    enroll.maxBody = kMaxEnrollBodyBytes;
    enroll.summary = "enroll a device with a one-time token and a certificate request";
    enroll.handler = [&api](Request& r) { return api.enroll(r.body, r.host); };
    router.add(std::move(enroll));
}

void addSyncRoutes(Router& router, SyncApi& api) {
    Route sync;
    sync.listener = Listener::Agent;
    sync.method = "POST";
    sync.pattern = "/api/v1/sync";
    sync.access = Access::Device;
    sync.maxBody = kMaxSyncBodyBytes;
    sync.summary = "store a batch of the device's ledger and answer with the policies";
    sync.handler = [&api](Request& r) { return api.sync(r); };
    router.add(std::move(sync));
}

} // namespace indblik::server
