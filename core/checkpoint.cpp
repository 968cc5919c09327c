#include "checkpoint.h"

#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <vector>

#include "ledger.h"

namespace indblik {
namespace {

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
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Free<EVP_MD_CTX_free>>;

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

std::string base64(const std::vector<unsigned char>& data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(),
                                  static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// Canonical base64 without line breaks only.
bool unbase64(std::string_view text, std::vector<unsigned char>& out) {
    if (text.empty() || text.size() % 4 != 0 || text.size() > kMaxCheckpointSignature) {
        return false;
    }
    const auto isB64 = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/';
    };
    std::size_t pad = 0;
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '=' && pad < 2; --i) {
        ++pad;
    }
    if (!std::all_of(text.begin(), text.end() - static_cast<std::ptrdiff_t>(pad), isB64)) {
        return false;
    }
    out.assign(3 * text.size() / 4, 0);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0) {
        return false;
    }
    out.resize(static_cast<std::size_t>(n) - pad);
    return true;
}

// A private key, a certificate or a public key, whichever the PEM holds.
Result<PkeyPtr> readKey(const std::string& pem, bool wantPrivate) {
    if (wantPrivate) {
        auto bio = memoryBio(pem);
        PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
        if (!key) {
            return sslError("cannot read the private key");
        }
        return key;
    }
    if (pem.find("-----BEGIN CERTIFICATE-----") != std::string::npos) {
        auto bio = memoryBio(pem);
        X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
        if (!cert) {
            return sslError("cannot read the certificate");
        }
        PkeyPtr key(X509_get_pubkey(cert.get()));
        if (!key) {
            return sslError("the certificate has no usable public key");
        }
        return key;
    }
    if (pem.find("PRIVATE KEY-----") != std::string::npos) {
        return readKey(pem, true);
    }
    auto bio = memoryBio(pem);
    PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        return sslError("cannot read the public key");
    }
    return key;
}

bool isLowerHex(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

Result<std::string> checkpointMessage(const std::string& deviceId, const Checkpoint& c) {
    if (deviceId.empty() || deviceId.find('\n') != std::string::npos) {
        return Error{"checkpoint: the device id must be one non-empty line"};
    }
    if (c.seq < 1) {
        return Error{"checkpoint: seq must be 1 or more, got " + std::to_string(c.seq)};
    }
    if (c.head.size() != 64 || !isLowerHex(c.head)) {
        return Error{"checkpoint " + std::to_string(c.seq) +
                     ": head must be 64 lowercase hex digits"};
    }
    if (c.time.empty() || c.time.size() > kMaxCheckpointTime ||
        c.time.find('\n') != std::string::npos) {
        return Error{"checkpoint " + std::to_string(c.seq) +
                     ": time must be one non-empty line of at most 64 characters"};
    }
    std::string m;
    m.reserve(200);
    m.append(kCheckpointDomain).append("\n").append(deviceId).append("\n");
    m.append(std::to_string(c.seq)).append("\n").append(c.head).append("\n").append(c.time);
    return m;
}

Status signCheckpoint(const std::string& privateKeyPem, const std::string& deviceId,
                      Checkpoint& checkpoint) {
    auto message = checkpointMessage(deviceId, checkpoint);
    if (!message) {
        return Error{message.error()};
    }
    auto key = readKey(privateKeyPem, true);
    if (!key) {
        return Error{"cannot sign checkpoint " + std::to_string(checkpoint.seq) + ": " +
                     key.error()};
    }
    MdCtxPtr ctx(EVP_MD_CTX_new());
    std::size_t size = 0;
    if (!ctx ||
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.value().get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size,
                       reinterpret_cast<const unsigned char*>(message->data()),
                       message->size()) != 1) {
        return sslError("cannot sign checkpoint " + std::to_string(checkpoint.seq));
    }
    std::vector<unsigned char> signature(size);
    if (EVP_DigestSign(ctx.get(), signature.data(), &size,
                       reinterpret_cast<const unsigned char*>(message->data()),
                       message->size()) != 1) {
        return sslError("cannot sign checkpoint " + std::to_string(checkpoint.seq));
    }
    signature.resize(size);
    checkpoint.signature = base64(signature);
    return Status::success();
}

Status verifyCheckpoint(const std::string& publicKeyPem, const std::string& deviceId,
                        const Checkpoint& checkpoint) {
    auto message = checkpointMessage(deviceId, checkpoint);
    if (!message) {
        return Error{message.error()};
    }
    const std::string where = "checkpoint " + std::to_string(checkpoint.seq);
    std::vector<unsigned char> signature;
    if (!unbase64(checkpoint.signature, signature)) {
        return Error{where + ": the signature is not canonical base64 of at most " +
                     std::to_string(kMaxCheckpointSignature) + " characters"};
    }
    auto key = readKey(publicKeyPem, false);
    if (!key) {
        return Error{where + ": " + key.error()};
    }
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx ||
        EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.value().get()) != 1) {
        return sslError(where + ": cannot prepare the verification");
    }
    const int ok =
        EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                         reinterpret_cast<const unsigned char*>(message->data()), message->size());
    ERR_clear_error();
    if (ok != 1) {
        return Error{where + ": the signature does not verify with the device's key (signed by "
                             "another key, or device, sequence, head or time changed)"};
    }
    return Status::success();
}

Result<PublicKey> publicKeyOf(const std::string& certOrKeyPem) {
    auto key = readKey(certOrKeyPem, false);
    if (!key) {
        return Error{key.error()};
    }
    BioPtr out(BIO_new(BIO_s_mem()));
    if (!out || PEM_write_bio_PUBKEY(out.get(), key.value().get()) != 1) {
        return sslError("cannot write the public key");
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    PublicKey result;
    result.pem.assign(data, static_cast<std::size_t>(size));
    unsigned char* der = nullptr;
    const int derSize = i2d_PUBKEY(key.value().get(), &der);
    if (derSize <= 0) {
        return sslError("cannot encode the public key");
    }
    result.id = sha256Hex(
        std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(derSize)));
    OPENSSL_free(der);
    return result;
}

} // namespace indblik
