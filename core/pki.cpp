#include "pki.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <ctime>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace indblik::pki {
namespace {

// Every OpenSSL object lives in one of these, so early returns never leak.
template <auto FreeFn>
struct Free {
    template <typename T>
    void operator()(T* p) const {
        FreeFn(p);
    }
};
using BioPtr = std::unique_ptr<BIO, Free<BIO_free_all>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Free<X509_free>>;
using ReqPtr = std::unique_ptr<X509_REQ, Free<X509_REQ_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Free<X509_EXTENSION_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Free<BN_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Free<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Free<X509_STORE_CTX_free>>;
using NamePtr = std::unique_ptr<X509_NAME, Free<X509_NAME_free>>;
void freeOpensslString(char* p) {
    OPENSSL_free(p);
}
using OsslCharPtr = std::unique_ptr<char, Free<freeOpensslString>>;

// Drains OpenSSL's thread-local error queue into the message so the next call starts clean.
Error sslError(const std::string& what) {
    std::string detail;
    while (const unsigned long code = ERR_get_error()) {
        std::array<char, 256> buf{};
        ERR_error_string_n(code, buf.data(), buf.size());
        if (!detail.empty()) {
            detail += "; ";
        }
        detail += buf.data();
    }
    return Error{detail.empty() ? what : what + " (" + detail + ")"};
}

BioPtr memoryBio(const std::string& text) {
    if (text.size() > static_cast<std::size_t>(INT_MAX)) {
        return BioPtr(nullptr);
    }
    return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

Result<PkeyPtr> readPrivateKey(const std::string& pem, const std::string& what) {
    ERR_clear_error();
    auto bio = memoryBio(pem);
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        return sslError("cannot read the " + what + " (expected an unencrypted PEM private key)");
    }
    return key;
}

Result<X509Ptr> readCertificate(const std::string& pem, const std::string& what) {
    ERR_clear_error();
    auto bio = memoryBio(pem);
    X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) {
        return sslError("cannot read the " + what + " (expected a PEM certificate)");
    }
    return cert;
}

Result<std::string> certificatePem(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
        return sslError("cannot encode the certificate as PEM");
    }
    return bioText(bio.get());
}

Status setName(X509_NAME* name, const std::string& commonName) {
    if (commonName.empty() || commonName.size() > 64) {
        return Error{"the common name must be 1 to 64 bytes long"};
    }
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(commonName.c_str()), -1,
                                   -1, 0) != 1) {
        return sslError("cannot set the common name \"" + commonName + "\"");
    }
    return Status::success();
}

// A positive 127-bit random serial: unpredictable, so certificates can't be guessed or collide.
Status setRandomSerial(X509* cert) {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        return sslError("cannot draw random bytes for the serial number");
    }
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01; // never shorter than 16 bytes, never zero
    BnPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert))) {
        return sslError("cannot set the serial number");
    }
    return Status::success();
}

std::int64_t daysToSeconds(int days) {
    return std::int64_t{days} * 24 * 3600;
}

// Seconds since 1970 of an ASN.1 time (0 when it cannot be read).
std::int64_t epochSeconds(const ASN1_TIME* time) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
        return 0;
    }
    return static_cast<std::int64_t>(timegm(&tm));
}

std::string isoTimeOf(std::int64_t epoch) {
    const auto t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

Status setValidity(X509* cert, std::int64_t validSeconds) {
    if (validSeconds < 1 || validSeconds > std::int64_t{3650} * 3 * 24 * 3600) {
        return Error{"validity must be 1 second to 10950 days (got " +
                     std::to_string(validSeconds) + " s)"};
    }
    // Backdated a few minutes so a client whose clock is slightly behind accepts a fresh one.
    if (!X509_gmtime_adj(X509_getm_notBefore(cert), -kBackdateSeconds) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert), static_cast<long>(validSeconds))) {
        return sslError("cannot set the validity period");
    }
    return Status::success();
}

Status addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
        return sslError(std::string("cannot add the extension ") + OBJ_nid2sn(nid) + " = " + value);
    }
    return Status::success();
}

