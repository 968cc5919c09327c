#pragma once

// Renewal of a device's client certificate before it expires, without enrolling again. The
// device asks over the agent listener with the certificate it has and a certificate request for
// a new key it made; the server signs a new certificate and, in one transaction, records its
// serial, fingerprint and expiry, keeps the old serial as the device's previous one and notes
// when. The previous certificate stays accepted until the new one is first used (the answer may
// be lost, and the device must be able to ask again with the old one); DeviceAuthenticator
// forgets it then.

#include <chrono>
#include <string>

#include "database.h"
#include "router.h"
#include "server_store.h"

namespace indblik::server {

inline constexpr std::size_t kMaxRenewBodyBytes = std::size_t(64) << 10;

struct RenewOutcome {
    Refusal refusal = Refusal::None;
    // With Forbidden: kReasonRevoked or kReasonUnknownCertificate (router.h).
    std::string reason;
    std::string error;
    Device device; // as recorded after the renewal
    std::string certificatePem;
};

class CertificateRenewal {
public:
    CertificateRenewal(Database& db, std::string caCertPem, std::string caKeyPem,
                       std::chrono::seconds lifetime);

    // presentedCertPem is the client certificate TLS verified; it must be the device's current
    // one, or its previous one while the current one was never used. csrPem must name the
    // device in its CN, carry a key other than the presented certificate's, and verify.
    RenewOutcome renew(const std::string& presentedCertPem, const std::string& csrPem);

private:
    Database& m_db;
    std::string m_caCert;
    std::string m_caKey;
    std::chrono::seconds m_lifetime;
};

// POST /api/v1/renew on the agent listener: {"csr": PEM} -> {"device_id", "certificate",
// "expires_at"}.
class RenewalApi {
public:
    explicit RenewalApi(CertificateRenewal& renewal) : m_renewal(renewal) {}
    Reply renew(const Request& request);

private:
    CertificateRenewal& m_renewal;
};

void addRenewalRoutes(Router& router, RenewalApi& api);

} // namespace indblik::server
