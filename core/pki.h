#pragma once

// The small certificate authority agent and server share: EC P-256 keys, a self-signed CA, the
// server's TLS certificate, and client certificates issued to devices at enrollment. Everything
// goes in and out as PEM text so callers never touch OpenSSL types. Every failure says which
// step failed and, where OpenSSL gave one, its reason.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "result.h"

namespace indblik::pki {

// TLS 1.2 cipher suites both sides offer: forward secret, AEAD only. (TLS 1.3 suites are all
// acceptable and left at OpenSSL's defaults.)
inline constexpr const char* kTlsCipherList =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305";

// A new EC P-256 private key, PEM (PKCS#8, unencrypted: store it with mode 0600).
Result<std::string> generatePrivateKey();

// A self-signed CA certificate for keyPem (basicConstraints CA:TRUE, keyCertSign, cRLSign).
Result<std::string> makeCaCertificate(const std::string& keyPem, const std::string& commonName,
                                      int validDays);

// A TLS server certificate for serverKeyPem signed by the CA, with one subjectAltName per entry
// of names (an IP address becomes an IP entry, anything else a DNS entry; at least one).
Result<std::string> makeServerCertificate(const std::string& caCertPem, const std::string& caKeyPem,
                                          const std::string& serverKeyPem,
                                          const std::string& commonName,
                                          const std::vector<std::string>& names, int validDays);

// A certificate signing request for keyPem with the given subject common name.
Result<std::string> makeCsr(const std::string& keyPem, const std::string& commonName);

// Every certificate's notBefore is this much before it was issued, so a peer whose clock is a
// little behind accepts a fresh one. Its lifetime as issued is notAfter - notBefore - this.
inline constexpr int kBackdateSeconds = 300;

struct IssuedCertificate {
    std::string pem;
    std::string serial;      // lowercase hex, no leading zeros
    std::string fingerprint; // see fingerprintSha256()
    std::string notAfter;    // ISO 8601 UTC, e.g. 2027-01-06T10:00:00Z
};

// Signs a client certificate for the public key in csrPem after checking the request's
// signature (proof the requester holds the key) and the key type (EC P-256/384/521 or RSA of at
// least 2048 bits). Only the key is taken from the request: the subject is CN = deviceId, the
// extended key usage is clientAuth, the serial is random.
Result<IssuedCertificate> signClientCertificate(const std::string& csrPem,
                                                const std::string& caCertPem,
                                                const std::string& caKeyPem,
                                                const std::string& deviceId, int validDays);
// The same with a lifetime in seconds (short-lived certificates for tests of renewal).
Result<IssuedCertificate> signClientCertificate(const std::string& csrPem,
                                                const std::string& caCertPem,
                                                const std::string& caKeyPem,
                                                const std::string& deviceId,
                                                std::chrono::seconds lifetime);

// SHA-256 of the certificate's DER encoding: 64 lowercase hex digits, no colons.
Result<std::string> fingerprintSha256(const std::string& certPem);
// Lowercases and removes ':' and whitespace so "AB:CD..." as printed by openssl compares equal.
std::string normalizeFingerprint(const std::string& fingerprint);

struct CertificateInfo {
    std::string commonName;
    std::string serial; // lowercase hex, no leading zeros
    std::string fingerprint;
    std::int64_t daysLeft = 0;  // whole days until notAfter; negative once it has expired
    std::int64_t notBefore = 0; // seconds since 1970
    std::int64_t notAfter = 0;  // seconds since 1970
};
Result<CertificateInfo> inspectCertificate(const std::string& certPem);
// Seconds since 1970 as ISO 8601 UTC to the second ("2027-01-06T10:00:00Z").
std::string isoTime(std::int64_t epochSeconds);

// Verifies certPem against the single trusted CA certificate caCertPem (signature, validity
// period, and the purpose: "server" or "client").
Status verifyCertificate(const std::string& certPem, const std::string& caCertPem,
                         const std::string& purpose);

// Whether the certificate's subjectAltNames cover a host name or IP address.
bool certificateCoversHost(const std::string& certPem, const std::string& host);
// Whether the certificate carries the public half of keyPem.
bool certificateMatchesKey(const std::string& certPem, const std::string& keyPem);

struct CsrInfo {
    std::string commonName;            // the requested subject's CN ("" when none)
    bool sameKeyAsCertificate = false; // the request's key is the one in certPem
};
// Reads a certificate request without checking its signature (signClientCertificate does);
// with certPem, also compares the request's public key with the certificate's.
Result<CsrInfo> inspectCsr(const std::string& csrPem, const std::string& certPem = {});

// count bytes from the OpenSSL random generator, as lowercase hex (2 * count digits).
Result<std::string> randomHex(std::size_t count);

} // namespace indblik::pki