// Fills in everything but extensions and the signature.
Result<X509Ptr> newCertificate(X509_NAME* subject, X509_NAME* issuer, EVP_PKEY* publicKey,
                               std::int64_t validSeconds) {
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
        return sslError("cannot create a certificate");
    }
    if (auto s = setRandomSerial(cert.get()); !s) {
        return Error{s.error()};
    }
    if (auto s = setValidity(cert.get(), validSeconds); !s) {
        return Error{s.error()};
    }
    if (X509_set_subject_name(cert.get(), subject) != 1 ||
        X509_set_issuer_name(cert.get(), issuer) != 1 ||
        X509_set_pubkey(cert.get(), publicKey) != 1) {
        return sslError("cannot set the certificate's names or key");
    }
    return cert;
}

Status addExtensions(X509* cert, X509* issuer,
                     const std::vector<std::pair<int, std::string>>& extensions) {
    for (const auto& [nid, value] : extensions) {
        if (auto s = addExtension(cert, issuer, nid, value); !s) {
            return s;
        }
    }
    return Status::success();
}

Status sign(X509* cert, EVP_PKEY* key) {
    if (X509_sign(cert, key, EVP_sha256()) <= 0) {
        return sslError("cannot sign the certificate");
    }
    return Status::success();
}

std::string toLowerHex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[data[i] >> 4]);
        out.push_back(kDigits[data[i] & 0x0f]);
    }
    return out;
}

std::string serialHex(X509* cert) {
    BnPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (!bn) {
        return {};
    }
    OsslCharPtr hex(BN_bn2hex(bn.get()));
    std::string s = hex ? hex.get() : "";
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

Result<std::string> fingerprintOf(X509* cert) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int size = 0;
    if (X509_digest(cert, EVP_sha256(), md.data(), &size) != 1) {
        return sslError("cannot compute the certificate's SHA-256 fingerprint");
    }
    return toLowerHex(md.data(), size);
}

bool isIpAddress(const std::string& name) {
    ASN1_OCTET_STRING* ip = a2i_IPADDRESS(name.c_str());
    if (ip == nullptr) {
        ERR_clear_error();
        return false;
    }
    ASN1_OCTET_STRING_free(ip);
    return true;
}

bool isDnsName(const std::string& name) {
    if (name.empty() || name.size() > 253 || name.front() == '.' || name.front() == '-') {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '.' || c == '-';
    });
}

Status checkKeyStrength(EVP_PKEY* key) {
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC: {
        std::array<char, 64> group{};
        std::size_t len = 0;
        if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &len) != 1) {
            return sslError("cannot read the EC key's curve");
        }
        const std::string name(group.data(), len);
        if (name != "prime256v1" && name != "secp384r1" && name != "secp521r1") {
            return Error{"the EC key uses the curve " + name + " (accepted: P-256, P-384, P-521)"};
        }
        return Status::success();
    }
    case EVP_PKEY_RSA:
        if (EVP_PKEY_get_bits(key) < 2048) {
            return Error{"the RSA key has " + std::to_string(EVP_PKEY_get_bits(key)) +
                         " bits (at least 2048 are required)"};
        }
        return Status::success();
    default:
        return Error{"the key type is not accepted (use EC P-256 or RSA of 2048 bits or more)"};
    }
}

} // namespace

Result<std::string> generatePrivateKey() {
    ERR_clear_error();
    PkeyPtr key(EVP_EC_gen("P-256"));
    if (!key) {
        return sslError("cannot generate an EC P-256 key");
    }
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
        return sslError("cannot encode the private key as PEM");
    }
    return bioText(bio.get());
}

Result<std::string> makeCaCertificate(const std::string& keyPem, const std::string& commonName,
                                      int validDays) {
    auto key = readPrivateKey(keyPem, "CA private key");
    if (!key) {
        return Error{key.error()};
    }
    NamePtr name(X509_NAME_new());
    if (!name) {
        return sslError("cannot create a name");
    }
    if (auto s = setName(name.get(), commonName); !s) {
        return Error{"CA certificate: " + s.error()};
    }
    auto cert = newCertificate(name.get(), name.get(), key.value().get(), daysToSeconds(validDays));
    if (!cert) {
        return Error{"CA certificate: " + cert.error()};
    }
    X509* c = cert.value().get();
    if (auto s = addExtensions(c, c,
                               {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                {NID_subject_key_identifier, "hash"}});
        !s) {
        return Error{"CA certificate: " + s.error()};
    }
    if (auto s = sign(c, key.value().get()); !s) {
        return Error{"CA certificate: " + s.error()};
    }
    return certificatePem(c);
}

