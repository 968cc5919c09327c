#pragma once

// TLS inspection: root certificates trusted system-wide that do not come from the distribution.
// Whoever holds such a certificate's key can make certificates for any web site that this
// computer accepts, which is what a TLS-inspecting proxy or security product needs.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

struct CertificateInfo {
    std::string subject; // common name, else organisation, else the whole name
    std::string organization;
    std::string issuer;    // common name, else organisation, else the whole name
    std::string notBefore; // YYYY-MM-DD
    std::string notAfter;
    std::string sha256; // "AB:CD:..." over the DER encoding
    bool ca = false;    // may sign other certificates (X509_check_ca)
};

// Every certificate in data: PEM ("CERTIFICATE" or "TRUSTED CERTIFICATE" blocks, several per
// file) or one DER certificate; at most maxCertificates. Empty when nothing parses.
std::vector<CertificateInfo> parseCertificates(std::string_view data,
                                               std::size_t maxCertificates = 64);

// One finding for a CA certificate trusted because of an administrator's or a product's choice;
// `where` says where it was found (file paths, a policy key). Shared with the browser-policy
// detector for certificates its policies install.
Observation addedRootObservation(const std::string& detector, const CertificateInfo& cert,
                                 const std::vector<std::string>& where);

// Non-distribution CA certificates in /usr/local/share/ca-certificates (recursively, *.crt as
// update-ca-certificates takes them), /etc/ssl/certs (entries that are not links into
// /usr/share/ca-certificates) and /etc/pki/ca-trust/source/anchors (RHEL, Fedora).
std::vector<Observation> detectTlsInspection(const DetectorContext& ctx);

} // namespace indblik::agent
