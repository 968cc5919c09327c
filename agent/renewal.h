#pragma once

// Renewing the device's client certificate before it expires, without enrolling again. The
// agent makes a new key and a request for it, asks the server over the agent listener with the
// certificate it has, and installs the new key and certificate so that a kill -9 at any moment
// leaves a working identity: both are written as agent.key.new / agent.crt.new (0600, synced),
// then renamed over the old ones, and recoverRenewal() finishes or discards a renewal a crash
// interrupted. Until the agent first uses the new certificate the server still accepts the old
// one, so a lost answer only means asking again.

#include <cstdint>
#include <string>

#include "pki.h"
#include "result.h"
#include "sync_client.h"

namespace indblik::agent {

// Renewal starts when less than this much of a certificate's lifetime is left, or a third of the
// lifetime when that is less (a certificate valid for 90 s is renewed after 60 s).
inline constexpr std::int64_t kRenewWithinSeconds = std::int64_t{30} * 24 * 3600;

// Seconds from nowEpoch until the certificate is due for renewal (0 or less: due now). Its
// lifetime is counted from when it was issued (notBefore is backdated by pki::kBackdateSeconds).
std::int64_t secondsUntilRenewal(const pki::CertificateInfo& certificate, std::int64_t nowEpoch);

// The current certificate of an identity directory, read from agent.crt.
Result<pki::CertificateInfo> currentCertificate(const std::string& identityDir);

// On start: finishes a renewal whose new key and certificate were both written (and match, and
// verify against the pinned CA), or removes its leftovers. Returns what it did, for the log:
// "" (nothing to do), "finished" or "discarded".
Result<std::string> recoverRenewal(const std::string& identityDir);

struct RenewalOutcome {
    bool renewed = false;
    std::string error;         // when not renewed
    std::string refusalReason; // the server's 403 "reason" ("revoked", "unknown_certificate")
    std::string serial;        // of the new certificate
    std::string expiresAt;     // its notAfter, ISO 8601 UTC
};

// One renewal: new key, request, POST /api/v1/renew through client (which presents the current
// certificate), checks of the answer, and the installation. The caller must make a new
// SyncClient afterwards: client still holds the old certificate.
RenewalOutcome renewCertificate(const std::string& identityDir, SyncClient& client);

} // namespace indblik::agent