Result<std::string> makeServerCertificate(const std::string& caCertPem, const std::string& caKeyPem,
                                          const std::string& serverKeyPem,
                                          const std::string& commonName,
                                          const std::vector<std::string>& names, int validDays) {
    if (names.empty()) {
        return Error{"server certificate: at least one host name or address is needed"};
    }
    std::string altNames;
    for (const auto& n : names) {
        std::string entry;
        if (isIpAddress(n)) {
            entry = "IP:" + n;
        } else if (isDnsName(n)) {
            entry = "DNS:" + n;
        } else {
            return Error{"server certificate: \"" + n +
                         "\" is neither a host name nor an IP address"};
        }
        altNames += (altNames.empty() ? "" : ",") + entry;
    }
    auto caCert = readCertificate(caCertPem, "CA certificate");
    if (!caCert) {
        return Error{caCert.error()};
    }
    auto caKey = readPrivateKey(caKeyPem, "CA private key");
    if (!caKey) {
        return Error{caKey.error()};
    }
    auto serverKey = readPrivateKey(serverKeyPem, "server private key");
    if (!serverKey) {
        return Error{serverKey.error()};
    }
    NamePtr subject(X509_NAME_new());
    if (!subject) {
        return sslError("cannot create a name");
    }
    if (auto s = setName(subject.get(), commonName); !s) {
        return Error{"server certificate: " + s.error()};
    }
    auto cert = newCertificate(subject.get(), X509_get_subject_name(caCert.value().get()),
                               serverKey.value().get(), daysToSeconds(validDays));
    if (!cert) {
        return Error{"server certificate: " + cert.error()};
    }
    X509* c = cert.value().get();
    if (auto s = addExtensions(c, caCert.value().get(),
                               {{NID_basic_constraints, "critical,CA:FALSE"},
                                {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                                {NID_ext_key_usage, "serverAuth"},
                                {NID_subject_key_identifier, "hash"},
                                {NID_authority_key_identifier, "keyid"},
                                {NID_subject_alt_name, altNames}});
        !s) {
        return Error{"server certificate: " + s.error()};
    }
    if (auto s = sign(c, caKey.value().get()); !s) {
        return Error{"server certificate: " + s.error()};
    }
    return certificatePem(c);
}

Result<std::string> makeCsr(const std::string& keyPem, const std::string& commonName) {
    auto key = readPrivateKey(keyPem, "private key");
    if (!key) {
        return Error{key.error()};
    }
    ReqPtr req(X509_REQ_new());
    if (!req || X509_REQ_set_version(req.get(), 0) != 1) {
        return sslError("cannot create a certificate request");
    }
    if (auto s = setName(X509_REQ_get_subject_name(req.get()), commonName); !s) {
        return Error{"certificate request: " + s.error()};
    }
    if (X509_REQ_set_pubkey(req.get(), key.value().get()) != 1 ||
        X509_REQ_sign(req.get(), key.value().get(), EVP_sha256()) <= 0) {
        return sslError("cannot sign the certificate request");
    }
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509_REQ(bio.get(), req.get()) != 1) {
        return sslError("cannot encode the certificate request as PEM");
    }
    return bioText(bio.get());
}

Result<IssuedCertificate> signClientCertificate(const std::string& csrPem,
                                                const std::string& caCertPem,
                                                const std::string& caKeyPem,
                                                const std::string& deviceId, int validDays) {
    return signClientCertificate(csrPem, caCertPem, caKeyPem, deviceId,
                                 std::chrono::seconds(daysToSeconds(validDays)));
}

