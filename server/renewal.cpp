#include "renewal.h"

#include <sstream>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "json_reader.h"
#include "ledger.h"
#include "pki.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {

CertificateRenewal::CertificateRenewal(Database& db, std::string caCertPem, std::string caKeyPem,
                                       std::chrono::seconds lifetime)
    : m_db(db), m_caCert(std::move(caCertPem)), m_caKey(std::move(caKeyPem)), m_lifetime(lifetime) {
}

RenewOutcome CertificateRenewal::renew(const std::string& presentedCertPem,
                                       const std::string& csrPem) {
    RenewOutcome outcome;
    const auto refuse = [&outcome](Refusal r, std::string reason, std::string message) {
        outcome.refusal = r;
        outcome.reason = std::move(reason);
        outcome.error = std::move(message);
        return false;
    };
    auto presented = pki::inspectCertificate(presentedCertPem);
    if (!presented) {
        refuse(Refusal::Forbidden, kReasonUnknownCertificate,
               "cannot read the client certificate: " + presented.error());
        return outcome;
    }
    const std::string deviceId = presented->commonName;
    auto csr = pki::inspectCsr(csrPem, presentedCertPem);
    if (!csr) {
        refuse(Refusal::BadRequest, "bad_request", csr.error());
        return outcome;
    }
    if (csr->commonName != deviceId) {
        refuse(Refusal::BadRequest, "bad_request",
               "the certificate request names \"" + csr->commonName.substr(0, 80) +
                   "\", not this device (" + deviceId + ")");
        return outcome;
    }
    if (csr->sameKeyAsCertificate) {
        refuse(Refusal::BadRequest, "bad_request",
               "the certificate request carries the current certificate's key; renew with a new "
               "key");
        return outcome;
    }
    const std::string at = nowIso8601();
    auto status = m_db.write("renew the device's certificate", [&](Poco::Data::Session& s) {
        auto issued = pki::signClientCertificate(csrPem, m_caCert, m_caKey, deviceId, m_lifetime);
        if (!issued) {
            return refuse(Refusal::BadRequest, "bad_request", issued.error());
        }
        // One conditional UPDATE decides, so two renewals racing (even in two server processes)
        // cannot both replace the certificate they started from. Presenting the current
        // certificate makes it the previous one; presenting the previous one (the answer to an
        // earlier renewal was lost, the certificate it carried never used) keeps it so.
        Poco::Data::Statement update(s);
        update << "UPDATE devices SET previous_serial = CASE WHEN cert_serial = $1 THEN "
                  "cert_serial ELSE previous_serial END, cert_serial = $2, cert_fingerprint = $3, "
                  "cert_expires_at = $4, renewed_at = $5 WHERE device_id = $6 AND revoked_at IS "
                  "NULL AND (cert_serial = $1 OR previous_serial = $1)",
            useRef(presented->serial), useRef(issued->serial), useRef(issued->fingerprint),
            useRef(issued->notAfter), useRef(at), useRef(deviceId);
        if (update.execute() == 1) {
            outcome.certificatePem = issued->pem;
            return true;
        }
        std::vector<std::string> serials, previous, revoked;
        s << "SELECT cert_serial, COALESCE(previous_serial, ''), COALESCE(revoked_at, '') FROM "
             "devices WHERE device_id = $1",
            into(serials), into(previous), into(revoked), useRef(deviceId), now;
        const bool known = !serials.empty() && (serials.front() == presented->serial ||
                                                previous.front() == presented->serial);
        if (known && !revoked.front().empty()) {
            return refuse(Refusal::Forbidden, kReasonRevoked,
                          "this device's certificate was revoked at " + revoked.front());
        }
        return refuse(Refusal::Forbidden, kReasonUnknownCertificate,
                      "this client certificate is not the current one of an enrolled device");
    });
    if (!status) {
        refuse(Refusal::Internal, "internal", status.error());
        return outcome;
    }
    if (outcome.refusal != Refusal::None) {
        return outcome;
    }
    ServerStore store(m_db);
    auto device = store.findDevice(deviceId);
    if (!device || !device.value()) {
        refuse(Refusal::Internal, "internal",
               device ? "the renewed device is no longer listed" : device.error());
        return outcome;
    }
    outcome.device = std::move(*device.value());
    return outcome;
}

Reply RenewalApi::renew(const Request& request) {
    auto& log = Poco::Logger::get("indblik.server.renew");
    std::string csr;
    try {
        json::ObjectReader body(json::parse(request.body, kMaxRenewBodyBytes), "$");
        csr = body.string("csr", 16 * 1024);
        body.finish();
    } catch (const json::ParseError& e) {
        return errorReply(400, std::string("renewal request: ") + e.what());
    }
    auto outcome = m_renewal.renew(request.peerCertPem, csr);
    const std::string deviceId = request.caller ? request.caller->deviceId : std::string();
    switch (outcome.refusal) {
    case Refusal::None:
        break;
    case Refusal::Forbidden:
        log.warning("renewal for device %s refused: %s", deviceId, outcome.error);
        return errorReply(403, outcome.error, outcome.reason);
    case Refusal::BadRequest:
        log.warning("renewal for device %s refused: %s", deviceId, outcome.error);
        return errorReply(400, "renewal request: " + outcome.error);
    default:
        log.error("renewal for device %s failed: %s", deviceId, outcome.error);
        return errorReply(500, "cannot renew the certificate");
    }
    log.information("device %s renewed its certificate: serial %s (previous %s), expires %s",
                    outcome.device.id, outcome.device.serial, outcome.device.previousSerial,
                    outcome.device.certExpiresAt);
    Poco::JSON::Object answer;
    answer.set("device_id", outcome.device.id);
    answer.set("certificate", outcome.certificatePem);
    answer.set("expires_at", outcome.device.certExpiresAt);
    std::ostringstream out;
    answer.stringify(out);
    return {200, out.str()};
}

void addRenewalRoutes(Router& router, RenewalApi& api) {
    Route renew;
    renew.listener = Listener::Agent;
    renew.method = "POST";
    renew.pattern = "/api/v1/renew";
    renew.access = Access::Device;
    renew.maxBody = kMaxRenewBodyBytes;
    renew.summary = "renew the device's client certificate for a new key before it expires";
    renew.handler = [&api](Request& r) { return api.renew(r); };
    router.add(std::move(renew));
}

} // namespace indblik::server