Result<IssuedCertificate> signClientCertificate(const std::string& csrPem,
                                                const std::string& caCertPem,
                                                const std::string& caKeyPem,
                                                const std::string& deviceId,
                                                std::chrono::seconds lifetime) {
    ERR_clear_error();
    auto bio = memoryBio(csrPem);
    ReqPtr req(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!req) {
        return sslError("cannot read the certificate request (expected a PEM CERTIFICATE "
                        "REQUEST)");
    }
    EVP_PKEY* requestKey = X509_REQ_get0_pubkey(req.get());
    if (requestKey == nullptr) {
        return sslError("the certificate request carries no usable public key");
    }
    if (X509_REQ_verify(req.get(), requestKey) != 1) {
        return sslError("the certificate request's signature does not verify (the request was "
                        "altered or not made with its key)");
    }
    if (auto s = checkKeyStrength(requestKey); !s) {
        return Error{"certificate request: " + s.error()};
    }
    auto caCert = readCertificate(caCertPem, "CA certificate");
    if (!caCert) {
        return Error{caCert.error()};
    }
    auto caKey = readPrivateKey(caKeyPem, "CA private key");
    if (!caKey) {
        return Error{caKey.error()};
    }
    NamePtr subject(X509_NAME_new());
    if (!subject) {
        return sslError("cannot create a name");
    }
    if (auto s = setName(subject.get(), deviceId); !s) {
        return Error{"client certificate: " + s.error()};
    }
    auto cert = newCertificate(subject.get(), X509_get_subject_name(caCert.value().get()),
                               requestKey, lifetime.count());
    if (!cert) {
        return Error{"client certificate: " + cert.error()};
    }
    X509* c = cert.value().get();
    if (auto s = addExtensions(c, caCert.value().get(),
                               {{NID_basic_constraints, "critical,CA:FALSE"},
                                {NID_key_usage, "critical,digitalSignature"},
                                {NID_ext_key_usage, "clientAuth"},
                                {NID_subject_key_identifier, "hash"},
                                {NID_authority_key_identifier, "keyid"}});
        !s) {
        return Error{"client certificate: " + s.error()};
    }
    if (auto s = sign(c, caKey.value().get()); !s) {
        return Error{"client certificate: " + s.error()};
    }
    auto pem = certificatePem(c);
    if (!pem) {
        return Error{pem.error()};
    }
    auto fingerprint = fingerprintOf(c);
    if (!fingerprint) {
        return Error{fingerprint.error()};
    }
    IssuedCertificate issued;
    issued.pem = std::move(pem).value();
    issued.serial = serialHex(c);
    issued.fingerprint = std::move(fingerprint).value();
    issued.notAfter = isoTimeOf(epochSeconds(X509_get0_notAfter(c)));
    return issued;
}

Result<std::string> fingerprintSha256(const std::string& certPem) {
    auto cert = readCertificate(certPem, "certificate");
    if (!cert) {
        return Error{cert.error()};
    }
    return fingerprintOf(cert.value().get());
}

std::string normalizeFingerprint(const std::string& fingerprint) {
    std::string out;
    for (const unsigned char c : fingerprint) {
        if (c != ':' && std::isspace(c) == 0) {
            out.push_back(static_cast<char>(std::tolower(c)));
        }
    }
    return out;
}

Result<CertificateInfo> inspectCertificate(const std::string& certPem) {
    auto cert = readCertificate(certPem, "certificate");
    if (!cert) {
        return Error{cert.error()};
    }
    CertificateInfo info;
    X509_NAME* subject = X509_get_subject_name(cert.value().get());
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index >= 0) {
        ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
        unsigned char* utf8 = nullptr;
        const int len = ASN1_STRING_to_UTF8(&utf8, data);
        if (len >= 0) {
            info.commonName.assign(reinterpret_cast<const char*>(utf8),
                                   static_cast<std::size_t>(len));
            OPENSSL_free(utf8);
        }
    }
    info.serial = serialHex(cert.value().get());
    auto fingerprint = fingerprintOf(cert.value().get());
    if (!fingerprint) {
        return Error{fingerprint.error()};
    }
    info.fingerprint = std::move(fingerprint).value();
    int days = 0;
    int seconds = 0;
    if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert.value().get())) == 1) {
        info.daysLeft = days;
    }
    info.notBefore = epochSeconds(X509_get0_notBefore(cert.value().get()));
    info.notAfter = epochSeconds(X509_get0_notAfter(cert.value().get()));
    return info;
}

Status verifyCertificate(const std::string& certPem, const std::string& caCertPem,
                         const std::string& purpose) {
    auto cert = readCertificate(certPem, "certificate");
    if (!cert) {
        return Error{cert.error()};
    }
    auto ca = readCertificate(caCertPem, "CA certificate");
    if (!ca) {
        return Error{ca.error()};
    }
    const int purposeId = purpose == "server"   ? X509_PURPOSE_SSL_SERVER
                          : purpose == "client" ? X509_PURPOSE_SSL_CLIENT
                                                : -1;
    if (purposeId < 0) {
        return Error{"unknown certificate purpose \"" + purpose + "\" (use server or client)"};
    }
    StorePtr store(X509_STORE_new());
    StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!store || !ctx || X509_STORE_add_cert(store.get(), ca.value().get()) != 1 ||
        X509_STORE_CTX_init(ctx.get(), store.get(), cert.value().get(), nullptr) != 1 ||
        X509_STORE_CTX_set_purpose(ctx.get(), purposeId) != 1) {
        return sslError("cannot prepare certificate verification");
    }
    if (X509_verify_cert(ctx.get()) != 1) {
        const int err = X509_STORE_CTX_get_error(ctx.get());
        ERR_clear_error();
        return Error{std::string("the certificate does not verify against the CA: ") +
                     X509_verify_cert_error_string(err)};
    }
    return Status::success();
}

bool certificateCoversHost(const std::string& certPem, const std::string& host) {
    auto cert = readCertificate(certPem, "certificate");
    if (!cert) {
        return false;
    }
    X509* c = cert.value().get();
    const bool covered = isIpAddress(host)
                             ? X509_check_ip_asc(c, host.c_str(), 0) == 1
                             : X509_check_host(c, host.c_str(), host.size(), 0, nullptr) == 1;
    ERR_clear_error();
    return covered;
}

bool certificateMatchesKey(const std::string& certPem, const std::string& keyPem) {
    auto cert = readCertificate(certPem, "certificate");
    auto key = readPrivateKey(keyPem, "private key");
    if (!cert || !key) {
        ERR_clear_error();
        return false;
    }
    const bool matches = X509_check_private_key(cert.value().get(), key.value().get()) == 1;
    ERR_clear_error();
    return matches;
}

Result<CsrInfo> inspectCsr(const std::string& csrPem, const std::string& certPem) {
    ERR_clear_error();
    auto bio = memoryBio(csrPem);
    ReqPtr req(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!req) {
        return sslError("cannot read the certificate request (expected a PEM CERTIFICATE "
                        "REQUEST)");
    }
    CsrInfo info;
    X509_NAME* subject = X509_REQ_get_subject_name(req.get());
    const int index = subject ? X509_NAME_get_index_by_NID(subject, NID_commonName, -1) : -1;
    if (index >= 0) {
        ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
        unsigned char* utf8 = nullptr;
        const int len = ASN1_STRING_to_UTF8(&utf8, data);
        if (len >= 0) {
            info.commonName.assign(reinterpret_cast<const char*>(utf8),
                                   static_cast<std::size_t>(len));
            OPENSSL_free(utf8);
        }
    }
    if (!certPem.empty()) {
        auto cert = readCertificate(certPem, "certificate");
        if (!cert) {
            return Error{cert.error()};
        }
        EVP_PKEY* requestKey = X509_REQ_get0_pubkey(req.get());
        EVP_PKEY* certKey = X509_get0_pubkey(cert.value().get());
        info.sameKeyAsCertificate =
            requestKey != nullptr && certKey != nullptr && EVP_PKEY_eq(requestKey, certKey) == 1;
    }
    ERR_clear_error();
    return info;
}

std::string isoTime(std::int64_t epochSeconds) {
    return isoTimeOf(epochSeconds);
}

Result<std::string> randomHex(std::size_t count) {
    if (count == 0 || count > 1024) {
        return Error{"random byte count must be 1 to 1024"};
    }
    std::string bytes(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
        return sslError("cannot draw random bytes");
    }
    return toLowerHex(reinterpret_cast<const unsigned char*>(bytes.data()), count);
}

} // namespace indblik::pki
